"""Shape ops: views of the same memory (view, permute, expand...) and copies (cat, stack).

Their backward moves the gradient back into the input's layout; only ``expand`` (a
broadcast) needs arithmetic, the sum over the expanded dimensions.
"""
import math

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode, Node
from .util import size_args, wrap_dim
from .registry import public


def infer_shape(shape, numel):
    """Resolve one -1 in ``shape`` for a tensor of ``numel`` elements; PyTorch's errors."""
    shape = list(shape)
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for i, s in enumerate(shape):
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {shape}")
    known = int(math.prod([s for s in shape if s != -1]))
    if unknown:
        if known == 0:
            if numel == 0:
                raise RuntimeError(
                    f"cannot reshape tensor of 0 elements into shape {shape} because the unspecified "
                    "dimension size -1 can be any value and is ambiguous")
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        if numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape[unknown[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


class ViewBackward0(FormulaNode):
    """out = x seen with another shape  ->  the gradient reshaped back."""

    is_view = True
    grads = (lambda n, g: g.reshape(n.in_shape),)

    def __init__(self, shape):
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        self.in_meta = ((x.shape, x.dtype),)
        return x.reshape(self.shape)


class UnsafeViewBackward0(ViewBackward0):
    """reshape that had to copy (the input was not viewable with the new shape)."""

    is_view = False


@public(function=False)
def view(x, *shape):
    shape = infer_shape(size_args(shape, allow_minus_one=True), x._data.size)
    if not _viewable(x._data, shape):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one dimension "
            "spans across two contiguous subspaces). Use .reshape(...) instead.")
    return ViewBackward0(shape).apply(x)


def _viewable(a, shape):
    try:
        v = a.view()
        v.shape = shape  # NumPy raises when this needs a copy
        return True
    except AttributeError:
        return False


class ReshapeAliasBackward0(ViewBackward0):
    """reshape of a non-contiguous tensor that is still a view (PyTorch's ``_reshape_alias``)."""


@public
def reshape(x, *shape):
    shape = infer_shape(size_args(shape, allow_minus_one=True), x._data.size)
    if not _viewable(x._data, shape):
        node = UnsafeViewBackward0
    else:
        node = ViewBackward0 if x._data.flags.c_contiguous else ReshapeAliasBackward0
    return node(shape).apply(x)


@public(function=False)
def view_as(x, other):
    return view(x, other.shape)


@public(function=False)
def reshape_as(x, other):
    return reshape(x, other.shape)


@public
def flatten(x, start_dim=0, end_dim=-1):
    if x._data.ndim == 0:   # the dims of a 0-d tensor are those of a 1-d one ([-1, 0])
        wrap_dim(start_dim, 0)
        wrap_dim(end_dim, 0)
        return reshape(x, 1)
    s = wrap_dim(start_dim, x._data.ndim)
    e = wrap_dim(end_dim, x._data.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:   # nothing to merge: PyTorch returns the tensor itself
        return x
    shape = x._data.shape[:s] + (int(math.prod(x._data.shape[s:e + 1])),) + x._data.shape[e + 1:]
    return reshape(x, shape)


@public
def unflatten(x, dim, sizes):
    d = wrap_dim(dim, x._data.ndim)
    if -1 not in sizes and math.prod(sizes) != x._data.shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} "
                           f"({x._data.shape[d]}) in the input tensor")
    sizes = infer_shape(sizes, x._data.shape[d])
    return view(x, x._data.shape[:d] + sizes + x._data.shape[d + 1:])


class PermuteBackward0(FormulaNode):
    """out = x with dimensions reordered  ->  the gradient with the inverse order."""

    is_view = True
    grads = (lambda n, g: g.permute(*[int(d) for d in np.argsort(n.dims)]),)

    def __init__(self, dims):
        self.dims = dims

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        return x.transpose(self.dims)


class TransposeBackward0(PermuteBackward0):
    """out = x with two dimensions swapped."""


class TBackward0(PermuteBackward0):
    """out = x.t() (a 2-D transpose)."""


