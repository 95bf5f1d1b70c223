"""Elementwise ops: each node's forward kernel call beside its local derivative.

Binary ops broadcast; their backward computes the local derivative at the output's
(broadcast) shape and ``sum_to`` reduces it back to each input's shape.
"""
import math

import numpy as np

from .. import _checks, _dtype
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import FormulaNode, Node, _sum_to_tensor
from ..autograd.grad_mode import _enabled
from ..kernels import elementwise as ew
from .util import any_where, as_tensor, broadcast_shapes, check_operand, is_scalar, result_dtype, sum_to
from .registry import public


def _common(a, b):
    return a.dtype if a.dtype == b.dtype else np.result_type(a.dtype, b.dtype)


def _mul(a, b):
    return ew.binary(ew.MUL, a, b, _common(a, b))


def _div(a, b):
    return ew.binary(ew.DIV, a, b, _common(a, b))


# ---- binary ops -----------------------------------------------------------------------

class _Binary(Node):
    """Shared forward: ``out = a <op> b`` computed in dtype ``dt``; remembers input metadata.

    ``saves`` tells which inputs backward reads: "both", or "other" (a multiplication-like
    op: d/da needs b and d/db needs a, so each is saved only when the other's gradient is
    needed; an unneeded saved tensor would make a later in-place change an error).
    """

    op = None
    saves = "both"

    def __init__(self, dt):
        self.dt = dt.np

    def forward(self, a, b):
        self.in_meta = self.a, self.b = (a.shape, a.dtype), (b.shape, b.dtype)
        if self.saves == "both":
            self.save_for_backward(a, b)
        elif self.saves == "other":
            self.save_for_backward(a if self.needs_input_grad(1) else None,
                                   b if self.needs_input_grad(0) else None)
        return ew.binary(self.op, a, b, self.dt)


class AddBackward0(_Binary, FormulaNode):
    """out = a + alpha * b  ->  d/da = 1, d/db = alpha."""

    op, saves, alpha = ew.ADD, None, 1
    grads = (lambda n, g: g,
             lambda n, g: g if n.alpha == 1 else g * n.alpha)

    def forward(self, a, b):
        self.in_meta = self.a, self.b = (a.shape, a.dtype), (b.shape, b.dtype)
        return ew.binary(self.op, a, _scaled(b, self.alpha, self.dt), self.dt)

    def backward(self, g):
        """``grads`` on arrays (the hottest nodes' first-order fast path; tests check it equals
        the formulas): d/da = g, d/db = g times the sign and alpha of ``grads[1]``."""
        alpha = self.alpha if self.op == ew.ADD else -self.alpha
        return (sum_to(g, *self.a) if self.next_functions[0][0] is not None else None,
                sum_to(_scaled(g, alpha, g.dtype), *self.b) if self.next_functions[1][0] is not None else None)


class SubBackward0(AddBackward0):
    """out = a - alpha * b  ->  d/da = 1, d/db = -alpha."""

    op = ew.SUB
    grads = (lambda n, g: g,
             lambda n, g: -g if n.alpha == 1 else g * -n.alpha)


def _scaled(x, alpha, dt):
    """alpha * x (x itself when alpha is 1)."""
    if alpha == 1:
        return x
    return ew.binary(ew.MUL, x, np.array(alpha).astype(dt), dt)


class RsubBackward1(FormulaNode):
    """out = scalar - b, PyTorch's node for a Python number minus a tensor  ->  d/db = -1.

    The number is a constant of the node, not an input (``next_functions`` has one edge)."""

    grads = (lambda n, g: -g,)

    def __init__(self, scalar, dt):
        self.scalar, self.dt = scalar, dt.np

    def forward(self, b):
        self.in_meta = ((b.shape, b.dtype),)
        return ew.binary(ew.SUB, np.array(self.scalar).astype(self.dt), b, self.dt)


class MulBackward0(_Binary, FormulaNode):
    """out = a * b  ->  d/da = b, d/db = a."""

    op, saves, roles = ew.MUL, "other", (0, 1)
    grads = (lambda n, g, a, b: g * b,
             lambda n, g, a, b: g * a)

    def backward(self, g):
        """``grads`` on arrays (first-order fast path, tested equal to the formulas); for x * x
        the two gradients are one array (the engine adds g * x twice, as for two arrays)."""
        a, b = self.saved_arrays
        if a is b and self.a == self.b:
            ga = sum_to(_mul(g, a), *self.a)
            return ga, ga
        return (sum_to(_mul(g, b), *self.a) if self.next_functions[0][0] is not None else None,
                sum_to(_mul(g, a), *self.b) if self.next_functions[1][0] is not None else None)


class DivBackward0(_Binary, FormulaNode):
    """out = a / b  ->  d/da = 1/b, d/db = -a/b^2 (computed as -(a/b)/b, PyTorch's rounding)."""

    op, roles = ew.DIV, (0, 1)
    grads = (lambda n, g, a, b: g / b,
             lambda n, g, a, b: -(g * (a / b / b)))

    def forward(self, a, b):
        out = super().forward(a, b)
        self.save_for_backward(a if self.needs_input_grad(1) else None, b)
        return out


