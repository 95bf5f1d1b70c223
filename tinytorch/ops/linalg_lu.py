"""The LU- and Cholesky-based ops of ``torch.linalg``: ``det``, ``slogdet``, ``inv_ex``,
``solve_ex`` and ``cholesky_ex`` (forward through ``kernels/linalg.py``), each one node named as
PyTorch's, with PyTorch's derivatives written on Tensors (so they differentiate again):

- det:      gA = solve(A^T, g det I); for a (near-)singular A under ``create_graph`` the
            adjugate through the SVD, U diag(alpha prod_{j != i} S_j) V^T with
            alpha = det(U) det(V^T) g; a first-order pass gives 0 for an exactly singular A
            (PyTorch's LU solve, zero pivots replaced by eps, of a zero right-hand side).
- slogdet:  g_logabsdet A^{-T} (the sign is locally constant: no gradient).
- inv:      gA = -A^{-T} g A^{-T} (from the saved inverse).
- solve:    X = A^{-1} B  ->  gB = solve(A^T, g), gA = -gB X^T (left=False: X A = B, transposed).
- cholesky: A = L L^T  ->  gA = L^{-T} Phi(L^T gL) L^{-1}, Phi(X) = (tril(X) + tril(X, -1)^T) / 2.
"""
import warnings

import numpy as np

from .. import _checks

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from ..autograd.multi_output import MultiOutputNode
from ..kernels import linalg as kl
from .diagonal import diag_embed
from .linalg_results import RETURN_TYPES, batched, check_square, raise_on_info
from .util import broadcast_shapes


def _eye_batch(b, n, dt):
    return np.ascontiguousarray(np.broadcast_to(np.eye(n, dtype=dt), (b, n, n)))


def _diag_of(v, n):
    """diag_embed of ``v`` (shape (*,)) repeated n times: v[..., None, None] * I."""
    return diag_embed(v.unsqueeze(-1).expand(*v.shape, n))


class LinalgDetBackward0(MultiOutputNode):
    """det(A) for a batch of square matrices (see the module docstring for the gradient)."""

    num_outputs = 1
    roles = (0, ("out", 0))

    def forward(self, a):
        lu, perm, swaps, info = kl.lu_factor(batched(a))
        det = kl.lu_det(lu, swaps).reshape(a.shape[:-2])
        self.save_for_backward(a, det)
        return (det,)

    def vjp(self, grads, a, det):
        g = grads[0]
        if g is None or not self.needs_input_grad(0):
            return [None]
        n = a.shape[-1]
        if a.numel() == 0:
            return [a * 0]
        d = g * det
        if not _enabled[0]:   # first order: PyTorch's LU solve of A^T X = d I, zero pivots set to eps
            lu, perm, swaps, info = kl.lu_factor(batched(np.swapaxes(a._data, -1, -2)))
            kl.replace_zero_pivots(lu, np.finfo(lu.dtype).eps)
            rhs = batched(_diag_of(d, n)._data)
            return [Tensor._make(kl.lu_solve(lu, perm, rhs).reshape(a.shape))]
        eps = np.finfo(a._data.dtype).eps
        if bool((det.abs() < 100 * eps).any()):
            return [_det_grad_singular(a, g)]
        return [solve(a.mT, _diag_of(d, n))]


def _det_grad_singular(a, g):
    """The adjugate's transpose times g, through the SVD (differentiable at singular A)."""
    from .linalg_spectral import svd
    u, s, vh = svd(a)
    alpha = det(u) * det(vh) * g
    k = s.shape[-1]
    mask = Tensor._make(np.eye(k, dtype=bool))
    others = s.unsqueeze(-2).expand(*s.shape[:-1], k, k)
    from .masked import where
    prod_others = where(mask, Tensor._make(np.ones((), s._data.dtype)), others).prod(-1)
    return (u * (alpha.unsqueeze(-1) * prod_others).unsqueeze(-2)).matmul(vh)


def det(A):
    """The determinant of each matrix of ``A`` (*, n, n)."""
    check_square("linalg.det", A)
    return LinalgDetBackward0().apply(A)[0]


