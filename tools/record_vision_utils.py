"""Record torchvision's make_grid results -> tests/data/vision_utils.json.

torchvision is not installed beside PyTorch 2.13 here; this rebuilds make_grid's documented
recipe (a pad_value canvas, each image copied into its cell, optional normalisation) with
real PyTorch ops.  Run with /work/torchenv/bin/python.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "vision_utils.json")


def grid(t, nrow=8, padding=2, normalize=False, value_range=None, scale_each=False, pad_value=0.0):
    if t.dim() == 3:
        t = (torch.cat([t] * 3) if t.size(0) == 1 else t).unsqueeze(0)
    if t.size(1) == 1:
        t = torch.cat([t] * 3, 1)
    if normalize:
        t = t.clone()
        for img in (t if scale_each else [t]):
            low, high = value_range if value_range is not None else (float(img.min()), float(img.max()))
            img.clamp_(min=low, max=high).sub_(low).div_(max(high - low, 1e-5))
    if t.size(0) == 1:
        return t.squeeze(0)
    n = t.size(0)
    xmaps = min(nrow, n)
    ymaps = int(math.ceil(n / xmaps))
    h, w = t.size(2) + padding, t.size(3) + padding
    out = t.new_full((t.size(1), h * ymaps + padding, w * xmaps + padding), pad_value)
    for k in range(n):
        y, x = divmod(k, xmaps)
        out[:, y * h + padding:y * h + h, x * w + padding:x * w + w] = t[k]
    return out


def main():
    g = torch.Generator().manual_seed(0)
    batch = torch.rand(5, 3, 4, 3, generator=g) * 4 - 1
    gray = torch.rand(3, 1, 2, 5, generator=g)
    cases = [("batch", {}), ("batch", {"nrow": 2, "padding": 1, "pad_value": 0.25}),
             ("batch", {"normalize": True}), ("batch", {"normalize": True, "scale_each": True, "nrow": 3}),
             ("batch", {"normalize": True, "value_range": [-0.5, 0.5], "padding": 0}),
             ("gray", {"nrow": 5, "padding": 3}), ("single", {})]
    inputs = {"batch": batch, "gray": gray, "single": gray[0]}
    out = []
    for name, kwargs in cases:
        call = dict(kwargs)
        if "value_range" in call:
            call["value_range"] = tuple(call["value_range"])
        out.append({"input": name, "kwargs": kwargs, "out": grid(inputs[name], **call).double().tolist()})
    data = {"inputs": {k: v.double().tolist() for k, v in inputs.items()}, "cases": out}
    with open(OUT, "w") as f:
        json.dump(data, f)
    print(f"wrote {len(out)} make_grid cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
