"""Sorting and order statistics along one dimension: sort, argsort, topk, kthvalue, median,
nanmedian, mode, quantile, nanquantile.

NaN is the greatest value everywhere.  Among equal values, sort, argsort, median(dim) and
nanmedian(dim) pick as PyTorch's CPU does (the stable order), kthvalue by the same quickselect,
topk and mode by the same partial sort / nth-element selection / introsort
(``kernels/select.py``).  Two exceptions: nanmedian of an all-NaN row gives the first index, and
topk rows of 100000 or more (which PyTorch splits first) are selected in one piece, so with
equal values their indices may differ from PyTorch's.
"""
import numpy as np

from .._tensor import Tensor
from ..kernels import elementwise as ew
from ..kernels import reduce as kr
from ..kernels import select as kselect
from ..kernels import sort as ks
from .along import SelectAlong, gather_along
from .reduce import _RETURN_TYPES, _return_type, MaxBackward1, values_indices
from .shape import SqueezeBackward4
from .special import lerp
from .util import wrap_dim
from .registry import public

_RETURN_TYPES.update({name: _return_type(name) for name in
                      ("sort", "topk", "kthvalue", "median", "nanmedian", "mode")})


def _dim(x, dim):
    """``dim`` wrapped; a 0-d tensor accepts 0 and -1 (and is treated as one element)."""
    if x._data.ndim == 0:
        wrap_dim(dim, 1)
        return 0
    return wrap_dim(dim, x._data.ndim)


def _no_bool(x, kernel):
    if x._data.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _rowed(node, x):
    """Apply ``node`` to x (a 0-d x as one element); values and the indices tensor."""
    flat = x if x._data.ndim else x.reshape(1)
    values = node.apply(flat)
    indices = node.indices if node.keepdim else np.squeeze(node.indices, node.dim)
    if not x._data.ndim:
        return values.reshape(()), Tensor._make(indices.reshape(()))
    return values, Tensor._make(indices)


# ---- sort / argsort / topk ----------------------------------------------------------------

class SortBackward0(SelectAlong):
    """values = x sorted along dim  ->  g goes back to the positions the values came from."""

    def __init__(self, dim, descending):
        super().__init__(dim)
        self.descending = descending

    def select(self, x):
        return ks.sort(x, self.dim, self.descending)


class SortBackward1(SortBackward0):
    """sort(stable=...)."""


@public(out="tuple")
def sort(input, dim=-1, descending=False, *, stable=None):
    """(values, indices) of the stable sort along ``dim`` (NaN greatest)."""
    d = _dim(input, dim)
    node = (SortBackward0 if stable is None else SortBackward1)(d, bool(descending))
    return values_indices(*_rowed(node, input), "sort")


@public(out="exact")
def argsort(input, dim=-1, descending=False, stable=False):
    """The int64 indices that sort ``input`` along ``dim`` (stable; NaN greatest)."""
    d = _dim(input, dim)
    _, idx = ks.sort(input._data if input._data.ndim else input._data.reshape(1), d, bool(descending))
    return Tensor._make(idx.reshape(input._data.shape))


class TopkBackward0(SelectAlong):
    """values = the k largest (smallest) of x along dim  ->  g goes back to their positions."""

    def __init__(self, dim, largest, k, sort):
        super().__init__(dim)
        self.largest, self.k, self.sort = largest, k, sort

    def select(self, x):
        r, moved = ks.rows(x, self.dim)
        values, indices = kselect.topk(r, self.k, self.largest, self.sort)
        return ks.unrows(values, moved, self.dim, x.ndim), ks.unrows(indices, moved, self.dim, x.ndim)


@public(out="tuple")
def topk(input, k, dim=-1, largest=True, sorted=True):
    """(values, indices) of the ``k`` largest (``largest=False``: smallest) along ``dim`` (NaN the
    largest), in order unless ``sorted=False`` (then in the selection's order, as PyTorch's)."""
    d = _dim(input, dim)
    if input._data.dtype == np.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    size = input._data.shape[d] if input._data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    node = TopkBackward0(d, bool(largest), int(k), bool(sorted))
    return values_indices(*_rowed(node, input), "topk")


