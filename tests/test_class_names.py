"""``type(t)`` prints as PyTorch's ``<class 'torch.Tensor'>`` (with tinytorch's module name)."""
import tinytorch as torch
from tinytorch import _printing


def test_tensor_class_prints_its_public_name():
    assert repr(type(torch.ones(1))) == "<class 'tinytorch.Tensor'>"
    assert str(torch.Tensor) == "<class 'tinytorch.Tensor'>"
    previous = _printing.set_module_name("torch")
    try:
        assert repr(type(torch.zeros(2))) == "<class 'torch.Tensor'>"
        assert repr(type(torch.FloatTensor([1.0]))) == "<class 'torch.Tensor'>"
    finally:
        _printing.set_module_name(previous)
    # subclasses print as Python prints any class, as in PyTorch
    assert repr(type(torch.nn.Parameter(torch.ones(1)))) == "<class 'tinytorch.nn.parameter.Parameter'>"
    assert isinstance(torch.ones(1), torch.Tensor)
