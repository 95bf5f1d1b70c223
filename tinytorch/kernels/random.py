"""Random-number kernels: PyTorch's CPU generator (a 32-bit Mersenne Twister) and the
transforms that turn its draws into samples, step for step as PyTorch 2.13 does on CPU.

The generator state is two arrays owned by ``tinytorch.Generator``: ``mt`` (uint32[624], the
twister's words) and ``pos`` (int64[2]: ``left``, how many draws until the words are
regenerated, and ``next``, the index of the next word), the fields of PyTorch's mt19937.
A 64-bit draw is two 32-bit draws, the first one the high half.

The words are seeded (init_genrand) in ``_generator.py``.  Every ``fill_*`` kernel writes a 1-D output in order, one sample after the other: the caller
passes the tensor's elements in the order PyTorch's TensorIterator visits them (memory order).

Uniforms: a float32 one is the low 24 bits of a 32-bit draw times 2**-24, a float64 one the
low 53 bits of a 64-bit draw times 2**-53, then ``x * (to - from) + from`` in that type,
fused into one rounding as PyTorch's compiled kernel does.
"""
import math
from fractions import Fraction

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic, overload

from . import kernel

_N, _M = 624, 397
_MATRIX_A, _UPPER, _LOWER = np.uint32(0x9908B0DF), np.uint32(0x80000000), np.uint32(0x7FFFFFFF)
_F32_DIV = np.float32(1.0 / (1 << 24))
_F64_DIV = 1.0 / (1 << 53)
_TWO_PI = 2.0 * math.pi


@intrinsic
def _fma_intrinsic(typingctx, a, b, c):
    if not (isinstance(a, types.Float) and a == b == c):
        return None

    def codegen(context, builder, signature, args):
        t = args[0].type
        fn = builder.module.declare_intrinsic("llvm.fma", [t], ir.FunctionType(t, [t, t, t]))
        return builder.call(fn, args)
    return a(a, a, a), codegen


def fma(a, b, c):
    """a * b + c with one rounding, in the type of ``a`` (LLVM's fma when compiled; this plain
    Python version, exact up to the final conversion, runs under NUMBA_DISABLE_JIT)."""
    return type(a)(float(Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))))


@overload(fma)
def _fma_overload(a, b, c):
    if isinstance(a, types.Float) and a == b == c:
        return lambda a, b, c: _fma_intrinsic(a, b, c)
    return None


# ---- the twister ----------------------------------------------------------------------

@kernel
def _twist(mt):
    for k in range(_N):
        y = (mt[k] & _UPPER) | (mt[(k + 1) % _N] & _LOWER)
        v = mt[(k + _M) % _N] ^ (y >> np.uint32(1))
        if y & np.uint32(1):
            v ^= _MATRIX_A
        mt[k] = v


@kernel
def next32(mt, pos):
    """The next 32-bit draw (regenerating the words when ``left`` runs out)."""
    pos[0] -= 1
    if pos[0] == 0:
        _twist(mt)
        pos[0] = _N
        pos[1] = 0
    y = mt[pos[1]]
    pos[1] += 1
    y ^= y >> np.uint32(11)
    y ^= (y << np.uint32(7)) & np.uint32(0x9D2C5680)
    y ^= (y << np.uint32(15)) & np.uint32(0xEFC60000)
    y ^= y >> np.uint32(18)
    return y


@kernel
def next64(mt, pos):
    hi = np.uint64(next32(mt, pos))
    lo = np.uint64(next32(mt, pos))
    return (hi << np.uint64(32)) | lo


@kernel
def draw32(mt, pos, out):
    """Raw 32-bit draws, for tests and for callers that transform them themselves."""
    for i in range(out.size):
        out[i] = next32(mt, pos)


@kernel
def uniform01_f32(mt, pos):
    return np.float32(next32(mt, pos) & np.uint32(0xFFFFFF)) * _F32_DIV


@kernel
def uniform01_f64(mt, pos):
    return np.float64(next64(mt, pos) & np.uint64(0x1FFFFFFFFFFFFF)) * _F64_DIV


# ---- uniform ------------------------------------------------------------------------------

