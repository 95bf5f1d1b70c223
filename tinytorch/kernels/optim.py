"""Optimiser update kernels: one in-place pass over a flat parameter, its gradient and state.

The scalar hyper-parameters (learning rate, bias corrections...) are computed in Python;
every array element is read and written here.
"""
import numpy as np

from . import kernel
from .random import fma


@kernel
def sgd_kernel(p, g, buf, neg_lr, momentum, one_minus_dampening, nesterov, weight_decay, maximize, first):
    """PyTorch's SGD, element by element in the order and with the roundings of its CPU step,
    every scalar already in p's dtype (``sgd_scalars``):

        d = ±g;  d = fma(p, wd, d) (weight decay)
        momentum: buf = d (first step) or fma(d, 1 - dampening, buf momentum);
                  d = fma(buf, momentum, d) (nesterov) or buf
        p = fma(d, -lr, p)
    buf is ignored (may be empty) when momentum == 0."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = fma(p[i], weight_decay, d)
        if momentum != 0:
            b = d if first else fma(d, one_minus_dampening, buf[i] * momentum)
            buf[i] = b
            d = fma(b, momentum, d) if nesterov else b
        p[i] = fma(d, neg_lr, p[i])


def sgd_scalars(dtype, lr, momentum, dampening, weight_decay):
    """``sgd_kernel``'s scalars rounded once to ``dtype``: -lr, momentum, 1 - dampening, weight_decay."""
    t = dtype.type
    return t(-lr), t(momentum), t(1 - dampening), t(weight_decay)


@kernel
def adam_kernel(p, g, m, v, vmax, decay, weight_decay, w1, w1m1, b2, s2, bc2_sqrt, eps, neg_step, decoupled,
                amsgrad, maximize):
    """PyTorch's Adam (decoupled=False: L2 added to the gradient) and AdamW (decoupled=True),
    element by element in the order and with the roundings of PyTorch's CPU step, every
    scalar already in p's dtype (``adam_scalars``):

        p = p * decay (AdamW, decay = 1 - lr wd)    or    d = fma(p, wd, d) (Adam's L2 term)
        m = lerp(m, d, w1)            one fma: fma(w1, d - m, m), or fma(w1 - 1, d - m, d) for w1 >= 0.5
        v = fma(s2 d, d, v b2)        (v b2 + (1 - b2) d d; vmax = max(vmax, v) with amsgrad)
        p = p + neg_step m / (sqrt(v) / bc2_sqrt + eps)      neg_step = -lr / (1 - b1^t)
    """
    use_end = w1 >= 0.5
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        pi = p[i]
        if weight_decay != 0:
            if decoupled:
                pi = pi * decay
            else:
                d = fma(pi, weight_decay, d)
        mi = m[i]
        mi = fma(w1m1, d - mi, d) if use_end else fma(w1, d - mi, mi)
        m[i] = mi
        vi = fma(s2 * d, d, v[i] * b2)
        v[i] = vi
        if amsgrad:
            if vi > vmax[i] or vi != vi:
                vmax[i] = vi
            vi = vmax[i]
        p[i] = pi + neg_step * mi / (np.sqrt(vi) / bc2_sqrt + eps)


def adam_scalars(dtype, lr, beta1, beta2, eps, weight_decay, step):
    """The scalars of ``adam_kernel`` for step ``step``, computed in Python floats as PyTorch
    computes them and rounded once to ``dtype`` (the parameter's): decay, weight_decay, w1,
    w1 - 1 (computed in ``dtype``), b2, s2, bc2_sqrt, eps, neg_step."""
    t = dtype.type
    bias_correction2 = 1 - beta2 ** step
    w1 = t(1 - beta1)
    return (t(1 - lr * weight_decay), t(weight_decay), w1, w1 - t(1), t(beta2), t(1 - beta2),
            t(bias_correction2 ** 0.5), t(eps), t(-(lr / (1 - beta1 ** step))))


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


