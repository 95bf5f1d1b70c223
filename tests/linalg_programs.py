"""The ``torch.linalg`` cases checked against PyTorch 2.13: ``tools/record_linalg.py`` runs them
under PyTorch and writes ``tests/data/linalg_pytorch.json``; ``tests/test_linalg.py`` runs
them under tinytorch and compares.

NUMERIC: (name, function(torch, *inputs) -> tuple of tensors, input specs).  Each spec is
(shape, kind): "g" a standard normal matrix, "wc" one plus n I (well-conditioned), "spd"
B B^T + n I, "sym" symmetric.  Recorded per case: the outputs, their grad_fn names, the
gradients of sum_i <w_i, out_i> (fixed weights w_i) and the gradients of <v, those
gradients> (second order).  Losses of singular vectors / eigenvectors are sign-invariant.

PRINTED: programs whose printed text (reprs, return types, error types and messages) must
equal PyTorch's.
"""
import numpy as np


def make_input(shape, kind, rng):
    a = rng.standard_normal(shape)
    n = shape[-1]
    if kind == "wc":
        a = a + n * np.eye(n)
    elif kind == "spd":
        a = a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    elif kind == "sym":
        a = a + np.swapaxes(a, -1, -2)
    elif kind == "singular":   # the last column the sum of the first two
        a[..., -1] = a[..., 0] + a[..., 1]
    return a


def _sym(x):
    return x + x.mT


def _abs_u_vh(r):
    return r.S, r.U.abs(), r.Vh.abs(), r.U @ r.Vh


