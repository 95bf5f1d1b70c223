"""Record the exceptions PyTorch raises from torch.save / torch.load on bad paths and damaged files.

Run with PyTorch installed (``/work/torchenv/bin/python tools/record_load_errors.py``); the types it
prints are the literals in tests/test_serialization_faults.py.
"""
import os
import tempfile

import torch


def outcome(call):
    try:
        call()
        return "ok"
    except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
        return f"{type(e).__name__}: {str(e)[:120]}"


def main():
    folder = tempfile.mkdtemp()
    good = os.path.join(folder, "good.pt")
    torch.save({"a": torch.ones(3)}, good)
    data = open(good, "rb").read()
    with open(os.path.join(folder, "trunc.pt"), "wb") as f:
        f.write(data[:len(data) // 2])
    open(os.path.join(folder, "empty.pt"), "wb").close()
    cases = {
        "load missing": lambda: torch.load(os.path.join(folder, "missing.pt")),
        "load directory": lambda: torch.load(folder),
        "load empty": lambda: torch.load(os.path.join(folder, "empty.pt")),
        "load truncated": lambda: torch.load(os.path.join(folder, "trunc.pt")),
        "save missing parent": lambda: torch.save({}, os.path.join(folder, "nodir", "x.pt")),
        "save over directory": lambda: torch.save({}, folder),
    }
    for name, call in cases.items():
        print(f"{name}: {outcome(call)}")


if __name__ == "__main__":
    main()
