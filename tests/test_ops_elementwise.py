"""Elementwise ops: values against NumPy on every dtype, PyTorch's type promotion,
broadcasting, and PyTorch's errors for bad operands.

Expected dtypes and messages are literals that PyTorch 2.13 gave for the same calls.
"""
import operator

import numpy as np
import pytest

import tinytorch as tt
from conftest import ALL_DTYPES, FLOAT_DTYPES, INT_DTYPES, assert_tensor, sample, to_np

f32, f64, i64, i32, u8, b8 = tt.float32, tt.float64, tt.int64, tt.int32, tt.uint8, tt.bool

# ---- type promotion -------------------------------------------------------------------------
# (id, expression over a module m (tinytorch here; torch gave the expected dtype), dtype name)
PROMOTION = [
    ("i64*float", lambda m: m.tensor([1, 2, 3]) * 2.5, "float32"),
    ("i32+int", lambda m: m.tensor([1, 2], dtype=m.int32) + 5, "int32"),
    ("u8+int", lambda m: m.tensor([1, 2], dtype=m.uint8) + 5, "uint8"),
    ("u8+i32", lambda m: m.tensor([1, 2], dtype=m.uint8) + m.tensor([1, 2], dtype=m.int32), "int32"),
    ("u8+i64", lambda m: m.tensor([1, 2], dtype=m.uint8) + m.tensor([1, 2]), "int64"),
    ("i32+i64", lambda m: m.tensor([1, 2], dtype=m.int32) * m.tensor([1, 2]), "int64"),
    ("f32+f64-0d", lambda m: m.tensor([1.0, 2.0]) + m.tensor(2.0, dtype=m.float64), "float32"),
    ("f32+f64", lambda m: m.tensor([1.0, 2.0]) + m.tensor([2.0, 1.0], dtype=m.float64), "float64"),
    ("i64/i64", lambda m: m.tensor([1, 2, 3]) / m.tensor([2, 2, 2]), "float32"),
    ("i32/int", lambda m: m.tensor([1, 2], dtype=m.int32) / 2, "float32"),
    ("f64/int", lambda m: m.tensor([1, 2], dtype=m.float64) / 2, "float64"),
    ("cmp", lambda m: m.tensor([1, 2, 3]) < 2.5, "bool"),
    ("cmp-eq-f64", lambda m: m.tensor([1.0], dtype=m.float64) == m.tensor([1.0]), "bool"),
    ("bool+bool", lambda m: m.tensor([True, False]) + m.tensor([True, True]), "bool"),
    ("bool*bool", lambda m: m.tensor([True, False]) * m.tensor([True, True]), "bool"),
    ("bool+int", lambda m: m.tensor([True, False]) + 1, "int64"),
    ("bool+float", lambda m: m.tensor([True, False]) + 1.5, "float32"),
    ("bool+True", lambda m: m.tensor([True, False]) + True, "bool"),
    ("bool*u8", lambda m: m.tensor([True]) * m.tensor([3], dtype=m.uint8), "uint8"),
    ("i64-0d+i32", lambda m: m.tensor(5) + m.tensor([1, 2], dtype=m.int32), "int32"),
    ("f64-0d*i32", lambda m: m.tensor(5.0, dtype=m.float64) * m.tensor([1, 2], dtype=m.int32), "float64"),
    ("u8*i64-0d", lambda m: m.tensor([1], dtype=m.uint8) * m.tensor(7), "uint8"),
    ("bool*i64-0d", lambda m: m.tensor([True]) * m.tensor(7), "int64"),
    ("0d+0d", lambda m: m.tensor(5, dtype=m.int32) + m.tensor(2, dtype=m.uint8), "int32"),
    ("0d-i32+float", lambda m: m.tensor(5, dtype=m.int32) + 2.5, "float32"),
    ("0d-f64+float", lambda m: m.tensor(5.0, dtype=m.float64) + 2.5, "float64"),
    ("i32*f64-0d", lambda m: m.tensor([1], dtype=m.int32) * m.tensor(2.0, dtype=m.float64), "float64"),
    ("int**2", lambda m: m.tensor([1, 2, 3]) ** 2, "int64"),
    ("int**0.5", lambda m: m.tensor([1, 2, 3]) ** 0.5, "float32"),
    ("int**int-tensor", lambda m: m.tensor([1, 2, 3]) ** m.tensor([2, 0, 1]), "int64"),
    ("2**int-tensor", lambda m: 2 ** m.tensor([1, 2, 3]), "int64"),
    ("2.5**int-tensor", lambda m: 2.5 ** m.tensor([1, 2, 3]), "float32"),
    ("f32**f64-0d", lambda m: m.tensor([2.0]) ** m.tensor(2.0, dtype=m.float64), "float32"),
    ("1-u8", lambda m: 1 - m.tensor([1, 2], dtype=m.uint8), "uint8"),
    ("1/i64", lambda m: 1 / m.tensor([1, 2]), "float32"),
    ("i32//int", lambda m: m.tensor([7, -7], dtype=m.int32) // 2, "int32"),
    ("i64%float", lambda m: m.tensor([7, -7]) % 2.5, "float32"),
    ("maximum-i32-f32", lambda m: m.maximum(m.tensor([1], dtype=m.int32), m.tensor([0.5])), "float32"),
    ("where-i64-f32", lambda m: m.where(m.tensor([True, False]), m.tensor([1, 2]), m.tensor([1.5, 2.5])), "float32"),
    ("where-i64-float", lambda m: m.where(m.tensor([True, False]), m.tensor([1, 2]), 0.5), "float32"),
    ("where-int-int", lambda m: m.where(m.tensor([True, False]), 1, 0), "int64"),
    ("clamp-int-float", lambda m: m.clamp(m.tensor([-1, 2, 5]), 0.5, 3), "float32"),
    ("clamp-int-int", lambda m: m.clamp(m.tensor([-1, 2, 5], dtype=m.int32), 0, 3), "int32"),
    ("exp-int", lambda m: m.exp(m.tensor([1, 2])), "float32"),
    ("sqrt-bool", lambda m: m.sqrt(m.tensor([True, False])), "float32"),
    ("sin-u8", lambda m: m.sin(m.tensor([1, 2], dtype=m.uint8)), "float32"),
    ("abs-int", lambda m: m.abs(m.tensor([-1, 2], dtype=m.int32)), "int32"),
    ("neg-u8", lambda m: -m.tensor([1, 2], dtype=m.uint8), "uint8"),
    ("relu-int", lambda m: m.relu(m.tensor([-1, 2])), "int64"),
    ("sigmoid-int", lambda m: m.sigmoid(m.tensor([-1, 2])), "float32"),
    ("sign-int", lambda m: m.sign(m.tensor([-1, 2])), "int64"),
    ("square-int", lambda m: m.square(m.tensor([-1, 2])), "int64"),
    ("rsqrt-int", lambda m: m.rsqrt(m.tensor([4, 1])), "float32"),
    ("reciprocal-int", lambda m: m.reciprocal(m.tensor([4, 1])), "float32"),
    ("cat-i32-f32", lambda m: m.cat([m.ones(2, dtype=m.int32), m.zeros(3)]), "float32"),
    ("stack-u8-bool", lambda m: m.stack([m.ones(2, dtype=m.uint8), m.zeros(2, dtype=m.bool)]), "uint8"),
]


@pytest.mark.parametrize("expr,name", [p[1:] for p in PROMOTION], ids=[p[0] for p in PROMOTION])
def test_type_promotion(expr, name):
    assert expr(tt).dtype is getattr(tt, "bool" if name == "bool" else name)


@pytest.mark.parametrize("a", [f32, f64, i64, i32, u8, b8], ids=str)
@pytest.mark.parametrize("b", [f32, f64, i64, i32, u8, b8], ids=str)
def test_promote_types_table(a, b):
    # the lattice: bool < uint8 < int32 < int64 < float32 < float64 (same order as torch's table
    # restricted to these dtypes)
    order = [b8, u8, i32, i64, f32, f64]
    expected = order[max(order.index(a), order.index(b))]
    assert tt.promote_types(a, b) is expected
    x, y = tt.ones(2, dtype=a), tt.ones(2, dtype=b)
    assert (x * y).dtype is expected


def test_uint8_wraps_like_pytorch():
    assert_tensor(tt.tensor([0, 2, 3], dtype=u8) + 300, [44, 46, 47], u8)
    assert_tensor(tt.tensor([0, 2, 3], dtype=u8) - 1, [255, 1, 2], u8)
    assert_tensor(tt.tensor([200], dtype=u8) * 2, [144], u8)


# ---- values against NumPy -------------------------------------------------------------------

ARITH = [("add", operator.add, np.add), ("sub", operator.sub, np.subtract), ("mul", operator.mul, np.multiply)]


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8], ids=str)
@pytest.mark.parametrize("name,op,np_op", ARITH, ids=[a[0] for a in ARITH])
def test_arith_matches_numpy(dtype, name, op, np_op):
    a, b = sample((3, 4), dtype, 1), sample((4,), dtype, 2)
    out = op(a, b)
    with np.errstate(over="ignore"):
        assert_tensor(out, np_op(to_np(a), to_np(b)), dtype)
    assert_tensor(getattr(tt, name)(a, b), to_np(out))
    assert_tensor(getattr(a, name)(b), to_np(out))


