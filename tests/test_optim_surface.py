"""tinytorch.optim's RMSprop, Adagrad, Adamax, NAdam, RAdam, Rprop, ASGD and lr_scheduler against
PyTorch 2.13's results of the same programs (``tests/optim_surface_program.py``), recorded by
``tools/record_optim_surface.py`` in ``tests/data/optim_surface_pytorch.json``: parameter values
after a few steps (float64 to 1e-12, float32 to 1e-6 relative), after a state-dict round trip,
the state and options saved, reprs, every scheduler's lr (and momentum) sequence over 30 steps
and after a reload, warnings, and the error messages."""
import json
import pathlib
import sys

import numpy as np
import pytest

import tinytorch as torch

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import optim_surface_program as program  # noqa: E402

DATA = json.loads((pathlib.Path(__file__).parent / "data" / "optim_surface_pytorch.json").read_text())
TUPLE_OPTIONS = ("betas", "etas", "step_sizes")


def _options(options):
    return {k: tuple(v) if k in TUPLE_OPTIONS else v for k, v in options.items()}


def _close(got, want, dtype):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    rtol = 1e-12 if dtype == "float64" else 1e-6
    scale = max(np.max(np.abs(want)), 1e-300)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale)


def _case_id(case):
    return f"{case['name']}-{case['dtype']}-{json.dumps(case['options'], sort_keys=True)}-" \
           f"{'groups' if case['grouped'] else 'one'}"


@pytest.mark.parametrize("case", DATA["optimizers"], ids=_case_id)
def test_optimizer_matches_pytorch(case):
    got = program.run_optimizer(torch, case["name"], _options(case["options"]), case["steps"], case["grouped"],
                                case["dtype"])
    _close(got["params"], case["params"], case["dtype"])
    _close(got["reloaded"], case["reloaded"], case["dtype"])
    assert got["repr"] == case["repr"]
    assert [g for g in got["groups"]] == case["groups"]
    assert sorted(got["state"]) == sorted(case["state"])
    for index, want_state in case["state"].items():
        got_state = got["state"][index]
        assert sorted(got_state) == sorted(want_state)
        for key, (dtype, value) in want_state.items():
            assert got_state[key][0] == dtype, key
            _close(got_state[key][1], value, case["dtype"])


@pytest.mark.parametrize("name,options,want", DATA["optimizer_errors"], ids=lambda v: json.dumps(v))
def test_optimizer_errors_match_pytorch(name, options, want):
    assert program.run_optimizer_error(torch, name, _options(options)) == want


CASES = {case_id: (opt, spec) for case_id, opt, spec in program.SCHEDULER_CASES}


@pytest.mark.parametrize("case_id", sorted(DATA["schedulers"]))
def test_scheduler_matches_pytorch(case_id):
    optimizer, spec = CASES[case_id]
    got, want = program.run_scheduler(torch, spec, optimizer), DATA["schedulers"][case_id]
    for key in ("lrs", "momenta", "reloaded"):
        np.testing.assert_allclose(got[key], want[key], rtol=1e-13, atol=1e-16, err_msg=key)
    assert _rounded(got["state"]) == _rounded(want["state"])


def _rounded(value):
    if isinstance(value, float):
        return round(value, 12)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def test_epoch_steps_match_pytorch():
    got, want = program.run_epoch_steps(torch), DATA["epoch_steps"]
    assert got.keys() == want.keys()
    for name in want:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-13, atol=1e-16, err_msg=name)


def test_warnings_match_pytorch():
    assert program.run_warnings(torch) == DATA["warnings"]


def test_scheduler_errors_match_pytorch():
    assert program.run_scheduler_errors(torch) == DATA["scheduler_errors"]


def test_implementation_switches_are_refused():
    p = torch.zeros(2, requires_grad=True)
    with pytest.raises(NotImplementedError, match="foreach=True"):
        torch.optim.RMSprop([p], foreach=True)
    with pytest.raises(NotImplementedError, match="fused=True"):
        torch.optim.Adagrad([p], fused=True)