# ---- kthvalue / median / nanmedian / mode ----------------------------------------------------

class _StableRank(SelectAlong):
    """values = the element at position ``rank(rows)[n]`` of each row's stable sort along dim."""

    def __init__(self, dim, keepdim, rank):
        super().__init__(dim, keepdim)
        self.rank = rank

    def select(self, x):
        values, indices = ks.sort(x, self.dim, False)
        r, moved = ks.rows(values, self.dim)
        ri, _ = ks.rows(indices, self.dim)
        at = self.rank(r)[:, None]
        return (ks.unrows(np.take_along_axis(r, at, 1), moved, self.dim, x.ndim),
                ks.unrows(np.take_along_axis(ri, at, 1), moved, self.dim, x.ndim))


class KthvalueBackward0(_StableRank):
    """values = the k-th smallest of x along dim, chosen among equal values as PyTorch's
    quickselect does."""

    def select(self, x):
        r, moved = ks.rows(x, self.dim)
        values, indices = ks.kth_select(r, self.rank)
        return (ks.unrows(values[:, None], moved, self.dim, x.ndim),
                ks.unrows(indices[:, None], moved, self.dim, x.ndim))


class MedianBackward1(_StableRank):
    """values = the lower median along dim (NaN if the row has one)."""


class NanmedianBackward1(_StableRank):
    """values = the lower median of the non-NaN values along dim."""


class ModeBackward0(SelectAlong):
    """values = the most frequent value along dim (the smallest of equally frequent ones; NaNs
    never equal), indices = the position of the last copy in PyTorch's (unstable) sort order."""

    def select(self, x):
        r, moved = ks.rows(x, self.dim)
        if r.dtype == np.bool_:
            r = r.view(np.uint8)
        values, indices = kselect.sort_pairs(r)
        m, pos = ks.mode(values, indices)
        return (ks.unrows(m[:, None].astype(x.dtype), moved, self.dim, x.ndim),
                ks.unrows(pos[:, None], moved, self.dim, x.ndim))


