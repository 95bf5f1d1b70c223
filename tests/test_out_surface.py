"""``out=``: which functions take it and what they do with it, as PyTorch 2.13 does (recorded by
``tools/record_out_surface.py`` from the cases of ``tests/out_surface_cases.py``)."""
import json
import pathlib

import pytest

import tinytorch as torch
from tinytorch.ops import registry

import out_surface_cases as cases

RECORD = json.loads((pathlib.Path(__file__).parent / "data" / "out_surface_pytorch.json").read_text())


def test_the_functions_taking_out_are_pytorchs():
    accepts = RECORD["accepts"]
    assert [n for n in registry.FUNCTIONS if accepts.get(n) is True and n not in registry.OUT] == []
    assert [n for n, rule in registry.OUT.items() if accepts.get(n) != ("tuple" if rule == "tuple" else True)] == []


def test_every_tuple_out_of_pytorch_is_taken():
    missing = [n for n, a in RECORD["accepts"].items() if a == "tuple" and n not in registry.OUT]
    assert missing == []


def _flat(values):
    if isinstance(values, list):
        return [e for v in values for e in _flat(v)]
    return [values]


def _compare(name, got, want):
    if "fields" in want and "fields" in got:
        assert got["type"] == want["type"] and got["are_out"] == want["are_out"], name
        assert got["warnings"] == want["warnings"], name
        for g, w in zip(got["fields"], want["fields"]):
            _compare(name, dict(g, warnings=[]), dict(w, warnings=[]))
        return
    if "values" in want and "values" in got:
        assert got.keys() == want.keys(), name
        if "dtype" not in want:
            assert got == want, name
            return
        assert got["dtype"] == want["dtype"] and got["shape"] == want["shape"], name
        assert got["is_out"] == want["is_out"] and got["version"] == want["version"], name
        assert got["warnings"] == want["warnings"], name
        assert _flat(got["values"]) == pytest.approx(_flat(want["values"]), rel=1e-6, abs=1e-7), name
    else:
        assert got == want, name


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_out_cases_as_pytorch(case):
    if case is cases.factory_cases:
        torch.manual_seed(0)
    got = case(torch)
    want = RECORD[case.__name__]
    assert got.keys() == want.keys()
    for name in want:
        _compare(name, got[name], want[name])


def test_bernoulli_out_takes_the_same_draws_into_out():
    # (PyTorch 2.13: bernoulli(input, out=t) writes the draws of bernoulli(input) into t, any dtype,
    # resized without a warning; with a requiring-grad input it refuses)
    probs = torch.full((5,), 0.5)
    torch.manual_seed(0)
    want = torch.bernoulli(probs).tolist()
    for dt in (torch.float32, torch.float64, torch.int64):
        torch.manual_seed(0)
        out = torch.zeros(3, dtype=dt)
        assert torch.bernoulli(probs, out=out) is out and out.tolist() == want and out.dtype == dt
    with pytest.raises(RuntimeError, match="functions with out=... arguments don't support automatic"):
        torch.bernoulli(torch.full((5,), 0.5, requires_grad=True), out=torch.empty(0))
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.bernoulli(probs, out=[1])
