"""Diagonals: ``diagonal`` (a view), ``diag_embed`` / ``diag`` / ``diagflat`` (a vector placed on
a diagonal of zeros) and ``trace``.

A diagonal of the dimensions (d1, d2) with ``offset`` is a strided view of the array: the
other dimensions, then one dimension whose stride is the sum of d1's and d2's.  Placing
values on a diagonal and reading a diagonal are each other's transpose, which gives every
derivative here.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import reduce as kr
from . import shape as shape_ops
from .util import wrap_dim
from .registry import public


def diagonal_view(a, offset, d1, d2):
    """The writable view of array ``a``'s diagonal ``offset`` of dims (d1, d2), that diagonal last."""
    start = [slice(None)] * a.ndim
    if offset >= 0:
        start[d2] = slice(min(offset, a.shape[d2]), None)
    else:
        start[d1] = slice(min(-offset, a.shape[d1]), None)
    shifted = a[tuple(start)]
    n = max(0, min(shifted.shape[d1], shifted.shape[d2]))
    keep = [i for i in range(a.ndim) if i not in (d1, d2)]
    shape = tuple(a.shape[i] for i in keep) + (n,)
    strides = tuple(a.strides[i] for i in keep) + (a.strides[d1] + a.strides[d2],)
    return np.lib.stride_tricks.as_strided(shifted, shape, strides, writeable=a.flags.writeable)


class DiagonalBackward0(FormulaNode):
    """out = x's diagonal ``offset`` of dims (d1, d2) (a view)  ->  the gradient placed on that
    diagonal of zeros of x's shape."""

    is_view = True
    grads = (lambda n, g: DiagonalBackwardBackward0(n.in_meta[0][0], n.offset, n.d1, n.d2).apply(g),)

    def __init__(self, offset, d1, d2):
        self.offset, self.d1, self.d2 = offset, d1, d2

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        return diagonal_view(x, self.offset, self.d1, self.d2)


class DiagonalBackward0_copy(DiagonalBackward0):
    """out = a copy of the diagonal (``torch.diag`` of a matrix)."""

    is_view = False

    def forward(self, x):
        return np.ascontiguousarray(super().forward(x))


class DiagonalBackwardBackward0(FormulaNode):
    """out = g placed on a diagonal of zeros of ``shape`` (diagonal's backward, recorded)  ->
    d/dg = the same diagonal of the incoming gradient."""

    grads = (lambda n, G: diagonal(G, n.offset, n.d1, n.d2),)

    def __init__(self, shape, offset, d1, d2):
        self.shape, self.offset, self.d1, self.d2 = shape, offset, d1, d2

    def forward(self, g):
        self.in_meta = ((g.shape, g.dtype),)
        out = np.zeros(self.shape, g.dtype)
        diagonal_view(out, self.offset, self.d1, self.d2)[...] = g
        return out


class DiagEmbedBackward0(FormulaNode):
    """out = zeros with x's last dimension on diagonal ``offset`` of the new dims (d1, d2)  ->
    d/dx = that diagonal of the gradient."""

    grads = (lambda n, g: diagonal(g, n.offset, n.d1, n.d2),)

    def __init__(self, offset, d1, d2):
        self.offset, self.d1, self.d2 = offset, d1, d2

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        n = x.shape[-1] + abs(self.offset)
        rest = list(x.shape[:-1])
        shape = []
        for i in range(x.ndim + 1):
            shape.append(n if i in (self.d1, self.d2) else rest.pop(0))
        out = np.zeros(shape, x.dtype)
        diagonal_view(out, self.offset, self.d1, self.d2)[...] = x
        return out


def _dims_pair(d1, d2, nd, name):
    a, b = wrap_dim(d1, nd), wrap_dim(d2, nd)
    if a == b:
        raise RuntimeError(f"{name} dimensions cannot be identical {d1}, {d2}")
    return a, b


@public
def diagonal(input, offset=0, dim1=0, dim2=1):
    """The view of ``input``'s diagonal ``offset`` of dims (dim1, dim2), appended as the last dim."""
    d1, d2 = _dims_pair(dim1, dim2, input._data.ndim, "diagonal")
    return DiagonalBackward0(int(offset), d1, d2).apply(input)


@public
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor with ``input``'s last dimension on diagonal ``offset`` of dims (dim1, dim2) of
    zeros (one more dimension than ``input``)."""
    d1, d2 = _dims_pair(dim1, dim2, input._data.ndim + 1, "diagonal")
    return DiagEmbedBackward0(int(offset), d1, d2).apply(input)


@public(out="exact")
def diag(input, diagonal=0):
    """A vector on diagonal ``diagonal`` of a square zero matrix, or a matrix's diagonal (a copy)."""
    nd = input._data.ndim
    if nd == 1:
        return DiagEmbedBackward0(int(diagonal), 0, 1).apply(input)
    if nd == 2:
        return DiagonalBackward0_copy(int(diagonal), 0, 1).apply(input)
    raise RuntimeError("diag(): Supports 1D or 2D tensors. Got " + f"{nd}D")


@public
def diagflat(input, offset=0):
    """``input`` flattened, on diagonal ``offset`` of a square zero matrix."""
    x = input if input._data.flags.c_contiguous else shape_ops.clone(input)
    flat = shape_ops.view(x, -1)
    return DiagEmbedBackward0(int(offset), 0, 1).apply(flat)


class TraceBackward0(FormulaNode):
    """out = sum of a matrix's main diagonal  ->  d/dx = g on the diagonal, 0 elsewhere."""

    grads = (lambda n, g: (g * Tensor._make(np.eye(*n.in_meta[0][0], dtype=g._data.dtype).reshape(-1))).view(
        n.in_meta[0][0]),)

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        dt = np.int64 if x.dtype.kind in "biu" else x.dtype
        return kr.reduce(kr.SUM, np.ascontiguousarray(diagonal_view(x, 0, 0, 1)), (0,), dt)


@public
def trace(input):
    """The sum of the main diagonal of a matrix (integers summed as int64)."""
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return TraceBackward0().apply(input)
