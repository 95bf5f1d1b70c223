"""Elementwise kernels: zip (binary), map (unary), fused activation derivatives, where, clamp.

Kernels work on 1-D C-contiguous arrays of equal length; ``binary`` and ``where`` below
broadcast and lay out their operands (NumPy views and copies) before calling them.
"""
import math

import numpy as np
from numba import njit

from . import kernel
from .vmath import (TRIG_REDUCTION_LIMIT, vacos_single, vasin_single, vatan2_single, vatan_single, vcos_single,
                    vcosh, verf_single, verfc_single, vexp, vexpm1_single, vlog, vlog1p_single,
                    vlog2_single, vlog10_single, vsin_single, vsinh, vtan_single, vtanh_single)

# binary op codes
ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, FLOORDIV, REMAINDER = range(9)
EQ, NE, LT, LE, GT, GE = range(9, 15)
FMOD, FMAX, FMIN, HEAVISIDE = range(15, 19)
# float-only binary op codes (their own kernel, compiled for float dtypes only)
ATAN2, HYPOT, COPYSIGN, XLOGY, LOGADDEXP, LOGADDEXP2 = range(6)
# bitwise op codes (integer and bool dtypes only: their own kernel, which floats never compile)
BITAND, BITOR, BITXOR = range(3)
# unary op codes
NEG, ABS, EXP, LOG, SQRT, SIN, COS, TANH, SIGMOID, RELU, SIGN, LOG1P, RECIPROCAL, RSQRT = range(14)
GELU, GELU_TANH, SILU = range(14, 17)   # activations: float tensors only
ASIN, ACOS, ATAN, SINH, COSH, TAN, ASINH, ACOSH, ATANH = range(17, 26)
ERF, ERFC, EXPM1, LOG2, LOG10, EXP2, FLOOR, CEIL, TRUNC, FRAC, ONE_MINUS_SQUARE = range(26, 37)
ERFINV, ROUND, SINC = range(37, 40)
_INV_SQRT2, _INV_SQRT_2PI, _SQRT_2_OVER_PI = 0.7071067811865476, 0.3989422804014327, 0.7978845608028654
_LN2, _TWO_OVER_SQRT_PI = 0.6931471805599453, 1.1283791670955126
# erfinv's first approximation (Pavlis's rational expansion, as PyTorch's calc_erfinv uses), refined by Newton
_EI_A = (0.886226899, -1.645349621, 0.914624893, -0.140543331)
_EI_B = (-2.118377725, 1.442710462, -0.329097515, 0.012229801)
_EI_C = (-1.970840454, -1.624906493, 3.429567803, 1.641345311)
_EI_D = (3.543889200, 1.637067800)


