"""Products beyond ``matmul``: the fused ``beta * input + alpha * product`` family (``addmm``,
``addmv``, ``addr``, ``addbmm``, ``baddbmm``), ``addcmul`` / ``addcdiv``, ``outer``, ``kron``,
``cross``, ``cdist``, ``tensordot`` and ``einsum``.

The fused ops are one node each, as in PyTorch; their derivatives are the products' (dA = g B^T,
dB = A^T g, times alpha; d input = beta g) written with Tensor ops.  ``outer``, ``kron``,
``tensordot`` and ``einsum`` are composed of reshapes, permutes, products and sums, as
PyTorch composes them (their outputs print those primitives' nodes).
"""
import warnings

import numpy as np

from .. import _checks

from .. import _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import elementwise as ew
from ..kernels import matmul as km
from ..kernels import reduce as kr
from . import linalg, shape as shape_ops
from .diagonal import diagonal
from .elementwise import mul, where
from .movement import movedim
from .util import broadcast_shapes, result_dtype, wrap_dim
from .registry import public


def _scaled(a, factor, dt):
    if factor == 1:
        return a if a.dtype == dt else a.astype(dt)
    return ew.binary(ew.MUL, a, np.array(factor).astype(dt), dt)


def _times(g, factor):
    return g if factor == 1 else g * factor


# ---- beta * input + alpha * product ------------------------------------------------------------

class _AddProduct(FormulaNode):
    """out = beta * input + alpha * product(a, b) (input broadcast to the product's shape;
    ignored when beta == 0, NaN included)."""

    roles = (1, 2)

    def __init__(self, beta, alpha):
        self.beta, self.alpha = beta, alpha

    def forward(self, input, a, b):
        self.in_meta = tuple((x.shape, x.dtype) for x in (input, a, b))
        self.save_for_backward(a if self.needs_input_grad(2) else None, b if self.needs_input_grad(1) else None)
        dt = a.dtype
        p = _scaled(self.product(a, b, dt), self.alpha, dt)
        if self.beta == 0:
            return p
        return ew.binary(ew.ADD, _scaled(input, self.beta, dt), p, dt)


def _input_grad(n, g, a, b):
    return g * n.beta if n.beta != 1 else g


class AddmmBackward0(_AddProduct):
    """product = a @ b (matrices)."""

    grads = (_input_grad,
             lambda n, g, a, b: _times(g.mm(b.t()), n.alpha),
             lambda n, g, a, b: _times(a.t().mm(g), n.alpha))

    @staticmethod
    def product(a, b, dt):
        return km.matmul(a, b, dt)


class BaddbmmBackward0(_AddProduct):
    """product = a[i] @ b[i] for each batch i."""

    grads = (_input_grad,
             lambda n, g, a, b: _times(g.bmm(b.transpose(1, 2)), n.alpha),
             lambda n, g, a, b: _times(a.transpose(1, 2).bmm(g), n.alpha))

    @staticmethod
    def product(a, b, dt):
        return km.matmul(a, b, dt)


class AddbmmBackward0(_AddProduct):
    """product = sum over i of a[i] @ b[i]."""

    grads = (_input_grad,
             lambda n, g, a, b: _times(g.unsqueeze(0).expand(a.shape[0], *g.shape).bmm(b.transpose(1, 2)),
                                            n.alpha),
             lambda n, g, a, b: _times(a.transpose(1, 2).bmm(g.unsqueeze(0).expand(b.shape[0], *g.shape)),
                                            n.alpha))

    @staticmethod
    def product(a, b, dt):
        return kr.reduce(kr.SUM, km.matmul(a, b, dt), (0,), dt)


class AddmvBackward0(_AddProduct):
    """product = matrix a times vector b."""

    grads = (_input_grad,
             lambda n, g, a, b: _times(g.unsqueeze(1) * b, n.alpha),
             lambda n, g, a, b: _times(a.t().mv(g), n.alpha))

    @staticmethod
    def product(a, b, dt):
        return km.matmul(a, b.reshape(-1, 1), dt).reshape(-1)


