"""tinytorch.profiler / tinytorch.autograd.profiler: PyTorch's table layout (recorded from
PyTorch's own EventList by tools/record_profiler.py), the events a program records, and the
wrappers being gone once a profile ends."""
import json
import os
import threading

import pytest

import tinytorch
import tinytorch as torch
from tinytorch.autograd.profiler_util import EventList, FunctionEvent
from tinytorch.profiler import ProfilerActivity, profile, record_function

with open(os.path.join(os.path.dirname(__file__), "data", "profiler.json")) as f:
    DATA = json.load(f)


def _events(record_shapes):
    events = []
    for i, (name, start, end, parent, shapes) in enumerate(DATA["events"]):
        e = FunctionEvent(i, name, start, thread=1, input_shapes=shapes if record_shapes else [])
        e.end_us = end
        if parent is not None:
            e.cpu_parent = events[parent]
            events[parent].cpu_children.append(e)
        events.append(e)
    return EventList(events)


@pytest.mark.parametrize("case", DATA["tables"], ids=lambda c: json.dumps(c["kwargs"]) + str(c["grouped"]))
def test_table_layout_is_pytorchs(case):
    events = _events(case["grouped"])
    averages = events.key_averages(group_by_input_shapes=True) if case["grouped"] else events.key_averages()
    assert averages.table(**case["kwargs"]) == case["out"]


def _program():
    x = torch.randn(4, 3, requires_grad=True)
    lin = torch.nn.Linear(3, 2)
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("step"):
            y = torch.nn.functional.relu(lin(x)).mul(2).sum()
            y.backward()
    return prof


def test_program_records_pytorchs_event_names():
    prof = _program()
    names = {e.key for e in prof.key_averages()}
    expected = set(DATA["program_names"])
    assert names <= expected, names - expected   # no name PyTorch would not show
    must = {"step", "aten::linear", "aten::relu", "aten::mul", "aten::sum", "MulBackward0", "SumBackward0",
            "autograd::engine::evaluate_function: MulBackward0", "torch::autograd::AccumulateGrad",
            "autograd::engine::evaluate_function: torch::autograd::AccumulateGrad", "ReluBackward0"}
    assert must <= names, must - names
    step = next(e for e in prof.events() if e.name == "step")
    assert step.cpu_parent is None and {c.name for c in step.cpu_children} >= {"aten::linear", "aten::sum"}
    assert step.cpu_time_total >= sum(c.cpu_time_total for c in step.cpu_children)
    table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=10)
    lines = table.splitlines()
    assert lines[1].split() == ["Name", "Self", "CPU", "%", "Self", "CPU", "CPU", "total", "%", "CPU", "total", "CPU",
                                "time", "avg", "#", "of", "Calls"]
    assert lines[3].split()[0] == "step" and lines[3].split()[3] == "100.00%" and len(lines) == 3 + 10 + 2
    shapes = {(e.key, str(e.input_shapes)) for e in prof.key_averages(group_by_input_shape=True)}
    assert ("aten::sum", "[[4, 2]]") in shapes


def test_wrappers_are_removed_after_the_profile():
    mul, tmul, relu = tinytorch.mul, tinytorch.Tensor.__mul__, tinytorch.nn.functional.relu
    with profile():
        assert tinytorch.mul is not mul and tinytorch.Tensor.__mul__ is not tmul
    assert tinytorch.mul is mul and tinytorch.Tensor.__mul__ is tmul and tinytorch.nn.functional.relu is relu
    from tinytorch.autograd import engine
    assert engine.profiling[0] is None


def test_legacy_profile_and_options():
    x = torch.ones(3)
    with torch.autograd.profiler.profile() as prof:
        x.add(1)
    assert [e.name for e in prof.function_events] == ["aten::add"]
    assert str(prof) == prof.key_averages().table()
    with torch.autograd.profiler.profile(enabled=False) as off:
        x.add(1)
    assert off.function_events is None
    with pytest.raises(RuntimeError, match="Profiler is already enabled on this thread"):
        with profile():
            with profile():
                pass
    with pytest.raises(NotImplementedError, match="ProfilerActivity.CPU only"):
        profile(activities=[ProfilerActivity.CUDA])
    with pytest.raises(NotImplementedError, match="profile_memory=True is not supported"):
        profile(profile_memory=True)
    with pytest.raises(NotImplementedError, match="no schedule"):
        profile(schedule=lambda step: None)


def test_record_function_as_decorator_and_other_threads(tmp_path):
    @record_function("helper")
    def helper(t):
        return t * 3

    x = torch.ones(2)
    helper(x)   # no profile: nothing recorded, nothing fails
    with profile() as prof:
        helper(x)
        worker = threading.Thread(target=lambda: x.sub(1))
        worker.start()
        worker.join()
    names = [e.name for e in prof.events()]
    assert names == ["helper", "aten::mul"]   # the other thread's sub is not recorded
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    trace = json.loads(path.read_text())
    assert [e["name"] for e in trace["traceEvents"]] == names and trace["traceEvents"][0]["ph"] == "X"
