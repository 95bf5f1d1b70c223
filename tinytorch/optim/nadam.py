"""``NAdam`` with PyTorch's update rule, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import nadam_kernel
from .optimizer import Optimizer, cpu_flags, flat
from .radam import check_betas


class NAdam(Optimizer):
    """Adam with Nesterov momentum (Dozat).  At step t with d = g (+ weight_decay * p, or
    p *= 1 - lr weight_decay with decoupled_weight_decay=True):

    mu_t = b1 (1 - 0.5 * 0.96^(t momentum_decay)),  mu_product *= mu_t,
    m = b1 m + (1 - b1) d,  v = b2 v + (1 - b2) d^2,  denom = sqrt(v / (1 - b2^t)) + eps,
    p -= lr (1 - mu_t) / (1 - mu_product) d / denom + lr mu_{t+1} / (1 - mu_product mu_{t+1}) m / denom.

    State per parameter: 'step', 'mu_product' (a 0-d tensor of the default dtype, float32, starting at 1,
    rounded to that dtype at each step as PyTorch's is), 'exp_avg', 'exp_avg_sq'.
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        flags = cpu_flags(foreach=foreach, capturable=capturable, differentiable=differentiable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=flags["foreach"], capturable=flags["capturable"],
                                      differentiable=flags["differentiable"]))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["mu_product"] = Tensor._make(np.ones((), np.float32))
            state["exp_avg"] = Tensor._make(np.zeros_like(param._data))
            state["exp_avg_sq"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        step = state["step"].item()
        lr, momentum_decay = float(group["lr"]), float(group["momentum_decay"])
        beta1, beta2 = (float(b) for b in group["betas"])
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        product = state["mu_product"]._data
        product[...] = product * product.dtype.type(mu)
        mu_product = float(product)
        grad_coef = -lr * (1.0 - mu) / (1.0 - mu_product)
        avg_coef = (-lr * mu_next) / (1.0 - mu_product * mu_next)
        nadam_kernel(flat(param._data, "parameter"), grad, flat(state["exp_avg"]._data, "state"),
                     flat(state["exp_avg_sq"]._data, "state"), lr, beta1, beta2, float(group["eps"]),
                     float(group["weight_decay"]), bool(group["decoupled_weight_decay"]), bool(group["maximize"]),
                     1 - beta2 ** step, grad_coef, avg_coef)