@kernel
def lerp(start, end, weight):
    """PyTorch's lerp: start + weight (end - start), computed from the nearer end."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


@kernel
def rmsprop_kernel(p, g, square_avg, grad_avg, buf, lr, alpha, eps, weight_decay, momentum, centered, maximize):
    """PyTorch's RMSprop: d = ±g + wd p; square_avg = alpha square_avg + (1 - alpha) d^2;
    avg = sqrt(square_avg - grad_avg^2) + eps with centered (grad_avg = lerp(grad_avg, d, 1 - alpha)),
    else sqrt(square_avg) + eps; with momentum buf = momentum buf + d / avg, p -= lr buf;
    else p -= lr d / avg.  grad_avg and buf are ignored (may be empty) when unused."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = d + weight_decay * p[i]
        square_avg[i] = square_avg[i] * alpha + (1 - alpha) * d * d
        if centered:
            grad_avg[i] = lerp(grad_avg[i], d, 1 - alpha)
            avg = np.sqrt(square_avg[i] - grad_avg[i] * grad_avg[i]) + eps
        else:
            avg = np.sqrt(square_avg[i]) + eps
        if momentum > 0:
            buf[i] = buf[i] * momentum + d / avg
            p[i] = p[i] - lr * buf[i]
        else:
            p[i] = p[i] - lr * d / avg


@kernel
def adagrad_kernel(p, g, state_sum, clr, eps, weight_decay, maximize):
    """PyTorch's Adagrad (dense): d = ±g + wd p; sum += d^2; p -= clr d / (sqrt(sum) + eps),
    clr = lr / (1 + (step - 1) lr_decay) computed by the caller."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = d + weight_decay * p[i]
        state_sum[i] = state_sum[i] + d * d
        p[i] = p[i] - clr * d / (np.sqrt(state_sum[i]) + eps)


@kernel
def adamax_kernel(p, g, exp_avg, exp_inf, clr, beta1, beta2, eps, weight_decay, maximize):
    """PyTorch's Adamax: d = ±g + wd p; exp_avg = lerp(exp_avg, d, 1 - b1);
    exp_inf = max(b2 exp_inf, |d| + eps); p -= clr exp_avg / exp_inf, clr = lr / (1 - b1^t)."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = d + weight_decay * p[i]
        exp_avg[i] = lerp(exp_avg[i], d, 1 - beta1)
        decayed = exp_inf[i] * beta2
        fresh = abs(d) + eps
        exp_inf[i] = decayed if decayed > fresh else fresh
        p[i] = p[i] - clr * exp_avg[i] / exp_inf[i]


@kernel
def _decayed_moments(p, g, exp_avg, exp_avg_sq, i, lr, beta1, beta2, weight_decay, decoupled, maximize):
    """NAdam's and RAdam's first step for element i: d = ±g (+ wd p, or p *= 1 - lr wd when
    decoupled), then both moments updated with d; returns d."""
    d = -g[i] if maximize else g[i]
    if weight_decay != 0:
        if decoupled:
            p[i] = p[i] * (1 - lr * weight_decay)
        else:
            d = d + weight_decay * p[i]
    exp_avg[i] = lerp(exp_avg[i], d, 1 - beta1)
    exp_avg_sq[i] = exp_avg_sq[i] * beta2 + (1 - beta2) * d * d
    return d


@kernel
def nadam_kernel(p, g, exp_avg, exp_avg_sq, lr, beta1, beta2, eps, weight_decay, decoupled, maximize,
                 bias_correction2, grad_coef, avg_coef):
    """PyTorch's NAdam: d = ±g (+ wd p, or p *= 1 - lr wd when decoupled); exp_avg = lerp(exp_avg, d, 1 - b1);
    exp_avg_sq = b2 exp_avg_sq + (1 - b2) d^2; denom = sqrt(exp_avg_sq / bc2) + eps;
    p += grad_coef d / denom + avg_coef exp_avg / denom (coefficients from the momentum schedule, by the caller)."""
    for i in range(p.size):
        d = _decayed_moments(p, g, exp_avg, exp_avg_sq, i, lr, beta1, beta2, weight_decay, decoupled, maximize)
        denom = np.sqrt(exp_avg_sq[i] / bias_correction2) + eps
        p[i] = p[i] + grad_coef * d / denom
        p[i] = p[i] + avg_coef * exp_avg[i] / denom


