"""Gather and scatter along a dimension: ``gather``, ``scatter`` (src and value forms,
``reduce='add'|'multiply'``), ``scatter_add``, ``scatter_reduce``, ``take``, ``put``,
``take_along_dim``.

For ``gather(x, dim, index)`` the output has ``index``'s shape and
``out[i][j][k] = x[index[i][j][k]][j][k]`` (for dim 0); ``scatter`` writes the other way.
``index`` has as many dimensions as ``x``, is no larger than ``x`` in every dimension but
``dim`` (and, for scatter, no larger than ``src`` in any), and every value lies in
[0, x.size(dim)).  All of it is checked here, before a kernel runs, with PyTorch's messages.
A 0-d tensor counts as one element of a 1-d tensor, as in PyTorch.

The backward formulas are Tensor expressions (gather's is a scatter_add of the gradient,
scatter_add's to src a gather...), so they can be differentiated again.
"""
import warnings

import numpy as np

from .. import _checks, _creation, _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from ..autograd.node import FormulaNode
from ..kernels import index as ki
from . import argtypes
from .elementwise import eq, where
from .shape import expand, reshape
from .util import broadcast_shapes
from . import registry


def _shape1(shape):
    """A 0-d shape as PyTorch's scatter/gather see it: one element along dimension 0."""
    return tuple(shape) or (1,)


def _c_strides(shape):
    strides = np.ones(len(shape), np.int64)
    for k in range(len(shape) - 2, -1, -1):
        strides[k] = strides[k + 1] * shape[k + 1]
    return strides


def _index_dtype(index, fn):
    if not isinstance(index, Tensor):
        raise TypeError(f"{fn}(): argument 'index' (position 3) must be Tensor, not {type(index).__name__}")
    if index._data.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"{fn}(): Expected dtype int32/int64 for index")


def _too_large(index_shape, self_shape, dim, src_shape=None):
    """PyTorch's size check: index no larger than self (but at ``dim``), nor than src."""
    bad = any(index_shape[k] > self_shape[k] for k in range(len(index_shape)) if k != dim)
    if src_shape is not None:
        bad = bad or any(i > s for i, s in zip(index_shape, src_shape))
    if bad:
        msg = (f"Expected index {list(index_shape)} to be no larger than self {list(self_shape)} apart from "
               f"dimension {dim}")
        if src_shape is not None:
            msg += f" and to be no larger size than src {list(src_shape)}"
        raise RuntimeError(msg)


def positions(index, shape, dim):
    """The flat positions (C order, in an array of ``shape``) that ``index`` names along ``dim``;
    RuntimeError naming the first value outside [0, shape[dim])."""
    shape = _shape1(shape)
    idx = np.ascontiguousarray(index, np.int64).reshape(-1)
    out = np.empty(idx.size, np.int64)
    bad = ki.dim_offsets(idx, np.array(_shape1(index.shape), np.int64), _c_strides(shape), dim, shape[dim], out)
    if bad >= 0:
        raise RuntimeError(f"index {idx[bad]} is out of bounds for dimension {dim} with size {shape[dim]}")
    return out


def _leading_block(src, index_shape):
    """The elements of ``src`` that the index's elements pair with (its leading block), in C order."""
    src = src.reshape(_shape1(src.shape))
    return np.ascontiguousarray(src[tuple(slice(0, n) for n in _shape1(index_shape))]).reshape(-1)


# ---- gather ------------------------------------------------------------------------------------

class GatherBackward0(FormulaNode):
    """out = x.gather(dim, index)  ->  dx = zeros.scatter_add(dim, index, g)."""

    grads = (lambda n, g: scatter_add(_creation.zeros(n.shape, dtype=g.dtype), n.dim, n.index, g),)

    def __init__(self, dim, index, where_):
        self.dim, self.index, self.where_ = dim, index, where_

    def forward(self, x):
        self.shape = x.shape
        self.in_meta = ((x.shape, x.dtype),)
        out = np.empty(self.where_.size, x.dtype)
        ki.take_kernel(np.ascontiguousarray(x).reshape(-1), self.where_, out)
        del self.where_
        return out.reshape(self.index._data.shape)