class AddrBackward0(_AddProduct):
    """product = the outer product of vectors a and b."""

    grads = (_input_grad,
             lambda n, g, a, b: _times(g.mv(b), n.alpha),
             lambda n, g, a, b: _times(g.t().mv(a), n.alpha))

    @staticmethod
    def product(a, b, dt):
        return ew.binary(ew.MUL, a.reshape(-1, 1), b.reshape(1, -1), dt)


def _check_input(input, shape, name):
    """``input`` must expand to the product's ``shape`` (expand's own error otherwise)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    shape_ops.expand(Tensor._make(input._data), shape)


def _check_dtypes(name, *tensors):
    dts = [t_._data.dtype for t_ in tensors]
    if any(d != dts[0] for d in dts):
        names = [_dtype.SCALAR_NAMES[d.name] for d in dts]
        if name != "addmm":
            raise RuntimeError(f"{name} input tensors must have the same dtype, but got {', '.join(names)}")
        if dts[1] != dts[2]:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {names[1]} and {names[2]}")
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {names[0]} and {names[2]}")


@public(inplace=True, out="exact")
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2); input broadcast to (n, p)."""
    a, b = mat1._data, mat2._data
    if a.ndim != 2:
        raise RuntimeError(f"mat1 must be a matrix, got {a.ndim}-D tensor")
    if b.ndim != 2:
        raise RuntimeError(f"mat2 must be a matrix, got {b.ndim}-D tensor")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                           f"{b.shape[0]}x{b.shape[1]})")
    _check_input(input, (a.shape[0], b.shape[1]), "addmm")
    _check_dtypes("addmm", input, mat1, mat2)
    return AddmmBackward0(beta, alpha).apply(input, mat1, mat2)