NUMERIC = [
    ("det", lambda t, a: (t.linalg.det(a),), [((3, 3), "g")]),
    ("det_batch", lambda t, a: (t.linalg.det(a), t.det(a[0]), a[1].det()), [((2, 4, 4), "g")]),
    ("det_expanded", lambda t, a: (t.linalg.det(a.expand(3, 2, 2)),), [((2, 2), "g")]),
    ("det_singular", lambda t, a: (t.linalg.det(a),), [((2, 3, 3), "singular")]),
    ("det_noncontiguous", lambda t, a: (t.linalg.det(a.mT),), [((2, 3, 3), "g")]),
    ("slogdet", lambda t, a: tuple(t.linalg.slogdet(a)), [((2, 3, 3), "g")]),
    ("slogdet_torch", lambda t, a: tuple(t.slogdet(a)) + tuple(a.slogdet()), [((3, 3), "g")]),
    ("logdet", lambda t, a: (t.logdet(a), a.logdet()), [((2, 3, 3), "spd")]),
    ("inv", lambda t, a: (t.linalg.inv(a), t.inverse(a), a.inverse()), [((2, 3, 3), "wc")]),
    ("inv_ex", lambda t, a: tuple(t.linalg.inv_ex(a)), [((4, 4), "wc")]),
    ("solve_matrix", lambda t, a, b: (t.linalg.solve(a, b),), [((3, 3), "wc"), ((3, 2), "g")]),
    ("solve_vector", lambda t, a, b: (t.linalg.solve(a, b),), [((3, 3), "wc"), ((3,), "g")]),
    ("solve_batched_vector", lambda t, a, b: (t.linalg.solve(a, b),), [((2, 3, 3), "wc"), ((2, 3), "g")]),
    ("solve_broadcast", lambda t, a, b: (t.linalg.solve(a, b),), [((2, 1, 3, 3), "wc"), ((3, 3, 2), "g")]),
    ("solve_left_false", lambda t, a, b: (t.linalg.solve(a, b, left=False),), [((3, 3), "wc"), ((2, 4, 3), "g")]),
    ("solve_ex", lambda t, a, b: tuple(t.linalg.solve_ex(a, b)), [((2, 3, 3), "wc"), ((2, 3, 1), "g")]),
    ("solve_noncontiguous", lambda t, a, b: (t.linalg.solve(a.mT, b.mT),), [((3, 3), "wc"), ((2, 3), "g")]),
    ("cholesky", lambda t, a: (t.linalg.cholesky(_sym(a)),), [((2, 3, 3), "spd")]),
    ("cholesky_upper", lambda t, a: (t.linalg.cholesky(_sym(a), upper=True),), [((4, 4), "spd")]),
    ("cholesky_ex", lambda t, a: tuple(t.linalg.cholesky_ex(_sym(a))), [((3, 3), "spd")]),
    ("qr_tall", lambda t, a: tuple(t.linalg.qr(a)), [((4, 3), "g")]),
    ("qr_wide", lambda t, a: tuple(t.linalg.qr(a)), [((2, 3, 4), "g")]),
    ("qr_complete_wide", lambda t, a: tuple(t.linalg.qr(a, mode="complete")), [((3, 5), "g")]),
    ("qr_r", lambda t, a: (t.linalg.qr(a.detach(), mode="r")[1],), [((4, 3), "g")]),
    ("eigh", lambda t, a: (lambda r: (r.eigenvalues, r.eigenvectors.abs(), r.eigenvectors[..., :1] @
                                      r.eigenvectors[..., :1].mT))(t.linalg.eigh(_sym(a))), [((2, 3, 3), "g")]),
    ("eigh_upper", lambda t, a: (t.linalg.eigh(a, UPLO="U").eigenvalues,), [((4, 4), "g")]),
    ("eigvalsh", lambda t, a: (t.linalg.eigvalsh(_sym(a)),), [((3, 3), "g")]),
    ("svd_tall", lambda t, a: _abs_u_vh(t.linalg.svd(a, full_matrices=False)), [((5, 3), "g")]),
    ("svd_wide_batch", lambda t, a: _abs_u_vh(t.linalg.svd(a, full_matrices=False)), [((2, 3, 4), "g")]),
    ("svd_full", lambda t, a: (lambda r: (r.S, r.U[..., :3].abs(), r.U[..., :3] @ r.Vh))(t.linalg.svd(a)),
     [((4, 3), "g")]),
    ("svd_torch", lambda t, a: (lambda r: (r.S, r.U @ r.V.mT))(t.svd(a)), [((3, 4), "g")]),
    ("svdvals", lambda t, a: (t.linalg.svdvals(a),), [((2, 4, 3), "g")]),
    ("pinv_tall", lambda t, a: (t.linalg.pinv(a), t.pinverse(a)), [((4, 3), "g")]),
    ("pinv_wide", lambda t, a: (t.linalg.pinv(a),), [((2, 2, 3), "g")]),
    ("pinv_hermitian", lambda t, a: (t.linalg.pinv(_sym(a), hermitian=True),), [((3, 3), "g")]),
    ("lstsq_gelsd", lambda t, a, b: tuple(t.linalg.lstsq(a, b, driver="gelsd")), [((5, 3), "g"), ((5, 2), "g")]),
    ("lstsq_default_wide", lambda t, a, b: tuple(t.linalg.lstsq(a, b)), [((3, 4), "g"), ((3, 2), "g")]),
    ("lstsq_gels_batched_vector", lambda t, a, b: tuple(t.linalg.lstsq(a, b, driver="gels")),
     [((2, 4, 3), "g"), ((2, 4), "g")]),
    ("lstsq_rank_deficient", lambda t, a, b: tuple(t.linalg.lstsq(a.detach(), b.detach(), driver="gelss")),
     [((4, 3), "singular"), ((4, 1), "g")]),
    ("vector_norm", lambda t, a: (t.linalg.vector_norm(a), t.linalg.vector_norm(a, 1, dim=-1),
                                  t.linalg.vector_norm(a, float("inf"), dim=(0, 2), keepdim=True),
                                  t.linalg.vector_norm(a, 3.5, dim=1)), [((2, 3, 4), "g")]),
    ("matrix_norm", lambda t, a: tuple(t.linalg.matrix_norm(a, o) for o in
                                       ("fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf"))),
     [((2, 3, 4), "g")]),
    ("matrix_norm_dims", lambda t, a: (t.linalg.matrix_norm(a, "nuc", dim=(0, 2), keepdim=True),
                                       t.linalg.matrix_norm(a, 1, dim=(2, 0)),
                                       t.linalg.matrix_norm(a, float("inf"), dim=(0, 1), keepdim=True)),
     [((3, 2, 4), "g")]),
    ("norm", lambda t, a: (t.linalg.norm(a), t.linalg.norm(a, 2), t.linalg.norm(a[0], 3), t.linalg.norm(a, "nuc"),
                           t.linalg.norm(a, dim=1), t.linalg.norm(a, -1, dim=(1, 0))), [((3, 4), "g")]),
    ("matrix_power", lambda t, a: (t.linalg.matrix_power(a, 0), t.linalg.matrix_power(a, 1),
                                   t.linalg.matrix_power(a, 2), t.linalg.matrix_power(a, 3),
                                   t.linalg.matrix_power(a, 6), a.matrix_power(-2)), [((2, 3, 3), "wc")]),
    ("matrix_exp", lambda t, a, b: (t.linalg.matrix_exp(a), t.matrix_exp(b), b.matrix_exp()),
     [((2, 3, 3), "g"), ((4, 4), "sym")]),
    ("multi_dot", lambda t, a, b, c, d: (t.linalg.multi_dot([a, b]), t.linalg.multi_dot([a, b, c]),
                                         t.linalg.multi_dot([a, b, c, d]), t.linalg.multi_dot([a[0], b, c, d[:, 0]])),
     [((2, 5), "g"), ((5, 3), "g"), ((3, 4), "g"), ((4, 2), "g")]),
    ("vecdot_diagonal_cross", lambda t, a, b: (t.linalg.vecdot(a, b), t.linalg.diagonal(a),
                                               t.linalg.diagonal(a, offset=1, dim1=0, dim2=2),
                                               t.linalg.cross(a, b), t.linalg.matmul(a, b.mT)),
     [((2, 3, 3), "g"), ((2, 3, 3), "g")]),
]


