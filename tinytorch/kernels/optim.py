"""Optimiser update kernels: one in-place pass over a flat parameter, its gradient and state.

The scalar hyper-parameters (learning rate, bias corrections...) are computed in Python;
every array element is read and written here.
"""
import numpy as np

from . import kernel


@kernel
def sgd_kernel(p, g, buf, lr, momentum, dampening, nesterov, weight_decay, maximize, first):
    """PyTorch's SGD: d = ±g + wd p; with momentum buf = d on the first step, else
    buf = momentum buf + (1 - dampening) d, and d = d + momentum buf (nesterov) or buf;
    then p -= lr d.  buf is ignored (may be empty) when momentum == 0."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = d + weight_decay * p[i]
        if momentum != 0:
            if first:
                b = d
            else:
                b = momentum * buf[i] + (1 - dampening) * d
            buf[i] = b
            d = d + momentum * b if nesterov else b
        p[i] = p[i] - lr * d


@kernel
def adam_kernel(p, g, m, v, vmax, lr, beta1, beta2, eps, weight_decay, decoupled, amsgrad, maximize,
                bias_correction1, bias_correction2):
    """PyTorch's Adam (decoupled=False: L2 added to the gradient) and AdamW (decoupled=True:
    p *= 1 - lr wd).  m = b1 m + (1 - b1) d, v = b2 v + (1 - b2) d^2 (vmax = running max of v
    with amsgrad), p -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)."""
    step_size = lr / bias_correction1
    bc2_sqrt = np.sqrt(bias_correction2)
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            if decoupled:
                p[i] = p[i] * (1 - lr * weight_decay)
            else:
                d = d + weight_decay * p[i]
        m[i] = beta1 * m[i] + (1 - beta1) * d
        v[i] = beta2 * v[i] + (1 - beta2) * d * d
        if amsgrad:
            if v[i] > vmax[i]:
                vmax[i] = v[i]
            denom = np.sqrt(vmax[i]) / bc2_sqrt + eps
        else:
            denom = np.sqrt(v[i]) / bc2_sqrt + eps
        p[i] = p[i] - step_size * m[i] / denom


@kernel
def adadelta_kernel(p, g, square_avg, acc_delta, lr, rho, eps, weight_decay, maximize):
    """PyTorch's Adadelta: d = ±g + wd p; square_avg = rho square_avg + (1 - rho) d^2;
    delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * d;
    acc_delta = rho acc_delta + (1 - rho) delta^2; p -= lr delta."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = d + weight_decay * p[i]
        square_avg[i] = rho * square_avg[i] + (1 - rho) * d * d
        delta = np.sqrt(acc_delta[i] + eps) / np.sqrt(square_avg[i] + eps) * d
        acc_delta[i] = rho * acc_delta[i] + (1 - rho) * delta * delta
        p[i] = p[i] - lr * delta
