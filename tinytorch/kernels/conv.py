"""Convolution kernels: im2col / col2im around one BLAS matrix product.

A 2-D convolution of x (N, C, H, W) with weights (O, C, KH, KW) is the product of
``cols`` (N*OH*OW, C*KH*KW) — every receptive field laid out as a row — with the weights
viewed as (O, C*KH*KW) transposed.  The backward pass multiplies the output gradient the
other way round and ``col2im`` adds every row back onto the input positions it came from.
Measured against direct loop nests, this layout lets BLAS do the O(N*O*C*KH*KW*OH*OW) work.
"""
from . import kernel


@kernel
def im2col_kernel(x, KH, KW, sh, sw, ph, pw, dh, dw, cols):
    """cols[(n*OH + oh)*OW + ow, (c*KH + i)*KW + j] = x[n, c, oh*sh - ph + i*dh, ow*sw - pw + j*dw]
    (0 outside the input).  x (N, C, H, W) C-contiguous; cols (N*OH*OW, C*KH*KW)."""
    N, C, H, W = x.shape
    OH = (H + 2 * ph - dh * (KH - 1) - 1) // sh + 1
    OW = (W + 2 * pw - dw * (KW - 1) - 1) // sw + 1
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                row = (n * OH + oh) * OW + ow
                for c in range(C):
                    for i in range(KH):
                        ih = oh * sh - ph + i * dh
                        base = (c * KH + i) * KW
                        if ih < 0 or ih >= H:
                            for j in range(KW):
                                cols[row, base + j] = 0
                            continue
                        for j in range(KW):
                            iw = ow * sw - pw + j * dw
                            if iw < 0 or iw >= W:
                                cols[row, base + j] = 0
                            else:
                                cols[row, base + j] = x[n, c, ih, iw]


@kernel
def col2im_kernel(cols, KH, KW, sh, sw, ph, pw, dh, dw, gx):
    """The adjoint of ``im2col_kernel``: gx[n, c, ih, iw] += every cols entry read from there.
    gx (N, C, H, W) must be zero-filled by the caller."""
    N, C, H, W = gx.shape
    OH = (H + 2 * ph - dh * (KH - 1) - 1) // sh + 1
    OW = (W + 2 * pw - dw * (KW - 1) - 1) // sw + 1
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                row = (n * OH + oh) * OW + ow
                for c in range(C):
                    for i in range(KH):
                        ih = oh * sh - ph + i * dh
                        if ih < 0 or ih >= H:
                            continue
                        base = (c * KH + i) * KW
                        for j in range(KW):
                            iw = ow * sw - pw + j * dw
                            if iw >= 0 and iw < W:
                                gx[n, c, ih, iw] += cols[row, base + j]


@kernel
def rows_to_channels_kernel(rows, bias, has_bias, out):
    """out[n, o, l] = rows[n*L + l, o] (+ bias[o]); rows (N*L, O), out (N, O, L)."""
    N, O, L = out.shape
    for n in range(N):
        for o in range(O):
            b = bias[o] if has_bias else 0
            for l in range(L):
                out[n, o, l] = rows[n * L + l, o] + b


@kernel
def channels_to_rows_kernel(g, rows, gbias):
    """rows[n*L + l, o] = g[n, o, l] and gbias[o] = sum of g[:, o, :]; g (N, O, L)."""
    N, O, L = g.shape
    for o in range(O):
        gbias[o] = 0
    for n in range(N):
        for o in range(O):
            acc = 0.0
            for l in range(L):
                v = g[n, o, l]
                rows[n * L + l, o] = v
                acc += v
            gbias[o] += acc
