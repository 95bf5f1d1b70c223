"""Record PyTorch's module initialisation for tests/test_module_init.py (needs PyTorch installed).

Runs every case of tests/module_init_cases.py with ``torch`` (manual_seed, construct, rand(3))
and writes each module's parameters and buffers, floats as bit patterns, and the draw after
construction to tests/data/module_init_pytorch.json.  Usage: python tools/record_module_init.py
"""
import json
import pathlib
import sys
import warnings

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import module_init_cases  # noqa: E402


def main():
    cases = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # zero-element init, nested-tensor and dropout notices
        for seed, expression in module_init_cases.CASES:
            cases.append({"seed": seed, "expression": expression,
                          "result": module_init_cases.run(torch, seed, expression)})
    out = {"torch_version": torch.__version__, "cases": cases}
    path = ROOT / "tests" / "data" / "module_init_pytorch.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"{len(cases)} cases written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
