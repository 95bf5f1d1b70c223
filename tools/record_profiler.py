"""Record PyTorch's profiler table layout and event names -> tests/data/profiler.json.

Tables: events with fixed times (a small tree, names long and short) summarised by PyTorch's
own EventList.key_averages().table(...) for several options.  Names: the event names PyTorch's
profiler records for a small forward/backward program.  Run with /work/torchenv/bin/python.
"""
import json
import os

import torch
from torch.autograd.profiler_util import EventList, FunctionEvent

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "profiler.json")

#: (name, start_us, end_us, parent index or None, input shapes)
EVENTS = [
    ("train_step", 0.0, 5000.0, None, []),
    ("aten::linear", 10.0, 910.5, 0, [[4, 3], [2, 3], [2]]),
    ("aten::t", 12.0, 20.25, 1, [[2, 3]]),
    ("aten::addmm", 25.0, 900.0, 1, [[2], [4, 3], [3, 2]]),
    ("aten::relu", 1000.0, 1040.125, 0, [[4, 2]]),
    ("autograd::engine::evaluate_function: AddmmBackward0", 2000.0, 3500.0, 0, []),
    ("AddmmBackward0", 2010.0, 3400.0, 5, []),
    ("aten::mm", 2020.0, 2800.0, 6, [[4, 2], [2, 3]]),
    ("aten::mm", 2810.0, 3300.0, 6, [[2, 4], [4, 3]]),
    ("aten::relu", 3600.0, 3612.0, 0, [[4, 2]]),
    ("aten::sum", 6000.0, 1006000.0, None, [[4, 2], []]),
]

TABLES = [
    {"sort_by": "cpu_time_total", "row_limit": 10},
    {"sort_by": "self_cpu_time_total", "row_limit": 4},
    {"sort_by": "count"},
    {"sort_by": "cpu_time_total", "row_limit": 3, "max_name_column_width": 20},
    {"sort_by": "cpu_time", "time_unit": "ms", "header": "A header"},
    {"sort_by": "cpu_time_total", "top_level_events_only": True},
    {},
]


def build(record_shapes):
    events = EventList([FunctionEvent(i, name, thread=1, start_us=start, end_us=end,
                                      input_shapes=shapes if record_shapes else [], stack=[])
                        for i, (name, start, end, _, shapes) in enumerate(EVENTS)])
    events._build_tree()   # parents from the time ranges, as the profiler does
    for e, (_, _, _, parent, _) in zip(events, EVENTS):
        assert (e.cpu_parent.id if e.cpu_parent is not None else None) == parent
    return events


def program_names():
    x = torch.randn(4, 3, requires_grad=True)
    lin = torch.nn.Linear(3, 2)
    with torch.profiler.profile() as prof:
        with torch.profiler.record_function("step"):
            y = torch.nn.functional.relu(lin(x)).mul(2).sum()
            y.backward()
    return sorted({e.key for e in prof.key_averages()})


def main():
    cases = []
    for kwargs in TABLES:
        cases.append({"kwargs": kwargs, "grouped": False, "out": build(False).key_averages().table(**kwargs)})
    cases.append({"kwargs": {"sort_by": "self_cpu_time_total"}, "grouped": True,
                  "out": build(True).key_averages(group_by_input_shapes=True).table(sort_by="self_cpu_time_total")})
    data = {"events": EVENTS, "tables": cases, "program_names": program_names()}
    with open(OUT, "w") as f:
        json.dump(data, f, indent=0)
    print(f"wrote {len(cases)} tables and {len(data['program_names'])} event names to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
