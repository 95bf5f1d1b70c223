"""``embedding``: rows of a weight matrix picked by integer indices (a lookup table).

out[..., :] = weight[indices[...], :]; the gradient of the weight adds each output row's
gradient back into the row it was read from (repeated indices accumulate), except the
``padding_idx`` row, which never receives one.  With ``scale_grad_by_freq`` each row's
gradient is divided by how often its index occurs in the input; with ``max_norm`` the rows the
input reads are first rescaled in place (no gradient) to norm at most ``max_norm``.
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

    def __init__(self, indices, padding_idx, scale_grad_by_freq=False):
        self.indices, self.padding_idx = indices, padding_idx   # data, not a graph input
        self.scale_grad_by_freq = scale_grad_by_freq

    def forward(self, weight):
        self.weight_shape = weight.shape
        return weight[self.indices]

    def backward(self, g):
        rows, dim = self.weight_shape
        indices = self.indices.reshape(-1)
        grads = np.ascontiguousarray(g).reshape(-1, dim)
        if self.scale_grad_by_freq:
            grads = grads / self._counts()[:, None]
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

    def _counts(self):
        """How often each position's index occurs in the whole input (as a float64 per position)."""
        flat = self.indices.reshape(-1)
        _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
        return counts[inverse.reshape(-1)].astype(np.float64)

    def _rows(self, v):
        out = EmbeddingBackward0(self.indices, None).apply(v)
        keep = np.ones(self.indices.shape, v._data.dtype)
        if self.padding_idx is not None:
            keep = keep * (self.indices != self.padding_idx)
        if self.scale_grad_by_freq:
            keep = keep / self._counts().reshape(self.indices.shape)
        if self.padding_idx is None and not self.scale_grad_by_freq:
            return out
        return out * Tensor._make(keep[..., None].astype(v._data.dtype))


def embedding_renorm_(weight, input, max_norm, norm_type):
    """Rescale, in place, each row of ``weight`` that ``input`` indexes and whose ``norm_type``
    norm exceeds ``max_norm``, to norm ``max_norm`` (factor max_norm / (norm + 1e-7), computed in
    double and applied in the weight's dtype); no gradient is recorded.  Returns ``weight``."""
    from ..autograd.grad_mode import no_grad
    from .._creation import tensor as _tensor
    indices = np.unique(input._data.astype(np.int64).reshape(-1))
    if indices.size == 0:
        return weight
    with no_grad():
        picked = _tensor(indices)
        norms = weight.index_select(0, picked).norm(norm_type, dim=1)._data.astype(np.float64)
        over = norms > max_norm
        if over.any():
            rows = _tensor(indices[over])
            scale = (max_norm / (norms[over] + 1e-7)).astype(weight._data.dtype)
            weight.index_copy_(0, rows, weight.index_select(0, rows) * Tensor._make(scale[:, None]))
    return weight


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` (num_embeddings, embedding_dim) at the int64/int32 ``input`` indices:
    shape input.shape + (embedding_dim,)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"embedding(): argument 'indices' (position 2) must be Tensor, not {type(input).__name__}")
    if sparse:
        raise NotImplementedError("tinytorch has no sparse tensors: embedding(sparse=True) is not supported")
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
    padding_idx = normalize_padding_idx(padding_idx, rows)
    if max_norm is not None:
        embedding_renorm_(weight, input, max_norm, norm_type)
    return EmbeddingBackward0(indices, padding_idx, bool(scale_grad_by_freq)).apply(weight)


def normalize_padding_idx(padding_idx, num_embeddings):
    """``padding_idx`` as a row number in [0, num_embeddings) (negative counts from the end), or None."""
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise AssertionError("Padding_idx must be within num_embeddings")   # PyTorch's assert
    return padding_idx % num_embeddings
