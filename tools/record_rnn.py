"""Record PyTorch's results of the recurrent-layer programs (``tests/rnn_cases.py``) into
``tests/data/rnn_pytorch.json``, which ``tests/test_nn_rnn.py`` compares tinytorch against.
Run with PyTorch 2.13: ``/work/torchenv/bin/python tools/record_rnn.py``."""
import json
import pathlib
import sys

import torch

TESTS = pathlib.Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from rnn_cases import cases  # noqa: E402

torch.set_num_threads(1)
recorded = {name: run() for name, run in cases(torch).items()}
path = TESTS / "data" / "rnn_pytorch.json"
path.write_text(json.dumps({"torch": torch.__version__, "cases": recorded}, indent=0, sort_keys=True) + "\n")
print(f"{len(recorded)} cases written to {path}")