@kernel
def fill_uniform_f32(mt, pos, out, low, high):
    lo, span = np.float32(low), np.float32(high) - np.float32(low)
    for i in range(out.size):
        out[i] = fma(uniform01_f32(mt, pos), span, lo)


@kernel
def fill_uniform_f64(mt, pos, out, low, high):
    lo, span = np.float64(low), np.float64(high) - np.float64(low)
    for i in range(out.size):
        out[i] = fma(uniform01_f64(mt, pos), span, lo)


# ---- normal -------------------------------------------------------------------------------

@kernel
def fill_normal_serial(mt, pos, cache, out, mean, std):
    """Box-Muller in float64, one sample at a time (PyTorch's path below 16 elements or for
    strided outputs): each pair of 53-bit uniforms gives r cos(theta), and r sin(theta) is kept
    in ``cache`` (float64[2]: valid flag, value) for the next sample, across calls."""
    for i in range(out.size):
        if cache[0] != 0.0:
            z = cache[1]
            cache[0] = 0.0
        else:
            u1 = uniform01_f64(mt, pos)
            u2 = uniform01_f64(mt, pos)
            r = math.sqrt(-2.0 * math.log1p(-u2))
            theta = _TWO_PI * u1
            cache[0] = 1.0
            cache[1] = r * math.sin(theta)
            z = r * math.cos(theta)
        out[i] = fma(z, std, mean)


@kernel
def _box_muller_16_f64(data, start, mean, std):
    for j in range(8):
        u1 = 1.0 - data[start + j]
        u2 = data[start + j + 8]
        radius = math.sqrt(-2.0 * math.log(u1))
        theta = _TWO_PI * u2
        data[start + j] = fma(radius * math.cos(theta), std, mean)
        data[start + j + 8] = fma(radius * math.sin(theta), std, mean)


@kernel
def fill_normal_blocks_f64(mt, pos, out, mean, std):
    """float64 normal_ of 16 or more contiguous elements: all uniforms first, Box-Muller on
    blocks of 16 (first half radius, second half angle); an odd tail redraws the last 16."""
    n = out.size
    for i in range(n):
        out[i] = uniform01_f64(mt, pos)
    for start in range(0, n - 15, 16):
        _box_muller_16_f64(out, start, mean, std)
    if n % 16 != 0:
        for i in range(n - 16, n):
            out[i] = uniform01_f64(mt, pos)
        _box_muller_16_f64(out, n - 16, mean, std)


# float32 log, sin and cos as PyTorch's AVX2 normal kernel computes them (Cephes polynomials
# in single precision, as in Pommier's SSE/AVX math functions).
_LOG_P = np.array([7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1, 1.4249322787E-1,
                   -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1], np.float32)
_SQRTHF = np.float32(0.707106781186547524)
_LOG_Q1, _LOG_Q2 = np.float32(-2.12194440e-4), np.float32(0.693359375)
_DP1, _DP2, _DP3 = np.float32(-0.78515625), np.float32(-2.4187564849853515625e-4), np.float32(-3.77489497744594108e-8)
_SIN_P = np.array([-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1], np.float32)
_COS_P = np.array([2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002], np.float32)
_FOPI = np.float32(1.27323954473516)
_HALF, _ONE = np.float32(0.5), np.float32(1.0)


@kernel
def log_f32(x):
    """Natural log of a float32 in (0, 1] (the range the normal kernel uses)."""
    bits = np.array([x], np.float32).view(np.int32)[0]
    e = np.float32(((bits >> 23) & 0xFF) - 0x7F) + _ONE
    m = np.array([(bits & np.int32(~0x7F800000)) | np.int32(0x3F000000)], np.int32).view(np.float32)[0]
    if m < _SQRTHF:
        e = e - _ONE
        m = (m - _ONE) + m
    else:
        m = m - _ONE
    z = m * m
    y = _LOG_P[0]
    for k in range(1, 9):
        y = fma(y, m, _LOG_P[k])
    y = y * m
    y = fma(y, z, e * _LOG_Q1)
    y = fma(-z, _HALF, y)
    return fma(e, _LOG_Q2, m + y)