@public(inplace=True, out="exact")
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (batch1[i] @ batch2[i]); input broadcast to (b, n, p)."""
    a, b = batch1._data, batch2._data
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{a.shape[0]}, "
                           f"{a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}].")
    _check_input(input, (a.shape[0], a.shape[1], b.shape[2]), "baddbmm")
    _check_dtypes("baddbmm", input, batch1, batch2)
    return BaddbmmBackward0(beta, alpha).apply(input, batch1, batch2)


@public(inplace=True, out="exact")
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * sum_i (batch1[i] @ batch2[i]); input broadcast to (n, p)."""
    a, b = batch1._data, batch2._data
    if a.ndim != 3:
        raise RuntimeError(f"batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError(f"batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {a.shape[0]} and {b.shape[0]}")
    if a.shape[2] != b.shape[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({a.shape[1]}x{a.shape[2]} and {b.shape[1]}x{b.shape[2]})")
    _check_input(input, (a.shape[1], b.shape[2]), "addbmm")
    _check_dtypes("addbmm", input, batch1, batch2)
    return AddbmmBackward0(beta, alpha).apply(input, batch1, batch2)


@public(inplace=True, out="exact", inplace_function=True)
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec); input broadcast to (n,)."""
    a, v = mat._data, vec._data
    if a.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input._data.ndim}, {a.ndim}, {v.ndim}")
    if a.shape[1] != v.shape[0] or (input._data.ndim == 1 and input._data.shape[0] not in (1, a.shape[0])):
        raise RuntimeError(f"size mismatch, got input ({input._data.shape[0] if input._data.ndim else 1}), "
                           f"mat ({a.shape[0]}x{a.shape[1]}), vec ({v.shape[0]})")
    _check_input(input, (a.shape[0],), "addmv")
    _check_dtypes("addmv", input, mat, vec)
    return AddmvBackward0(beta, alpha).apply(input, mat, vec)


@public(inplace=True, out="exact")
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * outer(vec1, vec2); input broadcast to (n, m)."""
    if vec1._data.ndim != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec1, but got {vec1._data.ndim}-D")
    if vec2._data.ndim != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec2, but got {vec2._data.ndim}-D")
    _check_input(input, (vec1._data.shape[0], vec2._data.shape[0]), "addr")
    _check_dtypes("addr", input, vec1, vec2)
    return AddrBackward0(beta, alpha).apply(input, vec1, vec2)


# ---- input + value * t1 (* or /) t2 ------------------------------------------------------------

class AddcmulBackward0(FormulaNode):
    """out = input + value * t1 * t2 (broadcast)  ->  g, value g t2, value g t1."""

    roles = (1, 2)
    op = ew.MUL
    grads = (lambda n, g, a, b: g,
             lambda n, g, a, b: g * (b * n.value) if n.value != 1 else g * b,
             lambda n, g, a, b: g * (a * n.value) if n.value != 1 else g * a)

    def __init__(self, value, dt):
        self.value, self.dt = value, dt

    def forward(self, x, a, b):
        self.in_meta = tuple((y.shape, y.dtype) for y in (x, a, b))
        self.save_for_backward(a if self.needs_input_grad(2) else None, b)
        dt = self.dt
        p = _scaled(ew.binary(self.op, a, b, dt), self.value, dt)
        return ew.binary(ew.ADD, x, p, dt)


class AddcdivBackward0(AddcmulBackward0):
    """out = input + value * t1 / t2 (broadcast)  ->  g, value g / t2, -value g t1 / t2^2."""

    op = ew.DIV
    grads = (lambda n, g, a, b: g,
             lambda n, g, a, b: g * n.value / b,
             lambda n, g, a, b: -(g * n.value) * a / (b * b))


def _addc(node, name, input, tensor1, tensor2, value):
    dt = result_dtype(input, tensor1, tensor2)
    if name == "addcdiv" and tensor1._data.dtype.kind in "biu" and tensor2._data.dtype.kind in "biu":
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
                           "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can "
                           "be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
                           "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
                           "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
                           "for all dtypes.")
    broadcast_shapes(input._data.shape, tensor1._data.shape, tensor2._data.shape)
    return node(value, dt.np).apply(input, tensor1, tensor2)


@public(inplace=True, out="cast")
def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2 (elementwise, broadcast)."""
    return _addc(AddcmulBackward0, "addcmul", input, tensor1, tensor2, value)


@public(inplace=True, out="cast")
def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2 (elementwise, broadcast; float operands)."""
    return _addc(AddcdivBackward0, "addcdiv", input, tensor1, tensor2, value)


# ---- outer, kron, cross, cdist -----------------------------------------------------------------

@public(aliases=("ger",), out="cast")
def outer(input, vec2):
    """The outer product of two vectors: input[:, None] * vec2."""
    for name, v in (("self", input), ("vec2", vec2)):
        if v._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {v._data.ndim}-D")
    return mul(shape_ops.reshape(input, (-1, 1)), vec2)


ger = outer


@public(out="exact")
def kron(input, other):
    """The Kronecker product: blocks input[i, j] * other (shapes padded with leading 1s)."""
    nd = max(input._data.ndim, other._data.ndim)
    sa = (1,) * (nd - input._data.ndim) + input._data.shape
    sb = (1,) * (nd - other._data.ndim) + other._data.shape
    a = shape_ops.UnsafeViewBackward0(tuple(v for s in sa for v in (s, 1))).apply(input)
    b = shape_ops.UnsafeViewBackward0(tuple(v for s in sb for v in (1, s))).apply(other)
    return shape_ops.UnsafeViewBackward0(tuple(x * y for x, y in zip(sa, sb))).apply(mul(a, b))


def _cross_arrays(a, b, d, dt):
    def part(x, i):
        return np.take(x, [i], axis=d)
    pieces = []
    for i, j in ((1, 2), (2, 0), (0, 1)):
        pieces.append(ew.binary(ew.SUB, ew.binary(ew.MUL, part(a, i), part(b, j), dt),
                                ew.binary(ew.MUL, part(a, j), part(b, i), dt), dt))
    return np.concatenate(pieces, axis=d)