def _median_rank(r):
    """Per row: the first NaN's sorted position if there is one, else the lower median's."""
    nans = ks.nan_counts(r)
    n = r.shape[1]
    return np.where(nans > 0, n - nans, (n - 1) // 2)


def _nanmedian_rank(r):
    valid = r.shape[1] - ks.nan_counts(r)
    return np.where(valid > 0, (valid - 1) // 2, 0)


def _check_reduce_dim(x, d, name):
    if x._data.ndim and x._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


@public(out="tuple")
def kthvalue(input, k, dim=-1, keepdim=False):
    """(values, indices): the ``k``-th smallest element along ``dim`` (1-based; NaN greatest)."""
    d = _dim(input, dim)
    _no_bool(input, "kthvalue_cpu")
    _check_reduce_dim(input, d, "kthvalue")
    size = input._data.shape[d] if input._data.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    node = KthvalueBackward0(d, bool(keepdim), int(k) - 1)
    return values_indices(*_rowed(node, input), "kthvalue")


class MedianBackward0(MaxBackward1):
    """out = the lower median of all elements  ->  g shared evenly by the elements equal to it
    (NaN: by the NaNs)."""

    nan_ignored = False

    def forward(self, x):
        r = np.ascontiguousarray(x).reshape(1, -1)
        values, _ = ks.sort(r, 1, False)
        rank = (_nanmedian_rank if self.nan_ignored else _median_rank)(values)[0]
        out = values[0, rank].copy() if values.size else np.array(np.nan, x.dtype)
        self.save_for_backward(x, out)
        return out

    def backward(self, g):
        x, out = self.saved_arrays
        if out != out:
            hit = ew.binary(ew.NE, x, x, x.dtype, g.dtype)
        else:
            hit = ew.binary(ew.EQ, x, out, x.dtype, g.dtype)
        count = kr.reduce(kr.SUM, hit, tuple(range(hit.ndim)), g.dtype)
        return (ew.binary(ew.MUL, hit, ew.binary(ew.DIV, g, count, g.dtype), g.dtype),)


class NanmedianBackward0(MedianBackward0):
    """out = the lower median of the non-NaN elements."""

    nan_ignored = True


def _median(x, dim, keepdim, nan_ignored):
    name = "nanmedian" if nan_ignored else "median"
    _no_bool(x, "median_cpu" if dim is None else "median_out")
    if dim is None:
        return (NanmedianBackward0 if nan_ignored else MedianBackward0)().apply(x)
    d = _dim(x, dim)
    _check_reduce_dim(x, d, name)
    node = (NanmedianBackward1 if nan_ignored else MedianBackward1)(
        d, bool(keepdim), _nanmedian_rank if nan_ignored else _median_rank)
    return values_indices(*_rowed(node, x), name)


@public(out="tuple")
def median(input, dim=None, keepdim=False):
    """The lower median of all elements (NaN if there is one), or (values, indices) along ``dim``."""
    return _median(input, dim, keepdim, False)


@public(out="tuple")
def nanmedian(input, dim=None, keepdim=False):
    """median ignoring NaNs (NaN only where everything is NaN)."""
    return _median(input, dim, keepdim, True)


@public(out="tuple")
def mode(input, dim=-1, keepdim=False):
    """(values, indices): the most frequent value along ``dim`` and its last position."""
    d = _dim(input, dim)
    _check_reduce_dim(input, d, "mode")
    return values_indices(*_rowed(ModeBackward0(d, bool(keepdim)), input), "mode")


# ---- quantile / nanquantile ------------------------------------------------------------------

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(x, q, dim, keepdim, interpolation, nan_ignored):
    name = "quantile"   # (nanquantile's messages say quantile() too)
    if not x.is_floating_point():
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    scalar_q = not isinstance(q, Tensor)
    if scalar_q:
        if not 0 <= q <= 1:
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
        qs = np.array([q], x._data.dtype)
    else:
        if q._data.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q._data.dtype != x._data.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        qs = q._data.reshape(-1)
        if qs.size and not (kr.reduce(kr.MIN, qs, (0,), qs.dtype) >= 0 and kr.reduce(kr.MAX, qs, (0,), qs.dtype) <= 1):
            raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
        scalar_q = q._data.ndim == 0
    if x._data.size == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    shape = x._data.shape
    if dim is None:
        rows = x.reshape(-1)
        kept = (1,) * len(shape) if keepdim else ()
    else:
        d = _dim(x, dim)
        others = [i for i in range(len(shape)) if i != d]
        rows = x.permute(*others, d) if shape else x.reshape(1)
        kept = tuple(1 if i == d else s for i, s in enumerate(shape)) if keepdim else tuple(shape[i] for i in others)
    values = sort(rows, -1).values
    sorted_rows, _ = ks.rows(values._data, values._data.ndim - 1)
    n = sorted_rows.shape[1]
    mode = _INTERPOLATIONS.index(interpolation)
    below, above, weights = ks.quantile_ranks(np.ascontiguousarray(qs), ks.nan_counts(sorted_rows), n, nan_ignored,
                                              mode)
    lead = values._data.shape[:-1]
    pick = lambda r: gather_along(values, r.reshape(lead + (qs.size,)), len(lead))
    out = pick(below)
    if mode in (ks.LINEAR, ks.MIDPOINT):
        out = lerp(out, pick(above), Tensor._make(weights.reshape(lead + (qs.size,))))
    out = out.reshape(kept + (qs.size,)).unsqueeze(0).transpose(0, -1)
    final = out._data.shape[1:-1] if scalar_q else out._data.shape[:-1]
    return SqueezeBackward4(final).apply(out)


@public(out="convert")
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-quantiles (a float, or a 1-D tensor of them: a leading dimension) of ``input``
    (flattened when ``dim`` is None); NaN where a row has a NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, False)


@public(out="convert")
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile ignoring NaNs (NaN where a row is all NaN)."""
    return _quantile(input, q, dim, keepdim, interpolation, True)