def test_bool_arithmetic():
    a, b = tt.tensor([True, False, True]), tt.tensor([True, True, False])
    assert_tensor(a + b, [True, True, True], b8)
    assert_tensor(a * b, [True, False, False], b8)
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with two bool tensors is not supported"):
        a - b
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with a bool tensor is not supported"):
        a - 1
    with pytest.raises(RuntimeError, match="Negation, the `-` operator, on a bool tensor is not supported"):
        -a


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8], ids=str)
def test_div_matches_numpy(dtype):
    a, b = sample((3, 4), dtype, 1), sample((3, 4), dtype, 2) + 1
    expected = to_np(a).astype(np.float64) / to_np(b).astype(np.float64)
    out = a / b
    assert_tensor(out, expected, f64 if dtype is f64 else f32, rtol=1e-6)
    assert_tensor(tt.div(a, b), to_np(out))
    assert_tensor(a.true_divide(b), to_np(out))


def test_division_by_zero_is_ieee():
    assert_tensor(tt.tensor([1, 0, -1]) / 0, [np.inf, np.nan, -np.inf], f32)
    assert_tensor(tt.tensor([1.0, -1.0]) / tt.tensor([0.0, 0.0]), [np.inf, -np.inf])


def test_rounding_division_and_remainder():
    a = tt.tensor([-7, 7, -8])
    assert_tensor(a // 2, [-4, 3, -4], i64)
    assert_tensor(tt.floor_divide(a, -2), [3, -4, 4], i64)
    assert_tensor(tt.tensor([-7.5, 7.0]) // 2, [-4.0, 3.0], f32)
    assert_tensor(a % 3, [2, 1, 1], i64)
    assert_tensor(tt.tensor([-7.0, 7.0]) % -3, [-1.0, -2.0], f32)
    assert_tensor(tt.div(a, 2, rounding_mode="trunc"), [-3, 3, -4], i64)
    assert_tensor(tt.div(a, 2, rounding_mode="floor"), [-4, 3, -4], i64)
    assert_tensor(tt.div(tt.tensor([-7.5, 7.0]), 2, rounding_mode="trunc"), [-3.0, 3.0], f32)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        tt.tensor([1]) // 0
    with pytest.raises(RuntimeError, match="rounding_mode"):   # PyTorch 2.13: RuntimeError
        tt.div(a, 2, rounding_mode="round")


def test_alpha():
    assert_tensor(tt.add(tt.tensor([1, 2]), tt.tensor([1, 1]), alpha=2), [3, 4], i64)
    assert_tensor(tt.sub(tt.tensor([1.0, 2.0]), tt.tensor([1.0, 1.0]), alpha=0.5), [0.5, 1.5], f32)
    assert_tensor(tt.tensor([1.0]).add(2, alpha=3), [7.0], f32)
    with pytest.raises(RuntimeError, match="For integral input tensors, argument alpha must not be a floating point"):
        tt.add(tt.tensor([1, 2]), tt.tensor([1, 1]), alpha=2.5)


def test_reflected_operators():
    a = tt.tensor([1.0, 2.0, 4.0])
    assert_tensor(1 + a, [2.0, 3.0, 5.0])
    assert_tensor(1 - a, [0.0, -1.0, -3.0])
    assert_tensor(2 * a, [2.0, 4.0, 8.0])
    assert_tensor(1 / a, [1.0, 0.5, 0.25])
    assert_tensor(2 ** a, [2.0, 4.0, 16.0])
    assert_tensor(9 // a, [9.0, 4.0, 2.0])
    assert_tensor(9 % a, [0.0, 1.0, 1.0])
    assert_tensor(np.float64(2.0) * a, [2.0, 4.0, 8.0])


POW_CASES = [
    (lambda m: m.tensor([1.5, 2.0, 3.0]) ** 2, [2.25, 4.0, 9.0]),
    (lambda m: m.tensor([4.0, 9.0]) ** -0.5, [0.5, 1 / 3]),
    (lambda m: m.tensor([2, 3]) ** 3, [8, 27]),
    (lambda m: m.tensor([0, 2]) ** m.tensor([0, 0]), [1, 1]),
    (lambda m: m.tensor([0.0, 2.0]) ** -1, [np.inf, 0.5]),
    (lambda m: m.tensor([2.0, 3.0]) ** m.tensor([[1.0], [2.0]]), [[2.0, 3.0], [4.0, 9.0]]),
    (lambda m: 2 ** m.tensor([1, 2, 3]), [2, 4, 8]),
    (lambda m: m.pow(m.tensor([-2.0]), 3), [-8.0]),
    (lambda m: m.tensor([-8.0]) ** (1 / 3), [np.nan]),
]


@pytest.mark.parametrize("expr,expected", POW_CASES)
def test_pow_values(expr, expected):
    assert_tensor(expr(tt), expected, rtol=1e-6)


def test_pow_integer_negative_exponent_errors():
    with pytest.raises(RuntimeError, match="Integers to negative integer powers are not allowed."):
        tt.tensor([1, 2]) ** -1
    with pytest.raises(RuntimeError, match="Integers to negative integer powers are not allowed."):
        tt.tensor([1, 2]) ** tt.tensor([1, -1])


UNARY_NP = {
    "neg": np.negative, "abs": np.abs, "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin,
    "cos": np.cos, "tanh": np.tanh, "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "relu": lambda x: np.maximum(x, 0),
    "sign": np.sign, "log1p": np.log1p, "square": np.square, "reciprocal": lambda x: 1 / x,
    "rsqrt": lambda x: 1 / np.sqrt(x),
}
FLOATING_RESULT = {"exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "log1p", "reciprocal", "rsqrt"}


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8], ids=str)
@pytest.mark.parametrize("name", sorted(UNARY_NP))
def test_unary_matches_numpy(name, dtype):
    x = sample((3, 4), dtype, 7, low=0.1, high=3.0) if name in ("log", "sqrt", "rsqrt", "log1p", "reciprocal") \
        else sample((3, 4), dtype, 7)
    if dtype.is_floating_point or name in ("reciprocal", "rsqrt"):
        x = x if dtype.is_floating_point else x + 1
    expected_dtype = (dtype if dtype.is_floating_point else f32) if name in FLOATING_RESULT else dtype
    arr = to_np(x).astype(np.float64) if name in FLOATING_RESULT else to_np(x)
    with np.errstate(divide="ignore"):
        expected = UNARY_NP[name](arr)
    out = getattr(tt, name)(x)
    assert_tensor(out, expected, expected_dtype, rtol=2e-6, atol=1e-6)
    assert_tensor(getattr(x, name)(), to_np(out))


def test_unary_on_non_contiguous_and_0d_and_empty():
    x = sample((4, 3), f64, 3)
    assert_tensor(x.t().exp(), np.exp(to_np(x).T))
    assert_tensor(x[::2, ::2].sin(), np.sin(to_np(x)[::2, ::2]))
    assert_tensor(tt.tensor(2.0).sqrt(), np.sqrt(2.0))
    assert_tensor(tt.ones(0, 3).tanh(), np.ones((0, 3)))


def test_unsigned_negation():
    assert_tensor(-tt.tensor([1, 2, 0], dtype=u8), [255, 254, 0], u8)


def test_special_values():
    x = tt.tensor([0.0, -0.0, np.inf, -np.inf, np.nan, -1.0])
    assert_tensor(x.log(), [-np.inf, -np.inf, np.inf, np.nan, np.nan, np.nan])
    assert_tensor(x.sqrt(), [0.0, -0.0, np.inf, np.nan, np.nan, np.nan])
    assert_tensor(x.sigmoid(), [0.5, 0.5, 1.0, 0.0, np.nan, 0.2689414213699951])
    assert_tensor(tt.tensor([-1000.0, 1000.0]).sigmoid(), [0.0, 1.0])
    assert_tensor(x.relu(), [0.0, 0.0, np.inf, 0.0, np.nan, 0.0])


def test_bool_unary_errors():
    with pytest.raises(NotImplementedError, match="\"abs_cpu\" not implemented for 'Bool'"):
        tt.tensor([True]).abs()
    with pytest.raises(RuntimeError, match="Boolean inputs not supported for relu"):
        tt.tensor([True]).relu()


# ---- comparisons and logical ops ---------------------------------------------------------------

CMP = [("eq", operator.eq), ("ne", operator.ne), ("lt", operator.lt), ("le", operator.le), ("gt", operator.gt),
       ("ge", operator.ge)]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("name,op", CMP, ids=[c[0] for c in CMP])
def test_comparisons(name, op, dtype):
    a, b = sample((3, 4), dtype, 1), sample((3, 1), dtype, 2)
    out = op(a, b)
    assert_tensor(out, op(to_np(a), to_np(b)), b8)
    assert_tensor(getattr(tt, name)(a, b), to_np(out))
    assert_tensor(op(a, 1), op(to_np(a), 1), b8)


def test_mixed_dtype_comparison_and_equal():
    assert_tensor(tt.tensor([1.0, 2.5]) == tt.tensor([1, 2]), [True, False], b8)
    assert_tensor(tt.tensor([1, 2]) < 1.5, [True, False], b8)
    assert tt.equal(tt.tensor([1, 2]), tt.tensor([1, 2]))
    assert not tt.equal(tt.tensor([1, 2]), tt.tensor([1, 3]))
    assert not tt.equal(tt.tensor([1, 2]), tt.tensor([[1, 2]]))


def test_logical_ops():
    a, b = tt.tensor([True, True, False, False]), tt.tensor([True, False, True, False])
    assert_tensor(a & b, [True, False, False, False], b8)
    assert_tensor(a | b, [True, True, True, False], b8)
    assert_tensor(a ^ b, [False, True, True, False], b8)
    assert_tensor(~a, [False, False, True, True], b8)
    assert_tensor(tt.logical_and(tt.tensor([1.0, 0.0]), tt.tensor([1, 3])), [True, False], b8)
    assert_tensor(tt.logical_or(tt.tensor([0, 0]), tt.tensor([0.0, 2.0])), [False, True], b8)
    assert_tensor(tt.logical_not(tt.tensor([0.0, 2.0])), [True, False], b8)
    assert_tensor(tt.logical_xor(tt.tensor([1, 0]), tt.tensor([1, 1])), [False, True], b8)


# ---- clamp, maximum, minimum, where ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8], ids=str)
def test_clamp_matches_numpy(dtype):
    x = sample((3, 4), dtype, 4)
    lo, hi = (-0.5, 1.0) if dtype.is_floating_point else (2, 6)
    assert_tensor(x.clamp(lo, hi), np.clip(to_np(x), lo, hi), dtype)
    assert_tensor(tt.clamp(x, min=lo), np.maximum(to_np(x), lo), dtype)
    assert_tensor(x.clip(max=hi), np.minimum(to_np(x), hi), dtype)


def test_clamp_special_cases():
    assert_tensor(tt.tensor([-1.0, 2.0, 5.0]).clamp(3, 0), [0.0, 0.0, 0.0])  # min > max: all = max
    assert_tensor(tt.tensor([np.nan, 1.0]).clamp(0, 0.5), [np.nan, 0.5])
    x = tt.tensor([[-1.0, 2.0, 5.0]])
    assert_tensor(x.clamp(tt.tensor([0.0, 3.0, 0.0]), tt.tensor(4.0)), [[0.0, 3.0, 4.0]])
    with pytest.raises(RuntimeError, match="At least one of 'min' or 'max' must not be None"):
        x.clamp()


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8, b8], ids=str)
def test_maximum_minimum(dtype):
    a, b = sample((3, 4), dtype, 1), sample((4,), dtype, 2)
    assert_tensor(tt.maximum(a, b), np.maximum(to_np(a), to_np(b)), dtype)
    assert_tensor(a.minimum(b), np.minimum(to_np(a), to_np(b)), dtype)


