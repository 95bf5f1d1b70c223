"""Indexing: ``x[index]`` (views for basic indices, gathers for advanced ones) and
``x[index] = value``.

Indices are checked and converted to NumPy indices here, so a bad index is an
``IndexError`` before any memory is touched.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd.function import Function
from ..kernels import index as ki
from .util import sum_to


def to_numpy_index(index):
    """Convert a user index (ints, slices, None, Ellipsis, lists, tensors) to NumPy's form.

    Returns (numpy_index, is_advanced).
    """
    if not isinstance(index, tuple):
        index = (index,)
    out, advanced = [], False
    for item in index:
        if isinstance(item, Tensor):
            arr = item._data
            if arr.dtype.kind not in "biu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if arr.dtype == np.uint8:
                arr = arr.astype(np.bool_)
            if arr.ndim == 0 and arr.dtype != np.bool_:
                out.append(int(arr))
                continue
            out.append(arr)
            advanced = True
        elif isinstance(item, (list, np.ndarray)):
            arr = np.asarray(item)
            if arr.size and arr.dtype.kind not in "biu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            out.append(arr.astype(np.int64) if arr.dtype.kind != "b" else arr)
            advanced = True
        elif isinstance(item, bool) or isinstance(item, np.bool_):
            out.append(bool(item))
            advanced = True
        elif isinstance(item, (int, np.integer)):
            out.append(int(item))
        elif item is None or item is Ellipsis or isinstance(item, slice):
            if isinstance(item, slice) and item.step is not None and item.step <= 0:
                raise ValueError("step must be greater than zero")
            out.append(item)
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                f"valid indices (got {type(item).__name__})")
    return tuple(out), advanced


def _numpy_indexing(data, index):
    """data[index] with NumPy's IndexError rephrased as PyTorch's."""
    try:
        return data[index]
    except IndexError as e:
        msg = str(e).replace("axis", "dimension")
        raise IndexError(msg) from None


def _basic_name(index):
    """PyTorch's node name for a basic index: that of the last component it applies."""
    for item in reversed(index):
        if item is Ellipsis or (isinstance(item, slice) and item == slice(None)):
            continue
        if item is None:
            return "UnsqueezeBackward0"
        if isinstance(item, int):
            return "SelectBackward0"
        return "SliceBackward0"
    return "AliasBackward0"


class SliceBackward0(Function):
    """out = x[basic index] (a view)  ->  the gradient placed back at those positions."""

    is_view = True

    def __init__(self, index):
        self.index = index

    def forward(self, x):
        self.shape = x.shape
        return _numpy_indexing(x, self.index)

    def backward(self, g):
        out = np.zeros(self.shape, g.dtype)
        out[self.index] = g
        return (out,)


class SelectBackward0(SliceBackward0):
    pass


class UnsqueezeBackward0(SliceBackward0):
    pass


class AliasBackward0(SliceBackward0):
    pass


_BASIC = {c.__name__: c for c in (SliceBackward0, SelectBackward0, UnsqueezeBackward0, AliasBackward0)}


class IndexBackward0(Function):
    """out = x[advanced index] (a gather, a copy)  ->  the gradient scatter-added back
    (an element read twice receives both gradients)."""

    def __init__(self, index):
        self.index = index

    def forward(self, x):
        self.shape = x.shape
        return _numpy_indexing(x, self.index)

    def backward(self, g):
        return (ki.index_backward(self.shape, self.index, g),)


def getitem(x, index):
    np_index, advanced = to_numpy_index(index)
    if advanced:
        return IndexBackward0(np_index).apply(x)
    return _BASIC[_basic_name(np_index)](np_index).apply(x)


class CopySlices(Function):
    """out = x with out[index] = value  ->  x gets the gradient outside ``index``, value the
    gradient inside it (summed over any broadcasting of value)."""

    def __init__(self, index):
        self.index = index

    def forward(self, x, value):
        self.value_meta = (value.shape, value.dtype)
        out = x.copy()
        out[self.index] = value
        return out

    def backward(self, g):
        gx = None
        if self.needs_input_grad(0):
            gx = g.copy()
            gx[self.index] = 0
        gv = None
        if self.needs_input_grad(1):
            picked = g[self.index]
            shape, dt = self.value_meta
            gv = sum_to(np.ascontiguousarray(picked), shape, dt) if picked.shape != shape else picked.astype(dt)
        return gx, gv


def setitem(x, index, value):
    from . import inplace
    from .util import as_tensor, is_scalar

    np_index, _ = to_numpy_index(index)
    if not (isinstance(value, Tensor) or is_scalar(value)):
        value = Tensor._make(np.asarray(value, dtype=x._data.dtype))
    value = as_tensor(value, x.dtype)
    target_shape = _numpy_indexing(x._data, np_index).shape
    try:
        np.broadcast_shapes(value._data.shape, target_shape)
    except ValueError:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(value._data.shape)} cannot be broadcast to "
            f"indexing result of shape {list(target_shape)}") from None
    inplace.apply_inplace(x, lambda old: CopySlices(np_index).apply(old, value), (value,))
