"""The orthogonal factorizations of ``torch.linalg``: ``qr``, ``eigh`` / ``eigvalsh``, ``svd`` /
``svdvals``, and ``pinv`` built on them; LAPACK through NumPy for the forward pass, PyTorch's
derivatives (``FunctionsManual.cpp``: svd_backward, linalg_eig_backward, linalg_qr_backward,
pinv_backward) written on Tensors, so they differentiate again.

The singular vectors and eigenvectors are defined up to sign: a loss must not depend on
that choice (PyTorch's condition), and gradients assume distinct singular values /
eigenvalues (the formulas divide by their differences).
"""
import warnings

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.multi_output import MultiOutputNode
from .diagonal import diag_embed
from .linalg_lu import solve_ex
from .masked import where
from .linalg_results import RETURN_TYPES, check_float, check_matrix, check_square
from .shape import cat


def _eye(k, like):
    return Tensor._make(np.eye(k, dtype=like._data.dtype))


def _skew(x):
    return x - x.mT


class LinalgSvdBackward0(MultiOutputNode):
    """A = U diag(S) Vh (k = min(m, n) singular values, descending)."""

    num_outputs = 3
    roles = (("out", 0), ("out", 1), ("out", 2))

    def __init__(self, full_matrices):
        self.full_matrices = full_matrices

    def forward(self, a):
        u, s, vh = np.linalg.svd(a, full_matrices=self.full_matrices)
        self.save_for_backward(u, s, vh)
        return u, s, vh

    def vjp(self, grads, u, s, vh):
        gu, gs, gvh = grads
        if (gu is None and gs is None and gvh is None) or not self.needs_input_grad(0):
            return [None]
        m, n, k = u.shape[-2], vh.shape[-1], s.shape[-1]
        if self.full_matrices:
            u, vh = u.narrow(-1, 0, k), vh.narrow(-2, 0, k)
            gu = gu.narrow(-1, 0, k) if gu is not None else None
            gvh = gvh.narrow(-2, 0, k) if gvh is not None else None
        if gu is None and gvh is None:   # svdvals: gA = U diag(gS) Vh
            return [u.matmul(gs.unsqueeze(-1) * vh) if m >= n else (u * gs.unsqueeze(-2)).matmul(vh)]
        s2 = s * s
        e = s2.unsqueeze(-2) - s2.unsqueeze(-1) + _eye(k, s)
        uhgu = _skew(u.mT.matmul(gu)) if gu is not None else None
        vhgv = _skew(vh.matmul(gvh.mT)) if gvh is not None else None
        if uhgu is not None and vhgv is not None:
            inner = (uhgu * s.unsqueeze(-2) + s.unsqueeze(-1) * vhgv) / e
        elif uhgu is not None:
            inner = (uhgu / e) * s.unsqueeze(-2)
        else:
            inner = s.unsqueeze(-1) * (vhgv / e)
        if gs is not None:
            inner = inner + diag_embed(gs)
        if m > n and gu is not None:
            ga = u.matmul(inner)
            gu_sinv = gu / s.unsqueeze(-2)
            ga = (ga + gu_sinv - u.matmul(u.mT.matmul(gu_sinv))).matmul(vh)
        elif m < n and gvh is not None:
            ga = inner.matmul(vh)
            sinv_gvh = gvh / s.unsqueeze(-1)
            ga = u.matmul(ga + sinv_gvh - sinv_gvh.matmul(vh.mT).matmul(vh))
        else:
            ga = u.matmul(inner.matmul(vh)) if m >= n else u.matmul(inner).matmul(vh)
        return [ga]


def svd(A, full_matrices=True, *, driver=None):
    """(U, S, Vh) of each matrix of ``A`` (*, m, n)."""
    check_matrix("linalg.svd", A)
    check_float("linalg.svd", A)
    return RETURN_TYPES["linalg_svd"](*LinalgSvdBackward0(bool(full_matrices)).apply(A))


def svdvals(A, *, driver=None):
    check_matrix("linalg.svd", A)
    check_float("linalg.svd", A)
    return LinalgSvdBackward0(False).apply(A)[1]


