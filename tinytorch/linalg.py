"""``torch.linalg``: factorizations, solvers, norms and matrix products of batches ``(*, m, n)``.

The nodes live in ``ops/linalg_lu.py`` (det, slogdet, inv, solve, cholesky),
``ops/linalg_spectral.py`` (qr, eigh, svd, pinv, lstsq) and ``ops/linalg_matrix_exp.py``; this
module adds PyTorch's compositions, which print the nodes of the ops they are made of:
``matrix_norm`` (fro: the vector norm; nuc / 2 / -2: a sum / max / min of the singular values;
1 / inf: max / min of absolute column / row sums), ``norm``, ``matrix_power`` (repeated
squaring), ``multi_dot`` (the cheapest bracketing), ``vecdot``, ``diagonal`` and ``cross``.

tinytorch has no complex dtype, so ``eig`` and ``eigvals`` (complex results for a general
real matrix) raise; ``eigh`` / ``eigvalsh`` handle symmetric matrices.
"""
import numpy as np

from . import _dtype
from ._tensor import Tensor
from .ops import linalg as _products
from .ops.diagonal import diagonal as _diagonal
from .ops.linalg_lu import (cholesky, cholesky_ex, det, inv, inv_ex, slogdet, solve,  # noqa: F401
                            solve_ex)
from .ops.linalg_matrix_exp import matrix_exp  # noqa: F401
from .ops.linalg_results import _LinAlgError as LinAlgError, check_matrix
from .ops.out import with_out
from .ops.linalg_spectral import eigh, eigvalsh, lstsq, matrix_rank, pinv, qr, svd, svdvals  # noqa: F401
from .ops.products import linalg_cross as cross  # noqa: F401
from .ops.reduce import norm as _vector_norm
from .ops.util import wrap_dim

matmul = _products.matmul


def _tuple_out(fn, name):
    """``fn`` taking PyTorch's ``out=`` tuple (``linalg.qr(A, out=(Q, R))``), named as before."""
    wrapped = with_out(fn, "linalg_" + name, "tuple")
    wrapped.__name__ = wrapped.__qualname__ = name
    return wrapped


qr, svd, slogdet = _tuple_out(qr, "qr"), _tuple_out(svd, "svd"), _tuple_out(slogdet, "slogdet")


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """(sum |x|^ord)^(1/ord) over ``dim`` (all elements when None); inf / -inf: max / min |x|."""
    if dtype is not None:
        x = x.to(_dtype.to_dtype(dtype))
    return _vector_norm(x, ord, dim, keepdim)


def _matrix_dims(A, dim):
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(str(d) for d in dim)}")
    d0, d1 = wrap_dim(dim[0], A._data.ndim), wrap_dim(dim[1], A._data.ndim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    return d0, d1


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The matrix norm of the matrices on dims ``dim``: 'fro', 'nuc', 1, -1, 2, -2, inf, -inf."""
    check_matrix("linalg.matrix_norm", A)
    if dtype is not None:
        A = A.to(_dtype.to_dtype(dtype))
    if A._data.dtype.kind != "f":
        raise RuntimeError("linalg.matrix_norm: Expected a floating point or complex tensor as input. "
                           f"Got {_dtype.SCALAR_NAMES[A._data.dtype.name]}")
    d0, d1 = _matrix_dims(A, tuple(dim))
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
        if ord == "fro":
            return _vector_norm(A, 2, (d0, d1), keepdim)
        return _spectral(A, d0, d1, keepdim, lambda s: s.sum(-1))
    if ord not in (1, -1, 2, -2, float("inf"), float("-inf")):
        raise RuntimeError(f"linalg.matrix_norm: Order {_order_text(ord)} not supported.")
    if abs(ord) == 2:
        return _spectral(A, d0, d1, keepdim, (lambda s: s.amax(-1)) if ord > 0 else (lambda s: s.amin(-1)))
    if abs(ord) == float("inf"):
        d0, d1 = d1, d0
    if not keepdim and d0 < d1:
        d1 -= 1
    sums = A.abs().sum(d0, keepdim)
    return sums.amax(d1, keepdim) if ord > 0 else sums.amin(d1, keepdim)


def _order_text(ord):
    return str(int(ord)) if float(ord).is_integer() else str(ord)


def _spectral(A, d0, d1, keepdim, reduce):
    """``reduce`` of the singular values of the matrices on dims (d0, d1) (moved last by a
    permute, and back with keepdim, as PyTorch does)."""
    perm = [d for d in range(A._data.ndim) if d not in (d0, d1)] + [d0, d1]
    out = reduce(svdvals(A.permute(perm)))
    if keepdim:
        out = out.unsqueeze(-1).unsqueeze(-1).permute(tuple(int(i) for i in np.argsort(perm)))
    return out


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm (``dim`` an int, or a 1-D input) or a matrix norm (``dim`` a pair, or a 2-D
    input with ``ord``); without ``ord`` and ``dim``, the 2-norm of all elements."""
    if dim is not None:
        dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
        if len(dims) == 1:
            return vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype)
        if len(dims) == 2:
            return matrix_norm(A, "fro" if ord is None else ord, dims, keepdim, dtype=dtype)
        raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dims)}")
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype)
    if isinstance(ord, str) or A._data.ndim == 2:
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
    if A._data.ndim == 1:
        return vector_norm(A, ord, None, keepdim, dtype=dtype)
    raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                       f"Got {A._data.ndim}D.")


