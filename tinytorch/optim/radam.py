"""``RAdam`` with PyTorch's update rule, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import radam_kernel
from .optimizer import Optimizer, cpu_flags, flat


def check_betas(betas):
    """PyTorch's check of an Adam-family ``betas`` pair: each in [0, 1)."""
    for i in range(2):
        if not 0.0 <= betas[i] < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {betas[i]}")


class RAdam(Optimizer):
    """Rectified Adam (Liu et al.).  At step t with d = g (+ weight_decay * p, or p *= 1 - lr weight_decay
    with decoupled_weight_decay=True):

    m = b1 m + (1 - b1) d,  v = b2 v + (1 - b2) d^2,
    rho_inf = 2 / (1 - b2) - 1,  rho_t = rho_inf - 2 t b2^t / (1 - b2^t);
    rho_t > 5: p -= lr m / (1 - b1^t) * sqrt(1 - b2^t) / (sqrt(v) + eps) * r_t,
    r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t));
    else p -= lr m / (1 - b1^t) (plain momentum SGD while the variance estimate is unreliable).

    State per parameter: 'step', 'exp_avg', 'exp_avg_sq'.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False,
                 *, foreach=None, maximize=False, capturable=False, differentiable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        flags = cpu_flags(foreach=foreach, capturable=capturable, differentiable=differentiable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      foreach=flags["foreach"], capturable=flags["capturable"],
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      differentiable=flags["differentiable"]))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["exp_avg"] = Tensor._make(np.zeros_like(param._data))
            state["exp_avg_sq"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        step = state["step"].item()
        beta1, beta2 = (float(b) for b in group["betas"])
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        rectify = rho_t > 5.0
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5 if rectify \
            else 0.0
        radam_kernel(flat(param._data, "parameter"), grad, flat(state["exp_avg"]._data, "state"),
                     flat(state["exp_avg_sq"]._data, "state"), float(group["lr"]), beta1, beta2, float(group["eps"]),
                     float(group["weight_decay"]), bool(group["decoupled_weight_decay"]), bool(group["maximize"]),
                     bias_correction1, bias_correction2, rectify, rect)
