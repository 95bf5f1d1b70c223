"""Finite-difference gradient checks (float64) for every differentiable op.

``gradcheck`` perturbs its inputs in place, so the inputs are contiguous leaves; cases
that exercise non-contiguous inputs make them non-contiguous inside the function
(``a.t()``, ``a[:, ::2]``...).  Inputs are chosen away from kinks (|x| at 0, max ties,
clamp bounds) where a finite difference is meaningless.
"""
import numpy as np
import pytest

import tinytorch
from tinytorch.autograd import gradcheck

from conftest import leaf


def check(fn, *shapes, low=-2.0, high=2.0, seed=0):
    inputs = tuple(leaf(s, seed=seed + i, low=low, high=high) for i, s in enumerate(shapes))
    assert gradcheck(fn, inputs)


def away_from_zero(shape, seed=0):
    """float64 leaf with |values| in [0.5, 2]: no kinks of abs/relu/sign at 0."""
    rng = np.random.default_rng(seed)
    vals = rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    return tinytorch.tensor(vals, requires_grad=True)


def distinct(shape, seed=0):
    """float64 leaf with well-separated distinct values (no ties for max/min/sort-like ops)."""
    n = int(np.prod(shape))
    vals = np.random.default_rng(seed).permutation(n).astype(np.float64) * 0.37 - n * 0.15
    return tinytorch.tensor(vals.reshape(shape), requires_grad=True)


# ---- binary arithmetic, with broadcasting and non-contiguous operands --------------------

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "add_alpha": lambda a, b: tinytorch.add(a, b, alpha=2.5),
    "sub_alpha": lambda a, b: tinytorch.sub(a, b, alpha=-0.5),
}
BROADCAST_SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 1, 4), (3, 1)), ((3, 4), ()),
                    ((), (2, 3))]


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("sa,sb", BROADCAST_SHAPES)
def test_binary_broadcast(name, sa, sb):
    op = BINARY[name]
    if name == "div":
        a, b = leaf(sa, 1), away_from_zero(sb, 2)
    else:
        a, b = leaf(sa, 1), leaf(sb, 2)
    assert gradcheck(op, (a, b))


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_non_contiguous(name):
    op = BINARY[name]
    a, b = leaf((4, 3), 3), away_from_zero((3, 4), 4)
    assert gradcheck(lambda a, b: op(a.t(), b[:, ::1]) * 1.5, (a, b))
    c = leaf((3, 8), 5)
    assert gradcheck(lambda c, b: op(c[:, ::2], b.t().t()), (c, b))


@pytest.mark.parametrize("fn", [lambda a: a + 2, lambda a: 2 + a, lambda a: a - 3, lambda a: 3 - a,
                                lambda a: a * 2.5, lambda a: 2.5 * a, lambda a: a / 4, lambda a: 4 / a,
                                lambda a: a * tinytorch.tensor(3.0, dtype=tinytorch.float64)],
                         ids=["add", "radd", "sub", "rsub", "mul", "rmul", "div", "rdiv", "mul0d"])
def test_binary_with_scalar(fn):
    assert gradcheck(fn, (away_from_zero((2, 3)),))


def test_same_tensor_twice():
    check(lambda a: a * a + a / (a * a + 1), (3, 2))


# ---- pow: tensor ** scalar, tensor ** tensor, scalar ** tensor ------------------------------

@pytest.mark.parametrize("e", [2, 3, -1, 0.5, -1.5, 0, 1])
def test_pow_scalar_exponent(e):
    check(lambda a: a ** e, (2, 3), low=0.5, high=2.0)


def test_pow_integer_exponent_negative_base():
    check(lambda a: a ** 3 + a ** 2, (2, 3))


@pytest.mark.parametrize("sa,sb", [((2, 3), (2, 3)), ((2, 3), (3,)), ((3, 1), (1, 2))])
def test_pow_tensor_tensor(sa, sb):
    check(lambda a, b: a ** b, sa, sb, low=0.5, high=2.0)


def test_pow_scalar_base():
    check(lambda b: 2.0 ** b, (2, 3))
    check(lambda b: 3 ** b.t(), (2, 3))


def test_pow_methods():
    check(lambda a: a.pow(2) + tinytorch.pow(a, a) + a.square() + a.rsqrt() + a.reciprocal(), (3,),
          low=0.5, high=2.0)


