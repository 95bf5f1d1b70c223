"""Every tinytorch.nn module initialises as PyTorch 2.13's does, bit for bit.

tests/data/module_init_pytorch.json holds, for every case of module_init_cases.py (recorded by
tools/record_module_init.py), the parameters and buffers PyTorch's constructor made after
``manual_seed(seed)`` (names, order, requires_grad, dtype, shape, float bit patterns) and the
``rand(3)`` drawn right after, which pins how much of the random stream construction consumed.
"""
import inspect
import json
import pathlib
import warnings

import pytest

import tinytorch
from tinytorch import nn

import module_init_cases

DATA = json.loads((pathlib.Path(__file__).parent / "data" / "module_init_pytorch.json").read_text())
CASES = DATA["cases"]


def _run(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module_init_cases.run(tinytorch, case["seed"], case["expression"])


def test_every_case_is_recorded():
    assert [[c["seed"], c["expression"]] for c in CASES] == [list(c) for c in module_init_cases.CASES]


@pytest.mark.parametrize("case", CASES, ids=[c["expression"] for c in CASES])
def test_same_parameters_buffers_and_stream_as_pytorch(case):
    got, expected = _run(case), case["result"]
    assert got["type"] == expected["type"]
    assert [p[:2] for p in got["parameters"]] == [p[:2] for p in expected["parameters"]]
    assert [b[0] for b in got["buffers"]] == [b[0] for b in expected["buffers"]]
    for (name, _, g), (_, _, e) in zip(got["parameters"], expected["parameters"]):
        assert g == e, f"parameter {name}"
    for (name, g), (_, e) in zip(got["buffers"], expected["buffers"]):
        assert g == e, f"buffer {name}"
    assert got["after"] == expected["after"], "the random stream after construction"


def _module_classes():
    return sorted(name for name, obj in vars(nn).items()
                  if inspect.isclass(obj) and issubclass(obj, nn.Module))


def test_every_module_class_has_a_case():
    """A module class added to tinytorch.nn fails here until a case constructs it."""
    covered = {c["result"]["type"] for c in CASES}
    assert [name for name in _module_classes() if name not in covered] == []


def test_every_parameterised_class_is_checked_with_parameters():
    """A class whose PyTorch construction made parameters or buffers is checked on such a case
    (not only on one of its parameter-free configurations)."""
    with_state = {c["result"]["type"] for c in CASES if c["result"]["parameters"] or c["result"]["buffers"]}
    assert {"Linear", "Bilinear", "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "Embedding",
            "LayerNorm", "BatchNorm1d", "BatchNorm2d", "InstanceNorm1d", "InstanceNorm2d", "GroupNorm", "RMSNorm",
            "PReLU", "RNN", "LSTM", "GRU", "RNNBase", "RNNCell", "LSTMCell", "GRUCell", "RNNCellBase",
            "MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder",
            "TransformerDecoder", "Transformer", "ParameterList", "ParameterDict"} <= with_state