class PowBackward1(_Binary, FormulaNode):
    """out = a ** b (both tensors)  ->  d/da = b a^(b-1) (0 where b == 0, even at a = 0),
    d/db = a^b log a (0 where a == 0 and b >= 0: PyTorch's convention)."""

    op, roles = ew.POW, (0, 1, "out")
    grads = (lambda n, g, a, b, out: where(eq(b, 0), 0.0, g * (b * a ** (b - 1))),
             lambda n, g, a, b, out: g * _out_log_base(a, b, out))

    def forward(self, a, b):
        out = super().forward(a, b)
        self.save_for_backward(a, b, out)
        return out


class PowBackward2(FormulaNode):
    """out = scalar ** b, PyTorch's node for a Python number raised to a tensor  ->
    d/db = scalar^b log(scalar) (0 where scalar == 0 and b >= 0).  The number is a constant
    of the node, not an input."""

    roles = ("out",)
    grads = (lambda n, g, out: g * _out_log_base(Tensor._make(np.array(n.scalar).astype(out._data.dtype)), None, out),)

    def __init__(self, scalar, dt):
        self.scalar, self.dt = scalar, dt.np

    def forward(self, b):
        self.in_meta = ((b.shape, b.dtype),)
        out = ew.binary(ew.POW, np.array(self.scalar).astype(self.dt), b, self.dt)
        self.save_for_backward(out)
        return out


def _out_log_base(a, b, out):
    """a^b log a (Tensors), taken as 0 where a == 0 and b >= 0; b None: a constant base
    (``scalar ** tensor``), where b >= 0 exactly when the power is finite."""
    nonneg = lt(out, math.inf) if b is None else ge(b, 0)
    return where(logical_and(eq(a, 0), nonneg), 0.0, out * a.to(out.dtype).log())


_LEAN_SCALARS = (int, float)


def _lean(op, a, b):
    """``a <op> b`` as one kernel call, or None when the general path is needed.

    The lean path: nothing is recorded, ``a`` is a float tensor, and ``b`` is a tensor of its
    dtype and shape (or a 0-d one) or a Python number, so no promotion or broadcasting logic is
    needed (backward formulas and no-grad code run here)."""
    if _enabled[0] and (getattr(a, "_requires_grad", False) or getattr(b, "_requires_grad", False)):
        return None   # (recorded: the general path)
    if not isinstance(a, Tensor):
        return None
    x = a._data
    if x.dtype.kind != "f":
        return None
    if type(b) in _LEAN_SCALARS:
        return Tensor._make(ew.binary(op, x, np.array(b, x.dtype), x.dtype))
    if isinstance(b, Tensor):
        y = b._data
        if y.dtype == x.dtype and (y.shape == x.shape or y.ndim == 0):
            return Tensor._make(ew.binary(op, x, y, x.dtype))
    return None


def fast_binary(node_cls, a, b):
    """``a <op> b`` for the commonest call, in one frame; None when the general path is needed.

    The common call: ``a`` a float tensor, ``b`` a tensor of a's dtype and shape (or a 0-d one)
    or a Python int/float.  Then no promotion, broadcasting check or argument conversion is
    needed, and the result, its node and the node's saved values are those of ``_binary``.
    """
    x = a._data
    if x.dtype.kind != "f":
        return None
    tb = type(b)
    if tb is float or tb is int:
        y = np.array(b, x.dtype)
        if not (_enabled[0] and a._requires_grad):
            return Tensor._make(ew.binary(node_cls.op, x, y, x.dtype))
        b = Tensor._make(y)
    elif isinstance(b, Tensor):
        y = b._data
        if y.dtype != x.dtype or (y.shape != x.shape and y.ndim):
            return None
        if not (_enabled[0] and (a._requires_grad or b._requires_grad)):
            return Tensor._make(ew.binary(node_cls.op, x, y, x.dtype))
    else:
        return None
    node = node_cls.__new__(node_cls)
    node.dt = x.dtype
    return node.apply(a, b)


def _binary(node_cls, a, b, dt=None, alpha=1):
    """Promote, check broadcasting, and run ``node_cls`` on tensors ``a`` and ``b`` (or take
    the lean path, ``_lean``)."""
    if dt is None and alpha == 1 and not (_enabled[0] and (getattr(a, "_requires_grad", False)
                                                          or getattr(b, "_requires_grad", False))):
        out = _lean(node_cls.op, a, b)
        if out is not None:
            return out
    check_operand(a, "input")
    check_operand(b)
    if dt is None:
        dt = result_dtype(a, b)
    a, b = as_tensor(a, dt), as_tensor(b, dt)
    if a._data.shape != b._data.shape:
        broadcast_shapes(a._data.shape, b._data.shape)
    node = node_cls(dt)
    if alpha != 1:
        node.alpha = alpha
    return node.apply(a, b)


def _float_dtype(dt):
    return dt if dt.is_floating_point else _dtype.float32


def _check_alpha(input, other, alpha):
    if alpha == 1:
        return
    if not result_dtype(input, other).is_floating_point and not isinstance(alpha, (int, np.integer)):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")