# ---- unary ----------------------------------------------------------------------------

UNARY = {
    "neg": (lambda a: -a, None),
    "abs": (lambda a: a.abs(), "nonzero"),
    "exp": (lambda a: a.exp(), None),
    "log": (lambda a: a.log(), "positive"),
    "log1p": (lambda a: a.log1p(), "positive"),
    "sqrt": (lambda a: a.sqrt(), "positive"),
    "sin": (lambda a: a.sin(), None),
    "cos": (lambda a: a.cos(), None),
    "tanh": (lambda a: a.tanh(), None),
    "sigmoid": (lambda a: a.sigmoid(), None),
    "relu": (lambda a: a.relu(), "nonzero"),
    "sign": (lambda a: a.sign(), "nonzero"),
    "functional": (lambda a: tinytorch.exp(tinytorch.sin(a)) + tinytorch.tanh(a) * tinytorch.sigmoid(a), None),
}


def _unary_input(domain, shape, seed=0):
    if domain == "positive":
        return leaf(shape, seed, 0.2, 3.0)
    if domain == "nonzero":
        return away_from_zero(shape, seed)
    return leaf(shape, seed)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name):
    fn, domain = UNARY[name]
    assert gradcheck(fn, (_unary_input(domain, (2, 3)),))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_non_contiguous_and_0d(name):
    fn, domain = UNARY[name]
    assert gradcheck(lambda a: fn(a.t()), (_unary_input(domain, (3, 2), 1),))
    assert gradcheck(lambda a: fn(a[::2, 1:]), (_unary_input(domain, (4, 3), 2),))
    assert gradcheck(fn, (_unary_input(domain, (), 3),))


# ---- clamp / maximum / minimum / where ------------------------------------------------------

def test_clamp():
    a = tinytorch.tensor([[-1.7, -0.3, 0.4], [0.9, 1.6, 2.2]], dtype=tinytorch.float64, requires_grad=True)
    assert gradcheck(lambda a: a.clamp(-1, 1), (a,))
    assert gradcheck(lambda a: a.clamp(min=0.0), (a,))
    assert gradcheck(lambda a: tinytorch.clamp(a.t(), max=0.5), (a,))


def test_clamp_with_tensor_bounds():
    a = tinytorch.tensor([[-1.7, -0.3, 0.4], [0.9, 1.6, 2.2]], dtype=tinytorch.float64, requires_grad=True)
    lo = tinytorch.tensor([-1.0, 0.0, 0.0], dtype=tinytorch.float64, requires_grad=True)
    hi = tinytorch.tensor([[1.0], [2.0]], dtype=tinytorch.float64, requires_grad=True)
    assert gradcheck(lambda a, lo, hi: a.clamp(lo, hi), (a, lo, hi))


@pytest.mark.parametrize("op", [tinytorch.maximum, tinytorch.minimum])
def test_maximum_minimum(op):
    a, b = distinct((3, 4), 0), distinct((4,), 1)
    assert gradcheck(op, (a, b))
    c = distinct((4, 3), 2)
    assert gradcheck(lambda a, c: op(a, c.t()), (a, c))


def test_where():
    a, b = leaf((3, 4), 0), leaf((4,), 1)
    cond = tinytorch.tensor(np.random.default_rng(5).integers(0, 2, (3, 4)).astype(bool))
    assert gradcheck(lambda a, b: tinytorch.where(cond, a, b), (a, b))
    assert gradcheck(lambda a: tinytorch.where(cond.t(), a.t(), 0.0), (a,))
    assert gradcheck(lambda a, b: a.where(a > 0, b), (a, b))


# ---- reductions ---------------------------------------------------------------------------

DIM_ARGS = [dict(), dict(dim=0), dict(dim=1), dict(dim=-1), dict(dim=(0, 2)), dict(dim=(-1, 0)),
            dict(dim=1, keepdim=True), dict(dim=(0, 2), keepdim=True)]


@pytest.mark.parametrize("kw", DIM_ARGS, ids=str)
@pytest.mark.parametrize("op", ["sum", "mean"])
def test_sum_mean(op, kw):
    check(lambda a: getattr(a, op)(**kw), (2, 3, 4))
    check(lambda a: getattr(a.permute(2, 0, 1), op)(**kw), (3, 4, 2))