def gather(input, dim, index, *, sparse_grad=False):
    """out[...] = input at ``index`` along ``dim`` (out has index's shape; index int32/int64).

    ``sparse_grad=True`` asks for a sparse gradient, which tinytorch (dense tensors only) cannot
    give: refused when a gradient would be recorded, ignored otherwise."""
    if sparse_grad and input._requires_grad and _enabled[0]:
        raise NotImplementedError("gather(sparse_grad=True) makes a sparse gradient; tinytorch has dense tensors "
                                  "only: use sparse_grad=False")
    dim = _checks.wrap_dim(dim, input._data.ndim)
    if not isinstance(index, Tensor) or index._data.dtype not in (np.int64, np.int32):
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    xs, ish = _shape1(input._data.shape), _shape1(index._data.shape)
    if index._data.size and len(xs) != len(ish):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    if index._data.size and any(ish[k] > xs[k] for k in range(len(ish)) if k != dim):
        raise RuntimeError(f"Size does not match at dimension {next(k for k in range(len(ish)) if k != dim and ish[k] > xs[k])} "
                           f"expected index {list(index._data.shape)} to be no larger than self "
                           f"{list(input._data.shape)} apart from dimension {dim}")
    where_ = positions(index._data, input._data.shape, dim)
    return GatherBackward0(dim, index.detach(), where_).apply(input)


# ---- scatter -----------------------------------------------------------------------------------

class _Scatter(FormulaNode):
    """The forward pass of scatter and scatter_add: a copy of x with src's leading block (or the
    number ``value``) written (ASSIGN), added (ADD) or multiplied (MULTIPLY) at ``where_``, the
    flat positions the index names (already checked)."""

    def __init__(self, dim, index, where_, mode, value=None):
        self.dim, self.index, self.where_, self.mode, self.value = dim, index, where_, mode, value

    def forward(self, x, *src):
        self.in_meta = ((x.shape, x.dtype),) + tuple((s.shape, s.dtype) for s in src)
        out = np.array(x, copy=True, order="C")
        if src:
            vals = _leading_block(src[0], self.index._data.shape)
        else:   # a number, converted as PyTorch converts a Scalar (2.5 -> 2 in an integer tensor)
            vals = np.full(self.where_.size, np.array(self.value).astype(x.dtype), x.dtype)
        ki.scatter_kernel(out.reshape(-1), self.where_, vals, self.mode)
        del self.where_
        return out


class ScatterBackward0(_Scatter):
    """out = x.scatter(dim, index, src)  ->  dx = g with the written positions zeroed,
    dsrc = g.gather(dim, index)."""

    grads = (lambda n, g: scatter(g, n.dim, n.index, 0),
             lambda n, g: _src_grad(n, gather(g, n.dim, n.index)))


class ScatterBackward1(_Scatter):
    """out = x.scatter(dim, index, value)  ->  dx = g with the written positions zeroed."""

    grads = (lambda n, g: scatter(g, n.dim, n.index, 0),)


class ScatterAddBackward0(_Scatter):
    """out = x.scatter_add(dim, index, src)  ->  dx = g, dsrc = g.gather(dim, index)."""

    grads = (lambda n, g: g,
             lambda n, g: _src_grad(n, gather(g, n.dim, n.index)))


class _ScatterNotImplemented(_Scatter):
    """``scatter(..., reduce=)``: PyTorch records a node without a derivative."""

    def backward(self, g):
        raise RuntimeError("derivative for aten::scatter is not implemented")

    backward_graph = backward


_ScatterNotImplemented.__name__ = _ScatterNotImplemented.__qualname__ = "NotImplemented"


def _src_grad(n, t):
    """The gradient ``t`` for src (index-shaped, from a gather).  PyTorch's engine refuses it
    when src is larger than the index (src would need zeros around it, which PyTorch's formula
    does not add): the same RuntimeError here."""
    shape, got = tuple(n.in_meta[1][0]), tuple(t._data.shape)
    lead = len(got) - len(shape)
    if got != shape and (lead < 0 or any(s != 1 and s != g for s, g in zip(shape, got[lead:]))):
        raise RuntimeError(f"Function {type(n).__name__} returned an invalid gradient at index 1 - got {list(got)} "
                           f"but expected shape compatible with {list(shape)}")
    return t