def svd_legacy(input, some=True, compute_uv=True):
    """``torch.svd``: (U, S, V) with V = Vh^T; without ``compute_uv`` U and V are zeros."""
    check_matrix("linalg.svd", input)
    check_float("linalg.svd", input)
    if not compute_uv:
        m, n = input._data.shape[-2:]
        batch = input._data.shape[:-2]
        s = LinalgSvdBackward0(False).apply(input)[1]
        dt = input._data.dtype
        return RETURN_TYPES["svd"](Tensor._make(np.zeros(batch + (m, m), dt)), s,
                                   Tensor._make(np.zeros(batch + (n, n), dt)))
    u, s, vh = LinalgSvdBackward0(not some).apply(input)
    return RETURN_TYPES["svd"](u, s, vh.mT)


class LinalgEighBackward0(MultiOutputNode):
    """A = V diag(L) V^T for symmetric A (read from its ``UPLO`` triangle), L ascending."""

    num_outputs = 2
    roles = (("out", 0), ("out", 1))

    def __init__(self, uplo):
        self.uplo = uplo

    def forward(self, a):
        w, v = np.linalg.eigh(a, UPLO=self.uplo)
        self.save_for_backward(w, v)
        return w, v

    def vjp(self, grads, w, v):
        gw, gv = grads
        if (gw is None and gv is None) or not self.needs_input_grad(0):
            return [None]
        if gv is None:   # eigvalsh: V diag(gL) V^T
            return [(v * gw.unsqueeze(-2)).matmul(v.mT)]
        vhgv = v.mT.matmul(gv)
        vhgv = 0.5 * (vhgv - vhgv.mT)   # projected onto the skew-symmetric matrices
        inner = vhgv / (w.unsqueeze(-2) - w.unsqueeze(-1) + _eye(w.shape[-1], w))
        if gw is not None:
            inner = inner + diag_embed(gw)   # (the skew part's diagonal is 0)
        return [v.matmul(inner.matmul(v.mT))]


def _uplo(UPLO):
    if UPLO not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO.upper()


def eigh(A, UPLO="L"):
    check_square("linalg.eigh", A)
    return RETURN_TYPES["linalg_eigh"](*LinalgEighBackward0(_uplo(UPLO)).apply(A))


def eigvalsh(A, UPLO="L"):
    check_square("linalg.eigh", A)
    return LinalgEighBackward0(_uplo(UPLO)).apply(A)[0]


class LinalgQrBackward0(MultiOutputNode):
    """A = Q R (Householder, LAPACK's signs); ``mode`` 'reduced', 'complete' or 'r'."""

    num_outputs = 2
    roles = (("out", 0), ("out", 1))

    def __init__(self, mode):
        self.mode = mode

    def forward(self, a):
        if self.mode == "r":
            r = np.linalg.qr(a, mode="r")
            q = np.zeros((0,), a.dtype)
        else:
            q, r = np.linalg.qr(a, mode=self.mode)
        self.save_for_backward(q, r)
        return q, r

    def vjp(self, grads, q, r):
        gq, gr = grads
        if self.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        m, n = q.shape[-2], r.shape[-1]
        if self.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        if (gq is None and gr is None) or not self.needs_input_grad(0):
            return [None]
        if gq is not None:
            ga = gr.matmul(r.mT) - q.mT.matmul(gq) if gr is not None else -q.mT.matmul(gq)
        else:
            ga = gr.matmul(r.mT)
        if m >= n:
            t = ga.triu()
            ga = q.matmul(t + t.mT - diag_embed(t.diagonal(0, -2, -1)))
            if gq is not None:
                ga = ga + gq
            return [solve_ex(r.mT, ga, left=False)[0]]
        ga = q.matmul(_skew(-ga).tril())
        ga = solve_ex(r.narrow(-1, 0, m).mT, ga, left=False)[0]
        ga = cat([ga, Tensor._make(np.zeros(ga.shape[:-1] + (n - m,), ga._data.dtype))], -1)
        if gr is not None:
            ga = ga + q.matmul(gr)
        return [ga]


def qr(A, mode="reduced"):
    check_matrix("linalg.qr", A)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    check_float("linalg.qr", A)
    return RETURN_TYPES["linalg_qr"](*LinalgQrBackward0(mode).apply(A))


_warned = [False]
_QR_WARNING = (
    "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.\n"
    "The boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = torch.qr(A, some)\n"
    "should be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else 'complete') (Triggered internally "
    "at /__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2505.)")


