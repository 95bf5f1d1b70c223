"""Shape and product ops (issue 13) against PyTorch 2.13's recorded results, and float64
finite-difference checks of their first and second derivatives.

The cases live in ``tests/shape_surface_cases.py``; ``tools/record_shape_surface.py`` ran them on
PyTorch and wrote ``tests/data/shape_surface_pytorch.json``.  Each case here must give the same
output values, dtypes, shapes, node names (and the chain of nodes along first edges), the same gradients of a fixed weighted sum of its
outputs and the same warnings, or the same error (type and message)."""
import json
import pathlib

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck

from shape_surface_cases import CASES, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "shape_surface_pytorch.json").read_text())["cases"]


def _close(got, want, dtype):
    tol = 1e-5 if dtype == "float32" else 1e-12
    a, b = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    return a.shape == b.shape and np.allclose(a, b, rtol=tol, atol=tol, equal_nan=True)


def mismatch(name):
    """None when tinytorch's record of case ``name`` matches PyTorch's, else what differs."""
    want, got = RECORDED[name], run(torch, name)
    if "error" in want or "error" in got:
        return None if want.get("error") == got.get("error") else (want.get("error"), got.get("error"))
    if want["warnings"] != got["warnings"]:
        return "warnings", want["warnings"], got["warnings"]
    if len(want["outputs"]) != len(got["outputs"]):
        return "number of outputs", len(want["outputs"]), len(got["outputs"])
    for w, g in zip(want["outputs"], got["outputs"]):
        for key in ("dtype", "shape", "node", "chain"):
            if w[key] != g[key]:
                return key, w[key], g[key]
        if not _close(g["value"], w["value"], w["dtype"]):
            return "value", w["value"], g["value"]
    if ("grads" in want) != ("grads" in got):
        return "grads recorded", "grads" in want, "grads" in got
    single = any(w["dtype"] == "float32" for w in want["outputs"])
    for w, g in zip(want.get("grads", []), got.get("grads", [])):
        if (w is None) != (g is None) or (w is not None and not _close(g, w, "float32" if single else "float64")):
            return "grad", w, g
    return None