@kernel
def sincos_f32(x):
    """(sin x, cos x) of a float32 x >= 0 (the normal kernel's angles are in [0, 2 pi))."""
    j = np.int32(x * _FOPI)
    j = (j + np.int32(1)) & np.int32(~1)
    y = np.float32(j)
    sin_sign = (j & 4) != 0
    cos_sign = ((j - 2) & 4) == 0
    use_sin_poly = (j & 2) == 0
    x = fma(y, _DP1, x)
    x = fma(y, _DP2, x)
    x = fma(y, _DP3, x)
    z = x * x
    c = _COS_P[0]
    c = fma(c, z, _COS_P[1])
    c = fma(c, z, _COS_P[2])
    c = c * z
    c = fma(c, z, -z * _HALF) + _ONE
    s = _SIN_P[0]
    s = fma(s, z, _SIN_P[1])
    s = fma(s, z, _SIN_P[2])
    s = s * z
    s = fma(s, x, x)
    if use_sin_poly:
        sn, cs = s, c
    else:
        sn, cs = c, s
    return (-sn if sin_sign else sn), (-cs if cos_sign else cs)


@kernel
def _box_muller_16_f32(data, start, mean, std):
    for j in range(8):
        u1 = _ONE - data[start + j]
        u2 = data[start + j + 8]
        radius = np.float32(math.sqrt(np.float32(-2.0) * log_f32(u1)))
        s, c = sincos_f32(np.float32(_TWO_PI) * u2)
        data[start + j] = fma(radius * c, std, mean)
        data[start + j + 8] = fma(radius * s, std, mean)


@kernel
def fill_normal_blocks_f32(mt, pos, out, mean, std):
    """float32 normal_ of 16 or more contiguous elements, as fill_normal_blocks_f64 with 24-bit
    uniforms and single-precision log/sin/cos."""
    n = out.size
    mean32, std32 = np.float32(mean), np.float32(std)
    for i in range(n):
        out[i] = uniform01_f32(mt, pos)
    for start in range(0, n - 15, 16):
        _box_muller_16_f32(out, start, mean32, std32)
    if n % 16 != 0:
        for i in range(n - 16, n):
            out[i] = uniform01_f32(mt, pos)
        _box_muller_16_f32(out, n - 16, mean32, std32)


# ---- integers -------------------------------------------------------------------------------

@kernel
def fill_random_from_to(mt, pos, out, span, base, wide):
    """Integers in [base, base + span): draw % span + base (a 64-bit draw when ``wide``:
    PyTorch 2.13's rule for spans of 2**28 or more); int64 out."""
    s, b = np.uint64(span), np.uint64(base)
    for i in range(out.size):
        v = next64(mt, pos) if wide else np.uint64(next32(mt, pos))
        out[i] = np.int64(v % s + b)


@kernel
def fill_random_full_64(mt, pos, out):
    """random_(from=-2**63, to=None): every 64-bit pattern, as int64."""
    for i in range(out.size):
        out[i] = np.int64(next64(mt, pos))


@kernel
def fill_random_default(mt, pos, out, modulus, wide):
    """random_() without bounds: draw % modulus (``modulus`` 2 for bool, max + 1 for integers,
    2**digits + 1 for floats; a 64-bit draw for int64 and float64), as int64."""
    m = np.uint64(modulus)
    for i in range(out.size):
        v = next64(mt, pos) if wide else np.uint64(next32(mt, pos))
        out[i] = np.int64(v % m)


@kernel
def randperm_fill(mt, pos, out):
    """A random permutation of 0..n-1 into int64 ``out``: Fisher-Yates from the front with
    ``draw32 % (n - i)`` below 2**32 / 20 elements, the inside-out variant with 64-bit draws above."""
    n = out.size
    if n < 4294967295 // 20:
        for i in range(n):
            out[i] = i
        for i in range(n - 1):
            z = np.int64(np.uint64(next32(mt, pos)) % np.uint64(n - i))
            t = out[i]
            out[i] = out[z + i]
            out[z + i] = t
    else:
        for i in range(n):
            z = np.int64(next64(mt, pos) % np.uint64(i + 1))
            out[i] = out[z]
            out[z] = i


# ---- bernoulli, exponential, multinomial ----------------------------------------------------

@kernel
def fill_bernoulli_scalar(mt, pos, out, p):
    """1 where a 53-bit uniform is below p, else 0 (float64 out)."""
    for i in range(out.size):
        out[i] = 1.0 if uniform01_f64(mt, pos) < p else 0.0


