"""Record PyTorch 2.13's results for ``tests/linalg_programs.py`` into
``tests/data/linalg_pytorch.json`` (run with the PyTorch interpreter; the inputs are drawn
here from a fixed NumPy seed and stored with the results)."""
import contextlib
import io
import json
import pathlib
import sys

import numpy as np
import torch

tests = pathlib.Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(tests))
import linalg_programs as programs  # noqa: E402

rng = np.random.default_rng(2026)
data = {"inputs": {}, "numeric": {}, "printed": {}}
for name, fn, specs in programs.NUMERIC:
    arrays = [programs.make_input(shape, kind, rng) for shape, kind in specs]
    data["inputs"][name] = [a.tolist() for a in arrays]
    data["numeric"][name] = programs.run_case(torch, fn, arrays)
for name in programs.PRINTED:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(programs, name)(torch)
    data["printed"][name] = out.getvalue()
(tests / "data" / "linalg_pytorch.json").write_text(json.dumps(data, indent=None))
print(len(data["numeric"]), "numeric cases,", len(data["printed"]), "printed programs")
