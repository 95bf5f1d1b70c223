"""The vectorizable exp of the kernels (``kernels/vmath.py``) against NumPy's long double exp."""
import math

import numpy as np
import pytest
from numba import njit

from tinytorch.kernels.vmath import vcosh, verf_single, vexp, vlog, vsinh, vtanh_single


@njit(error_model="numpy")
def _exp_all(x, out):
    for i in range(out.size):
        out[i] = vexp(x[i])


def _max_ulp(out, ref, dt):
    """The largest |out - ref| in units of the last place of ``ref`` rounded to ``dt``."""
    err = np.abs(out.astype(np.longdouble) - ref)
    return float((err / np.spacing(np.abs(ref).astype(dt)).astype(np.longdouble)).max())


def _ulp_error(x, dt):
    out = np.empty_like(x)
    _exp_all(x, out)
    ref = np.exp(x.astype(np.longdouble))
    with np.errstate(over="ignore"):
        normal = (ref < np.finfo(dt).max) & (ref > np.finfo(dt).tiny)
    return _max_ulp(out[normal], ref[normal], dt)


def test_float32_exp_is_within_one_ulp_over_its_whole_range():
    assert _ulp_error(np.linspace(-104, 89, 2_000_001).astype(np.float32), np.float32) < 1.0


def test_float64_exp_is_within_one_ulp():
    x = np.random.default_rng(0).uniform(-745, 709, 1_000_000)
    assert _ulp_error(np.concatenate([x, np.linspace(-1, 1, 100_001)]), np.float64) < 1.0


@pytest.mark.parametrize("dt", [np.float32, np.float64])
def test_special_values_and_the_ends_of_the_range(dt):
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1000.0, -1000.0, 88.8, -103.0, 709.8, -745.0], dt)
    out = np.empty_like(x)
    _exp_all(x, out)
    with np.errstate(over="ignore"):
        expected = np.exp(x)
    assert np.allclose(out, expected, rtol=1e-6, atol=0, equal_nan=True)
    assert out[0] == 1.0 and out[1] == 1.0 and out[2] == np.inf and out[3] == 0.0 and np.isnan(out[4])


@njit(error_model="numpy")
def _erf_all(x, out):
    for i in range(out.size):
        out[i] = verf_single(x[i])


def test_single_precision_erf_is_within_float32_rounding_everywhere():
    x = np.concatenate([np.linspace(-7, 7, 1_400_001), np.geomspace(1e-30, 0.5, 10_001),
                        -np.geomspace(1e-30, 0.5, 10_001)])
    out = np.empty_like(x)
    _erf_all(x, out)
    ref = np.array([math.erf(v) for v in x])
    assert np.max(np.abs(out - ref) / np.abs(ref).clip(1e-300)) < 6e-8   # half a float32 ulp
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan])
    out = np.empty_like(special)
    _erf_all(special, out)
    assert out[0] == 0 and out[2] == 1 and out[3] == -1 and np.isnan(out[4])


@njit(error_model="numpy")
def _tanh_all(x, out):
    for i in range(out.size):
        out[i] = vtanh_single(x[i])


def test_single_precision_tanh_is_within_float32_rounding_everywhere():
    x = np.concatenate([np.linspace(-12, 12, 1_200_001), np.geomspace(1e-30, 0.7, 10_001),
                        -np.geomspace(1e-30, 0.7, 10_001)])
    out = np.empty_like(x)
    _tanh_all(x, out)
    assert np.max(np.abs(out - np.tanh(x)) / np.abs(np.tanh(x)).clip(1e-300)) < 6e-8
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e3])
    out = np.empty_like(special)
    _tanh_all(special, out)
    assert np.array_equal(out, np.tanh(special), equal_nan=True) and np.signbit(out[1])


@njit(error_model="numpy")
def _sinh_cosh(x, s, c):
    for i in range(x.size):
        s[i] = vsinh(x[i])
        c[i] = vcosh(x[i])


