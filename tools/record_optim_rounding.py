"""Record PyTorch 2.13's SGD/Adam/AdamW parameters after 5 steps, bit for bit, for
tests/test_optim_rounding.py: ``python tools/record_optim_rounding.py`` (needs torch).

Inputs come from ``adam_inputs`` (NumPy's default_rng, so the test rebuilds them without
this file); the results are stored as hexadecimal floats, so nothing is lost.
"""
import json
from pathlib import Path

import numpy as np

CASES = [("Adam", {}, "float32"), ("AdamW", {}, "float32"), ("Adam", {"weight_decay": 0.1}, "float32"),
         ("AdamW", {"weight_decay": 0.05, "amsgrad": True, "lr": 0.01}, "float32"),
         ("Adam", {"maximize": True, "betas": (0.3, 0.9)}, "float32"), ("AdamW", {}, "float64"),
         ("SGD", {"lr": 0.1}, "float32"), ("SGD", {"lr": 0.1, "weight_decay": 0.1}, "float32"),
         ("SGD", {"lr": 0.05, "momentum": 0.9}, "float32"), ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, "float32"),
         ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}, "float32"),
         ("SGD", {"lr": 0.1, "maximize": True, "momentum": 0.5}, "float64")]
N, STEPS = 512, 5


def adam_inputs(dtype, n=N, steps=STEPS, seed=11):
    """(initial parameter, list of gradients) of NumPy dtype ``dtype``."""
    rng = np.random.default_rng(seed)
    p = rng.standard_normal(n).astype(dtype)
    return p, [(rng.standard_normal(n) * 0.1).astype(dtype) for _ in range(steps)]


def main():
    import torch
    out = []
    for name, kw, dtype in CASES:
        p0, grads = adam_inputs(dtype)
        p = torch.nn.Parameter(torch.from_numpy(p0.copy()))
        opt = getattr(torch.optim, name)([p], **kw)
        for g in grads:
            p.grad = torch.from_numpy(g.copy())
            opt.step()
        out.append({"optimizer": name, "kwargs": kw, "dtype": dtype,
                    "result": [float(v).hex() for v in p.detach().numpy().astype(np.float64)]})
    path = Path(__file__).resolve().parent.parent / "tests" / "data" / "optim_rounding_pytorch.json"
    path.write_text(json.dumps({"torch": torch.__version__, "n": N, "steps": STEPS, "cases": out}) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
