"""Data movement without arithmetic: ``roll``, ``flip``, ``rot90``, ``repeat``/``tile`` (copies),
``narrow``, ``movedim``, ``tensor_split`` (views), the stacking helpers (``hstack``...,
``atleast_*d``, ``meshgrid``, ``block_diag``, ``cartesian_prod``) and index generators.

A copy is NumPy's (``np.roll``, a flipped view made contiguous, ``np.tile``); its derivative
is the inverse movement of the gradient, written with Tensor ops so it is differentiable again.
"""
import warnings

import numpy as np

from .. import _checks

from .. import _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode
from . import index_dim, shape as shape_ops
from .elementwise import to_dtype
from .index import SelectBackward0, SliceBackward0
from .util import broadcast_shapes, wrap_dim
from .registry import public


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _int_list(values):
    if _is_int(values):
        return [int(values)]
    return [int(v) for v in values]


# ---- copies: roll, flip, rot90, repeat ---------------------------------------------------------

class RollBackward0(FormulaNode):
    """out = x shifted cyclically by ``shifts`` along ``dims`` (flattened when no dims)  ->
    the gradient rolled back."""

    grads = (lambda n, g: roll(g, [-s for s in n.shifts], n.dims or None),)

    def __init__(self, shifts, dims):
        self.shifts, self.dims = shifts, dims

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        if not self.dims:
            return np.roll(x.reshape(-1), self.shifts[0]).reshape(x.shape)
        return np.ascontiguousarray(np.roll(x, self.shifts, self.dims))


@public
def roll(input, shifts, dims=None):
    """Elements shifted by ``shifts`` positions along ``dims`` (wrapping around)."""
    shifts = _int_list(shifts)
    if dims is None or (isinstance(dims, (list, tuple)) and not dims):
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return RollBackward0(shifts, ()).apply(input)
    dims = _int_list(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    dims = [wrap_dim(d, input._data.ndim) for d in dims]
    return RollBackward0(shifts, tuple(dims)).apply(input)


class FlipBackward0(FormulaNode):
    """out = x reversed along ``dims``  ->  the gradient reversed along them."""

    grads = (lambda n, g: flip(g, n.dims),)

    def __init__(self, dims):
        self.dims = dims

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        out = np.empty_like(x)   # x's memory layout, as PyTorch keeps it (a 0-d x: a copy)
        out[...] = np.flip(x, self.dims)
        return out


@public
def flip(input, *dims, **kwargs):
    """A copy of ``input`` with the order of elements reversed along ``dims``."""
    if "dims" in kwargs:
        dims = (kwargs.pop("dims"),)
    if kwargs:
        raise TypeError(f"flip() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if not dims:
        raise TypeError('flip() missing 1 required positional arguments: "dims"')
    if len(dims) == 1 and not _is_int(dims[0]):
        dims = dims[0]
    nd = input._data.ndim
    wrapped = [wrap_dim(d, max(nd, 1)) for d in dims]   # a 0-d tensor counts as 1-d
    for i, d in enumerate(wrapped):
        if d in wrapped[:i]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return FlipBackward0(tuple(wrapped) if nd else ()).apply(input)


@public
def fliplr(input):
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, [1])


@public
def flipud(input):
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, [0])


class Rot90Backward0(FormulaNode):
    """out = x rotated by k quarter turns in the plane ``dims``  ->  the gradient rotated by -k."""

    grads = (lambda n, g: rot90(g, -n.k, n.dims),)

    def __init__(self, k, dims):
        self.k, self.dims = k, dims

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        return np.ascontiguousarray(np.rot90(x, self.k, self.dims))


@public
def rot90(input, k=1, dims=(0, 1)):
    """``input`` rotated by ``k`` quarter turns from the first towards the second of ``dims``."""
    dims = list(dims)
    nd = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == nd:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    if not (-nd <= dims[0] < nd and -nd <= dims[1] < nd):
        raise RuntimeError(f"Rotation dim0 out of range, dim0 = {dims[0]}" if not -nd <= dims[0] < nd
                           else f"Rotation dim1 out of range, dim1 = {dims[1]}")
    return Rot90Backward0(int(k) % 4, (dims[0] % nd, dims[1] % nd)).apply(input)


class RepeatBackward0(FormulaNode):
    """out = x tiled ``repeats`` times along each dimension (x's shape padded with leading 1s)
    ->  the gradient's copies summed: g seen as (r0, s0, r1, s1, ...) summed over the r's."""

    grads = (lambda n, g: _repeat_grad(n, g),)

    def __init__(self, repeats):
        self.repeats = repeats

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        if not self.repeats:   # a 0-d tensor repeated ()
            return x.copy()
        padded = x.reshape((1,) * (len(self.repeats) - x.ndim) + x.shape)
        return np.ascontiguousarray(np.tile(padded, self.repeats))