@pytest.mark.parametrize("kw", DIM_ARGS, ids=str)
@pytest.mark.parametrize("op", ["var", "std"])
def test_var_std(op, kw):
    check(lambda a: getattr(a, op)(**kw), (2, 3, 4))
    check(lambda a: getattr(a.transpose(0, 2), op)(**kw, correction=0), (4, 3, 2))


@pytest.mark.parametrize("kw", DIM_ARGS, ids=str)
def test_logsumexp(kw):
    kw = dict(kw)
    dim = kw.pop("dim", (0, 1, 2))
    check(lambda a: a.logsumexp(dim, **kw), (2, 3, 4))


@pytest.mark.parametrize("p", [2, 1, 3, float("inf"), "fro"])
@pytest.mark.parametrize("kw", [dict(), dict(dim=1), dict(dim=(0, 2), keepdim=True), dict(dim=-1)], ids=str)
def test_norm(p, kw):
    a = away_from_zero((2, 3, 4))
    if p == float("inf"):
        a = distinct((2, 3, 4))
    assert gradcheck(lambda a: a.norm(p, **kw), (a,))
    assert gradcheck(lambda a: a.transpose(0, 1).norm(p), (a,))


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax(op, dim):
    check(lambda a: getattr(a, op)(dim), (3, 4))
    check(lambda a: getattr(tinytorch, op)(a.t(), dim) * tinytorch.arange(12.).reshape(4, 3).double(), (3, 4))


def test_softmax_3d_middle_dim():
    check(lambda a: a.softmax(1) * a, (2, 3, 4))
    check(lambda a: a.log_softmax(1).sum(), (2, 3, 4))


@pytest.mark.parametrize("op", ["max", "min", "amax", "amin"])
def test_max_min(op):
    a = distinct((3, 4))
    if op in ("max", "min"):
        assert gradcheck(lambda a: getattr(a, op)(), (a,))
        assert gradcheck(lambda a: getattr(a, op)(1)[0], (a,))
        assert gradcheck(lambda a: getattr(a, op)(dim=0, keepdim=True).values, (a,))
        assert gradcheck(lambda a: getattr(a.t(), op)(-1).values, (a,))
    else:
        assert gradcheck(lambda a: getattr(a, op)(1), (a,))
        assert gradcheck(lambda a: getattr(a, op)((0, 1)), (a,))
        assert gradcheck(lambda a: getattr(a.t(), op)(-1, keepdim=True), (a,))


def test_prod():
    check(lambda a: a.prod(), (2, 3), low=0.5, high=1.5)
    check(lambda a: a.prod(1), (2, 3))
    check(lambda a: a.t().prod(0, keepdim=True), (2, 3))


def test_prod_with_zeros():
    one_zero = tinytorch.tensor([[1.5, 0.0, -2.0], [0.5, 1.2, 0.7]], dtype=tinytorch.float64, requires_grad=True)
    assert gradcheck(lambda a: a.prod(), (one_zero,))
    assert gradcheck(lambda a: a.prod(1), (one_zero,))
    two_zeros = tinytorch.tensor([[1.5, 0.0, 0.0], [0.0, 1.2, 0.7]], dtype=tinytorch.float64, requires_grad=True)
    assert gradcheck(lambda a: a.prod(), (two_zeros,))
    assert gradcheck(lambda a: a.prod(0), (two_zeros,))


# ---- matrix products ------------------------------------------------------------------------

MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3, 4)), ((3,), (3, 4)), ((2, 3), (3,)), ((2, 2, 3), (2, 3, 4)),
                 ((2, 1, 2, 3), (3, 3, 2)), ((3,), (2, 3, 4)), ((2, 2, 3), (3,)), ((2, 2, 3), (3, 4)),
                 ((3, 2), (2, 2, 3))]


@pytest.mark.parametrize("sa,sb", MATMUL_SHAPES, ids=str)
def test_matmul(sa, sb):
    check(lambda a, b: a @ b, sa, sb)


def test_matmul_non_contiguous():
    check(lambda a, b: a.t() @ b.transpose(0, 1), (3, 2), (4, 3))
    check(lambda a, b: tinytorch.matmul(a.permute(0, 2, 1), b[:, ::2]), (2, 3, 2), (3, 8))


