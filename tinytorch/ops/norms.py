"""``group_norm``, ``instance_norm``, ``rms_norm`` and ``local_response_norm``, composed of
existing ops (so they are differentiable twice), with PyTorch's nodes and checks.

- group_norm: the C channels of x (N, C, *) split into G groups; each (sample, group) block is
  normalised by its mean and biased variance, (x - mean) / sqrt(var + eps), then scaled and
  shifted per channel.  Recorded as one ``NativeGroupNormBackward0`` node.
- instance_norm: batch norm of x viewed as (1, N C, *), each (sample, channel) one "channel",
  with the running statistics (and weight, bias) repeated per sample; the running statistics
  become the mean over the samples of the updated copies.  The output is a view back (PyTorch's
  ``ViewBackward0``).
- rms_norm: x / sqrt(mean(x^2 over normalized_shape) + eps) (eps: the dtype's machine epsilon
  by default), times weight.
- local_response_norm: x / (k + alpha * mean of x^2 over ``size`` neighbouring channels)^beta,
  the neighbourhood zero-padded (size // 2 before, (size - 1) // 2 after).
"""
import numpy as np

from .. import _checks
from .._tensor import Tensor
from ..autograd.composite import composite
from ..autograd.grad_mode import no_grad
from .nn import _check_tensor, avg_pool2d, batch_norm
from .pad import pad


def _shape(t):
    return list(t._data.shape)


# ---- group norm ---------------------------------------------------------------------------------

def _group_norm_graph(x, *affine, num_groups, eps):
    shape = x._data.shape
    blocks = x.reshape(shape[0], num_groups, -1)
    mean = blocks.mean(-1, keepdim=True)
    var = blocks.var(-1, unbiased=False, keepdim=True)
    y = ((blocks - mean) * (var + eps).rsqrt()).reshape(shape)
    per_channel = (1, shape[1]) + (1,) * (len(shape) - 2)
    if affine and affine[0] is not None:
        y = y * affine[0].reshape(per_channel)
    if len(affine) > 1 and affine[1] is not None:
        y = y + affine[1].reshape(per_channel)
    return y


_group_norm_op = composite("NativeGroupNormBackward0", _group_norm_graph)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Group normalisation of input (N, C, *) with C divisible by num_groups; weight, bias (C,) or None."""
    _check_tensor(input, "input")
    if input._data.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input._data.ndim}")
    C = input._data.shape[1]
    if num_groups <= 0 or C % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {_shape(input)} and num_groups={num_groups}")
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and (t._data.ndim != 1 or t._data.shape[0] != C):
            shown = weight if weight is not None else t   # (PyTorch's bias message shows the weight's shape)
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, but "
                               f"got {name} of shape {_shape(shown)} and input of shape {_shape(input)}")
    if not input.is_floating_point():
        raise RuntimeError(f"group_norm: expected a floating-point input, got dtype {input.dtype}")
    if weight is None and bias is None:
        tensors = (input,)
    elif bias is None:
        tensors = (input, weight)
    else:
        tensors = (input, weight if weight is not None else Tensor._make(np.ones(C, input._data.dtype)), bias)
    return _group_norm_op(*tensors, num_groups=int(num_groups), eps=float(eps))


# ---- instance norm ----------------------------------------------------------------------------

def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Instance normalisation of input (N, C, *): each (sample, channel) normalised over its
    spatial positions.  With ``use_input_stats`` the running statistics (C,), when given, are
    updated with ``momentum``; without it they are used instead."""
    _check_tensor(input, "input")
    if use_input_stats:
        spatial = int(np.prod(input._data.shape[2:])) if input._data.ndim > 2 else 1
        if spatial == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.shape!r}")
    shape = tuple(input._data.shape)
    N, C = shape[:2]
    x = input.reshape(1, N * C, *shape[2:])

    def repeated(t):
        return None if t is None else t.repeat(N)
    rm, rv = repeated(running_mean), repeated(running_var)
    out = batch_norm(x, rm, rv, repeated(weight), repeated(bias), bool(use_input_stats), momentum, eps)
    if use_input_stats and running_mean is not None:
        with no_grad():
            running_mean.copy_(rm.reshape(N, C).mean(0))
            running_var.copy_(rv.reshape(N, C).mean(0))
    return out.view(*shape)


# ---- RMS norm -----------------------------------------------------------------------------------

def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / sqrt(mean(x^2) + eps) over the last len(normalized_shape) dimensions, times weight
    (of shape normalized_shape) when given; eps None: the dtype's machine epsilon."""
    _check_tensor(input, "input")
    shape = list(_checks.int_tuple(normalized_shape, None, "rms_norm", "normalized_shape", 2))
    n = len(shape)
    if n == 0 or input._data.ndim < n or list(input._data.shape[-n:]) != shape:
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape [*{', '.join(map(str, shape))}], "
                           f"but got input of size{_shape(input)}")
    if weight is not None and _shape(weight) != shape:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got weight of shape "
                           f"{_shape(weight)} and normalized_shape = {shape}")
    if not input.is_floating_point():
        raise RuntimeError(f"rms_norm: expected a floating-point input, got dtype {input.dtype}")
    if eps is None:
        eps = float(np.finfo(input._data.dtype).eps)
    dims = tuple(range(input._data.ndim - n, input._data.ndim))
    out = input * (input.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


# ---- local response norm ----------------------------------------------------------------------

def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha * mean over ``size`` neighbouring channels of x^2)^beta for input (N, C, *)
    with at least one spatial dimension."""
    _check_tensor(input, "input")
    dim = input._data.ndim
    if dim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality{' ' * 26}input (got {dim} dimensions)")
    if input._data.size == 0:
        return input
    shape = tuple(input._data.shape)
    squares = (input * input).reshape(shape[0], 1, shape[1], -1)   # channels as the rows of one plane
    squares = pad(squares, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(squares, (size, 1), stride=1).reshape(shape)
    return input / (div * alpha + k).pow(beta)

