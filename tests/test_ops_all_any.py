"""all() / any(): values against NumPy, dims, keepdim, empty reductions, dtypes."""
import numpy as np
import pytest

import tinytorch as torch


@pytest.mark.parametrize("dtype", [torch.float32, torch.int64, torch.bool, torch.uint8])
@pytest.mark.parametrize("dim", [None, 0, 1, -1, (0, 1)])
@pytest.mark.parametrize("keepdim", [False, True])
def test_all_any_match_numpy(dtype, dim, keepdim):
    data = np.array([[1, 0, 2], [3, 4, 5]]).astype(dtype.np)
    t = torch.tensor(data)
    np_dim = dim if dim is None or isinstance(dim, int) else tuple(dim)
    for name in ("all", "any"):
        got = getattr(t, name)() if dim is None else getattr(t, name)(dim, keepdim=keepdim)
        want = getattr(np, name)(data, axis=np_dim, keepdims=keepdim and dim is not None)
        # PyTorch keeps uint8 for uint8 input (values 0/1), bool otherwise
        assert got.dtype == (torch.uint8 if dtype == torch.uint8 else torch.bool)
        assert got.shape == want.shape
        assert np.array_equal(got.numpy(), want)


def test_empty_reductions():
    assert torch.all(torch.zeros(0)).item() is True
    assert torch.any(torch.zeros(0)).item() is False
    assert torch.zeros(2, 0).all(1).tolist() == [True, True]


def test_nan_counts_as_nonzero():
    assert torch.tensor([float("nan"), 1.0]).all().item() is True


def test_comparison_then_all():
    a = torch.tensor([1.0, 2.0])
    assert (a == a).all().item() is True
    assert repr((a > 1.5).any()) == "tensor(True)"
