"""Elementwise ops that take an extra argument: ``round(decimals=)``, ``logit(eps=)``, ``lerp``,
``float_power``.  Each node's forward kernel calls sit beside its derivative, written on
Tensors (so these can be differentiated again)."""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import elementwise as ew
from . import table
from .elementwise import gt, logical_or, lt, pow, where
from .util import broadcast_shapes, is_scalar
from . import registry


class RoundBackward1(FormulaNode):
    """out = round(x 10^d) / 10^d (half to even; d < 0: round(x / 10^-d) 10^-d)  ->  d/dx = 0."""

    grads = (lambda n, g: g * 0,)

    def __init__(self, decimals):
        self.decimals = decimals

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        d = self.decimals
        scale = np.array(10.0 ** abs(d), x.dtype)
        if d > 0:
            return ew.binary(ew.DIV, ew.unary(ew.ROUND, ew.binary(ew.MUL, x, scale, x.dtype)), scale, x.dtype)
        return ew.binary(ew.MUL, ew.unary(ew.ROUND, ew.binary(ew.DIV, x, scale, x.dtype)), scale, x.dtype)


def round(input, *, decimals=0):
    """Round half to even; ``decimals`` digits after the point (negative: before it)."""
    if decimals == 0:
        return table.round(input)
    if not isinstance(decimals, int) or isinstance(decimals, bool):
        raise TypeError(f"round(): argument 'decimals' must be int, not {type(decimals).__name__}")
    kind = input._data.dtype.kind
    if kind != "f":
        raise NotImplementedError(f"\"round_cpu\" not implemented for '{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    return RoundBackward1(decimals).apply(input)


class LogitBackward0(FormulaNode):
    """out = log(z / (1 - z)), z = x clamped to [eps, 1 - eps] when eps is given  ->
    d/dx = 1 / (x (1 - x)) inside, 0 outside [eps, 1 - eps] (NaN outside [0, 1] without eps)."""

    roles = (0,)
    grads = (lambda n, g, x: _logit_grad(g, x, n.eps),)

    def __init__(self, eps):
        self.eps = eps

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        self.save_for_backward(x)
        z = x if self.eps is None else ew.clamp(x, self.eps, 1 - self.eps)
        one = np.ones((), x.dtype)
        return ew.unary(ew.LOG, ew.binary(ew.DIV, z, ew.binary(ew.SUB, one, z, x.dtype), x.dtype))


def _logit_grad(g, x, eps):
    lo, hi = (0.0, 1.0) if eps is None else (eps, 1 - eps)
    outside = logical_or(lt(x, lo), gt(x, hi))
    return where(outside, float("nan") if eps is None else 0.0, g / (x * (1 - x)))


def logit(input, eps=None):
    """log(p / (1 - p)); with ``eps``, p is clamped to [eps, 1 - eps] first."""
    if eps is not None and eps < 0:
        eps = None   # (PyTorch: a negative eps means no clamping)
    if input._data.dtype.kind != "f":
        input = input.to(_dtype.float32)
    return LogitBackward0(None if eps is None else float(eps)).apply(input)


class LerpBackward0(FormulaNode):
    """out = start + w (end - start) for a number w  ->  d/dstart = 1 - w, d/dend = w."""

    grads = (lambda n, g: g * (1 - n.weight),
             lambda n, g: g * n.weight)

    def __init__(self, weight):
        self.weight = weight

    def forward(self, start, end):
        self.in_meta = ((start.shape, start.dtype), (end.shape, end.dtype))
        return ew.lerp(start, end, np.array(self.weight, start.dtype), start.dtype)


class LerpBackward1(FormulaNode):
    """out = start + w (end - start), w a tensor  ->  d/dstart = 1 - w, d/dend = w,
    d/dw = end - start."""

    roles = (0, 1, 2)
    grads = (lambda n, g, start, end, w: g * (1 - w),
             lambda n, g, start, end, w: g * w,
             lambda n, g, start, end, w: g * (end - start))

    def forward(self, start, end, weight):
        self.in_meta = tuple((a.shape, a.dtype) for a in (start, end, weight))
        self.save_for_backward(start, end, weight)
        return ew.lerp(start, end, weight, start.dtype)


_C_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "uint8": "unsigned char",
            "bool": "bool"}


def lerp(input, end, weight):
    """input + weight (end - input), broadcasting; ``weight`` a number or a tensor."""
    if not isinstance(end, Tensor) or not (isinstance(weight, Tensor) or is_scalar(weight)):
        forms = (" * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
                 " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")
        raise TypeError(f"lerp() received an invalid combination of arguments - got ({type(input).__name__}, "
                        f"{type(end).__name__}, {type(weight).__name__}), but expected one of:\n{forms}")
    dt = input._data.dtype
    if end._data.dtype != dt:
        raise RuntimeError(f"expected dtype {_C_NAMES.get(dt.name, dt.name)} for `end` but got dtype "
                           f"{_C_NAMES.get(end._data.dtype.name, end._data.dtype.name)}")
    if dt.kind != "f":
        kernel = "lerp_kernel_tensor" if isinstance(weight, Tensor) else "lerp_kernel_scalar"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_dtype.SCALAR_NAMES[dt.name]}'")
    if isinstance(weight, Tensor):
        broadcast_shapes(input._data.shape, end._data.shape, weight._data.shape)
        if weight._data.dtype != dt:
            weight = weight.to(_dtype.from_numpy_dtype(dt))
        return LerpBackward1().apply(input, end, weight)
    broadcast_shapes(input._data.shape, end._data.shape)
    return LerpBackward0(float(weight)).apply(input, end)


def float_power(input, exponent):
    """input ** exponent computed in float64 (both operands converted first, as PyTorch does)."""
    def to64(x):
        return x.to(_dtype.float64) if isinstance(x, Tensor) else float(x)
    return pow(to64(input), to64(exponent))


FUNCTIONS = {"round": round, "logit": logit, "lerp": lerp, "float_power": float_power}
INPLACE = ("round", "logit", "lerp", "float_power")
registry.register_all(FUNCTIONS, inplace=INPLACE, inplace_functions=("round", "logit"), out={"round": "exact", "logit": "cast", "lerp": "cast", "float_power": "cast"})
