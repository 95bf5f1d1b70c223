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
    """out[p, oh, ow] = max of the window, idx[p, oh, ow] = its flat position (first max; a NaN wins, as in PyTorch).
    idx may be int32 (the caller's choice when H*W < 2**31) or int64.

    The rows and columns of each window that fall inside the input are worked out once per
    window, so the inner loops test no bounds."""
    P, H, W = x.shape
    _, OH, OW = out.shape
    if (KH == 2 and KW == 2 and sh == 2 and sw == 2 and ph == 0 and pw == 0 and dh == 1 and dw == 1
            and 2 * OH <= H and 2 * OW <= W):  # (ceil mode can add a window that sticks out)
        # The common 2x2 / stride 2 case, unrolled and without branches (a select per
        # candidate), so LLVM vectorises it; with int32 indices it is several times faster.
        for p in range(P):
            for oh in range(OH):
                h = 2 * oh
                top, bottom = x[p, h], x[p, h + 1]
                row_out, row_idx = out[p, oh], idx[p, oh]
                for ow in range(OW):
                    w = 2 * ow
                    best, k = top[w], h * W + w
                    v = top[w + 1]
                    c = (v > best) | (v != v)
                    best, k = (v, h * W + w + 1) if c else (best, k)
                    v = bottom[w]
                    c = (v > best) | (v != v)
                    best, k = (v, (h + 1) * W + w) if c else (best, k)
                    v = bottom[w + 1]
                    c = (v > best) | (v != v)
                    best, k = (v, (h + 1) * W + w + 1) if c else (best, k)
                    row_out[ow] = best
                    row_idx[ow] = k
        return
    for p in range(P):
        for oh in range(OH):
            h0 = oh * sh - ph
            i0 = 0 if h0 >= 0 else (-h0 + dh - 1) // dh  # first i with h0 + i*dh >= 0
            i1 = min(KH, (H - 1 - h0) // dh + 1)  # past the last i with h0 + i*dh < H
            for ow in range(OW):
                w0 = ow * sw - pw
                j0 = 0 if w0 >= 0 else (-w0 + dw - 1) // dw
                j1 = min(KW, (W - 1 - w0) // dw + 1)
                if i0 >= i1 or j0 >= j1:  # no input position in the window (cannot happen
                    out[p, oh, ow] = -np.inf  # for the sizes the Python wrapper accepts)
                    idx[p, oh, ow] = 0
                    continue
                ih = h0 + i0 * dh
                iw = w0 + j0 * dw
                best = x[p, ih, iw]
                k = ih * W + iw
                for i in range(i0, i1):
                    ih = h0 + i * dh
                    for j in range(j0, j1):
                        iw = w0 + j * dw
                        v = x[p, ih, iw]
                        if v > best or v != v:
                            best = v
                            k = ih * W + iw
                out[p, oh, ow] = best
                idx[p, oh, ow] = k


@kernel
def max_pool_backward_kernel(g, idx, gx):
    """gx[p] = 0, then gx[p, idx[p, o]] += g[p, o]; g, idx (P, L), gx (P, H*W)."""
    P, L = g.shape
    HW = gx.shape[1]
    for p in range(P):
        for q in range(HW):
            gx[p, q] = 0
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
def _divisor(h0, h1, hp, w0, w1, wp, count_include_pad, divisor_override):
    """What a window's sum is divided by: divisor_override if > 0, else the window's size in
    the padded input (count_include_pad) or its number of real input positions."""
    if divisor_override > 0:
        return divisor_override
    if count_include_pad:
        return hp * wp
    return (h1 - h0) * (w1 - w0)


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
                div = _divisor(h0, h1, hp, w0, w1, wp, count_include_pad, divisor_override)
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
                div = _divisor(h0, h1, hp, w0, w1, wp, count_include_pad, divisor_override)
                v = g[p, oh, ow] / div
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        gx[p, ih, iw] += v


# ---- adaptive pooling: output cell o of n covers input rows [floor(o H / n), ceil((o + 1) H / n)) ----

@kernel
def _adaptive_range(o, n, size):
    return (o * size) // n, ((o + 1) * size + n - 1) // n


@kernel
def adaptive_avg_pool_forward_kernel(x, out):
    """out[p, oh, ow] = the mean of x[p] over cell (oh, ow)'s rows and columns; x (P, H, W), out (P, OH, OW)."""
    P, H, W = x.shape
    _, OH, OW = out.shape
    for p in range(P):
        for oh in range(OH):
            h0, h1 = _adaptive_range(oh, OH, H)
            for ow in range(OW):
                w0, w1 = _adaptive_range(ow, OW, W)
                acc = 0.0
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        acc += x[p, ih, iw]
                out[p, oh, ow] = acc / ((h1 - h0) * (w1 - w0))


@kernel
def adaptive_avg_pool_backward_kernel(g, gx):
    """The adjoint of the forward: each cell's gradient / its size added to every position in it.
    g (P, OH, OW); gx (P, H, W) zero-filled by the caller."""
    P, H, W = gx.shape
    _, OH, OW = g.shape
    for p in range(P):
        for oh in range(OH):
            h0, h1 = _adaptive_range(oh, OH, H)
            for ow in range(OW):
                w0, w1 = _adaptive_range(ow, OW, W)
                v = g[p, oh, ow] / ((h1 - h0) * (w1 - w0))
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        gx[p, ih, iw] += v


@kernel
def adaptive_max_pool_forward_kernel(x, out, idx):
    """out[p, oh, ow] = the max of x[p] over cell (oh, ow), idx its flat position h*W + w (the first
    max; a NaN wins, as in PyTorch).  x (P, H, W) with H, W >= 1; out, idx (P, OH, OW)."""
    P, H, W = x.shape
    _, OH, OW = out.shape
    for p in range(P):
        for oh in range(OH):
            h0, h1 = _adaptive_range(oh, OH, H)
            for ow in range(OW):
                w0, w1 = _adaptive_range(ow, OW, W)
                best = x[p, h0, w0]
                k = h0 * W + w0
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        v = x[p, ih, iw]
                        if v > best or v != v:
                            best = v
                            k = ih * W + iw
                out[p, oh, ow] = best
                idx[p, oh, ow] = k


@kernel
def max_unpool_forward_kernel(x, idx, out):
    """out[p] = 0, then out[p, idx[p, l]] = x[p, l] (a later l wins a shared index); x, idx (P, L),
    out (P, HW); every index already checked to lie in [0, HW)."""
    P, L = x.shape
    HW = out.shape[1]
    for p in range(P):
        for q in range(HW):
            out[p, q] = 0
        for l in range(L):
            out[p, idx[p, l]] = x[p, l]


@kernel
def index_bounds_kernel(idx, size):
    """The position of the last entry of the flat int64 ``idx`` outside [0, size) (the one PyTorch
    reports), or -1."""
    for i in range(idx.size - 1, -1, -1):
        if idx[i] < 0 or idx[i] >= size:
            return i
    return -1
