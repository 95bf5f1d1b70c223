"""``ASGD`` with PyTorch's update rule, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import asgd_kernel
from .optimizer import Optimizer, cpu_flags, flat


class ASGD(Optimizer):
    """Averaged SGD (Polyak & Juditsky).  With d = g (+ weight_decay * p) and the state's eta and mu:

    p *= 1 - lambd eta,  p -= eta d,  ax = p if mu == 1 else ax + mu (p - ax);
    then, at step t, eta = lr / (1 + lambd lr t)^alpha and mu = 1 / max(1, t - t0).

    State per parameter: 'step', 'eta' (starts at lr), 'mu' (starts at 1): 0-d tensors of the
    default dtype (float32; a loaded state takes the parameter's dtype, but the new values are still
    rounded to float32, as PyTorch's are); and 'ax', the running average of p.
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        flags = cpu_flags(foreach=foreach, differentiable=differentiable, capturable=capturable)
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                                      foreach=flags["foreach"], maximize=maximize,
                                      differentiable=flags["differentiable"], capturable=flags["capturable"]))

    def _update(self, group, param, grad, state):
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["eta"] = Tensor._make(np.array(float(group["lr"]), np.float32))
            state["mu"] = Tensor._make(np.ones((), np.float32))
            state["ax"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        lr, lambd, alpha = float(group["lr"]), float(group["lambd"]), float(group["alpha"])
        asgd_kernel(flat(param._data, "parameter"), grad, flat(state["ax"]._data, "state"), state["eta"].item(),
                    lambd, state["mu"].item(), float(group["weight_decay"]), bool(group["maximize"]))
        step = state["step"].item()
        # PyTorch makes the new values float32 tensors before copying them into the state.
        state["eta"]._data[...] = np.float32(lr / ((1 + lambd * lr * step) ** alpha))
        state["mu"]._data[...] = np.float32(1 / max(1, step - float(group["t0"])))
