"""``Adam`` and ``AdamW`` with PyTorch's update rules, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels import optim as ko
from .optimizer import Optimizer, cpu_flags, flat


class Adam(Optimizer):
    """Adam (Kingma & Ba).  At step t with d = g (+ weight_decay * p, the L2 form):

    m = b1 m + (1 - b1) d,  v = b2 v + (1 - b2) d^2,
    p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)   (amsgrad: v -> running max of v).
    decoupled_weight_decay=True is AdamW.  State per parameter: 'step', 'exp_avg', 'exp_avg_sq' (and 'max_exp_avg_sq').
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        if lr < 0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if eps < 0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        for i, beta in enumerate(betas):
            if not 0 <= beta < 1:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        if weight_decay < 0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize,
                                      **cpu_flags(foreach=foreach, capturable=capturable, differentiable=differentiable,
                                                  fused=fused),
                                      decoupled_weight_decay=decoupled_weight_decay))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["exp_avg"] = Tensor._make(np.zeros_like(param._data))
            state["exp_avg_sq"] = Tensor._make(np.zeros_like(param._data))
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        step = state["step"].item()
        beta1, beta2 = (float(b) for b in group["betas"])
        p = flat(param._data, "parameter")
        vmax = flat(state["max_exp_avg_sq"]._data, "state") if group["amsgrad"] else p[:0]
        ko.adam_kernel(p, grad, flat(state["exp_avg"]._data, "state"), flat(state["exp_avg_sq"]._data, "state"),
                       vmax, *ko.adam_scalars(p.dtype, float(group["lr"]), beta1, beta2, float(group["eps"]),
                                              float(group["weight_decay"]), step),
                       bool(group["decoupled_weight_decay"]), bool(group["amsgrad"]), bool(group["maximize"]))


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): p *= 1 - lr * weight_decay before
    the Adam step, instead of adding weight_decay * p to the gradient.  Default weight_decay 0.01."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
