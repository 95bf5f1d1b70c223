"""exp written with arithmetic only, so a loop that calls it vectorizes (libm's exp is one call
per element; LLVM cannot widen it).

``vexp(x)`` for a float32 or float64 x: Cody-Waite range reduction x = n ln2 + r, |r| <= ln2/2,
then a minimax polynomial for e^r (Cephes' coefficients: expf's for float32, a degree-11 Taylor
tail for float64), then e^x = e^r 2^n, the power of two built from its bits.  2^n is applied as
two factors 2^(n//2) 2^(n - n//2), so results down to the subnormals and up to overflow (inf)
come out of the same arithmetic, with no branch.  Accuracy: within 2 ulp of the correctly
rounded result in float32, 1 ulp in float64 (checked against float64 and long double in the
tests); NaN gives NaN, -inf gives 0, +inf gives inf.
"""
import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic, overload


@intrinsic
def _float32_from_bits(typingctx, bits):
    """The float32 whose bit pattern is the int32 ``bits``."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.FloatType())
    return types.float32(types.int32), codegen


@intrinsic
def _float64_from_bits(typingctx, bits):
    """The float64 whose bit pattern is the int64 ``bits``."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


@intrinsic
def _bits_of_float64(typingctx, value):
    """The int64 bit pattern of the float64 ``value``."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


_LOG2E = 1.4426950408889634
# ln 2 split so that n * _LN2_HI is exact for |n| < 2^11 (float32) / 2^20 (float64)
_LN2_HI_F, _LN2_LO_F = np.float32(0.693359375), np.float32(-2.12194440e-4)
_LN2_HI_D, _LN2_LO_D = 6.93147180369123816490e-01, 1.90821492927058770002e-10


@njit(inline="always", error_model="numpy")
def vexp32(x):
    """e^x for a float32 x, in float32 arithmetic."""
    xc = min(max(x, np.float32(-104.0)), np.float32(89.0))   # beyond: 0 and inf; NaN handled below
    n = np.floor(xc * np.float32(_LOG2E) + np.float32(0.5))
    r = xc - n * _LN2_HI_F - n * _LN2_LO_F
    p = np.float32(1.9875691500e-4)
    p = p * r + np.float32(1.3981999507e-3)
    p = p * r + np.float32(8.3334519073e-3)
    p = p * r + np.float32(4.1665795894e-2)
    p = p * r + np.float32(1.6666665459e-1)
    p = p * r + np.float32(5.0000001201e-1)
    y = p * (r * r) + r + np.float32(1.0)
    k = np.int32(n)
    h = k >> 1
    s1 = _float32_from_bits((h + np.int32(127)) << np.int32(23))
    s2 = _float32_from_bits((k - h + np.int32(127)) << np.int32(23))
    out = y * s1 * s2
    return out if x == x else x


@njit(inline="always", error_model="numpy")
def vexp64(x):
    """e^x for a float64 x."""
    xc = min(max(x, -746.0), 710.0)   # beyond: 0 and inf; NaN handled below
    n = np.floor(xc * _LOG2E + 0.5)
    r = xc - n * _LN2_HI_D - n * _LN2_LO_D
    # e^r - 1 - r, |r| <= ln2/2: Taylor to r^13 (the remainder is below 2^-60 relative)
    p = 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    y = p * (r * r) + r + 1.0
    k = np.int64(n)
    h = k >> 1
    s1 = _float64_from_bits((h + np.int64(1023)) << np.int64(52))
    s2 = _float64_from_bits((k - h + np.int64(1023)) << np.int64(52))
    out = y * s1 * s2
    return out if x == x else x


def vexp(x):
    """e^x for a float32 or float64 x (``vexp32`` / ``vexp64``), usable inside kernels."""
    return np.exp(x)


@overload(vexp)
def _vexp_overload(x):
    if x == types.float32:
        return lambda x: vexp32(x)
    return lambda x: vexp64(x)


# erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2), z >= 0: a Chebyshev fit with relative error
# below 1.2e-7 everywhere (Numerical Recipes' erfcc)
_ERFC_P = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398,
           1.48851587, -0.82215223, 0.17087277)


@njit(inline="always", error_model="numpy")
def verf_single(v):
    """erf(v) to float32 accuracy (relative error below 2e-7), computed in float64 with
    arithmetic and ``vexp64`` only, so a loop over it vectorizes: the odd Taylor series of erf
    for |v| < 0.5 (terms to v^15), 1 - erfc(|v|) with its sign beyond."""
    a = abs(v)
    z = v * v
    series = v * 1.1283791670955126 * (1.0 + z * (-1.0 / 3 + z * (1.0 / 10 + z * (-1.0 / 42 + z * (
        1.0 / 216 + z * (-1.0 / 1320 + z * (1.0 / 9360 - z / 75600)))))))
    t = 1.0 / (1.0 + 0.5 * a)
    p = _ERFC_P[9]
    p = p * t + _ERFC_P[8]
    p = p * t + _ERFC_P[7]
    p = p * t + _ERFC_P[6]
    p = p * t + _ERFC_P[5]
    p = p * t + _ERFC_P[4]
    p = p * t + _ERFC_P[3]
    p = p * t + _ERFC_P[2]
    p = p * t + _ERFC_P[1]
    p = p * t + _ERFC_P[0]
    tail = 1.0 - t * vexp64(-z + p)
    tail = tail if v >= 0 else -tail
    return series if a < 0.5 else tail



@njit(inline="always", error_model="numpy")
def vtanh_single(v):
    """tanh(v) to float32 accuracy, computed in float64 with arithmetic and ``vexp64`` only (the
    loop vectorizes): Cephes' odd polynomial for |v| < 0.625, 1 - 2 / (e^(2|v|) + 1) with v's
    sign beyond (e^(2|v|) overflowing to inf gives exactly +-1)."""
    z = v * v
    small = ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z
              + 1.33314422036e-1) * z - 3.33332819422e-1) * z * v + v
    large = 1.0 - 2.0 / (vexp64(2.0 * abs(v)) + 1.0)
    large = large if v >= 0 else -large
    small = small if v != 0 else v   # keeps -0.0
    return small if abs(v) < 0.625 else large


@njit(inline="always", error_model="numpy")
def _half_exp(a):
    """e^a / 2 for a >= 0, in float64 (exact halving; near the overflow bound e^(a/2) (e^(a/2) / 2),
    finite where e^a is not)."""
    a = np.float64(a)
    h = vexp(0.5 * a)
    return 0.5 * vexp(a) if a < 709.0 else h * (0.5 * h)


@njit(inline="always", error_model="numpy")
def vcosh(v):
    """cosh(v) = (e^|v| + e^-|v|) / 2 with ``vexp`` (no cancellation: both terms are positive);
    e^|v| / 2 stays finite up to cosh's own overflow bound (``_half_exp``)."""
    e = _half_exp(abs(v))
    return e + 0.25 / e


