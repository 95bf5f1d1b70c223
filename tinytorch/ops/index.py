"""Indexing: ``x[index]`` (views for basic indices, gathers for advanced ones) and
``x[index] = value``.

Indices are checked and converted to NumPy indices here, so a bad index is an
``IndexError`` before any memory is touched.
"""

import warnings

import numpy as np

from .. import _checks, _dtype
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import FormulaNode, Node, SparseGrad, _sum_to_tensor
from ..autograd.grad_mode import _enabled
from ..autograd.views import AsStridedBackward0, rebase_view, view_positions  # noqa: F401
from ..kernels import index as ki
from .shape import reshape
from .util import as_tensor, is_scalar, sum_to


def _sequence_as_tuple(index):
    """PyTorch's reading of a list index: a short list (under 32 items) holding a sequence, a
    tensor, a slice, None or ... is a tuple of indices (``x[[[0, 1], [1, 0]]]`` is
    ``x[[0, 1], [1, 0]]``); any other list is one index tensor."""
    if not isinstance(index, list) or len(index) >= 32:
        return False
    return any(item is None or item is Ellipsis or isinstance(item, (slice, Tensor, list, tuple, np.ndarray))
               for item in index)


def to_numpy_index(index):
    """Convert a user index (ints, slices, None, Ellipsis, lists, tensors) to NumPy's form.

    Returns (numpy_index, is_advanced).
    """
    if _sequence_as_tuple(index):
        warnings.warn("Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in "
                      "pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as "
                      "tensor index, x[torch.tensor(seq)], which will result either in an error or a different "
                      "result", UserWarning, stacklevel=4)
        index = tuple(index)
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
        elif isinstance(item, (list, np.ndarray, range)):
            arr = np.asarray(item)
            if arr.size and arr.dtype.kind not in "biu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            out.append(arr.astype(np.int64) if arr.dtype.kind != "b" else arr)
            advanced = True
        elif isinstance(item, bool) or isinstance(item, np.bool_):
            out.append(bool(item))
            advanced = True
        elif isinstance(item, (int, np.integer)):
            out.append(_checks.int64(item))   # beyond int64: PyTorch's ValueError, not an IndexError
        elif item is None or item is Ellipsis or isinstance(item, slice):
            if isinstance(item, slice) and item.step is not None and item.step <= 0:
                raise ValueError("slice step cannot be zero" if item.step == 0 else "step must be greater than zero")
            out.append(item)
        elif isinstance(item, str):   # PyTorch reads a string as data for a new index tensor
            raise TypeError("new(): invalid data type 'str'")
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                f"valid indices (got {type(item).__name__})")
    return tuple(out), advanced


def split_selects(index):
    """PyTorch applies the integers of an index that also has advanced items as selects
    first, so they neither count as advanced indices nor keep advanced ones apart (NumPy
    would broadcast them with the index arrays: ``x[0, :, [1, 0]]`` has shape (3, 2) for
    x of shape (2, 3, 2) in PyTorch, (2, 3) in NumPy).

    Returns None when there is nothing to split, else (basic, rest): ``basic`` holds the
    integers and slices (full slices elsewhere), ``rest`` the remaining items for the result.
    """
    if not any(type(i) is int for i in index):
        return None
    basic, rest = [], []
    for item in index:
        if type(item) is int:
            basic.append(item)
        elif isinstance(item, slice):
            basic.append(item)
            rest.append(slice(None))
        elif item is None or type(item) is bool:
            rest.append(item)
        elif item is Ellipsis:
            basic.append(item)
            rest.append(item)
        else:   # an index array: a bool mask consumes one dimension per mask dimension
            basic.extend([slice(None)] * (item.ndim if item.dtype == np.bool_ else 1))
            rest.append(item)
    return tuple(basic), tuple(rest)


def _numpy_indexing(data, index):
    """data[index] with NumPy's IndexError rephrased as PyTorch's."""
    try:
        return data[index]
    except IndexError as e:
        if str(e).startswith("too many indices"):
            raise IndexError(f"too many indices for tensor of dimension {data.ndim}") from None
        if str(e).startswith("shape mismatch: indexing arrays"):
            shapes = ", ".join(str(list(np.shape(i))) for i in index if isinstance(i, np.ndarray))
            raise IndexError(f"shape mismatch: indexing tensors could not be broadcast together with shapes "
                             f"{shapes}") from None
        raise IndexError(str(e).replace("axis", "dimension")) from None


# ---- basic indexing: one view node per component, as PyTorch records it ---------------------

class SliceBackward0(Node):
    """out = x[..., start:stop:step, ...] along ``dim`` (a view)  ->  the gradient placed back
    at those positions, zeros elsewhere."""

    is_view = True

    def __init__(self, dim, item):
        # the trailing ... keeps a selected single element a 0-d view, not a NumPy scalar copy
        self.key = (slice(None),) * dim + (item, Ellipsis)

    def forward(self, x):
        self.shape = x.shape
        return x[self.key]

    def backward(self, g):
        return (SparseGrad(self.shape, self.key, g),)   # zeros except at the slice (the engine sums)

    def backward_graph(self, g):
        """The same placement as a recorded op (``<Name>BackwardBackward0``), differentiable again."""
        return (_placement_node(type(self).__name__)(self.shape, self.key).apply(g),)