def _repeat_grad(n, g):
    shape = n.in_meta[0][0]
    padded = (1,) * (len(n.repeats) - len(shape)) + shape
    split = [v for r, s in zip(n.repeats, padded) for v in (r, s)]
    lead = 2 * (len(padded) - len(shape))   # the padded dims of x (size 1) are summed away too
    dims = list(range(0, len(split), 2)) + list(range(1, lead, 2))
    return g.reshape(split).sum(sorted(dims))


@public(function=False)
def repeat(input, *sizes):
    """``input`` tiled ``sizes[i]`` times along dimension i (``len(sizes) >= input.dim()``)."""
    sizes = shape_ops.size_args(sizes)
    if len(sizes) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of "
                           "tensor")
    for s in sizes:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(sizes)}")
    return RepeatBackward0(tuple(sizes)).apply(input)


@public(method=False)
def tile(input, dims):
    """``repeat`` with ``dims`` padded by leading 1s to ``input.dim()`` entries."""
    if not isinstance(dims, (list, tuple)):
        raise TypeError(f"tile(): argument 'dims' (position 2) must be tuple of ints, not {type(dims).__name__}")
    dims = _int_list(dims)
    return repeat(input, [1] * (input._data.ndim - len(dims)) + dims)


@public(name="tile", function=False)
def tile_method(self, *dims):
    """``Tensor.tile``: the sizes as separate ints or one sequence."""
    return tile(self, list(dims[0]) if len(dims) == 1 and isinstance(dims[0], (list, tuple)) else list(dims))


@public
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element repeated ``repeats`` times in place (along ``dim``; over the flattened
    input without one).  An int: unsqueeze, expand, clone, view, as PyTorch composes it; a
    tensor of counts: an index_select of the repeated positions."""
    if repeats is None:   # torch.repeat_interleave(counts): the positions repeated
        counts = input._data
        return Tensor._make(np.repeat(np.arange(counts.size, dtype=np.int64), counts))
    x = input
    if dim is None:
        x, dim = shape_ops.reshape(x, -1), 0
    d = wrap_dim(dim, x._data.ndim)
    if isinstance(repeats, Tensor) and repeats._data.ndim == 0:
        repeats = int(repeats._data)
    if _is_int(repeats):
        if repeats < 0:
            raise RuntimeError("repeats can not be negative")
        shape = x._data.shape
        big = shape_ops.unsqueeze(x, d + 1)
        big = shape_ops.expand(big, shape[:d + 1] + (int(repeats),) + shape[d + 1:])
        return shape_ops.view(shape_ops.clone(big), shape[:d] + (shape[d] * int(repeats),) + shape[d + 1:])
    counts = repeats._data
    if counts.ndim != 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    if counts.shape[0] != x._data.shape[d]:
        raise RuntimeError("repeats must have the same size as input along dim, but got repeats.size(0) = "
                           f"{counts.shape[0]} and input.size({d}) = {x._data.shape[d]}")
    if counts.size and counts.min() < 0:
        raise RuntimeError("repeats can not be negative")
    positions = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    return index_dim.index_select(x, d, Tensor._make(positions))


# ---- views: narrow, movedim, swapaxes, split by indices ---------------------------------------

@public
def narrow(input, dim, start, length):
    """The view of ``length`` elements of ``input`` from ``start`` along ``dim``."""
    if input._data.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if isinstance(start, Tensor):
        start = int(start._data)
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start > size - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return SliceBackward0(d, slice(start, start + length)).apply(input)


@public
def select(input, dim, index):
    """The view of ``input`` at position ``index`` along ``dim``, without that dimension."""
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"select(): argument 'index' (position 2) must be int, not {type(index).__name__}")
    if input._data.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input._data.shape)} "
                         f"at dimension {d}")
    return SelectBackward0(d, int(index) % size).apply(input)


@public(aliases=("moveaxis",))
def movedim(input, source, destination):
    """``input`` with dimensions ``source`` moved to positions ``destination`` (a permute)."""
    src, dst = _int_list(source), _int_list(destination)
    nd = input._data.ndim
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the "
                           f"same number of dims as destination ({dst} dims)")
    src = [wrap_dim(d, nd) for d in src]
    dst = [wrap_dim(d, nd) for d in dst]
    for name, ds in (("source", src), ("destination", dst)):
        if len(set(ds)) != len(ds):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({_int_list(source if name == 'source' else destination)})")
    order = [None] * nd
    for s, t_ in zip(src, dst):
        order[t_] = s
    rest = iter(d for d in range(nd) if d not in src)
    order = [next(rest) if o is None else o for o in order]
    return shape_ops.permute(input, order)


@public(aliases=("swapdims",))
def swapaxes(input, axis0, axis1):
    return shape_ops.transpose(input, axis0, axis1)


@public(method=False)
def broadcast_to(input, size):
    """``input`` expanded to ``size`` (a view)."""
    return shape_ops.expand(input, size)


@public(name="broadcast_to", function=False)
def broadcast_to_method(self, *size):
    """``x.broadcast_to(3, 4)`` or ``x.broadcast_to((3, 4))``."""
    return shape_ops.expand(self, *size)


@public(method=False)
def broadcast_tensors(*tensors):
    """Each tensor expanded to the common broadcast shape."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = broadcast_shapes(*[t_._data.shape for t_ in tensors]) if tensors else ()
    return tuple(shape_ops.expand(t_, shape) for t_ in tensors)