class LinalgCrossBackward0(FormulaNode):
    """out = a x b along ``dim`` (3-vectors, broadcast)  ->  d/da = b x g, d/db = g x a."""

    roles = (0, 1)
    grads = (lambda n, g, a, b: cross(b, g, dim=n.dim),
             lambda n, g, a, b: cross(g, a, dim=n.dim))

    def __init__(self, dim, dt):
        self.dim, self.dt = dim, dt

    def forward(self, a, b):
        self.in_meta = ((a.shape, a.dtype), (b.shape, b.dtype))
        self.save_for_backward(a if self.needs_input_grad(1) else None, b if self.needs_input_grad(0) else None)
        return _cross_arrays(a, b, self.dim, self.dt)


_cross_warned = [False]


@public(out="exact")
def cross(input, other, dim=None):
    """The cross product of 3-vectors along ``dim`` (the first dimension of size 3 when None)."""
    a, b = input._data, other._data
    if a.ndim != b.ndim:
        raise RuntimeError(f"linalg.cross: inputs must have the same number of dimensions.")
    shape = broadcast_shapes(a.shape, b.shape)
    if dim is None and not _cross_warned[0]:   # once per process, as PyTorch's TORCH_WARN_ONCE
        _cross_warned[0] = True
        _checks.warn_at_caller("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                      "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree "
                      "with that of linalg.cross in a future release. (Triggered internally at "
                      "/__w/pytorch/pytorch/aten/src/ATen/native/Cross.cpp:63.)", UserWarning)
    if dim is None:
        dim = next((i for i, s in enumerate(shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    d = wrap_dim(dim, len(shape))
    if a.shape[d] != 3 or b.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {a.shape[d]} and "
                           f"{b.shape[d]}")
    return LinalgCrossBackward0(d, result_dtype(input, other).np).apply(input, other)


def linalg_cross(input, other, *, dim=-1):
    return cross(input, other, dim)


class CdistBackward0(FormulaNode):
    """out[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p  ->  with diff = x1_i - x2_j and d the
    distance: d/dx1_i = sum_j g_ij c_ij, d/dx2_j = -sum_i g_ij c_ij, where c = diff / d (p = 2),
    sign(diff) |diff|^(p-1) / d^(p-1) (finite p), sign(diff) [|diff| = d] (p = inf), 0 (p = 0);
    c = 0 where d = 0."""

    roles = (0, 1, "out")
    grads = (lambda n, g, x1, x2, out: _cdist_terms(n, g, x1, x2, out).sum(-2),
             lambda n, g, x1, x2, out: -_cdist_terms(n, g, x1, x2, out).sum(-3))

    def __init__(self, p):
        self.p = p

    def forward(self, x1, x2):
        self.in_meta = ((x1.shape, x1.dtype), (x2.shape, x2.dtype))
        dt = x1.dtype
        diff = ew.unary(ew.ABS, ew.binary(ew.SUB, x1[..., :, None, :], x2[..., None, :, :], dt))
        p = self.p
        if p == np.inf:
            out = kr.reduce(kr.MAX, diff, (diff.ndim - 1,), dt) if diff.shape[-1] else np.zeros(diff.shape[:-1], dt)
        elif p == 0:
            out = kr.reduce(kr.SUM, ew.binary(ew.NE, diff, np.zeros((), dt), dt), (diff.ndim - 1,), dt)
        elif p == 1:
            out = kr.reduce(kr.SUM, diff, (diff.ndim - 1,), dt)
        elif p == 2:
            out = ew.unary(ew.SQRT, kr.reduce(kr.SUM, ew.binary(ew.MUL, diff, diff, dt), (diff.ndim - 1,), dt))
        else:
            total = kr.reduce(kr.SUM, ew.binary(ew.POW, diff, np.array(p, dt), dt), (diff.ndim - 1,), dt)
            out = ew.binary(ew.POW, total, np.array(1 / p, dt), dt)
        self.save_for_backward(x1, x2, out)
        return out


def _cdist_terms(n, g, x1, x2, out):
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    d = out.unsqueeze(-1)
    zero = d == 0
    safe = where(zero, 1.0, d)
    p = n.p
    if p == 0:
        return diff * 0
    if p == 1:
        c = diff.sign()
    elif p == 2:
        c = diff / safe
    elif p == np.inf:
        c = diff.sign() * (diff.abs() == d).to(diff.dtype)
    else:
        c = diff.sign() * diff.abs().pow(p - 1) / safe.pow(p - 1)
    return g.unsqueeze(-1) * where(zero, 0.0, c)


#: cdist's accepted ``compute_mode`` values (all compute the differences directly here).
_COMPUTE_MODES = (None, "use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist")


@public(method=False)
def cdist(x1, x2, p=2.0, compute_mode=None):
    """Pairwise p-norm distances between the rows of x1 (..., P, M) and x2 (..., R, M)."""
    if compute_mode not in _COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    a, b = x1._data, x2._data
    for name, x in (("X1", a), ("X2", b)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} X2: {b.shape[-1]}")
    for name, x in (("X1", a), ("X2", b)):
        if x.dtype.kind != "f":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{_dtype.SCALAR_NAMES[x.dtype.name]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected scalar type {_dtype.SCALAR_NAMES[a.dtype.name]} but found "
                           f"{_dtype.SCALAR_NAMES[b.dtype.name]}")
    broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return CdistBackward0(float(p)).apply(x1, x2)


# ---- tensordot and einsum ----------------------------------------------------------------------

@public(method=False, out="exact")
def tensordot(a, b, dims=2, out=None):
    """The sum of products over the ``dims`` pairs of dimensions (or the last ``dims`` of a with
    the first ``dims`` of b): a permute and reshape of each operand into a matrix, one ``mm``."""
    if isinstance(dims, (int, np.integer)):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        na = a._data.ndim
        if dims > na or dims > b._data.ndim:
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        da, db = list(range(na - dims, na)), list(range(dims))
    elif isinstance(dims, Tensor):
        return tensordot(a, b, dims.tolist())
    else:
        da, db = dims
        da, db = ([da], [db]) if isinstance(da, (int, np.integer)) else (list(da), list(db))
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    da = [wrap_dim(d, a._data.ndim) for d in da]
    db = [wrap_dim(d, b._data.ndim) for d in db]
    for x, y in zip(da, db):
        if a._data.shape[x] != b._data.shape[y]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {a._data.shape[x]} in dim "
                               f"{x} and second has size {b._data.shape[y]} in dim {y}")
    free_a = [d for d in range(a._data.ndim) if d not in da]
    free_b = [d for d in range(b._data.ndim) if d not in db]
    k = int(np.prod([a._data.shape[d] for d in da]))
    sa = [a._data.shape[d] for d in free_a]
    sb = [b._data.shape[d] for d in free_b]
    ma = shape_ops.reshape(shape_ops.permute(a, free_a + da), (int(np.prod(sa)), k))
    mb = shape_ops.reshape(shape_ops.permute(b, db + free_b), (k, int(np.prod(sb))))
    return shape_ops.reshape(linalg.mm(ma, mb), sa + sb)


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _parse_subscripts(text, offset, what):
    """Subscripts of one term: letters, one ``...`` at most (as the marker -1)."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == ".":
            if text[i:i + 3] != "..." or -1 in out:
                raise RuntimeError(f"einsum(): found '.' for {what} that is not part of any ellipsis")
            out.append(-1)
            i += 3
            continue
        if c == " ":
            i += 1
            continue
        if c not in _LETTERS:
            raise RuntimeError(f"einsum(): invalid subscript given at index {offset + i} in the equation string, "
                               "subscripts must be in [a-zA-Z]")
        out.append(_LETTERS.index(c))
        i += 1
    return out


@public(method=False)
def einsum(equation, *operands):
    """Einstein summation of ``operands`` by ``equation`` ("ij,jk->ik"; an implicit output is
    the labels seen once, in order, after any ``...`` dimensions).

    Built from primitives: repeated labels of one operand become ``diagonal``s, each operand is
    unsqueezed and permuted to the common label order, operands are combined left to right by
    ``mul`` (no label to contract) or one ``bmm`` (the contracted labels), and labels left
    over are summed."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    lhs, arrow, rhs = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    subs, offset = [], 0
    for k, term in enumerate(terms):
        subs.append(_parse_subscripts(term, offset, "operand " + str(k)))
        offset += len(term) + 1
    ell = 0   # the number of dimensions ``...`` stands for (the most over the operands)
    for k, (s, x) in enumerate(zip(subs, operands)):
        named = len([c for c in s if c != -1])
        nd = x._data.ndim
        if -1 in s:
            if named > nd:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) is more than the "
                                   f"number of dimensions ({nd}) for operand {k}")
            ell = max(ell, nd - named)
        elif named != nd:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) does not match the "
                               f"number of dimensions ({nd}) for operand {k} and no ellipsis was given")
    # labels: ellipsis dimension j -> j; letter c -> ell + c
    labelled = []
    for s, x in zip(subs, operands):
        named = len([c for c in s if c != -1])
        m = x._data.ndim - named
        row = []
        for c in s:
            row.extend(range(ell - m, ell) if c == -1 else [ell + c])
        labelled.append(row)
    counts = {}
    for row in labelled:
        for c in row:
            counts[c] = counts.get(c, 0) + 1
    if arrow:
        out_subs = _parse_subscripts(rhs, len(lhs) + 2, "the output")
        out = []
        for c in out_subs:
            if c == -1:
                out.extend(range(ell))
                continue
            if ell + c in out:
                raise RuntimeError(f"einsum(): output subscript {_LETTERS[c]} appears more than once in the output")
            if ell + c not in counts:
                raise RuntimeError(f"einsum(): output subscript {_LETTERS[c]} does not appear in the equation for "
                                   "any input operand")
            out.append(ell + c)
    else:
        out = list(range(ell)) + sorted(c for c, n in counts.items() if n == 1 and c >= ell)
    _check_letter_sizes(labelled, operands, ell)
    order = out + sorted(c for c in counts if c not in out)
    aligned = [_aligned(x, row, order) for x, row in zip(operands, labelled)]
    n_out = len(out)
    _check_label_sizes(aligned)
    result = aligned[0]
    for k in range(1, len(aligned)):
        other = aligned[k]
        later = aligned[k + 1:]
        contract = [d for d in range(n_out, len(order))
                    if not any(t_._data.shape[d] != 1 for t_ in later)
                    and (result._data.shape[d] != 1 or other._data.shape[d] != 1)]
        result, other = _sum_lonely(result, other, contract), _sum_lonely(other, result, contract)
        contract = [d for d in contract if result._data.shape[d] != 1]
        result = _pair_product(result, other, contract) if contract else mul(result, other)
    rest = [d for d in range(n_out, len(order)) if result._data.shape[d] != 1]
    if rest:
        result = result.sum(rest)
    if result._data.ndim > n_out:   # the contracted dims, now of size 1 (so always a view)
        result = shape_ops.view(result, result._data.shape[:n_out])
    return result