def matrix_power(A, n):
    """A^n by repeated squaring (n < 0: of the inverse; n = 0: the identity, a copy into A's clone)."""
    check_matrix("linalg.matrix_power", A)
    rows, cols = A._data.shape[-2:]
    if rows != cols:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are {rows} by "
                           f"{cols} matrices")
    n = int(n)
    if n == 0:
        eye = Tensor._make(np.eye(rows, dtype=A._data.dtype))
        return A.clone().copy_(eye.expand_as(A))
    if n < 0:
        A, n = inv(A), -n
    if n == 1:
        return A.clone()
    if n == 2:
        return matmul(A, A)
    if n == 3:
        return matmul(matmul(A, A), A)
    z = result = None
    while n > 0:
        bit, n = n % 2, n // 2
        z = A if z is None else matmul(z, z)
        if bit:
            result = z if result is None else matmul(result, z)
    return result


def multi_dot(tensors):
    """The product of a chain of matrices (the first / last may be vectors), bracketed to
    need the fewest multiplications."""
    tensors = list(tensors)
    k = len(tensors)
    if k < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {k}")
    mats = []
    for i, t in enumerate(tensors):
        nd = t._data.ndim
        if i == 0 and nd not in (1, 2):
            raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {nd}D")
        if i == k - 1 and nd not in (1, 2):
            raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {nd}D")
        if 0 < i < k - 1 and nd != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {nd}D")
        mats.append(t.unsqueeze(0) if (i == 0 and nd == 1) else t.unsqueeze(-1) if nd == 1 else t)
    for i in range(k - 1):
        if mats[i]._data.shape[1] != mats[i + 1]._data.shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {list(tensors[i]._data.shape)} and "
                               f"{list(tensors[i + 1]._data.shape)} cannot be multiplied")
    for i in range(1, k):
        if mats[i]._data.dtype != mats[0]._data.dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_dtype.SCALAR_NAMES[mats[0]._data.dtype.name]} and tensor {i} is "
                               f"{_dtype.SCALAR_NAMES[mats[i]._data.dtype.name]}")
    out_shape = ([tensors[0]._data.shape[0]] if tensors[0]._data.ndim == 2 else []) + \
                ([tensors[-1]._data.shape[1]] if tensors[-1]._data.ndim == 2 else [])
    if k == 2:
        return mats[0].mm(mats[1]).view(out_shape)
    dims = [m._data.shape[0] for m in mats] + [mats[-1]._data.shape[1]]
    if k == 3:
        a, b, c, d = dims
        if a * c * (b + d) > b * d * (a + c):
            return mats[0].mm(mats[1].mm(mats[2])).view(out_shape)
        return mats[0].mm(mats[1]).mm(mats[2]).view(out_shape)
    return _chain(mats, _chain_order(dims), 0, k - 1).view(out_shape)


def _chain_order(p):
    """split[i][j]: where the cheapest bracketing of matrices i..j splits (matrix-chain order)."""
    k = len(p) - 1
    cost = [[0] * k for _ in range(k)]
    split = [[0] * k for _ in range(k)]
    for length in range(1, k):
        for i in range(k - length):
            j = i + length
            cost[i][j] = None
            for s in range(i, j):
                c = cost[i][s] + cost[s + 1][j] + p[i] * p[s + 1] * p[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, s
    return split


def _chain(mats, split, i, j):
    if i == j:
        return mats[i]
    s = split[i][j]
    return _chain(mats, split, i, s).mm(_chain(mats, split, s + 1, j))


def vecdot(x, y, *, dim=-1):
    """sum over ``dim`` of x * y (broadcast)."""
    return (x * y).sum(dim)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    return _diagonal(A, offset, dim1, dim2)


def _no_complex(name):
    def op(A, *args, **kwargs):
        raise RuntimeError(f"linalg.{name}: the eigenvalues of a general real matrix are complex, and tinytorch has "
                           "no complex dtype; use linalg.eigh / linalg.eigvalsh for a symmetric matrix")
    op.__name__ = name
    op.__doc__ = f"Not available: ``{name}`` returns complex tensors, which tinytorch does not have."
    return op


eig = _no_complex("eig")
eigvals = _no_complex("eigvals")
