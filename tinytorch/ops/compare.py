"""``isclose`` and ``allclose``: elementwise closeness |a - b| <= atol + rtol |b|, built from
the elementwise ops (equal values, infinities of one sign and, with ``equal_nan``, NaN pairs
count as close)."""
import math

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from . import elementwise as ew_ops
from . import table


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


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element of ``input`` is close to ``other``'s (see ``isclose``)."""
    return bool(isclose(input, other, rtol, atol, equal_nan).all())