@kernel
def binary_kernel(op, a, b, out):
    """out[i] = a[i] <op> b[i]; out 1-D (bool for comparisons); a and b 1-D of out's length,
    or of length 1 (a scalar operand: stride ``sa`` or ``sb`` is 0, so every i reads index 0)."""
    n = out.size
    sa = 0 if a.size == 1 else 1
    sb = 0 if b.size == 1 else 1
    if op == ADD:
        for i in range(n):
            out[i] = a[i * sa] + b[i * sb]
    elif op == SUB:
        for i in range(n):
            out[i] = a[i * sa] - b[i * sb]
    elif op == MUL:
        for i in range(n):
            out[i] = a[i * sa] * b[i * sb]
    elif op == DIV:
        for i in range(n):
            out[i] = a[i * sa] / b[i * sb]
    elif op == POW:
        for i in range(n):
            out[i] = a[i * sa] ** b[i * sb]
    elif op == MAXIMUM:  # NaN wins; on a tie (0.0 and -0.0) the first operand, as in PyTorch
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            out[i] = y if (y != y or (y > x and x == x)) else x
    elif op == MINIMUM:
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            out[i] = y if (y != y or (y < x and x == x)) else x
    elif op == FLOORDIV:  # the integer minimum // -1 wraps to itself, as in PyTorch (x == -x, x != 0)
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            out[i] = x if (y == -1 and x != 0 and x == -x) else x // y
    elif op == REMAINDER:  # a zero remainder takes the sign of a, -0.0 included (PyTorch's fmod rule)
        for i in range(n):
            r = a[i * sa] % b[i * sb]
            if r == 0:
                r = a[i * sa] * 0
            out[i] = r
    elif op == EQ:
        for i in range(n):
            out[i] = a[i * sa] == b[i * sb]
    elif op == NE:
        for i in range(n):
            out[i] = a[i * sa] != b[i * sb]
    elif op == LT:
        for i in range(n):
            out[i] = a[i * sa] < b[i * sb]
    elif op == LE:
        for i in range(n):
            out[i] = a[i * sa] <= b[i * sb]
    elif op == GT:
        for i in range(n):
            out[i] = a[i * sa] > b[i * sb]
    elif op == GE:
        for i in range(n):
            out[i] = a[i * sa] >= b[i * sb]
    elif op == FMOD:  # the truncated remainder: the sign of a (C's fmod); b != 0 for integers
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            if (x == 0 or x != -x) and abs(x) < abs(y):   # |x| < |y|: x itself (exact even when |y| >> |x|,
                r = x                                       # where x % y - y loses x's bits in floats)
            else:
                r = x % y
                if r != 0 and (r < 0) != (x < 0):
                    r -= y
            if r == 0:
                r = x * 0
            out[i] = r
    elif op == FMAX:  # max ignoring NaN (NaN only when both are)
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            out[i] = y if (x != x or y > x) else x
    elif op == FMIN:
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            out[i] = y if (x != x or y < x) else x
    elif op == HEAVISIDE:  # b where a == 0, else 1 where a > 0 and 0 where a < 0 (NaN: 0)
        for i in range(n):
            x = a[i * sa]
            out[i] = b[i * sb] if x == 0 else (x > 0)


@kernel
def float_binary_kernel(op, a, b, out):
    """out[i] = f(a[i], b[i]) for the float-only binary ops; laid out as for ``binary_kernel``."""
    n = out.size
    sa = 0 if a.size == 1 else 1
    sb = 0 if b.size == 1 else 1
    if op == ATAN2 and out.itemsize == 4:   # float32: computed in float64, vectorized (kernels/vmath.py)
        _atan2_single(a, b, sa, sb, out)
    elif op == ATAN2:
        for i in range(n):
            out[i] = np.arctan2(a[i * sa], b[i * sb])
    elif op == HYPOT:
        for i in range(n):
            out[i] = np.hypot(a[i * sa], b[i * sb])
    elif op == COPYSIGN:
        for i in range(n):
            out[i] = np.copysign(a[i * sa], b[i * sb])
    elif op == XLOGY:  # x log y, 0 where x == 0 (unless y is NaN)
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            out[i] = y if y != y else (0.0 if x == 0 else x * np.log(y))
    elif op == LOGADDEXP:  # log(e^x + e^y) = max + log1p(e^-|x - y|); equal infinities stay infinite
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            if x == y and (x == np.inf or x == -np.inf):
                out[i] = x
            else:
                m = x if x > y else y
                out[i] = m + np.log1p(np.exp(-abs(x - y)))
    elif op == LOGADDEXP2:
        for i in range(n):
            x, y = a[i * sa], b[i * sb]
            if x == y and (x == np.inf or x == -np.inf):
                out[i] = x
            else:
                m = x if x > y else y
                out[i] = m + np.log1p(np.exp2(-abs(x - y))) / _LN2


@kernel
def bitwise_kernel(op, a, b, out):
    """out[i] = a[i] & | ^ b[i] for integer or bool arrays, laid out as for ``binary_kernel``."""
    n = out.size
    sa = 0 if a.size == 1 else 1
    sb = 0 if b.size == 1 else 1
    if op == BITAND:
        for i in range(n):
            out[i] = a[i * sa] & b[i * sb]
    elif op == BITOR:
        for i in range(n):
            out[i] = a[i * sa] | b[i * sb]
    elif op == BITXOR:
        for i in range(n):
            out[i] = a[i * sa] ^ b[i * sb]


@kernel
def invert_kernel(x, out):
    """out[i] = ~x[i] for an integer array (two's complement; wraps for unsigned types)."""
    for i in range(out.size):
        out[i] = ~x[i]


