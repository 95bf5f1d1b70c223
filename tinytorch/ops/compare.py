"""Closeness and finiteness: ``isclose`` / ``allclose`` (|a - b| <= atol + rtol |b|; equal
values, infinities of one sign and, with ``equal_nan``, NaN pairs count as close), ``isnan``,
``isinf``, ``isposinf``, ``isneginf``, ``isfinite`` and ``nan_to_num``, built from the
elementwise kernels."""
import math

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..autograd.node import FormulaNode
from ..kernels import elementwise as kew
from . import elementwise as ew_ops
from . import table
from .registry import public


@public
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Bool tensor: where ``input`` and ``other`` (same dtype, broadcastable) are close."""
    for arg, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"isclose(): argument '{arg}' must be Tensor, not {type(x).__name__}")
    if input._data.dtype != other._data.dtype:
        names = _dtype.SCALAR_NAMES
        raise RuntimeError(f"{names[input._data.dtype.name]} did not match {names[other._data.dtype.name]}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")
    with no_grad():
        close = ew_ops.eq(input, other)
        if input._data.dtype.kind == "b":
            return close
        if equal_nan and input._data.dtype.kind == "f":
            close = close | (ew_ops.ne(input, input) & ew_ops.ne(other, other))
        a, b = input, other
        if a._data.dtype.kind != "f":
            a, b = a.to(_dtype.float32), b.to(_dtype.float32)
        error = table.abs(a - b)
        allowed = table.abs(b * rtol) + atol
        finite = ew_ops.ne(error, math.inf) & ew_ops.eq(error, error)
        return close | (finite & ew_ops.le(error, allowed))


@public
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element of ``input`` is close to ``other``'s (see ``isclose``)."""
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


# ---- finiteness: isnan, isinf, isposinf, isneginf, isfinite, nan_to_num ----------------------

def _bools(x, value):
    return Tensor._make(np.full(x._data.shape, value, np.bool_))


def _float_input(name, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(x).__name__}")
    return x._data.dtype.kind == "f"


@public
def isnan(input):
    """True where ``input`` is NaN (never for integer and bool tensors)."""
    return ew_ops.ne(input, input) if _float_input("isnan", input) else _bools(input, False)


@public
def isinf(input):
    """True where ``input`` is +inf or -inf."""
    return ew_ops.eq(table.abs(input), math.inf) if _float_input("isinf", input) else _bools(input, False)


@public(out="cast")
def isposinf(input):
    return ew_ops.eq(input, math.inf) if _float_input("isposinf", input) else _bools(input, False)


@public(out="cast")
def isneginf(input):
    return ew_ops.eq(input, -math.inf) if _float_input("isneginf", input) else _bools(input, False)


@public
def isfinite(input):
    """True where ``input`` is neither NaN nor infinite (always for integer and bool tensors)."""
    if not _float_input("isfinite", input):
        return _bools(input, True)
    return ew_ops.eq(input, input) & ew_ops.ne(table.abs(input), math.inf)


class NanToNumBackward0(FormulaNode):
    """out = x with NaN, +inf and -inf replaced by numbers  ->  d/dx = 1 where x is finite, else 0."""

    roles = (0,)
    grads = (lambda n, g, x: ew_ops.where(isfinite(x), g, 0),)

    def __init__(self, nan, posinf, neginf):
        self.values = (nan, posinf, neginf)

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        self.save_for_backward(x)
        dt = x.dtype
        nan, posinf, neginf = (np.array(v, dt) for v in self.values)
        out = kew.where(kew.binary(kew.NE, x, x, dt, np.bool_), nan, x, dt)
        out = kew.where(kew.binary(kew.EQ, out, np.array(np.inf, dt), dt, np.bool_), posinf, out, dt)
        return kew.where(kew.binary(kew.EQ, out, np.array(-np.inf, dt), dt, np.bool_), neginf, out, dt)


@public(inplace=True, out="cast", inplace_function=True)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN -> ``nan``, +inf -> ``posinf`` (the dtype's largest value by default), -inf ->
    ``neginf`` (its lowest); integer and bool tensors are returned as a copy."""
    if not _float_input("nan_to_num", input):
        return Tensor._make(input._data.copy())
    info = np.finfo(input._data.dtype)
    posinf = float(info.max) if posinf is None else posinf
    neginf = float(info.min) if neginf is None else neginf
    return NanToNumBackward0(nan, posinf, neginf).apply(input)