@public(inplace=True, out="cast")
def add(input, other, alpha=1):
    _check_alpha(input, other, alpha)
    if is_scalar(input) and isinstance(other, Tensor):
        if alpha != 1:
            return add(mul(other, alpha), input)
        input, other = other, input
    out = _binary(AddBackward0, input, other, alpha=alpha)
    return out


@public(aliases=("subtract",), inplace=True, out="cast")
def sub(input, other, alpha=1):
    _check_alpha(input, other, alpha)
    if _is_bool(input) or _is_bool(other) or type(input) is bool or type(other) is bool:
        if (_is_bool(input) or type(input) is bool) and (_is_bool(other) or type(other) is bool):
            raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                               "Use the `^` or `logical_xor()` operator instead.")
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    if is_scalar(input):
        check_operand(other)
        if alpha != 1:
            other = mul(other, alpha)
        return RsubBackward1(input, result_dtype(input, other)).apply(other)
    return _binary(SubBackward0, input, other, alpha=alpha)


def _is_bool(x):
    return isinstance(x, Tensor) and x._data.dtype == np.bool_


@public(aliases=("multiply",), inplace=True, out="cast")
def mul(input, other):
    if is_scalar(input) and isinstance(other, Tensor):
        input, other = other, input
    return _binary(MulBackward0, input, other)


@public(aliases=("divide", "true_divide"), inplace=True, out="cast")
def div(input, other, rounding_mode=None):
    if rounding_mode is None:
        out = _lean(ew.DIV, input, other)
        if out is not None:
            return out
    if rounding_mode is not None and not isinstance(rounding_mode, str):
        from .._checks import type_name
        raise TypeError(f"div() received an invalid combination of arguments - got ({type_name(input)}, "
                        f"{type_name(other)}, rounding_mode={type_name(rounding_mode)}), but expected one of:\n")
    if rounding_mode is not None and rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'")
    if rounding_mode is not None and _needs_grad(input, other):
        dt = result_dtype(input, other)
        a, b = as_tensor(input, dt), as_tensor(other, dt)
        broadcast_shapes(a._data.shape, b._data.shape)
        return DivBackward2(rounding_mode, dt).apply(a, b)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc" and result_dtype(input, other).np == np.bool_:
        raise NotImplementedError("\"div_trunc_cpu\" not implemented for 'Bool'")
    if is_scalar(input):  # PyTorch: number / tensor = reciprocal(tensor) * number
        return mul(other.reciprocal(), input) if rounding_mode is None else _trunc(div(input, other))
    dt = result_dtype(input, other)
    if rounding_mode == "trunc" and not dt.is_floating_point:
        # exact in the integer dtype (not through float32): a - fmod(a, b) is a multiple of b;
        # a zero divisor raises PyTorch's RuntimeError in fmod
        from .registry import FUNCTIONS
        return floor_divide(sub(input, FUNCTIONS["fmod"](input, other)), other)
    out = _binary(DivBackward0, input, other, None if dt.is_floating_point else _float_dtype(dt))
    if rounding_mode == "trunc":
        out = _trunc(out).to(result_dtype(input, other))
    return out


def _trunc(t):
    """Round toward zero (not differentiable)."""
    return Tensor._make(_trunc_array(t._data))


def _trunc_array(x):
    sign = ew.unary(ew.SIGN, x)
    magnitude = ew.unary(ew.ABS, x)
    out = _mul(sign, ew.binary(ew.FLOORDIV, magnitude, np.ones((), x.dtype), x.dtype))
    if x.dtype.kind == "f":   # inf // 1 is nan; trunc(+-inf) is +-inf
        out = ew.where(ew.binary(ew.EQ, magnitude, np.array(np.inf, x.dtype), x.dtype, np.bool_), x, out, x.dtype)
    return out


@public(inplace=True, out="convert")
def floor_divide(input, other):
    dt = result_dtype(input, other)
    a, b = as_tensor(input, dt), as_tensor(other, dt)
    _check_int_division(b, dt, a)
    if _needs_grad(input, other):
        return _not_implemented("floor_divide", ew.FLOORDIV, dt, input, other)
    return Tensor._make(ew.binary(ew.FLOORDIV, a._data, b._data, dt.np))


@public(inplace=True, out="cast")
def remainder(input, other):
    dt = result_dtype(input, other)
    a, b = as_tensor(input, dt), as_tensor(other, dt)
    _check_int_division(b, dt, a, "remainder_cpu")
    if _needs_grad(input, other):
        if not isinstance(input, Tensor):
            return _not_implemented("remainder", ew.REMAINDER, dt, input, other)
        if not isinstance(other, Tensor):
            return RemainderBackward0(other, dt).apply(a)
        return RemainderBackward1(dt).apply(a, b)
    return Tensor._make(ew.binary(ew.REMAINDER, a._data, b._data, dt.np))


def _needs_grad(*operands):
    return _enabled[0] and any(isinstance(x, Tensor) and x._requires_grad for x in operands)


class RemainderBackward0(Node):
    """out = a - floor(a / s) s for a Python number s  ->  d/da = 1 (the floor is locally constant)."""

    def __init__(self, scalar, dt):
        self.scalar, self.dt = scalar, dt.np

    def forward(self, a):
        return ew.binary(ew.REMAINDER, a, np.array(self.scalar).astype(self.dt), self.dt)

    def backward(self, g):
        return (g,)

    backward_graph = backward