@pytest.mark.parametrize("dt, limit, bound", [(np.float32, 89.0, 1.0), (np.float64, 710.0, 2.5)])
def test_sinh_and_cosh_are_within_a_few_ulp_up_to_their_overflow(dt, limit, bound):
    x = np.concatenate([np.linspace(-limit, limit, 400_001), np.geomspace(1e-30, 0.6, 5_001),
                        -np.geomspace(1e-30, 0.6, 5_001)]).astype(dt)
    s, c = np.empty_like(x), np.empty_like(x)
    _sinh_cosh(x, s, c)
    for out, f in ((s, np.sinh), (c, np.cosh)):
        ref = f(x.astype(np.longdouble))
        with np.errstate(over="ignore"):
            finite = np.isfinite(ref.astype(dt))
        assert np.array_equal(np.isinf(out), ~finite)   # overflow exactly where the true value does
        assert _max_ulp(out[finite], ref[finite], dt) < bound
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan], dt)
    s, c = np.empty_like(special), np.empty_like(special)
    _sinh_cosh(special, s, c)
    assert np.array_equal(s, np.sinh(special), equal_nan=True) and np.signbit(s[1])
    assert np.array_equal(c, np.cosh(special), equal_nan=True)


@njit(error_model="numpy")
def _log_all(x, out):
    for i in range(out.size):
        out[i] = vlog(x[i])


@pytest.mark.parametrize("dt, lo, hi, bound", [(np.float64, 5e-324, 1.7e308, 2.0), (np.float32, 1e-45, 3e38, 0.5)])
def test_log_is_within_its_ulp_bound_from_the_subnormals_to_the_largest_value(dt, lo, hi, bound):
    x = np.concatenate([np.geomspace(lo, hi, 500_001), np.linspace(0.5, 2, 200_001)]).astype(dt)
    out = np.empty_like(x)
    _log_all(x, out)
    ref = np.log(x.astype(np.longdouble))
    nonzero = ref != 0
    assert _max_ulp(out[nonzero], ref[nonzero], dt) <= bound
    assert np.all(out[~nonzero] == 0)
    special = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan], dt)
    out = np.empty_like(special)
    _log_all(special, out)
    with np.errstate(all="ignore"):
        assert np.array_equal(out, np.log(special), equal_nan=True)


# ---- float32 transcendentals computed in float64 (sin ... erfinv) ---------------------------------

from tinytorch.kernels import elementwise as ew   # noqa: E402
from tinytorch.kernels.elementwise import _erfinv   # noqa: E402

_L = np.longdouble


def _unary32(code, x):
    out = np.empty_like(x)
    ew.unary_kernel(code, x, out)
    return out


def _ulp32(out, ref):
    """|out - ref| in float32 ulps of ref (ref in long double or float64; the subnormal ulp below)."""
    ref = np.asarray(ref, _L)
    sp = np.maximum(np.spacing(np.abs(ref.astype(np.float32))).astype(_L), _L(np.float32(1.4e-45)))
    return np.abs(out.astype(_L) - ref) / sp


def _sweep(lo, hi, n=400_001):
    rng = np.random.default_rng(7)
    return np.concatenate([np.linspace(lo, hi, n), rng.uniform(lo, hi, n)]).astype(np.float32)


_CASES = [
    (ew.SIN, lambda x: np.sin(x.astype(_L)), np.concatenate([_sweep(-10, 10), _sweep(-8e6, 8e6)])),
    (ew.COS, lambda x: np.cos(x.astype(_L)), np.concatenate([_sweep(-10, 10), _sweep(-8e6, 8e6)])),
    (ew.TAN, lambda x: np.tan(x.astype(_L)), np.concatenate([_sweep(-10, 10), _sweep(-8e6, 8e6)])),
    (ew.ATAN, lambda x: np.arctan(x.astype(_L)), np.concatenate([_sweep(-10, 10), _sweep(-1e30, 1e30)])),
    (ew.ASIN, lambda x: np.arcsin(x.astype(_L)), _sweep(-1, 1)),
    (ew.ACOS, lambda x: np.arccos(x.astype(_L)), _sweep(-1, 1)),
    (ew.LOG1P, lambda x: np.log1p(x.astype(_L)), np.concatenate([
        _sweep(-1, 10), np.geomspace(1e-40, 3e38, 200_001).astype(np.float32),
        -np.geomspace(1e-40, 1, 200_001).astype(np.float32)])),
    (ew.LOG10, lambda x: np.log10(x.astype(_L)), np.geomspace(1e-45, 3e38, 400_001).astype(np.float32)),
    (ew.LOG2, lambda x: np.log2(x.astype(_L)), np.geomspace(1e-45, 3e38, 400_001).astype(np.float32)),
    (ew.EXPM1, lambda x: np.expm1(x.astype(_L)), np.concatenate([_sweep(-20, 88.7), _sweep(-0.1, 0.1)])),
    (ew.ERFC, lambda x: np.array([math.erfc(float(v)) for v in x]), _sweep(-4, 10.1, 100_001)),
    (ew.ERFINV, lambda x: np.array([_erfinv(float(v)) for v in x]), np.concatenate([
        _sweep(-1, 1, 50_001), (1 - np.geomspace(6e-8, 0.5, 20_001)).astype(np.float32)])),
]


