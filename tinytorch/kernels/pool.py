"""Pooling kernels over (P, H, W) planes (P = N*C): max pooling with the argmax of every
window (a flat index h*W + w into its input plane, as PyTorch records it) and average
pooling, forward and backward.

Window (oh, ow) covers rows oh*sh - ph + i*dh (i < KH) and columns likewise; positions
outside the input are skipped (padding never wins a max).  The caller computes the output
size (floor or ceil mode) and allocates ``out``.
"""
import numpy as np

from . import kernel


@kernel
def max_pool_forward_kernel(x, KH, KW, sh, sw, ph, pw, dh, dw, out, idx):
    """out[p, oh, ow] = max of the window, idx[p, oh, ow] = its flat position (first max; a NaN wins, as in PyTorch)."""
    P, H, W = x.shape
    _, OH, OW = out.shape
    for p in range(P):
        for oh in range(OH):
            for ow in range(OW):
                best = -np.inf
                k = -1
                for i in range(KH):
                    ih = oh * sh - ph + i * dh
                    if ih < 0 or ih >= H:
                        continue
                    for j in range(KW):
                        iw = ow * sw - pw + j * dw
                        if iw < 0 or iw >= W:
                            continue
                        v = x[p, ih, iw]
                        if k < 0 or v > best or v != v:
                            best = v
                            k = ih * W + iw
                out[p, oh, ow] = best
                idx[p, oh, ow] = k


@kernel
def max_pool_backward_kernel(g, idx, gx):
    """gx[p, idx[p, o]] += g[p, o]; g, idx (P, L), gx (P, H*W) zero-filled by the caller."""
    P, L = g.shape
    for p in range(P):
        for o in range(L):
            gx[p, idx[p, o]] += g[p, o]


@kernel
def _window(o, s, pad, K, size):
    """[start, end) of the window in the input, clipped, and the padded extent's length."""
    start = o * s - pad
    end = min(start + K, size + pad)
    padded = end - start
    return max(start, 0), min(end, size), padded


@kernel
def avg_pool_forward_kernel(x, KH, KW, sh, sw, ph, pw, count_include_pad, divisor_override, out):
    """out[p, oh, ow] = sum of the window / divisor (the window size within the padded input
    when count_include_pad, else the number of real input positions; divisor_override > 0 wins)."""
    P, H, W = x.shape
    _, OH, OW = out.shape
    for p in range(P):
        for oh in range(OH):
            h0, h1, hp = _window(oh, sh, ph, KH, H)
            for ow in range(OW):
                w0, w1, wp = _window(ow, sw, pw, KW, W)
                acc = 0.0
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        acc += x[p, ih, iw]
                if divisor_override > 0:
                    div = divisor_override
                elif count_include_pad:
                    div = hp * wp
                else:
                    div = (h1 - h0) * (w1 - w0)
                out[p, oh, ow] = acc / div


@kernel
def avg_pool_backward_kernel(g, KH, KW, sh, sw, ph, pw, count_include_pad, divisor_override, gx):
    """The adjoint of the forward: each window's gradient / divisor added to every position in it.
    g (P, OH, OW); gx (P, H, W) zero-filled by the caller."""
    P, H, W = gx.shape
    _, OH, OW = g.shape
    for p in range(P):
        for oh in range(OH):
            h0, h1, hp = _window(oh, sh, ph, KH, H)
            for ow in range(OW):
                w0, w1, wp = _window(ow, sw, pw, KW, W)
                if divisor_override > 0:
                    div = divisor_override
                elif count_include_pad:
                    div = hp * wp
                else:
                    div = (h1 - h0) * (w1 - w0)
                v = g[p, oh, ow] / div
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        gx[p, ih, iw] += v