def test_maximum_propagates_nan():
    a, b = tt.tensor([np.nan, 1.0, 2.0]), tt.tensor([0.0, np.nan, 1.0])
    assert_tensor(tt.maximum(a, b), [np.nan, np.nan, 2.0])
    assert_tensor(tt.minimum(a, b), [np.nan, np.nan, 1.0])


def test_where():
    cond = tt.tensor([[True, False, True]])
    a, b = tt.tensor([[1.0], [2.0]]), tt.tensor([10.0, 20.0, 30.0])
    assert_tensor(tt.where(cond, a, b), [[1.0, 20.0, 1.0], [2.0, 20.0, 2.0]], f32)
    assert_tensor(a.where(cond, b), [[1.0, 20.0, 1.0], [2.0, 20.0, 2.0]])
    assert_tensor(tt.where(cond, 1, 0), [[1, 0, 1]], i64)
    with pytest.raises(RuntimeError, match="where expected condition to be a boolean tensor"):
        tt.where(tt.tensor([1.0]), a, b)
    with pytest.raises(RuntimeError, match=r"The size of tensor a \(4\) must match the size of tensor b \(3\)"):
        tt.where(tt.ones(4, dtype=b8), a, b)


# ---- broadcasting and its errors -------------------------------------------------------------

@pytest.mark.parametrize("sa,sb,expected", [((3,), (2, 1), (2, 3)), ((), (2, 3), (2, 3)), ((1, 4), (3, 1), (3, 4)),
                                            ((0, 3), (3,), (0, 3)), ((0, 3), (1, 3), (0, 3)),
                                            ((2, 1, 4), (3, 1), (2, 3, 4))])
