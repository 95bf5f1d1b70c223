"""Channel-wise dropout (``dropout1d``, ``dropout2d``), ``alpha_dropout`` / ``feature_alpha_dropout``,
``bilinear`` and ``gumbel_softmax``, with PyTorch's recipes so that seeded runs draw the same numbers.

Feature dropout draws one Bernoulli(1 - p) keep-flag per (sample, channel) (a noise tensor of
shape (N, C, 1, ...)) and multiplies by flag / (1 - p).  Alpha dropout keeps the SELU mean and
variance: with alpha = 1.7580993408473766 and a = 1 / sqrt((alpha^2 p + 1)(1 - p)), the output
is x * (flag a) + (flag - 1) alpha a + alpha a p.
"""
import math
import warnings

import numpy as np

from .. import _dtype, _sampling
from .._tensor import Tensor
from .elementwise import mul
from .nn import _check_tensor

_ALPHA = 1.7580993408473766


def _check_p(p):
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _noise(input, p, feature):
    """Keep-flags (0 or 1) in the input's dtype: one per element, or per (sample, channel)."""
    shape = input._data.shape[:2] + (1,) * (input._data.ndim - 2) if feature else input._data.shape
    noise = Tensor._make(np.empty(shape, input._data.dtype))
    _sampling.bernoulli_(noise, 1 - p, None)
    return noise


def _dropout_impl(input, p, training, inplace, feature, alpha):
    """PyTorch's one dropout routine (plain, feature, alpha, feature-alpha)."""
    _check_tensor(input, "input")
    _check_p(p)
    if p == 0 or not training or input._data.size == 0:
        return input
    if p == 1:
        zero = Tensor._make(np.zeros((), input._data.dtype))
        return input.mul_(zero) if inplace else mul(input, zero)
    noise = _noise(input, p, feature)
    if not alpha:
        noise.div_(1 - p)
        return input.mul_(noise) if inplace else mul(input, noise)
    a = 1.0 / math.sqrt((_ALPHA * _ALPHA * p + 1) * (1 - p))
    shift = (noise - 1) * (_ALPHA * a) + _ALPHA * a * p
    noise = noise * a
    return (input.mul_(noise) if inplace else mul(input, noise)).add_(shift)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) input with probability p, scaling the rest by 1 / (1 - p)."""
    _check_p(p)
    ndim = input.dim()
    if ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {ndim}D input. Note that dropout1d "
                           "exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                           "dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    if ndim == 2:
        x = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
        out = _dropout_impl(x, p, training, inplace, True, False)
        return out.squeeze_(0) if inplace else out.squeeze(0)
    return _dropout_impl(input, p, training, inplace, True, False)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) or (C, H, W) input with probability p (3-D input is
    read as (N, C, L), with PyTorch's warning), scaling the rest by 1 / (1 - p)."""
    _check_p(p)
    ndim = input.dim()
    if ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated and will result in an "
                      "error in a future release. To retain the behavior and silence this warning, please use dropout "
                      "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
                      stacklevel=2)
    if ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", stacklevel=2)
    return _dropout_impl(input, p, training, inplace, True, False)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout that keeps a SELU network's mean and variance (identity unless training)."""
    return _dropout_impl(input, p, training, inplace, False, True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels (identity unless training)."""
    return _dropout_impl(input, p, training, inplace, True, True)


def bilinear(input1, input2, weight, bias=None):
    """y[..., o] = sum_ij input1[..., i] weight[o, i, j] input2[..., j] + bias[o]: input1 (*, I),
    input2 (*, J) with the same leading dimensions, weight (O, I, J), bias (O,)."""
    for t, name in ((input1, "input1"), (input2, "input2"), (weight, "weight")):
        _check_tensor(t, name)
    tensors = [("input1", input1), ("input2", input2), ("weight", weight)] + ([("bias", bias)] if bias is not None else [])
    if len({t._data.dtype for _, t in tensors}) > 1:
        raise RuntimeError("All tensors must have the same dtype, got " + ", ".join(
            f"{name}: {_dtype.SCALAR_NAMES[t._data.dtype.name].lower()}" for name, t in tensors))
    a, b, w = input1._data.shape, input2._data.shape, weight._data.shape
    if len(a) != len(b):
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {len(a)} and {len(b)}")
    for i in range(len(a) - 1):
        if a[i] != b[i]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: got {a[i]} and {b[i]}")
    if a[-1] != w[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {a[-1]} but expected {w[1]}")
    if b[-1] != w[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {b[-1]} but expected {w[2]}")
    if bias is not None and (bias._data.ndim != 1 or bias._data.shape[0] != w[0]):
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias._data.shape[0] if bias._data.ndim else 0} but expected {w[0]}")
    O, I, J = w
    x1, x2 = input1.reshape(-1, I), input2.reshape(-1, J)
    left = x1.matmul(weight.permute(1, 0, 2).reshape(I, O * J)).reshape(-1, O, J)   # (B, O, J)
    y = (left * x2.unsqueeze(1)).sum(-1).view(*a[:-1], O)
    return y if bias is None else y + bias


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + g) / tau) with g = -log(Exponential(1) draws); with ``hard`` the one-hot of
    its argmax in the forward pass and the soft sample's gradient (straight-through)."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    draws = Tensor._make(np.empty(logits._data.shape, logits._data.dtype))
    _sampling.exponential_(draws, 1.0, None)
    y_soft = ((logits + -draws.log()) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = Tensor._make(np.zeros(logits._data.shape, logits._data.dtype)).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft
