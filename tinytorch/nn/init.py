"""``tinytorch.nn.init``: filling parameters in place with PyTorch's initialisation schemes.

The layers call these with PyTorch's default arguments, and the samplers draw from PyTorch's
generator with PyTorch's bounds (computed with the same float64 expressions), so after
``tinytorch.manual_seed(s)`` a fresh ``Linear`` or ``Conv2d`` has PyTorch's weights, bit for bit.
"""
import math
import warnings

import numpy as np

from .. import _sampling
from .._tensor import Tensor
from ..autograd import no_grad


def _fill(tensor, values):
    """Write ``values`` into ``tensor`` in place (a copy in its dtype) and bump its version."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"expected a Tensor, got {type(tensor).__name__}")
    tensor._data[...] = values
    tensor._vc[0] += 1
    return tensor


def calculate_gain(nonlinearity, param=None):
    """The recommended scale of the weights for a nonlinearity (PyTorch's table)."""
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
              "conv_transpose3d", "sigmoid")
    if nonlinearity in linear:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"negative_slope {slope} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    """fan_in = in_features * receptive field, fan_out = out_features * receptive field."""
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    shape = tensor._data.shape
    receptive = 1
    for s in shape[2:]:
        receptive *= s
    return shape[1] * receptive, shape[0] * receptive


def _fan(tensor, mode):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with samples from U(a, b)."""
    with no_grad():
        return _sampling.uniform_(tensor, a, b, generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with samples from N(mean, std^2)."""
    with no_grad():
        return _sampling.normal_(tensor, mean, std, generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """N(mean, std^2) restricted to [a, b], PyTorch's way: when [a, b] holds more than 30% of
    the mass, normal samples with the ones outside redrawn (a full tensor of draws per round);
    otherwise uniform candidates on [a, b] accepted with probability pdf/peak (rejection)."""
    def norm_cdf(x):
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
                      "The distribution of values may be incorrect.", stacklevel=2)
    with no_grad():
        data = tensor._data
        if norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std) > 0.3:
            lo, hi = data.dtype.type(a), data.dtype.type(b)
            _sampling.normal_(tensor, mean, std, generator)
            result = data.copy()
            while True:
                mask = (result < lo) | (result > hi)
                if not mask.any():
                    break
                redraw = Tensor._make(np.empty_like(result))
                _sampling.normal_(redraw, mean, std, generator)
                result = np.where(mask, redraw._data, result)
            data[...] = result
            return tensor
        mode = max(a, min(mean, b))
        log_peak = -0.5 * ((mode - mean) / std) ** 2
        accept = Tensor._make(np.empty_like(data))
        cand = Tensor._make(np.empty_like(data))

        def log_pdf(values):
            return (((((values - mean) / std) ** 2) * -0.5) - log_peak).astype(data.dtype)

        _sampling.uniform_(tensor, a, b, generator)
        pending = _sampling.uniform_(accept, 0.0, 1.0, generator).log_()._data > log_pdf(data)
        result = data.copy()
        while pending.any():
            _sampling.uniform_(cand, a, b, generator)
            result = np.where(pending, cand._data, result)
            fresh = _sampling.uniform_(accept, 0.0, 1.0, generator).log_()._data > log_pdf(cand._data)
            pending = np.where(pending, fresh, pending)
        data[...] = result
        return tensor


def constant_(tensor, val):
    return _fill(tensor, val)


def zeros_(tensor):
    return _fill(tensor, 0)


def ones_(tensor):
    return _fill(tensor, 1)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """U(-a, a) with a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _zero_element(tensor):
    if 0 in tensor._data.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return True
    return False


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """U(-b, b) with b = sqrt(3) * gain / sqrt(fan) (He et al.); PyTorch's Linear/Conv default uses a = sqrt(5)."""
    if _zero_element(tensor):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return uniform_(tensor, -math.sqrt(3.0) * std, math.sqrt(3.0) * std, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """N(0, std^2) with std = gain / sqrt(fan)."""
    if _zero_element(tensor):
        return tensor
    return normal_(tensor, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode)), generator)


def default_affine_init_(weight, bias):
    """PyTorch's reset_parameters for Linear and Conv: kaiming_uniform_(a=sqrt(5)) for the weight
    (U(+-1/sqrt(fan_in))) and U(+-1/sqrt(fan_in)) for the bias."""
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = _calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        uniform_(bias, -bound, bound)