@kernel
def unary_kernel(op, x, out):
    """out[i] = f(x[i]); x, out 1-D of one length."""
    n = out.size
    if op == NEG:
        for i in range(n):
            out[i] = -x[i]
    elif op == ABS:
        for i in range(n):
            out[i] = abs(x[i])
    elif op == EXP:
        for i in range(n):
            out[i] = vexp(x[i])
    elif op == LOG:
        for i in range(n):
            out[i] = vlog(x[i])
    elif op == SQRT:
        for i in range(n):
            out[i] = np.sqrt(x[i])
    elif (op == SIN or op == COS or op == TAN) and x.itemsize == 4:   # float32: vectorized (kernels/vmath.py)
        _trig_single(op, x, out)
    elif op == SIN:
        for i in range(n):
            out[i] = np.sin(x[i])
    elif op == COS:
        for i in range(n):
            out[i] = np.cos(x[i])
    elif op == TANH and x.itemsize == 4:   # float32: tanh to single precision, vectorized
        for i in range(n):
            out[i] = vtanh_single(x[i])
    elif op == TANH:
        for i in range(n):
            out[i] = np.tanh(x[i])
    elif op == SIGMOID:  # two forms, so exp never overflows (selected, not branched: the loop vectorizes)
        for i in range(n):
            v = x[i]
            e = vexp(-abs(v))
            out[i] = 1.0 / (1.0 + e) if v >= 0 else e / (1.0 + e)
    elif op == RELU:  # NaN and -0.0 pass through, as in PyTorch
        for i in range(n):
            v = x[i]
            out[i] = 0 if v < 0 else v
    elif op == SIGN:
        for i in range(n):
            v = x[i]
            out[i] = (v > 0) - (v < 0)
    elif op == LOG1P and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == LOG1P:
        for i in range(n):
            out[i] = np.log1p(x[i])
    elif op == RECIPROCAL:
        for i in range(n):
            out[i] = 1 / x[i]
    elif op == RSQRT:
        for i in range(n):
            out[i] = 1 / np.sqrt(x[i])
    elif op == GELU and x.itemsize == 4:  # x Phi(x), Phi the standard normal CDF; float32: a vectorized erf
        for i in range(n):
            v = x[i]
            out[i] = 0.5 * v * (1.0 + verf_single(v * _INV_SQRT2))
    elif op == GELU:
        for i in range(n):
            v = x[i]
            out[i] = 0.5 * v * (1.0 + math.erf(v * _INV_SQRT2))
    elif op == GELU_TANH and x.itemsize == 4:  # PyTorch's approximate='tanh'
        for i in range(n):
            v = x[i]
            out[i] = 0.5 * v * (1.0 + vtanh_single(_SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)))
    elif op == GELU_TANH:
        for i in range(n):
            v = x[i]
            out[i] = 0.5 * v * (1.0 + np.tanh(_SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)))
    elif op == SILU:  # x s(x)
        for i in range(n):
            v = x[i]
            out[i] = v / (1.0 + vexp(-v))
    elif op == ASIN and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == ASIN:
        for i in range(n):
            out[i] = np.arcsin(x[i])
    elif op == ACOS and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == ACOS:
        for i in range(n):
            out[i] = np.arccos(x[i])
    elif op == ATAN and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == ATAN:
        for i in range(n):
            out[i] = np.arctan(x[i])
    elif op == SINH:
        for i in range(n):
            out[i] = vsinh(x[i])
    elif op == COSH:
        for i in range(n):
            out[i] = vcosh(x[i])
    elif op == TAN:
        for i in range(n):
            out[i] = np.tan(x[i])
    elif op == ASINH:
        for i in range(n):
            out[i] = np.arcsinh(x[i])
    elif op == ACOSH:
        for i in range(n):
            out[i] = np.arccosh(x[i])
    elif op == ATANH:
        for i in range(n):
            out[i] = np.arctanh(x[i])
    elif op == ERF and x.itemsize == 4:   # float32: erf to single precision, vectorized
        for i in range(n):
            out[i] = verf_single(x[i])
    elif op == ERF:
        for i in range(n):
            out[i] = math.erf(x[i])
    elif op == ERFC and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == ERFC:
        for i in range(n):
            out[i] = math.erfc(x[i])
    elif op == EXPM1 and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == EXPM1:
        for i in range(n):
            out[i] = np.expm1(x[i])
    elif op == LOG2 and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == LOG2:
        for i in range(n):
            out[i] = np.log2(x[i])
    elif op == LOG10 and x.itemsize == 4:
        _unary_single(op, x, out)
    elif op == LOG10:
        for i in range(n):
            out[i] = np.log10(x[i])
    elif op == EXP2:
        for i in range(n):
            out[i] = np.exp2(x[i])
    elif op == FLOOR:
        for i in range(n):
            out[i] = np.floor(x[i])
    elif op == CEIL:
        for i in range(n):
            out[i] = np.ceil(x[i])
    elif op == TRUNC:
        for i in range(n):
            out[i] = np.trunc(x[i])
    elif op == FRAC:  # x - trunc(x), the sign of x kept
        for i in range(n):
            out[i] = x[i] - np.trunc(x[i])
    elif op == ERFINV:
        for i in range(n):
            out[i] = _erfinv(x[i] * 1.0)
    elif op == ROUND:  # half to even, as PyTorch's nearbyint
        for i in range(n):
            out[i] = np.rint(x[i])
    elif op == SINC:  # sin(pi x) / (pi x), 1 at 0; each step rounded to the dtype through out[i],
        for i in range(n):  # as PyTorch computes it in float32 for a float32 x
            out[i] = np.pi
            out[i] = x[i] * out[i]
            v = out[i]
            if v == 0:
                out[i] = 1.0
            else:
                out[i] = np.sin(v)
                out[i] = out[i] / v
    elif op == ONE_MINUS_SQUARE:  # 1 - x^2 rounded once (exact in float64 for a float32 x), as a fused
        for i in range(n):        # multiply-add gives it: tanh's derivative in PyTorch's rounding
            v = x[i] * 1.0
            out[i] = 1.0 - v * v


