"""The indexing surface against PyTorch 2.13: gather/scatter (all forms), scatter_add,
scatter_reduce, index_select/add/copy/fill, masked_select/scatter, take, take_along_dim,
nonzero/argwhere/where(cond) and range indices.  Values, dtypes, shapes, grad_fn names and
error messages were recorded by ``tools/record_index_surface.py`` running the cases of
``tests/index_surface_cases.py``; gradients are also checked by finite differences (twice
for the Tensor-written backward formulas), on non-contiguous inputs too."""
import contextlib
import io
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck

import index_surface_cases as cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "index_surface_pytorch.json").read_text())["cases"]


def _same(got, want, dt):
    if isinstance(want, dict) and "values" in want:
        assert isinstance(got, dict) and {k: got[k] for k in ("dtype", "shape", "grad_fn")} == {
            k: want[k] for k in ("dtype", "shape", "grad_fn")}
        if want["dtype"].startswith("float"):
            g = np.array(got["values"], dtype=object)
            w = np.array(want["values"], dtype=object)
            nan_g, nan_w = g == "nan", w == "nan"
            assert (nan_g == nan_w).all()
            tol = 1e-6 if want["dtype"] == "float32" else 1e-12
            np.testing.assert_allclose(np.where(nan_g, 0, g).astype(float), np.where(nan_w, 0, w).astype(float),
                                       rtol=tol, atol=tol)
        else:
            assert got["values"] == want["values"]
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want)
        for a, b in zip(got, want):
            _same(a, b, dt)
    else:
        assert got == want


def test_every_case_was_recorded():
    assert sorted(RECORDED) == sorted(cases.CASES)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_matches_pytorch(name):
    fn, dt = cases.CASES[name]
    got = json.loads(json.dumps(cases.summary(torch, fn, dt)))
    _same(got, RECORDED[name], dt)


# ---- finite differences ------------------------------------------------------------------------

def _r(*shape, seed=0):
    return torch.tensor(np.random.default_rng(seed).normal(size=shape), requires_grad=True)


I1 = torch.tensor([[0, 2, 1, 3], [2, 0, 0, 1]])          # along dim 1 of a (3, 4)
I0 = torch.tensor([[0, 2, 1, 0], [2, 0, 2, 1]])          # along dim 0 of a (3, 4)
PERM1 = torch.tensor([[3, 0, 1, 2], [1, 2, 3, 0], [0, 3, 2, 1]])   # a permutation of each row
FNS = {
    "gather": (lambda x: x.gather(1, I1), [(3, 4)]),
    "gather_noncontiguous": (lambda x: x.t().gather(0, I0.t()[:, :3]), [(4, 3)]),
    "scatter": (lambda x, s: x.scatter(1, PERM1, s), [(3, 4), (3, 4)]),
    "scatter_value": (lambda x: x.scatter(0, I0, 1.5), [(3, 4)]),
    "scatter_add": (lambda x, s: x.scatter_add(1, I1, s[:2]), [(3, 4), (2, 4)]),
    "scatter_add_noncontiguous": (lambda x, s: x.t().scatter_add(0, I0.t(), s.t()), [(3, 4), (2, 4)]),
    "index_select": (lambda x: x.index_select(1, torch.tensor([3, 0, 0])), [(3, 4)]),
    "index_select_noncontiguous": (lambda x: x[:, ::2].index_select(0, torch.tensor([2, 2, 1])), [(3, 4)]),
    "index_add": (lambda x, s: x.index_add(1, torch.tensor([2, 2, 0]), s, alpha=-2), [(3, 4), (3, 3)]),
    "index_copy": (lambda x, s: x.index_copy(0, torch.tensor([2, 0]), s), [(3, 4), (2, 4)]),
    "index_fill": (lambda x, v: x.index_fill(1, torch.tensor([1, 3]), v[0]), [(3, 4), (1,)]),
    "index_fill_number": (lambda x: x.index_fill(1, torch.tensor([1, -1]), 2.0), [(3, 4)]),
    "masked_select": (lambda x: x.masked_select(torch.tensor([[True], [False], [True]])), [(3, 4)]),
    "masked_select_broadcast": (lambda x: x.masked_select(torch.tensor([[True, False, True], [True, True, False]])),
                                [(3,)]),
    "masked_scatter": (lambda x, s: x.t().masked_scatter(torch.tensor([True, False, True]), s), [(3, 4), (3, 3)]),
    "take": (lambda x: x.take(torch.tensor([[0, 11, 0], [-1, 5, 4]])), [(3, 4)]),
    "put": (lambda x, s: x.put(torch.tensor([[0, 11], [-2, 5]]), s), [(3, 4), (2, 2)]),
    "put_accumulate": (lambda x, s: x.t().put(torch.tensor([0, 0, 7]), s, accumulate=True), [(3, 4), (3,)]),
    "index_put": (lambda x, v: x.index_put((torch.tensor([0, 2]), torch.tensor([1, -1])), v), [(3, 4), (2,)]),
    "index_put_accumulate": (lambda x, v: x.t().index_put((torch.tensor([0, 0, 3]),), v, accumulate=True), [(3, 4), (3,)]),
    "take_noncontiguous": (lambda x: x.t().take(torch.tensor([1, 4, 4])), [(3, 4)]),
    "take_along_dim": (lambda x: torch.take_along_dim(x, torch.tensor([[0, 3]]), dim=1), [(3, 4)]),
    "take_along_dim_flat": (lambda x: torch.take_along_dim(x, torch.tensor([7, 0, 7])), [(3, 4)]),
    "range_index": (lambda x: x[range(2), :][:, range(0, 4, 3)], [(3, 4)]),
}
for _red in ("prod", "mean", "amax", "amin"):
    FNS[f"index_reduce_{_red}"] = (lambda x, s, red=_red: x.t().index_reduce(0, torch.tensor([2, 2, 0]), s, red),
                                   [(3, 4), (3, 3)])
