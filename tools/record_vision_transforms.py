"""Record PyTorch's numbers for tinytorch.vision.transforms' tensor path -> tests/data/vision_transforms.json.

torchvision is not installed beside PyTorch 2.13 here, so each case rebuilds torchvision's
tensor recipe from its documented formulas with real PyTorch ops (interpolate, grid_sample,
the RNG calls), and records the result.  Run with /work/torchenv/bin/python.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "vision_transforms.json")


def image(shape, seed, dtype=np.float32):
    rng = np.random.default_rng(seed)
    if dtype == np.uint8:
        return rng.integers(0, 256, size=shape).astype(np.uint8)
    return rng.random(shape).astype(dtype)


def resize(x, size, mode, antialias):
    work = x if x.is_floating_point() else x.to(torch.float32)
    out = F.interpolate(work[None], size=size, mode=mode, antialias=antialias,
                        align_corners=False if mode == "bilinear" else None)[0]
    return out if x.is_floating_point() else out.round().to(x.dtype)


def inverse_rotation(angle, center):
    rot = math.radians(-angle)
    cx, cy = center
    m = [math.cos(rot), math.sin(rot), 0.0, -math.sin(rot), math.cos(rot), 0.0]
    m[2] += m[0] * -cx + m[1] * -cy + cx
    m[5] += m[3] * -cx + m[4] * -cy + cy
    return m


def rotate(x, angle, mode, fill, center=None, expand_size=None):
    c, h, w = x.shape
    center_f = [0.0, 0.0] if center is None else [center[0] - w * 0.5, center[1] - h * 0.5]
    theta = torch.tensor(inverse_rotation(angle, center_f), dtype=torch.float64).reshape(2, 3)
    ow, oh = expand_size or (w, h)
    ys, xs = torch.meshgrid(torch.arange(oh, dtype=torch.float64) - oh * 0.5 + 0.5,
                            torch.arange(ow, dtype=torch.float64) - ow * 0.5 + 0.5, indexing="ij")
    base = torch.stack([xs, ys, torch.ones_like(xs)], -1).reshape(-1, 3)
    grid = (base @ theta.T / torch.tensor([0.5 * w, 0.5 * h], dtype=torch.float64)).reshape(1, oh, ow, 2)
    img = torch.cat([x.double(), torch.ones(1, h, w, dtype=torch.float64)])[None]
    out = F.grid_sample(img, grid, mode=mode, padding_mode="zeros", align_corners=False)[0]
    mask, out = out[-1:], out[:-1]
    fill_t = torch.tensor(fill, dtype=torch.float64).view(-1, 1, 1).expand_as(out)
    if mode == "nearest":
        out = torch.where(mask < 0.5, fill_t, out)
    else:
        out = out * mask + (1.0 - mask) * fill_t
    return out.to(x.dtype)


def rgb2hsv(img):
    r, g, b = img.unbind(-3)
    maxc, minc = img.max(-3).values, img.min(-3).values
    eqc = maxc == minc
    cr = maxc - minc
    ones = torch.ones_like(maxc)
    s = cr / torch.where(eqc, ones, maxc)
    crd = torch.where(eqc, ones, cr)
    rc, gc, bc = (maxc - r) / crd, (maxc - g) / crd, (maxc - b) / crd
    h = (maxc == r) * (bc - gc) + ((maxc == g) & (maxc != r)) * (2.0 + rc - bc) + \
        ((maxc != g) & (maxc != r)) * (4.0 + gc - rc)
    return torch.stack([torch.fmod(h / 6.0 + 1.0, 1.0), s, maxc], -3)


def hsv2rgb(img):
    h, s, v = img.unbind(-3)
    i = torch.floor(h * 6.0)
    f = h * 6.0 - i
    i = i.to(torch.int32) % 6
    p = (v * (1.0 - s)).clamp(0, 1)
    q = (v * (1.0 - s * f)).clamp(0, 1)
    t = (v * (1.0 - s * (1.0 - f))).clamp(0, 1)
    table = torch.stack([torch.stack(c, 0) for c in ((v, q, p, p, t, v), (t, v, v, q, p, p), (p, p, t, v, v, q))])
    return torch.gather(table, 1, i[None, None].expand(3, 1, *i.shape).long())[:, 0]


def hue(x, factor):
    hsv = rgb2hsv(x.double())
    h, s, v = hsv.unbind(-3)
    return hsv2rgb(torch.stack([(h + factor) % 1.0, s, v], -3)).to(x.dtype)


def gray(x):
    r, g, b = x.unbind(-3)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(x.dtype).unsqueeze(-3)


def blend(a, b, ratio, bound):
    return (ratio * a + (1.0 - ratio) * b).clamp(0, bound).to(a.dtype)


def main():
    cases = []
    x = image((3, 7, 9), 0)
    xu = image((3, 7, 9), 1, np.uint8)
    tx, txu = torch.from_numpy(x), torch.from_numpy(xu)
    for size, mode, aa, src in [((4, 5), "bilinear", True, "f"), ((10, 13), "bilinear", True, "f"),
                                ((4, 5), "bilinear", False, "f"), ((10, 13), "bilinear", False, "f"),
                                ((3, 14), "nearest", False, "f"), ((5, 6), "bilinear", True, "u"),
                                ((2, 3), "bilinear", True, "u")]:
        inp = tx if src == "f" else txu
        cases.append({"op": "resize", "src": src, "size": list(size), "mode": mode, "antialias": aa,
                      "out": resize(inp, size, mode, aa).double().tolist()})
    for angle, mode, fill, center in [(30.0, "nearest", [0.0] * 3, None), (-75.5, "nearest", [0.0] * 3, None),
                                      (30.0, "bilinear", [0.0] * 3, None),
                                      (12.0, "bilinear", [0.5, 0.25, 1.0], [2, 3]),
                                      (100.0, "nearest", [0.5, 0.25, 1.0], None)]:
        cases.append({"op": "rotate", "src": "f", "angle": angle, "mode": mode, "fill": fill, "center": center,
                      "out": rotate(tx, angle, mode, fill, center).double().tolist()})
    cases.append({"op": "rotate_expand", "src": "f", "angle": 30.0, "mode": "bilinear", "fill": [0.0] * 3,
                  "size": [13, 11], "out": rotate(tx, 30.0, "bilinear", [0.0] * 3, None, (13, 11)).double().tolist()})
    for factor in (0.1, -0.3, 0.5, 0.0):
        cases.append({"op": "hue", "src": "f", "factor": factor, "out": hue(tx, factor).double().tolist()})
    for src, inp, bound in (("f", tx, 1.0), ("u", txu, 255)):
        cases.append({"op": "brightness", "src": src, "factor": 1.3, "out": blend(inp, torch.zeros_like(inp), 1.3,
                                                                                  bound).double().tolist()})
        mean = gray(inp).to(torch.float32 if src == "u" else inp.dtype).mean(dim=(-3, -2, -1), keepdim=True)
        cases.append({"op": "contrast", "src": src, "factor": 0.7, "out": blend(inp, mean, 0.7, bound).double().tolist()})
        cases.append({"op": "saturation", "src": src, "factor": 1.6, "out": blend(inp, gray(inp), 1.6,
                                                                                  bound).double().tolist()})
        cases.append({"op": "grayscale", "src": src, "out": gray(inp).double().tolist()})
    # The random draws torchvision makes, in its order, from a seeded global generator.
    torch.manual_seed(7)
    draws = []
    for _ in range(4):
        flip = bool(torch.rand(1) < 0.5)
        i = torch.randint(0, 9 - 5 + 1, size=(1,)).item()      # RandomCrop((5, 6), padding=1) on 3 x 7 x 9
        j = torch.randint(0, 11 - 6 + 1, size=(1,)).item()
        angle = float(torch.empty(1).uniform_(-30.0, 30.0).item())
        order = torch.randperm(4).tolist()
        factors = [float(torch.empty(1).uniform_(lo, hi).item()) for lo, hi in ((0.8, 1.2), (0.7, 1.3),
                                                                                  (0.9, 1.1), (-0.05, 0.05))]
        draws.append({"flip": flip, "crop": [i, j], "angle": angle, "order": order, "factors": factors})
    after = torch.rand(1).item()
    data = {"inputs": {"f": x.astype(np.float64).tolist(), "u": xu.tolist()}, "cases": cases,
            "seeded": {"seed": 7, "draws": draws, "next_rand": after}}
    with open(OUT, "w") as f:
        json.dump(data, f)
    print(f"wrote {len(cases)} cases and {len(draws)} seeded draws to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
