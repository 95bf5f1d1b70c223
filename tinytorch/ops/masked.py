"""Selection by a condition: ``masked_select``, ``masked_scatter``, ``nonzero`` (``as_tuple``),
``argwhere`` and the one-argument ``where(condition)``.

Masks are bool tensors broadcast with the input; elements are taken (or filled) in C order.
``nonzero`` counts NaN as nonzero, as PyTorch does, and its results are int64 and never
require grad.
"""
import numpy as np

from .. import _creation, _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import index as ki
from . import argtypes
from . import elementwise, inplace
from .index import _check_expandable
from .shape import cat, expand, reshape
from .util import broadcast_shapes, is_scalar
from . import registry


class MaskedSelectBackward0(FormulaNode):
    """out = x[mask] (1-D, x and mask broadcast)  ->  dx = zeros.masked_scatter(mask, g),
    summed back to x's shape."""

    grads = (lambda n, g: masked_scatter(_creation.zeros(n.shape, dtype=g.dtype), n.mask, g),)

    def __init__(self, mask, shape):
        self.mask, self.shape = mask, shape

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        xb = np.ascontiguousarray(np.broadcast_to(x, self.shape)).reshape(-1)
        mask = np.ascontiguousarray(self.mask._data).reshape(-1)
        out = np.empty(ki.count_nonzero(mask), x.dtype)
        ki.masked_select_kernel(xb, mask, out)
        return out


def _bool_mask(mask, message):
    if not isinstance(mask, Tensor):
        raise TypeError(f"argument 'mask' must be Tensor, not {type(mask).__name__}")
    if mask._data.dtype != np.bool_:
        raise RuntimeError(message(mask))


def masked_select(input, mask):
    """The elements of ``input`` where ``mask`` (bool, broadcast with input) is True, as a 1-D tensor."""
    _bool_mask(mask, lambda m: "masked_select: expected BoolTensor for mask")
    shape = broadcast_shapes(mask._data.shape, input._data.shape)   # (PyTorch names the mask a)
    if mask._data.shape != shape:
        mask = expand(mask, shape)
    return MaskedSelectBackward0(mask, shape).apply(input)


class MaskedScatterBackward0(FormulaNode):
    """out = x with source's leading elements written where ``mask``  ->  dx = g where the mask
    is False; dsource = g where it is True, in order, then zeros, in source's shape."""

    grads = (lambda n, g: elementwise.masked_fill(g, n.mask, 0),
             lambda n, g: _source_grad(masked_select(g, n.mask), n.in_meta[1][0]))

    def __init__(self, mask, shape):
        self.mask, self.shape = mask, shape

    def forward(self, x, source):
        self.in_meta = ((x.shape, x.dtype), (source.shape, source.dtype))
        out = np.array(np.broadcast_to(x, self.shape), copy=True, order="C")
        ki.masked_scatter_kernel(out.reshape(-1), np.ascontiguousarray(self.mask._data).reshape(-1),
                                 np.ascontiguousarray(source).reshape(-1))
        return out


def _source_grad(picked, shape):
    size = int(np.prod(shape, dtype=np.int64))
    if picked._data.size < size:
        picked = cat([picked, _creation.zeros(size - picked._data.size, dtype=picked.dtype)])
    return reshape(picked, shape)


def masked_scatter(input, mask, source):
    """A copy of ``input`` (broadcast with ``mask``) with source's elements, in order, where
    ``mask`` is True (source: input's dtype, at least as many elements as True values)."""
    _bool_mask(mask, lambda m: "masked_scatter_ only supports boolean masks, but got mask with dtype "
                               f"{_dtype.SCALAR_NAMES[m._data.dtype.name]}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{_dtype.SCALAR_NAMES[input._data.dtype.name]} and "
                           f"{_dtype.SCALAR_NAMES[source._data.dtype.name]}")
    shape = broadcast_shapes(mask._data.shape, input._data.shape)   # (PyTorch names the mask a)
    if mask._data.shape != shape:
        mask = expand(mask, shape)
    if ki.count_nonzero(np.ascontiguousarray(mask._data).reshape(-1)) > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return MaskedScatterBackward0(mask.detach(), shape).apply(input, source)


def masked_scatter_(self, mask, source):
    """In place: the mask must expand to self's shape (self does not grow), and self may not
    repeat elements (an expanded tensor); source may be self, as in PyTorch."""
    if any(st == 0 and n > 1 for st, n in zip(self._data.strides, self._data.shape)):
        raise RuntimeError(inplace._INTERNAL)
    if isinstance(mask, Tensor) and mask._data.dtype == np.bool_:
        _check_expandable(mask._data.shape, self._data.shape, "CPUBoolType")
    return inplace.apply_inplace(self, lambda old: masked_scatter(old, mask, source), (source,))


def nonzero(input, *, as_tuple=False):
    """The coordinates of input's nonzero elements: an (n, ndim) int64 tensor in C order, or
    with ``as_tuple`` one 1-D tensor per dimension (a 0-d input counts as 1-d)."""
    data = np.ascontiguousarray(input._data).reshape(-1)
    shape = np.array(input._data.shape, np.int64)
    out = np.empty((ki.count_nonzero(data), input._data.ndim), np.int64)
    ki.nonzero_kernel(data, shape, out)
    if not as_tuple:
        return Tensor._make(out)
    if input._data.ndim == 0:
        return (Tensor._make(np.zeros(out.shape[0], np.int64)),)
    return tuple(Tensor._make(np.ascontiguousarray(out[:, k])) for k in range(input._data.ndim))


def argwhere(input):
    """``nonzero(input)``: the (n, ndim) coordinates of the nonzero elements."""
    return nonzero(input)


@registry.public(method=False, out="exact")
def where(condition, input=None, other=None):
    """``where(condition, input, other)``: input where condition, else other (broadcast);
    ``where(condition)``: ``nonzero(condition, as_tuple=True)``."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    for v in (input, other):
        if not isinstance(v, Tensor) and not is_scalar(v):
            from .._checks import type_name
            raise TypeError(f"where() received an invalid combination of arguments - got "
                            f"({', '.join(type_name(a) for a in (condition, input, other))}), but expected one of:\n")
    return elementwise.where(condition, input, other)


#: Public functions and Tensor methods, with PyTorch's TypeError for a wrong argument type.
FUNCTIONS, METHODS = argtypes.surface({
    "masked_select": (masked_select, (("input", "Tensor"), ("mask", "Tensor"))),
    "masked_scatter": (masked_scatter, (("input", "Tensor"), ("mask", "Tensor"),
                                        ("source", "Tensor"))),
    "masked_scatter_": (masked_scatter_, (("self", "Tensor"), ("mask", "Tensor"),
                                          ("source", "Tensor"))),
    "nonzero": (nonzero, (("input", "Tensor"), ("as_tuple", "bool"))),
    "argwhere": (argwhere, (("input", "Tensor"),)),
})
registry.register_all({n: f for n, f in FUNCTIONS.items() if not n.endswith("_")}, method=False,
                      out=dict.fromkeys(("masked_select", "nonzero"), "exact"))
registry.register_all(METHODS, function=False)
