"""Record PyTorch's out= behaviour for ``tests/test_out_surface.py`` (needs PyTorch 2.13; run with
the repository on PYTHONPATH: the names probed are tinytorch's public functions):
``PYTHONPATH=. python tools/record_out_surface.py`` writes ``tests/data/out_surface_pytorch.json``.

``accepts``: for each tinytorch function name, whether ``torch.<name>`` takes ``out=`` (True),
takes a tuple of tensors (``"tuple"``: sort, topk...), or not (False), found by calling it with
an ``out=`` that is not a tensor and reading PyTorch's TypeError."""
import importlib.util
import json
import pathlib
import re

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("out_surface_cases", ROOT / "tests" / "out_surface_cases.py")
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)

from tinytorch.ops import registry  # noqa: E402

_x = torch.ones(2, 2)
_i = torch.zeros(2, 2, dtype=torch.long)
_TRIALS = [(_x,), ([_x, _x],), (_x, _x), (_x, 0), (_x, 1, _i), (_x, 1, _i, _x), (_x, 0, _x), (_x, _x, _x), (_x, 1, 1),
           (_x, (0,)), (_x, _i), (2, 2), (_x > 0, _x, _x), (_x, 2, 0, 1), (_x, 1, _i, _x, "sum"), (_x, [0, 1]),
           (torch.ones(2),), (torch.ones(2), torch.ones(2)), (_x, torch.ones(2)), (_x, torch.ones(2), torch.ones(2))]


def accepts(name):
    fn = getattr(torch, name, None)
    if fn is None:
        return None
    for args in _TRIALS:
        try:
            fn(*args, out=object())
        except TypeError as e:
            m = str(e)
            if "unexpected keyword argument 'out'" in m:
                return False
            if re.search(r"argument '\w+' must be tuple of Tensors", m) or "tuple of Tensors out" in m:
                return "tuple"
            if re.search(r"argument '\w+' must be Tensor", m) or "Tensor out" in m:
                return True
            if "invalid combination" in m and "out=object" in m:
                return False
        except Exception:   # noqa: BLE001 (these arguments do not fit: try the next)
            continue
    return False


record = {"accepts": {n: accepts(n) for n in sorted(registry.FUNCTIONS)}}
for case in cases.CASES:
    record[case.__name__] = case(torch)
(ROOT / "tests" / "data" / "out_surface_pytorch.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
print("wrote", sum(len(v) for v in record.values()), "entries")