def test_recorded_cases_cover_every_case():
    assert sorted(RECORDED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_pytorch(name):
    assert mismatch(name) is None


def _leaf(*shape, positive=False, seed=0):
    values = np.sin(np.arange(int(np.prod(shape))) * 0.9 + seed) * 1.5
    if positive:
        values = np.abs(values) + 0.5
    return torch.tensor(values.reshape(shape).tolist(), dtype=torch.float64, requires_grad=True)


def _t(x):
    return x.transpose(0, 1)   # a non-contiguous view of a contiguous leaf


# (name, function, inputs): each checked by gradcheck and gradgradcheck in float64
DIFFERENTIABLE = [
    ("roll", lambda x: _t(x).roll((1, -1), (0, 1)), (_leaf(3, 4),)),
    ("roll_flat", lambda x: _t(x).roll(5), (_leaf(3, 4),)),
    ("flip", lambda x: _t(x).flip(0, 1), (_leaf(3, 4),)),
    ("rot90", lambda x: _t(x).rot90(3), (_leaf(3, 4),)),
    ("repeat", lambda x: _t(x).repeat(2, 1, 2), (_leaf(2, 3),)),
    ("tile", lambda x: _t(x).tile((2,)), (_leaf(2, 3),)),
    ("repeat_interleave", lambda x: _t(x).repeat_interleave(2, 1), (_leaf(2, 3),)),
    ("repeat_interleave_tensor", lambda x: _t(x).repeat_interleave(torch.tensor([2, 0, 1]), 0), (_leaf(2, 3),)),
    ("narrow", lambda x: _t(x).narrow(0, 1, 2), (_leaf(2, 3),)),
    ("movedim", lambda x: x.movedim((0, 2), (1, 0)), (_leaf(2, 3, 2),)),
    ("tensor_split", lambda x: _t(x).tensor_split([1, 2], 0)[1], (_leaf(2, 3),)),
    ("hstack", lambda a, b: torch.hstack([_t(a), b]), (_leaf(2, 3), _leaf(3, 1))),
    ("dstack", lambda a, b: torch.dstack([a, b]), (_leaf(3), _leaf(3))),
    ("column_stack", lambda a, b: torch.column_stack([a, _t(b)]), (_leaf(3), _leaf(2, 3))),
    ("meshgrid", lambda a, b: torch.meshgrid(a, b, indexing="xy")[0] * 2 + torch.meshgrid(a, b, indexing="xy")[1],
     (_leaf(3), _leaf(2))),
    ("cartesian_prod", lambda a, b: torch.cartesian_prod(a, b), (_leaf(3), _leaf(2))),
    ("block_diag", lambda a, b: torch.block_diag(_t(a), b), (_leaf(2, 3), _leaf(2))),
    ("diagonal", lambda x: _t(x).diagonal(1), (_leaf(3, 4),)),
    ("diagonal_dims", lambda x: x.diagonal(-1, 2, 0), (_leaf(3, 2, 4),)),
    ("diag_embed", lambda x: _t(x).diag_embed(1, 0, 2), (_leaf(2, 3),)),
    ("diag", lambda x: torch.diag(_t(x), -1), (_leaf(3, 4),)),
    ("diag_vec", lambda x: torch.diag(x, 1), (_leaf(3),)),
    ("diagflat", lambda x: torch.diagflat(_t(x)), (_leaf(2, 2),)),
    ("trace", lambda x: _t(x).trace(), (_leaf(3, 4),)),
    ("outer", lambda a, b: torch.outer(a, b), (_leaf(3), _leaf(2))),
    ("kron", lambda a, b: torch.kron(_t(a), b), (_leaf(2, 3), _leaf(2, 2))),
    ("cross", lambda a, b: torch.cross(_t(a), b, dim=1), (_leaf(3, 2), _leaf(1, 3))),
    ("cdist", lambda a, b: torch.cdist(_t(a), b), (_leaf(2, 3), _leaf(2, 2, seed=1))),
    ("cdist_p3", lambda a, b: torch.cdist(a, b, p=3), (_leaf(3, 2), _leaf(2, 2, seed=1))),
    ("cdist_p1", lambda a, b: torch.cdist(a, b, p=1), (_leaf(3, 2), _leaf(2, 2, seed=1))),
    ("tensordot", lambda a, b: torch.tensordot(_t(a), b, dims=([1], [1])), (_leaf(3, 2), _leaf(2, 3))),
    ("einsum_mm", lambda a, b: torch.einsum("ij,jk->ik", _t(a), b), (_leaf(3, 2), _leaf(3, 2))),
    ("einsum_bilinear", lambda a, w, b: torch.einsum("bn,anm,bm->ba", a, w, b),
     (_leaf(2, 3), _leaf(2, 3, 2), _leaf(2, 2))),
    ("einsum_trace", lambda x: torch.einsum("ii", x) * torch.einsum("ii->i", x).sum(), (_leaf(3, 3),)),
    ("einsum_ellipsis", lambda a, b: torch.einsum("...ij,...jk->...ik", a, b), (_leaf(2, 2, 3), _leaf(3, 2))),
    ("addmm", lambda c, a, b: torch.addmm(c, _t(a), b, beta=0.5, alpha=2), (_leaf(4), _leaf(3, 2), _leaf(3, 4))),
    ("addmv", lambda c, a, v: torch.addmv(c, _t(a), v, beta=2, alpha=-1), (_leaf(1), _leaf(3, 2), _leaf(3))),
    ("addr", lambda c, a, b: torch.addr(_t(c), a, b, alpha=3), (_leaf(2, 3), _leaf(3), _leaf(2))),
    ("addbmm", lambda c, a, b: torch.addbmm(c, a, b.transpose(1, 2)), (_leaf(2, 1), _leaf(2, 2, 3), _leaf(2, 2, 3))),
    ("baddbmm", lambda c, a, b: torch.baddbmm(c, a, b.transpose(1, 2), alpha=0.5), (_leaf(2), _leaf(2, 2, 3),
                                                                                    _leaf(2, 2, 3))),
    ("addcmul", lambda x, a, b: torch.addcmul(x, _t(a), b, value=-2), (_leaf(3, 1), _leaf(2, 3), _leaf(2))),
    ("addcdiv", lambda x, a, b: torch.addcdiv(x, a, _t(b), value=0.5), (_leaf(2), _leaf(3, 1),
                                                                        _leaf(2, 3, positive=True))),
    ("copy_", lambda x, s: (x * 1).copy_(_t(s)) * x, (_leaf(3, 2), _leaf(2, 3))),
    ("t_", lambda x: (x * x).t_() * 2, (_leaf(2, 3),)),
    ("unsqueeze_squeeze_", lambda x: (x * x).unsqueeze_(0).transpose_(0, 2).squeeze_() + 1, (_leaf(2, 3),)),
]


@pytest.mark.parametrize("name,fn,inputs", DIFFERENTIABLE, ids=[d[0] for d in DIFFERENTIABLE])
def test_gradcheck_and_gradgradcheck(name, fn, inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_inplace_shape_ops_bump_the_version_and_keep_the_memory():
    x = torch.arange(6.).reshape(2, 3)
    ptr = x.data_ptr()
    x.t_()
    assert x._version == 1 and x.shape == (3, 2) and x.data_ptr() == ptr and not x.is_contiguous()
    x.unsqueeze_(0).squeeze_(0)
    assert x._version == 3 and x.tolist() == [[0., 3.], [1., 4.], [2., 5.]]


def test_diagonal_is_a_writable_view():
    x = torch.zeros(3, 4)
    x.diagonal(1).fill_(2)
    assert x.tolist() == [[0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]]
    assert x.diagonal()._base is x


def test_a_retained_grad_stays_with_the_value_before_an_inplace_shape_change():
    x = torch.arange(6., requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.unsqueeze_(0)
    (y * torch.arange(6.)).sum().backward()
    assert y.grad.tolist() == [0., 1., 2., 3., 4., 5.] and type(y.grad_fn).__name__ == "UnsqueezeBackward1"
    assert x.grad.tolist() == [0., 2., 4., 6., 8., 10.]   # (PyTorch 2.13's values)
