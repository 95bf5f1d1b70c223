"""Views of a base that changed in place: a view's history rebuilt from its base's current one.

When a base (or another view of it) is modified in place after a view was taken, the view's
elements are the base's elements at fixed positions; ``rebase_view`` records that as an
``AsStridedBackward0`` node on the base's new history, as PyTorch does.
"""
import math

import numpy as np

from ..kernels import index as ki
from .node import Node


def view_positions(base, view):
    """For each element of ``view`` (a NumPy view into ``base``'s memory), its C-order flat
    index in ``base``.  RuntimeError when ``base``'s memory is not one dense block: the view
    cannot be located, so an in-place change through it cannot be recorded."""
    size, item = base.size, base.itemsize
    strides = [st // item for st in base.strides]
    expected = 1
    for d in sorted(range(base.ndim), key=lambda d: strides[d]):
        if base.shape[d] != 1 and strides[d] != expected:
            raise RuntimeError("tinytorch cannot locate this view in its base's memory to record an in-place "
                               "change; apply the operation to the base tensor or use an out-of-place op")
        expected *= base.shape[d]
    if view.size == 0:
        return np.zeros(view.shape, np.int64)
    by_memory = np.empty(size, np.int64)    # memory slot -> flat index of the element stored there
    np.lib.stride_tricks.as_strided(by_memory, base.shape, [st * 8 for st in strides])[...] = \
        np.arange(size).reshape(base.shape)
    offset = (view.ctypes.data - base.ctypes.data) // item
    return np.lib.stride_tricks.as_strided(by_memory[offset:], view.shape,
                                           [st // item * 8 for st in view.strides]).copy()


class AsStridedBackward0(Node):
    """out = the elements of base at ``positions`` (a view's history rebuilt from its base)
    ->  the gradient scatter-added back to those positions."""

    def __init__(self, positions):
        self.positions = positions

    def forward(self, base):
        self.shape = base.shape
        return np.ascontiguousarray(base).reshape(-1)[self.positions]

    def backward(self, g):
        return (ki.index_backward((math.prod(self.shape),), (self.positions,), g).reshape(self.shape),)


def rebase_view(view):
    """Give ``view`` a history from its base's current one (the base changed in place)."""
    base = view._base
    positions = view_positions(base._data, view._data)
    out = AsStridedBackward0(positions).apply(base)
    view._grad_fn = out.grad_fn
    view._requires_grad = out._requires_grad
    return positions