def program_printing(torch):
    """Reprs of the results and their nodes."""
    a = torch.tensor([[4.0, 1.0], [2.0, 3.0]], requires_grad=True)
    s = torch.tensor([[4.0, 2.0], [2.0, 3.0]], dtype=torch.float64)
    print(torch.linalg.det(a), torch.linalg.slogdet(a), torch.slogdet(a), torch.logdet(a))
    print(torch.linalg.inv_ex(a), torch.linalg.solve_ex(a, torch.tensor([1.0, 2.0])))
    print(torch.linalg.cholesky_ex(s), torch.linalg.eigh(s), torch.linalg.eigvalsh(s))
    print(torch.linalg.svdvals(s), torch.linalg.matrix_rank(s), torch.linalg.matrix_rank(torch.ones(3, 3)))
    print(torch.linalg.matrix_power(a, 0), torch.linalg.matrix_power(a, 1), torch.linalg.matrix_power(a, 2))
    print(torch.linalg.norm(a), torch.linalg.matrix_norm(a, 1), torch.linalg.matrix_norm(a, "nuc"))
    print(torch.linalg.vector_norm(a, 0), torch.linalg.multi_dot([a, a, a]))
    r = torch.linalg.svd(s)
    print(type(r).__name__, r.S.grad_fn, len(r), r[1])
    for name in ("linalg_slogdet", "linalg_svd", "linalg_qr", "linalg_eigh", "linalg_inv_ex", "linalg_solve_ex",
                 "linalg_cholesky_ex", "svd", "qr", "slogdet"):
        print(name, getattr(torch.return_types, name).__name__)
    u = torch.linalg.svd(a)
    print(u.U.grad_fn.name(), u.U.grad_fn is u.S.grad_fn, torch.svd(a).V.grad_fn.name(),
          torch.linalg.eigh(a).eigenvectors.grad_fn.name())
    sing = torch.tensor([[1.0, 2.0], [2.0, 4.0]], requires_grad=True)
    print(torch.linalg.det(sing), torch.linalg.slogdet(sing), torch.logdet(sing))
    print(torch.linalg.inv_ex(sing).info, torch.linalg.cholesky_ex(torch.tensor([[1.0, 2.0], [2.0, 1.0]])))
    torch.linalg.det(sing).backward()
    print(sing.grad)
    g, = torch.autograd.grad(torch.linalg.det(sing), sing, create_graph=True)
    print(torch.allclose(g, torch.tensor([[4.0, -2.0], [-2.0, 1.0]])))
    x = torch.tensor([[2.0, -1.0, 0.5], [1.0, 3.0, -2.0]], dtype=torch.float64)
    q, r = torch.linalg.qr(x.mT)
    print(q, r, torch.linalg.qr(x, mode="r"))