#: The float32 vmath loops: as ``kernel``, with multiply-adds fused (FMA).  The approximations'
#: error analysis holds with or without fusing (Cody-Waite's products stay exact, the rest has
#: float64 rounding far below float32's); fused, sin runs in 195 instead of 313 us at 512x512.
vmath_kernel = njit(cache=True, error_model="numpy", nogil=True, fastmath={"contract"})


@vmath_kernel
def _unary_single(op, x, out):
    """The float32 unary ops of ``kernels/vmath.py`` other than sin, cos and tan, one loop each."""
    n = out.size
    if op == LOG1P:
        for i in range(n):
            out[i] = vlog1p_single(x[i])
    elif op == ASIN:
        for i in range(n):
            out[i] = vasin_single(x[i])
    elif op == ACOS:
        for i in range(n):
            out[i] = vacos_single(x[i])
    elif op == ATAN:
        for i in range(n):
            out[i] = vatan_single(x[i])
    elif op == ERFC:
        for i in range(n):
            out[i] = verfc_single(x[i])
    elif op == EXPM1:
        for i in range(n):
            out[i] = vexpm1_single(x[i])
    elif op == LOG2:
        for i in range(n):
            out[i] = vlog2_single(x[i])
    elif op == LOG10:
        for i in range(n):
            out[i] = vlog10_single(x[i])


@vmath_kernel
def _atan2_single(a, b, sa, sb, out):
    """atan2 of float32 operands laid out as for ``binary_kernel`` (strides ``sa``, ``sb``)."""
    for i in range(out.size):
        out[i] = vatan2_single(a[i * sa], b[i * sb])


@vmath_kernel
def _trig_single(op, x, out):
    """sin, cos or tan of a float32 array in one vectorized pass (``vsin_single`` etc., float64
    inside); the lanes with |x| >= TRIG_REDUCTION_LIMIT (and inf/NaN), counted in that pass, are
    then recomputed with libm one by one."""
    n = out.size
    big = 0
    if op == SIN:
        for i in range(n):
            v = x[i]
            out[i] = vsin_single(v)
            big += not abs(v) < TRIG_REDUCTION_LIMIT
    elif op == COS:
        for i in range(n):
            v = x[i]
            out[i] = vcos_single(v)
            big += not abs(v) < TRIG_REDUCTION_LIMIT
    else:
        for i in range(n):
            v = x[i]
            out[i] = vtan_single(v)
            big += not abs(v) < TRIG_REDUCTION_LIMIT
    if big:
        for i in range(n):
            v = x[i]
            if not abs(v) < TRIG_REDUCTION_LIMIT:
                out[i] = np.sin(v) if op == SIN else (np.cos(v) if op == COS else np.tan(v))


