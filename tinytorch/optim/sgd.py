"""``SGD`` with PyTorch's momentum, dampening, Nesterov and weight-decay rules."""
import numpy as np

from .._tensor import Tensor
from ..kernels import optim as ko
from .optimizer import Optimizer, cpu_flags, flat


class SGD(Optimizer):
    """Stochastic gradient descent.

    d = g + weight_decay * p; with momentum: buf = d (first step) or momentum * buf + (1 - dampening) d,
    and d = d + momentum * buf (nesterov) or buf; then p -= lr * d.  maximize flips g's sign.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        if lr < 0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize,
                                      **cpu_flags(foreach=foreach, differentiable=differentiable, fused=fused)))

    def _update(self, group, param, grad, state):
        momentum = float(group["momentum"])
        p = flat(param._data, "parameter")
        first = False
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = Tensor._make(np.empty_like(param._data))
                first = True
            b = flat(buf._data, "momentum buffer")
        else:
            b = p[:0]
        neg_lr, momentum_t, one_minus_dampening, weight_decay = ko.sgd_scalars(
            p.dtype, float(group["lr"]), momentum, float(group["dampening"]), float(group["weight_decay"]))
        ko.sgd_kernel(p, grad, b, neg_lr, momentum_t, one_minus_dampening, bool(group["nesterov"]), weight_decay,
                      bool(group["maximize"]), first)
