"""The reliability cases of issue 15 replayed against PyTorch 2.13's recorded outcomes
(tests/data/reliability_cases.json, written by tools/record_reliability_cases.py): each case
must give PyTorch's exception type (and message, except where listed) or PyTorch's value."""
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import tinytorch as torch
from tinytorch import nn
from tinytorch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from differential_values import describe  # noqa: E402

F = nn.functional
RECORDED = json.loads((Path(__file__).parent / "data" / "reliability_cases.json").read_text())["cases"]

#: Cases whose PyTorch message runs over several lines (an overload listing, a C++ trace): the type
#: and the first 40 characters match, the rest is shortened.
SHORTENED_MESSAGES = {"conv_stride_float", "conv_padding_float", "conv_dilation_float", "conv_stride_str",
                      "conv_groups_float", "pad_huge"}

#: Cases whose PyTorch message starts with the C++ source location ("[enforce fail at alloc_cpu.cpp:127]
#: err == 0. "): tinytorch gives the rest.
WITHOUT_CXX_LOCATION = {"huge_alloc", "huge_ones"}


def run(code):
    *statements, expression = code.split("; ")
    env = {"torch": torch, "nn": nn, "F": F, "np": np, "DataLoader": DataLoader, "TensorDataset": TensorDataset}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for statement in statements:
                exec(statement, env)
            return {"value": describe(torch, eval(expression, env))}
        except Exception as e:  # noqa: BLE001 - the outcome is the exception
            # tinytorch names its own types where PyTorch names torch's ("a tinytorch.FloatTensor")
            return {"error": type(e).__name__, "message": str(e).split("\n")[0].replace("tinytorch.", "torch.")}


@pytest.mark.parametrize("case", RECORDED, ids=[c["name"] for c in RECORDED])
def test_same_outcome_as_pytorch(case):
    got = run(case["code"])
    if "error" in case:
        assert got.get("error") == case["error"], got
        if case["name"] in WITHOUT_CXX_LOCATION:
            assert case["message"].endswith(". " + got["message"])
        elif case["name"] in SHORTENED_MESSAGES:
            assert got["message"][:40] == case["message"][:40]
        else:
            assert got["message"] == case["message"]
    else:
        assert got == {"value": case["value"]}