def _check_scatter(self, dim, index, src, fn):
    """Wrap dim and check index and src as PyTorch's scatter family does; the flat positions."""
    dim = _checks.wrap_dim(dim, self._data.ndim)
    _index_dtype(index, fn)
    if isinstance(src, Tensor) and src._data.dtype != self._data.dtype:
        raise RuntimeError(f"{fn}(): Expected self.dtype to be equal to src.dtype")
    ss, ish = _shape1(self._data.shape), _shape1(index._data.shape)
    if index._data.size:
        if len(ss) != len(ish):
            raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
        if isinstance(src, Tensor):
            if len(_shape1(src._data.shape)) != len(ish):
                raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
            _too_large(index._data.shape, self._data.shape, dim, src._data.shape)
        else:
            _too_large(index._data.shape, self._data.shape, dim)
    return dim, positions(index._data, self._data.shape, dim)


_warned = [False]


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of ``input`` with ``src`` (a tensor of input's dtype, or a number) written at
    ``index`` along ``dim``; ``reduce='add'|'multiply'`` combines instead of overwriting."""
    if src is None:
        src = value
    dim, where_ = _check_scatter(input, dim, index, src, "scatter")
    has_src = isinstance(src, Tensor)
    if not has_src and not isinstance(src, (int, float, bool, np.number, np.bool_)):
        raise TypeError(f"scatter(): argument 'value' must be Number, not {type(src).__name__}")
    mode, cls = ki.ASSIGN, ScatterBackward0 if has_src else ScatterBackward1
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        if has_src and not _warned[0]:   # once per process, as PyTorch's TORCH_WARN_ONCE
            _warned[0] = True
            _checks.warn_at_caller("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a "
                          "future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
                          UserWarning)   # (the caller of the argument-checking wrapper)
        mode, cls = (ki.ADD if reduce == "add" else ki.MULTIPLY), _ScatterNotImplemented
    node = cls(dim, index.detach(), where_, mode, None if has_src else src)
    return node.apply(input, src) if has_src else node.apply(input)


def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src``'s elements added at ``index`` along ``dim`` (repeats add up)."""
    if not isinstance(src, Tensor):
        raise TypeError(f"scatter_add(): argument 'src' (position 3) must be Tensor, not {type(src).__name__}")
    dim, where_ = _check_scatter(input, dim, index, src, "scatter")
    return ScatterAddBackward0(dim, index.detach(), where_, ki.ADD).apply(input, src)


# ---- scatter_reduce ----------------------------------------------------------------------------

def _reduce_grads(n, g, x, src, out):
    """PyTorch's scatter_reduce derivative, on Tensors: (d self, d src)."""
    dim, index, reduce = n.dim, n.index, n.reduce
    if reduce == "sum":
        gx, gsrc = g, gather(g, dim, index)
    elif reduce == "mean":
        count = _creation.ones(x._data.shape, dtype=g.dtype) if n.include_self else _creation.zeros(
            x._data.shape, dtype=g.dtype)
        count = scatter_add(count, dim, index, _creation.ones(src._data.shape, dtype=g.dtype))
        count = count.masked_fill(eq(count, 0), 1)
        gx, gsrc = g / count, gather(g / count, dim, index)
    elif reduce == "prod":
        masked_x = x.masked_fill(eq(x, 0), 1)
        gx = g * scatter_reduce(masked_x, dim, index, src, "prod", include_self=n.include_self) / masked_x
        src_zero = eq(src, 0)
        zeros_at = gather(scatter_add(_creation.zeros(x._data.shape, dtype=g.dtype), dim, index,
                                      src_zero.to(g.dtype)), dim, index)
        single_zero = src_zero & eq(zeros_at, 1)
        masked_src_out = scatter_reduce(x, dim, index, src.masked_fill(single_zero, 1), "prod",
                                        include_self=n.include_self)
        gsrc = where(single_zero, gather(g * masked_src_out, dim, index),
                     gather(g * out, dim, index) / src.masked_fill(src_zero, 1))
    else:   # amax, amin: the gradient is shared evenly among the elements equal to the result
        value = gather(out, dim, index)
        x_is = eq(x, out).to(g.dtype)
        src_is = eq(src, value).to(g.dtype)
        share = g / scatter_add(x_is, dim, index, src_is)
        gx, gsrc = x_is * share, src_is * gather(share, dim, index)
    if not n.include_self:
        gx = scatter(gx, dim, index, 0)
    return gx, gsrc


class ScatterReduceBackward0(FormulaNode):
    """out = x.scatter_reduce(dim, index, src, reduce, include_self)  ->  PyTorch's formulas
    (``_reduce_grads``): sum/mean spread g (divided by the counts), prod divides the result
    by each factor (zeros handled apart), amax/amin share g among the elements that won."""

    roles = (0, 1, "out")
    grads = (lambda n, g, x, src, out: _reduce_grads(n, g, x, src, out)[0],
             lambda n, g, x, src, out: _src_grad(n, _reduce_grads(n, g, x, src, out)[1]))

    def __init__(self, dim, index, where_, reduce, include_self):
        self.dim, self.index, self.where_ = dim, index, where_
        self.reduce, self.include_self = reduce, include_self

    def forward(self, x, src):
        self.in_meta = ((x.shape, x.dtype), (src.shape, src.dtype))
        out = np.array(x, copy=True, order="C")
        ki.scatter_reduce_kernel(out.reshape(-1), self.where_, _leading_block(src, self.index._data.shape),
                                 ki.REDUCE_MODES[self.reduce], self.include_self, x.dtype.kind == "f")
        del self.where_
        self.save_for_backward(x, src, out)
        return out


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of ``input`` with ``src`` reduced into it at ``index`` along ``dim``
    (reduce: "sum", "prod", "mean", "amax", "amin"; without ``include_self`` the positions
    written to forget input's value)."""
    if not isinstance(src, Tensor):
        raise TypeError(f"scatter_reduce(): argument 'src' (position 3) must be Tensor, not {type(src).__name__}")
    dim, where_ = _check_scatter(input, dim, index, src, "scatter")
    if reduce not in ki.REDUCE_MODES:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    return ScatterReduceBackward0(dim, index.detach(), where_, reduce, bool(include_self)).apply(input, src)


# ---- take, take_along_dim ----------------------------------------------------------------------

class TakeBackward0(FormulaNode):
    """out = x.take(index) (x read as flat)  ->  dx = zeros.scatter_add of g at the flat positions."""

    grads = (lambda n, g: reshape(scatter_add(_creation.zeros(n.numel, dtype=g.dtype), 0, n.flat,
                                              reshape(g, (-1,))), n.in_meta[0][0]),)

    def __init__(self, flat, shape):
        self.flat, self.shape = flat, shape

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        self.numel = x.size
        out = np.empty(self.flat._data.size, x.dtype)
        ki.take_kernel(np.ascontiguousarray(x).reshape(-1), self.flat._data, out)
        return out.reshape(self.shape)


def take(input, index):
    """input read as 1-D at ``index`` (int64; negative counts from the end); out has index's shape."""
    if not isinstance(index, Tensor) or index._data.dtype != np.int64:
        got = _dtype.SCALAR_NAMES[index._data.dtype.name] if isinstance(index, Tensor) else type(index).__name__
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {got}")
    flat = _flat_positions(index, input._data.size)
    return TakeBackward0(reshape(flat, (-1,)), index._data.shape).apply(input)


class PutBackward0(FormulaNode):
    """out = x with source written (or, with ``accumulate``, added) at flat positions  ->
    dx = g (zeroed where written, unless accumulating), dsource = g.take(positions)."""

    grads = (lambda n, g: g if n.accumulate else put(g, n.flat, _creation.zeros(n.flat._data.shape, dtype=g.dtype)),
             lambda n, g: reshape(take(g, n.flat), n.in_meta[1][0]))

    def __init__(self, flat, accumulate):
        self.flat, self.accumulate = flat, accumulate

    def forward(self, x, source):
        self.in_meta = ((x.shape, x.dtype), (source.shape, source.dtype))
        out = np.array(x, copy=True, order="C")
        ki.scatter_kernel(out.reshape(-1), self.flat._data.reshape(-1), np.ascontiguousarray(source).reshape(-1),
                          ki.ADD if self.accumulate else ki.ASSIGN)
        return out


def _flat_positions(index, n):
    """``index`` (any shape) as positions in a flat tensor of ``n`` elements, negatives wrapped;
    PyTorch's IndexError for the first one out of range."""
    flat = np.empty(index._data.size, np.int64)
    idx = np.ascontiguousarray(index._data).reshape(-1)
    bad = ki.wrapped_index(idx, -n, n, flat)
    if bad >= 0:
        raise IndexError(f"out of range: tried to access index {idx[bad]} on a tensor of {n} elements.")
    return Tensor._make(flat.reshape(index._data.shape))


def put(input, index, source, accumulate=False):
    """A copy of ``input`` (read as flat) with ``source``'s elements written at ``index`` (int64,
    negatives count from the end; as many as source has), or added with ``accumulate``."""
    if index._data.dtype != np.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {_dtype.SCALAR_NAMES[index._data.dtype.name]}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{_dtype.SCALAR_NAMES[input._data.dtype.name]} and source.dtype = "
                           f"{_dtype.SCALAR_NAMES[source._data.dtype.name]}")
    if source._data.size != index._data.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {source._data.size}, index.numel() = {index._data.size}")
    if index._data.size and input._data.size == 0:
        raise IndexError("put_(): Tried to put elements into an empty tensor")
    flat = _flat_positions(index, input._data.size)
    return PutBackward0(flat, bool(accumulate)).apply(input, source)


def take_along_dim(input, indices, dim=None):
    """``input.gather(dim, indices)`` after broadcasting the two (but along ``dim``); without
    ``dim``, on the flattened tensors (indices int64)."""
    if not isinstance(indices, Tensor) or indices._data.dtype != np.int64:
        got = _dtype.SCALAR_NAMES[indices._data.dtype.name] if isinstance(indices, Tensor) else type(indices).__name__
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got {got}")
    if dim is None:
        return gather(reshape(input, (-1,)), 0, reshape(indices, (-1,)))
    nd, ni = input._data.ndim, indices._data.ndim
    if nd != ni:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, but "
                           f"got {nd} dimensions for input, and {ni} dimensions for indices")
    dim = _checks.wrap_dim(dim, nd)
    xs, ish = list(input._data.shape), list(indices._data.shape)
    common = list(broadcast_shapes(tuple(xs[:dim] + [1] + xs[dim + 1:]), tuple(ish[:dim] + [1] + ish[dim + 1:])))
    size = _shape1(input._data.shape)[dim]
    indices = where(indices < 0, indices + size, indices)
    x_shape = tuple(common[:dim] + [_shape1(xs)[dim]] + common[dim + 1:]) if nd else ()
    i_shape = tuple(common[:dim] + [_shape1(ish)[dim]] + common[dim + 1:]) if nd else ()
    if x_shape != input._data.shape:
        input = expand(input, x_shape)
    if i_shape != indices._data.shape:
        indices = expand(indices, i_shape)
    return gather(input, dim, indices)



