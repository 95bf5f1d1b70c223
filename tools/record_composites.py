"""Print PyTorch's output of the programs in ``tests/test_composites.py`` (needs PyTorch 2.13)."""
import contextlib
import importlib.util
import io
import pathlib

import torch

path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "test_composites.py"
spec = importlib.util.spec_from_file_location("recorded", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
for name in ("program_bce_softplus_logsigmoid", "program_bce_target_gradients"):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(module, name)(torch)
    print(name, repr(out.getvalue()))
