"""One tensor into several views: ``split``, ``chunk``, ``unbind`` (and iteration, which unbinds).

Each piece is a view of the input, recorded as a node with PyTorch's name
(``SplitBackward0``, ``SplitWithSizesBackward0``, ``UnbindBackward0``).  A piece's backward
puts its gradient back at the piece's place in a zero tensor of the input's shape, and the
engine adds up the pieces' contributions.  (PyTorch records one node with an output per piece;
the gradients are the same, and so is what a grad_fn prints.)
"""
import numpy as np

from .._tensor import Tensor
from .index import SliceBackward0
from .util import wrap_dim
from .registry import public


class _PieceBackward(SliceBackward0):
    """One output of a function that returns several views.  As in PyTorch, such a piece may
    not be modified in place while its graph is recorded (``check_inplace`` refuses it):
    ``output_nr`` and ``function`` name it in the error."""

    output_nr = 0
    function = ""


class SplitBackward0(_PieceBackward):
    """out = x[..., start:stop, ...] along ``dim``: one piece of ``split(int)`` or ``chunk``."""

    function = "Split"


class SplitWithSizesBackward0(_PieceBackward):
    """out = x[..., start:stop, ...] along ``dim``: one piece of ``split([sizes])``."""

    function = "SplitWithSizes"


class UnbindBackward0(_PieceBackward):
    """out = x[..., i, ...]: one slice of ``unbind``, without dimension ``dim``."""

    function = "Unbind"


def _piece(node, output_nr, x):
    node.output_nr = output_nr
    return node.apply(x)


def _split_dim(x, dim, name):
    if x._data.ndim == 0:
        raise RuntimeError(f"{name} expects at least a 1-dimensional tensor")
    return wrap_dim(dim, x._data.ndim)


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _pieces(x, node, d, sizes):
    """One view per size, consecutive along dimension ``d``."""
    out, start = [], 0
    for k, size in enumerate(sizes):
        out.append(_piece(node(d, slice(start, start + size)), k, x))
        start += size
    return tuple(out)


@public(method=False)
def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last one smaller), or pieces of the listed sizes."""
    sizes = split_size_or_sections
    if isinstance(sizes, Tensor) and sizes._data.ndim == 0 and sizes._data.dtype.kind in "iu":
        sizes = int(sizes._data)
    if isinstance(sizes, (list, tuple)):
        return split_with_sizes(tensor, sizes, dim)
    if not _is_int(sizes):
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, "
                        f"not {type(sizes).__name__}")
    d = _split_dim(tensor, dim, "split")
    n = tensor._data.shape[d]
    if sizes < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={sizes}")
    if sizes == 0 and n != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
    count = max(-(-n // sizes), 1) if sizes else 1
    return _pieces(tensor, SplitBackward0, d, [sizes] * (count - 1) + [n - sizes * (count - 1)])


@public
def split_with_sizes(input, split_sizes, dim=0):
    tensor = input
    d = _split_dim(tensor, dim, "split")
    if not isinstance(split_sizes, (list, tuple)):
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, "
                        f"not {type(split_sizes).__name__}")
    sizes = list(split_sizes)
    if not all(_is_int(s) for s in sizes):
        bad = next(s for s in sizes if not _is_int(s))
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, "
                        f"but found element of type {type(bad).__name__} at pos {sizes.index(bad)}")
    sizes = [int(s) for s in sizes]
    n = tensor._data.shape[d]
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if sum(sizes) != n:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                           f"dimension {dim}), but got split_sizes={sizes}")
    return _pieces(tensor, SplitWithSizesBackward0, d, sizes)


@public
def chunk(input, chunks, dim=0):
    """At most ``chunks`` pieces of equal size along ``dim`` (the last one may be smaller)."""
    if not _is_int(chunks):
        raise TypeError(f"chunk(): argument 'chunks' (position 1) must be int, not {type(chunks).__name__}")
    d = _split_dim(input, dim, "chunk")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._data.shape[d]
    size = -(-n // chunks)
    if size == 0:   # an empty dimension: `chunks` empty pieces
        return _pieces(input, SplitWithSizesBackward0, d, [0] * chunks)
    return split(input, size, d)


@public
def unbind(input, dim=0):
    """The slices along ``dim``, each without that dimension."""
    d = wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    return tuple(_piece(UnbindBackward0(d, i), i, input) for i in range(input._data.shape[d]))


@public(name="split", function=False)
def split_method(self, split_size, dim=0):
    """``Tensor.split``: PyTorch names the method's size argument ``split_size``."""
    return split(self, split_size, dim)
