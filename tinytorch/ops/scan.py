"""Scans along one dimension: cumsum, cumprod, logcumsumexp, cummax, cummin.

The result has the input's shape; element r is the scan of elements 0..r along ``dim``.
Integer and bool inputs of cumsum/cumprod give int64 (``dtype=`` converts the input first).
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from ..autograd.node import Node
from ..kernels import scan as ks
from .along import SelectAlong
from .reduce import _RETURN_TYPES, _return_type, values_indices
from .shape import cat
from .util import wrap_dim
from .registry import public

_RETURN_TYPES.update({name: _return_type(name) for name in ("cummax", "cummin")})


def reverse_cumsum(g, dim):
    """sum_{j >= i} g_j along ``dim``, on Tensors (recorded)."""
    return g.sum(dim, keepdim=True) - g.cumsum(dim) + g


class CumsumBackward0(Node):
    """out_r = sum_{i<=r} x_i  ->  dx_i = sum_{j>=i} g_j (a reversed cumsum)."""

    def __init__(self, dim, dt):
        self.dim, self.dt = dim, dt

    def forward(self, x):
        return ks.scan(ks.CUMSUM, x, self.dim, self.dt)

    def backward(self, g):
        flip = [slice(None)] * g.ndim
        if g.ndim:
            flip[self.dim] = slice(None, None, -1)
        flip = tuple(flip)
        return (ks.scan(ks.CUMSUM, g[flip], self.dim, g.dtype)[flip],)

    def backward_graph(self, g):
        return (reverse_cumsum(g, self.dim),)


class CumprodBackward0(Node):
    """out_r = prod_{i<=r} x_i  ->  dx_i = sum_{j>=i} g_j prod_{k<=j, k!=i} x_k (exact with zeros).

    Recorded for a second derivative as reversed-cumsum(g * out) / x when x has no zero; with a
    zero, as PyTorch does, by that sum itself, one position i at a time (O(n^2) recorded ops:
    the products before i times the cumulative products after it), written into a zero tensor
    slice by slice."""

    def __init__(self, dim, dt):
        self.dim, self.dt = dim, dt

    def forward(self, x):
        out = ks.scan(ks.CUMPROD, x, self.dim, self.dt)
        self.save_for_backward(x, out)
        return out

    def backward(self, g):
        x, out = self.saved_arrays
        return (ks.cumprod_backward(x, out, g, self.dim),)

    def backward_graph(self, g):
        x, out = self.saved_arrays
        n = x.shape[self.dim] if x.ndim else 1
        if x.size <= 1 or n == 1:
            return (g,)
        xt = self.input_tensor(0, x)
        if x.all():
            return (reverse_cumsum(g * self.output_tensor(out), self.dim) / xt,)
        return (_cumprod_grad_with_zeros(g, xt, self.dim, n),)


def _cumprod_grad_with_zeros(g, x, dim, n):
    """sum_{j>=k} g_j prod_{i<=j, i!=k} x_i for each k along ``dim``, on Tensors."""
    grad = Tensor._make(np.zeros(x.shape, g._data.dtype))
    ones = Tensor._make(np.ones([1 if d == dim else s for d, s in enumerate(x.shape)], x._data.dtype))
    for k in range(n):
        if k == 0:
            omitted = cat([ones, x.narrow(dim, 1, n - 1).cumprod(dim)], dim)
        else:
            before = x.narrow(dim, 0, k).prod(dim, keepdim=True)
            if k == n - 1:
                omitted = before
            else:
                after = x.narrow(dim, k + 1, n - k - 1).cumprod(dim)
                omitted = cat([before, before.expand_as(after) * after], dim)
        grad.select(dim, k).copy_((g.narrow(dim, k, n - k) * omitted).sum(dim))
    return grad


class LogcumsumexpBackward0(Node):
    """out_r = log sum_{i<=r} exp(x_i)  ->  dx_i = sum_{j>=i} g_j exp(x_i - out_j).

    First order by a stable recursion in a kernel; recorded (create_graph) as
    exp(x - c) * reversed-cumsum(g exp(c - out)) with c the row's last out, which overflows
    when out spans more than the dtype's exp range along the row."""

    def __init__(self, dim):
        self.dim = dim

    def forward(self, x):
        out = ks.scan(ks.LOGCUMSUMEXP, x, self.dim, x.dtype)
        self.save_for_backward(x, out)
        return out

    def backward(self, g):
        x, out = self.saved_arrays
        return (ks.logcumsumexp_backward(x, out, g, self.dim),)

    def backward_graph(self, g):
        x, out = self.saved_arrays
        xt, outt = self.input_tensor(0, x), self.output_tensor(out)
        if x.ndim == 0:
            return (g * (xt - outt).exp(),)
        tail = tuple(slice(-1, None) if d == self.dim else slice(None) for d in range(x.ndim))
        last = outt[tail] if x.shape[self.dim] else outt
        return ((xt - last).exp() * reverse_cumsum(g * (last - outt).exp(), self.dim),)