class RemainderBackward1(_Binary):
    """out = a - floor(a / b) b  ->  d/da = 1, d/db = -floor(a / b)."""

    op = ew.REMAINDER

    def backward(self, g):
        a, b = self.saved_arrays
        ga = sum_to(g, *self.a) if self.needs_input_grad(0) else None
        gb = None
        if self.needs_input_grad(1):
            quotient = ew.binary(ew.FLOORDIV, a, b, self.dt)
            gb = sum_to(ew.unary(ew.NEG, _mul(g, quotient)), *self.b)
        return ga, gb

    def backward_graph(self, g):
        """g, and -g floor(a/b) with the floor a constant (locally constant in a and b)."""
        a, b = self.saved_arrays
        ga = _sum_to_tensor(g, self.a[0]) if self.needs_input_grad(0) else None
        gb = None
        if self.needs_input_grad(1):
            gb = _sum_to_tensor(-g * Tensor._make(ew.binary(ew.FLOORDIV, a, b, self.dt)), self.b[0])
        return ga, gb


class DivBackward2(_Binary):
    """out = a / b rounded ('floor' or 'trunc')  ->  the rounding is locally constant: d/da = d/db = 0."""

    saves = None

    def __init__(self, mode, dt):
        self.mode, self.dt = mode, dt.np

    def forward(self, a, b):
        self.a, self.b = (a.shape, a.dtype), (b.shape, b.dtype)
        if self.mode == "floor":
            return ew.binary(ew.FLOORDIV, a, b, self.dt)
        return _trunc_array(ew.binary(ew.DIV, a, b, self.dt))

    def backward(self, g):
        return (np.zeros(self.a[0], self.a[1]) if self.needs_input_grad(0) else None,
                np.zeros(self.b[0], self.b[1]) if self.needs_input_grad(1) else None)

    def backward_graph(self, g):
        return tuple(None if gi is None else Tensor._make(gi) for gi in self.backward(None))   # constants


class _NotImplementedNode(Node):
    """The node of an op PyTorch gives no derivative (``floor_divide``, number % tensor): the
    forward pass records it, and backward through it raises, as PyTorch's ``NotImplemented``."""

    def __init__(self, aten, op, dt, constant=None, constant_first=False):
        self.aten, self.op, self.dt = aten, op, dt.np
        self.constant, self.constant_first = constant, constant_first

    def forward(self, *xs):
        if self.constant is None:
            a, b = xs
        else:
            c = np.array(self.constant).astype(self.dt)
            a, b = (c, xs[0]) if self.constant_first else (xs[0], c)
        return ew.binary(self.op, a, b, self.dt)

    def backward(self, g):
        raise RuntimeError(f"derivative for aten::{self.aten} is not implemented")


_NotImplementedNode.__name__ = _NotImplementedNode.__qualname__ = "NotImplemented"


def _not_implemented(aten, op, dt, input, other):
    if not isinstance(input, Tensor):
        return _NotImplementedNode(aten, op, dt, input, True).apply(other)
    if not isinstance(other, Tensor):
        return _NotImplementedNode(aten, op, dt, other).apply(input)
    return _NotImplementedNode(aten, op, dt).apply(input, other)


def _check_int_division(b, dt, a=None, kernel="div_floor_cpu"):
    if dt.np == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if a is not None and a._data.shape != b._data.shape:
        broadcast_shapes(a._data.shape, b._data.shape)
    if not dt.is_floating_point and any_where(ew.EQ, b._data):
        raise RuntimeError("ZeroDivisionError")


class PowBackward0(FormulaNode):
    """out = x ** e for a Python number e  ->  d/dx = e * x^(e-1) (0 for e = 0, even at x = 0)."""

    roles = (0,)
    grads = (lambda n, g, x: g * 0 if n.exponent == 0 else g * (n.exponent * x ** (n.exponent - 1)),)

    def __init__(self, exponent, dt):
        self.exponent, self.dt = exponent, dt.np

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        self.save_for_backward(x)
        return ew.binary(ew.POW, x, np.array(self.exponent, self.dt), self.dt)


@public(inplace=True, out="cast")
def pow(input, exponent):
    if isinstance(input, Tensor) and is_scalar(exponent):
        dt = result_dtype(input, exponent)
        if not dt.is_floating_point:
            _checks.scalar_fits(exponent, dt.np)   # (uint8 ** 300: PyTorch's RuntimeError)
        if not dt.is_floating_point and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return PowBackward0(exponent, dt).apply(input.to(dt))
    if is_scalar(input):
        check_operand(exponent, "exponent")
        dt = result_dtype(input, exponent)
        if dt.np == np.bool_:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        return PowBackward2(input, dt).apply(exponent)
    if result_dtype(input, exponent).np == np.bool_:
        raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    if not result_dtype(input, exponent).is_floating_point and any_where(ew.LT, exponent._data):
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return _binary(PowBackward1, input, exponent)


# ---- comparisons (not differentiable: bool results) ----------------------------------------

def _compare(op, a, b):
    check_operand(b)
    dt = result_dtype(a, b)
    a, b = as_tensor(a, dt), as_tensor(b, dt)
    if a._data.shape != b._data.shape:
        broadcast_shapes(a._data.shape, b._data.shape)
    return Tensor._make(ew.binary(op, a._data, b._data, dt.np, np.bool_))


@public(out="convert")
def eq(input, other):
    return _compare(ew.EQ, input, other)


@public(out="convert")
def ne(input, other):
    return _compare(ew.NE, input, other)


@public(out="convert")
def lt(input, other):
    return _compare(ew.LT, input, other)


@public(out="convert")
def le(input, other):
    return _compare(ew.LE, input, other)


@public(out="convert")
def gt(input, other):
    return _compare(ew.GT, input, other)


@public(out="convert")
def ge(input, other):
    return _compare(ew.GE, input, other)


@public
def equal(input, other):
    """True when both tensors have the same shape and elements."""
    return input.shape == other.shape and not any_where(ew.NE, ne(input, other)._data, False)


@public(out="convert")
def logical_not(input):
    return Tensor._make(ew.binary(ew.EQ, input._data, np.zeros((), input._data.dtype), input._data.dtype, np.bool_))


def _logical(op, a, b):
    a = as_tensor(a, _dtype.bool_).to(_dtype.bool_)
    b = as_tensor(b, _dtype.bool_).to(_dtype.bool_)
    if a._data.shape != b._data.shape:
        broadcast_shapes(a._data.shape, b._data.shape)
    return Tensor._make(ew.binary(op, a._data, b._data, np.bool_))


@public(out="convert")
def logical_and(input, other):
    return _logical(ew.MUL, input, other)


@public(out="convert")
def logical_or(input, other):
    return _logical(ew.ADD, input, other)


@public(out="convert")
def logical_xor(input, other):
    return _logical(ew.NE, input, other)


# ---- bitwise ops: integer and bool tensors (no gradient) ----------------------------------

def _not_for_floats(dt, name):
    if dt.is_floating_point:
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{_dtype.SCALAR_NAMES[dt.name]}'")


def _bitwise(op, name, input, other):
    for position, (arg, x) in enumerate((("input", input), ("other", other)), 1):
        if not (isinstance(x, Tensor) or is_scalar(x)):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor or Number, "
                            f"not {type(x).__name__}")
    dt = result_dtype(input, other)
    if isinstance(input, Tensor) and isinstance(other, Tensor):   # PyTorch checks the shapes first
        broadcast_shapes(input._data.shape, other._data.shape)
    _not_for_floats(dt, name)
    a, b = as_tensor(input, dt), as_tensor(other, dt)
    if a._data.shape != b._data.shape:
        broadcast_shapes(a._data.shape, b._data.shape)   # PyTorch's message for a mismatch
    return Tensor._make(ew.binary(op, a._data, b._data, dt.np, kernel=ew.bitwise_kernel))


