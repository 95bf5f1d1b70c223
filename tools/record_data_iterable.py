"""Record PyTorch's IterableDataset loading and default_collate results -> tests/data/data_iterable.json.

Run with /work/torchenv/bin/python.  The program below is also run by the test with tinytorch
(``tests/data_iterable_program.py`` holds the shared dataset definitions and cases), so both
sides execute the same code.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

import torch  # noqa: E402
import torch.utils.data  # noqa: E402,F401

import data_iterable_program as program  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "data", "data_iterable.json")

if __name__ == "__main__":
    results = program.run_all(torch)
    with open(OUT, "w") as f:
        json.dump(results, f, indent=0)
    print(f"wrote {len(results)} cases to {os.path.normpath(OUT)}")
