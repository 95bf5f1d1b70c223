"""Scans along the middle axis of a C-contiguous (A, R, B) block: cumsum, cumprod,
logcumsumexp, cummax/cummin (with the position of the running extreme), and the
first-order backward of cumprod and logcumsumexp.

The running value lives in ``acc``, one slot per b (float64 for floating inputs, int64 for
integers, as PyTorch's CPU scans accumulate), and is rounded to out's dtype on each store.
"""
import math

import numpy as np

from . import kernel

CUMSUM, CUMPROD, LOGCUMSUMEXP = range(3)


@kernel
def _log_add_exp(a, b):
    if math.isinf(a) and a == b:
        return a
    m = max(a, b) if a == a and b == b else a + b
    return m + math.log1p(math.exp(-abs(a - b)))


@kernel
def scan_kernel(op, x, out, acc):
    """out[a, r, b] = (x[a, 0, b] op ... op x[a, r, b]); acc (B,) holds the running values."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            acc[b] = 1 if op == CUMPROD else (-np.inf if op == LOGCUMSUMEXP else 0)
        for r in range(R):
            for b in range(B):
                v = x[a, r, b]
                if op == CUMSUM:
                    acc[b] = acc[b] + v
                elif op == CUMPROD:
                    acc[b] = acc[b] * v
                else:
                    acc[b] = _log_add_exp(acc[b], v)
                out[a, r, b] = acc[b]


@kernel
def cum_extreme_kernel(is_max, x, values, indices):
    """Running max (min) of x[a, :r+1, b] and its position: a later equal value or a NaN takes
    over (PyTorch's ``>=`` rule), and once NaN the value stays NaN."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            best = x[a, 0, b]
            k = 0
            for r in range(R):
                v = x[a, r, b]
                if v != v or (v >= best if is_max else v <= best):
                    best = v
                    k = r
                values[a, r, b] = best
                indices[a, r, b] = k


@kernel
def cumprod_backward_kernel(x, out, g, gx):
    """gx_i = sum_{j>=i} g_j prod_{k<=j, k!=i} x_k = out_{i-1} S_i with S_i = g_i + x_{i+1} S_{i+1};
    exact with zeros (no division)."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            s = 0.0
            for r in range(R - 1, -1, -1):
                s = g[a, r, b] + (x[a, r + 1, b] * s if r + 1 < R else 0.0)
                gx[a, r, b] = s * (out[a, r - 1, b] if r > 0 else 1.0)


@kernel
def logcumsumexp_backward_kernel(x, out, g, gx):
    """gx_i = sum_{j>=i} g_j exp(x_i - out_j) = exp(x_i - out_i) T_i with
    T_i = g_i + exp(out_i - out_{i+1}) T_{i+1}: every factor is at most 1 (out is nondecreasing)."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            t = 0.0
            for r in range(R - 1, -1, -1):
                step = 0.0
                if r + 1 < R:
                    step = 1.0 if out[a, r + 1, b] == -np.inf else math.exp(out[a, r, b] - out[a, r + 1, b])
                t = g[a, r, b] + step * t
                gx[a, r, b] = 0.0 if x[a, r, b] == -np.inf else math.exp(x[a, r, b] - out[a, r, b]) * t


# ---- Python side --------------------------------------------------------------------

def along(x, dim):
    """A C-contiguous (A, R, B) copy or view of ``x`` around ``dim``."""
    x = np.ascontiguousarray(x)
    if x.ndim == 0:
        return x.reshape(1, 1, 1)
    A = int(math.prod(x.shape[:dim]))
    B = int(math.prod(x.shape[dim + 1:]))
    return x.reshape(A, x.shape[dim], B)


def scan(op, x, dim, out_dt):
    """The scan ``op`` of ``x`` along ``dim``, as an array of NumPy dtype ``out_dt``."""
    block = along(x.astype(np.int64) if x.dtype == np.bool_ else x, dim)
    out = np.empty(x.shape, out_dt)
    acc = np.empty(block.shape[2], np.float64 if block.dtype.kind == "f" else np.int64)
    scan_kernel(op, block, out.reshape(block.shape), acc)
    return out


def cum_extreme(is_max, x, dim):
    """(values, int64 indices) of the running max (min) along ``dim``."""
    block = along(x, dim)
    values = np.empty(x.shape, x.dtype)
    indices = np.empty(x.shape, np.int64)
    if x.size:
        cum_extreme_kernel(is_max, block, values.reshape(block.shape), indices.reshape(block.shape))
    return values, indices


def cumprod_backward(x, out, g, dim):
    block = along(x, dim)
    gx = np.empty(block.shape, g.dtype)
    cumprod_backward_kernel(block, along(out, dim), along(g, dim), gx)
    return gx.reshape(x.shape)


def logcumsumexp_backward(x, out, g, dim):
    block = along(x, dim)
    gx = np.empty(block.shape, g.dtype)
    logcumsumexp_backward_kernel(block, along(out, dim), along(g, dim), gx)
    return gx.reshape(x.shape)