def _aligned(x, row, order):
    """Operand ``x`` with labels ``row``: diagonals for repeated labels, then new size-1 dims for
    labels it lacks, permuted to ``order``."""
    row = list(row)
    while len(set(row)) != len(row):
        c = next(c for i, c in enumerate(row) if c in row[:i])
        i, j = row.index(c), len(row) - 1 - row[::-1].index(c)
        x = movedim(diagonal(x, 0, i, j), -1, i)   # the diagonal where the label first was
        row = [r for n, r in enumerate(row) if n != j]
    for c in order:
        if c not in row:
            x = shape_ops.unsqueeze(x, x._data.ndim)
            row.append(c)
    return shape_ops.permute(x, [row.index(c) for c in order])


def _check_letter_sizes(labelled, operands, ell):
    """PyTorch's checks: a label repeated in one operand has one size; across operands a
    letter's sizes broadcast."""
    for k, (row, x) in enumerate(zip(labelled, operands)):
        first = {}
        for c, size in zip(row, x._data.shape):
            if c in first and first[c] != size:
                raise RuntimeError(f"einsum(): subscript {_LETTERS[c - ell]} is repeated for operand {k} but the "
                                   f"sizes don't match, {size} != {first[c]}")
            first.setdefault(c, size)
    seen = {}
    for k, (row, x) in enumerate(zip(labelled, operands)):
        for c, size in zip(row, x._data.shape):
            old = seen.get(c)
            if c >= ell and old is not None and size != old and size != 1 and old != 1:
                raise RuntimeError(f"einsum(): subscript {_LETTERS[c - ell]} has size {size} for operand {k} which "
                                   f"does not broadcast with previously seen size {old}")
            if old is None or old == 1:
                seen[c] = size


