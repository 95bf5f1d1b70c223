"""Whole slices picked along one dimension by a 1-D index: ``index_select``, ``index_add``
(``alpha``), ``index_reduce``, ``index_copy``, ``index_fill`` (a number or a 0-d tensor).

The tensors are viewed as (outer, size along dim, inner) blocks for the kernels; the index
(a vector, or a 0-d tensor for one position) is checked here first with PyTorch's messages,
dtypes and exception types (which differ from op to op, as in PyTorch).  A 0-d tensor counts
as a 1-d tensor of one element.  Backward formulas are Tensor expressions.
"""
import math
import warnings

import numpy as np

from .. import _checks, _creation, _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import index as ki
from . import argtypes
from .reduce import sum as _sum
from .scatter_gather import ScatterReduceBackward0, positions
from . import registry


def _blocks(shape, dim):
    """(outer, size at dim, inner) for a tensor of ``shape`` (0-d: one element)."""
    shape = tuple(shape) or (1,)
    return int(math.prod(shape[:dim])), shape[dim], int(math.prod(shape[dim + 1:]))


def _wrapped(index, size, dim, low, error):
    """The index values as int64, negatives wrapped (when ``low`` is -size); ``error(value)``
    is raised for the first value outside [low, size)."""
    idx = np.ascontiguousarray(index._data, np.int64).reshape(-1)
    out = np.empty(idx.size, np.int64)
    bad = ki.wrapped_index(idx, low, size, out)
    if bad >= 0:
        raise error(idx[bad])
    return out


def _size(t, dim):
    return (t._data.shape or (1,))[dim]


def _scalar_name(t):
    return _dtype.SCALAR_NAMES[t._data.dtype.name]


# ---- index_select ------------------------------------------------------------------------------

class IndexSelectBackward0(FormulaNode):
    """out = x.index_select(dim, index)  ->  dx = zeros.index_add(dim, index, g)."""

    grads = (lambda n, g: index_add(_creation.zeros(n.in_meta[0][0], dtype=g.dtype), n.dim, n.index, g),)

    def __init__(self, dim, index, positions):
        self.dim, self.index, self.positions = dim, index, positions

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        outer, _, inner = _blocks(x.shape, self.dim)
        out = np.empty((outer, self.positions.size, inner), x.dtype)
        ki.index_select_kernel(np.ascontiguousarray(x).reshape(_blocks(x.shape, self.dim)), self.positions, out)
        shape = list(x.shape)
        if shape:
            shape[self.dim] = self.positions.size
        return out.reshape(shape)