@kernel
def fill_bernoulli_tensor(mt, pos, out, probs, double_probs):
    """out[i] = uniform < probs[i]: a 53-bit uniform against float64 probabilities, a 24-bit
    one against float32 (``double_probs`` False; ``probs`` then holds float32 values)."""
    for i in range(out.size):
        if double_probs:
            out[i] = 1.0 if uniform01_f64(mt, pos) < probs[i] else 0.0
        else:
            out[i] = 1.0 if uniform01_f32(mt, pos) < np.float32(probs[i]) else 0.0


@kernel
def fill_exponential(mt, pos, out, lambd):
    """-1/lambda * log(1 - u) with 53-bit uniforms (float64 out)."""
    scale = -1.0 / lambd
    for i in range(out.size):
        out[i] = scale * math.log1p(-uniform01_f64(mt, pos))


@kernel
def fill_cauchy(mt, pos, out, median, sigma):
    """median + sigma * tan(pi * (u - 1/2)) with 53-bit uniforms (float64 out)."""
    for i in range(out.size):
        out[i] = median + sigma * math.tan(math.pi * (uniform01_f64(mt, pos) - 0.5))


@kernel
def fill_geometric(mt, pos, out, p):
    """ceil(log(u) / log(1 - p)) with 53-bit uniforms: trials up to the first success (float64 out)."""
    denominator = math.log(1.0 - p)
    for i in range(out.size):
        out[i] = math.ceil(math.log(uniform01_f64(mt, pos)) / denominator)


@kernel
def fill_log_normal(mt, pos, cache, out, mean, std):
    """exp of the one-at-a-time float64 normal samples of ``fill_normal_serial`` (the same draws and
    cache), whatever the size: PyTorch's log-normal never takes the 16-element block path."""
    fill_normal_serial(mt, pos, cache, out, mean, std)
    for i in range(out.size):
        out[i] = math.exp(out[i])


@kernel
def _poisson_sample(mt, pos, lam):
    """One Poisson(lam) count: for lam >= 10 Hoermann's transformed rejection (PTRS), for smaller
    lam the product of uniforms until it falls to exp(-lam); 53-bit uniforms throughout."""
    if lam == 0.0:
        return 0.0
    if lam < 10.0:
        limit = math.exp(-lam)
        count = 0.0
        prod = 1.0
        while True:
            prod *= uniform01_f64(mt, pos)
            if prod > limit:
                count += 1.0
            else:
                return count
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = uniform01_f64(mt, pos) - 0.5
        v = uniform01_f64(mt, pos)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if not -9.223372036854775e18 <= k < 9.223372036854775e18:
            k = -9.223372036854775808e18   # PyTorch's int64 cast of an out-of-range count (x86: INT64_MIN)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0.0 or (us < 0.013 and v > us):
            continue
        if (math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b)) <= (
                -lam + k * loglam - math.lgamma(k + 1.0)):
            return k


@kernel
def fill_poisson(mt, pos, rates, out):
    """out[i] = a Poisson(rates[i]) count (rates: float64, non-negative, checked by the caller)."""
    for i in range(out.size):
        out[i] = _poisson_sample(mt, pos, rates[i])


@kernel
def multinomial_with_replacement(mt, pos, probs, cum, out):
    """Each row of ``probs`` (2-D, non-negative, finite, positive sums: checked by the caller)
    gives out.shape[1] category indices: a cumulative sum in the probabilities' dtype (``cum``,
    one row of scratch), normalised, the last bucket set to 1, then a binary search of a
    53-bit uniform per sample."""
    rows, k = probs.shape
    for i in range(rows):
        total = probs[i, 0] - probs[i, 0]
        for j in range(k):
            total += probs[i, j]
            cum[j] = total
        for j in range(k):
            cum[j] /= total
        cum[k - 1] = 1
        for j in range(out.shape[1]):
            u = uniform01_f64(mt, pos)
            left, right = 0, k
            while right - left > 0:
                mid = left + (right - left) // 2
                if cum[mid] < u:
                    left = mid + 1
                else:
                    right = mid
            out[i, j] = left
