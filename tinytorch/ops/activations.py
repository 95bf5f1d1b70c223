"""Activations with PyTorch's analytic derivatives, each one node named as PyTorch names it:
elu/selu (``EluBackward0``), celu, hardtanh/relu6, hardswish, hardsigmoid, mish, threshold,
hardshrink, softshrink, glu, prelu (``PreluKernelBackward0``); and the compositions PyTorch
writes in Python or ATen (softmin, softsign, tanhshrink, normalize, cosine_similarity,
pairwise_distance; softmin is in ``nn.functional``, beside softmax).

A node's forward is Tensor code run unrecorded and its derivative is PyTorch's formula written
on Tensors (``composites._Analytic``), so it can be differentiated again (hardsigmoid only once:
PyTorch has no second derivative of it either).
The ``inplace=True`` forms write the result into the input (``inplace.apply_inplace``); where
PyTorch's in-place node has another name (``EluBackward1``, ``CeluBackward1``,
``ThresholdBackward1``) a subclass carries it.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..autograd.node import once_differentiable_results
from . import elementwise as ew_ops
from . import inplace as _inplace
from . import reduce as _reduce
from .composites import _Analytic
from .shape import cat
from .split import chunk
from .util import broadcast_shapes, result_dtype, wrap_dims
from . import registry

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
ONE_SIXTH = float(np.float32(1.0) / np.float32(6.0))   # hardsigmoid's slope, a float32 constant in PyTorch


def _check_tensor(x, name, arg="input", position=1):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not {type(x).__name__}")


def _check_float(x, name, kernel_name):
    """PyTorch's refusal of integer and bool inputs for a float-only kernel."""
    _check_tensor(x, name)
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{_dtype.SCALAR_NAMES[x._data.dtype.name]}'")


def _run(node_cls, input, inplace, **kwargs):
    """``node_cls(**kwargs)`` applied to ``input``, or written into it (``inplace_cls`` when the
    node class names another in-place node)."""
    if inplace:
        cls = getattr(node_cls, "inplace_cls", None) or node_cls
        return _inplace.apply_inplace(input, lambda old: cls(**kwargs).apply(old))
    return node_cls(**kwargs).apply(input)


# ---- ELU, SELU, CELU ----------------------------------------------------------------------

def _elu(x, alpha, scale, input_scale, grad_input_scale=None):
    """scale x where x > 0, alpha scale (e^(input_scale x) - 1) elsewhere."""
    return ew_ops.where(ew_ops.gt(x, 0), x * scale, (x * input_scale).expm1() * (alpha * scale))


def _elu_grad(g, x, alpha, scale, input_scale, grad_input_scale=None):
    """(celu's derivative uses 1/alpha computed from alpha rounded to float32: ``grad_input_scale``)"""
    if grad_input_scale is not None:
        input_scale = grad_input_scale
    negative = ew_ops.where(ew_ops.lt(x, 0), x, 0.0)   # (x, but constant at 0: PyTorch's 2nd derivative is 0 there)
    return ew_ops.where(ew_ops.gt(x, 0), g * scale, g * (input_scale * alpha * scale) * (negative * input_scale).exp())


class EluBackward0(_Analytic):
    """out = elu(x)  ->  d/dx = scale where x > 0, else alpha scale input_scale e^(input_scale x)."""

    roles = (0,)
    value = staticmethod(_elu)
    grads = (lambda n, g, x: _elu_grad(g, x, **n.kwargs),)


class EluBackward1(EluBackward0):
    """The node of ``elu_`` / ``selu_`` (in place)."""


class CeluBackward0(EluBackward0):
    """out = celu(x) = elu(x) with input_scale 1/alpha."""


class CeluBackward1(CeluBackward0):
    """The node of ``celu_`` (in place)."""


EluBackward0.inplace_cls = EluBackward1
CeluBackward0.inplace_cls = CeluBackward1


def elu(input, alpha=1.0, inplace=False):
    """x where x > 0, alpha (e^x - 1) elsewhere."""
    _check_float(input, "elu", "elu_cpu")
    return _run(EluBackward0, input, inplace, alpha=float(alpha), scale=1.0, input_scale=1.0)


def selu(input, inplace=False):
    """scale elu(x, alpha) with PyTorch's constants alpha = 1.6733, scale = 1.0507."""
    _check_float(input, "selu", "elu_cpu")
    return _run(EluBackward0, input, inplace, alpha=SELU_ALPHA, scale=SELU_SCALE, input_scale=1.0)