@njit(inline="always", error_model="numpy")
def vsinh(v):
    """sinh(v): the odd Taylor series to v^15 for |v| < 0.5 (where e^v - e^-v cancels), else
    (e^|v| - e^-|v|) / 2 with v's sign."""
    z = v * v
    series = v * (1.0 + z / 6 * (1.0 + z / 20 * (1.0 + z / 42 * (1.0 + z / 72 * (1.0 + z / 110 * (
        1.0 + z / 156 * (1.0 + z / 210)))))))
    e = _half_exp(abs(v))
    large = e - 0.25 / e
    large = large if v >= 0 else -large
    return series if abs(v) < 0.5 else large



@njit(inline="always", error_model="numpy")
def vlog(v):
    """log(v) in float64 (a float32 v is widened): v = m 2^e with m in [sqrt(1/2), sqrt(2)),
    the exponent and mantissa read from the bits (subnormals scaled by 2^54 first), then
    log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716, by its odd series to s^21;
    within 2 ulp in float64, correctly rounded to float32.  0 gives -inf, a negative v or NaN gives NaN, inf gives inf."""
    a = np.float64(v)
    tiny = a < 2.2250738585072014e-308
    b = a * 18014398509481984.0 if tiny else a       # 2^54
    bits = _bits_of_float64(b)
    e = ((bits >> np.int64(52)) & np.int64(0x7FF)) - np.int64(1023)
    m = _float64_from_bits((bits & np.int64(0xFFFFFFFFFFFFF)) | np.int64(0x3FF0000000000000))
    big = m > 1.4142135623730951
    m = 0.5 * m if big else m
    k = np.float64(e) + (1.0 if big else 0.0) - (54.0 if tiny else 0.0)
    s = (m - 1.0) / (m + 1.0)
    z = s * s
    p = 2.0 / 21
    p = p * z + 2.0 / 19
    p = p * z + 2.0 / 17
    p = p * z + 2.0 / 15
    p = p * z + 2.0 / 13
    p = p * z + 2.0 / 11
    p = p * z + 2.0 / 9
    p = p * z + 2.0 / 7
    p = p * z + 2.0 / 5
    p = p * z + 2.0 / 3
    log_m = 2.0 * s + s * z * p
    out = k * _LN2_HI_D + (log_m + k * _LN2_LO_D)
    out = out if a > 0 else (-np.inf if a == 0 else np.nan)
    return out if a < np.inf else a
