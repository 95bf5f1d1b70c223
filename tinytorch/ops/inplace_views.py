"""In-place shape changes (``t_``, ``transpose_``, ``unsqueeze_``, ``squeeze_``) and ``copy_``.

A shape change in place keeps the memory and changes how the tensor sees it: the tensor's
array becomes the view, its history a node of PyTorch's name for the in-place variant
(``TBackward1``...), and its version counter is bumped, as PyTorch bumps it.  ``copy_``
writes another tensor's values (broadcast, converted) through the ordinary in-place path.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from ..autograd.node import FormulaNode
from . import shape as shape_ops
from .inplace import apply_inplace, check_inplace, check_internal_overlap, check_partial_overlap
from .util import broadcast_shapes, wrap_dim
from .registry import public


class TBackward1(shape_ops.PermuteBackward0):
    """x.t_(): a 2-D transpose in place."""


class TransposeBackward1(shape_ops.PermuteBackward0):
    """x.transpose_(dim0, dim1)."""


class UnsqueezeBackward1(shape_ops.ViewBackward0):
    """x.unsqueeze_(dim)."""


class SqueezeBackward3(shape_ops.ViewBackward0):
    """x.squeeze_() (every size-1 dimension)."""


class SqueezeBackward4(shape_ops.ViewBackward0):
    """x.squeeze_(dim)."""


class SqueezeBackward5(shape_ops.ViewBackward0):
    """x.squeeze_(dims) (a tuple of dims)."""


def _restride(t, node):
    """Make ``t`` see its memory as ``node``'s view of it, recording the node when needed."""
    check_inplace(t)
    base = t._base
    if _enabled[0] and (t._requires_grad or (base is not None and base._requires_grad)):
        old = Tensor._make(t._data)
        old._grad_fn, old._requires_grad = t.grad_fn, True
        old._output_nr = t._output_nr
        old._accumulator = t._accumulator
        new = node.apply(old)
        t._data, t._grad_fn, t._output_nr = new._data, new._grad_fn, 0   # (a retained grad stays with
        # the old value, as in PyTorch)
    else:
        t._data = node.forward(t._data)
    t._vc[0] += 1
    if base is not None:
        t._view_version = t._vc[0]
    return t


@public(function=False)
def t_(self):
    if self._data.ndim > 2:
        raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is {self._data.ndim}D")
    return _restride(self, TBackward1(tuple(range(self._data.ndim - 1, -1, -1))))


@public(aliases=("swapaxes_", "swapdims_"), function=False)
def transpose_(self, dim0, dim1):
    nd = self._data.ndim
    dims = list(range(nd))
    if nd == 0:
        wrap_dim(dim0, 0), wrap_dim(dim1, 0)
        return _restride(self, TransposeBackward1(()))
    a, b = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    dims[a], dims[b] = dims[b], dims[a]
    return _restride(self, TransposeBackward1(tuple(dims)))


@public(function=False)
def unsqueeze_(self, dim):
    d = wrap_dim(dim, self._data.ndim + 1)
    shape = self._data.shape
    return _restride(self, UnsqueezeBackward1(shape[:d] + (1,) + shape[d:]))


@public(function=False)
def squeeze_(self, dim=None):
    shape = self._data.shape
    if dim is None:
        return _restride(self, SqueezeBackward3(tuple(s for s in shape if s != 1)))
    node = SqueezeBackward4 if isinstance(dim, (int, np.integer)) else SqueezeBackward5
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    ds = {wrap_dim(d, self._data.ndim) for d in dims}
    return _restride(self, node(tuple(s for i, s in enumerate(shape) if not (i in ds and s == 1))))


class CopyBackwards(FormulaNode):
    """out = src broadcast to x's shape and converted to x's dtype  ->  d/dx = 0, d/dsrc = g
    (summed back to src's shape and converted to its dtype by the formula node)."""

    grads = (lambda n, g: Tensor._make(np.zeros(g._data.shape, g._data.dtype)),
             lambda n, g: g)

    def forward(self, x, src):
        self.in_meta = ((x.shape, x.dtype), (src.shape, src.dtype))
        out = np.empty(x.shape, x.dtype)
        np.copyto(out, np.broadcast_to(src, x.shape), casting="unsafe")
        return out


@public(function=False)
def copy_(self, src, non_blocking=False):
    """Write ``src``'s values (broadcast to ``self``'s shape, converted to its dtype) into ``self``."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
    shape = broadcast_shapes(self._data.shape, src._data.shape)
    if shape != self._data.shape:
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the broadcast shape {list(shape)}")
    def compute(old):
        check_internal_overlap(self._data)
        check_partial_overlap(self._data, (src,))
        return CopyBackwards().apply(old, src)
    return apply_inplace(self, compute, (src,))
