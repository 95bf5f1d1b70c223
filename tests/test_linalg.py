"""``tinytorch.linalg`` against PyTorch 2.13's recorded results (``tests/data/linalg_pytorch.json``,
written by ``tools/record_linalg.py`` from the cases in ``tests/linalg_programs.py``): values,
node names, first- and second-order gradients, printed text and errors; plus finite-difference
checks (gradcheck / gradgradcheck in float64) of every differentiable op, batched,
broadcast and non-contiguous inputs included."""
import contextlib
import io
import json
import pathlib

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck

import linalg_programs as programs

DATA = json.loads((pathlib.Path(__file__).parent / "data" / "linalg_pytorch.json").read_text())


def _close(got, want, what):
    if want is None:
        assert got is None or not np.any(np.asarray(got)), what
        return
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape, what
    assert np.allclose(got, want, rtol=1e-7, atol=1e-9, equal_nan=True), f"{what}\n{got}\n{want}"


@pytest.mark.parametrize("name,fn,specs", programs.NUMERIC, ids=[c[0] for c in programs.NUMERIC])
def test_matches_pytorch(name, fn, specs):
    want = DATA["numeric"][name]
    arrays = [np.array(a, dtype=np.float64) for a in DATA["inputs"][name]]
    got = programs.run_case(torch, fn, arrays)
    assert got["grad_fns"] == want["grad_fns"]
    assert got["dtypes"] == want["dtypes"] and got["shapes"] == want["shapes"]
    for i, (g, w) in enumerate(zip(got["outputs"], want["outputs"])):
        _close(g, w, f"output {i}")
    for key in ("grads", "grads2"):
        assert (key in got) == (key in want), key
        for i, (g, w) in enumerate(zip(got.get(key, ()), want.get(key, ()))):
            _close(g, w, f"{key} {i}")


def _printed(name):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(programs, name)(torch)
    return out.getvalue().replace("tinytorch.", "torch.")


@pytest.mark.parametrize("name", [p for p in programs.PRINTED if p != "program_warnings"])
def test_prints_what_pytorch_prints(name):
    assert _printed(name) == DATA["printed"][name]


def test_deprecation_warnings_once_per_process_like_pytorch(monkeypatch):
    from tinytorch.ops import linalg_lu, linalg_spectral
    monkeypatch.setattr(linalg_lu, "_warned", [False])
    monkeypatch.setattr(linalg_spectral, "_warned", [False])
    assert _printed("program_warnings") == DATA["printed"]["program_warnings"]


def _t(*shape, kind="g", seed=0):
    return torch.tensor(programs.make_input(shape, kind, np.random.default_rng(seed)), dtype=torch.float64,
                        requires_grad=True)


def _sym(x):
    return x + x.mT


def _spd(x):
    return _sym(x) / 2 + 4 * torch.eye(x.shape[-1], dtype=torch.float64)


L = torch.linalg
#: name -> (function, inputs): every differentiable op, batched, broadcast and non-contiguous
#: inputs (a transpose inside the function); losses of singular / eigen vectors sign-invariant.
GRADCHECKS = {
    "det": (lambda a: L.det(a), lambda: [_t(2, 3, 3)]),
    "det_transposed": (lambda a: L.det(a.mT), lambda: [_t(3, 3)]),
    "slogdet": (lambda a: L.slogdet(a).logabsdet, lambda: [_t(2, 3, 3)]),
    "logdet": (lambda a: torch.logdet(a), lambda: [_t(3, 3, kind="spd")]),
    "inv": (lambda a: L.inv(a.mT), lambda: [_t(2, 3, 3, kind="wc")]),
    "solve_broadcast": (lambda a, b: L.solve(a, b), lambda: [_t(2, 1, 3, 3, kind="wc"), _t(3, 3, 2)]),
    "solve_vector": (lambda a, b: L.solve(a, b), lambda: [_t(2, 3, 3, kind="wc"), _t(2, 3)]),
    "solve_left_false": (lambda a, b: L.solve(a, b.mT, left=False), lambda: [_t(3, 3, kind="wc"), _t(3, 2)]),
    "cholesky": (lambda a: L.cholesky(_spd(a)), lambda: [_t(2, 3, 3)]),
    "cholesky_upper": (lambda a: L.cholesky(_spd(a.mT), upper=True), lambda: [_t(3, 3)]),
    "qr_tall": (lambda a: tuple(L.qr(a)), lambda: [_t(4, 3)]),
    "qr_wide": (lambda a: tuple(L.qr(a)), lambda: [_t(2, 3, 4)]),
    "eigh": (lambda a: (lambda r: (r[0], r[1].abs()))(L.eigh(_sym(a))), lambda: [_t(2, 3, 3)]),
    "eigvalsh": (lambda a: L.eigvalsh(_sym(a)), lambda: [_t(3, 3)]),
    "svd_tall": (lambda a: (lambda r: (r.S, r.U @ r.Vh, r.U.abs()))(L.svd(a, full_matrices=False)),
                 lambda: [_t(4, 3)]),
    "svd_wide_full": (lambda a: (lambda r: (r.S, r.U @ r.Vh[..., :3, :]))(L.svd(a.mT)), lambda: [_t(4, 3)]),
    "svdvals": (lambda a: L.svdvals(a), lambda: [_t(2, 3, 4)]),
    "pinv": (lambda a: L.pinv(a), lambda: [_t(4, 3)]),
    "pinv_wide_hermitian": (lambda a, b: (L.pinv(a), L.pinv(_sym(b), hermitian=True)),
                            lambda: [_t(3, 4), _t(3, 3)]),
    "lstsq_residuals_broadcast": (lambda a, b: tuple(L.lstsq(a, b, driver="gelsd")[:2]),
                                  lambda: [_t(2, 4, 3), _t(4, 2)]),
    "lstsq_vector_wide": (lambda a, b: L.lstsq(a.mT, b).solution, lambda: [_t(2, 4, 3), _t(2, 3)]),
    "matrix_norms": (lambda a: tuple(L.matrix_norm(a, o) for o in ("fro", "nuc", 2, -2, 1, float("inf"))),
                     lambda: [_t(2, 3, 4)]),
    "matrix_power": (lambda a: (L.matrix_power(a, 5), L.matrix_power(a, -2)), lambda: [_t(3, 3, kind="wc")]),
    "matrix_exp": (lambda a: L.matrix_exp(a.mT * 3), lambda: [_t(2, 3, 3)]),
    "multi_dot": (lambda a, b, c, d: L.multi_dot([a, b, c, d]), lambda: [_t(3), _t(3, 4), _t(4, 2), _t(2)]),
}


