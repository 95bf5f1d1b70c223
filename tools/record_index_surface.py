"""Record PyTorch's outcome of every case in ``tests/index_surface_cases.py`` (needs PyTorch 2.13):
writes ``tests/data/index_surface_pytorch.json`` (values, dtypes, shapes, grad_fn names, error
types and messages).  Run with /work/torchenv/bin/python from the repository root."""
import importlib.util
import json
import pathlib

import torch

root = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("index_surface_cases", root / "tests" / "index_surface_cases.py")
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)

recorded = {name: cases.summary(torch, fn, dt) for name, (fn, dt) in cases.CASES.items()}
out = root / "tests" / "data" / "index_surface_pytorch.json"
lines = ",\n".join(f"{json.dumps(name)}: {json.dumps(recorded[name])}" for name in sorted(recorded))
out.write_text(f'{{"torch": {json.dumps(torch.__version__)}, "cases": {{\n{lines}\n}}}}\n')   # one case a line
print(f"{len(recorded)} cases -> {out.relative_to(root)}")