def _tensor_input(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


@public(inplace=True, out="cast")
def bitwise_and(input, other):
    _tensor_input(input, "bitwise_and")
    return _bitwise(_BITWISE_OPS["bitwise_and"], "bitwise_and", input, other)


@public(inplace=True, out="cast")
def bitwise_or(input, other):
    _tensor_input(input, "bitwise_or")
    return _bitwise(_BITWISE_OPS["bitwise_or"], "bitwise_or", input, other)


@public(inplace=True, out="cast")
def bitwise_xor(input, other):
    _tensor_input(input, "bitwise_xor")
    return _bitwise(_BITWISE_OPS["bitwise_xor"], "bitwise_xor", input, other)


_BITWISE_OPS = {"bitwise_and": ew.BITAND, "bitwise_or": ew.BITOR, "bitwise_xor": ew.BITXOR}


def reflected_bitwise(name):
    """``number & tensor`` (``__rand__`` and the like): the number is the left operand."""
    def method(self, other):
        return _bitwise(_BITWISE_OPS[name], name, other, self)
    return method


@public(inplace=True, out="cast")
def bitwise_not(input):
    dt = _dtype.from_numpy_dtype(input._data.dtype)
    _not_for_floats(dt, "bitwise_not")
    if dt == _dtype.bool_:
        return logical_not(input)
    return Tensor._make(ew.invert(input._data))


# ---- unary nodes computed by the fused derivative kernel (the unary ops are in ops/table.py) ----

class _Unary(Node):
    op = None

    def forward(self, x):
        out = ew.unary(self.op, x)
        self.save_for_backward(x, out)
        return out

    def backward(self, g):
        x, out = self.saved_arrays
        return (ew.unary_backward(self.op, x, out, g),)


def _unary_node(name, op_code, doc, base=_Unary):
    return type(name, (base,), {"op": op_code, "__doc__": doc, "__module__": __name__})


# ---- activations of float tensors: GELU, SiLU, leaky ReLU ---------------------------------

class SiluBackward0(_Unary):
    """out = x s(x)  ->  d/dx = s(x)(1 + x(1 - s(x)))."""

    op = ew.SILU

    def backward_graph(self, g):
        """The derivative on Tensors, recorded (PyTorch's is the same primitives)."""
        x = self.input_tensor(0, self.saved_arrays[0])
        s = x.sigmoid()
        return (g * (s * (1 + x * (1 - s))),)


class GeluBackward0(Node):
    """out = x Phi(x) (Phi: the normal CDF; or its tanh approximation)  ->  d/dx = Phi(x) + x phi(x)."""

    def __init__(self, approximate):
        self.op = ew.GELU if approximate == "none" else ew.GELU_TANH

    def forward(self, x):
        self.save_for_backward(x)
        return ew.unary(self.op, x)

    def backward(self, g):
        (x,) = self.saved_arrays
        return (ew.unary_backward(self.op, x, x, g),)

    def backward_graph(self, g):
        """Phi(x) + x phi(x) on Tensors (for the tanh form, the derivative of
        0.5 x (1 + tanh(k (x + c x^3)))), times g, recorded."""
        x = self.input_tensor(0, self.saved_arrays[0])
        if self.op == ew.GELU:
            cdf = 0.5 * (1 + (x * _SQRT_HALF).erf())
            return (g * (cdf + x * (x * x * -0.5).exp() * _INV_SQRT_2PI),)
        t = (_GELU_K * (x + _GELU_C * x * x * x)).tanh()
        slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _GELU_K * (1 + 3 * _GELU_C * x * x)
        return (g * slope,)


_SQRT_HALF, _INV_SQRT_2PI = math.sqrt(0.5), 1 / math.sqrt(2 * math.pi)
_GELU_K, _GELU_C = math.sqrt(2 / math.pi), 0.044715


class LeakyReluBackward0(Node):
    """out = x where x > 0, else slope x  ->  d/dx = 1 where x > 0, else slope."""

    def __init__(self, slope):
        self.slope = slope

    def forward(self, x):
        self.save_for_backward(x)
        return ew.leaky_relu(x, self.slope)

    def backward(self, g):
        (x,) = self.saved_arrays
        return (ew.leaky_relu_backward(x, g, self.slope),)

    def backward_graph(self, g):
        """g times the slopes (1 or ``slope``), recorded; the map is its own transpose."""
        (x,) = self.saved_arrays
        slopes = Tensor._make(ew.leaky_relu_backward(x, np.ones(x.shape, x.dtype), self.slope))
        return (double_backward.record("LeakyReluBackwardBackward0", g, lambda a: self.backward(a)[0],
                                       lambda v: v * slopes, (self.input_tensor(0, x),)),)


def _float_activation(x, kernel_name):
    if not isinstance(x, Tensor):
        raise TypeError(f"argument 'input' must be Tensor, not {type(x).__name__}")
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{_dtype.SCALAR_NAMES[x._data.dtype.name]}'")


def gelu(input, approximate="none"):
    _float_activation(input, "GeluKernelImpl")
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return GeluBackward0(approximate).apply(input)


def silu(input):
    _float_activation(input, "silu_cpu")
    return SiluBackward0().apply(input)


class LeakyReluBackward1(LeakyReluBackward0):
    """The node of ``leaky_relu_`` (in place)."""


def leaky_relu(input, negative_slope=0.01, node=LeakyReluBackward0):
    _float_activation(input, "leaky_relu_cpu")
    return node(float(negative_slope)).apply(input)


@public(inplace=True, out="cast", inplace_function=True)
def square(x):
    return pow(x, 2)


# ---- clamp, where, dtype conversion ------------------------------------------------------

class ClampBackward1(Node):
    """out = min(max(x, lo), hi)  ->  d/dx = 1 where lo <= x <= hi, else 0."""

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def forward(self, x):
        self.save_for_backward(x)
        return ew.clamp(x, self.lo, self.hi)

    def backward(self, g):
        (x,) = self.saved_arrays
        return (ew.clamp_backward(x, self.lo, self.hi, g),)

    def backward_graph(self, g):
        """g where lo <= x <= hi, else 0: a constant mask, recorded (PyTorch's WhereBackward0)."""
        (x,) = self.saved_arrays
        inside = ew.clamp_backward(x, self.lo, self.hi, np.ones(x.shape, x.dtype)) != 0
        return (where(Tensor._make(inside), g, 0.0),)


class ClampBackward0(Node):
    """out = min(max(x, lo), hi) with tensor bounds (hi wins where lo > hi)  ->  x gets the
    gradient where lo <= x <= hi, lo where x < lo < hi, hi where x > hi or hi < lo."""

    def __init__(self, dt):
        self.dt = dt.np

    def forward(self, x, lo, hi):
        self.shapes = [(a.shape, a.dtype) for a in (x, lo, hi)]
        self.save_for_backward(x, lo, hi)
        return ew.binary(ew.MINIMUM, ew.binary(ew.MAXIMUM, x, lo, self.dt), hi, self.dt)

    def backward(self, g):
        x, lo, hi = self.saved_arrays
        dt, zero, b = self.dt, np.zeros((), g.dtype), np.bool_
        inside = ew.binary(ew.MUL, ew.binary(ew.LE, lo, x, dt, b), ew.binary(ew.LE, x, hi, dt, b), b)
        below = ew.binary(ew.MUL, ew.binary(ew.LT, x, lo, dt, b), ew.binary(ew.LT, lo, hi, dt, b), b)
        above = ew.binary(ew.ADD, ew.binary(ew.GT, x, hi, dt, b), ew.binary(ew.LT, hi, lo, dt, b), b)
        return tuple(sum_to(ew.where(mask, g, zero, g.dtype), *meta) if self.needs_input_grad(i) else None
                     for i, (mask, meta) in enumerate(zip((inside, below, above), self.shapes)))

    def backward_graph(self, g):
        """The same masks (constants) selecting g for x, lo and hi, recorded."""
        x, lo, hi = self.saved_arrays
        dt, b = self.dt, np.bool_
        masks = (ew.binary(ew.MUL, ew.binary(ew.LE, lo, x, dt, b), ew.binary(ew.LE, x, hi, dt, b), b),
                 ew.binary(ew.MUL, ew.binary(ew.LT, x, lo, dt, b), ew.binary(ew.LT, lo, hi, dt, b), b),
                 ew.binary(ew.ADD, ew.binary(ew.GT, x, hi, dt, b), ew.binary(ew.LT, hi, lo, dt, b), b))
        return tuple(_sum_to_tensor(where(Tensor._make(m), g, 0.0), meta[0]) if self.needs_input_grad(i) else None
                     for i, (m, meta) in enumerate(zip(masks, self.shapes)))


def _no_bound(dt, upper):
    """The bound that never clips: +-inf, or the integer dtype's extreme value."""
    if dt.is_floating_point:
        return np.inf if upper else -np.inf
    info = np.iinfo(dt.np) if dt.np != np.bool_ else None
    return (True if upper else False) if info is None else (info.max if upper else info.min)


@public(aliases=("clip",), inplace=True, out="exact", inplace_function=True)
def clamp(input, min=None, max=None):
    for name, v in (("min", min), ("max", max)):
        if v is not None and not isinstance(v, Tensor) and not is_scalar(v):
            from .._checks import type_name
            raise TypeError(f"clamp() received an invalid combination of arguments - got ({type_name(input)}, "
                            f"{name}={type_name(v)}), but expected one of:\n")
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        dt = result_dtype(input, *[v for v in (min, max) if v is not None])
        lo = as_tensor(_no_bound(dt, False) if min is None else min, dt)
        hi = as_tensor(_no_bound(dt, True) if max is None else max, dt)
        broadcast_shapes(input._data.shape, lo._data.shape, hi._data.shape)
        return ClampBackward0(dt).apply(input, lo, hi)
    dt = result_dtype(input, *[v for v in (min, max) if v is not None])
    if not dt.is_floating_point:
        for v in (min, max):
            if v is not None:
                _checks.scalar_fits(v, dt.np)
    return ClampBackward1(min, max).apply(input.to(dt))


class ClampMinBackward0(FormulaNode):
    """out = max(x, lo) for a number lo  ->  d/dx = 1 where x >= lo, else 0 (NaN: 0)."""

    roles = (0,)
    upper = False
    grads = (lambda n, g, x: where(ge(x, n.bound), g, 0),)

    def __init__(self, bound):
        self.bound = bound

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        self.save_for_backward(x)
        return ew.clamp(x, None, self.bound) if self.upper else ew.clamp(x, self.bound, None)


class ClampMaxBackward0(ClampMinBackward0):
    """out = min(x, hi) for a number hi  ->  d/dx = 1 where x <= hi, else 0 (NaN: 0)."""

    upper = True
    grads = (lambda n, g, x: where(le(x, n.bound), g, 0),)


def _clamp_one(node_cls, name, input, bound):
    if isinstance(bound, Tensor):
        return clamp(input, max=bound) if node_cls.upper else clamp(input, min=bound)
    if not is_scalar(bound) or bound is None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                        f"{type(bound).__name__}), but expected one of:\n * (Tensor input, Tensor {name[6:]}, *, "
                        f"Tensor out = None)\n * (Tensor input, Number {name[6:]}, *, Tensor out = None)\n")
    dt = result_dtype(input, bound)
    return node_cls(bound).apply(input.to(dt))


