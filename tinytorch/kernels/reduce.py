"""Reduction kernels over the middle axis of a C-contiguous (A, R, B) block.

Any reduction over a set of dimensions becomes this shape: the Python wrapper moves the
reduced dimensions together (a transpose, copied only when needed) and views the tensor
as (outer A, reduced R, inner B).  Accumulation happens in float64 for floating inputs
and int64 for integers.
"""
import math

import numpy as np

from . import kernel
from .vmath import vexp

SUM, PROD, MAX, MIN, MEAN = range(5)


@kernel
def reduce_kernel(op, x, out):
    """out[a, b] = reduce over r of x[a, r, b]; x (A, R, B), out (A, B) in the accumulation dtype."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            out[a, b] = x[a, 0, b] if R > 0 and (op == MAX or op == MIN) else (1 if op == PROD else 0)
        for r in range(R):
            for b in range(B):
                v = x[a, r, b]
                acc = out[a, b]
                if op == SUM or op == MEAN:
                    out[a, b] = acc + v
                elif op == PROD:
                    out[a, b] = acc * v
                elif op == MAX:
                    if v > acc or v != v:
                        out[a, b] = v
                elif op == MIN:
                    if v < acc or v != v:
                        out[a, b] = v
        if op == MEAN:
            for b in range(B):
                out[a, b] = out[a, b] / R


@kernel
def sum_rows_kernel(x, out, mean):
    """out[a] = sum (or mean, when ``mean``) of x[a, :] for a C-contiguous (A, R) float block:
    the common B == 1 case, accumulated in float64 like ``reduce_kernel`` and rounded once
    to out's dtype (x's) on the store."""
    A, R = x.shape
    for a in range(A):
        acc = np.float64(0.0)  # (a NumPy float, so that 0/0 is nan also under NUMBA_DISABLE_JIT)
        for r in range(R):
            acc += x[a, r]
        out[a] = acc / R if mean else acc


@kernel
def arg_reduce_kernel(is_max, x, values, indices):
    """values[a, b], indices[a, b] = max (or min) of x[a, :, b] and its first position; NaN wins."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            best = x[a, 0, b]
            k = 0
            if best == best:
                for r in range(1, R):
                    v = x[a, r, b]
                    if v != v:
                        best = v
                        k = r
                        break
                    if (is_max and v > best) or (not is_max and v < best):
                        best = v
                        k = r
            values[a, b] = best
            indices[a, b] = k


