"""Print what PyTorch prints for ``tests/test_autograd_functional.py``'s program (its EXPECTED).

Run with PyTorch 2.13 installed: ``python tools/record_autograd_functional.py``.  The test
module's ``_program`` runs with its ``torch`` name bound to the real PyTorch; replace
``torch.float64`` by ``tinytorch.float64`` in the output to get the test's literal.
"""
import importlib.util
import pathlib

import torch

path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "test_autograd_functional.py"
spec = importlib.util.spec_from_file_location("recorded", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.torch = torch
module._program()