@njit(cache=True, error_model="numpy", nogil=True)
def _erfinv(y):
    """The inverse of erf (float64): a rational first guess, then two Newton steps on erf(x) = y."""
    y_abs = abs(y)
    if y_abs > 1.0 or y != y:
        return np.nan
    if y_abs == 1.0:
        return np.copysign(np.inf, y)
    a, b, c, d = _EI_A, _EI_B, _EI_C, _EI_D
    if y_abs <= 0.7:
        z = y * y
        num = ((a[3] * z + a[2]) * z + a[1]) * z + a[0]
        dem = (((b[3] * z + b[2]) * z + b[1]) * z + b[0]) * z + 1.0
        x = y * num / dem
    else:
        z = np.sqrt(-np.log((1.0 - y_abs) / 2.0))
        num = ((c[3] * z + c[2]) * z + c[1]) * z + c[0]
        dem = (d[1] * z + d[0]) * z + 1.0
        x = np.copysign(num, y) / dem
    x = x - (math.erf(x) - y) / (_TWO_OVER_SQRT_PI * np.exp(-x * x))
    x = x - (math.erf(x) - y) / (_TWO_OVER_SQRT_PI * np.exp(-x * x))
    return x


@kernel
def unary_backward_kernel(op, x, y, g, out):
    """Fused derivatives of the activations: out[i] = g[i] * f'(x[i]) (y = f(x) where cheaper);
    the other unary ops' derivatives are Tensor formulas in ``ops/table.py`` (ReLU's calls RELU here)."""
    n = out.size
    if op == RELU:  # g where x > 0 (NaN passes), else 0: one contiguous pass (the backward of ReLU)
        for i in range(n):
            out[i] = 0 if x[i] <= 0 else g[i]
    elif op == GELU and x.itemsize == 4:  # (x Phi(x))' = Phi(x) + x phi(x)
        for i in range(n):
            v = x[i]
            out[i] = g[i] * (0.5 * (1.0 + verf_single(v * _INV_SQRT2)) + v * _INV_SQRT_2PI * vexp(-0.5 * v * v))
    elif op == GELU:
        for i in range(n):
            v = x[i]
            out[i] = g[i] * (0.5 * (1.0 + math.erf(v * _INV_SQRT2)) + v * _INV_SQRT_2PI * vexp(-0.5 * v * v))
    elif op == GELU_TANH and x.itemsize == 4:  # u = c (x + 0.044715 x^3): (x/2 (1 + tanh u))' = (1 + t)/2 + x/2 (1 - t^2) u'
        for i in range(n):
            v = x[i]
            t = vtanh_single(_SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))
            du = _SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * v * v)
            out[i] = g[i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * du)
    elif op == GELU_TANH:
        for i in range(n):
            v = x[i]
            t = np.tanh(_SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))
            du = _SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * v * v)
            out[i] = g[i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * du)
    elif op == SILU:  # (x s(x))' = s(x) (1 + x (1 - s(x)))
        for i in range(n):
            v = x[i]
            s = 1.0 / (1.0 + vexp(-v))
            out[i] = g[i] * s * (1.0 + v * (1.0 - s))


@kernel
def leaky_relu_kernel(x, slope, out):
    """out[i] = x[i] if x[i] > 0 else slope * x[i]."""
    for i in range(out.size):
        v = x[i]
        out[i] = v if v > 0 else v * slope


@kernel
def leaky_relu_backward_kernel(x, g, slope, out):
    """out[i] = g[i] if x[i] > 0 else slope * g[i]."""
    for i in range(out.size):
        out[i] = g[i] if x[i] > 0 else g[i] * slope


@kernel
def lerp_kernel(start, end, weight, out):
    """out[i] = start + w (end - start) for w < 0.5, else end - (end - start)(1 - w) (exact at
    both ends, PyTorch's two-sided form); operands laid out as for ``binary_kernel``."""
    n = out.size
    ss = 0 if start.size == 1 else 1
    se = 0 if end.size == 1 else 1
    sw = 0 if weight.size == 1 else 1
    for i in range(n):
        a, b, w = start[i * ss], end[i * se], weight[i * sw]
        d = b - a
        out[i] = a + w * d if abs(w) < 0.5 else b - d * (1 - w)


