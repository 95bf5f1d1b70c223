"""``tinytorch.nn.init``: filling parameters in place with PyTorch's initialisation schemes.

The layers call these with PyTorch's default arguments, and the samplers draw from PyTorch's
generator with PyTorch's bounds (computed with the same float64 expressions), so after
``tinytorch.manual_seed(s)`` a fresh ``Linear`` or ``Conv2d`` has PyTorch's weights, bit for bit.
"""
import math
import warnings

import numpy as np

from .. import _sampling
from .._creation import randperm
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



def eye_(tensor):
    """The identity matrix (ones on the main diagonal of a 2-D tensor, zeros elsewhere)."""
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, np.eye(*tensor._data.shape))


def dirac_(tensor, groups=1):
    """The Dirac delta of a 3-, 4- or 5-D convolution weight: output channel d of each of the
    ``groups`` groups copies input channel d at the kernel's centre (as many as both counts allow)."""
    dims = tensor.dim()
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor._data.shape
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    per_group = sizes[0] // groups
    values = np.zeros(sizes)
    centre = tuple(s // 2 for s in sizes[2:])
    for g in range(groups):
        for d in range(min(per_group, sizes[1])):
            values[(g * per_group + d, d) + centre] = 1
    return _fill(tensor, values)


def orthogonal_(tensor, gain=1, generator=None):
    """A (semi-)orthogonal matrix times ``gain`` (Saxe et al.), PyTorch's way: N(0, 1) draws into a
    (rows, numel/rows) matrix (transposed when wide), its QR factorization, Q's columns multiplied
    by the signs of R's diagonal.  Trailing dimensions are flattened.  The QR is LAPACK's through
    NumPy, so values agree with PyTorch's to rounding (its LAPACK may round differently)."""
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor._data.shape[0]
    cols = tensor.numel() // rows
    flat = Tensor._make(np.empty((rows, cols), tensor._data.dtype))
    _sampling.normal_(flat, 0.0, 1.0, generator)
    a = flat._data.T if rows < cols else flat._data
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diagonal(r)).astype(q.dtype)
    if rows < cols:
        q = q.T
    with no_grad():
        _fill(tensor, q.reshape(tensor._data.shape))
        return tensor.mul_(gain)


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """N(0, std^2) draws with ``ceil(sparsity * rows)`` entries of each column zeroed, the rows
    chosen by one ``randperm(rows)`` per column from the default generator (as PyTorch does,
    whatever ``generator`` the normal draws came from)."""
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor._data.shape
    num_zeros = math.ceil(sparsity * rows)
    normal_(tensor, 0.0, std, generator)
    for col in range(cols):
        tensor._data[randperm(rows)._data[:num_zeros], col] = 0
    return tensor


def _deprecated(new):
    old = new.__name__[:-1]

    def init(*args, **kwargs):
        warnings.warn(f"`nn.init.{old}` is now deprecated in favor of `nn.init.{new.__name__}`.",
                      FutureWarning, stacklevel=2)
        return new(*args, **kwargs)
    init.__name__ = init.__qualname__ = old
    init.__doc__ = f"Deprecated alias of ``{new.__name__}``."
    return init


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)
