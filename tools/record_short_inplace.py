"""Record PyTorch's answers for ``tests/test_short_and_inplace_functions.py`` (PyTorch 2.13; run with
the repository on PYTHONPATH): ``tests/data/short_inplace_pytorch.json``.  ``inplace_functions``:
for each tinytorch op with an in-place method, whether ``torch.<name>_`` exists."""
import importlib.util
import json
import pathlib

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("short_inplace_cases", ROOT / "tests" / "short_inplace_cases.py")
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)

from tinytorch.ops import registry  # noqa: E402

record = {"inplace_functions": {n: hasattr(torch, n + "_") for n in sorted(registry.INPLACE)}}
for case in cases.CASES:
    record[case.__name__] = json.loads(json.dumps(case(torch)))
(ROOT / "tests" / "data" / "short_inplace_pytorch.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
print("wrote", ROOT / "tests" / "data" / "short_inplace_pytorch.json")