def test_broadcast_shapes(sa, sb, expected):
    assert tuple((tt.ones(sa) + tt.ones(sb)).shape) == expected
    assert tuple((tt.ones(sb) * tt.ones(sa)).shape) == expected


BROADCAST_ERRORS = [
    ((2, 3), (2, 4), "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"),
    ((5, 3), (4, 1), "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 0"),
    ((3,), (4, 1, 2), "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 2"),
    ((2, 3, 4), (3, 3, 4), "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
    ((0, 3), (2, 3), "The size of tensor a (0) must match the size of tensor b (2) at non-singleton dimension 0"),
]


@pytest.mark.parametrize("sa,sb,msg", BROADCAST_ERRORS)
@pytest.mark.parametrize("op", [operator.add, operator.mul, operator.truediv, operator.lt, tt.maximum, tt.sub,
                                operator.floordiv, operator.mod, operator.pow])
def test_broadcast_errors(sa, sb, msg, op):
    with pytest.raises(RuntimeError) as e:
        op(tt.ones(sa), tt.ones(sb))
    assert str(e.value) == msg


def test_bad_operand_types():
    with pytest.raises(TypeError):
        tt.ones(2) + "a"
    with pytest.raises(TypeError):
        tt.ones(2) * [1, 2]
    with pytest.raises(TypeError):
        tt.exp(1.0)


# ---- in-place ops (forward) ---------------------------------------------------------------

def test_inplace_ops_forward():
    x = tt.tensor([1.0, 2.0, 3.0])
    assert x.add_(1) is x
    assert_tensor(x, [2.0, 3.0, 4.0])
    x.mul_(tt.tensor([1.0, 0.5, 2.0])).sub_(1).div_(2)
    assert_tensor(x, [0.5, 0.25, 3.5])
    x += 1
    x *= 2
    x -= 1
    x /= 2
    assert_tensor(x, [1.0, 0.75, 4.0])
    x.clamp_(max=2).neg_().abs_()
    assert_tensor(x, [1.0, 0.75, 2.0])
    x.pow_(2).sqrt_()
    assert_tensor(x, [1.0, 0.75, 2.0])


def test_inplace_int_tensor_and_cast_errors():
    x = tt.tensor([1, 2, 3])
    x.add_(2)
    x *= 3
    assert_tensor(x, [9, 12, 15], i64)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        x.mul_(1.5)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        x /= 2
    with pytest.raises(RuntimeError, match=r"output with shape \[3\] doesn't match the broadcast shape \[2, 3\]"):
        x.add_(tt.ones(2, 3, dtype=i64))


def test_inplace_keeps_views_in_sync():
    base = tt.zeros(2, 3)
    row = base[1]
    row.add_(5)
    assert_tensor(base, [[0, 0, 0], [5, 5, 5]])
    base.mul_(2)
    assert_tensor(row, [10, 10, 10])


def test_fill_and_zero():
    x = tt.ones(2, 2)
    x.fill_(3.5)
    assert_tensor(x, np.full((2, 2), 3.5))
    x.zero_()
    assert_tensor(x, np.zeros((2, 2)))
    x.fill_(tt.tensor(2.0))
    assert_tensor(x, np.full((2, 2), 2.0))


# ---- bitwise ops: integer and bool tensors ---------------------------------------------

BITWISE_DTYPES = [tt.int64, tt.int32, tt.uint8, tt.bool]


@pytest.mark.parametrize("dtype", BITWISE_DTYPES, ids=str)
@pytest.mark.parametrize("name,np_op", [("bitwise_and", np.bitwise_and), ("bitwise_or", np.bitwise_or),
                                        ("bitwise_xor", np.bitwise_xor)])
def test_bitwise_binary_matches_numpy(name, np_op, dtype):
    rng = np.random.default_rng(0)
    a_np = rng.integers(-100 if dtype in (tt.int64, tt.int32) else 0, 100 if dtype != tt.bool else 2, (3, 4))
    b_np = rng.integers(0, 100 if dtype != tt.bool else 2, (4,))
    a, b = tt.tensor(a_np).to(dtype), tt.tensor(b_np).to(dtype)
    expected = np_op(a.numpy(), b.numpy())
    for out in (getattr(tt, name)(a, b), getattr(a, name)(b), {"bitwise_and": a & b, "bitwise_or": a | b,
                                                               "bitwise_xor": a ^ b}[name]):
        assert out.dtype == dtype and out.shape == (3, 4)
        np.testing.assert_array_equal(out.numpy(), expected)
    c = a.clone()
    getattr(c, name + "_")(b)
    np.testing.assert_array_equal(c.numpy(), expected)


def test_bitwise_values_and_promotion_like_pytorch():
    a = tt.tensor([5, -3, 12])
    b = tt.tensor([3, 6, 10], dtype=tt.uint8)
    m = tt.tensor([True, False, True])
    assert repr(a & b) == "tensor([1, 4, 8])"
    assert repr(a | 1) == "tensor([ 5, -3, 13])" and repr(6 & a) == "tensor([4, 4, 4])"
    assert repr(a ^ m) == "tensor([ 4, -3, 13])" and repr(tt.bitwise_xor(a, 7)) == "tensor([ 2, -6, 11])"
    assert repr(~a) == "tensor([ -6,   2, -13])" and repr(~b) == "tensor([252, 249, 245], dtype=tinytorch.uint8)"
    assert repr(~m) == "tensor([False,  True, False])" and repr(m | True) == "tensor([True, True, True])"
    assert repr(m & 2) == "tensor([0, 0, 0])"
    c = a.clone()
    c &= 6
    c |= tt.tensor([1, 1, 1])
    c ^= 2
    assert repr(c) == "tensor([7, 7, 7])" and repr(c.bitwise_not_()) == "tensor([-8, -8, -8])"


def test_bitwise_errors_like_pytorch():
    with pytest.raises(NotImplementedError, match="\"bitwise_and_cpu\" not implemented for 'Float'"):
        tt.tensor([5, 3]) & 1.5
    with pytest.raises(NotImplementedError, match="\"bitwise_not_cpu\" not implemented for 'Float'"):
        tt.tensor([1.0]).bitwise_not()
    with pytest.raises(RuntimeError, match=r"The size of tensor a \(3\) must match the size of tensor b \(2\) "
                                           r"at non-singleton dimension 0"):
        tt.tensor([1, 2, 3]) & tt.tensor([1, 2])


def test_masked_fill_like_pytorch():
    x = tt.arange(6.).reshape(2, 3).requires_grad_()
    mask = tt.tensor([True, False, True])
    y = x.masked_fill(mask, -1.0)
    assert repr(y) == "tensor([[-1.,  1., -1.],\n        [-1.,  4., -1.]], grad_fn=<MaskedFillBackward0>)"
    y.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
    v = tt.tensor(5.0, requires_grad=True)
    z = tt.masked_fill(x, mask, v)
    assert z.grad_fn.name() == "MaskedFillBackward1"
    (z * 2).sum().backward()
    assert v.grad.item() == 8.0
    assert repr(tt.arange(3).masked_fill(mask, 2.5)) == "tensor([2, 1, 2])"
    c = x.detach().clone()
    c.masked_fill_(mask, 7)
    assert c.tolist() == [[7.0, 1.0, 7.0], [7.0, 4.0, 7.0]]
    a = tt.tensor(np.random.default_rng(1).standard_normal((3, 4)), requires_grad=True)
    w = tt.tensor(0.5, dtype=tt.float64, requires_grad=True)
    m = tt.tensor(np.random.default_rng(2).random((1, 4)) > 0.5)
    assert tt.autograd.gradcheck(lambda p, q: p.t().masked_fill(m.t(), q) * 3, (a, w))


@pytest.mark.parametrize("call,message", [
    (lambda x, m: x.masked_fill(m.long(), 1.0), "masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    (lambda x, m: x.masked_fill(tt.ones(3, 3, dtype=tt.bool), 1.0),
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"),
    (lambda x, m: x.masked_fill(m, tt.ones(2)),
     "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s)."),
])
def test_masked_fill_errors_like_pytorch(call, message):
    with pytest.raises(RuntimeError) as info:
        call(tt.arange(6.).reshape(2, 3), tt.tensor([True, False, True]))
    assert str(info.value) == message


def test_numpy_integer_scalars_promote_like_python_ints():
    assert repr(tt.tensor([3]) & np.int64(1)) == "tensor([1])"
    assert repr(tt.tensor([3]) + np.int64(1)) == "tensor([4])"
    assert (tt.tensor([3], dtype=tt.int32) * np.int64(2)).dtype == tt.int32
    assert repr(tt.tensor([3]) | np.bool_(True)) == "tensor([3])"


def test_bitwise_and_masked_fill_argument_errors_like_pytorch():
    with pytest.raises(TypeError, match=r"^bitwise_and\(\): argument 'input' \(position 1\) must be Tensor, not int$"):
        tt.bitwise_and(5, 3)
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for &: 'Tensor' and 'list'$"):
        tt.tensor([3]) & [1]   # PyTorch 2.13's operator returns NotImplemented: Python's own message
    mask = tt.tensor([True])
    with pytest.raises(RuntimeError, match=r"^value cannot be converted to type uint8_t without overflow$"):
        tt.tensor([3], dtype=tt.uint8).masked_fill(mask, 300)
    with pytest.raises(RuntimeError, match=r"^value cannot be converted to type float without overflow$"):
        tt.tensor([3.0]).masked_fill(mask, 1e300)
    with pytest.raises(TypeError, match="must be Number, not NoneType"):
        tt.tensor([3.0]).masked_fill(mask, None)
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        tt.tensor([3.0]).masked_fill([True], 1.0)
    assert repr(tt.tensor([3.0]).masked_fill(mask, float("nan"))) == "tensor([nan])"