@public
def permute(x, *dims):
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    nd = x._data.ndim
    if len(dims) != nd:
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match the length of "
            f"the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to len(dims) = {len(dims)}")
    wrapped = tuple(wrap_dim(d, nd) for d in dims)
    if len(set(wrapped)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return PermuteBackward0(wrapped).apply(x)


@public
def transpose(x, dim0, dim1):
    nd = x._data.ndim
    if nd == 0:
        wrap_dim(dim0, 0), wrap_dim(dim1, 0)
        return TransposeBackward0(()).apply(x)
    dims = list(range(nd))
    a, b = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    dims[a], dims[b] = dims[b], dims[a]
    return TransposeBackward0(tuple(dims)).apply(x)


@public
def t(x):
    if x._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x._data.ndim}D")
    return TBackward0(tuple(range(x._data.ndim - 1, -1, -1))).apply(x)


class SqueezeBackward0(ViewBackward0):
    """out = x without its size-1 dimensions  ->  the gradient reshaped back."""


class SqueezeBackward1(ViewBackward0):
    """out = x without size-1 dimension ``dim``."""


class SqueezeBackward4(ViewBackward0):
    """out = x without size-1 dimension ``dim``, as the last step of ``vector @ matrix`` (the
    product is a new tensor, not a view of the hidden one-row product)."""

    is_view = False


class UnsqueezeBackward0(ViewBackward0):
    """out = x with a new size-1 dimension."""


@public
def squeeze(x, dim=None):
    shape = x._data.shape
    if dim is None:
        return SqueezeBackward0(tuple(s for s in shape if s != 1)).apply(x)
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    ds = {wrap_dim(d, x._data.ndim) for d in dims}
    new = tuple(s for i, s in enumerate(shape) if not (i in ds and s == 1))
    return SqueezeBackward1(new).apply(x)


@public
def unsqueeze(x, dim):
    d = wrap_dim(dim, x._data.ndim + 1)
    shape = x._data.shape
    return UnsqueezeBackward0(shape[:d] + (1,) + shape[d:]).apply(x)


class ExpandBackward0(FormulaNode):
    """out = x broadcast to a larger shape (a view)  ->  the gradient summed back (the
    formula is the identity: a gradient of the broadcast shape is summed to x's shape)."""

    is_view = True
    grads = (lambda n, g: g,)

    def __init__(self, shape):
        self.shape = shape

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        # a writable view (stride 0 along the new dimensions): PyTorch writes through an expanded
        # tensor (``e[0] = 1`` sets the one shared element); the in-place ops that refuse it check
        lead = len(self.shape) - x.ndim
        strides = (0,) * lead + tuple(0 if n == 1 and m != 1 else st
                                      for st, n, m in zip(x.strides, x.shape, self.shape[lead:]))
        return np.lib.stride_tricks.as_strided(x, self.shape, strides, writeable=x.flags.writeable)


@public(function=False)
def expand(x, *sizes):
    sizes = size_args(sizes, allow_minus_one=True)
    shape = x._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand({x.type()}{{{list(shape)}}}, size={list(sizes)}): the number of sizes provided "
            f"({len(sizes)}) must be greater or equal to the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    out = []
    for i in range(len(sizes) - 1, -1, -1):   # from the right, as PyTorch checks them
        s = sizes[i]
        old = shape[i - lead] if i >= lead else None
        if s < 0 and old is None:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) isn't allowed in a leading, non-existing dimension {i}")
        if s == -1:
            s = old
        elif old is not None and (s < 0 or (old != 1 and old != s)):
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({old}) at non-singleton "
                f"dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: {list(shape)}")
        out.append(s)
    return ExpandBackward0(tuple(out[::-1])).apply(x)


@public
def expand_as(x, other):
    return expand(x, other.shape)


class CloneBackward0(FormulaNode):
    """out = a copy of x  ->  the gradient passes unchanged."""

    grads = (lambda n, g: g,)

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        return np.array(x, copy=True, order="C")


@public
def clone(x):
    return CloneBackward0().apply(x)