def qr_legacy(input, some=True):
    """``torch.qr`` / ``Tensor.qr``: linalg.qr with a deprecation warning."""
    if not _warned[0]:   # (PyTorch warns once per process)
        _warned[0] = True
        warnings.warn(_QR_WARNING, UserWarning, stacklevel=2)
    check_matrix("linalg.qr", input)
    check_float("linalg.qr", input)
    return RETURN_TYPES["qr"](*LinalgQrBackward0("reduced" if some else "complete").apply(input))


class LinalgPinvBackward0(MultiOutputNode):
    """The pseudo-inverse through the SVD (eigh when ``hermitian``), singular values at or below
    max(atol, rtol * largest) dropped; gradient: PyTorch's pinv_backward (valid where the rank
    is locally constant)."""

    num_outputs = 1
    roles = (0, ("out", 0))

    def __init__(self, atol, rtol, hermitian):
        self.atol, self.rtol, self.hermitian = atol, rtol, hermitian

    def forward(self, a):
        if self.hermitian:
            w, v = np.linalg.eigh(a)
            wt, vt = Tensor._make(w), Tensor._make(v)
            s, left, right = wt.abs(), vt * wt.sign().unsqueeze(-2), vt.mT
        else:
            left, s, right = (Tensor._make(x) for x in np.linalg.svd(a, full_matrices=False))
        keep = s > _cutoff(s, self.atol, self.rtol)
        sinv = where(keep, 1 / where(keep, s, _one(s)), _one(s) * 0)
        out = (right.mT * sinv.unsqueeze(-2)).matmul(left.mT)._data
        self.save_for_backward(a, out)
        return (out,)

    def vjp(self, grads, a, p):
        g = grads[0]
        if g is None or not self.needs_input_grad(0):
            return [None]
        return [pinv_backward(g, p, a)]


def pinv_backward(g, p, a):
    """The gradient of A -> pinv(A) = p at A for the output gradient g (PyTorch's formula,
    products arranged to keep the smallest dimension inside)."""
    m, n = a.shape[-2:]
    ph, gh = p.mT, g.mT
    if m <= n:
        k = gh.matmul(p)
        kph = k.matmul(ph)
        return -(p.matmul(k)).mT + kph - a.matmul(p).matmul(kph) + ph.matmul(p).matmul(gh - k.matmul(a))
    k = p.matmul(gh)
    phk = ph.matmul(k)
    return -(k.matmul(p)).mT + (gh - a.matmul(k)).matmul(p).matmul(ph) + phk - phk.matmul(p).matmul(a)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    a = A._data
    if a.ndim < 2 or a.dtype.kind != "f":
        dt = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "uint8": "Byte",
              "bool": "Bool"}[a.dtype.name]
        raise RuntimeError(f"linalg.pinv({dt}{{{list(a.shape)}}}): expected a tensor with 2 or more dimensions of "
                           "float, double, cfloat or cdouble types")
    return LinalgPinvBackward0(*_tolerances(a, atol, rtol), bool(hermitian)).apply(A)[0]


def pinverse(input, rcond=1e-15):
    """``torch.pinverse``: pinv with singular values below rcond * largest dropped."""
    return pinv(input, rtol=rcond)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    """How many singular values (|eigenvalues| when ``hermitian``) exceed max(atol, rtol * largest)."""
    a = A._data
    if a.dtype.kind != "f":
        raise RuntimeError("This function doesn't handle types other than float and double")
    check_matrix("linalg.matrix_rank", A)
    if tol is not None:
        atol = tol
    s = np.linalg.eigvalsh(a) if hermitian else np.linalg.svd(a, compute_uv=False)
    s = Tensor._make(s).abs()
    return (s > _cutoff(s, *_tolerances(a, atol, rtol))).sum(-1)


def _one(like):
    return Tensor._make(np.ones((), like._data.dtype))


def _tolerances(a, atol, rtol):
    """PyTorch's defaults: atol 0; rtol eps * max(m, n) unless atol > 0 is given."""
    atol_v = 0.0 if atol is None else float(atol)
    if rtol is None:
        return atol_v, (np.finfo(a.dtype).eps * max(a.shape[-2:]) if atol_v <= 0 else 0.0)
    return atol_v, float(rtol)


def _cutoff(s, atol, rtol):
    """max(atol, rtol * the largest of s[..., :]) as a (*, 1) Tensor."""
    if s.shape[-1] == 0:
        return _one(s) * atol
    return (s.amax(-1, keepdim=True) * rtol).clamp_min(atol)