class _PlaceInZeros(FormulaNode):
    """out = zeros of ``shape`` with g at ``key``: a view's backward, recorded  ->  d/dg = G[key]."""

    grads = (lambda n, G: G[n.key],)

    def __init__(self, shape, key):
        self.shape, self.key = shape, key

    def forward(self, g):
        self.in_meta = ((g.shape, g.dtype),)
        out = np.zeros(self.shape, g.dtype)
        out[self.key] = g
        return out


_PLACEMENT_NODES = {}


def _placement_node(view_node_name):
    """The node class PyTorch names after the view's own (SliceBackward0 -> SliceBackwardBackward0)."""
    cls = _PLACEMENT_NODES.get(view_node_name)
    if cls is None:
        name = view_node_name[:-1] + "Backward0"
        cls = _PLACEMENT_NODES[view_node_name] = type(name, (_PlaceInZeros,), {"__module__": __name__})
    return cls


class SelectBackward0(SliceBackward0):
    """out = x[..., i, ...] along ``dim`` (a view without that dimension)."""


class UnsqueezeBackward0(SliceBackward0):
    """out = x[..., None, ...]: a new size-1 dimension at ``dim``."""


class AliasBackward0(SliceBackward0):
    """out = x[...] or x[:, :]: the same elements (a view)."""

    def __init__(self):
        self.key = (Ellipsis,)   # a view even of a 0-d tensor (``a[()]`` would be a NumPy scalar)


def _basic_steps(shape, index, single):
    """The view nodes that apply the basic ``index`` to a tensor of ``shape``, in order.

    Full slices and ``...`` need no node (except a lone ``x[:]``, which PyTorch records);
    ints are checked against their dimension first, so a bad one is an IndexError naming it.
    """
    n_dims = sum(1 for i in index if i is not None and i is not Ellipsis)
    if n_dims > len(shape):
        if len(shape) == 0 and n_dims:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                             "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    steps, src, dim = [], 0, 0   # src: dimension of the original tensor; dim: of the current result
    for item in index:
        if item is Ellipsis:
            skip = len(shape) - n_dims
            src, dim = src + skip, dim + skip
        elif item is None:
            steps.append(UnsqueezeBackward0(dim, None))
            dim += 1
        elif isinstance(item, int):
            size = shape[src]
            if not -size <= item < size:
                raise IndexError(f"index {item} is out of bounds for dimension {src} with size {size}")
            steps.append(SelectBackward0(dim, item % size))
            src += 1
        else:   # PyTorch skips a slice that is written as full (0 or no start, no step), not one that
            # only turns out full (x[0, -2:] on a size-1 dimension is recorded)
            if single or item.start not in (None, 0) or item.step not in (None, 1) or (
                    item.stop is not None and item.stop < shape[src]):
                steps.append(SliceBackward0(dim, item))
            src, dim = src + 1, dim + 1
    return steps or [AliasBackward0()]


class IndexBackward0(Node):
    """out = x[advanced index] (a gather, a copy)  ->  the gradient scatter-added back
    (an element read twice receives both gradients)."""

    def __init__(self, index):
        self.index = index

    def forward(self, x):
        self.shape = x.shape
        return _numpy_indexing(x, self.index)

    def backward(self, g):
        return (ki.index_backward(self.shape, self.index, g),)

    def backward_graph(self, g):
        """The scatter-add of g, recorded (PyTorch's node name); its transpose is this gather."""
        return (double_backward.record("IndexPutImplBackward0", g, lambda a: self.backward(a)[0],
                                       lambda v: IndexBackward0(self.index).apply(v)),)


def getitem(x, index):
    np_index, advanced = to_numpy_index(index)
    if advanced:
        split = split_selects(np_index)
        if split is not None:
            basic, np_index = split
            for node in _basic_steps(x._data.shape, basic, single=False):
                if type(node) is not AliasBackward0:
                    x = node.apply(x)
        return IndexBackward0(np_index).apply(x)
    out = x
    for node in _basic_steps(x._data.shape, np_index, single=not isinstance(index, tuple)):
        out = node.apply(out)
    return out


