"""Attention: the scale + mask + softmax step between the two products of
``scaled_dot_product_attention``, fused into one pass per row, and its backward.

The products themselves (q k^T and p v, and those of the backward) are BLAS calls
(``kernels.matmul``); these kernels touch each score once instead of once per elementwise op.
"""
import numpy as np

from . import kernel
from .vmath import vexp


@kernel
def attention_softmax_kernel(s, mask, has_mask, causal, scale, out):
    """out[p, i, :] = softmax(s[p, i, :] * scale + mask[p, i, :]) over the keys.

    s, out (P, L, S) float, C-contiguous; mask (P, L, S) additive in s's dtype, read only when
    ``has_mask``; ``causal`` masks keys j > i (the top-left aligned lower triangle).  A row with
    no finite score (all keys masked) gives zeros, as PyTorch's safe softmax does.
    """
    P, L, S = s.shape
    zero = s.dtype.type(0)
    ninf = s.dtype.type(-np.inf)
    for p in range(P):
        for i in range(L):
            n = S if not causal else min(S, i + 1)
            m = ninf
            for j in range(n):
                v = s[p, i, j] * scale
                if has_mask:
                    v += mask[p, i, j]
                out[p, i, j] = v
                if v > m:
                    m = v
            if m == ninf:
                for j in range(S):
                    out[p, i, j] = zero
                continue
            for j in range(n):
                out[p, i, j] = vexp(out[p, i, j] - m)
            total = zero
            for j in range(n):
                total += out[p, i, j]
            for j in range(n):
                out[p, i, j] = out[p, i, j] / total
            for j in range(n, S):
                out[p, i, j] = zero


@kernel
def attention_softmax_backward_kernel(prob, gprob, scale, out):
    """out = scale * prob * (gprob - sum_j(gprob * prob)) per row: the gradient of the scores
    (before scaling) from that of the probabilities; all (P, L, S) C-contiguous."""
    P, L, S = prob.shape
    zero = prob.dtype.type(0)
    for p in range(P):
        for i in range(L):
            total = zero
            for j in range(S):
                total += gprob[p, i, j] * prob[p, i, j]
            for j in range(S):
                out[p, i, j] = scale * prob[p, i, j] * (gprob[p, i, j] - total)
