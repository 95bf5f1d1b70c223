"""Reductions, softmax and friends.

The backward of a reduction spreads the output gradient back over the reduced
dimensions: ``expand_back`` reinserts them (size 1) and broadcasts to the input's shape.
"""
import collections

import math

import numpy as np

from .. import _dtype, _printing
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import FormulaNode, Node
from ..autograd.grad_mode import _enabled
from ..kernels import elementwise as ew
from ..kernels import reduce as kr
from .elementwise import eq, where
from .scatter_gather import gather
from .shape import cat
from .table import maximum, minimum
from .util import wrap_dim, wrap_dims
from .registry import public

class _ValuesIndices(collections.namedtuple("_ValuesIndices", ["values", "indices"])):
    """What ``max(dim)`` / ``min(dim)`` return: a (values, indices) named tuple that prints as
    ``tinytorch.return_types.max(values=..., indices=...)``, like ``torch.return_types.max``."""

    __slots__ = ()

    def __repr__(self):
        return (f"{_printing.MODULE_NAME}.return_types.{type(self).__name__}(\nvalues={self.values!r},\n"
                f"indices={self.indices!r})")

    __str__ = __repr__


def _return_type(name):
    return type(name, (_ValuesIndices,), {"__slots__": (), "__module__": "tinytorch.return_types"})


_RETURN_TYPES = {"max": _return_type("max"), "min": _return_type("min")}


def out_return_type(name):
    """``return_types.<name>_out``: what ``max(x, dim, out=(v, i))``, ``sort(..., out=)``... return."""
    key = name + "_out"
    if key not in _RETURN_TYPES:
        _RETURN_TYPES[key] = _return_type(key)
    return _RETURN_TYPES[key]


for _name in ("max", "min", "sort", "topk"):   # the ops taking out=(values, indices)
    out_return_type(_name)


def values_indices(values, indices, name="max"):
    return _RETURN_TYPES[name](values, indices)


def expand_back(g, shape, dims):
    """The gradient ``g`` of a reduction over ``dims`` broadcast back to ``shape`` (a view,
    or for a single value a filled array, which later kernels read without another copy)."""
    if g.size == 1:
        out = np.empty(shape, g.dtype)
        out.fill(g.reshape(-1)[0])
        return out
    kept = [1 if d in dims else s for d, s in enumerate(shape)]
    return np.broadcast_to(g.reshape(kept), shape)


def keep(out, shape, dims, keepdim):
    """The reduced result with the reduced dims kept as size 1 when ``keepdim``."""
    if not keepdim:
        return out
    return out.reshape([1 if d in dims else s for d, s in enumerate(shape)])


class _Reduction(Node):
    def __init__(self, dims, keepdim, dt):
        self.dims, self.keepdim, self.dt = dims, keepdim, dt


def spread(g, shape, dims):
    """Tensor ``g``, the gradient of a reduction over ``dims``, broadcast back to ``shape``
    (recorded under ``create_graph``; in a first-order pass, ``expand_back`` on the array)."""
    if not _enabled[0]:
        return Tensor._make(expand_back(g._data, shape, dims))
    return g.reshape([1 if d in dims else s for d, s in enumerate(shape)]).expand(shape)


class SumBackward0(_Reduction, FormulaNode):
    """out = sum(x) over all elements  ->  d/dx_i = 1."""

    op = kr.SUM
    grads = (lambda n, g: spread(g, n.shape, n.dims),)

    def backward(self, g):
        """``grads`` on arrays (first-order fast path, tested equal to the formula)."""
        return (expand_back(g, self.shape, self.dims),)

    def forward(self, x):
        self.shape = x.shape
        self.in_meta = ((x.shape, x.dtype),)
        return keep(kr.reduce(self.op, x, self.dims, self.dt), x.shape, self.dims, self.keepdim)


class SumBackward1(SumBackward0):
    """out = sum(x, dim)  ->  d/dx = 1 along the reduced dims."""


