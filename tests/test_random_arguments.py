"""Arguments of the samplers, as PyTorch 2.13 treats them: random_/randint on float dtypes with
bounds beyond the dtype's exact integers, and the distributions' argument errors.

PyTorch moves such bounds to representable integers (its ``update_from`` / ``update_to``) and
warns; the values themselves are in tests/data/random_cases.json.  The messages below were
printed by PyTorch 2.13.0 (``torch.randint(0, 2**25, (6,), dtype=torch.float32)`` and the like).
"""
import warnings

import pytest

import tinytorch as torch

_PRECISION = ("{what} is out of bounds [-(2^{d}), 2^{d}]. Due to precision limitations {name} can support "
              "discrete uniform distribution only within this range. This warning will become an error in "
              "version 1.7 release, please fix the code in advance")


def _messages(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in caught if w.category is UserWarning]


def test_to_beyond_float32_integers_warns():
    assert _messages(lambda: torch.randint(0, 2 ** 25, (6,), dtype=torch.float32)) == [
        _PRECISION.format(what="to - 1", d=24, name="float")]


def test_both_bounds_beyond_float32_integers_warn_in_pytorchs_order():
    assert _messages(lambda: torch.randint(-2 ** 25, 2 ** 25, (6,), dtype=torch.float32)) == [
        _PRECISION.format(what="from", d=24, name="float"), _PRECISION.format(what="to - 1", d=24, name="float")]


def test_float64_warns_beyond_two_to_the_53():
    assert _messages(lambda: torch.randint(0, 2 ** 60, (2,), dtype=torch.float64)) == [
        _PRECISION.format(what="to - 1", d=53, name="double")]


def test_bounds_within_exact_integers_do_not_warn():
    assert _messages(lambda: torch.randint(-2 ** 24, 2 ** 24 + 1, (6,), dtype=torch.float32)) == []
    assert _messages(lambda: torch.empty(3).random_()) == []


def test_a_range_that_collapses_after_rounding_raises():
    with pytest.raises(RuntimeError, match=r"^random_ expects 'from' casted to dtype to be less than 'to' casted "
                                           r"to dtype, but got from=33554436 >= to=33554434$"):
        torch.empty(3).random_(2 ** 25 + 1, 2 ** 25 + 2)


def test_from_without_to_beyond_the_float_range_raises():
    with pytest.raises(RuntimeError, match=r"^random_ expects 'from' casted to dtype to be less than or equal to "
                                           r"'to_inc' casted to dtype, but got from=33554439 > to_inc=16777216$"):
        torch.empty(4).random_(2 ** 25 + 7, None)


def test_integer_from_without_to_beyond_the_dtype_raises():
    with pytest.raises(RuntimeError, match=r"^from is out of bounds for int$"):
        torch.empty(4, dtype=torch.int32).random_(2 ** 31, None)
    assert torch.empty(2, dtype=torch.int32).random_(2 ** 31 - 1, None).tolist() == [2 ** 31 - 1] * 2


@pytest.mark.parametrize("call, error, message", [
    (lambda: torch.empty(3, dtype=torch.int64).cauchy_(), RuntimeError,
     "Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you "
     "specified long int"),
    (lambda: torch.empty(3).cauchy_(0, -1), RuntimeError, "cauchy_ expects sigma > 0.0, but found sigma=-1"),
    (lambda: torch.empty(3).log_normal_(1, 0), RuntimeError, "log_normal_ expects std > 0.0, but found std=0"),
    (lambda: torch.empty(3, dtype=torch.int64).log_normal_(), NotImplementedError,
     "\"log_normal_cpu\" not implemented for 'Long'"),
    (lambda: torch.empty(3).geometric_(0), RuntimeError, "geometric_ expects p to be in (0, 1), but got p=0"),
    (lambda: torch.empty(3).geometric_(1.5), RuntimeError, "geometric_ expects p to be in (0, 1), but got p=1.5"),
    (lambda: torch.empty(3, dtype=torch.bool).geometric_(0.5), NotImplementedError,
     "\"geometric_cpu\" not implemented for 'Bool'"),
])
def test_distribution_argument_errors_as_pytorch(call, error, message):
    """Messages printed by PyTorch 2.13.0 for the same calls."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_poisson_rates_and_gradient_as_pytorch():
    with pytest.raises(RuntimeError, match=r"^invalid Poisson rate, expected rate to be non-negative$"):
        torch.poisson(torch.tensor([1.0, -1.0]))
    with pytest.raises(RuntimeError, match=r"^invalid Poisson rate, expected rate to be non-negative$"):
        torch.poisson(torch.tensor([float("nan")]))
    with pytest.raises(NotImplementedError, match=r"^\"poisson_cpu\" not implemented for 'Long'$"):
        torch.poisson(torch.tensor([1, 2]))
    rates = torch.tensor([1.0, 20.0], requires_grad=True)
    counts = torch.poisson(rates)
    assert type(counts.grad_fn).__name__ == "PoissonBackward0"
    counts.sum().backward()
    assert rates.grad.tolist() == [0.0, 0.0]