@pytest.mark.parametrize("name", list(GRADCHECKS))
def test_gradcheck_and_gradgradcheck(name):
    fn, inputs = GRADCHECKS[name]
    assert gradcheck(fn, inputs())
    assert gradgradcheck(fn, inputs())


def test_det_gradient_at_a_singular_matrix_is_the_adjugate_under_create_graph():
    """Under create_graph the SVD formula (checked twice by finite differences); a first-order
    pass is PyTorch's LU solve, inaccurate there in PyTorch too (its gradcheck fails)."""
    a = _t(2, 3, 3, kind="singular")
    g, = torch.autograd.grad(L.det(a).sum(), a, create_graph=True)
    x, eps = a.detach().numpy(), 1e-6
    numerical = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        step = np.zeros(x.shape)
        step[idx] = eps
        numerical[idx] = (np.linalg.det(x + step) - np.linalg.det(x - step)).sum() / (2 * eps)
    assert np.allclose(g.detach().numpy(), numerical, atol=1e-6)
    assert gradgradcheck(lambda a: L.det(a), [a])


def test_float32_results_and_gradients_stay_float32():
    a = torch.tensor([[4.0, 1.0], [2.0, 3.0]], requires_grad=True)
    outs = [L.det(a), L.inv(a), L.slogdet(a).logabsdet, L.svdvals(a), L.eigvalsh(_sym(a)), L.qr(a).R,
            L.cholesky(_sym(a)), L.solve(a, a), L.pinv(a)]
    for out in outs:
        assert out.dtype == torch.float32
        g, = torch.autograd.grad(out.sum(), a)
        assert g.dtype == torch.float32
    assert np.allclose(L.inv(a).detach().numpy(), np.linalg.inv(a.detach().numpy()), rtol=1e-6)


def test_factorizations_reconstruct_their_input():
    a = _t(2, 4, 3).detach()
    u, s, vh = L.svd(a)
    assert np.allclose((u[..., :3] * s.unsqueeze(-2) @ vh).numpy(), a.numpy())
    q, r = L.qr(a)
    assert np.allclose((q @ r).numpy(), a.numpy())
    sp = _spd(_t(3, 3).detach())
    w, v = L.eigh(sp)
    assert np.allclose((v * w.unsqueeze(-2) @ v.mT).numpy(), sp.numpy())
    low = L.cholesky(sp)
    assert np.allclose((low @ low.mT).numpy(), sp.numpy())


def test_one_node_for_all_outputs_and_info_without_history():
    a = _t(3, 3, kind="wc")
    r = L.svd(a)
    assert r.U.grad_fn is r.S.grad_fn is r.Vh.grad_fn
    assert (r.U.grad_fn.next_functions[0][0].variable is a)
    inverse, info = L.inv_ex(a)
    assert info.dtype == torch.int32 and not info.requires_grad and info.grad_fn is None
    x, info = L.solve_ex(_t(2, 3, 3, kind="wc"), _t(3, 1))
    assert info.shape == (2,) and x.shape == (2, 3, 1)


def test_in_place_change_of_a_saved_output_is_detected_and_graph_is_freed():
    a = _t(3, 3, kind="wc")
    inverse = L.inv(a)
    inverse.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        inverse.sum().backward()
    s = L.svdvals(a)
    s.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        s.sum().backward()


def test_linalg_error_is_a_runtime_error_with_info():
    sing = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(torch.linalg.LinAlgError):
        L.inv(sing)
    assert issubclass(torch.linalg.LinAlgError, RuntimeError)
    assert L.inv_ex(torch.stack([torch.eye(2), sing])).info.tolist() == [0, 2]
    assert L.cholesky_ex(torch.stack([sing, torch.eye(2)])).info.tolist() == [2, 0]


def test_eig_says_there_is_no_complex_dtype():
    for f in (L.eig, L.eigvals):
        with pytest.raises(RuntimeError, match="no complex dtype"):
            f(torch.eye(2))


def test_matrix_rank_tolerances():
    a = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1e-3, 0.0], [0.0, 0.0, 0.0]], dtype=torch.float64)
    assert L.matrix_rank(a).item() == 2
    assert L.matrix_rank(a, atol=1e-2).item() == 1
    assert L.matrix_rank(a, rtol=1e-4).item() == 2
    assert L.matrix_rank(a, hermitian=True).item() == 2
    assert L.matrix_rank(torch.stack([a, torch.eye(3, dtype=torch.float64)])).tolist() == [2, 3]
