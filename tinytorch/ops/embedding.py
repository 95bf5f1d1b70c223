"""``embedding``: rows of a weight matrix picked by integer indices (a lookup table).

out[..., :] = weight[indices[...], :]; the gradient of the weight adds each output row's
gradient back into the row it was read from (repeated indices accumulate), except the
``padding_idx`` row, which never receives one.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import Node
from ..kernels import elementwise as ew
from ..kernels import index as ki
from .util import any_where


class EmbeddingBackward0(Node):
    """out = weight[indices]  ->  d weight = the gradient rows scatter-added to their indices."""

    def __init__(self, indices, padding_idx):
        self.indices, self.padding_idx = indices, padding_idx   # data, not a graph input

    def forward(self, weight):
        self.weight_shape = weight.shape
        return weight[self.indices]

    def backward(self, g):
        rows, dim = self.weight_shape
        indices = self.indices.reshape(-1)
        grads = np.ascontiguousarray(g).reshape(-1, dim)
        if self.padding_idx is not None:
            keep = indices != self.padding_idx
            indices, grads = indices[keep], grads[keep]
        positions = (indices[:, None] * dim + np.arange(dim)).reshape(-1)
        out = np.zeros(rows * dim, g.dtype)
        ki.scatter_add_kernel(out, positions, np.ascontiguousarray(grads).reshape(-1))
        return (out.reshape(rows, dim),)

    def backward_graph(self, g):
        """The scatter-add of g's rows, recorded; its transpose reads v's rows at the indices
        (0 at ``padding_idx``, which received nothing)."""
        return (double_backward.record("EmbeddingDenseBackwardBackward0", g, lambda a: self.backward(a)[0],
                                       self._rows),)

    def _rows(self, v):
        out = EmbeddingBackward0(self.indices, None).apply(v)
        if self.padding_idx is None:
            return out
        return out * Tensor._make((self.indices != self.padding_idx)[..., None].astype(v._data.dtype))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` (num_embeddings, embedding_dim) at the int64/int32 ``input`` indices:
    shape input.shape + (embedding_dim,)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"embedding(): argument 'indices' (position 2) must be Tensor, not {type(input).__name__}")
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError("tinytorch's embedding has no max_norm, scale_grad_by_freq or sparse gradients")
    if weight._data.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    if input._data.dtype not in (np.int64, np.int32):
        kind = _dtype.SCALAR_NAMES.get(input._data.dtype.name, input._data.dtype.name)
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got torch.{kind}Tensor instead (while checking arguments for embedding)")
    rows = weight._data.shape[0]
    indices = input._data.astype(np.int64)
    if any_where(ew.LT, indices) or any_where(ew.GE, indices, rows):
        raise IndexError("index out of range in self")
    return EmbeddingBackward0(indices, normalize_padding_idx(padding_idx, rows)).apply(weight)


def normalize_padding_idx(padding_idx, num_embeddings):
    """``padding_idx`` as a row number in [0, num_embeddings) (negative counts from the end), or None."""
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise AssertionError("Padding_idx must be within num_embeddings")   # PyTorch's assert
    return padding_idx % num_embeddings