def celu(input, alpha=1.0, inplace=False):
    """x where x > 0, alpha (e^(x / alpha) - 1) elsewhere."""
    _check_float(input, "celu", "elu_cpu")
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _run(CeluBackward0, input, inplace, alpha=float(alpha), scale=1.0, input_scale=1.0 / alpha,
                grad_input_scale=1.0 / float(np.float32(alpha)))


# ---- hardtanh, relu6, hardswish, hardsigmoid, mish ----------------------------------------------

def _hardtanh(x, min_val, max_val):
    if x._data.dtype.kind != "f":
        min_val, max_val = int(min_val), int(max_val)
    return ew_ops.clamp(x, min_val, max_val)


class HardtanhBackward0(_Analytic):
    """out = clamp(x, min_val, max_val)  ->  d/dx = 0 where x <= min_val or x >= max_val, else 1."""

    roles = (0,)
    value = staticmethod(_hardtanh)
    grads = (lambda n, g, x: ew_ops.where(ew_ops.logical_or(ew_ops.le(x, n.kwargs["min_val"]),
                                                            ew_ops.ge(x, n.kwargs["max_val"])), 0, g),)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """x clamped to [min_val, max_val]."""
    _check_tensor(input, "hardtanh")
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input._data.dtype == np.bool_:
        raise RuntimeError("Bool inputs not supported for hardtanh")
    return _run(HardtanhBackward0, input, inplace, min_val=min_val, max_val=max_val)


def relu6(input, inplace=False):
    """min(max(x, 0), 6): hardtanh(x, 0, 6)."""
    return hardtanh(input, 0.0, 6.0, inplace)


def _hardswish(x):
    return x * ew_ops.clamp(x + 3, 0.0, 6.0) / 6


class HardswishBackward0(_Analytic):
    """out = x relu6(x + 3) / 6  ->  d/dx = 0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 from 3 on."""

    roles = (0,)
    value = staticmethod(_hardswish)
    grads = (lambda n, g, x: ew_ops.where(ew_ops.le(x, -3), 0, ew_ops.where(ew_ops.lt(x, 3), g * (x / 3 + 0.5), g)),)


def hardswish(input, inplace=False):
    """x relu6(x + 3) / 6."""
    _check_float(input, "hardswish", "hardswish_cpu")
    return _run(HardswishBackward0, input, inplace)


def _hardsigmoid(x):
    return ew_ops.clamp(x + 3, 0.0, 6.0) / 6


class HardsigmoidBackward0(_Analytic):
    """out = relu6(x + 3) / 6  ->  d/dx = 1/6 for -3 < x < 3, else 0."""

    roles = (0,)
    value = staticmethod(_hardsigmoid)
    grads = (lambda n, g, x: ew_ops.where(ew_ops.logical_and(ew_ops.gt(x, -3), ew_ops.lt(x, 3)), g * ONE_SIXTH, 0),)

    def backward_graph(self, grad):
        """Differentiable once, as in PyTorch (which has no derivative of hardsigmoid_backward)."""
        return once_differentiable_results(self, grad, self.backward(grad._data),
                                           "derivative for aten::hardsigmoid_backward is not implemented")


def hardsigmoid(input, inplace=False):
    """relu6(x + 3) / 6."""
    _check_float(input, "hardsigmoid", "hardsigmoid_cpu")
    return _run(HardsigmoidBackward0, input, inplace)


def _mish(x):
    return x * x.exp().log1p().tanh()


def _mish_grad(g, x):
    t = x.exp().log1p().tanh()
    return g * (t + x * x.sigmoid() * (1 - t * t))


class MishBackward0(_Analytic):
    """out = x tanh(softplus(x))  ->  d/dx = t + x s(x) (1 - t^2), t = tanh(softplus(x))."""

    roles = (0,)
    value = staticmethod(_mish)
    grads = (lambda n, g, x: _mish_grad(g, x),)


def mish(input, inplace=False):
    """x tanh(log(1 + e^x))."""
    _check_float(input, "mish", "mish_cpu")
    return _run(MishBackward0, input, inplace)


# ---- threshold, hardshrink, softshrink ------------------------------------------------------

def _threshold(x, threshold, value):
    return ew_ops.masked_fill(x, ew_ops.le(x, threshold), value)


class ThresholdBackward0(_Analytic):
    """out = value where x <= threshold, else x  ->  d/dx = 0 where x <= threshold, else 1."""

    roles = (0,)
    value = staticmethod(_threshold)
    grads = (lambda n, g, x: ew_ops.where(ew_ops.le(x, n.kwargs["threshold"]), 0, g),)


class ThresholdBackward1(ThresholdBackward0):
    """The node of ``threshold_`` (in place)."""


