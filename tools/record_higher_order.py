"""Record PyTorch's second and third derivatives (or refusals) of the programs in
``tests/higher_order_cases.py`` into ``tests/data/higher_order_pytorch.json``, which
``tests/test_higher_order.py`` replays on tinytorch.
Run with PyTorch 2.13: ``/work/torchenv/bin/python tools/record_higher_order.py``."""
import json
import pathlib
import sys
import warnings

import torch

TESTS = pathlib.Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from higher_order_cases import cases  # noqa: E402

warnings.simplefilter("ignore")
recorded = {name: run() for name, run in cases(torch, check=True).items()}
path = TESTS / "data" / "higher_order_pytorch.json"
path.write_text(json.dumps({"torch": torch.__version__, "cases": recorded}, indent=0, sort_keys=True) + "\n")
print(f"{len(recorded)} cases written to {path}")
for name, r in recorded.items():
    if not r.get("third_order_consistent", True):
        print(f"  {name}: PyTorch's third derivatives disagree with finite differences of its second ones")
    if "error" in r:
        print(f"  {name}: {r['error']['stage']}: {r['error']['type']}: {r['error']['message'][:100]}")
