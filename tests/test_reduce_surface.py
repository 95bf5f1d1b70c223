"""Scans, sorts, order statistics, counting and the nan-reductions (issue 13) against PyTorch
2.13: the cases of ``reduce_surface_cases.py`` (values with ties and NaN, indices, gradients,
node names, the named tuples' reprs, errors) recorded by ``tools/record_reduce_surface.py``;
then gradcheck/gradgradcheck on float64 (non-contiguous inputs made inside the function) and
property tests against NumPy."""
import json
import pathlib
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck

import reduce_surface_cases as cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "reduce_surface_pytorch.json").read_text())


def _outcome(expr):
    try:
        return repr(eval(expr, cases.namespace(torch)))
    except Exception as e:  # the outcome compared with PyTorch's
        return f"{type(e).__name__}: {e}"


@pytest.mark.parametrize("expr", cases.CASES)
def test_matches_pytorch(expr):
    """Same text as PyTorch's, up to the module prefix (and the line breaks it moves)."""
    assert _normal(_outcome(expr)) == _normal(RECORDED[expr])


def _normal(text):
    return re.sub(r"\s+", " ", re.sub(r"\btinytorch\.", "torch.", text))


def _leaf(*shape, seed=0):
    rng = np.random.default_rng(seed)
    return torch.tensor(rng.permutation(np.arange(1, 1 + int(np.prod(shape))) / 7.0 + 0.1)
                        .reshape(shape), dtype=torch.float64, requires_grad=True)


# Each function transposes its input first, so the op reads a non-contiguous tensor.
GRAD_FUNCTIONS = {
    "cumsum": lambda x: x.t().cumsum(1),
    "cumprod": lambda x: x.t().cumprod(0),
    "logcumsumexp": lambda x: x.t().logcumsumexp(1),
    "cummax": lambda x: x.t().cummax(1).values,
    "cummin": lambda x: x.t().cummin(0).values,
    "sort": lambda x: x.t().sort(1, descending=True).values,
    "topk": lambda x: x.t().topk(2, 0).values,
    "kthvalue": lambda x: x.t().kthvalue(2, 1).values,
    "median": lambda x: x.t().median(),
    "median_dim": lambda x: x.t().median(0, keepdim=True).values,
    "nanmedian_dim": lambda x: x.t().nanmedian(1).values,
    "mode": lambda x: x.t().mode(1).values,
    "quantile": lambda x: x.t().quantile(torch.tensor([0.2, 0.75], dtype=torch.float64), dim=1),
    "nanquantile": lambda x: x.t().nanquantile(0.4),
    "var_mean": lambda x: sum(torch.var_mean(x.t(), 1)),
    "std_mean": lambda x: sum(torch.std_mean(x.t(), 0)),
    "aminmax": lambda x: sum(x.t().aminmax(dim=1)),
    "nansum": lambda x: x.t().nansum(0),
    "nanmean": lambda x: x.t().nanmean(1),
}


@pytest.mark.parametrize("name", sorted(GRAD_FUNCTIONS))
def test_gradcheck_and_gradgradcheck(name):
    x = _leaf(3, 4)
    assert gradcheck(GRAD_FUNCTIONS[name], (x,))
    assert gradgradcheck(GRAD_FUNCTIONS[name], (x,))


def test_broadcast_input_gradcheck():
    """An expanded (stride-0) input: the scans and sorts see repeated values."""
    x = _leaf(1, 4)
    for f in (lambda x: x.expand(3, 4).cumsum(0), lambda x: x.expand(3, 4).sort(1).values,
              lambda x: x.expand(2, 4).cumprod(1)):
        assert gradcheck(f, (x,)) and gradgradcheck(f, (x,))


def test_cumprod_with_zero_gradient_is_exact():
    x = torch.tensor([[2.0, 0.0, 3.0, 0.0, 5.0]], dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda x: x.cumprod(1), (x,))


def test_in_place_cumsum_records_the_node():
    x = _leaf(2, 3)
    y = x * 1
    y.cumsum_(1)
    assert type(y.grad_fn).__name__ == "CumsumBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [[3.0, 2.0, 1.0], [3.0, 2.0, 1.0]]


