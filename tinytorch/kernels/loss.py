"""Loss kernels: negative log-likelihood (with class weights and an ignored label) and
mean squared error, forward and backward.

Targets are int64 class indices already checked to lie in [0, C) (or to equal the ignored
label) by the Python wrapper; the kernels trust them.
"""
import numpy as np

from . import kernel

#: reduction codes
NONE, MEAN, SUM = range(3)


@kernel
def nll_forward_kernel(logp, target, weight, ignore_index, losses):
    """losses[n] = -weight[t] * logp[n, t] (0 where t == ignore_index).

    logp (N, C) float, target (N,) int64, weight (C,) float, losses (N,) float.
    Returns (sum of the losses, sum of the weights of the counted samples).
    """
    N = logp.shape[0]
    loss_sum = 0.0
    weight_sum = 0.0
    for n in range(N):
        t = target[n]
        if t == ignore_index:
            losses[n] = 0
        else:
            w = weight[t]
            losses[n] = -w * logp[n, t]
            loss_sum += losses[n]
            weight_sum += w
    return loss_sum, weight_sum


@kernel
def nll_backward_kernel(g, target, weight, ignore_index, scale, per_sample, grad):
    """grad[n, t] = -weight[t] * g[n or 0] * scale, zero elsewhere; grad (N, C) preallocated zeros.

    per_sample: g holds one gradient per sample (reduction 'none'); else g[0] is shared.
    """
    N = grad.shape[0]
    for n in range(N):
        t = target[n]
        if t != ignore_index:
            gn = g[n] if per_sample else g[0]
            grad[n, t] = -weight[t] * gn * scale


@kernel
def mse_forward_kernel(x, y, out, reduction):
    """Squared differences (x - y)^2: elementwise into out (reduction NONE) or summed into out[0]."""
    n = x.size
    if reduction == NONE:
        for i in range(n):
            d = x[i] - y[i]
            out[i] = d * d
    else:
        acc = 0.0
        for i in range(n):
            d = x[i] - y[i]
            acc += d * d
        out[0] = acc / n if reduction == MEAN else acc


@kernel
def mse_backward_kernel(x, y, g, per_element, scale, gx):
    """gx[i] = 2 (x[i] - y[i]) * g[i or 0] * scale (scale = 1/N for the mean)."""
    n = x.size
    for i in range(n):
        gi = g[i] if per_element else g[0]
        gx[i] = 2 * (x[i] - y[i]) * gi * scale


def nll_forward(logp, target, weight, ignore_index):
    """Per-sample losses (N,), their sum and the total weight (the divisor of the mean)."""
    losses = np.empty(logp.shape[0], logp.dtype)
    loss_sum, weight_sum = nll_forward_kernel(logp, target, weight, ignore_index, losses)
    return losses, loss_sum, weight_sum


@kernel
def first_bad_target_kernel(target, n_classes, ignore_index):
    """The position of the first target outside [0, n_classes) that is not ignore_index, or -1."""
    for n in range(target.size):
        t = target[n]
        if t != ignore_index and (t < 0 or t >= n_classes):
            return n
    return -1
