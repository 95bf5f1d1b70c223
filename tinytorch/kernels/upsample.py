"""Resampling kernels for ``interpolate`` over (P, H, W) planes (P = N*C; 1-D input has H = 1).

Each output axis first gets its source positions from the ``*_source_kernel``s, with PyTorch's
formulas and its arithmetic precision (the float32 scale of nearest, the input's dtype for
linear); the forward kernels then read the input at them, and the backward kernels add each
output gradient back to the positions it read (times the weights for linear).
"""
import numpy as np

from . import kernel


@kernel
def nearest_source_kernel(in_size, scale, exact, out):
    """out[o] = the input position output position o copies: PyTorch's ``nearest_idx`` (o itself
    when the sizes agree, o >> 1 when the output is twice the input, else floor(o * scale) in
    float32, clipped to in_size - 1) or, with ``exact``, floor((o + 0.5) * scale).  scale: float32."""
    n = out.size
    for o in range(n):
        if exact:
            v = np.float32((o + 0.5) * scale)
            src = int(np.floor(v))
        elif n == in_size:
            src = o
        elif n == 2 * in_size:
            src = o >> 1
        else:
            src = int(np.floor(np.float32(o) * scale))
        out[o] = min(src, in_size - 1)


@kernel
def linear_source_kernel(in_size, scale, half, align_corners, positions, i0, i1, lam0, lam1):
    """Per output position o: the two input positions i0[o] <= i1[o] it mixes and their weights
    lam0[o] + lam1[o] = 1, as PyTorch's ``compute_source_index_and_lambda``.

    scale and half (0.5) are scalars of the weights' dtype (float32 or float64), in which the
    source coordinate ``scale * o`` (align_corners) or ``max(scale (o + 0.5) - 0.5, 0)`` is
    computed; ``positions`` holds o in that dtype for o < max(in_size, out size)."""
    n = i0.size
    one = half + half
    zero = half - half
    for o in range(n):
        if n == in_size:
            i0[o] = o
            i1[o] = o
            lam0[o] = one
            lam1[o] = zero
            continue
        if align_corners:
            src = scale * positions[o]
        else:
            src = scale * (positions[o] + half) - half
            if src < zero:
                src = zero
        k = min(int(np.floor(src)), in_size - 1)
        lam = src - positions[k]
        lam = min(max(lam, zero), one)
        i0[o] = k
        i1[o] = k + 1 if k < in_size - 1 else k
        lam1[o] = lam
        lam0[o] = one - lam


@kernel
def nearest_forward_kernel(x, rows, cols, out):
    """out[p, oh, ow] = x[p, rows[oh], cols[ow]]."""
    P = x.shape[0]
    OH, OW = rows.size, cols.size
    for p in range(P):
        for oh in range(OH):
            src = x[p, rows[oh]]
            dst = out[p, oh]
            for ow in range(OW):
                dst[ow] = src[cols[ow]]


@kernel
def nearest_backward_kernel(g, rows, cols, gx):
    """gx[p] = 0, then gx[p, rows[oh], cols[ow]] += g[p, oh, ow]."""
    P, H, W = gx.shape
    OH, OW = rows.size, cols.size
    for p in range(P):
        for h in range(H):
            for w in range(W):
                gx[p, h, w] = 0
        for oh in range(OH):
            dst = gx[p, rows[oh]]
            src = g[p, oh]
            for ow in range(OW):
                dst[cols[ow]] += src[ow]


@kernel
def linear_forward_kernel(x, two_d, h0, h1, lh0, lh1, w0, w1, lw0, lw1, out):
    """out[p, oh, ow] = lh0 (lw0 x[h0, w0] + lw1 x[h0, w1]) + lh1 (lw0 x[h1, w0] + lw1 x[h1, w1])
    (the weights of oh and ow); without ``two_d`` (1-D input, H = 1) just lw0 x[0, w0] + lw1 x[0, w1]."""
    P = x.shape[0]
    OH, OW = h0.size, w0.size
    for p in range(P):
        for oh in range(OH):
            top, bottom = x[p, h0[oh]], x[p, h1[oh]]
            a, b = lh0[oh], lh1[oh]
            dst = out[p, oh]
            for ow in range(OW):
                t = lw0[ow] * top[w0[ow]] + lw1[ow] * top[w1[ow]]
                if two_d:
                    dst[ow] = a * t + b * (lw0[ow] * bottom[w0[ow]] + lw1[ow] * bottom[w1[ow]])
                else:
                    dst[ow] = t


@kernel
def linear_backward_kernel(g, two_d, h0, h1, lh0, lh1, w0, w1, lw0, lw1, gx):
    """The adjoint of ``linear_forward_kernel``: gx (P, H, W) zeroed, then each output gradient
    added to the (up to) four positions it read, times their weights."""
    P, H, W = gx.shape
    OH, OW = h0.size, w0.size
    for p in range(P):
        for h in range(H):
            for w in range(W):
                gx[p, h, w] = 0
        for oh in range(OH):
            top, bottom = gx[p, h0[oh]], gx[p, h1[oh]]
            a, b = lh0[oh], lh1[oh]
            src = g[p, oh]
            for ow in range(OW):
                v = src[ow]
                if two_d:
                    top[w0[ow]] += a * lw0[ow] * v
                    top[w1[ow]] += a * lw1[ow] * v
                    bottom[w0[ow]] += b * lw0[ow] * v
                    bottom[w1[ow]] += b * lw1[ow] * v
                else:
                    top[w0[ow]] += lw0[ow] * v
                    top[w1[ow]] += lw1[ow] * v