for _red in ("sum", "prod", "mean", "amax", "amin"):
    for _inc in (True, False):
        FNS[f"scatter_reduce_{_red}_{_inc}"] = (
            lambda x, s, red=_red, inc=_inc: x.scatter_reduce(0, I0, s, red, include_self=inc), [(3, 4), (2, 4)])


@pytest.mark.parametrize("name", sorted(FNS))
def test_gradcheck_and_gradgradcheck(name):
    fn, shapes = FNS[name]
    inputs = tuple(_r(*s, seed=k) for k, s in enumerate(shapes))
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_prod_gradient_with_zeros_gradchecks():
    x = torch.tensor([[0., 2., 3.], [1.5, 0., -1.]], dtype=torch.float64, requires_grad=True)
    s = torch.tensor([[4., 0., 5.], [0.5, 2., -3.]], dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda a, b: a.scatter_reduce(1, torch.tensor([[0, 0, 1], [1, 2, 2]]), b, "prod"), (x, s))


def test_inplace_forms_record_the_same_nodes_and_gradients():
    x = _r(3, 4)
    y = x * 1
    y.scatter_add_(1, I1, torch.ones(2, 4, dtype=torch.float64))
    assert type(y.grad_fn).__name__ == "ScatterAddBackward0"
    y.index_fill_(0, torch.tensor([1]), 0.0)
    assert type(y.grad_fn).__name__ == "IndexFillBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [[1.0] * 4, [0.0] * 4, [1.0] * 4]


def test_scatter_with_reduce_warns_once_per_process():
    import tinytorch.ops.scatter_gather as sc
    sc._warned[0] = False
    with pytest.warns(UserWarning, match="deprecated"):
        torch.ones(2).scatter(0, torch.tensor([1]), torch.ones(1), reduce="add")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.ones(2).scatter(0, torch.tensor([1]), torch.ones(1), reduce="add")


def test_bad_indices_never_reach_a_kernel_on_empty_and_large_values():
    x = torch.zeros(2, 3)
    with pytest.raises(RuntimeError, match="index 9223372036854775807 is out of bounds for dimension 0 with size 2"):
        x.gather(0, torch.tensor([[2 ** 63 - 1]]))
    assert x.gather(1, torch.zeros(2, 0, dtype=torch.long)).shape == (2, 0)
    assert x.scatter(1, torch.zeros(2, 0, dtype=torch.long), 1.0).tolist() == x.tolist()
    assert torch.zeros(0, 3).index_select(0, torch.tensor([], dtype=torch.long)).shape == (0, 3)
    with pytest.raises(IndexError, match="tried to access index 0 on a tensor of 0 elements"):
        torch.zeros(0).take(torch.tensor([0]))


def test_sparse_gradients_are_refused_clearly():
    x = _r(3, 4)
    with pytest.raises(NotImplementedError, match="sparse_grad=False"):
        x.gather(1, I1, sparse_grad=True)
    assert x.detach().gather(1, I1, sparse_grad=True).tolist() == x.gather(1, I1).tolist()


# ---- properties --------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_gather_of_a_scatter_reads_back_the_scattered_values(data, shape):
    """With distinct positions along dim (a permutation prefix), x.scatter(dim, i, src).gather(dim, i)
    is src's leading block, and scatter_add onto zeros then gather gives the same."""
    dim = data.draw(st.integers(0, len(shape) - 1))
    k = data.draw(st.integers(1, shape[dim]))
    rng = np.random.default_rng(data.draw(st.integers(0, 2 ** 16)))
    index_shape = list(shape)
    index_shape[dim] = k
    perm = np.argsort(rng.random(shape), axis=dim)
    index = np.take(perm, np.arange(k), axis=dim)
    x = torch.tensor(rng.normal(size=shape))
    src = torch.tensor(rng.normal(size=index_shape))
    i = torch.tensor(index)
    np.testing.assert_array_equal(x.scatter(dim, i, src).gather(dim, i).numpy(), src.numpy())
    np.testing.assert_array_equal(torch.zeros(shape, dtype=torch.float64).scatter_add(dim, i, src).gather(dim, i).numpy(),
                                  src.numpy())
    np.testing.assert_array_equal(x.gather(dim, i).numpy(), np.take_along_axis(x.numpy(), index, axis=dim))