def test_mm_bmm_mv_dot():
    check(tinytorch.mm, (2, 3), (3, 4))
    check(lambda a, b: a.mm(b.t()), (2, 3), (4, 3))
    check(tinytorch.bmm, (2, 2, 3), (2, 3, 4))
    check(lambda a, b: a.bmm(b.transpose(1, 2)), (2, 2, 3), (2, 4, 3))
    check(tinytorch.mv, (2, 3), (3,))
    check(lambda a, b: a.t().mv(b[::2]), (3, 2), (6,))
    check(tinytorch.dot, (4,), (4,))
    check(lambda a, b: a[::2].dot(b[0]), (6,), (2, 3))


def test_matmul_one_input_requires_grad():
    b = tinytorch.tensor(np.arange(12.0).reshape(3, 4))
    check(lambda a: a @ b, (2, 3))
    check(lambda a: b.t() @ a, (3, 2))


# ---- shape ops ----------------------------------------------------------------------------

SHAPE_FNS = {
    "view": lambda a: a.view(4, 6) * 2,
    "view_-1": lambda a: a.view(-1, 3).exp(),
    "reshape": lambda a: a.reshape(6, 4),
    "reshape_copy": lambda a: a.transpose(0, 2).reshape(-1),
    "flatten": lambda a: a.flatten(1),
    "flatten_all": lambda a: tinytorch.flatten(a.transpose(1, 2)),
    "unflatten": lambda a: a.unflatten(2, (2, 2)),
    "permute": lambda a: a.permute(2, 0, 1) * tinytorch.arange(24.).reshape(4, 2, 3).double(),
    "transpose": lambda a: a.transpose(0, -1).exp(),
    "T": lambda a: a.T.sin(),
    "t": lambda a: a[0].t() @ a[1],
    "squeeze": lambda a: a[:, :1].squeeze(),
    "squeeze_dim": lambda a: a[:, 1:2].squeeze(1),
    "unsqueeze": lambda a: a.unsqueeze(1) * a.unsqueeze(-1)[..., :1, :],
    "expand": lambda a: a[:, :1, :].expand(2, 5, 4),
    "expand_new_dims": lambda a: a[0, 0].expand(3, 2, 4),
    "expand_as": lambda a: a[:, :, :1].expand_as(a) * a,
    "cat": lambda a: tinytorch.cat([a, a[:, :2].exp(), a[:, 1:]], 1),
    "cat_neg": lambda a: tinytorch.cat([a.transpose(0, 1), a[:1].transpose(0, 1)], dim=-2),
    "stack": lambda a: tinytorch.stack([a, a.exp(), a.permute(2, 1, 0).permute(2, 1, 0).contiguous()], 1),
    "stack_last": lambda a: tinytorch.stack([a[0], a[1]], -1),
    "clone": lambda a: a.clone() * a,
    "contiguous": lambda a: a.transpose(0, 1).contiguous().view(-1),
    "view_as": lambda a: a.view_as(a.reshape(4, 6)),
    "reshape_as": lambda a: a.transpose(0, 2).reshape_as(a.transpose(1, 2)),
}


@pytest.mark.parametrize("name", sorted(SHAPE_FNS))
def test_shape_ops(name):
    check(SHAPE_FNS[name], (2, 3, 4))


def test_cat_stack_several_inputs():
    check(lambda a, b: tinytorch.cat([a, b.t(), a]), (2, 3), (3, 4))
    check(lambda a, b: tinytorch.stack([a, b.t(), a], dim=-1), (2, 3), (3, 2))


# ---- indexing -----------------------------------------------------------------------------

INDEX_FNS = {
    "int": lambda a: a[1],
    "neg_int": lambda a: a[-1, -2],
    "slice": lambda a: a[:, 1:],
    "slice_step": lambda a: a[::2, 1::2, ::3],
    "none_ellipsis": lambda a: a[None, ..., None, 2],
    "ellipsis": lambda a: a[..., 1:3],
    "mask": lambda a: a[a > 0],
    "mask_dim": lambda a: a[:, tinytorch.tensor([True, False, True])],
    "long_tensor": lambda a: a[tinytorch.tensor([2, 0, 2, 2])],
    "long_tensor_2d": lambda a: a[tinytorch.tensor([[1, 1], [0, 1]]), :, tinytorch.tensor([3, 3])],
    "list": lambda a: a[[0, 0, 1]],
    "int32_tensor": lambda a: a[:, tinytorch.tensor([1, 1, 0], dtype=tinytorch.int32)],
    "mixed": lambda a: a[1:, tinytorch.tensor([0, 2, 0]), 2],
    "chained": lambda a: a[0][1:][::2],
    "non_contiguous_source": lambda a: a.transpose(0, 2)[tinytorch.tensor([0, 0, 3])][:, 1],
}