class CummaxBackward0(SelectAlong):
    """values_r = max_{i<=r} x_i at indices_r  ->  g_r is added at x[indices_r]."""

    double_name = "ScatterAddBackward0"
    is_max = True

    def select(self, x):
        return ks.cum_extreme(self.is_max, x, self.dim)


class CumminBackward0(CummaxBackward0):
    """values_r = min_{i<=r} x_i."""

    is_max = False


def _scan_dim(x, dim):
    return wrap_dim(dim, x._data.ndim) if x._data.ndim else _zero_dim(dim)


def _zero_dim(dim):
    wrap_dim(dim, 1)
    return 0


def _int_result(x, dtype):
    if dtype is not None:
        dt = _dtype.to_dtype(dtype)
        if not dt.is_floating_point and x._requires_grad and _enabled[0]:
            raise RuntimeError(f"Autograd not support dtype: {_dtype.SCALAR_NAMES[dt.name]}")
        return x.to(dt), dt.np
    if x._data.dtype.kind in "biu":
        return x, np.dtype(np.int64)
    return x, x._data.dtype


@public(inplace=True, out="dtype")
def cumsum(input, dim, *, dtype=None):
    """Running sums along ``dim``; int/bool give int64 unless ``dtype`` is given."""
    d = _scan_dim(input, dim)
    x, dt = _int_result(input, dtype)
    return CumsumBackward0(d, dt).apply(x)


@public(inplace=True, out="dtype")
def cumprod(input, dim, *, dtype=None):
    """Running products along ``dim``; int/bool give int64 unless ``dtype`` is given."""
    d = _scan_dim(input, dim)
    x, dt = _int_result(input, dtype)
    return CumprodBackward0(d, dt).apply(x)


@public(out="convert")
def logcumsumexp(input, dim):
    """log(cumsum(exp(x))) along ``dim``, computed stably; floating inputs only."""
    d = _scan_dim(input, dim)
    if not input.is_floating_point():
        raise NotImplementedError(
            f"\"logcumsumexp_out_cpu\" not implemented for '{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    return LogcumsumexpBackward0(d).apply(input)


def _cum_extreme(node_cls, name, x, dim):
    d = _scan_dim(x, dim)
    flat = x if x._data.ndim else x.reshape(1)
    node = node_cls(d)
    values = node.apply(flat)
    indices = Tensor._make(node.indices)
    if not x._data.ndim:
        values, indices = values.reshape(()), indices.reshape(())
    return values_indices(values, indices, name)


@public(out="tuple")
def cummax(input, dim):
    """(values, indices): the running max along ``dim`` and where it was (the last of equal ones;
    NaN propagates)."""
    return _cum_extreme(CummaxBackward0, "cummax", input, dim)


@public(out="tuple")
def cummin(input, dim):
    """(values, indices): the running min along ``dim``."""
    return _cum_extreme(CumminBackward0, "cummin", input, dim)
