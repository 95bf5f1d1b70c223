"""The vectorizable exp of the kernels (``kernels/vmath.py``) against NumPy's long double exp."""
import numpy as np
import pytest
from numba import njit

from tinytorch.kernels.vmath import vexp


@njit(error_model="numpy")
def _exp_all(x, out):
    for i in range(out.size):
        out[i] = vexp(x[i])


def _ulp_error(x, dt):
    out = np.empty_like(x)
    _exp_all(x, out)
    ref = np.exp(x.astype(np.longdouble))
    with np.errstate(over="ignore"):
        normal = (ref < np.finfo(dt).max) & (ref > np.finfo(dt).tiny)
    err = np.abs(out[normal].astype(np.longdouble) - ref[normal])
    return float((err / np.spacing(ref[normal].astype(dt)).astype(np.longdouble)).max())


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