@settings(max_examples=30, deadline=None)
@given(arr=hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
                      elements=st.sampled_from([0.0, 1.0, -2.0, float("nan")])))
def test_nonzero_masked_select_and_index_select_match_numpy(arr):
    x = torch.tensor(arr)
    expected = np.argwhere(arr != 0)
    assert torch.nonzero(x).numpy().tolist() == expected.tolist()
    mask = arr > 0
    np.testing.assert_array_equal(x.masked_select(torch.tensor(mask)).numpy(), arr[mask])
    if arr.ndim:
        picks = np.arange(arr.shape[0])[::-1].copy()
        np.testing.assert_array_equal(x.index_select(0, torch.tensor(picks)).numpy(), arr[picks])
        np.testing.assert_array_equal(x.masked_scatter(torch.tensor(mask), torch.tensor(arr.ravel())).numpy(),
                                      np.where(mask, _filled(mask, arr.ravel()), arr))


def _filled(mask, values):
    out = np.zeros(mask.shape)
    out[mask] = values[:mask.sum()]
    return out


# ---- the kernels stay inside their arrays ------------------------------------------------------

BOUNDS_SCRIPT = r"""
import tinytorch as t
x = t.tensor([[0., 1., 2., 3.], [4., 5., 6., 7.], [8., 9., 10., 11.]])
e = t.zeros(2, 0)
i = t.tensor([[3, 0, 1, 2], [0, 0, 3, 3]])
m = t.tensor([[False, True, False, False], [False, False, False, False], [False, False, True, True]])
print(x.gather(1, i).tolist(), x.scatter(1, i, x).tolist(), x.scatter_add(0, t.tensor([[2, 0, 1, 2], [0, 0, 1, 1]]), x[:2]).tolist(),
      x.scatter(1, i, 2.0, reduce="multiply").tolist(),
      [x.scatter_reduce(1, i, x[:2], r, include_self=s).tolist() for r in ("sum", "prod", "mean", "amax", "amin") for s in (True, False)],
      e.gather(1, t.zeros(2, 0, dtype=t.long)).shape, x.gather(1, t.zeros(0, 4, dtype=t.long)).shape,
      x.index_select(1, t.tensor([3, 3, 0])).tolist(), e.index_select(0, t.tensor([1])).shape,
      x.index_add(0, t.tensor([2]), x[:1]).tolist(), x.index_copy(1, t.tensor([3]), x[:, :1]).tolist(),
      x.index_fill(1, t.tensor([-1]), 0.).tolist(), x.index_fill(0, t.tensor([], dtype=t.long), 0.).tolist(),
      x.masked_select(m).tolist(), x.masked_scatter(m, x).tolist(), x.take(t.tensor([-1, 11])).tolist(),
      x.put(t.tensor([[0, -1], [11, 11]]), x[:2, :2], accumulate=True).tolist(), x.put(t.tensor([-12]), x[0, :1]).tolist(),
      x.index_put((t.tensor([2, 2]), t.tensor([-1, 3])), x[0, :2], accumulate=True).tolist(),
      t.nonzero(x).shape, t.nonzero(e).shape, t.nonzero(t.tensor(1.)).shape, t.take_along_dim(x, t.tensor([[3]]), 1).tolist())
for bad in (lambda: x.gather(1, t.tensor([[4]])), lambda: x.take(t.tensor([12])), lambda: x.index_select(0, t.tensor([3]))):
    try: bad()
    except (RuntimeError, IndexError) as err: print(type(err).__name__)
"""


def test_kernels_stay_in_bounds_on_edge_inputs(tmp_path):
    """Every index kernel, on empty, 0-d, repeated and negative (wrapped) indices, recompiled with
    ``NUMBA_BOUNDSCHECK=1`` (a private cache): an access outside an array would raise; the
    output must equal an ordinary run's."""
    env = {"NUMBA_BOUNDSCHECK": "1", "NUMBA_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", BOUNDS_SCRIPT], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    here = io.StringIO()
    with contextlib.redirect_stdout(here):
        exec(BOUNDS_SCRIPT, {})
    assert run.stdout == here.getvalue()
    assert run.stdout.splitlines()[-3:] == ["RuntimeError", "IndexError", "RuntimeError"]
