"""Record PyTorch's random numbers for tests/test_random_pytorch.py (needs PyTorch installed).

Runs every case of tests/random_recipes.py with ``torch`` and writes their results, floats
as bit patterns, to tests/data/random_cases.json.  Usage: python tools/record_random.py
"""
import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import random_recipes  # noqa: E402
from torch.utils.data._utils.worker import _generate_state  # noqa: E402


def main():
    cases = [{"recipe": name, "kwargs": kwargs, "result": random_recipes.run(torch, name, kwargs)}
             for name, kwargs in random_recipes.CASES]
    worker_seeds = [{"base_seed": b, "worker_id": w, "numpy_seed": _generate_state(b, w)}
                    for b in (0, 1, 12345, 2 ** 62 + 3, 2 ** 63 - 1) for w in (0, 1, 5)]
    out = {"torch_version": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
           "cases": cases, "worker_numpy_seeds": worker_seeds}
    path = ROOT / "tests" / "data" / "random_cases.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"{len(cases)} cases written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
