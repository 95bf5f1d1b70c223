"""Reductions built on the basic ones: nansum, nanmean, count_nonzero, aminmax, var_mean,
std_mean.

Ops that return two results (aminmax, var_mean) record one node per result, each named as
PyTorch's single node (``AminmaxBackward0``, ``VarMeanBackward0``): the engine adds their
gradients, which is the chain rule for the two-output node.
"""
import collections

import numpy as np

from .. import _dtype, _printing
from .._tensor import Tensor
from ..autograd.node import Node
from ..kernels import elementwise as ew
from ..kernels import reduce as kr
from .reduce import (AmaxBackward0, AminBackward0, MeanBackward0, StdBackward0, VarBackward0, _amax_amin,
                     _reduce_args, _var_args, expand_back, keep, spread)
from .util import wrap_dims
from .registry import public


class NansumBackward0(Node):
    """out = sum of the non-NaN elements over dims  ->  d/dx = 1 where x is not NaN, else 0."""

    def __init__(self, dims, keepdim, dt):
        self.dims, self.keepdim, self.dt = dims, keepdim, dt

    def forward(self, x):
        self.shape = x.shape
        if x.dtype.kind == "f":
            self.kept = ew.binary(ew.EQ, x, x, x.dtype, x.dtype)   # 1 where not NaN
            x = ew.where(ew.binary(ew.NE, x, x, x.dtype, np.bool_), np.zeros((), x.dtype), x, x.dtype)
        else:
            self.kept = np.ones((), x.dtype)
        return keep(kr.reduce(kr.SUM, x, self.dims, self.dt), self.shape, self.dims, self.keepdim)

    def backward(self, g):
        spread_g = expand_back(g, self.shape, self.dims)
        return (ew.binary(ew.MUL, spread_g, self.kept, g.dtype),)

    def backward_graph(self, g):
        return (spread(g, self.shape, self.dims) * Tensor._make(self.kept.astype(g._data.dtype)),)


@public(out="dtype")
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """sum treating NaN as 0 (int/bool give int64 unless ``dtype``)."""
    dims, keepdim, out_dt, x = _reduce_args(input, dim, keepdim, dtype)
    return NansumBackward0(dims, keepdim, out_dt.np).apply(x)


def _not_nan_count(x, dims, keepdim):
    """How many non-NaN elements each reduction over ``dims`` sees (int64 Tensor)."""
    hits = ew.binary(ew.EQ, x._data, x._data, x._data.dtype, np.bool_)
    return Tensor._make(keep(kr.reduce(kr.SUM, hits, dims, np.int64), x._data.shape, dims, keepdim))


@public(out="convert")
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """mean of the non-NaN elements: nansum / their count (NaN where there is none)."""
    if not input.is_floating_point():
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{_dtype.SCALAR_NAMES[input._data.dtype.name]}")
    x = input if dtype is None else input.to(_dtype.to_dtype(dtype))
    dims = wrap_dims(dim, x._data.ndim)
    return nansum(x, dim, keepdim) / _not_nan_count(x, dims, bool(keepdim))


@public
def count_nonzero(input, dim=None):
    """How many elements are nonzero (over ``dim``: an int or a tuple of ints), int64."""
    dims = wrap_dims(dim, input._data.ndim)
    data = input._data
    hits = ew.binary(ew.NE, data, np.zeros((), data.dtype), data.dtype, np.bool_)
    return Tensor._make(kr.reduce(kr.SUM, hits, dims, np.int64))


# ---- aminmax --------------------------------------------------------------------------

class _MinMax(collections.namedtuple("_MinMax", ["min", "max"])):
    """What ``aminmax`` returns: prints as ``tinytorch.return_types.aminmax(min=..., max=...)``."""

    __slots__ = ()

    def __repr__(self):
        return f"{_printing.MODULE_NAME}.return_types.aminmax(\nmin={self.min!r},\nmax={self.max!r})"

    __str__ = __repr__


aminmax_type = type("aminmax", (_MinMax,), {"__slots__": (), "__module__": "tinytorch.return_types"})
_AminmaxMin = type("AminmaxBackward0", (AminBackward0,), {"__doc__": "The min of aminmax (as amin)."})
_AminmaxMax = type("AminmaxBackward0", (AmaxBackward0,), {"__doc__": "The max of aminmax (as amax)."})


@public(out="tuple")
def aminmax(input, *, dim=None, keepdim=False):
    """(min, max) over everything or over ``dim``, each with amin/amax's gradient."""
    if dim is None:
        if input._data.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        if keepdim:
            dims = tuple(range(input._data.ndim))
            lo = _AminmaxMin(dims, True, input._data.dtype).apply(input)
            hi = _AminmaxMax(dims, True, input._data.dtype).apply(input)
            return aminmax_type(lo, hi)
    elif input._data.ndim and input._data.shape[wrap_dims(dim, input._data.ndim)[0]] == 0:
        raise IndexError(f"aminmax: Expected reduction dim {dim} to have non-zero size.")
    d = () if dim is None else dim
    return aminmax_type(_amax_amin(_AminmaxMin, "aminmax", input, d, keepdim),
                        _amax_amin(_AminmaxMax, "aminmax", input, d, keepdim))


# ---- var_mean / std_mean ----------------------------------------------------------------

class VarMeanBackward0(VarBackward0):
    """The var of var_mean (as var)."""


class StdMeanBackward0(StdBackward0):
    """The std of std_mean (as std)."""


_VarMeanMean = type("VarMeanBackward0", (MeanBackward0,), {"__doc__": "The mean of var_mean (as mean)."})
_StdMeanMean = type("StdMeanBackward0", (MeanBackward0,), {"__doc__": "The mean of std_mean (as mean)."})


def _stat_mean(first, second, input, dim, unbiased, keepdim, correction):
    if not input.is_floating_point():
        raise RuntimeError(f"{first.__name__[:-len('MeanBackward0')].lower()}_mean only support floating point and "
                           "complex dtypes")
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    dims, correction, keepdim = _var_args(input, dim, unbiased, correction, keepdim)
    stat = first(dims, correction, keepdim).apply(input)
    mean = second(dims, keepdim, input._data.dtype).apply(input)
    return stat, mean


@public(method=False)
def var_mean(input, dim=None, unbiased=None, keepdim=False, correction=None):
    """(var, mean) over ``dim`` (a plain tuple, as PyTorch returns)."""
    return _stat_mean(VarMeanBackward0, _VarMeanMean, input, dim, unbiased, keepdim, correction)


@public(method=False)
def std_mean(input, dim=None, unbiased=None, keepdim=False, correction=None):
    """(std, mean) over ``dim``."""
    return _stat_mean(StdMeanBackward0, _StdMeanMean, input, dim, unbiased, keepdim, correction)
