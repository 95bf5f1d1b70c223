"""SGD, Adam and AdamW round as PyTorch's CPU step does.

SGD is a chain of fused multiply-adds (``add`` with ``alpha``): ``sgd_kernel`` equals recorded
PyTorch 2.13 bit for bit.

PyTorch's single-tensor Adam is a sequence of float ops in the parameter's dtype: the
decoupled decay ``p * (1 - lr wd)`` (or the L2 term ``fma(p, wd, g)``), ``lerp`` (one fused
multiply-add), ``v * b2`` then ``addcmul`` (one fused multiply-add), ``sqrt``, a division
by sqrt(1 - b2^t), ``+ eps`` and ``addcdiv``.  ``adam_kernel`` does the same per element, so:

* it equals an exact step-by-step model of that sequence bit for bit (every fma computed with
  fractions, rounded once), in float32 and float64;
* it equals recorded PyTorch 2.13 results (tools/record_optim_rounding.py) on all but a few
  elements: PyTorch's CPU sqrt goes through MKL's vector sqrt, which is not always correctly
  rounded, so about 1 element in 10,000 ends one unit in the last place away after 5 steps.
"""
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import tinytorch as torch

DATA = json.loads((Path(__file__).parent / "data" / "optim_rounding_pytorch.json").read_text())


def adam_inputs(dtype, n, steps, seed=11):
    rng = np.random.default_rng(seed)
    p = rng.standard_normal(n).astype(dtype)
    return p, [(rng.standard_normal(n) * 0.1).astype(dtype) for _ in range(steps)]


def run(name, kw, p0, grads):
    p = torch.nn.Parameter(torch.from_numpy(p0.copy()))
    opt = getattr(torch.optim, name)([p], **kw)
    for g in grads:
        p.grad = torch.from_numpy(g.copy())
        opt.step()
    return p.detach().numpy()


def fma(t, a, b, c):
    """a * b + c rounded once to NumPy scalar type ``t``."""
    return t(float(Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))))


def model(name, kw, p0, grads):
    """PyTorch's sequence of rounded ops, element by element, in plain Python."""
    t = p0.dtype.type
    lr, (b1, b2), eps = kw.get("lr", 1e-3), kw.get("betas", (0.9, 0.999)), kw.get("eps", 1e-8)
    wd = kw.get("weight_decay", 1e-2 if name == "AdamW" else 0.0)
    amsgrad, maximize = kw.get("amsgrad", False), kw.get("maximize", False)
    p, m, v, vmax = list(p0), [t(0)] * len(p0), [t(0)] * len(p0), [t(0)] * len(p0)
    for step, g in enumerate(grads, 1):
        w1 = t(1 - b1)
        bc2_sqrt, neg_step = t((1 - b2 ** step) ** 0.5), t(-(lr / (1 - b1 ** step)))
        for i, d in enumerate(g):
            d = -d if maximize else d
            if wd and name == "AdamW":
                p[i] = p[i] * t(1 - lr * wd)
            elif wd:
                d = fma(t, p[i], t(wd), d)
            m[i] = fma(t, w1, d - m[i], m[i]) if w1 < 0.5 else fma(t, w1 - t(1), d - m[i], d)
            v[i] = fma(t, t(1 - b2) * d, d, v[i] * t(b2))
            vmax[i] = max(vmax[i], v[i])
            denom = np.sqrt(vmax[i] if amsgrad else v[i]) / bc2_sqrt + t(eps)
            p[i] = p[i] + neg_step * m[i] / denom
    return np.array(p, p0.dtype)


MODEL_CASES = [("Adam", {}), ("AdamW", {}), ("Adam", {"weight_decay": 0.1}), ("AdamW", {"weight_decay": 0.3, "lr": 0.1}),
               ("Adam", {"amsgrad": True, "weight_decay": 0.05}), ("AdamW", {"maximize": True, "betas": (0.3, 0.9)}),
               ("Adam", {"betas": (0.5, 0.99), "eps": 1e-3})]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, kw", MODEL_CASES)
def test_adam_equals_pytorchs_sequence_of_rounded_ops_bit_for_bit(name, kw, dtype):
    p0, grads = adam_inputs(dtype, 300, 4)
    got = run(name, kw, p0, grads)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, model(name, kw, p0, grads))


@pytest.mark.parametrize("case", [c for c in DATA["cases"] if c["optimizer"] == "SGD"],
                         ids=lambda c: f"{c['dtype']}-{c['kwargs']}")
def test_sgd_matches_recorded_pytorch_bit_for_bit(case):
    dtype = np.dtype(case["dtype"]).type
    p0, grads = adam_inputs(dtype, DATA["n"], DATA["steps"])
    got = run("SGD", case["kwargs"], p0, grads)
    np.testing.assert_array_equal(got, np.array([float.fromhex(h) for h in case["result"]]).astype(dtype))


@pytest.mark.parametrize("case", [c for c in DATA["cases"] if c["optimizer"] != "SGD"], ids=lambda c: f"{c['optimizer']}-{c['dtype']}-{c['kwargs']}")
def test_adam_matches_recorded_pytorch_to_the_last_bit_but_for_mkl_sqrt(case):
    dtype = np.dtype(case["dtype"]).type
    p0, grads = adam_inputs(dtype, DATA["n"], DATA["steps"])
    got = run(case["optimizer"], case["kwargs"], p0, grads)
    want = np.array([float.fromhex(h) for h in case["result"]]).astype(dtype)
    assert np.mean(got == want) >= 0.99
    ulp = np.spacing(np.abs(want))
    assert np.all(np.abs(got - want) <= 4 * ulp)
