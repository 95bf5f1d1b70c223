"""Shared helpers for the op and autograd tests.

Expected values come from NumPy (forward) or from literals that PyTorch 2.13 printed for
the same inputs; torch itself is never imported.
"""
import contextlib
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

import tinytorch

settings.register_profile(
    "tinytorch", max_examples=30, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("tinytorch")

FLOAT_DTYPES = [tinytorch.float32, tinytorch.float64]
INT_DTYPES = [tinytorch.int64, tinytorch.int32, tinytorch.uint8]
ALL_DTYPES = FLOAT_DTYPES + INT_DTYPES + [tinytorch.bool]


def to_np(t):
    """The values of tensor ``t`` as a NumPy array (a copy, detached)."""
    return np.array(t.detach().numpy())


def assert_tensor(t, expected, dtype=None, rtol=1e-6, atol=1e-6):
    """``t`` is a Tensor with ``expected``'s shape and values (and ``dtype`` if given)."""
    assert isinstance(t, tinytorch.Tensor), type(t)
    expected = np.asarray(expected)
    if dtype is not None:
        assert t.dtype == dtype, (t.dtype, dtype)
    assert tuple(t.shape) == expected.shape, (tuple(t.shape), expected.shape)
    got = to_np(t)
    if got.dtype.kind in "f" or expected.dtype.kind in "f":
        np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol,
                                   equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


def sample(shape, dtype=tinytorch.float64, seed=0, low=-2.0, high=2.0, requires_grad=False):
    """A deterministic tensor of ``shape``; floats in [low, high), ints in [0, 10), bools random."""
    rng = np.random.default_rng(seed)
    np_dt = dtype.np
    if np_dt.kind == "f":
        arr = rng.uniform(low, high, shape)
    elif np_dt.kind == "b":
        arr = rng.integers(0, 2, shape).astype(bool)
    else:
        arr = rng.integers(0, 10, shape)
    return tinytorch.tensor(arr.astype(np_dt), requires_grad=requires_grad)


def leaf(shape, seed=0, low=-2.0, high=2.0):
    """A contiguous float64 leaf requiring grad, for gradcheck."""
    return sample(shape, tinytorch.float64, seed, low, high, requires_grad=True)


@pytest.fixture(autouse=True)
def _restore_grad_mode():
    """A failing grad-mode test must not leave grad disabled for the tests after it."""
    yield
    tinytorch.set_grad_enabled(True)


def run_cells(session, *sources):
    """What running ``sources`` as REPL cells of ``session`` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for source in sources:
            session.run_cell(source)
    return out.getvalue()
