"""Record PyTorch's output of ``tests/binary_table_program.py`` into tests/data (needs PyTorch 2.13).

Run from the repository root: ``python tools/record_unary_table.py``.
"""
import contextlib
import io
import pathlib
import sys

import torch

root = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(root / "tests"))
import binary_table_program  # noqa: E402

out = io.StringIO()
with contextlib.redirect_stdout(out):
    binary_table_program.run(torch)
(root / "tests" / "data" / "binary_table_pytorch.txt").write_text(out.getvalue())
