"""``tinytorch.nn.functional``: the stateless forms of the layers and losses.

Each function is an op (a graph node named like PyTorch's) defined in ``tinytorch.ops``;
this module gathers them under PyTorch's names and signatures.
"""
import warnings

import numpy as np

from .._tensor import Tensor
from ..kernels import index as _kindex
from ..ops import elementwise as _ew
from ..ops import inplace as _inplace
from ..ops import reduce as _reduce
from ..ops import table as _table
from ..ops.nn import (avg_pool2d, batch_norm, conv2d, cross_entropy, dropout, linear, max_pool2d,  # noqa: F401
                      mse_loss, nll_loss)
from ..ops.composites import binary_cross_entropy_with_logits, logsigmoid, softplus  # noqa: F401
from ..ops.embedding import embedding  # noqa: F401
from ..ops.layer_norm import layer_norm  # noqa: F401
from ..ops.pad import pad  # noqa: F401
from ..ops.activations import (celu, cosine_similarity, elu, glu, hardshrink, hardsigmoid, hardswish,  # noqa: F401
                               hardtanh, mish, normalize, pairwise_distance, prelu, relu6, selu, softshrink,
                               softsign, tanhshrink, threshold)
from ..ops.activations import FUNCTIONAL_INPLACE as _FUNCTIONAL_INPLACE
from ..ops.losses import (binary_cross_entropy, cosine_embedding_loss, gaussian_nll_loss,  # noqa: F401
                          hinge_embedding_loss, huber_loss, kl_div, l1_loss, margin_ranking_loss,
                          multi_margin_loss, multilabel_soft_margin_loss, poisson_nll_loss, smooth_l1_loss,
                          soft_margin_loss, triplet_margin_loss)

__all__ = ["avg_pool2d", "batch_norm", "binary_cross_entropy_with_logits", "conv2d", "logsigmoid", "softplus", "cross_entropy", "dropout", "embedding", "gelu", "layer_norm", "leaky_relu", "linear", "one_hot",
           "log_softmax", "max_pool2d", "mse_loss", "nll_loss", "pad", "relu", "sigmoid", "silu", "softmax", "tanh"]
__all__ += ["celu", "cosine_similarity", "elu", "glu", "hardshrink", "hardsigmoid", "hardswish", "hardtanh", "mish",
            "normalize", "pairwise_distance", "prelu", "relu6", "selu", "softmin", "softshrink", "softsign",
            "tanhshrink", "threshold", "binary_cross_entropy", "cosine_embedding_loss", "gaussian_nll_loss",
            "hinge_embedding_loss", "huber_loss", "kl_div", "l1_loss", "margin_ranking_loss", "multi_margin_loss",
            "multilabel_soft_margin_loss", "poisson_nll_loss", "smooth_l1_loss", "soft_margin_loss",
            "triplet_margin_loss"]


def relu(input, inplace=False):
    """max(x, 0) elementwise."""
    return input.relu_() if inplace else _table.relu(input)


def gelu(input, *, approximate="none"):
    """x Phi(x), Phi the standard normal CDF (approximate='tanh': PyTorch's tanh formula)."""
    return _ew.gelu(input, approximate)


def silu(input, inplace=False):
    """x sigmoid(x) elementwise (the swish activation)."""
    if inplace:
        return _inplace.apply_inplace(input, _ew.silu)
    return _ew.silu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x where x > 0, negative_slope * x elsewhere."""
    if inplace:   # (PyTorch's in-place node is LeakyReluBackward1)
        return _inplace.apply_inplace(input, lambda x: _ew.leaky_relu(x, negative_slope, _ew.LeakyReluBackward1))
    return _ew.leaky_relu(input, negative_slope)


def sigmoid(input):
    return _table.sigmoid(input)


def tanh(input):
    return _table.tanh(input)


def implicit_softmax_dim(ndim, name):
    """PyTorch's legacy choice when softmax gets no dim: 0 for 0-, 1- and 3-D input, else 1."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include "
                  "dim=X as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, dtype=None):
    """exp(x) / sum(exp(x)) along dim."""
    if dim is None:
        dim = implicit_softmax_dim(input.dim(), "softmax")
    return _reduce.softmax(input, dim, dtype)


