"""Record what IPython prints for the cells of ``tests/ipython_habit_cells.py`` into
``tests/data/ipython_habits.json`` ({group: [output of each cell]}).

Needs IPython (``python -m venv /tmp/ipyenv && /tmp/ipyenv/bin/pip install ipython numpy``;
``/tmp/ipyenv/bin/python tools/record_ipython_habits.py``).  Each group runs in a fresh
InteractiveShell; stdout is a UTF-8 stream, so IPython writes µ and ±; ``%timeit`` times with
the cells' fake clock (IPython reads ``timeit.default_timer``)."""
import contextlib
import importlib.util
import io
import json
import pathlib
import sys
import timeit

from IPython import __version__
from IPython.core.interactiveshell import InteractiveShell

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("ipython_habit_cells", ROOT / "tests" / "ipython_habit_cells.py")
cells = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cells)


def run_group(group):
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance(colors="nocolor")
    clock = cells.FakeClock()
    timeit.default_timer = clock
    shell.user_ns["clock"] = clock
    outputs = []
    for cell in group:
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
        with contextlib.redirect_stdout(out):
            shell.run_cell(cell, store_history=True)
        out.flush()
        outputs.append(raw.getvalue().decode("utf-8"))
    return outputs


recorded = {"ipython": __version__, "python": sys.version.split()[0]}
recorded.update({name: run_group(group) for name, group in cells.GROUPS.items()})
path = ROOT / "tests" / "data" / "ipython_habits.json"
path.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {path}")
