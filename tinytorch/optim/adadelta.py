"""``Adadelta`` with PyTorch's update rule, defaults and state names.

The update runs in ``tinytorch.kernels.optim.adadelta_kernel`` (Numba, one in-place pass over
the flat parameter, its gradient and the two running averages), beside those of ``SGD`` and ``Adam``.
"""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import adadelta_kernel
from .optimizer import Optimizer, cpu_flags, flat


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012): a per-element step size from running averages of squared
    gradients and squared updates, so the default lr=1.0 needs no tuning.  With d = g
    (+ weight_decay * p):

    square_avg = rho square_avg + (1 - rho) d^2,
    delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * d,
    acc_delta = rho acc_delta + (1 - rho) delta^2,   p -= lr * delta.

    State per parameter: 'step', 'square_avg', 'acc_delta' (both averages start at zero).
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        if lr < 0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0 <= rho <= 1:
            raise ValueError(f"Invalid rho value: {rho}")
        if eps < 0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if weight_decay < 0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      **cpu_flags(capturable=capturable, foreach=foreach,
                                                  differentiable=differentiable)))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["square_avg"] = Tensor._make(np.zeros_like(param._data))
            state["acc_delta"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        adadelta_kernel(flat(param._data, "parameter"), grad, flat(state["square_avg"]._data, "state"),
                        flat(state["acc_delta"]._data, "state"), float(group["lr"]), float(group["rho"]),
                        float(group["eps"]), float(group["weight_decay"]), bool(group["maximize"]))