ThresholdBackward0.inplace_cls = ThresholdBackward1


def threshold(input, threshold, value, inplace=False):
    """``value`` where x <= threshold, x elsewhere."""
    _check_tensor(input, "threshold")
    return _run(ThresholdBackward0, input, inplace, threshold=threshold, value=value)


def _shrunk(x, lambd):
    """True where -lambd <= x <= lambd (the band both shrinks zero)."""
    return ew_ops.logical_and(ew_ops.ge(x, -lambd), ew_ops.le(x, lambd))


def _hardshrink(x, lambd):
    return ew_ops.masked_fill(x, _shrunk(x, lambd), 0)


class HardshrinkBackward0(_Analytic):
    """out = 0 where |x| <= lambd, else x  ->  d/dx = 0 in the band, else 1."""

    roles = (0,)
    value = staticmethod(_hardshrink)
    grads = (lambda n, g, x: ew_ops.where(_shrunk(x, n.kwargs["lambd"]), 0, g),)


def hardshrink(input, lambd=0.5):
    """0 where -lambd <= x <= lambd, x elsewhere."""
    _check_float(input, "hardshrink", "hardshrink_cpu")
    return HardshrinkBackward0(lambd=lambd).apply(input)


def _softshrink(x, lambd):
    return ew_ops.where(ew_ops.gt(x, lambd), x - lambd, ew_ops.where(ew_ops.lt(x, -lambd), x + lambd, x * 0))


class SoftshrinkBackward0(HardshrinkBackward0):
    """out = x - lambd above lambd, x + lambd below -lambd, 0 between  ->  d/dx = 0 in the band, else 1."""

    value = staticmethod(_softshrink)


def softshrink(input, lambd=0.5):
    """x - lambd where x > lambd, x + lambd where x < -lambd, 0 elsewhere (lambd >= 0)."""
    _check_float(input, "softshrink", "softshrink_check")
    largest = float(np.finfo(input._data.dtype).max)
    if not 0 <= lambd <= largest:
        raise RuntimeError(f"lambda must be in range [0, {largest:g}] for input dtype "
                           f"{_dtype.SCALAR_NAMES[input._data.dtype.name]}, but found {lambd:g}")
    return SoftshrinkBackward0(lambd=lambd).apply(input)


# ---- GLU, PReLU -----------------------------------------------------------------------------

def _glu(x, dim):
    a, b = chunk(x, 2, dim)
    return a * b.sigmoid()


def _glu_grad(g, x, dim):
    a, b = chunk(x, 2, dim)
    s = b.sigmoid()
    return cat([g * s, g * a * s * (1 - s)], dim)


class GluBackward0(_Analytic):
    """out = a s(b), (a, b) the halves of x along dim  ->  d/da = s(b), d/db = a s(b) (1 - s(b))."""

    roles = (0,)
    value = staticmethod(_glu)
    grads = (lambda n, g, x: _glu_grad(g, x, **n.kwargs),)


def glu(input, dim=-1):
    """a sigmoid(b), where a and b are the first and second halves of input along dim."""
    _check_tensor(input, "glu")
    if input._data.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    (d,) = wrap_dims(dim, input._data.ndim)
    if input._data.shape[d] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {input._data.shape[d]}")
    _check_float(input, "glu", "glu_cpu")
    return GluBackward0(dim=d).apply(input)


def _prelu(x, w):
    return ew_ops.where(ew_ops.gt(x, 0), x, w * x)


class PreluKernelBackward0(_Analytic):
    """out = x where x > 0, else w x (w broadcast over x)  ->  d/dx = 1 or w, d/dw = 0 or x."""

    roles = (0, 1)
    value = staticmethod(_prelu)
    grads = (lambda n, g, x, w: ew_ops.where(ew_ops.gt(x, 0), g, w * g),
             lambda n, g, x, w: ew_ops.where(ew_ops.gt(x, 0), 0, x * g))


def prelu(input, weight):
    """x where x > 0, weight * x elsewhere; weight has 1 element or one per channel (dim 1)."""
    _check_tensor(input, "prelu")
    _check_tensor(weight, "prelu", "weight", 2)
    if input._data.dtype != weight._data.dtype:
        names = _dtype.SCALAR_NAMES
        raise RuntimeError(f"prelu: Type promoting not supported. Got {names[input._data.dtype.name]} and "
                           f"{names[weight._data.dtype.name]}")
    ndim, count = input._data.ndim, weight._data.size
    if count != 1:
        if ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input._data.shape[1] if ndim > 1 else 1
        if channels != count:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                               f"{count} and channel size = {channels}.")
    if weight._data.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight._data.ndim}")
    _check_float(input, "prelu", "prelu_cpu")
    if ndim != weight._data.ndim:
        shape = [1] * ndim
        if ndim > 1:
            shape[1] = count
        weight = weight.reshape(shape)
    return PreluKernelBackward0().apply(input, weight)