def index_select(input, dim, index):
    """The slices of ``input`` at ``index`` (a vector of int32/int64, each in [0, size)) along ``dim``."""
    dim = _checks.wrap_dim(dim, input._data.ndim)
    if not isinstance(index, Tensor) or index._data.dtype not in (np.int64, np.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if input._data.ndim == 0 and index._data.size != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {index._data.size} value(s)")
    size = _size(input, dim)
    positions = _wrapped(index, size, dim, 0, lambda v: RuntimeError(
        f"INDICES element is out of DATA bounds, id={v} axis_dim={size}"))
    return IndexSelectBackward0(dim, index.detach(), positions).apply(input)


# ---- index_add, index_copy ----------------------------------------------------------------------

class IndexAddBackward0(FormulaNode):
    """out = x.index_add(dim, index, source, alpha=a)  ->  dx = g, dsource = a * g.index_select(dim, index)."""

    grads = (lambda n, g: g,
             lambda n, g: index_select(g, n.dim, n.index) * n.alpha if n.alpha != 1 else index_select(g, n.dim, n.index))

    def __init__(self, dim, index, positions, alpha):
        self.dim, self.index, self.positions, self.alpha = dim, index, positions, alpha

    def forward(self, x, source):
        self.in_meta = ((x.shape, x.dtype), (source.shape, source.dtype))
        out = np.array(x, copy=True, order="C")
        src = np.ascontiguousarray(source).reshape(_blocks(source.shape, self.dim))
        ki.index_put_kernel(out.reshape(_blocks(x.shape, self.dim)), self.positions, src, True,
                            np.array(self.alpha).astype(x.dtype)[()])
        return out


class IndexCopyBackward0(FormulaNode):
    """out = x.index_copy(dim, index, source)  ->  dx = g with the copied slices zeroed,
    dsource = g.index_select(dim, index)."""

    grads = (lambda n, g: index_fill(g, n.dim, n.index, 0),
             lambda n, g: index_select(g, n.dim, n.index))

    def __init__(self, dim, index, positions):
        self.dim, self.index, self.positions = dim, index, positions

    def forward(self, x, source):
        self.in_meta = ((x.shape, x.dtype), (source.shape, source.dtype))
        out = np.array(x, copy=True, order="C")
        src = np.ascontiguousarray(source).reshape(_blocks(source.shape, self.dim))
        ki.index_put_kernel(out.reshape(_blocks(x.shape, self.dim)), self.positions, src, False,
                            np.zeros((), x.dtype)[()])
        return out


def _check_index_source(input, dim, index, source, fn):
    """index_add's and index_reduce's checks of index and source (PyTorch's messages, named
    after ``fn``); returns the wrapped dim."""
    dim = _checks.wrap_dim(dim, input._data.ndim)
    if not isinstance(index, Tensor) or index._data.dtype not in (np.int64, np.int32):
        got = _scalar_name(index) if isinstance(index, Tensor) else type(index).__name__
        raise RuntimeError(f"{fn}(): Expected dtype int32/int64 for index but got: {got}")
    if index._data.ndim > 1:
        raise IndexError(f"{fn}(): Index is supposed to be a vector, but got dim: {index._data.ndim} with type: "
                         f"{_scalar_name(index)} and size: {list(index._data.shape)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"{fn}(): self ({_scalar_name(input)}) and source ({_scalar_name(source)}) must have "
                           "the same scalar type")
    if source._data.ndim and dim >= source._data.ndim:
        raise RuntimeError(f"{fn}(): Indexing dim {dim} is out of bounds of the source tensor with dim "
                           f"{source._data.ndim}")
    n = index._data.size
    if n != _size(source, dim):
        raise RuntimeError(f"{fn}(): Number of indices ({n}) should be equal to source.size(dim): "
                           f"({_size(source, dim)}), for dim: {dim}")
    xs, ss = list(input._data.shape), list(source._data.shape)
    if source._data.ndim and input._data.ndim:   # (a 0-d one is compared whole)
        xs, ss = xs[:dim] + xs[dim + 1:], ss[:dim] + ss[dim + 1:]
    if xs != ss:
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {list(input._data.shape)} source.shape = {list(source._data.shape)}")
    return dim


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source``'s slices added at ``index`` along ``dim``
    (source: input's dtype and shape but ``len(index)`` along dim; repeated indices add up)."""
    dim = _check_index_source(input, dim, index, source, "index_add_")
    size = _size(input, dim)
    positions = _wrapped(index, size, dim, 0, lambda v: RuntimeError(
        f"index {v} is out of bounds for dimension {dim} with size {size}"))
    return IndexAddBackward0(dim, index.detach(), positions, alpha).apply(input, source)


class IndexReduceBackward0(ScatterReduceBackward0):
    """out = x.index_reduce(dim, index, source, reduce, include_self)  ->  scatter_reduce's
    formulas, with the index repeated over source's other dimensions."""


_warned = [False]


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """A copy of ``input`` with ``source``'s slices reduced into the slices at ``index`` along
    ``dim`` (reduce: "prod", "mean", "amax", "amin"; without ``include_self`` the slices written
    to forget input's value); ``scatter_reduce`` with the index repeated across the slices."""
    if not _warned[0]:   # once per process, as PyTorch's TORCH_WARN_ONCE
        _warned[0] = True
        _checks.warn_at_caller("index_reduce() is in beta and the API may change at any time.", UserWarning)
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    dim = _check_index_source(input, dim, index, source, "index_reduce_")
    size = _size(input, dim)
    _wrapped(index, size, dim, 0, lambda v: IndexError("index out of range in self"))
    outer, n, inner = _blocks(source._data.shape, dim)
    idx = np.ascontiguousarray(index._data, np.int64).reshape(1, n, 1)
    full = Tensor._make(np.ascontiguousarray(np.broadcast_to(idx, (outer, n, inner))).reshape(source._data.shape))
    where_ = positions(full._data, input._data.shape, dim)
    return IndexReduceBackward0(dim, full, where_, reduce, bool(include_self)).apply(input, source)


def index_copy(input, dim, index, source):
    """A copy of ``input`` with ``source``'s slices written at ``index`` (int64) along ``dim``."""
    dim = _checks.wrap_dim(dim, input._data.ndim)
    if not isinstance(index, Tensor) or index._data.dtype != np.int64:
        got = _scalar_name(index) if isinstance(index, Tensor) else type(index).__name__
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {got}")
    if index._data.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index._data.ndim})")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{_scalar_name(input)} and (source) {_scalar_name(source)}")
    nd, ns = input._data.ndim, source._data.ndim
    if nd and ns and nd != ns:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({ns}), destination dimensionality ({nd})")
    xs, ss = list(input._data.shape), list(source._data.shape)
    xs_sliced, ss_sliced = xs[:dim] + xs[dim + 1:], ss[:dim] + ss[dim + 1:]
    if xs_sliced != ss_sliced:
        raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice shapes. Destination slice "
                           f"shape: {' '.join(map(str, xs_sliced))} at dimension {dim} and source slice shape: "
                           f"{' '.join(map(str, ss_sliced))} at dimension 0.")
    n = index._data.size
    if ns and n != ss[dim]:
        raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({ss[dim]})")
    size = _size(input, dim)
    positions = _wrapped(index, size, dim, 0, lambda v: IndexError(
        f"index_copy_(): index {v} is out of bounds for dimension {dim} with size {size}"))
    return IndexCopyBackward0(dim, index.detach(), positions).apply(input, source)


