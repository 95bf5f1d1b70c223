"""``.to(...)`` argument forms shared by Tensor and Module, and zero_grad for both users."""
import pytest

import tinytorch as torch


def test_to_accepts_none_devices_dtypes_and_tensors_in_any_order():
    x = torch.ones(2)
    assert x.to(None) is x
    assert x.to("cpu") is x
    assert x.to(None, torch.float64).dtype == torch.float64
    assert x.to("cpu", dtype=torch.float64).dtype == torch.float64
    assert x.to(torch.zeros(1, dtype=torch.int64)).dtype == torch.int64
    with pytest.raises(RuntimeError, match="CPU only"):
        x.to("cuda")
    m = torch.nn.Linear(2, 2)
    assert m.to(None) is m and m.to(torch.float64).weight.dtype == torch.float64


@pytest.mark.parametrize("set_to_none", [True, False])
def test_module_and_optimizer_zero_grad_agree(set_to_none):
    m = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    for reset in (m.zero_grad, opt.zero_grad):
        m(torch.ones(1, 3)).sum().backward()
        grad = m.weight.grad
        reset(set_to_none=set_to_none)
        if set_to_none:
            assert m.weight.grad is None and m.bias.grad is None
        else:
            assert m.weight.grad.tolist() == [[0.0] * 3] * 2 and m.bias.grad.tolist() == [0.0, 0.0]
            assert grad.tolist() == [[0.0] * 3] * 2  # zeroed in place, as PyTorch does
