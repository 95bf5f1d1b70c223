"""Second and third derivatives through every fused node, against PyTorch 2.13: the programs of
``higher_order_cases.py`` replayed on tinytorch and compared with what PyTorch recorded in
``data/higher_order_pytorch.json`` (``tools/record_higher_order.py``): the values of the second
and third derivatives, or the same refusal (stage, exception type and message).

Where PyTorch's own third derivatives are wrong (``third_order_consistent`` false: its
gradgradcheck of the first gradients fails; batch and layer norm, whose double-backward formula
takes the saved mean and invstd as constants) or where it raises by a defect rather than a
missing formula (a transposed convolution with output_padding), tinytorch gives the right
third derivative instead: the second derivatives still equal PyTorch's, and tinytorch's own
gradgradcheck of the first gradients passes."""
import json
import pathlib

import numpy as np
import pytest

import tinytorch as torch
from higher_order_cases import cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "higher_order_pytorch.json").read_text())["cases"]
PROGRAMS = cases(torch)
CHECKED = cases(torch, check=True)

#: PyTorch 2.13 raises at the third derivative of a transposed convolution with output_padding
#: (its double backward runs a non-transposed convolution with that output_padding).
TRANSPOSED_OUTPUT_PADDING = "output_padding is not supported for non-transposed convolutions; got: "
DEFECTS = {"conv_transpose1d", "conv_transpose2d output_padding, grouped"}

def test_every_recorded_case_has_a_program():
    assert set(RECORDED) == set(PROGRAMS)


def _same(got, want, what):
    assert len(got) == len(want), what
    for i, (a, b) in enumerate(zip(got, want)):
        assert (a is None) == (b is None), f"{what} [{i}]: {a is None} vs {b is None}"
        if b is not None:
            a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
            assert a.shape == b.shape, what
            scale = max(1.0, float(np.abs(b).max(initial=0.0)))
            np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9 * scale, err_msg=f"{what} [{i}]")


def _pytorch_is_right(want):
    return want.get("third_order_consistent", True)


@pytest.mark.parametrize("name", sorted(n for n in RECORDED if n not in DEFECTS
                                         and _pytorch_is_right(RECORDED[n])))
def test_higher_derivatives_equal_pytorchs(name):
    want, got = RECORDED[name], PROGRAMS[name]()
    assert got.get("error") == want.get("error")
    for order in ("order2", "order3"):
        assert (order in got) == (order in want), order
        if order in want:
            _same(got[order], want[order], order)


@pytest.mark.parametrize("name", sorted(n for n in RECORDED if n in DEFECTS or not _pytorch_is_right(RECORDED[n])))
def test_where_pytorchs_third_derivative_is_wrong_tinytorchs_is_right(name):
    want, got = RECORDED[name], CHECKED[name]()
    if name in DEFECTS:
        assert want["error"]["stage"] == "third" and want["error"]["message"].startswith(TRANSPOSED_OUTPUT_PADDING)
    else:
        assert want["third_order_consistent"] is False
        assert not np.allclose(np.asarray(got["order3"][0]), np.asarray(want["order3"][0]), rtol=1e-3)
    _same(got["order2"], want["order2"], "order2")
    assert "error" not in got and got["third_order_consistent"] is True
