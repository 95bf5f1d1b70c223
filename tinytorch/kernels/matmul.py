"""Matrix products.

Floating-point GEMM goes to BLAS through NumPy's ``matmul`` (the one permitted exception
to "all arithmetic in Numba": an optimised BLAS is several times faster than any kernel we
could write here); large tall or square products are split by rows across the BLAS threads
(``blas_rows``).  ``matmul_reference_kernel`` is the readable Numba version of the same
computation: it serves integer dtypes (BLAS has none) and the tests check BLAS against it.
"""
import numpy as np

from . import kernel
from .elementwise import MUL, binary
from .blas_rows import gemm_rows, rows_split_pays


@kernel
def matmul_reference_kernel(a, b, out):
    """out[p] = a[p] @ b[p] for C-contiguous a (P, M, K), b (P, K, N), out (P, M, N).

    i-k-j loop order, so the inner loop walks rows of b and out contiguously.
    """
    P, M, K = a.shape
    N = b.shape[2]
    for p in range(P):
        for i in range(M):
            for j in range(N):
                out[p, i, j] = 0
            for k in range(K):
                aik = a[p, i, k]
                for j in range(N):
                    out[p, i, j] += aik * b[p, k, j]


def matmul(a, b, dt):
    """Batched product of a (..., M, K) and b (..., K, N) with broadcast batch dims.

    Both at least 2-D (the op layer handles 1-D operands); result NumPy dtype ``dt``.
    """
    if a.dtype != dt:
        a = a.astype(dt)
    if b.dtype != dt:
        b = b.astype(dt)
    if dt.kind == "f":
        if a.shape[-1] == 1:   # an outer product: one multiply per element, which keeps -0.0 like PyTorch
            # (BLAS adds the product to 0.0, losing the sign)
            return binary(MUL, a, b, dt)
        if a.ndim == 2 and b.ndim == 2:
            threads = rows_split_pays(a, b)
            if threads:
                return gemm_rows(a, b, threads)
        return np.matmul(a, b)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    M, K, N = a.shape[-2], a.shape[-1], b.shape[-1]
    P = int(np.prod(batch))  # not reshape(-1, ...): that is ambiguous for empty operands
    a3 = np.ascontiguousarray(np.broadcast_to(a, batch + (M, K))).reshape(P, M, K)
    b3 = np.ascontiguousarray(np.broadcast_to(b, batch + (K, N))).reshape(P, K, N)
    out = np.empty((P, M, N), dt)
    matmul_reference_kernel(a3, b3, out)
    return out.reshape(batch + (M, N))