def program_errors(torch):
    """Errors: exception types and messages."""
    la = torch.linalg
    sing = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
    not_pd = torch.tensor([[1.0, 2.0], [2.0, 1.0]])
    cases = [
        lambda: la.det(torch.ones(2, 3)), lambda: la.det(torch.ones(3)),
        lambda: la.det(torch.ones(2, 2, dtype=torch.long)), lambda: la.slogdet(torch.ones(2, 3)),
        lambda: la.inv(sing), lambda: la.inv(torch.stack([torch.eye(2), sing])), lambda: la.inv(torch.ones(2, 3)),
        lambda: la.inv_ex(sing, check_errors=True),
        lambda: la.solve(sing, torch.ones(2)), lambda: la.solve(torch.stack([sing, torch.eye(2)]), torch.ones(2, 2, 1)),
        lambda: la.solve(torch.eye(3), torch.ones(2)), lambda: la.solve(torch.eye(3), torch.ones(2, 2)),
        lambda: la.solve(torch.eye(2), torch.ones(2, dtype=torch.float64)),
        lambda: la.solve(torch.eye(3), torch.ones(3, 2), left=False),
        lambda: la.solve(torch.eye(3), torch.ones(3), left=False),
        lambda: la.solve_ex(sing, torch.ones(2), check_errors=True),
        lambda: la.cholesky(not_pd), lambda: la.cholesky(torch.stack([torch.eye(2), not_pd])),
        lambda: la.cholesky_ex(not_pd, check_errors=True), lambda: la.cholesky(torch.ones(2, 3)),
        lambda: la.eigh(torch.ones(2, 3)), lambda: la.eigh(torch.eye(2), UPLO="X"),
        lambda: la.eigvalsh(torch.ones(2, dtype=torch.long)),
        lambda: la.qr(torch.eye(2), mode="x"), lambda: la.qr(torch.ones(2)), lambda: la.svd(torch.ones(2)),
        lambda: la.svdvals(torch.ones(2, 2, dtype=torch.long)),
        lambda: la.vector_norm(torch.ones(2, dtype=torch.long)), lambda: la.matrix_norm(torch.ones(2)),
        lambda: la.matrix_norm(torch.eye(2), 3), lambda: la.matrix_norm(torch.eye(2), "abc"),
        lambda: la.norm(torch.ones(2, 2, 2), 2), lambda: la.norm(torch.ones(2), "fro"),
        lambda: la.matrix_power(torch.ones(2, 3), 2), lambda: la.matrix_power(sing, -1),
        lambda: la.multi_dot([torch.eye(2)]), lambda: la.multi_dot([torch.eye(2), torch.ones(2, 2, 2)]),
        lambda: la.multi_dot([torch.ones(2, 2, 2), torch.eye(2)]),
        lambda: la.multi_dot([torch.eye(2), torch.ones(2, 2, 2), torch.eye(2)]),
        lambda: la.multi_dot([torch.eye(2), torch.ones(3, 2)]),
        lambda: la.cross(torch.ones(2, 2), torch.ones(2, 2)), lambda: la.pinv(torch.ones(2)),
        lambda: la.matrix_rank(torch.ones(2, 2, dtype=torch.long)),
        lambda: la.lstsq(torch.ones(3), torch.ones(3)), lambda: la.lstsq(torch.ones(3, 2), torch.ones(3, 2, 2, 2)),
        lambda: la.lstsq(torch.ones(3, 2), torch.ones(3, 1, dtype=torch.float64)),
        lambda: la.lstsq(torch.ones(3, 2), torch.ones(2, 1)), lambda: la.lstsq(torch.ones(3, 2), torch.ones(2)),
        lambda: la.lstsq(torch.ones(3, 2), torch.ones(3, 1), driver="x"),
        lambda: torch.linalg.qr(torch.ones(4, 3, requires_grad=True), mode="r")[1].sum().backward(),
        lambda: torch.linalg.qr(torch.ones(4, 3, requires_grad=True) + torch.eye(4, 3),
                                mode="complete")[1].sum().backward(),
    ]
    for f in cases:
        try:
            print("no error:", f())
        except Exception as e:   # noqa: BLE001 (the type is what is compared)
            print(type(e).__name__, isinstance(e, torch.linalg.LinAlgError), e)


PRINTED = ["program_printing", "program_errors"]


def program_warnings(torch):
    """The deprecation warnings of torch.cholesky and torch.qr."""
    import warnings
    a = torch.tensor([[4.0, 2.0], [2.0, 3.0]], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        low = torch.cholesky(a)
        q, r = torch.qr(a)
        up = a.cholesky(upper=True)
    print(low, up, q, r)
    for w in caught:
        print(w.category.__name__, str(w.message))


PRINTED.append("program_warnings")


def run_case(torch, fn, arrays):
    """Run one NUMERIC case on float64 leaves made from ``arrays``: a dict of its outputs,
    node names, first- and second-order gradients (nested lists)."""
    xs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    outs = fn(torch, *xs)
    rng = np.random.default_rng(1)
    record = {"outputs": [o.detach().tolist() for o in outs], "shapes": [list(o.shape) for o in outs],
              "dtypes": [str(o.dtype).replace("tinytorch.", "torch.") for o in outs],
              "grad_fns": [None if o.grad_fn is None else type(o.grad_fn).__name__ for o in outs]}
    diff = [o for o in outs if o.requires_grad]
    if not diff:
        return record
    loss = sum((o * torch.tensor(rng.standard_normal(tuple(o.shape)))).sum() for o in diff)
    grads = torch.autograd.grad(loss, xs, create_graph=True, allow_unused=True)
    record["grads"] = [None if g is None else g.detach().tolist() for g in grads]
    second = [(g * torch.tensor(rng.standard_normal(tuple(g.shape)))).sum() for g in grads
              if g is not None and g.requires_grad]
    if second:
        grads2 = torch.autograd.grad(sum(second), xs, allow_unused=True)
        record["grads2"] = [None if g is None else g.tolist() for g in grads2]
    return record