@pytest.mark.parametrize("code, ref, x", _CASES, ids=[c[0] for c in _CASES])
def test_float32_transcendentals_are_within_one_ulp(code, ref, x):
    out = _unary32(code, x)
    with np.errstate(all="ignore"):
        r = ref(x)
    finite = np.isfinite(r)
    assert np.array_equal(np.isfinite(out), finite)
    assert _ulp32(out[finite], r[finite]).max() <= 1.0
    # the float64 reference: equal to its float32 rounding almost everywhere (correctly rounded)
    assert np.mean(out[finite] == np.asarray(r[finite]).astype(np.float32)) > 0.999


@pytest.mark.parametrize("code, f", [(ew.SIN, np.sin), (ew.COS, np.cos), (ew.TAN, np.tan), (ew.ATAN, np.arctan),
                                     (ew.ASIN, np.arcsin), (ew.ACOS, np.arccos), (ew.LOG1P, np.log1p),
                                     (ew.LOG10, np.log10), (ew.LOG2, np.log2), (ew.EXPM1, np.expm1)])
def test_float32_special_values_match_numpy(code, f):
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 1e30, -3e38, 8388608.0, 1e-45, -1e-45],
                 np.float32)
    out = _unary32(code, x)
    with np.errstate(all="ignore"):
        ref = f(x)
    assert np.array_equal(np.isnan(out), np.isnan(ref))
    inf = np.isinf(ref)
    assert np.array_equal(out[inf], ref[inf])
    ok = np.isfinite(ref)
    assert np.all(_ulp32(out[ok], ref[ok].astype(_L)) <= 1.0)
    zero = ref == 0
    assert np.array_equal(np.signbit(out[zero]), np.signbit(ref[zero]))


def test_float32_erfc_and_erfinv_special_values():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 11.0, -11.0], np.float32)
    assert np.array_equal(_unary32(ew.ERFC, x), np.array([1, 1, 0, 2, np.nan, 0, 2], np.float32), equal_nan=True)
    y = np.array([0.0, -0.0, 1.0, -1.0, 1.5, -2.0, np.nan, 1e-45], np.float32)
    out = _unary32(ew.ERFINV, y)
    assert np.array_equal(out[:7], np.array([0, 0, np.inf, -np.inf, np.nan, np.nan, np.nan], np.float32),
                          equal_nan=True)
    assert np.signbit(out[1]) and out[7] > 0


def test_float32_atan2_is_within_one_ulp_and_follows_c_on_zeros_and_infinities():
    rng = np.random.default_rng(3)
    y = np.concatenate([rng.uniform(-5, 5, 300_000), rng.standard_cauchy(100_000) * 1e20]).astype(np.float32)
    x = np.concatenate([rng.uniform(-5, 5, 300_000), rng.standard_cauchy(100_000)]).astype(np.float32)
    out = np.empty_like(y)
    ew.float_binary_kernel(ew.ATAN2, y, x, out)
    assert _ulp32(out, np.arctan2(y.astype(_L), x.astype(_L))).max() <= 1.0
    v = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0], np.float32)
    yy, xx = [a.ravel() for a in np.meshgrid(v, v)]
    out = np.empty_like(yy)
    ew.float_binary_kernel(ew.ATAN2, yy, xx, out)
    ref = np.arctan2(yy.astype(_L), xx.astype(_L))   # (glibc's atan2f rounds pi/4 down at (inf, inf))
    assert np.array_equal(np.isnan(out), np.isnan(ref))
    ok = ~np.isnan(ref)
    assert _ulp32(out[ok], ref[ok]).max() <= 0.5
    assert np.array_equal(np.signbit(out[ok]), np.signbit(ref[ok]))
