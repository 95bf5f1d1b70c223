"""Record PyTorch's embedding max_norm / scale_grad_by_freq results for tests/test_nn_embedding.py
(needs PyTorch).  Runs tests/embedding_norm_cases.py with ``torch`` and writes
tests/data/embedding_norm_pytorch.json.  Usage: python tools/record_embedding_norm.py"""
import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import embedding_norm_cases  # noqa: E402


def main():
    path = ROOT / "tests" / "data" / "embedding_norm_pytorch.json"
    path.write_text(json.dumps({"torch_version": torch.__version__, "results": embedding_norm_cases.run(torch)}) + "\n")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