# ---- index_fill --------------------------------------------------------------------------------

class IndexFillBackward0(FormulaNode):
    """out = x.index_fill(dim, index, number)  ->  dx = g with the filled slices zeroed."""

    grads = (lambda n, g: index_fill(g, n.dim, n.index, 0),)

    def __init__(self, dim, index, positions, value):
        self.dim, self.index, self.positions, self.value = dim, index, positions, value

    def forward(self, x, *value):
        self.in_meta = ((x.shape, x.dtype),) + tuple((v.shape, v.dtype) for v in value)
        out = np.array(x, copy=True, order="C")
        fill = value[0] if value else self.value
        ki.index_fill_kernel(out.reshape(_blocks(x.shape, self.dim)), self.positions,
                             np.array(fill).astype(x.dtype)[()])
        return out


class IndexFillBackward1(IndexFillBackward0):
    """out = x.index_fill(dim, index, v) for a 0-d tensor v  ->  dx as above, dv = the sum of g
    over the filled slices."""

    grads = (lambda n, g: index_fill(g, n.dim, n.index, 0),
             lambda n, g: _sum(index_select(g, n.dim, n.index)))


def index_fill(input, dim, index, value):
    """A copy of ``input`` with the slices at ``index`` (int64; negatives count from the end)
    along ``dim`` set to ``value`` (a number or a 0-d tensor)."""
    dim = _checks.wrap_dim(dim, input._data.ndim)
    if not isinstance(index, Tensor) or index._data.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if index._data.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
    elif isinstance(value, complex):
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
    elif not isinstance(value, (int, float, bool, np.number, np.bool_)):
        raise TypeError(f"index_fill(): argument 'value' (position 3) must be Number, not {type(value).__name__}")
    size = _size(input, dim)
    positions = _wrapped(index, size, dim, -size, lambda v: IndexError(
        f"index {v} is out of bounds for dimension {dim} with size {size}"))
    if isinstance(value, Tensor):
        return IndexFillBackward1(dim, index.detach(), positions, None).apply(input, value)
    return IndexFillBackward0(dim, index.detach(), positions, value).apply(input)


#: Public functions and Tensor methods, with PyTorch's TypeError for a wrong argument type
FUNCTIONS, METHODS = argtypes.surface({
    "index_select": (index_select, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"))),
    "index_add": (index_add, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"),
                              ("source", "Tensor"), ("alpha", "Number"))),
    "index_reduce": (index_reduce, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"), ("source", "Tensor"),
                                    ("reduce", "str"), ("include_self", "bool"))),
    "index_copy": (index_copy, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"),
                                ("source", "Tensor"))),
}, {"index_fill": (index_fill, ((("int", "dim"), ("Tensor", "index"), ("Tensor", "value")),
                               (("int", "dim"), ("Tensor", "index"), ("Number", "value"))), False)})
registry.register_all(FUNCTIONS, method=False, out=dict.fromkeys(("index_add", "index_copy", "index_reduce", "index_select"), "exact"))
registry.register_all(METHODS, function=False, inplace=("index_add", "index_copy", "index_reduce"), kind="unaliased")
registry.register(METHODS["index_fill"], "index_fill", function=False, inplace="unaliased_expanded_ok")