@pytest.mark.parametrize("name", sorted(INDEX_FNS))
def test_getitem(name):
    check(INDEX_FNS[name], (3, 3, 4))


def test_setitem_copy_slices():
    def fn(a, b):
        c = a * 1
        c[0] = b[0] * 2
        c[1:, ::2] = b[1:, :2].exp()
        c[:, 1] = 7.0
        return c
    check(fn, (3, 4), (3, 4))


def test_setitem_broadcast_value_and_mask():
    def fn(a, v):
        c = a.clone()
        c[:, 1:3] = v          # v (2,) broadcast over rows
        c[c > 1.0] = 0.0
        return c * a
    check(fn, (3, 4), (2,))


def test_setitem_advanced_index():
    def fn(a, v):
        c = a.clone()
        c[tinytorch.tensor([0, 2])] = v
        return c
    check(fn, (3, 4), (2, 4))


# ---- in-place ops on non-leaf tensors ---------------------------------------------------------

def test_inplace_chain():
    def fn(a, b):
        c = a * 1
        c.mul_(b)
        c.add_(b, alpha=2)
        c.sub_(0.5)
        c.div_(b.abs() + 1)
        c.exp_()
        c.pow_(2)
        c.clamp_(max=3)
        c += a
        c *= 2
        return c
    check(fn, (2, 3), (2, 3), low=-1, high=1)


def test_inplace_through_views():
    def fn(a, b):
        c = a * 1
        c[1:].mul_(b[1:])                    # through a view: CopySlices on c
        c.t()[1].add_(b.t()[0], alpha=2)     # a view of a transpose
        row = c[0]
        c.mul_(2)                            # the base changes after the view was made
        return c.sum(0) + row * 3
    check(fn, (3, 4), (3, 4))


@pytest.mark.parametrize("method", ["neg_", "abs_", "sin_", "cos_", "tanh_", "sigmoid_", "relu_", "sqrt_",
                                    "log_", "exp_", "reciprocal_", "square_", "log1p_", "rsqrt_"])
def test_inplace_unary(method):
    a = leaf((2, 3), 0, 0.5, 2.0)
    assert gradcheck(lambda a: getattr(a * 1.0, method)() * a, (a,))


# ---- dtype conversion ---------------------------------------------------------------------

def test_to_dtype():
    # a float32 round trip: linear, but only float32-accurate, so a coarser step and tolerance
    a = leaf((2, 3))
    assert gradcheck(lambda a: a.to(tinytorch.float32).to(tinytorch.float64) * 2, (a,), eps=1e-3, atol=1e-3)
    assert gradcheck(lambda a: a.float().double().exp(), (a,), eps=1e-3, atol=1e-3)
    assert gradcheck(lambda a: a.to(tinytorch.float64) * a.double(), (a,))


def test_float32_op_with_float64_zero_dim():
    # the float32 intermediate is too coarse for a 1e-6 finite difference; only check it runs
    a = leaf((3,))
    b = a.float() * tinytorch.tensor(2.0, dtype=tinytorch.float64)
    assert b.dtype == tinytorch.float32
    b.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [2.0, 2.0, 2.0])
    assert a.grad.dtype == tinytorch.float64


# ---- composite ----------------------------------------------------------------------------

def test_mlp_like_composite():
    def fn(x, w1, w2):
        h = (x @ w1).relu()
        return (h @ w2).log_softmax(-1).mean()
    x = leaf((4, 3), 0)
    w1 = away_from_zero((3, 5), 1)
    w2 = leaf((5, 2), 2)
    assert gradcheck(fn, (x, w1, w2))


def test_gradcheck_detects_wrong_gradient():
    from tinytorch.autograd.node import Node

    class WrongDouble(Node):
        def forward(self, x):
            return x * 2

        def backward(self, g):
            return (g * 3,)

    a = leaf((3,))
    with pytest.raises(RuntimeError, match="Jacobian mismatch"):
        gradcheck(lambda a: WrongDouble().apply(a), (a,))
    assert gradcheck(lambda a: WrongDouble().apply(a), (a,), raise_exception=False) is False
