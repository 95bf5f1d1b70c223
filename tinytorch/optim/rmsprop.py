"""``RMSprop`` with PyTorch's update rule, defaults and state names."""
import numpy as np

from .._tensor import Tensor
from ..kernels.optim import rmsprop_kernel
from .optimizer import Optimizer, cpu_flags, flat


class RMSprop(Optimizer):
    """RMSprop (Hinton): divide the gradient by a running root mean square.  With d = g (+ weight_decay * p):

    square_avg = alpha square_avg + (1 - alpha) d^2,
    avg = sqrt(square_avg) + eps, or sqrt(square_avg - grad_avg^2) + eps with centered=True
    (grad_avg: running mean of d with the same alpha);
    momentum > 0: buf = momentum buf + d / avg, p -= lr buf; else p -= lr d / avg.

    State per parameter: 'step', 'square_avg' (and 'momentum_buffer', 'grad_avg'), all starting at zero.
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        flags = cpu_flags(capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                                      weight_decay=weight_decay, capturable=flags["capturable"],
                                      foreach=flags["foreach"], maximize=maximize,
                                      differentiable=flags["differentiable"]))

    def _update(self, group, param, grad, state):
        momentum = float(group["momentum"])
        if not state:
            state["step"] = Tensor._make(np.zeros((), np.float32))
            state["square_avg"] = Tensor._make(np.zeros_like(param._data))
            if momentum > 0:
                state["momentum_buffer"] = Tensor._make(np.zeros_like(param._data))
            if group["centered"]:
                state["grad_avg"] = Tensor._make(np.zeros_like(param._data))
        state["step"]._data[...] = state["step"].item() + 1
        p = flat(param._data, "parameter")
        grad_avg = flat(state["grad_avg"]._data, "state") if group["centered"] else p[:0]
        buf = flat(state["momentum_buffer"]._data, "state") if momentum > 0 else p[:0]
        rmsprop_kernel(p, grad, flat(state["square_avg"]._data, "state"), grad_avg, buf, float(group["lr"]),
                       float(group["alpha"]), float(group["eps"]), float(group["weight_decay"]), momentum,
                       bool(group["centered"]), bool(group["maximize"]))