class MeanBackward1(SumBackward0):
    """out = mean(x) over all N elements  ->  d/dx_i = 1/N.

    (Named ``MeanBackward1`` as in the PyTorch release the seed document used.)"""

    op = kr.MEAN
    grads = (lambda n, g: spread(g / n.count(), n.shape, n.dims),)

    def backward(self, g):
        """``grads`` on arrays (first-order fast path, tested equal to the formula)."""
        return (expand_back(ew.binary(ew.DIV, g, np.array(self.count(), g.dtype), g.dtype), self.shape, self.dims),)

    def count(self):
        """N: how many elements each output averages."""
        if len(self.dims) == len(self.shape):
            return math.prod(self.shape)
        return math.prod([self.shape[d] for d in self.dims])


class MeanBackward0(MeanBackward1):
    """out = mean(x, dim)  ->  d/dx = 1/N along the reduced dims (N their total size)."""


class ProdBackward0(_Reduction):
    """out = prod(x)  ->  d/dx_i = product of all the other elements."""

    def forward(self, x):
        self.save_for_backward(x)
        return keep(kr.reduce(kr.PROD, x, self.dims, self.dt), x.shape, self.dims, self.keepdim)

    def backward(self, g):
        (x,) = self.saved_arrays
        return (kr.prod_backward(x, g, self.dims),)

    def backward_graph(self, g):
        """On Tensors, as PyTorch's ``prod_backward``: g prod / x (the product recomputed by a
        recorded op) when x has no zero; with a zero, g times the product of the other elements
        (``exclusive_products``, no division)."""
        (x,) = self.saved_arrays
        xt = self.input_tensor(0, x)
        whole = len(self.dims) == x.ndim
        if x.all():
            total = xt.prod() if whole else xt.prod(self.dims[0], keepdim=True)
            return (spread(g, x.shape, self.dims) * spread(total, x.shape, self.dims) / xt,)
        if x.ndim == 0:
            return (g,)
        if whole:
            return ((g * exclusive_products(xt.reshape(-1), 0)).view(x.shape),)
        dim = self.dims[0]
        return ((g if self.keepdim else g.unsqueeze(dim)) * exclusive_products(xt, dim),)


def exclusive_products(x, dim):
    """prod_{j != i} x_j along ``dim`` for every i, on Tensors and without dividing (exact with
    zeros): the cumulative product of the elements before i times that of the elements after i."""
    n = x.shape[dim]
    ones = Tensor._make(np.ones([1 if d == dim else s for d, s in enumerate(x.shape)], x._data.dtype))
    before = cat([ones, x.narrow(dim, 0, n - 1)], dim).cumprod(dim)
    after = cat([ones, x.narrow(dim, 1, n - 1).flip(dim)], dim).cumprod(dim).flip(dim)
    return before * after


class ProdBackward1(ProdBackward0):
    """out = prod(x, dim)."""


def _reduce_args(x, dim, keepdim, dtype):
    """(dims, keepdim, result dtype, input): with ``dtype`` the input is converted first."""
    dims = wrap_dims(dim, x._data.ndim)
    if dtype is not None:
        out_dt = _dtype.to_dtype(dtype)
        if not out_dt.is_floating_point and x._requires_grad and _enabled[0]:
            raise RuntimeError(f"Autograd not support dtype: {_dtype.SCALAR_NAMES[out_dt.name]}")
        x = x.to(out_dt)
    elif x._data.dtype.kind in "biu":
        out_dt = _dtype.int64
    else:
        out_dt = x.dtype
    return dims, bool(keepdim), out_dt, x


#: dims for a full reduction, by ndim.
_ALL_DIMS = [tuple(range(n)) for n in range(65)]


@public(out="dtype")
def sum(input, dim=None, keepdim=False, dtype=None, *, keepdims=None):
    if dim is None and dtype is None and keepdims is None and keepdim is False and type(input) is Tensor:
        x = input._data   # the commonest call, x.sum(): nothing to check
        if x.dtype.kind == "f":
            return SumBackward0(_ALL_DIMS[x.ndim], False, x.dtype).apply(input)
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    dims, keepdim, out_dt, input = _reduce_args(input, dim, keepdim, dtype)
    node = SumBackward0 if dim is None else SumBackward1
    return node(dims, keepdim, out_dt.np).apply(input)