#: Public functions and Tensor methods, with PyTorch's TypeError for a wrong argument type
FUNCTIONS, METHODS = argtypes.surface({
    "gather": (gather, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"))),
    "scatter_add": (scatter_add, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"),
                                  ("src", "Tensor"))),
    "scatter_reduce": (scatter_reduce, (("input", "Tensor"), ("dim", "int"), ("index", "Tensor"),
                                        ("src", "Tensor"), ("reduce", "str"),
                                        ("include_self", "bool"))),
    "take": (take, (("input", "Tensor"), ("index", "Tensor"))),
    "put": (put, (("input", "Tensor"), ("index", "Tensor"), ("source", "Tensor"), ("accumulate", "bool"))),
    "take_along_dim": (take_along_dim, (("input", "Tensor"), ("indices", "Tensor"),
                                        ("dim", "int"))),
}, {"scatter": (scatter, ((("int", "dim"), ("Tensor", "index"), ("Tensor", "src")),
                         (("int", "dim"), ("Tensor", "index"), ("Tensor", "src"), "*", ("str", "reduce")),
                         (("int", "dim"), ("Tensor", "index"), ("Number", "value")),
                         (("int", "dim"), ("Tensor", "index"), ("Number", "value"), "*", ("str", "reduce"))), True)})
registry.register_all(FUNCTIONS, method=False, out=dict.fromkeys(
    ("gather", "scatter", "scatter_add", "scatter_reduce", "take", "take_along_dim"), "exact"))
registry.register_all(METHODS, function=False, inplace=("scatter", "scatter_add", "scatter_reduce", "put"),
                      kind="unaliased")
