"""``Rprop`` with PyTorch's update rule, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import rprop_kernel
from .optimizer import Optimizer, cpu_flags, flat


class Rprop(Optimizer):
    """Resilient backpropagation (Riedmiller & Braun): only the gradient's sign is used.  With
    s = sign(g * prev): the per-element step size is multiplied by etas[1] (s > 0), etas[0] (s < 0) or 1,
    and clamped to step_sizes; where s < 0 the gradient is taken as 0 (no step, and prev = 0);
    p -= sign(g) step_size; prev = g.  There is no weight_decay.

    State per parameter: 'step', 'prev' (zeros), 'step_size' (filled with lr).
    """

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        flags = cpu_flags(capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=flags["foreach"],
                                      maximize=maximize, differentiable=flags["differentiable"],
                                      capturable=flags["capturable"]))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["prev"] = Tensor._make(np.zeros_like(param._data))
            state["step_size"] = Tensor._make(np.full_like(param._data, float(group["lr"])))
        state["step"]._data[...] = state["step"].item() + 1
        etaminus, etaplus = (float(e) for e in group["etas"])
        size_min, size_max = (float(s) for s in group["step_sizes"])
        rprop_kernel(flat(param._data, "parameter"), grad, flat(state["prev"]._data, "state"),
                     flat(state["step_size"]._data, "state"), etaminus, etaplus, size_min, size_max,
                     bool(group["maximize"]))
