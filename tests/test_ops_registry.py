"""The op registry: what each op's ``@public`` (or table row) says is what a user finds."""
import pytest

import tinytorch as torch
from tinytorch import Tensor
from tinytorch.ops import registry


def test_every_registered_function_is_exported():
    # (a function with argument checks, ops.CHECKED_FUNCTIONS, is exported as the checked wrapper of the op)
    missing = [n for n, fn in registry.FUNCTIONS.items() if getattr(torch, n, None) is not fn
               and getattr(getattr(torch, n, None), "__wrapped__", None) is not fn]
    assert missing == []


def test_every_registered_method_is_bound():
    missing = [n for n, fn in registry.METHODS.items() if Tensor.__dict__.get(n) is not fn]
    assert missing == []


def test_every_in_place_form_comes_from_a_registered_method():
    assert set(registry.INPLACE) <= set(registry.METHODS)
    assert all(callable(Tensor.__dict__[n + "_"]) for n in registry.INPLACE)


@pytest.mark.parametrize("name, other, expected", [
    ("multiply_", 3.0, [3.0, 6.0]), ("subtract_", 1.0, [0.0, 1.0]), ("divide_", 2.0, [0.5, 1.0]),
    ("true_divide_", 4.0, [0.25, 0.5]), ("clip_", None, None),
])
def test_aliases_have_pytorchs_in_place_forms(name, other, expected):
    x = torch.tensor([1.0, 2.0])
    if other is None:
        out = x.clip_(0.0, 1.5)
        expected = [1.0, 1.5]
    else:
        out = getattr(x, name)(other)
    assert out is x and x.tolist() == expected
    assert x._version == 1


def test_in_place_alias_refuses_a_leaf_that_requires_grad():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        x.multiply_(2)


def test_an_unknown_in_place_kind_is_refused():
    with pytest.raises(ValueError, match="unknown in-place kind"):
        registry.register(lambda x: x, "never_registered", inplace="sometimes")
    assert "never_registered" not in registry.FUNCTIONS