class CopySlices(Node):
    """out = x with out[index] = value  ->  x gets the gradient outside ``index``, value the
    gradient inside it (summed over any broadcasting of value).

    flat: ``index`` indexes the flattened (C order) array: the positions of a view's
    elements in its base (``view_positions``), for in-place ops through a view.
    pre: a basic index applied before ``index`` (``split_selects``)."""

    def __init__(self, index, flat=False, pre=None):
        self.index, self.flat, self.pre = index, flat, pre

    def _region(self, a):
        if self.pre is not None:
            return a[self.pre]
        return a.reshape(-1) if self.flat else a

    def forward(self, x, value):
        self.value_meta = (value.shape, value.dtype)
        out = np.array(x, copy=True, order="C")
        self._region(out)[self.index] = value
        return out

    def backward(self, g):
        gx = None
        if self.needs_input_grad(0):
            gx = np.array(g, copy=True, order="C")
            self._region(gx)[self.index] = 0
        gv = None
        if self.needs_input_grad(1):
            picked = self._region(np.ascontiguousarray(g))[self.index]
            shape, dt = self.value_meta
            gv = sum_to(np.ascontiguousarray(picked), shape, dt) if picked.shape != shape else picked.astype(dt)
        return gx, gv

    def backward_graph(self, g):
        """dx = g with the region set to 0 (this node again, recorded), dv = g's region (a
        recorded read) summed to the value's shape."""
        shape, dt = self.value_meta
        gx = gv = None
        if self.needs_input_grad(0):
            zeros = Tensor._make(np.zeros(shape, g._data.dtype))
            gx = CopySlices(self.index, self.flat, self.pre).apply(g, zeros)
        if self.needs_input_grad(1):
            region = g[self.pre] if self.pre is not None else g.reshape(-1) if self.flat else g
            picked = region[_index_tensors(self.index)]
            gv = _sum_to_tensor(picked, shape).to(_dtype.from_numpy_dtype(dt))
        return gx, gv


def _index_tensors(index):
    """A NumPy index (ints, slices, None, Ellipsis, integer or bool arrays) as a Tensor index."""
    items = index if isinstance(index, tuple) else (index,)
    out = tuple(Tensor._make(np.asarray(i)) if isinstance(i, np.ndarray) else i for i in items)
    return out if isinstance(index, tuple) else out[0]


def _check_expandable(shape, target, type_name):
    """``value`` of ``shape`` must broadcast to the indexed region ``target`` (PyTorch's expand)."""
    lead = len(target) - len(shape)
    for i, s in enumerate(shape):
        t = target[i + lead] if i + lead >= 0 else None
        if s != 1 and (t is None or s != t):
            if t is None:
                raise RuntimeError(
                    f"expand({type_name}{{{list(shape)}}}, size={list(target)}): the number of sizes "
                    f"provided ({len(target)}) must be greater or equal to the number of dimensions in the "
                    f"tensor ({len(shape)})")
            raise RuntimeError(
                f"The expanded size of the tensor ({t}) must match the existing size ({s}) at non-singleton "
                f"dimension {i + lead}.  Target sizes: {list(target)}.  Tensor sizes: {list(shape)}")




def _expands_to(shape, target):
    return len(shape) <= len(target) and all(s == 1 or s == t for s, t in zip(shape[::-1], target[::-1]))


def setitem(x, index, value):
    """``x[index] = value``, checked in PyTorch's order: the index, then the value's shape,
    then (for index tensors) its dtype."""
    from . import inplace

    np_index, advanced = to_numpy_index(index)
    pre = None
    split = split_selects(np_index) if advanced else None
    if split is not None:
        pre, np_index = split
        target_shape = _numpy_indexing(_numpy_indexing(x._data, pre), np_index).shape
    else:
        target_shape = _numpy_indexing(x._data, np_index).shape
    if not (isinstance(value, Tensor) or is_scalar(value)):
        kind = "numpy.ndarray" if isinstance(value, np.ndarray) else type(value).__name__
        raise TypeError(f"can't assign a {kind} to a {x.type()}")
    elif not isinstance(value, Tensor):
        if isinstance(index, Tensor) and index._data.dtype == np.uint8:   # PyTorch's masked_fill_ path
            raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
        if _checks.is_int(value) and not isinstance(value, (bool, np.bool_)):
            _checks.int64(value)   # a Python int beyond int64: ValueError, as PyTorch's parser (not a float 9.2e18)
        _checks.scalar_fits(value, x._data.dtype)
    else:
        if value._data.ndim and value._data.shape[0] == 1:   # leading 1s of the value are dropped
            shape = value._data.shape
            while shape and shape[0] == 1:
                shape = shape[1:]
            value = reshape(value, shape)
        if advanced and not _expands_to(value._data.shape, target_shape):
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(value._data.shape)} cannot be "
                               f"broadcast to indexing result of shape {list(target_shape)}")
        if advanced and value._data.dtype != x._data.dtype and not (
                value._data.ndim == 0 and isinstance(index, Tensor) and index._data.dtype == np.bool_):
            raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                               f"{_dtype.SCALAR_NAMES[x._data.dtype.name]} for the destination and "
                               f"{_dtype.SCALAR_NAMES[value._data.dtype.name]} for the source.")
        if not x.is_floating_point() and value._requires_grad:
            value = value.detach()      # an integer tensor cannot carry a gradient
    value = as_tensor(value, x.dtype)
    if _enabled[0] and x.grad_fn is None and x._requires_grad:  # x[i] = v writes through a view of x
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    _check_expandable(value._data.shape, target_shape, value.type())
    if not advanced:   # a copy into a view: refused where the view repeats elements (PyTorch's copy_)
        inplace.check_internal_overlap(_numpy_indexing(x._data, np_index))
    inplace.apply_inplace(x, lambda old: CopySlices(np_index, pre=pre).apply(old, value), (value,))
