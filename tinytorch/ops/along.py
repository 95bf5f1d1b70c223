"""The node shared by ops whose values are elements of the input picked along one dimension
(sort, topk, kthvalue, median(dim), mode, cummax...): out = x gathered at ``indices``.

Its backward adds g into zeros of x's shape at those positions (repeated positions, as in
cummax, accumulate); under ``create_graph=True`` that is recorded as a linear node whose
transpose gathers again, so the gradient is differentiable twice.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import Node
from ..kernels.index import scatter_add_kernel


def gather_along(v, indices, dim):
    """Tensor ``v`` read at int64 array ``indices`` along ``dim`` (recorded advanced indexing);
    ``indices`` has v's ndim and, off ``dim``, v's sizes."""
    grid = list(np.indices(indices.shape, sparse=True))
    grid[dim] = indices
    return v[tuple(Tensor._make(np.ascontiguousarray(np.broadcast_to(a, indices.shape), np.int64)) for a in grid)]


class SelectAlong(Node):
    """values = x[..., indices, ...] along ``dim``.  A subclass's ``select(x)`` returns
    (values, indices) with ``dim`` kept (same ndim as x); ``keepdim=False`` squeezes it away
    from the output.  ``double_name``: the recorded node of the backward."""

    double_name = "ScatterBackward0"

    def __init__(self, dim, keepdim=True):
        self.dim, self.keepdim = dim, keepdim

    def select(self, x):
        raise NotImplementedError

    def forward(self, x):
        values, self.indices = self.select(x)
        self.shape = x.shape
        return values if self.keepdim else np.squeeze(values, self.dim)

    def backward(self, g):
        idx = self.indices
        g = g.reshape(idx.shape)
        positions = np.take_along_axis(np.arange(int(np.prod(self.shape)), dtype=np.int64).reshape(self.shape),
                                       idx, self.dim)
        out = np.zeros(int(np.prod(self.shape)), g.dtype)
        scatter_add_kernel(out, np.ascontiguousarray(positions).reshape(-1), np.ascontiguousarray(g).reshape(-1))
        return (out.reshape(self.shape),)

    def backward_graph(self, g):
        return (double_backward.record(self.double_name, g, lambda a: self.backward(a)[0], self._gather),)

    def _gather(self, v):
        out = gather_along(v, self.indices, self.dim)
        return out if self.keepdim else out.squeeze(self.dim)
