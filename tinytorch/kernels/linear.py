"""Kernels for the affine layers: adding a bias along the feature axis and summing it back.

The matrix products themselves go to BLAS through ``kernels.matmul``; these kernels do the
O(N*F) work around them in place, without materialising a broadcast copy of the bias.
"""
from . import kernel


@kernel
def add_bias_rows_kernel(out, bias):
    """out[n, f] += bias[f] in place; out (N, F) C-contiguous, bias (F,)."""
    N, F = out.shape
    for n in range(N):
        for f in range(F):
            out[n, f] += bias[f]


@kernel
def sum_over_rows_kernel(g, out):
    """out[f] = sum over n of g[n, f]; g (N, F) C-contiguous, out (F,) (the bias gradient)."""
    N, F = g.shape
    for f in range(F):
        out[f] = 0
    for n in range(N):
        for f in range(F):
            out[f] += g[n, f]