@kernel
def radam_kernel(p, g, exp_avg, exp_avg_sq, lr, beta1, beta2, eps, weight_decay, decoupled, maximize,
                 bias_correction1, bias_correction2, rectify, rect):
    """PyTorch's RAdam: moments as NAdam's; with rectify (the variance is tractable, rho_t > 5)
    p -= exp_avg / bc1 * lr * sqrt(bc2) / (sqrt(exp_avg_sq) + eps) * rect, else p -= exp_avg / bc1 * lr."""
    bc2_sqrt = bias_correction2 ** 0.5
    for i in range(p.size):
        d = _decayed_moments(p, g, exp_avg, exp_avg_sq, i, lr, beta1, beta2, weight_decay, decoupled, maximize)
        corrected = exp_avg[i] / bias_correction1
        if rectify:
            p[i] = p[i] - corrected * lr * (bc2_sqrt / (np.sqrt(exp_avg_sq[i]) + eps)) * rect
        else:
            p[i] = p[i] - corrected * lr


@kernel
def rprop_kernel(p, g, prev, step_size, etaminus, etaplus, step_size_min, step_size_max, maximize):
    """PyTorch's Rprop: s = sign(±g prev); the step size is multiplied by etaplus (s > 0), etaminus (s < 0)
    or 1 and clamped to [min, max]; where s < 0 the gradient counts as 0; p -= sign(d) step_size; prev = d."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        s = d * prev[i]
        if s > 0:
            factor = etaplus
        elif s < 0:
            factor = etaminus
        else:
            factor = 1.0
        size = step_size[i] * factor
        if size < step_size_min:
            size = step_size_min
        if size > step_size_max:
            size = step_size_max
        step_size[i] = size
        if s < 0:
            d = 0.0
        if d > 0:
            p[i] = p[i] - size
        elif d < 0:
            p[i] = p[i] + size
        prev[i] = d


@kernel
def asgd_kernel(p, g, ax, eta, lambd, mu, weight_decay, maximize):
    """PyTorch's ASGD: d = ±g + wd p; p *= 1 - lambd eta; p -= eta d; then ax += (p - ax) mu,
    or ax = p when mu == 1 (eta and mu are the step's values, read by the caller from the state)."""
    for i in range(p.size):
        d = -g[i] if maximize else g[i]
        if weight_decay != 0:
            d = d + weight_decay * p[i]
        p[i] = p[i] * (1 - lambd * eta)
        p[i] = p[i] - eta * d
        if mu != 1:
            ax[i] = ax[i] + (p[i] - ax[i]) * mu
        else:
            ax[i] = p[i]


@kernel
def dot_kernel(a, b):
    """sum(a * b) of two flat arrays, accumulated in float64 (LBFGS's inner products)."""
    total = 0.0
    for i in range(a.size):
        total += a[i] * b[i]
    return total


@kernel
def abs_max_kernel(a):
    """max |a| of a non-empty flat array."""
    best = abs(a[0])
    for i in range(1, a.size):
        if abs(a[i]) > best:
            best = abs(a[i])
    return best


@kernel
def abs_sum_kernel(a):
    """sum |a| of a flat array, accumulated in float64."""
    total = 0.0
    for i in range(a.size):
        total += abs(a[i])
    return total


@kernel
def axpy_kernel(y, alpha, x):
    """y += alpha x, in place, for flat arrays of one size."""
    for i in range(y.size):
        y[i] = y[i] + alpha * x[i]


@kernel
def scale_kernel(out, a, alpha):
    """out = a * alpha, for flat arrays of one size."""
    for i in range(out.size):
        out[i] = a[i] * alpha


@kernel
def sub_kernel(out, a, b):
    """out = a - b, for flat arrays of one size."""
    for i in range(out.size):
        out[i] = a[i] - b[i]
