"""Batch-normalisation and layer-normalisation kernels.

Batch norm works on a C-contiguous (N, C, L) view (L = 1 for BatchNorm1d on (N, C), H*W for
BatchNorm2d): statistics are per channel c over the N*L values x[:, c, :].  Statistics
accumulate in float64.
"""
import numpy as np

from . import kernel


@kernel
def batch_norm_train_kernel(x, weight, bias, eps, out, mean, invstd):
    """Normalise with the batch's statistics: out = (x - mean_c) * invstd_c * weight_c + bias_c.

    mean (C,), invstd (C,) = 1/sqrt(biased variance + eps) are written for backward.
    Returns nothing; the caller derives the unbiased variance for the running estimate.
    """
    N, C, L = x.shape
    M = N * L
    for c in range(C):
        acc = 0.0
        for n in range(N):
            for l in range(L):
                acc += x[n, c, l]
        mu = acc / M
        sq = 0.0
        for n in range(N):
            for l in range(L):
                d = x[n, c, l] - mu
                sq += d * d
        var = sq / M
        mean[c] = mu
        invstd[c] = 1.0 / np.sqrt(var + eps)
        scale = invstd[c] * weight[c]
        shift = bias[c] - mu * scale
        for n in range(N):
            for l in range(L):
                out[n, c, l] = x[n, c, l] * scale + shift


@kernel
def batch_norm_eval_kernel(x, weight, bias, running_mean, running_var, eps, out, invstd):
    """Normalise with the running statistics; invstd (C,) is written for backward."""
    N, C, L = x.shape
    for c in range(C):
        invstd[c] = 1.0 / np.sqrt(running_var[c] + eps)
        scale = invstd[c] * weight[c]
        shift = bias[c] - running_mean[c] * scale
        for n in range(N):
            for l in range(L):
                out[n, c, l] = x[n, c, l] * scale + shift


@kernel
def update_running_kernel(running_mean, running_var, mean, invstd, eps, momentum, count):
    """running = (1 - momentum) running + momentum * batch (the variance unbiased: * M/(M-1))."""
    for c in range(running_mean.size):
        var = 1.0 / (invstd[c] * invstd[c]) - eps
        unbiased = var * count / (count - 1) if count > 1 else var
        running_mean[c] = (1 - momentum) * running_mean[c] + momentum * mean[c]
        running_var[c] = (1 - momentum) * running_var[c] + momentum * unbiased


@kernel
def batch_norm_backward_kernel(g, x, weight, mean, invstd, training, gx, gweight, gbias):
    """Gradients of batch norm.  With xhat = (x - mean) * invstd and M = N*L values per channel:

    gbias_c = sum g, gweight_c = sum g * xhat,
    gx = weight * invstd * (g - gbias_c / M - xhat * gweight_c / M) in training (the statistics
    depend on x), gx = weight * invstd * g in evaluation (they are constants).
    """
    N, C, L = x.shape
    M = N * L
    for c in range(C):
        mu = mean[c]
        s = invstd[c]
        gsum = 0.0
        gdot = 0.0
        for n in range(N):
            for l in range(L):
                v = g[n, c, l]
                gsum += v
                gdot += v * (x[n, c, l] - mu) * s
        gbias[c] = gsum
        gweight[c] = gdot
        k = weight[c] * s
        if training:
            a = gsum / M
            b = gdot / M
            for n in range(N):
                for l in range(L):
                    xhat = (x[n, c, l] - mu) * s
                    gx[n, c, l] = k * (g[n, c, l] - a - xhat * b)
        else:
            for n in range(N):
                for l in range(L):
                    gx[n, c, l] = k * g[n, c, l]


@kernel
def layer_norm_forward_kernel(x, weight, bias, eps, out, mean, rstd):
    """Normalise each row of x (M, N): out = (x - mean) * rstd * weight + bias, with
    rstd = 1/sqrt(biased variance + eps); mean (M,) and rstd (M,) are written for backward.
    Statistics accumulate in float64."""
    M, N = x.shape
    for i in range(M):
        s = 0.0
        for j in range(N):
            s += x[i, j]
        m = s / N
        c = 0.0   # a second pass corrects the mean's rounding: a constant row gives exactly 0
        for j in range(N):
            c += x[i, j] - m
        m += c / N
        v = 0.0
        for j in range(N):
            d = x[i, j] - m
            v += d * d
        r = 1.0 / np.sqrt(v / N + eps)
        mean[i], rstd[i] = m, r
        for j in range(N):
            out[i, j] = (x[i, j] - m) * r * weight[j] + bias[j]


@kernel
def layer_norm_backward_kernel(g, x, weight, mean, rstd, gx, gweight, gbias):
    """With xhat = (x - mean) rstd and dxhat = g weight, per row:
    gx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)); gweight = sum over rows of g xhat;
    gbias = sum over rows of g."""
    M, N = x.shape
    for j in range(N):
        gweight[j] = 0.0
        gbias[j] = 0.0
    for i in range(M):
        m, r = mean[i], rstd[i]
        a = 0.0
        b = 0.0
        for j in range(N):
            xhat = (x[i, j] - m) * r
            dxhat = g[i, j] * weight[j]
            a += dxhat
            b += dxhat * xhat
            gweight[j] += g[i, j] * xhat
            gbias[j] += g[i, j]
        a /= N
        b /= N
        for j in range(N):
            xhat = (x[i, j] - m) * r
            gx[i, j] = r * (g[i, j] * weight[j] - a - xhat * b)
