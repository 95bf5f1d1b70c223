"""Dense factorizations of batches of square matrices: LU with partial pivoting (and the solves
and determinants built on it) and Cholesky.

Every kernel takes a C-contiguous batch ``(b, n, n)`` (float32 or float64) and reports, per
matrix, LAPACK's ``info``: 0 on success, else the 1-based index of the first zero pivot (LU)
or of the first leading minor that is not positive-definite (Cholesky).  The algorithms are
LAPACK's unblocked ones (getf2, potf2), so a failed factorization leaves what LAPACK leaves.
"""
import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy", nogil=True)
def lu_factor(a):
    """(lu, perm, swaps, info): ``lu`` holds L (unit diagonal, below) and U (on and above) of
    P A = L U; ``perm[i, r]`` is the row of A that ended at row r; ``swaps`` counts row swaps."""
    b, n, _ = a.shape
    lu = a.copy()
    perm = np.empty((b, n), np.int64)
    swaps = np.zeros(b, np.int64)
    info = np.zeros(b, np.int32)
    for m in range(b):
        for r in range(n):
            perm[m, r] = r
        for j in range(n):
            p = j
            big = abs(lu[m, j, j])
            for i in range(j + 1, n):
                v = abs(lu[m, i, j])
                if v > big:
                    big, p = v, i
            if p != j:
                for k in range(n):
                    t = lu[m, j, k]
                    lu[m, j, k] = lu[m, p, k]
                    lu[m, p, k] = t
                t2 = perm[m, j]
                perm[m, j] = perm[m, p]
                perm[m, p] = t2
                swaps[m] += 1
            pivot = lu[m, j, j]
            if pivot == 0:
                if info[m] == 0:
                    info[m] = j + 1
                continue
            for i in range(j + 1, n):
                lu[m, i, j] /= pivot
            for i in range(j + 1, n):
                f = lu[m, i, j]
                if f != 0:
                    for k in range(j + 1, n):
                        lu[m, i, k] -= f * lu[m, j, k]
    return lu, perm, swaps, info


@njit(cache=True, error_model="numpy", nogil=True)
def replace_zero_pivots(lu, eps):
    """Set U's zero diagonal elements to ``eps`` (in place): a nearby invertible factorization."""
    b, n, _ = lu.shape
    for m in range(b):
        for i in range(n):
            if lu[m, i, i] == 0:
                lu[m, i, i] = eps


@njit(cache=True, error_model="numpy", nogil=True)
def lu_solve(lu, perm, rhs):
    """X with A X = rhs for each matrix of the batch, from ``lu_factor``'s (lu, perm);
    rhs: (b, n, k).  A zero pivot gives inf/NaN (the caller checks ``info``)."""
    b, n, _ = lu.shape
    k = rhs.shape[2]
    x = np.empty(rhs.shape, lu.dtype)
    for m in range(b):
        for r in range(n):
            for c in range(k):
                x[m, r, c] = rhs[m, perm[m, r], c]
        for c in range(k):
            for r in range(n):
                s = x[m, r, c]
                for q in range(r):
                    s -= lu[m, r, q] * x[m, q, c]
                x[m, r, c] = s
            for r in range(n - 1, -1, -1):
                s = x[m, r, c]
                for q in range(r + 1, n):
                    s -= lu[m, r, q] * x[m, q, c]
                x[m, r, c] = s / lu[m, r, r]
    return x


@njit(cache=True, error_model="numpy", nogil=True)
def lu_det(lu, swaps):
    """det = (-1)^swaps * prod(diag U), one per matrix."""
    b, n, _ = lu.shape
    out = np.empty(b, lu.dtype)
    for m in range(b):
        out[m] = 1.0
        for i in range(n):
            out[m] *= lu[m, i, i]
        if swaps[m] % 2 == 1:
            out[m] = -out[m]
    return out


@njit(cache=True, error_model="numpy", nogil=True)
def lu_slogdet(lu, swaps):
    """(sign, log|det|) per matrix: the sign is 0 (-0 after an odd number of swaps) and the
    logarithm -inf for a singular matrix."""
    b, n, _ = lu.shape
    sign = np.empty(b, lu.dtype)
    logabs = np.empty(b, lu.dtype)
    for m in range(b):
        sign[m] = 1.0
        logabs[m] = 0.0
        for i in range(n):
            u = lu[m, i, i]
            if u < 0:
                sign[m] = -sign[m]
            elif u == 0:
                sign[m] = sign[m] * 0
            logabs[m] += np.log(abs(u))
        if swaps[m] % 2 == 1:
            sign[m] = -sign[m]
    return sign, logabs


@njit(cache=True, error_model="numpy", nogil=True)
def cholesky_lower(a):
    """(L, info): A = L L^T from A's lower triangle, L's upper triangle zero.  At the first
    leading minor j that is not positive-definite, L[j, j] keeps the non-positive value and
    the rest of the matrix is left as it was (potf2)."""
    b, n, _ = a.shape
    out = np.zeros(a.shape, a.dtype)
    info = np.zeros(b, np.int32)
    for m in range(b):
        for i in range(n):
            for j in range(i + 1):
                out[m, i, j] = a[m, i, j]
        for j in range(n):
            s = out[m, j, j]
            for q in range(j):
                s -= out[m, j, q] * out[m, j, q]
            if not s > 0:
                out[m, j, j] = s
                info[m] = j + 1
                break
            d = np.sqrt(s)
            out[m, j, j] = d
            for i in range(j + 1, n):
                t = out[m, i, j]
                for q in range(j):
                    t -= out[m, i, q] * out[m, j, q]
                out[m, i, j] = t / d
    return out, info
