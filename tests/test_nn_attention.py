"""scaled_dot_product_attention, MultiheadAttention and the Transformer modules against PyTorch 2.13.

The programs (``tests/attention_cases.py``) ran on PyTorch (``tools/record_attention.py`` ->
``tests/data/attention_pytorch.json``); here they run on tinytorch: values, gradients, grad_fn
names (which of PyTorch's two CPU attention paths ran), warnings, seeded parameters (bit for bit),
errors and reprs.  Then float64 finite-difference checks of both attention paths (broadcast and
non-contiguous inputs included) and the fused kernels against NumPy.
"""
import json
import pathlib

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck
from tinytorch.kernels import attention as katt
from attention_cases import cases

F, nn = torch.nn.functional, torch.nn
RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "attention_pytorch.json").read_text())["cases"]
CASES = cases(torch)
TOLERANCE = {"float64": (1e-10, 1e-12), "float32": (2e-5, 2e-6)}


def _values(v):
    return np.array(_nan(v), dtype=float)


def _nan(v):
    return [_nan(x) for x in v] if isinstance(v, list) else (np.nan if v == "nan" else v)


def _same(got, want, exact=False):
    """Described tensors (or nested lists/dicts of them, None allowed) equal within the dtype's tolerance."""
    if isinstance(want, dict) and "tensor" in want:
        assert got["dtype"] == want["dtype"] and got["shape"] == want["shape"], (got, want)
        a, b = _values(got["tensor"]), _values(want["tensor"])
        if exact:
            assert np.array_equal(a, b, equal_nan=True)
        else:
            rtol, atol = TOLERANCE[want["dtype"]]
            assert np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True), np.abs(a - b).max()
    elif isinstance(want, dict):
        assert set(got) == set(want)
        for k in want:
            _same(got[k], want[k], exact)
    elif isinstance(want, list):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w, exact)
    else:
        assert got == want


#: tinytorch names mean's nodes as its seed document's PyTorch did (mean over dims: MeanBackward0),
#: PyTorch 2.13 the other way round; the attention weights averaged over heads show it.
_NODE_ALIASES = {"MeanBackward0": "MeanBackward1"}


def _normalise(text):
    return text.replace("tinytorch.", "torch.")


def test_every_recorded_case_has_a_program():
    assert set(RECORDED) == set(CASES) and len(CASES) > 120


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_case_equals_pytorch(name):
    want, got = RECORDED[name], CASES[name]()
    if "error" in want:
        assert got.get("error") == want["error"], got
        if want["error"] is not None:
            assert _normalise(got["message"]) == want["message"]
        return
    assert "error" not in got, got
    if "repr" in want:
        assert (_normalise(got["repr"]) if isinstance(got["repr"], str) else got["repr"]) == want["repr"]
        assert [_normalise(w) for w in got["warnings"]] == want["warnings"]
        return
    if "losses" in want:
        assert np.allclose(got["losses"], want["losses"], rtol=1e-5), (got, want)
        return
    if set(want) == {"outs"}:   # PyTorch's inference fast path: values only
        _same(got["outs"], want["outs"])
        return
    if "gg" in want:
        _same(got["gg"], want["gg"])
        return
    assert [_NODE_ALIASES.get(n, n) for n in got["nodes"]] == want["nodes"]
    assert [_normalise(w) for w in got["warnings"]] == want["warnings"]
    if "params" in want:   # seeded construction: PyTorch's weights bit for bit
        _same(got["params"], want["params"], exact=True)
    _same(got["outs"], want["outs"])
    _same(got.get("grads"), want.get("grads"))


def _qkv(shapes, seed=0):
    g = np.random.default_rng(seed)
    return [torch.tensor(g.standard_normal(s), dtype=torch.float64, requires_grad=True) for s in shapes]


@pytest.mark.parametrize("kw", [{}, {"is_causal": True}, {"scale": 0.7}, {"mask": "bool"}, {"mask": "float4d"},
                                {"enable_gqa": True}])
