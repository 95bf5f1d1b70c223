"""``Adagrad`` with PyTorch's update rule, defaults and state names (dense gradients only)."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import adagrad_kernel
from .optimizer import Optimizer, cpu_flags, flat


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.): a per-element step size from the sum of all squared gradients.
    At step t with d = g (+ weight_decay * p):

    clr = lr / (1 + (t - 1) lr_decay),  sum += d^2,  p -= clr d / (sqrt(sum) + eps).

    State per parameter: 'step' and 'sum' (filled with initial_accumulator_value), created for
    every parameter by the constructor, as PyTorch does; parameters of a group added later get
    them on their first step, filled with the constructor's initial_accumulator_value.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        flags = cpu_flags(foreach=foreach, differentiable=differentiable, fused=fused)
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, foreach=flags["foreach"],
                                      maximize=maximize, differentiable=flags["differentiable"],
                                      fused=flags["fused"]))
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(self.state.setdefault(p, {}), p, initial_accumulator_value)

    @staticmethod
    def _init_state(state, param, initial_accumulator_value):
        state["step"] = Tensor._make(np.zeros((), np.float32))
        state["sum"] = Tensor._make(np.full_like(param._data, initial_accumulator_value))

    def _update(self, group, param, grad, state):
        if not state:
            self._init_state(state, param, self.defaults["initial_accumulator_value"])
        state["step"]._data[...] = state["step"].item() + 1
        step = state["step"].item()
        clr = float(group["lr"]) / (1 + (step - 1) * float(group["lr_decay"]))
        adagrad_kernel(flat(param._data, "parameter"), grad, flat(state["sum"]._data, "state"), clr,
                       float(group["eps"]), float(group["weight_decay"]), bool(group["maximize"]))
