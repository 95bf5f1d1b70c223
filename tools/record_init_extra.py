"""Record PyTorch's nn.init eye_/dirac_/orthogonal_/sparse_ results for tests/test_nn_init_extra.py.

Usage: python tools/record_init_extra.py  (needs PyTorch; writes tests/data/init_extra_pytorch.json)
"""
import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import init_extra_cases  # noqa: E402

if __name__ == "__main__":
    path = ROOT / "tests" / "data" / "init_extra_pytorch.json"
    path.write_text(json.dumps({"torch_version": torch.__version__, "results": init_extra_cases.run(torch)}) + "\n")
    print(f"written {path.relative_to(ROOT)}")