@public(inplace=True, out="exact", inplace_function=True)
def clamp_min(input, min):
    """max(input, min) elementwise."""
    return _clamp_one(ClampMinBackward0, "clamp_min", input, min)


@public(inplace=True, out="exact", inplace_function=True)
def clamp_max(input, max):
    """min(input, max) elementwise."""
    return _clamp_one(ClampMaxBackward0, "clamp_max", input, max)


class WhereBackward0(FormulaNode):
    """out = a where cond else b  ->  the gradient goes to whichever input was chosen."""

    roles = ("const",)
    grads = (lambda n, g, cond: where(cond, g, 0),
             lambda n, g, cond: where(cond, 0, g))

    def __init__(self, cond, dt):
        self.cond, self.dt = cond, dt.np    # the condition is data, not a graph input

    def forward(self, a, b):
        self.in_meta = ((a.shape, a.dtype), (b.shape, b.dtype))
        self.save_for_backward(self.cond)   # saved (and freed after backward), as in PyTorch
        out = ew.where(self.cond, a, b, self.dt)
        del self.cond
        return out


def where(condition, input, other):
    if not isinstance(condition, Tensor) or condition._data.dtype != np.bool_:
        raise RuntimeError("where expected condition to be a boolean tensor" + (
            f", but got a tensor with dtype {_dtype.SCALAR_NAMES[condition._data.dtype.name]}"
            if isinstance(condition, Tensor) else ""))
    dt = result_dtype(input, other)
    a, b = as_tensor(input, dt), as_tensor(other, dt)
    broadcast_shapes(condition._data.shape, a._data.shape, b._data.shape)
    return WhereBackward0(condition._data, dt).apply(a, b)


