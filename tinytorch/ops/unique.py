"""Counting and searching (none differentiable): unique, unique_consecutive, bincount, histc,
searchsorted, bucketize."""
import numpy as np

from .. import _creation, _dtype
from .._tensor import Tensor
from ..kernels import sort as ks
from ..kernels import reduce as kr
from .util import wrap_dim
from .registry import public


def _results(values, inverse, counts, shape, return_inverse, return_counts):
    out = [Tensor._make(values)]
    if return_inverse:
        out.append(Tensor._make(inverse.reshape(shape)))
    if return_counts:
        out.append(Tensor._make(counts))
    return out[0] if len(out) == 1 else tuple(out)


def _unique_dim(x, dim, sort, return_inverse, return_counts):
    """unique over the slices of x along ``dim`` (each slice one item, compared elementwise)."""
    data = x._data
    d = wrap_dim(dim, data.ndim)
    if data.size == 0 and data.shape[d] != 0:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
    if data.size == 0:
        return _results(data.copy(), np.zeros(0, np.int64), np.zeros(0, np.int64), (0,), return_inverse,
                        return_counts)
    moved = np.moveaxis(data, d, 0)
    rows = np.ascontiguousarray(moved).reshape(moved.shape[0], -1)
    if rows.dtype == np.bool_:
        rows = rows.astype(np.int64)
    starts, inverse, counts = ks.unique_rows(rows, sort)
    values = np.moveaxis(np.ascontiguousarray(moved[starts]), 0, d)
    return _results(np.ascontiguousarray(values), inverse, counts, (data.shape[d],), return_inverse, return_counts)


@public
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values of the flattened input in ascending order (NaNs each distinct), and
    optionally where each element went (``inverse``, input's shape) and how often each occurs.
    With ``dim``: the distinct slices along ``dim`` in lexicographic order (inverse per slice).
    The CPU result is sorted whatever ``sorted`` says, as in PyTorch."""
    if dim is not None:
        return _unique_dim(input, dim, True, return_inverse, return_counts)
    flat = np.ascontiguousarray(input._data).reshape(1, -1)
    values, order = ks.sort(flat, 1, False)
    uniq, inverse, counts = ks.unique_runs(values[0], order[0], False)
    return _results(uniq, inverse, counts, input._data.shape, return_inverse, return_counts)


@public
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """One value per run of equal consecutive elements of the flattened input (with ``dim``:
    one slice per run of equal consecutive slices)."""
    if dim is not None:
        return _unique_dim(input, dim, False, return_inverse, return_counts)
    flat = np.ascontiguousarray(input._data).reshape(-1)
    uniq, inverse, counts = ks.unique_runs(flat, np.arange(flat.size, dtype=np.int64), False)
    return _results(uniq, inverse, counts, input._data.shape, return_inverse, return_counts)


@public
def bincount(input, weights=None, minlength=0):
    """How often each value 0..max occurs in a 1-D non-negative integer tensor (summing
    ``weights`` instead of 1 when given); at least ``minlength`` bins."""
    x = input._data
    if x.dtype.kind not in "iu":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{_dtype.SCALAR_NAMES[x.dtype.name]}'")
    if x.ndim != 1 or x.dtype.kind not in "iu" or (x.size and kr.reduce(kr.MIN, x, (0,), x.dtype) < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    w = None
    if weights is not None:
        w = weights._data
        if w.ndim != 1 or w.shape[0] != x.shape[0]:
            raise RuntimeError("weights should be 1-d and have the same length as input")
    length = max(int(kr.reduce(kr.MAX, x, (0,), x.dtype)) + 1 if x.size else 0, int(minlength))
    if w is None:
        out_dt = np.int64
    else:
        out_dt = np.float32 if w.dtype == np.float32 else np.float64
        w = np.ascontiguousarray(w, out_dt)
    return Tensor._make(ks.bincount(np.ascontiguousarray(x, np.int64), w, length, out_dt))


@public(out="exact")
def histc(input, bins=100, min=0, max=0):
    """Counts of the elements in ``bins`` equal bins over [min, max] (the data's range when
    min == max); elements outside are ignored.  Floating inputs; the result has their dtype."""
    x = input._data
    if x.dtype == np.bool_:   # (PyTorch fails building the bin edges first)
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    if x.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{_dtype.SCALAR_NAMES[x.dtype.name]}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    lo, hi = float(min), float(max)
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    flat = np.ascontiguousarray(x).reshape(-1)
    if lo == hi and flat.size:
        lo = float(kr.reduce(kr.MIN, flat, (0,), flat.dtype))
        hi = float(kr.reduce(kr.MAX, flat, (0,), flat.dtype))
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{lo:g}, {hi:g}] is not finite")
    edges = _creation.linspace(lo, hi, bins + 1, dtype=input.dtype)._data   # PyTorch's rounding of the edges
    return Tensor._make(ks.histc(flat, bins, x.dtype.type(lo), x.dtype.type(hi), edges))


def _side(right, side):
    if side is None:
        return bool(right)
    if side not in ("left", "right"):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
    if right and side == "left":
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                           "while right was True")
    return side == "right"


@public(method=False, out="cast")
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value of ``input``, the index at which it would be inserted in the innermost
    dimension of ``sorted_sequence`` to keep it sorted (after equal values with ``right``)."""
    seq = sorted_sequence._data
    scalar = not isinstance(input, Tensor)
    v = np.array(input, seq.dtype) if scalar else input._data
    is_right = _side(right, side)
    if seq.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if sorter is not None:
        if sorter._data.shape != seq.shape:
            raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(seq.shape)}and got sorter tensor {list(sorter._data.shape)}")
        seq = np.take_along_axis(seq, sorter._data, -1)
    if seq.ndim > 1 and (scalar or v.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries "
            "tensor and input value tensor must match, but we got boundaries tensor "
            f"{list(seq.shape)} and input value tensor {list(v.shape)}")
    if seq.dtype == np.bool_ or v.dtype == np.bool_:
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    dt = np.result_type(seq.dtype, v.dtype)
    seq_rows = np.ascontiguousarray(seq, dt).reshape(-1, seq.shape[-1])
    v_rows = np.ascontiguousarray(v, dt).reshape(seq_rows.shape[0], -1)
    out = ks.searchsorted(seq_rows, v_rows, is_right).reshape(v.shape)
    return Tensor._make(out.astype(np.int32) if out_int32 else out)


@public(method=False, out="cast")
def bucketize(input, boundaries, *, out_int32=False, right=False):
    """searchsorted of ``input`` in the 1-D ``boundaries``."""
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