@public(out="convert")
def mean(input, dim=None, keepdim=False, dtype=None, *, keepdims=None):
    if dim is None and dtype is None and keepdims is None and keepdim is False and type(input) is Tensor:
        x = input._data   # the commonest call, x.mean(): nothing to check
        if x.dtype.kind == "f":
            return MeanBackward1(_ALL_DIMS[x.ndim], False, x.dtype).apply(input)
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    if dtype is not None and not _dtype.to_dtype(dtype).is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Optional dtype must be either a floating point or "
            f"complex dtype. Got: {_dtype.SCALAR_NAMES[_dtype.to_dtype(dtype).name]}")
    if dtype is None and not input.is_floating_point():
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or "
            f"complex dtype. Got: {_dtype.SCALAR_NAMES[input._data.dtype.name]}")
    dims, keepdim, out_dt, input = _reduce_args(input, dim, keepdim, dtype)
    node = MeanBackward1 if dim is None else MeanBackward0
    return node(dims, keepdim, out_dt.np).apply(input)




@public(out="dtype")
def prod(input, dim=None, keepdim=False, dtype=None, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    if dim is not None and not isinstance(dim, (int, np.integer)):
        raise TypeError(f"prod(): argument 'dim' must be int, not {type(dim).__name__}")
    dims, keepdim, out_dt, input = _reduce_args(input, dim, keepdim, dtype)
    node = ProdBackward0 if dim is None else ProdBackward1
    return node(dims, keepdim, out_dt.np).apply(input)


# ---- max / min ----------------------------------------------------------------------------

class MaxBackward1(Node):
    """out = max(x) over everything  ->  the gradient is shared evenly by all maximal elements."""

    op = kr.MAX

    def forward(self, x):
        out = kr.reduce(self.op, x, tuple(range(x.ndim)), x.dtype)
        self.save_for_backward(x, out)
        return out

    def backward(self, g):
        x, out = self.saved_arrays
        hit = ew.binary(ew.EQ, x, out, x.dtype, g.dtype)
        count = kr.reduce(kr.SUM, hit, tuple(range(x.ndim)), g.dtype)
        return (ew.binary(ew.MUL, hit, ew.binary(ew.DIV, g, count, g.dtype), g.dtype),)

    def backward_graph(self, g):
        """g shared by the maximal elements: a constant mask times g, recorded (linear in g)."""
        x, out = self.saved_arrays
        ones = np.ones(out.shape, g._data.dtype)
        return (Tensor._make(self.backward(ones)[0]) * g,)


class MinBackward1(MaxBackward1):
    """out = min(x) over everything."""

    op = kr.MIN


class MaxBackward0(Node):
    """values, indices = max(x, dim)  ->  the gradient goes to the position in ``indices``."""

    is_max = True

    def __init__(self, dim, keepdim):
        self.dim, self.keepdim = dim, keepdim

    def forward(self, x):
        values, self.indices = kr.arg_reduce(self.is_max, x, self.dim)
        self.shape = x.shape
        return keep(values, x.shape, (self.dim,), self.keepdim)

    def backward(self, g):
        out = np.zeros(self.shape, g.dtype)
        idx = np.expand_dims(self.indices, self.dim)
        np.put_along_axis(out, idx, g.reshape(idx.shape), self.dim)
        return (out,)

    def backward_graph(self, g):
        """g placed at the indices, recorded; its transpose reads v there (PyTorch's node name)."""
        return (double_backward.record("ScatterBackward0", g, lambda a: self.backward(a)[0], self._gather),)

    def _gather(self, v):
        out = gather(v, self.dim, Tensor._make(np.expand_dims(self.indices, self.dim)))
        return out if self.keepdim else out.squeeze(self.dim)


class MinBackward0(MaxBackward0):
    """values, indices = min(x, dim)."""

    is_max = False


def _check_nonempty(x, name):
    if x._data.size == 0:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument.")


def _max_min(x, dim, keepdim, is_max, other):
    name = "max" if is_max else "min"
    if isinstance(dim, Tensor):
        other = dim
    if other is not None:
        return maximum(x, other) if is_max else minimum(x, other)
    if dim is None:
        _check_nonempty(x, name)
        return (MaxBackward1 if is_max else MinBackward1)().apply(x)
    if not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    d = wrap_dim(dim, x._data.ndim)
    if x._data.ndim and x._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    node = (MaxBackward0 if is_max else MinBackward0)(d if x._data.ndim else 0, bool(keepdim))
    values = node.apply(x if x._data.ndim else x.reshape(1))
    if not x._data.ndim:
        values = values.reshape(())
    return values_indices(values, Tensor._make(keep(node.indices, x._data.shape, (d,), keepdim)
                                               .reshape(values._data.shape)), name)


@public(out="tuple")
def max(input, dim=None, keepdim=False, other=None, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    return _max_min(input, dim, keepdim, True, other)


@public(out="tuple")
def min(input, dim=None, keepdim=False, other=None, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    return _max_min(input, dim, keepdim, False, other)


class AmaxBackward0(_Reduction):
    """out = amax(x, dims)  ->  the gradient is shared evenly by the maximal elements of each slice."""

    op = kr.MAX

    def forward(self, x):
        out = keep(kr.reduce(self.op, x, self.dims, x.dtype), x.shape, self.dims, self.keepdim)
        self.save_for_backward(x, out)
        return out

    def backward(self, g):
        x, out = self.saved_arrays
        dt = g.dtype
        hit = ew.binary(ew.EQ, x, expand_back(out, x.shape, self.dims), x.dtype, dt)
        count = kr.reduce(kr.SUM, hit, self.dims, dt)
        share = ew.binary(ew.DIV, g.reshape(count.shape), count, dt)
        return (ew.binary(ew.MUL, hit, expand_back(share, x.shape, self.dims), dt),)

    def backward_graph(self, g):
        """g shared by the maximal elements of each slice: constant weights times g, recorded."""
        x, out = self.saved_arrays
        weights = Tensor._make(self.backward(np.ones(out.shape, g._data.dtype))[0])
        return (weights * spread(g, x.shape, self.dims),)


class AminBackward0(AmaxBackward0):
    """out = amin(x, dims)."""

    op = kr.MIN


def _amax_amin(node_cls, name, x, dim, keepdim):
    dims = wrap_dims(dim, x._data.ndim)
    if not dims or dim is None or dim == ():
        _check_nonempty(x, name)
    given = () if x._data.ndim == 0 else (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim or ())
    for d in given:   # PyTorch names the dim as it was given (-2, not 0)
        if x._data.shape[wrap_dim(d, x._data.ndim)] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    return node_cls(dims, bool(keepdim), x._data.dtype).apply(x)


@public(out="exact")
def amax(input, dim=(), keepdim=False, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    return _amax_amin(AmaxBackward0, "amax", input, dim, keepdim)


@public(out="exact")
def amin(input, dim=(), keepdim=False, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    return _amax_amin(AminBackward0, "amin", input, dim, keepdim)


def _arg(x, dim, keepdim, is_max):
    name = "argmax" if is_max else "argmin"
    if x._data.dtype == np.bool_:
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        if x._data.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        _, idx = kr.arg_reduce(is_max, x._data.reshape(-1), 0)
        return Tensor._make(keep(idx, x._data.shape, tuple(range(x._data.ndim)), keepdim))
    d = wrap_dim(dim, x._data.ndim)
    if x._data.ndim == 0:
        return Tensor._make(np.zeros((), np.int64))
    if x._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    _, idx = kr.arg_reduce(is_max, x._data, d)
    return Tensor._make(keep(idx, x._data.shape, (d,), keepdim))


@public(out="exact")
def argmax(input, dim=None, keepdim=False, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    return _arg(input, dim, keepdim, True)


@public(out="exact")
def argmin(input, dim=None, keepdim=False, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    return _arg(input, dim, keepdim, False)


# ---- var / std / norm -------------------------------------------------------------------

def _centered(x, dims):
    mu = kr.reduce(kr.MEAN, x, dims, x.dtype)
    return ew.binary(ew.SUB, x, expand_back(mu, x.shape, dims), x.dtype)


class VarBackward0(Node):
    """out = sum((x - mean)^2) / (N - correction)  ->  d/dx = 2 (x - mean) / (N - correction)."""

    def __init__(self, dims, correction, keepdim):
        self.dims, self.correction, self.keepdim = dims, correction, keepdim

    def forward(self, x):
        d = _centered(x, self.dims)
        n = int(math.prod([x.shape[i] for i in self.dims]))
        self.denominator = n - self.correction if n > self.correction else 0  # PyTorch: max(0, N - correction)
        self.save_for_backward(d, x)
        sq = kr.reduce(kr.SUM, ew.binary(ew.MUL, d, d, x.dtype), self.dims, x.dtype)
        out = ew.binary(ew.DIV, sq, np.array(self.denominator, x.dtype), x.dtype)
        return keep(out, x.shape, self.dims, self.keepdim)

    def backward(self, g):
        d, _ = self.saved_arrays
        scale = ew.binary(ew.DIV, g, np.array(self.denominator / 2, g.dtype), g.dtype)
        return (ew.binary(ew.MUL, d, expand_back(scale, d.shape, self.dims), g.dtype),)

    def backward_graph(self, g):
        """The same formula on Tensors, x - mean recomputed by recorded ops."""
        _, x = self.saved_arrays
        xt = self.input_tensor(0, x)
        centered = xt - xt.mean(self.dims, keepdim=True)
        factor = 2 / self.denominator if self.denominator else float("inf")   # (N <= correction: nan, as first order)
        return (spread(self._scale(g), x.shape, self.dims) * factor * centered,)

    def _scale(self, g):
        return g


class StdBackward0(VarBackward0):
    """out = sqrt(var(x))  ->  d/dx = (x - mean) / ((N - correction) * out)."""

    def forward(self, x):
        out = ew.unary(ew.SQRT, super().forward(x))
        self.std = out
        return out

    def backward(self, g):
        local = ew.binary(ew.DIV, g, ew.binary(ew.MUL, self.std, np.array(2, g.dtype), g.dtype), g.dtype)
        zero = np.zeros((), g.dtype)   # where std == 0 PyTorch takes the gradient as 0, not nan
        local = ew.where(ew.binary(ew.EQ, self.std, zero, g.dtype, np.bool_), zero, local, g.dtype)
        return super().backward(local)

    def _scale(self, g):
        """g / (2 std), 0 where std == 0, with std this node's output (so its history)."""
        std = self.output_tensor(self.std)
        return where(Tensor._make(self.std == 0), 0.0, g / (2 * std))


def _var_args(x, dim, unbiased, correction, keepdim):
    if not x.is_floating_point():
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 1 if unbiased in (None, True) else 0
    return wrap_dims(dim, x._data.ndim), correction, bool(keepdim)


@public(out="convert")
def var(input, dim=None, unbiased=None, keepdim=False, correction=None, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    return VarBackward0(*_var_args(input, dim, unbiased, correction, keepdim)).apply(input)


@public(out="convert")
def std(input, dim=None, unbiased=None, keepdim=False, correction=None, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    return StdBackward0(*_var_args(input, dim, unbiased, correction, keepdim)).apply(input)


class LinalgVectorNormBackward0(Node):
    """out = (sum |x|^p)^(1/p)  ->  d/dx = x |x|^(p-2) / out^(p-1)  (p = 2: x / out).

    p = 0 counts the non-zero elements (a step function: zero gradient)."""

    def __init__(self, p, dims, keepdim):
        self.p, self.dims, self.keepdim = p, dims, keepdim

    def forward(self, x):
        p, dt = self.p, x.dtype
        ax = ew.unary(ew.ABS, x)
        if p == float("inf") or p == float("-inf"):
            out = kr.reduce(kr.MAX if p > 0 else kr.MIN, ax, self.dims, dt)
        elif p == 0:
            out = kr.reduce(kr.SUM, ew.binary(ew.NE, x, np.zeros((), dt), dt, dt), self.dims, dt)
        elif p == 2:
            out = ew.unary(ew.SQRT, kr.reduce(kr.SUM, ew.binary(ew.MUL, x, x, dt), self.dims, dt))
        else:
            s = kr.reduce(kr.SUM, ew.binary(ew.POW, ax, np.array(p, dt), dt), self.dims, dt)
            out = ew.binary(ew.POW, s, np.array(1.0 / p, dt), dt)
        self.save_for_backward(x, out)
        return keep(out, x.shape, self.dims, self.keepdim)

    def backward(self, g):
        x, out = self.saved_arrays
        p, dt = self.p, g.dtype
        norm = expand_back(out, x.shape, self.dims)
        gb = expand_back(g, x.shape, self.dims)
        zero = np.zeros((), dt)
        if p == 0:
            return (np.zeros(x.shape, dt),)
        if p == float("inf") or p == float("-inf"):
            ax = ew.unary(ew.ABS, x)
            hit = ew.binary(ew.EQ, ax, norm, dt, dt)
            count = expand_back(kr.reduce(kr.SUM, hit, self.dims, dt), x.shape, self.dims)
            local = ew.binary(ew.DIV, ew.binary(ew.MUL, hit, ew.unary(ew.SIGN, x), dt), count, dt)
        else:   # sign(x) |x|^(p-1) * (g / norm^(p-1)), the second factor 0 where norm == 0
            if p == 2:
                num, den = x, norm
            else:
                ax = ew.unary(ew.ABS, x)
                num = ew.binary(ew.MUL, ew.unary(ew.SIGN, x), ew.binary(ew.POW, ax, np.array(p - 1, dt), dt), dt)
                if p < 1:   # |x|^(p-1) is inf at 0: PyTorch takes that element's gradient as 0
                    num = ew.where(ew.binary(ew.EQ, x, zero, dt, np.bool_), zero, num, dt)
                den = ew.binary(ew.POW, norm, np.array(p - 1, dt), dt)
            scale = ew.binary(ew.DIV, gb, den, dt)
            scale = ew.where(ew.binary(ew.EQ, norm, zero, dt, np.bool_), zero, scale, dt)
            return (ew.binary(ew.MUL, num, scale, dt),)
        zero_norm = ew.binary(ew.EQ, norm, zero, dt, np.bool_)
        local = ew.where(zero_norm, zero, local, dt)
        return (ew.binary(ew.MUL, gb, local, dt),)


    def backward_graph(self, g):
        """``backward`` written on Tensors (recorded under ``create_graph=True``, so the norm can be
        differentiated twice): x and the norm are the graph's own tensors."""
        x_array, out_array = self.saved_arrays
        x, p = self.input_tensor(0, x_array), self.p
        out = self.output_tensor(keep(out_array, x_array.shape, self.dims, self.keepdim))
        kept = [1 if d in self.dims else s for d, s in enumerate(x_array.shape)]
        norm, gb = out.reshape(kept).expand(x_array.shape), g.reshape(kept).expand(x_array.shape)
        if p == 0:
            return [x * 0]
        zero_norm = eq(norm, 0)
        if p == float("inf") or p == float("-inf"):
            hit = eq(x.abs(), norm).to(_dtype.from_numpy_dtype(x_array.dtype))
            count = hit.sum(self.dims, keepdim=True).expand(x_array.shape)
            return [where(zero_norm, 0.0, gb * hit * x.sign() / count)]
        if p == 2:
            num, den = x, norm
        else:
            num = x.sign() * x.abs() ** (p - 1)
            if p < 1:
                num = where(eq(x, 0), 0.0, num)
            den = norm ** (p - 1)
        return [num * where(zero_norm, 0.0, gb / den)]


@public(out="exact")
def norm(input, p="fro", dim=None, keepdim=False, dtype=None, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    if not input.is_floating_point():
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. "
                           f"Got {_dtype.SCALAR_NAMES[input._data.dtype.name]}")
    if p in ("fro", None):
        p = 2
    p = float(p)
    return LinalgVectorNormBackward0(p, wrap_dims(dim, input._data.ndim), bool(keepdim)).apply(input)


# ---- logsumexp, softmax, log_softmax ----------------------------------------------------

class LogsumexpBackward0(Node):
    """out = log sum exp(x)  ->  d/dx = exp(x - out) = softmax(x)."""

    def __init__(self, dims, keepdim):
        self.dims, self.keepdim = dims, keepdim

    def forward(self, x):
        out = kr.logsumexp(x, self.dims)
        self.save_for_backward(x, out)
        return keep(out, x.shape, self.dims, self.keepdim)

    def backward(self, g):
        x, out = self.saved_arrays
        dt = g.dtype
        p = ew.unary(ew.EXP, ew.binary(ew.SUB, x, expand_back(out, x.shape, self.dims), dt))
        return (ew.binary(ew.MUL, p, expand_back(g, x.shape, self.dims), dt),)

    def backward_graph(self, g):
        """exp(x - out) g on Tensors (out this node's output, so its history)."""
        x, out = self.saved_arrays
        xt, lse = self.input_tensor(0, x), self.output_tensor(out)
        return (spread(g, x.shape, self.dims) * (xt - spread(lse, x.shape, self.dims)).exp(),)


@public(out="convert")
def logsumexp(input, dim, keepdim=False, *, keepdims=None):
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' (position 1) must be tuple of ints, not NoneType")
    x = input if input.is_floating_point() else input.float()
    return LogsumexpBackward0(wrap_dims(dim, x._data.ndim), bool(keepdim)).apply(x)


class SoftmaxBackward0(Node):
    """y = exp(x) / sum exp(x)  ->  dx = y * (g - sum(g * y))."""

    log = False

    def __init__(self, dim):
        self.dim = dim

    def forward(self, x):
        y = kr.softmax(x, self.dim, self.log)
        self.save_for_backward(y)
        return y

    def backward(self, g):
        (y,) = self.saved_arrays
        return (kr.softmax_backward(y, g, self.dim, self.log),)

    def backward_graph(self, g):
        """The same derivative on recorded ops (differentiable again, in g and in y)."""
        (y,) = self.saved_arrays
        y = self.output_tensor(y)
        if self.log:
            return (g - y.exp() * g.sum(self.dim, keepdim=True),)
        return (y * (g - (g * y).sum(self.dim, keepdim=True)),)


class LogSoftmaxBackward0(SoftmaxBackward0):
    """y = x - logsumexp(x)  ->  dx = g - exp(y) * sum(g)."""

    log = True


def _softmax(node_cls, x, dim, dtype):
    if dim is None:
        raise TypeError("softmax() missing required argument 'dim'")
    if dtype is not None:
        x = x.to(_dtype.to_dtype(dtype))
    elif not x.is_floating_point():
        d = wrap_dim(dim, x._data.ndim)
        kernel = ("log_softmax" if node_cls is LogSoftmaxBackward0 else "softmax") + (
            "_lastdim" if d >= x._data.ndim - 1 else "")
        raise NotImplementedError(f"\"{kernel}_kernel_impl\" not implemented for '{_dtype.SCALAR_NAMES[x._data.dtype.name]}'")
    if x._data.ndim == 0:
        wrap_dim(dim, 0)
        x0 = node_cls(0).apply(x.reshape(1))
        return x0.reshape(())
    return node_cls(wrap_dim(dim, x._data.ndim)).apply(x)


@public(out="exact")
def softmax(input, dim=None, dtype=None):
    return _softmax(SoftmaxBackward0, input, dim, dtype)


@public(out="exact")
def log_softmax(input, dim=None, dtype=None):
    return _softmax(LogSoftmaxBackward0, input, dim, dtype)


# ---- all / any (not differentiable) ---------------------------------------------------------

def _count(x, op, dim, keepdim):
    """How many elements of ``x`` satisfy ``x <op> 0`` over ``dim`` (all dims when None)."""
    dims = wrap_dims(dim, x._data.ndim)
    hits = ew.binary(op, x._data, np.zeros((), x._data.dtype), x._data.dtype, np.bool_)
    return keep(kr.reduce(kr.SUM, hits, dims, np.int64), x._data.shape, dims, keepdim)


@public(out="cast")
def all(input, dim=None, keepdim=False, *, keepdims=None):
    """True where every element (over ``dim``) is nonzero; True for an empty reduction."""
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    misses = _count(input, ew.EQ, dim, keepdim)
    return Tensor._make(ew.binary(ew.EQ, misses, np.zeros((), np.int64), np.int64, _logical_result(input)))


@public(out="cast")
def any(input, dim=None, keepdim=False, *, keepdims=None):
    """True where some element (over ``dim``) is nonzero; False for an empty reduction."""
    if keepdims is not None:   # NumPy's spelling, which PyTorch accepts too
        keepdim = keepdims
    hits = _count(input, ew.NE, dim, keepdim)
    return Tensor._make(ew.binary(ew.GT, hits, np.zeros((), np.int64), np.int64, _logical_result(input)))


def _logical_result(x):
    """all/any give bool, except for uint8 input, which gives uint8 0/1 (as in PyTorch)."""
    return np.uint8 if x._data.dtype == np.uint8 else np.bool_
