"""Record PyTorch's results of the convolution / pooling / upsampling / normalisation programs
(``tests/convpool_cases.py``) into ``tests/data/convpool_pytorch.json``, which
``tests/test_nn_convpool.py`` compares tinytorch against.
Run with PyTorch 2.13: ``/work/torchenv/bin/python tools/record_convpool.py``."""
import json
import pathlib
import sys
import warnings

import torch

TESTS = pathlib.Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from convpool_cases import cases  # noqa: E402

warnings.simplefilter("ignore")
recorded = {name: run() for name, run in cases(torch).items()}
path = TESTS / "data" / "convpool_pytorch.json"
path.write_text(json.dumps({"torch": torch.__version__, "cases": recorded}, indent=0, sort_keys=True) + "\n")
print(f"{len(recorded)} cases written to {path}")