@public(function=False)
def type_as(input, other):
    return to_dtype(input, _dtype.from_numpy_dtype(other._data.dtype))


@public
def tensor_split(input, indices_or_sections, dim=0):
    """Views of ``input`` along ``dim``: ``sections`` nearly equal pieces (the first ones one
    longer), or the pieces between the given indices."""
    if input._data.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    d = wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    ios = indices_or_sections
    if isinstance(ios, Tensor):
        if ios._data.dtype != np.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have type long, but got "
                               f"{_dtype.from_numpy_dtype(ios._data.dtype)}".replace("torch.", ""))
        if ios._data.ndim > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {ios._data.ndim} dims")
        ios = int(ios._data) if ios._data.ndim == 0 else [int(v) for v in ios._data]
    if _is_int(ios):
        if ios <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {ios}")
        small, extra = divmod(n, ios)
        bounds, start = [], 0
        for i in range(ios):
            stop = start + small + (1 if i < extra else 0)
            bounds.append((start, stop))
            start = stop
    else:
        edges = [0] + [min(max(v + n if v < 0 else v, 0), n) for v in ios] + [n]
        bounds = [(a, max(a, b)) for a, b in zip(edges[:-1], edges[1:])]
    return tuple(SliceBackward0(d, slice(a, b)).apply(input) for a, b in bounds)


def _split_by(name, input, ios, dim, min_dims):
    nd = input._data.ndim
    if nd < min_dims:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor "
                           f"with {nd} dimensions!")
    if _is_int(ios):
        size = input._data.shape[dim]
        if ios == 0 or size % ios:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the "
                               f"dimension {size} is not divisible by the split_size {ios}!")
    return tensor_split(input, ios, dim)


@public
def hsplit(input, indices_or_sections):
    return _split_by("hsplit", input, indices_or_sections, 1 if input._data.ndim > 1 else 0, 1)


@public
def vsplit(input, indices_or_sections):
    return _split_by("vsplit", input, indices_or_sections, 0, 2)


@public
def dsplit(input, indices_or_sections):
    return _split_by("dsplit", input, indices_or_sections, 2, 3)


# ---- at least n dims, stacking ------------------------------------------------------------------

def _atleast(n, tensors):
    single = len(tensors) == 1 and isinstance(tensors[0], Tensor)
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    out = []
    for x in tensors:
        nd = x._data.ndim
        if nd == 0:
            x = shape_ops.reshape(x, (1,) * n)
        elif n >= 2 and nd == 1:
            x = shape_ops.unsqueeze(x, 0)
            if n == 3:
                x = shape_ops.unsqueeze(x, -1)
        elif n == 3 and nd == 2:
            x = shape_ops.unsqueeze(x, -1)
        out.append(x)
    return out[0] if single else tuple(out)


@public(method=False)
def atleast_1d(*tensors):
    """Each tensor with at least one dimension (a 0-d tensor becomes shape (1,))."""
    return _atleast(1, tensors)


@public(method=False)
def atleast_2d(*tensors):
    """Each tensor with at least two dimensions (new leading size-1 dims)."""
    return _atleast(2, tensors)


@public(method=False)
def atleast_3d(*tensors):
    """Each tensor with at least three dimensions: (N,) -> (1, N, 1), (M, N) -> (M, N, 1)."""
    return _atleast(3, tensors)


def _stack_list(tensors, name):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return list(tensors)


@public(method=False, out="convert")
def hstack(tensors):
    """``cat`` along dimension 1 (0 for 1-D tensors) of the tensors made at least 1-D."""
    ts = list(atleast_1d(_stack_list(tensors, "hstack")))
    return shape_ops.cat(ts, 0 if ts[0]._data.ndim == 1 else 1)