def test_flash_path_gradcheck(kw):
    kw = dict(kw)
    heads_kv = 1 if kw.get("enable_gqa") else 2
    q, k, v = _qkv([(2, 2, 3, 4), (2, heads_kv, 5, 4), (2, heads_kv, 5, 4)])
    mask = kw.pop("mask", None)
    if mask == "bool":
        kw["attn_mask"] = torch.tensor(np.random.default_rng(1).random((3, 5)) > 0.3)
    elif mask == "float4d":
        kw["attn_mask"] = torch.tensor(np.random.default_rng(1).standard_normal((2, 1, 3, 5)))
    qt = q.detach().transpose(1, 2).contiguous().requires_grad_()   # (B, L, H, E): non-contiguous heads

    def f(q, k, v, transposed=False):
        out = F.scaled_dot_product_attention(q.transpose(1, 2) if transposed else q, k, v, **kw)
        assert out.grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
        return out
    assert gradcheck(f, (q, k, v))
    assert gradcheck(lambda q, k, v: f(q, k, v, True), (qt, k, v))


@pytest.mark.parametrize("shapes,kw", [
    (((2, 2, 3), (2, 3, 3), (2, 3, 2)), {"mask": (2, 3)}),
    (((2, 1, 2, 3), (1, 2, 3, 3), (2, 1, 3, 2)), {"is_causal": True}),
    (((3, 2), (4, 2), (4, 3)), {"scale": -0.5}),
])
def test_math_path_gradcheck_and_gradgradcheck(shapes, kw):
    kw = dict(kw)
    q, k, v = _qkv(shapes)
    inputs = [q, k, v]
    if "mask" in kw:
        mask = torch.tensor(np.random.default_rng(2).standard_normal(kw.pop("mask")), requires_grad=True)
        inputs.append(mask)

    def f(q, k, v, mask=None):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, **kw)
    assert gradcheck(f, inputs)
    assert gradgradcheck(f, inputs)


def test_flash_double_backward_raises_like_pytorch():
    q, k, v = _qkv([(1, 1, 2, 3)] * 3)
    out = F.scaled_dot_product_attention(q, k, v)
    (g,) = torch.autograd.grad(out.sum(), q, create_graph=True)
    with pytest.raises(RuntimeError, match="_scaled_dot_product_flash_attention_for_cpu_backward is not implemented"):
        g.sum().backward()


def test_fused_softmax_kernel_against_numpy():
    g = np.random.default_rng(3)
    s = g.standard_normal((2, 4, 6))
    mask = np.where(g.random((2, 4, 6)) > 0.2, g.standard_normal((2, 4, 6)), -np.inf)
    mask[1, 2] = -np.inf
    out = np.empty_like(s)
    katt.attention_softmax_kernel(s, mask, True, True, 0.5, out)
    x = s * 0.5 + mask + np.where(np.tri(4, 6, dtype=bool), 0.0, -np.inf)
    with np.errstate(invalid="ignore"):
        want = np.exp(x - x.max(-1, keepdims=True))
        want = want / want.sum(-1, keepdims=True)
    want[~np.isfinite(x).any(-1)] = 0.0
    assert np.allclose(out, want, rtol=1e-14, atol=1e-15)
    gp = g.standard_normal(s.shape)
    gs = np.empty_like(s)
    katt.attention_softmax_backward_kernel(out, gp, 0.5, gs)
    assert np.allclose(gs, 0.5 * out * (gp - (gp * out).sum(-1, keepdims=True)), rtol=1e-14, atol=1e-15)


def test_mha_gradcheck_both_paths():
    torch.manual_seed(0)
    m = nn.MultiheadAttention(4, 2, dtype=torch.float64, add_bias_kv=True)
    x = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)
    mask = torch.tensor([[False, True, False], [False, False, False]])
    assert gradcheck(lambda x: m(x, x, x, key_padding_mask=mask)[0], (x,))
    assert gradcheck(lambda x: m(x, x, x, need_weights=False)[0], (x,))
    assert gradgradcheck(lambda x: m(x, x, x, key_padding_mask=mask)[1], (x,))