def _check_label_sizes(aligned):
    """Dims that ``...`` stands for must broadcast across the operands."""
    for d in range(aligned[0]._data.ndim):
        sizes = {t_._data.shape[d] for t_ in aligned} - {1}
        if len(sizes) > 1:
            text = " ".join(f"{list(t_._data.shape)}" for t_ in aligned)
            raise RuntimeError(f"einsum(): operands do not broadcast with remapped shapes (original->remapped): {text}")


def _sum_lonely(x, other, contract):
    """Sum the contracted dims only ``x`` has (size 1 in ``other``), keeping them as size 1."""
    dims = [d for d in contract if x._data.shape[d] != 1 and other._data.shape[d] == 1]
    return x.sum(dims, keepdim=True) if dims else x


def _pair_product(a, b, contract):
    """Aligned ``a`` and ``b`` multiplied and summed over ``contract`` (dims of equal size in
    both) by one ``bmm``: batch dims (in both), a's own, b's own; the result aligned again with
    size 1 at the contracted dims."""
    sa, sb = a._data.shape, b._data.shape
    nd = len(sa)
    batch = [d for d in range(nd) if d not in contract and sa[d] != 1 and sb[d] != 1]
    left = [d for d in range(nd) if d not in contract and d not in batch and sa[d] != 1]
    right = [d for d in range(nd) if d not in contract and d not in batch and sb[d] != 1]
    if left and right and right[0] < left[0]:   # b's own dims come first in the result: b @ a needs no transpose
        return _pair_product(b, a, contract)
    ones_a = [d for d in range(nd) if d not in batch + left + contract]
    ones_b = [d for d in range(nd) if d not in batch + right + contract]
    size = lambda s, ds: int(np.prod([s[d] for d in ds]))
    ma = shape_ops.reshape(shape_ops.permute(a, batch + left + contract + ones_a),
                           (size(sa, batch), size(sa, left), size(sa, contract)))
    mb = shape_ops.reshape(shape_ops.permute(b, batch + contract + right + ones_b),
                           (size(sb, batch), size(sb, contract), size(sb, right)))
    p = linalg.bmm(ma, mb)
    rest = [d for d in range(nd) if d not in batch + left + contract + right]
    lro = batch + left + contract + right + rest
    sizes = [sa[d] for d in batch + left] + [1] * len(contract) + [sb[d] for d in right] + [1] * len(rest)
    return shape_ops.permute(shape_ops.reshape(p, sizes), [lro.index(d) for d in range(nd)])
