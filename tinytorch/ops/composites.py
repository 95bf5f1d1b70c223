"""Losses and activations written as a few lines of Tensor code, recorded as one node with
PyTorch's name, each with PyTorch's analytic derivative (a formula node): log_sigmoid,
softplus, binary cross entropy with logits."""
import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from ..autograd.node import FormulaNode
from . import elementwise as ew_ops
from . import table


def _log_sigmoid(x):
    """log s(x) = min(x, 0) - log(1 + e^(-|x|)) (no overflow for any x)."""
    return ew_ops.clamp_max(x, 0.0) - (-table.abs(x)).exp().log1p()


def _softplus(x, beta=1.0, threshold=20.0):
    """log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (PyTorch's switch)."""
    scaled = x * beta
    smooth = ew_ops.clamp_max(scaled, threshold).exp().log1p() / beta   # (clamped: no inf in the other branch)
    return ew_ops.where(ew_ops.gt(scaled, threshold), x, smooth)


def _bce_with_logits(input, target, weight=None, pos_weight=None, reduction="mean"):
    """(1 - t) x - w_pos log s(x), with w_pos = (pos_weight - 1) t + 1 (1 without pos_weight),
    times ``weight``, then reduced."""
    loss = (1 - target) * input
    log_s = _log_sigmoid(input)
    loss = loss - (log_s if pos_weight is None else ((pos_weight - 1) * target + 1) * log_s)
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


class _Analytic(FormulaNode):
    """A node whose forward is Tensor code (``value``, run unrecorded) and whose derivative is
    PyTorch's analytic formula (``grads``), so gradients round as PyTorch's do, kinks included."""

    roles = ()
    value = None

    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def forward(self, *arrays):
        self.in_meta = tuple((a.shape, a.dtype) for a in arrays)
        self.save_for_backward(*arrays)
        with_grad = _enabled[0]
        _enabled[0] = False
        try:
            return type(self).value(*[Tensor._make(a) for a in arrays], **self.kwargs)._data
        finally:
            _enabled[0] = with_grad

    def backward_graph(self, grad):
        """The formulas recorded; a gradient that happens not to depend on anything recorded (a
        piecewise-linear op's, g times a mask) is still tied to its input, so differentiating it
        again gives zeros as in PyTorch instead of an error."""
        out = super().backward_graph(grad)
        for i, r in enumerate(out):
            if r is not None and not r._requires_grad:
                x = self.__dict__.get("_inputs")
                x = x[i] if x is not None else self.input_tensor(i, self.saved_arrays[i])
                out[i] = ew_ops.where(Tensor._make(np.ones(r._data.shape, np.bool_)), r, x)
        return out


class LogSigmoidBackward0(_Analytic):
    """out = log s(x)  ->  d/dx = 1 - s(x) = s(-x), as PyTorch's log_sigmoid_backward rounds it."""

    roles = (0,)
    value = staticmethod(_log_sigmoid)
    grads = (lambda n, g, x: _log_sigmoid_grad(g, x),)


def _log_sigmoid_grad(g, x):
    z = (-table.abs(x)).exp()
    s = z / (z + 1)
    return ew_ops.where(ew_ops.lt(x, 0), g * (1 - s), g * s)


class SoftplusBackward0(_Analytic):
    """out = log(1 + e^(beta x)) / beta  ->  d/dx = e^(beta x) / (1 + e^(beta x)) (1 past the threshold)."""

    roles = (0,)
    value = staticmethod(_softplus)
    grads = (lambda n, g, x: _softplus_grad(g, x, **n.kwargs),)


def _softplus_grad(g, x, beta, threshold):
    scaled = x * beta
    z = ew_ops.clamp_max(scaled, threshold).exp()
    return ew_ops.where(ew_ops.gt(scaled, threshold), g, g * z / (z + 1))


class BinaryCrossEntropyWithLogitsBackward0(_Analytic):
    """loss = (1 - t) x - w_pos log s(x), w_pos = (pos_weight - 1) t + 1  ->
    d/dx = (pos_weight t + 1 - t) s(x) - pos_weight t,  d/dt = (1 - pos_weight) log s(x) - x
    (without pos_weight: s(x) - t and -x), each times ``weight`` and g (/ N for the mean)."""

    roles = (0, 1)
    value = staticmethod(_bce_with_logits)
    grads = (lambda n, g, x, t: _bce_grad_input(g, x, t, **n.kwargs),
             lambda n, g, x, t: _bce_grad_target(g, x, t, **n.kwargs))


def _bce_grad_input(g, x, t, weight, pos_weight, reduction):
    if pos_weight is None:
        grad = x.sigmoid() - t
    else:
        wt = pos_weight * t
        grad = (wt + 1 - t) * x.sigmoid() - wt
    return _bce_finish(grad, g, x, weight, reduction)


def _bce_grad_target(g, x, t, weight, pos_weight, reduction):
    grad = -x if pos_weight is None else (1 - pos_weight) * _log_sigmoid(x) - x
    return _bce_finish(grad, g, x, weight, reduction)


def _bce_finish(grad, g, x, weight, reduction):
    if weight is not None:
        grad = grad * weight
    grad = grad * g
    return grad / x.numel() if reduction == "mean" else grad


def logsigmoid(input):
    """log(sigmoid(x)) elementwise."""
    _check_float(input, "log_sigmoid")
    return LogSigmoidBackward0().apply(input)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta elementwise (x where beta x > threshold)."""
    _check_float(input, "softplus")
    return SoftplusBackward0(beta=float(beta), threshold=float(threshold)).apply(input)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Binary cross entropy of logits ``input`` against probabilities ``target`` (same shape)."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if not isinstance(target, Tensor) or target.shape != input.shape:
        shape = target.shape if isinstance(target, Tensor) else type(target).__name__
        raise ValueError(f"Target size ({shape!r}) must be the same as input size ({input.shape!r})")
    return BinaryCrossEntropyWithLogitsBackward0(weight=weight, pos_weight=pos_weight, reduction=reduction).apply(
        input, target)


def _legacy_reduction(size_average, reduce):
    """PyTorch's mapping of the deprecated ``size_average`` / ``reduce`` arguments."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return "none" if not reduce else ("mean" if size_average else "sum")


def _check_float(x, name):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(x).__name__}")