class LinalgSlogdetBackward0(MultiOutputNode):
    """(sign, log|det|) of each matrix; the gradient flows through log|det| only."""

    num_outputs = 2
    roles = (0,)

    def forward(self, a):
        lu, perm, swaps, info = kl.lu_factor(batched(a))
        sign, logabs = kl.lu_slogdet(lu, swaps)
        self.save_for_backward(a)
        return sign.reshape(a.shape[:-2]), logabs.reshape(a.shape[:-2])

    def vjp(self, grads, a):
        g = grads[1]
        if g is None or not self.needs_input_grad(0):
            return [None]
        d = _diag_of(g, a.shape[-1])
        return [solve(a.mT, d) if _enabled[0] else solve_ex(a.mT, d)[0]]


def slogdet(A, _result="linalg_slogdet"):
    check_square("linalg.slogdet", A)
    return RETURN_TYPES[_result](*LinalgSlogdetBackward0().apply(A))


def logdet(A):
    """log det(A): NaN where det(A) < 0, -inf where it is 0 (composed as PyTorch: a where)."""
    check_square("logdet", A)
    from .masked import where
    sign, logabs = LinalgSlogdetBackward0().apply(A)
    return where(sign == -1, Tensor._make(np.array(np.nan, A._data.dtype)), logabs)


class LinalgInvExBackward0(MultiOutputNode):
    """(inverse, info) of each matrix  ->  gA = -inv^T g inv^T."""

    num_outputs = 1
    roles = (("out", 0),)

    def forward(self, a):
        lu, perm, swaps, info = kl.lu_factor(batched(a))
        with np.errstate(divide="ignore", invalid="ignore"):
            inv = kl.lu_solve(lu, perm, _eye_batch(lu.shape[0], a.shape[-1], lu.dtype)).reshape(a.shape)
        self.save_for_backward(inv)
        return inv, info.reshape(a.shape[:-2])

    def vjp(self, grads, inv):
        g = grads[0]
        if g is None or not self.needs_input_grad(0):
            return [None]
        inv_t = inv.mT
        return [-inv_t.matmul(g.matmul(inv_t))]


def _singular_inv(i):
    return (f"The diagonal element {i} is zero, the inversion could not be completed because the input "
            "matrix is singular.")


def inv_ex(A, *, check_errors=False):
    check_square("linalg.inv_ex", A)
    inverse, info = LinalgInvExBackward0().apply(A)
    if check_errors:
        raise_on_info("linalg.inv_ex", info._data.reshape(-1), A._data.ndim > 2, _singular_inv)
    return RETURN_TYPES["linalg_inv_ex"](inverse, info)


def inv(A):
    check_square("linalg.inv", A)
    inverse, info = LinalgInvExBackward0().apply(A)
    raise_on_info("linalg.inv", info._data.reshape(-1), A._data.ndim > 2, _singular_inv)
    return inverse


class LinalgSolveExBackward0(MultiOutputNode):
    """(X, info) with A X = B (left) or X A = B; B a vector (batch) when ``vector``."""

    num_outputs = 1
    roles = (0, ("out", 0))

    def __init__(self, left, vector):
        self.left, self.vector = left, vector

    def forward(self, a, b):
        bm = b[..., None] if self.vector else b
        am = a
        if not self.left:
            am, bm = np.swapaxes(a, -1, -2), np.swapaxes(bm, -1, -2)
        batch = np.broadcast_shapes(am.shape[:-2], bm.shape[:-2])
        n, k = am.shape[-1], bm.shape[-1]
        lu, perm, swaps, info = kl.lu_factor(batched(np.broadcast_to(am, batch + (n, n))))
        with np.errstate(divide="ignore", invalid="ignore"):
            x = kl.lu_solve(lu, perm, batched(np.broadcast_to(bm, batch + (n, k)))).reshape(batch + (n, k))
        if not self.left:
            x = np.ascontiguousarray(np.swapaxes(x, -1, -2))
        if self.vector:
            x = x[..., 0]
        self.save_for_backward(a, x)
        return x, info.reshape(batch)

    def vjp(self, grads, a, x):
        g = grads[0]
        if g is None:
            return [None, None]
        gb = solve(a.mT, g, left=self.left) if _enabled[0] else solve_ex(a.mT, g, left=self.left)[0]
        ga = None
        if self.needs_input_grad(0):
            if self.vector:
                ga = -gb.unsqueeze(-1) * x.unsqueeze(-2)
            else:
                ga = -gb.matmul(x.mT) if self.left else -x.mT.matmul(gb)
        return [ga, gb if self.needs_input_grad(1) else None]


