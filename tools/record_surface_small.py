"""Print PyTorch's output of the programs in ``tests/test_surface_small.py`` (needs PyTorch 2.13):
the test's EXPECTED_* literals (object addresses replaced by ADDR)."""
import contextlib
import importlib.util
import io
import pathlib
import re

import torch

path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "test_surface_small.py"
spec = importlib.util.spec_from_file_location("recorded", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
for name in ("program_close_onehot_clip", "program_tril_triu", "program_legacy_constructors",
             "program_finite_and_clamp"):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(module, name)(torch)
    print(name, repr(re.sub(r"object at 0x[0-9a-f]+", "object at ADDR", out.getvalue())))
