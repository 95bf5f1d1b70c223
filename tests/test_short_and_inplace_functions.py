"""int16 (``torch.short``) and the in-place functions ``torch.sin_``..., as PyTorch 2.13 (recorded by
``tools/record_short_inplace.py`` from ``tests/short_inplace_cases.py``)."""
import json
import pathlib

import pytest

import tinytorch as torch
from tinytorch import _printing
from tinytorch.ops import registry

import short_inplace_cases as cases

RECORD = json.loads((pathlib.Path(__file__).parent / "data" / "short_inplace_pytorch.json").read_text())


def test_the_inplace_functions_are_pytorchs():
    want = RECORD["inplace_functions"]
    got = {n: hasattr(torch, n + "_") for n in sorted(registry.INPLACE)}
    assert got == want


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_cases_as_pytorch(case):
    previous = _printing.set_module_name("torch")
    try:
        got = json.loads(json.dumps(case(torch)))
    finally:
        _printing.set_module_name(previous)
    assert got == RECORD[case.__name__]
