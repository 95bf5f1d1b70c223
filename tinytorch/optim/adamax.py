"""``Adamax`` with PyTorch's update rule, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import adamax_kernel
from .optimizer import Optimizer, cpu_flags, flat
from .radam import check_betas


class Adamax(Optimizer):
    """Adamax (Kingma & Ba): Adam with the infinity norm.  At step t with d = g (+ weight_decay * p):

    exp_avg = b1 exp_avg + (1 - b1) d,  exp_inf = max(b2 exp_inf, |d| + eps),
    p -= lr / (1 - b1^t) * exp_avg / exp_inf.

    State per parameter: 'step', 'exp_avg', 'exp_inf' (both start at zero).
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        flags = cpu_flags(foreach=foreach, differentiable=differentiable, capturable=capturable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      foreach=flags["foreach"], maximize=maximize,
                                      differentiable=flags["differentiable"], capturable=flags["capturable"]))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["exp_avg"] = Tensor._make(np.zeros_like(param._data))
            state["exp_inf"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        beta1, beta2 = (float(b) for b in group["betas"])
        clr = float(group["lr"]) / (1 - beta1 ** state["step"].item())
        adamax_kernel(flat(param._data, "parameter"), grad, flat(state["exp_avg"]._data, "state"),
                      flat(state["exp_inf"]._data, "state"), clr, beta1, beta2, float(group["eps"]),
                      float(group["weight_decay"]), bool(group["maximize"]))