class CatBackward0(Node):
    """out = the inputs joined along ``dim``  ->  each input gets its slice of the gradient."""

    def __init__(self, dim, dt=None):
        self.dim, self.dt = dim, dt

    def forward(self, *xs):
        self.sizes = [x.shape[self.dim] for x in xs]
        self.dts = [x.dtype for x in xs]
        dt = _promoted(xs) if self.dt is None else self.dt
        return np.concatenate([x.astype(dt, copy=False) for x in xs], axis=self.dim)

    def backward(self, g):
        bounds = np.cumsum(self.sizes)[:-1]
        return tuple(p.astype(dt, copy=False) for p, dt in zip(np.split(g, bounds, axis=self.dim), self.dts))

    def backward_graph(self, g):
        """The same slices, taken with recorded indexing (so the gradient is differentiable again)."""
        out, start = [], 0
        for size, dt in zip(self.sizes, self.dts):
            piece = g[(slice(None),) * self.dim + (slice(start, start + size),)]
            out.append(piece if piece._data.dtype == dt else piece.to(_dtype.from_numpy_dtype(dt)))
            start += size
        return out


class StackBackward0(Node):
    """out = the inputs stacked along a new ``dim``  ->  each input gets its slice of the gradient."""

    def __init__(self, dim):
        self.dim = dim

    def forward(self, *xs):
        self.dts = [x.dtype for x in xs]
        dt = _promoted(xs)
        return np.stack([x.astype(dt, copy=False) for x in xs], axis=self.dim)

    def backward(self, g):
        return tuple(np.take(g, i, axis=self.dim).astype(dt, copy=False) for i, dt in enumerate(self.dts))

    def backward_graph(self, g):
        """Each input's slice of the gradient, taken with recorded indexing."""
        return [(lambda p: p if p._data.dtype == dt else p.to(_dtype.from_numpy_dtype(dt)))(
                g[(slice(None),) * self.dim + (i,)]) for i, dt in enumerate(self.dts)]


def _promoted(arrays):
    """The NumPy dtype PyTorch's ``promote_types`` gives for all of ``arrays``' dtypes."""
    dt = _dtype.from_numpy_dtype(arrays[0].dtype)
    for a in arrays[1:]:
        dt = _dtype.promote_types(dt, _dtype.from_numpy_dtype(a.dtype))
    return dt.np


def _check_tensor_list(tensors, name, dim=0):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    if not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    if not tensors:
        if name == "stack":
            raise RuntimeError("stack expects a non-empty TensorList")
        raise ValueError(f"torch.{name}(): expected a non-empty list of Tensors")
    for i, t_ in enumerate(tensors):
        if not isinstance(t_, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t_).__name__}")


@public(aliases=("concat", "concatenate"), method=False, out="convert")
def cat(tensors, dim=0):
    _check_tensor_list(tensors, "cat", dim)
    dt = _promoted([t_._data for t_ in tensors])   # skipped empty 1-D tensors still count for the dtype
    tensors = [t_ for t_ in tensors if not (t_._data.ndim == 1 and t_._data.size == 0)] or list(tensors[:1])
    ref = tensors[0]._data
    if ref.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = wrap_dim(dim, ref.ndim)
    for i, t_ in enumerate(tensors[1:], 1):
        s = t_._data.shape
        if len(s) != ref.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {ref.ndim} and {len(s)}")
        for j in range(ref.ndim):
            if j != d and s[j] != ref.shape[j]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size {ref.shape[j]} but got "
                    f"size {s[j]} for tensor number {i} in the list.")
    return CatBackward0(d, dt).apply(*tensors)


@public(method=False, out="convert")
def stack(tensors, dim=0):
    _check_tensor_list(tensors, "stack", dim)
    ref = tensors[0]._data.shape
    for i, t_ in enumerate(tensors[1:], 1):
        if t_._data.shape != ref:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(ref)} at entry 0 and "
                f"{list(t_._data.shape)} at entry {i}")
    return StackBackward0(wrap_dim(dim, len(ref) + 1)).apply(*tensors)
