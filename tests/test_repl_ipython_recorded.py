"""The REPL prints what IPython printed for the same cells (recorded by ``tools/record_ipython_habits.py``
into ``tests/data/ipython_habits.json``): obj?, obj??, %whos, %history, In/Out/_/;, !cmd, %timeit."""
import json
import pathlib

import pytest

from ipython_habit_cells import GROUPS, FakeClock, normalize
from tinytorch_repl import timing
from tinytorch_repl.runner import Session

from conftest import run_cells as run

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "ipython_habits.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_cells_print_what_ipython_printed(group, monkeypatch):
    session = Session()
    clock = FakeClock()
    monkeypatch.setattr(timing, "clock", clock)
    session.namespace["clock"] = clock
    for cell, expected in zip(GROUPS[group], RECORDED[group], strict=True):
        assert normalize(run(session, cell)) == normalize(expected), cell
