"""nn.init's eye_, dirac_, orthogonal_, sparse_ and the deprecated aliases, against PyTorch 2.13's
recorded results (tools/record_init_extra.py).  orthogonal_'s QR is LAPACK's through NumPy, so its
values agree to rounding; everything drawn from the generator (and the stream after) is exact."""
import json
import pathlib
import warnings

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.nn import init

import init_extra_cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "init_extra_pytorch.json").read_text())["results"]
OURS = init_extra_cases.run(torch)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_same_values_as_pytorch(name):
    expected, got = np.array(RECORDED[name]), np.array(OURS[name])
    assert got.shape == expected.shape
    if name.startswith("orthogonal_"):
        tol = 2e-6 if "float32" in name else 1e-12
        np.testing.assert_allclose(got, expected, rtol=0, atol=tol)
    else:
        assert got.tolist() == expected.tolist()


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (6, 2, 3)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    w = init.orthogonal_(torch.empty(shape, dtype=torch.float64), gain=2.0)._data.reshape(shape[0], -1)
    small = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
    np.testing.assert_allclose(small, 4.0 * np.eye(len(small)), atol=1e-12)


@pytest.mark.parametrize("call, message", [
    (lambda: init.eye_(torch.empty(3)), "Only tensors with 2 dimensions are supported"),
    (lambda: init.dirac_(torch.empty(3, 3)), "Only tensors with 3, 4, or 5 dimensions are supported"),
    (lambda: init.dirac_(torch.empty(3, 2, 2), 2), "dim 0 must be divisible by groups"),
    (lambda: init.orthogonal_(torch.empty(3)), "Only tensors with 2 or more dimensions are supported"),
    (lambda: init.sparse_(torch.empty(2, 2, 2), 0.1), "Only tensors with 2 dimensions are supported"),
])
def test_errors_as_pytorch(call, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        call()


def test_deprecated_aliases_warn_and_delegate():
    torch.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = init.uniform(torch.empty(3))
    assert [(w.category, str(w.message)) for w in caught] == [
        (FutureWarning, "`nn.init.uniform` is now deprecated in favor of `nn.init.uniform_`.")]
    torch.manual_seed(0)
    assert a.tolist() == init.uniform_(torch.empty(3)).tolist()
