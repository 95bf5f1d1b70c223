"""Record PyTorch 2.13's results of the cases in ``tests/shape_surface_cases.py`` (run with the
PyTorch interpreter): ``tests/data/shape_surface_pytorch.json``, one record per case (output
values, dtypes, shapes, node names, the gradients of a fixed weighted sum, or the error)."""
import importlib.util
import json
import pathlib

import torch

root = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("cases", root / "tests" / "shape_surface_cases.py")
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)
records = {name: cases.run(torch, name) for name in cases.CASES}
out = root / "tests" / "data" / "shape_surface_pytorch.json"
out.write_text(json.dumps({"torch": torch.__version__, "cases": records}, indent=0, sort_keys=True) + "\n")
print(f"{len(records)} cases -> {out}")