def log_softmax(input, dim=None, dtype=None):
    """x - logsumexp(x) along dim."""
    if dim is None:
        dim = implicit_softmax_dim(input.dim(), "log_softmax")
    return _reduce.log_softmax(input, dim, dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along dim."""
    if dim is None:
        dim = implicit_softmax_dim(input.dim(), "softmin")
    return _reduce.softmax(-input, dim, dtype)


def one_hot(tensor, num_classes=-1):
    """int64 tensor of shape ``tensor.shape + (num_classes,)``: 1 at each index, 0 elsewhere.

    ``num_classes=-1`` takes one more than the largest index."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"one_hot(): argument 'input' (position 1) must be Tensor, not {type(tensor).__name__}")
    idx = tensor._data
    if idx.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if idx.size == 0:
        if num_classes == -1:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return Tensor._make(np.zeros(idx.shape + (num_classes,), np.int64))
    if int(idx.min()) < 0:
        raise RuntimeError("Class values must be non-negative.")
    largest = int(idx.max())
    if num_classes == -1:
        num_classes = largest + 1
    elif largest >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = np.zeros((idx.size, num_classes), np.int64)
    _kindex.one_hot_kernel(np.ascontiguousarray(idx).reshape(-1), out)
    return Tensor._make(out.reshape(idx.shape + (num_classes,)))


globals().update(_FUNCTIONAL_INPLACE)   # elu_ selu_ celu_ hardtanh_ threshold_
__all__ += list(_FUNCTIONAL_INPLACE) + ["relu_", "leaky_relu_"]


def relu_(input):
    """max(x, 0) written into input."""
    return relu(input, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    """leaky_relu written into input."""
    return leaky_relu(input, negative_slope, inplace=True)


from ..ops.conv_nd import conv1d, conv_transpose1d, conv_transpose2d  # noqa: E402,F401
__all__ += ["conv1d", "conv_transpose1d", "conv_transpose2d"]
from ..ops.pool_nd import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d,  # noqa: E402,F401
                           adaptive_max_pool2d, avg_pool1d, max_pool1d, max_unpool2d)
__all__ += ["adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d", "avg_pool1d",
            "max_pool1d", "max_unpool2d"]
from ..ops.upsample import (interpolate, pixel_shuffle, pixel_unshuffle, upsample, upsample_bilinear,  # noqa: E402,F401
                            upsample_nearest)
from ..ops.fold import fold, unfold  # noqa: E402,F401
__all__ += ["interpolate", "pixel_shuffle", "pixel_unshuffle", "upsample", "upsample_bilinear", "upsample_nearest",
            "fold", "unfold"]
from ..ops.norms import group_norm, instance_norm, local_response_norm, rms_norm  # noqa: E402,F401
__all__ += ["group_norm", "instance_norm", "local_response_norm", "rms_norm"]
from ..ops.dropout_extra import (alpha_dropout, bilinear, dropout1d, dropout2d, feature_alpha_dropout,  # noqa: E402,F401
                                 gumbel_softmax)
__all__ += ["alpha_dropout", "bilinear", "dropout1d", "dropout2d", "feature_alpha_dropout", "gumbel_softmax"]
from ..ops.grid import affine_grid, grid_sample  # noqa: E402,F401
__all__ += ["affine_grid", "grid_sample"]
from ..ops.attention import scaled_dot_product_attention  # noqa: E402,F401
from ..ops.mha import _canonical_mask, _none_or_dtype, multi_head_attention_forward  # noqa: E402,F401
__all__ += ["scaled_dot_product_attention", "multi_head_attention_forward"]
