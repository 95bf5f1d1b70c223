"""Convolution kernels: im2col / col2im around BLAS matrix products, one image at a time.

A 2-D convolution of x (N, C, H, W) with weights (O, C, KH, KW) is, for every image n, the
product of the weights viewed as (O, K), K = C*KH*KW, with ``cols[n]`` (K, L), L = OH*OW,
whose column l holds the receptive field of output position l (the caller zero-pads x first,
so the kernels never test bounds).  The product is already the
output image (O, L) in NCHW order, so no transposition follows it; NumPy's ``matmul``
runs the N products through BLAS.  With a bias, ``cols[n]`` gets one more row of ones and
the weight matrix one more column holding the bias, so the same product adds the bias and
the weight-gradient product also yields the bias gradient.

The backward pass multiplies the output gradient the other way round and ``col2im`` adds
every column back onto the input positions it came from.  Measured on the W4 CNN, this
layout beat one (N*L, K) matrix for the whole batch (which needed a transposing pass after
the product) in every product.  The kernels are serial: each image writes only its own
slice, so the outer loop could be a ``prange``, but on the shared 2-core machine the
parallel version made the training step slower (see benchmarks/README.md).
"""
from . import kernel


@kernel
def im2col_kernel(x, KH, KW, sh, sw, dh, dw, ones_row, cols):
    """cols[n, (c*KH + i)*KW + j, oh*OW + ow] = x[n, c, oh*sh + i*dh, ow*sw + j*dw], and
    cols[n, C*KH*KW, :] = 1 when ``ones_row``.

    x (N, C, H, W) C-contiguous and already zero-padded by the caller (so every read is
    inside it); cols (N, C*KH*KW + ones_row, OH*OW)."""
    N, C, H, W = x.shape
    OH = (H - dh * (KH - 1) - 1) // sh + 1
    OW = (W - dw * (KW - 1) - 1) // sw + 1
    for n in range(N):
        for c in range(C):
            for i in range(KH):
                for j in range(KW):
                    r = (c * KH + i) * KW + j
                    for oh in range(OH):
                        ih = oh * sh + i * dh
                        base = oh * OW
                        for ow in range(OW):
                            cols[n, r, base + ow] = x[n, c, ih, ow * sw + j * dw]
        if ones_row:
            for l in range(OH * OW):
                cols[n, C * KH * KW, l] = 1


@kernel
def col2im_kernel(gcols, KH, KW, sh, sw, dh, dw, gx):
    """The adjoint of ``im2col_kernel`` (without the ones row): gx[n, c, ih, iw] = the sum of
    every gcols entry read from there.  gcols (N, C*KH*KW, OH*OW); gx (N, C, H, W) (the padded
    input's shape), overwritten."""
    N, C, H, W = gx.shape
    OH = (H - dh * (KH - 1) - 1) // sh + 1
    OW = (W - dw * (KW - 1) - 1) // sw + 1
    for n in range(N):
        for c in range(C):
            plane = gx[n, c]
            for ih in range(H):
                for iw in range(W):
                    plane[ih, iw] = 0
            for i in range(KH):
                for j in range(KW):
                    src = gcols[n, (c * KH + i) * KW + j]
                    for oh in range(OH):
                        dst = plane[oh * sh + i * dh]
                        base = oh * OW
                        if sw == 1:  # unit stride (the common case): a contiguous run LLVM vectorises
                            off = j * dw
                            for ow in range(OW):
                                dst[off + ow] += src[base + ow]
                        else:
                            for ow in range(OW):
                                dst[ow * sw + j * dw] += src[base + ow]
