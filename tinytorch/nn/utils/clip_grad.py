"""Gradient clipping: ``clip_grad_norm_`` scales every gradient by max_norm / total norm when the
total norm is larger; ``clip_grad_value_`` clamps each element."""
import math

from ..._creation import tensor as _tensor
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...ops.shape import stack


def _grads(parameters):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale the gradients in place so that their total ``norm_type`` norm (the norm of the
    per-parameter norms) is at most ``max_norm``; returns the total norm before clipping."""
    grads = _grads(parameters)
    max_norm, norm_type = float(max_norm), float(norm_type)
    if not grads:
        return _tensor(0.0)
    with no_grad():
        norms = [g.abs().amax() if norm_type == math.inf else g.norm(norm_type) for g in grads]
        total = stack(norms).amax() if norm_type == math.inf else stack(norms).norm(norm_type)
        if error_if_nonfinite and not math.isfinite(total.item()):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it cannot "
                "be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
                "`error_if_nonfinite=False`")
        coef = (max_norm / (total + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(coef.to(g.dtype))
    return total


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element into [-clip_value, clip_value], in place."""
    clip_value = float(clip_value)
    with no_grad():
        for g in _grads(parameters):
            g.clamp_(min=-clip_value, max=clip_value)