class LinalgLstsqBackward0(MultiOutputNode):
    """(solution, residuals) of min ||A X - B|| (the minimum-norm solution, singular values at or
    below rcond * largest dropped) and the non-differentiable (rank, singular_values).
    Gradients (PyTorch's linalg_lstsq_backward): through X = pinv(A) B and, when residuals
    were computed, through sum((A X - B)^2) with X held fixed."""

    num_outputs = 2
    roles = (0, 1, ("out", 0))

    def __init__(self, vector, rcond, driver):
        self.vector, self.rcond, self.driver = vector, rcond, driver

    def forward(self, a, b):
        at, bt = Tensor._make(a), Tensor._make(b[..., None] if self.vector else b)
        m, n = a.shape[-2:]
        u, s, vh = (Tensor._make(x) for x in np.linalg.svd(a, full_matrices=False))
        keep = s > _cutoff(s, 0.0, self.rcond)
        sinv = where(keep, 1 / where(keep, s, _one(s)), _one(s) * 0)
        x = vh.mT.matmul(sinv.unsqueeze(-1) * u.mT.matmul(bt))
        rank = keep.sum(-1)
        empty = np.zeros((0,), a.dtype)
        residuals = empty
        if m > n and self.driver != "gelsy" and (self.driver == "gels" or bool((rank == n).all())):
            residuals = ((at.matmul(x) - bt) ** 2).sum(-2)._data
        x = x._data[..., 0] if self.vector else x._data
        self.save_for_backward(a, b, x)
        rank = rank._data if self.driver != "gels" else np.zeros((0,), np.int64)
        values = s._data if self.driver in ("gelsd", "gelss") else empty
        return x, residuals, rank, values

    def vjp(self, grads, a, b, x):
        gx, gres = grads
        if gres is not None and gres.numel() == 0:
            gres = None
        if gx is None and gres is None:
            return [None, None]
        if self.vector:
            b, x = b.unsqueeze(-1), x.unsqueeze(-1)
            gx = gx.unsqueeze(-1) if gx is not None else None
        ga = gb = None
        if gx is not None:
            p = pinv(a)
            if self.needs_input_grad(0):
                ga = pinv_backward(gx.matmul(b.mT), p, a)
            if self.needs_input_grad(1):
                gb = p.mT.matmul(gx)
        if gres is not None:
            r = a.matmul(x) - b
            gl = gres.unsqueeze(-2)
            if self.needs_input_grad(0):
                term = 2 * (gl * r).matmul(x.mT)
                ga = term if ga is None else ga + term
            if self.needs_input_grad(1):
                term = -2 * gl * r
                gb = term if gb is None else gb + term
        if self.vector and gb is not None:
            gb = gb.squeeze(-1)
        return [ga, gb]


def lstsq(A, B, rcond=None, *, driver=None):
    """Least squares: (solution, residuals, rank, singular_values) as PyTorch's CPU drivers
    report them (default 'gelsy': no residuals; rank for gelsy / gelsd / gelss; singular values
    for gelsd / gelss); the solution is the minimum-norm one (through the SVD)."""
    name = "torch.linalg.lstsq"
    a, b = A._data, B._data
    if a.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if a.dtype != b.dtype:
        raise RuntimeError(f"{name}: Expected input and other to have the same dtype, but got input's dtype "
                           f"{_dtype.SCALAR_NAMES[a.dtype.name]} and other's dtype {_dtype.SCALAR_NAMES[b.dtype.name]}")
    if not (a.ndim >= b.ndim and a.ndim - b.ndim <= 1):
        raise RuntimeError(f"{name}: input.dim() must be greater or equal to other.dim() and "
                           "(input.dim() - other.dim()) <= 1")
    check_float(name, A)
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
    if (b.shape[-1] if vector else b.shape[-2]) != a.shape[-2]:
        raise RuntimeError(f"{name}: input.size(-2) should match other.size(-{1 if vector else 2})")
    driver = "gelsy" if driver is None else driver
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(f"{name}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    rcond_v = np.finfo(a.dtype).eps * max(a.shape[-2:]) if rcond is None or rcond < 0 else float(rcond)
    out = LinalgLstsqBackward0(vector, rcond_v, driver).apply(A, B)
    return RETURN_TYPES["linalg_lstsq"](*out)