class MaskedFillBackward0(Node):
    """out = x with the number ``value`` where ``mask``  ->  the gradient where the mask is False."""

    def __init__(self, mask, value):
        self.mask, self.value = mask, value   # the mask is data, not a graph input

    def forward(self, x):
        self.a = (x.shape, x.dtype)
        self.save_for_backward(self.mask)
        out = ew.where(self.mask, np.array(self.value).astype(x.dtype), x, x.dtype)
        del self.mask
        return out

    def backward(self, g):
        (mask,) = self.saved_arrays
        return (sum_to(ew.where(mask, np.zeros((), g.dtype), g, g.dtype), *self.a),)

    def backward_graph(self, g):
        """g with 0 where the mask is True, recorded (PyTorch's node: MaskedFillBackward0)."""
        (mask,) = self.saved_arrays
        return (_sum_to_tensor(g.masked_fill(Tensor._make(mask), 0.0), self.a[0]),)


class MaskedFillBackward1(Node):
    """out = x with the 0-d tensor v where ``mask``  ->  dx = g where the mask is False,
    dv = the sum of g where it is True."""

    def __init__(self, mask):
        self.mask = mask

    def forward(self, x, v):
        self.a, self.v_dtype = (x.shape, x.dtype), v.dtype
        self.save_for_backward(self.mask)
        out = ew.where(self.mask, v.astype(x.dtype), x, x.dtype)
        del self.mask
        return out

    def backward(self, g):
        (mask,) = self.saved_arrays
        zero = np.zeros((), g.dtype)
        gx = sum_to(ew.where(mask, zero, g, g.dtype), *self.a) if self.needs_input_grad(0) else None
        gv = sum_to(ew.where(mask, g, zero, g.dtype), (), self.v_dtype) if self.needs_input_grad(1) else None
        return gx, gv

    def backward_graph(self, g):
        """dx = g with 0 where the mask is True, dv = the sum of g where it is True (recorded)."""
        (mask,) = self.saved_arrays
        m = Tensor._make(mask)
        gx = _sum_to_tensor(g.masked_fill(m, 0.0), self.a[0]) if self.needs_input_grad(0) else None
        gv = where(m, g, 0.0).sum().to(_dtype.from_numpy_dtype(self.v_dtype)) if self.needs_input_grad(1) else None
        return gx, gv


def _check_fill_value(value, dt):
    """A number written into a tensor of NumPy dtype ``dt`` must fit (PyTorch's checked conversion):
    ``check_scalar_fits`` for integer dtypes (nan included), and finite values within a float's range."""
    _checks.scalar_fits(value, dt)
    largest = float(np.finfo(dt).max) if dt.kind == "f" else math.inf   # a Python float: no NumPy cast
    if math.isfinite(value) and not -largest <= value <= largest:
        raise RuntimeError(f"value cannot be converted to type {_checks.C_TYPES[dt.name]} without overflow")


#: How PyTorch's masked_fill names a mask's element type.
_MASK_TYPE_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
                    "uint8": "unsigned char"}


@public(inplace="unaliased_expanded_ok")   # writes through an expanded tensor, as PyTorch's does
def masked_fill(input, mask, value):
    """``value`` where ``mask`` (a bool tensor broadcastable with ``input``), ``input`` elsewhere."""
    if not isinstance(mask, Tensor):
        raise TypeError(f"masked_fill(): argument 'mask' (position 1) must be Tensor, not {type(mask).__name__}")
    if mask._data.dtype != np.bool_:
        name = _MASK_TYPE_NAMES.get(mask._data.dtype.name, mask._data.dtype.name)
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {name}")
    broadcast_shapes(mask._data.shape, input._data.shape)   # PyTorch names the mask "a"
    if isinstance(value, Tensor):
        if value._data.ndim != 0:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        return MaskedFillBackward1(mask._data).apply(input, value)
    if not is_scalar(value) or isinstance(value, complex):
        raise TypeError(f"masked_fill(): argument 'value' (position 2) must be Number, not {type(value).__name__}")
    _check_fill_value(value, input._data.dtype)
    return MaskedFillBackward0(mask._data, value).apply(input)


class ToCopyBackward0(FormulaNode):
    """out = x converted to another dtype  ->  the gradient converted back (by the formula node)."""

    grads = (lambda n, g: g,)

    def __init__(self, dt):
        self.dt = dt.np

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        return x.astype(self.dt)


def to_dtype(x, dt):
    if x._data.dtype == dt.np:
        return x
    if not dt.is_floating_point and x._requires_grad:
        return Tensor._make(x._data.astype(dt.np))
    return ToCopyBackward0(dt).apply(x)