def _solve_args(name, A, B, left):
    check_square(name, A)
    if B._data.dtype != A._data.dtype:
        raise RuntimeError(f"{name}: Expected A and B to have the same dtype, but found A of type "
                           f"{_dtype.SCALAR_NAMES[A._data.dtype.name]} and B of type "
                           f"{_dtype.SCALAR_NAMES[B._data.dtype.name]} instead")
    a, b = A._data, B._data
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
    bm = b.shape + (1,) if vector else b.shape
    n = a.shape[-1]
    rows = bm[-2] if left else bm[-1]
    if len(bm) < 2 or rows != n:
        eq = "AX = B" if left else "XA = B"
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {eq} "
                           f"({n}x{n} and {bm[-2] if len(bm) >= 2 else 1}x{bm[-1]})")
    broadcast_shapes(a.shape[:-2], bm[:-2])
    return vector


def solve_ex(A, B, *, left=True, check_errors=False):
    vector = _solve_args("linalg.solve_ex", A, B, left)
    x, info = LinalgSolveExBackward0(left, vector).apply(A, B)
    if check_errors:
        raise_on_info("torch.linalg.solve_ex", info._data.reshape(-1), info._data.ndim > 0,
                      lambda i: "The solver failed because the input matrix is singular.")
    return RETURN_TYPES["linalg_solve_ex"](x, info)


def solve(A, B, *, left=True):
    """X with A X = B (``left``) or X A = B, for a batch of square A; B a matrix batch, or a
    vector (batch) when its shape is A's without the last dimension."""
    vector = _solve_args("linalg.solve", A, B, left)
    x, info = LinalgSolveExBackward0(left, vector).apply(A, B)
    raise_on_info("torch.linalg.solve", info._data.reshape(-1), info._data.ndim > 0,
                  lambda i: "The solver failed because the input matrix is singular.")
    return x


class LinalgCholeskyExBackward0(MultiOutputNode):
    """(L, info): A = L L^T (or U^T U with ``upper``, U = L^T) from A's lower triangle."""

    num_outputs = 1
    roles = (("out", 0),)

    def __init__(self, upper):
        self.upper = upper

    def forward(self, a):
        low, info = kl.cholesky_lower(batched(a))
        out = low.reshape(a.shape)
        if self.upper:
            out = np.ascontiguousarray(np.swapaxes(out, -1, -2))
        self.save_for_backward(out)
        return out, info.reshape(a.shape[:-2])

    def vjp(self, grads, out):
        g = grads[0]
        if g is None or not self.needs_input_grad(0):
            return [None]
        low, gl = (out.mT, g.mT) if self.upper else (out, g)
        phi = low.mT.matmul(gl).tril()
        phi = 0.5 * (phi + phi.tril(-1).mT)
        step = solve_ex(low.mT, phi)[0]
        return [solve_ex(low, step, left=False)[0]]


class CholeskyBackward0(LinalgCholeskyExBackward0):
    """The deprecated ``torch.cholesky`` (same derivative)."""


def _not_pd(i):
    return ("The factorization could not be completed because the input is not positive-definite "
            f"(the leading minor of order {i} is not positive-definite).")


def cholesky_ex(A, *, upper=False, check_errors=False):
    check_square("linalg.cholesky_ex", A)
    low, info = LinalgCholeskyExBackward0(bool(upper)).apply(A)
    if check_errors:
        raise_on_info("linalg.cholesky_ex", info._data.reshape(-1), A._data.ndim > 2, _not_pd)
    return RETURN_TYPES["linalg_cholesky_ex"](low, info)


def cholesky(A, *, upper=False):
    check_square("linalg.cholesky", A)
    low, info = LinalgCholeskyExBackward0(bool(upper)).apply(A)
    raise_on_info("linalg.cholesky", info._data.reshape(-1), A._data.ndim > 2, _not_pd)
    return low


_warned = [False]
_CHOLESKY_WARNING = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future PyTorch "
    "release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)\nand\n"
    "U = torch.cholesky(A, upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\n"
    "This transform will produce equivalent results for all valid (symmetric positive definite) inputs. "
    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:1765.)")


def cholesky_deprecated(input, upper=False):
    """``torch.cholesky`` / ``Tensor.cholesky``: linalg.cholesky with a deprecation warning."""
    if not _warned[0]:   # (PyTorch warns once per process)
        _warned[0] = True
        _checks.warn_at_caller(_CHOLESKY_WARNING, UserWarning)
    check_square("cholesky", input)
    low, info = CholeskyBackward0(bool(upper)).apply(input)
    raise_on_info("cholesky", info._data.reshape(-1), input._data.ndim > 2, _not_pd)
    return low