@kernel
def where_kernel(cond, a, b, out):
    """out[i] = a[i] if cond[i] else b[i]."""
    for i in range(out.size):
        out[i] = a[i] if cond[i] else b[i]


@kernel
def clamp_kernel(x, lo, hi, use_lo, use_hi, out):
    """out[i] = min(max(x[i], lo), hi), each bound only when enabled; NaN (in x or a bound) gives NaN."""
    for i in range(out.size):
        v = x[i]
        if use_lo and (v < lo or lo != lo):   # a NaN bound gives NaN, as in PyTorch
            v = lo
        if use_hi and (v > hi or hi != hi):
            v = hi
        out[i] = v


@kernel
def clamp_backward_kernel(x, lo, hi, use_lo, use_hi, g, out):
    """Gradient flows where lo <= x <= hi (bounds included, as in PyTorch)."""
    for i in range(out.size):
        v = x[i]
        inside = (not use_lo or v >= lo) and (not use_hi or v <= hi)
        out[i] = g[i] if inside else 0


@kernel
def arange_kernel(start, step, out):
    """out[i] = start + i * step (in the type of start and step: int64 stays exact)."""
    for i in range(out.size):
        out[i] = start + i * step


@njit(cache=True, error_model="numpy", nogil=True, fastmath={"contract"})
def linspace_kernel(start, end, step, ramp, out):
    """n evenly spaced values from start to end; like PyTorch, the first half counts up from
    start and the second half down from end, so both ends are exact.

    ``start``, ``end``, ``step`` and ``ramp`` (0, 1, ..., n-1) have the arithmetic's dtype, so a
    float32 result is computed in float32 as PyTorch computes it (float64 for other results).
    """
    n = out.size
    if n == 1:
        out[0] = start
        return
    half = n // 2
    for i in range(n):
        out[i] = start + step * ramp[i] if i < half else end - step * ramp[n - 1 - i]


# ---- Python wrappers: layout and allocation (NumPy), then one kernel call ----------------

def flat(x, shape, dt):
    """``x`` broadcast to ``shape`` as a 1-D C-contiguous array of NumPy dtype ``dt``.

    A view when ``x`` already has that shape, layout and dtype; otherwise a copy.
    """
    if x.shape != shape:
        if x.size == 1:  # a scalar operand: filling is much cheaper than broadcast_to + copy
            out = np.empty(math.prod(shape), dt)
            out.fill(x.ravel()[0])
            return out
        x = np.broadcast_to(x, shape)
    if x.dtype != dt:
        x = x.astype(dt)
    if not x.flags.c_contiguous:
        x = np.ascontiguousarray(x)
    return x.ravel()


def broadcast_shape(a, b):
    """The shape ``a <op> b`` broadcasts to (fast paths for equal shapes and scalars)."""
    if a.shape == b.shape:
        return a.shape
    if b.size == 1 and b.ndim <= a.ndim:
        return a.shape
    if a.size == 1 and a.ndim <= b.ndim:
        return b.shape
    return np.broadcast_shapes(a.shape, b.shape)


def binary(op, a, b, compute_dt, out_dt=None, out=None, kernel=binary_kernel):
    """``a <op> b`` with broadcasting, computed in ``compute_dt``, stored as ``out_dt``.

    ``out`` (optional): a C-contiguous array of the broadcast shape to write into.
    A one-element operand is passed to the kernel as is (not broadcast to a full array).
    ``kernel``: ``binary_kernel``, or ``bitwise_kernel`` for its op codes.
    """
    if (out is None and a.shape == b.shape and a.dtype == b.dtype == compute_dt and a.flags.c_contiguous
            and b.flags.c_contiguous):  # the common case, with no layout work
        out = np.empty(a.shape, compute_dt if out_dt is None else out_dt)
        kernel(op, a.ravel(), b.ravel(), out.ravel())
        return out
    if (out is None and b.size == 1 and b.ndim <= a.ndim and a.dtype == b.dtype == compute_dt
            and a.flags.c_contiguous):  # tensor <op> scalar, as common
        out = np.empty(a.shape, compute_dt if out_dt is None else out_dt)
        kernel(op, a.ravel(), b.ravel(), out.ravel())
        return out
    shape = broadcast_shape(a, b)
    if out is None:
        out = np.empty(shape, compute_dt if out_dt is None else out_dt)
    kernel(op, _operand(a, shape, compute_dt), _operand(b, shape, compute_dt), out.ravel())
    return out