# ---- compositions: softsign, tanhshrink, normalize, distances ------------------------

def softsign(input):
    """x / (1 + |x|)."""
    return input / (input.abs() + 1)


def tanhshrink(input):
    """x - tanh(x)."""
    return input - input.tanh()


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p along dim, eps)."""
    if out is not None:
        raise TypeError("normalize(): out= is not supported by tinytorch")
    denom = ew_ops.clamp_min(_reduce.norm(input, p, dim, keepdim=True), eps).expand_as(input)
    return input / denom


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """sum(x1 x2) / (max(||x1||, eps) max(||x2||, eps)) along dim, after broadcasting x1 and x2."""
    _check_tensor(x1, "cosine_similarity", "x1", 1)
    _check_tensor(x2, "cosine_similarity", "x2", 2)
    dt = result_dtype(x1, x2)
    if not dt.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{_dtype.SCALAR_NAMES[dt.name]}")
    x1, x2 = x1.to(dt), x2.to(dt)
    shape = broadcast_shapes(x1._data.shape, x2._data.shape)
    if x1._data.shape != shape:
        x1 = x1.expand(shape)
    if x2._data.shape != shape:
        x2 = x2.expand(shape)
    n1 = _reduce.norm(x1, 2, dim, keepdim=True).clone()
    n2 = _reduce.norm(x2, 2, dim, keepdim=True).clone()
    with no_grad():   # the clamp is not part of the derivative (as in PyTorch)
        n1.clamp_min_(eps)
        n2.clamp_min_(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


class NormBackward1(_reduce.LinalgVectorNormBackward0):
    """out = ||x||_p along dims: the node of ``torch.norm(x, p, dim)``, which pairwise_distance uses."""


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p along the last dimension."""
    _check_tensor(x1, "pairwise_distance", "x1", 1)
    _check_tensor(x2, "pairwise_distance", "x2", 2)
    ndim = max(x1._data.ndim, x2._data.ndim)
    diff = x1 - x2 + eps
    if not diff.is_floating_point():
        diff = diff.to(_dtype.float32)
    return NormBackward1(float(p), wrap_dims(max(ndim - 1, 0) if ndim else None, diff._data.ndim),
                         bool(keepdim)).apply(diff)


__all__ = ["celu", "cosine_similarity", "elu", "glu", "hardshrink", "hardsigmoid", "hardswish", "hardtanh",
           "mish", "normalize", "pairwise_distance", "prelu", "relu6", "selu", "softshrink", "softsign",
           "tanhshrink", "threshold"]


# ---- the same ops under their ``torch.`` names, Tensor methods and in-place forms -----------------------

def _inplace_form(fn, name):
    def inplace_fn(input, *args, **kwargs):
        return fn(input, *args, inplace=True, **kwargs)

    inplace_fn.__name__ = inplace_fn.__qualname__ = name
    inplace_fn.__doc__ = f"``{fn.__name__}`` written into ``input``."
    return inplace_fn


def _celu_(input, alpha=1.0):
    return celu(input, alpha, True)


_celu_.__name__ = _celu_.__qualname__ = "celu_"

#: ``torch.selu`` ... (PyTorch has these at the top level too)
TORCH_FUNCTIONS = {"selu": selu, "selu_": _inplace_form(selu, "selu_"), "celu": celu, "celu_": _celu_,
                   "prelu": prelu, "threshold": threshold, "threshold_": _inplace_form(threshold, "threshold_"),
                   "hardshrink": hardshrink, "cosine_similarity": cosine_similarity,
                   "pairwise_distance": pairwise_distance}
#: ``F.elu_`` ...: the in-place forms nn.functional has
FUNCTIONAL_INPLACE = {"elu_": _inplace_form(elu, "elu_"), "selu_": TORCH_FUNCTIONS["selu_"], "celu_": _celu_,
                      "hardtanh_": _inplace_form(hardtanh, "hardtanh_"), "threshold_": TORCH_FUNCTIONS["threshold_"]}
#: Tensor methods
METHODS = {"prelu": prelu, "hardshrink": hardshrink}
registry.register_all(TORCH_FUNCTIONS, method=False, out=("threshold", "hardshrink"))
registry.register_all(METHODS, function=False)