@kernel
def softmax_kernel(x, out, log, zero):
    """Numerically stable softmax (or log-softmax) of x[a, :, b] along r; float x and out.

    The sum is kept in x's dtype (``zero`` is 0 of that dtype) and log-softmax is
    (x - max) - log(sum), PyTorch's rounding, so float32 results print as PyTorch's do
    (a sum of softmax outputs that rounds to 1 gives a zero gradient, not 1e-10 noise)."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            m = x[a, 0, b]
            for r in range(1, R):
                if x[a, r, b] > m:
                    m = x[a, r, b]
            s = zero
            for r in range(R):
                s += vexp(x[a, r, b] - m)
            if log:
                log_s = np.log(s)
                for r in range(R):
                    out[a, r, b] = (x[a, r, b] - m) - log_s
            else:
                for r in range(R):
                    out[a, r, b] = vexp(x[a, r, b] - m) / s


@kernel
def softmax_backward_kernel(y, g, out, log, zero):
    """softmax: gx = y * (g - sum(g * y));  log_softmax: gx = g - exp(y) * sum(g) (sums in y's dtype)."""
    A, R, B = y.shape
    for a in range(A):
        for b in range(B):
            s = zero
            for r in range(R):
                s += g[a, r, b] if log else g[a, r, b] * y[a, r, b]
            for r in range(R):
                if log:
                    out[a, r, b] = g[a, r, b] - vexp(y[a, r, b]) * s
                else:
                    out[a, r, b] = y[a, r, b] * (g[a, r, b] - s)


@kernel
def logsumexp_kernel(x, out, zero):
    """out[a, b] = log(sum_r exp(x[a, r, b])), stable; -inf rows stay -inf; the sum in x's dtype."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            m = x[a, 0, b]
            for r in range(1, R):
                if x[a, r, b] > m:
                    m = x[a, r, b]
            if np.isinf(m):
                out[a, b] = m
                continue
            s = zero
            for r in range(R):
                s += vexp(x[a, r, b] - m)
            out[a, b] = m + np.log(s)


@kernel
def prod_backward_kernel(x, g, out):
    """out[a, r, b] = g[a, b] * (product of x[a, :, b] without position r); exact with zeros."""
    A, R, B = x.shape
    for a in range(A):
        for b in range(B):
            left = 1.0
            for r in range(R):
                out[a, r, b] = left
                left *= x[a, r, b]
            right = 1.0
            for r in range(R - 1, -1, -1):
                out[a, r, b] = out[a, r, b] * right * g[a, b]
                right *= x[a, r, b]


# ---- Python side: viewing any reduction as (A, R, B) ---------------------------------

def as_block(x, dims):
    """View ``x`` as a C-contiguous (A, R, B) array reducing over the sorted tuple ``dims``.

    Returns (block, kept_shape) where kept_shape is x.shape without ``dims``.
    Copies only when the reduced dimensions are not adjacent or x is not contiguous.
    """
    nd = x.ndim
    if len(dims) == nd and x.flags.c_contiguous:  # a full reduction of contiguous data: a view
        return x.reshape(1, x.size, 1), ()
    kept = [d for d in range(nd) if d not in dims]
    kept_shape = tuple(x.shape[d] for d in kept)
    if dims and dims == tuple(range(dims[0], dims[-1] + 1)):
        lead, tail = dims[0], dims[-1] + 1
    else:
        x = x.transpose(kept + list(dims))
        lead, tail = len(kept), nd
    x = np.ascontiguousarray(x)
    A = int(math.prod(x.shape[:lead]))
    R = int(math.prod(x.shape[lead:tail]))
    B = int(math.prod(x.shape[tail:]))
    return x.reshape(A, R, B), kept_shape


def accumulation_dtype(dt):
    return np.float64 if dt.kind == "f" else np.int64


def broadcast_dims(x):
    """The dimensions along which ``x`` repeats one value (stride 0, size > 1), as ``expand`` makes."""
    if x.size == 0:
        return ()
    return tuple(d for d in range(x.ndim) if x.strides[d] == 0 and x.shape[d] > 1)


def _reduce_broadcast(op, x, dims, out_dt, repeated):
    """``reduce`` of an expanded ``x`` without materialising it: reduce one copy of the repeated
    dimensions (``repeated``), then account for the copies: a sum is multiplied by their count,
    a product raised to that power; mean, max and min are unchanged.  Only the result (PyTorch's
    output size) is allocated."""
    compact = x[tuple(slice(0, 1) if d in repeated else slice(None) for d in range(x.ndim))]
    count = math.prod([x.shape[d] for d in repeated if d in dims])
    if op in (SUM, PROD) and count > 1:
        acc = accumulation_dtype(np.dtype(np.int64) if x.dtype == np.bool_ else x.dtype)
        inner = reduce(op, compact, dims, acc)
        with np.errstate(over="ignore", invalid="ignore"):
            if op == SUM:
                inner = np.multiply(inner, acc(count))
            else:
                inner = np.power(inner, np.int64(count))
    else:
        inner = reduce(op, compact, dims, out_dt)
    kept_shape = tuple(x.shape[d] for d in range(x.ndim) if d not in dims)
    return np.broadcast_to(inner, kept_shape).astype(out_dt)


def reduce(op, x, dims, out_dt):
    """Reduce ``x`` over the sorted tuple ``dims`` (all dims for a full reduction).

    Returns a new array of shape x.shape without dims, NumPy dtype ``out_dt``.  An expanded
    ``x`` (stride-0 dimensions) is never copied out in full.
    """
    rows = (op == SUM or op == MEAN) and x.dtype.kind == "f" and out_dt == x.dtype
    if rows and len(dims) == x.ndim and x.flags.c_contiguous:  # everything: one row, no layout work
        out = np.empty((), x.dtype)
        sum_rows_kernel(x.reshape(1, x.size), out.reshape(1), op == MEAN)
        return out
    repeated = broadcast_dims(x)
    if repeated:
        return _reduce_broadcast(op, x, dims, out_dt, repeated)
    if x.dtype == np.bool_:
        x = x.astype(np.int64)
    block, kept_shape = as_block(x, dims)
    A, R, B = block.shape
    if op in (MAX, MIN):
        out = np.empty((A, B), x.dtype)
        reduce_kernel(op, block, out)
    elif rows and B == 1:
        out = np.empty(A, x.dtype)
        sum_rows_kernel(block.reshape(A, R), out, op == MEAN)
    else:
        out = np.empty((A, B), accumulation_dtype(x.dtype))
        reduce_kernel(op, block, out)
    return out.reshape(kept_shape).astype(out_dt, copy=False)


def arg_reduce(is_max, x, dim):
    """(values, int64 indices) of the max/min along ``dim``; ``dim`` reduced away.

    An expanded ``x`` is reduced over one copy of its repeated dimensions (a repeated ``dim``
    has its first position, 0, as the index); only the results are allocated."""
    repeated = broadcast_dims(x)
    if repeated:
        compact = x[tuple(slice(0, 1) if d in repeated else slice(None) for d in range(x.ndim))]
        values, indices = arg_reduce(is_max, compact, dim)
        kept_shape = x.shape[:dim] + x.shape[dim + 1:]
        return np.broadcast_to(values, kept_shape).copy(), np.broadcast_to(indices, kept_shape).copy()
    block, kept_shape = as_block(x, (dim,))
    A, R, B = block.shape
    if R == 0:  # the kernel reads x[a, 0, b]; the ops layer refuses this with PyTorch's message
        raise IndexError(f"cannot take the max or min over dimension {dim} of size 0")
    values = np.empty((A, B), x.dtype)
    indices = np.empty((A, B), np.int64)
    arg_reduce_kernel(is_max, block, values, indices)
    return values.reshape(kept_shape), indices.reshape(kept_shape)


def _along(x, dim):
    """A C-contiguous (A, R, B) view of x around ``dim``, and x's shape."""
    x = np.ascontiguousarray(x)
    A = int(math.prod(x.shape[:dim]))
    B = int(math.prod(x.shape[dim + 1:]))
    return x.reshape(A, x.shape[dim], B)


def softmax(x, dim, log):
    out = np.empty(x.shape, x.dtype)
    if out.size == 0:  # nothing to compute (and the kernel reads x[a, 0, b])
        return out
    softmax_kernel(_along(x, dim), out.reshape(_along(out, dim).shape), log, x.dtype.type(0))
    return out


def softmax_backward(y, g, dim, log):
    out = np.empty(y.shape, y.dtype)
    if out.size == 0:
        return out
    block = _along(y, dim)
    softmax_backward_kernel(block, _along(g, dim), out.reshape(block.shape), log, y.dtype.type(0))
    return out


def logsumexp(x, dims):
    block, kept_shape = as_block(x, dims)
    out = np.empty((block.shape[0], block.shape[2]), x.dtype)
    if block.shape[1] == 0:  # log of an empty sum (and the kernel reads x[a, 0, b])
        out.fill(-np.inf)
        return out.reshape(kept_shape)
    logsumexp_kernel(block, out, x.dtype.type(0))
    return out.reshape(kept_shape)


def prod_backward(x, g, dims):
    """Gradient of the product over ``dims``: g times the product of all the other elements."""
    block, kept_shape = as_block(x, dims)
    A, R, B = block.shape
    out = np.empty(block.shape, x.dtype)
    prod_backward_kernel(block, np.ascontiguousarray(g, dtype=x.dtype).reshape(A, B), out)
    if not dims or dims == tuple(range(dims[0], dims[-1] + 1)):
        return out.reshape(x.shape)
    order = [d for d in range(x.ndim) if d not in dims] + list(dims)
    return out.reshape([x.shape[d] for d in order]).transpose(np.argsort(order))
