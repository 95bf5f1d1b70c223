"""Record PyTorch's results of ``tests/reduce_surface_cases.py`` (run with PyTorch 2.13):
writes ``tests/data/reduce_surface_pytorch.json``, one repr (or "ExcType: message") per case."""
import importlib.util
import json
import pathlib

import torch

root = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("cases", root / "tests" / "reduce_surface_cases.py")
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)


def run(expr, ns):
    try:
        return repr(eval(expr, dict(ns)))
    except Exception as e:  # the recorded outcome of a case that raises
        return f"{type(e).__name__}: {e}"


out = {expr: run(expr, cases.namespace(torch)) for expr in cases.CASES}
(root / "tests" / "data" / "reduce_surface_pytorch.json").write_text(json.dumps(out, indent=1) + "\n")
print(len(out), "cases")