_floats = st.lists(st.one_of(st.integers(-4, 4).map(float), st.just(float("nan"))), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(_floats, st.booleans())
def test_sort_is_numpy_stable_sort(values, descending):
    a = np.array(values)
    out = torch.tensor(a).sort(descending=descending, stable=True)
    if descending:   # NaN first, then the stable order of -a
        order = np.argsort(-a, kind="stable")
        nans = int(np.isnan(a).sum())
        order = np.concatenate([order[len(a) - nans:], order[:len(a) - nans]])
    else:
        order = np.argsort(a, kind="stable")
    assert out.indices.tolist() == order.tolist()
    np.testing.assert_array_equal(out.values.numpy(), a[order])


@settings(max_examples=40, deadline=None)
@given(_floats)
def test_scans_and_unique_match_numpy(values):
    a = np.array(values)
    np.testing.assert_allclose(torch.tensor(a).cumsum(0).numpy(), np.cumsum(a))
    finite = a[~np.isnan(a)]
    if finite.size:
        u, inv, cnt = torch.unique(torch.tensor(finite), return_inverse=True, return_counts=True)
        nu, ninv, ncnt = np.unique(finite, return_inverse=True, return_counts=True)
        assert u.tolist() == nu.tolist() and inv.tolist() == ninv.reshape(-1).tolist() and cnt.tolist() == ncnt.tolist()
        np.testing.assert_array_equal(torch.tensor(finite).cummax(0).values.numpy(), np.maximum.accumulate(finite))
        assert torch.tensor(finite).median().item() == np.sort(finite)[(finite.size - 1) // 2]
        assert torch.searchsorted(torch.tensor(np.sort(finite)), torch.tensor(a)).tolist() == \
            np.searchsorted(np.sort(finite), a).tolist()


@settings(max_examples=40, deadline=None)
@given(_floats, st.data())
def test_kthvalue_picks_an_element_of_that_rank(values, data):
    a = np.array(values)
    k = data.draw(st.integers(1, len(values)))
    out = torch.tensor(a).kthvalue(k)
    expected = np.sort(a)[k - 1]   # NumPy sorts NaN last too
    np.testing.assert_array_equal(out.values.numpy(), expected)
    np.testing.assert_array_equal(a[out.indices.item()], expected)


def test_cases_are_distinct():
    assert len(set(cases.CASES)) == len(cases.CASES) == len(RECORDED)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3).map(float), min_size=1, max_size=200), st.data(), st.booleans(), st.booleans())
def test_topk_selects_the_k_extremes(values, data, largest, sorted_):
    """Both selection paths (partial sort when 64 k <= n, nth element otherwise) keep the right values."""
    a = np.array(values)
    k = data.draw(st.integers(0, len(values)))
    out = torch.tensor(a).topk(k, largest=largest, sorted=sorted_)
    expected = np.sort(a)[::-1][:k] if largest else np.sort(a)[:k]
    got = out.values.numpy()
    np.testing.assert_array_equal(got if sorted_ else (np.sort(got)[::-1] if largest else np.sort(got)), expected)
    np.testing.assert_array_equal(a[out.indices.numpy()], got)
    assert len(set(out.indices.tolist())) == k


def test_return_types_are_importable_named_tuples():
    x = torch.tensor([[3.0, 1.0], [2.0, 2.0]])
    for result, name in ((x.sort(), "sort"), (x.topk(1), "topk"), (x.max(1), "max"), (x.cummax(0), "cummax"),
                         (x.median(1), "median"), (x.kthvalue(1), "kthvalue"), (x.mode(1), "mode"),
                         (x.nanmedian(1), "nanmedian"), (x.cummin(1), "cummin"), (x.min(0), "min")):
        assert isinstance(result, getattr(torch.return_types, name)) and result._fields == ("values", "indices")
    assert isinstance(x.aminmax(), torch.return_types.aminmax) and x.aminmax()._fields == ("min", "max")