def invert(x):
    """~x for an integer array, same shape and dtype."""
    out = np.empty(x.shape, x.dtype)
    invert_kernel(flat(x, x.shape, x.dtype), out.ravel())
    return out


def _operand(x, shape, dt):
    """A binary kernel's operand: ``flat(x, shape, dt)``, or one value when ``x`` has one."""
    if x.size == 1:
        return (x if x.dtype == dt else x.astype(dt)).ravel()
    return flat(x, shape, dt)


def unary(op, x, out=None):
    """f(x) elementwise, same shape and dtype."""
    if out is None:
        out = np.empty(x.shape, x.dtype)
    unary_kernel(op, flat(x, x.shape, x.dtype), out.ravel())
    return out


def leaky_relu(x, slope):
    """x where x > 0, slope * x elsewhere (float x)."""
    out = np.empty(x.shape, x.dtype)
    leaky_relu_kernel(flat(x, x.shape, x.dtype), x.dtype.type(slope), out.ravel())
    return out


def leaky_relu_backward(x, g, slope):
    out = np.empty(g.shape, g.dtype)
    leaky_relu_backward_kernel(flat(x, x.shape, x.dtype), flat(g, g.shape, g.dtype), g.dtype.type(slope), out.ravel())
    return out


def unary_backward(op, x, y, g):
    """g * f'(x) for the unary op ``op``; x, y = f(x) and g share one shape and dtype."""
    shape, dt = g.shape, g.dtype
    out = np.empty(shape, dt)
    unary_backward_kernel(op, flat(x, shape, dt), flat(y, shape, dt), flat(g, shape, dt), out.ravel())
    return out


def lerp(start, end, weight, dt):
    """start + weight (end - start), broadcasting all three, in float dtype ``dt``."""
    shape = np.broadcast_shapes(start.shape, end.shape, weight.shape)
    out = np.empty(shape, dt)
    lerp_kernel(_operand(start, shape, dt), _operand(end, shape, dt), _operand(weight, shape, dt), out.ravel())
    return out


def where(cond, a, b, dt):
    """Elementwise select with broadcasting of all three operands."""
    shape = np.broadcast_shapes(cond.shape, a.shape, b.shape)
    out = np.empty(shape, dt)
    where_kernel(flat(cond, shape, np.bool_), flat(a, shape, dt), flat(b, shape, dt), out.ravel())
    return out


def clamp(x, lo, hi):
    out = np.empty(x.shape, x.dtype)
    clamp_kernel(flat(x, x.shape, x.dtype), *_bounds(x.dtype, lo, hi), out.ravel())
    return out


def clamp_backward(x, lo, hi, g):
    out = np.empty(g.shape, g.dtype)
    clamp_backward_kernel(flat(x, g.shape, g.dtype), *_bounds(g.dtype, lo, hi), flat(g, g.shape, g.dtype),
                          out.ravel())
    return out


def _bounds(dt, lo, hi):
    # astype wraps a negative integer bound for uint8, as PyTorch's conversion does
    return (np.array(0 if lo is None else lo).astype(dt)[()], np.array(0 if hi is None else hi).astype(dt)[()],
            lo is not None, hi is not None)


@kernel
def tri_kernel(x, k, lower, out):
    """out = x with the elements above (``lower``) or below the k-th diagonal set to 0; x and
    out (batch, rows, cols), out C-contiguous: tril keeps j - i <= k, triu keeps j - i >= k."""
    for b in range(x.shape[0]):
        for i in range(x.shape[1]):
            for j in range(x.shape[2]):
                keep = (j - i <= k) if lower else (j - i >= k)
                out[b, i, j] = x[b, i, j] if keep else 0


def tri(x, k, lower):
    """tril (``lower``) or triu of array x (at least 2-D) over its last two dimensions."""
    out = np.empty(x.shape, x.dtype)
    block = (math.prod(x.shape[:-2]), x.shape[-2], x.shape[-1])
    tri_kernel(x.reshape(block), k, lower, out.reshape(block))
    return out