@public(method=False, out="convert")
def vstack(tensors):
    """``cat`` along dimension 0 of the tensors made at least 2-D."""
    return shape_ops.cat(list(atleast_2d(_stack_list(tensors, "vstack"))), 0)


@public(method=False, out="convert")
def row_stack(tensors):
    return shape_ops.cat(list(atleast_2d(_stack_list(tensors, "row_stack"))), 0)


@public(method=False, out="convert")
def dstack(tensors):
    """``cat`` along dimension 2 of the tensors made at least 3-D."""
    return shape_ops.cat(list(atleast_3d(_stack_list(tensors, "dstack"))), 2)


@public(method=False, out="convert")
def column_stack(tensors):
    """Columns side by side: 0-d and 1-d tensors become (N, 1) columns, then ``hstack``."""
    ts = _stack_list(tensors, "column_stack")
    ts = [shape_ops.reshape(x, (x._data.size, 1)) if x._data.ndim <= 1 else x for x in ts]
    return shape_ops.cat(ts, 1)


@public(method=False)
def meshgrid(*tensors, indexing=None):
    """Coordinate grids of 0-d or 1-d tensors: output i varies along dimension i ("ij"), or
    with the first two dimensions swapped ("xy")."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        _checks.warn_at_caller("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument. "
                      "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4215.)",
                      UserWarning)
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    for x in tensors:
        if x._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {x!r}")
    for x in tensors[1:]:
        if x._data.dtype != tensors[0]._data.dtype:
            raise RuntimeError("torch.meshgrid: Expected all tensors in the tensor list to have the same dtype.")
    ts = list(tensors)
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    sizes = tuple(x._data.size for x in ts)
    out = []
    for i, x in enumerate(ts):
        view_shape = [1] * len(ts)
        view_shape[i] = -1
        out.append(shape_ops.expand(shape_ops.view(x, view_shape), sizes))
    if swap:
        out[0], out[1] = out[1], out[0]
    return tuple(out)


@public(method=False)
def cartesian_prod(*tensors):
    """All combinations of the elements of 1-D tensors, one per row (``meshgrid`` + ``stack``)."""
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for x in tensors:
        if x._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(x._data.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")   # each flattened as reshape does a broadcast view: a clone
    n = grids[0]._data.size
    return shape_ops.stack([shape_ops.UnsafeViewBackward0((n,)).apply(shape_ops.clone(g)) for g in grids], 1)


class BlockDiagBackward0(FormulaNode):
    """out = the inputs (as matrices) along the diagonal of a zero matrix  ->  each input's
    block of the gradient."""

    def __init__(self, blocks):
        self.blocks = blocks    # (row, col, rows, cols) per input
        self.grads = tuple(self._block_grad(i) for i in range(len(blocks)))

    def _block_grad(self, i):
        r, c, nr, nc = self.blocks[i]
        return lambda n, g: g[r:r + nr, c:c + nc].reshape(n.in_meta[i][0])

    def forward(self, *xs):
        self.in_meta = tuple((x.shape, x.dtype) for x in xs)
        dt = shape_ops._promoted(xs) if xs else np.float32
        rows = sum(b[2] for b in self.blocks)
        cols = sum(b[3] for b in self.blocks)
        out = np.zeros((rows, cols), dt)
        for (r, c, nr, nc), x in zip(self.blocks, xs):
            out[r:r + nr, c:c + nc] = x.reshape(nr, nc)
        return out


@public(method=False)
def block_diag(*tensors):
    """The 0-, 1- or 2-d tensors (1-d as one row) along the diagonal of a zero matrix."""
    blocks, r, c = [], 0, 0
    for i, x in enumerate(tensors):
        nd = x._data.ndim
        if nd > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{nd} dimensions")
        nr, nc = (1, 1) if nd == 0 else (1, x._data.shape[0]) if nd == 1 else x._data.shape
        blocks.append((r, c, nr, nc))
        r, c = r + nr, c + nc
    if not tensors:
        return Tensor._make(np.zeros((1, 0), np.float32))
    return BlockDiagBackward0(blocks).apply(*tensors)


def _tri_indices(row, col, offset, lower, dtype):
    dt = _dtype.to_dtype(dtype) if dtype is not None else _dtype.int64
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    if lower:
        rows, cols = np.tril_indices(row, offset, col)
    else:
        rows, cols = np.triu_indices(row, offset, col)
    return Tensor._make(np.stack([rows, cols]).astype(dt.np).reshape(2, -1))


@public(method=False)
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (2, N) row and column indices of the lower triangle of a row x col matrix."""
    return _tri_indices(row, col, offset, True, dtype)


@public(method=False)
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (2, N) row and column indices of the upper triangle of a row x col matrix."""
    return _tri_indices(row, col, offset, False, dtype)
