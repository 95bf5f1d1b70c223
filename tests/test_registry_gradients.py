"""The per-op gradient registry for the ops outside the op table: every public op of
``ops/registry.py`` is checked here, by gradcheck and gradgradcheck in float64 on its sample
(non-contiguous, broadcast or strided where the op allows), or named as not differentiable.

The table's unary and binary rows have their own generated tests (``tests/test_op_table.py``);
a new ``@public`` op fails ``test_every_public_op_has_a_gradient_sample`` until it gets a line
here.
"""
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck
from tinytorch.ops import registry, special, table


def _t(*shape, seed=0, low=None):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(*shape, generator=g, dtype=torch.float64) if low is not None else torch.randn(
        *shape, generator=g, dtype=torch.float64)
    return (x + low if low is not None else x).requires_grad_()


X, Y, V = _t(3, 4), _t(4, 3, seed=1), _t(4, seed=2)
P = _t(3, 4, seed=3, low=0.5)            # positive, away from 0
D = _t(3, 4, seed=4, low=0.0) * 10       # distinct values: sorts and order statistics have no ties
D = D.detach().requires_grad_()
B3, C3 = _t(2, 3, 4, seed=5), _t(2, 4, 2, seed=6)
M = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
IDX = torch.tensor([[0, 2, 1, 0], [2, 1, 0, 0]])
SQ = _t(3, 3, seed=7)

#: name -> (function of the inputs, inputs); ``x.t()`` inside a function feeds the op a
#: non-contiguous view, ``V`` against a matrix a broadcast.
SAMPLES = {
    "add": (lambda x, v: torch.add(x.t(), v, alpha=2), (Y, V)),
    "sub": (lambda x, v: x - v, (X, V)),
    "mul": (lambda x, v: x.t() * v[:3], (X, V)),
    "div": (lambda x, p: x / p.t(), (Y, P)),
    "pow": (lambda p, v: p ** v, (P, V)),
    "square": (lambda x: x.t().square(), (X,)),
    "clamp": (lambda x: x.clamp(-0.5, 0.5), (X,)),
    "clamp_min": (lambda x: x.clamp_min(-0.3), (X,)),
    "clamp_max": (lambda x: x.t().clamp_max(0.3), (X,)),
    "remainder": (lambda x: x.remainder(0.7), (X,)),
    "masked_fill": (lambda x: x.masked_fill(M, 0.25), (X,)),
    "where": (lambda x, y: torch.where(M, x, y.t()), (X, Y)),
    "nan_to_num": (lambda x: x.nan_to_num(), (X,)),
    "addbmm": (lambda x, a, b: torch.addbmm(x[:, :2], a, b), (X, B3, C3)),
    "addcdiv": (lambda x, a, p: torch.addcdiv(x, a, p, value=0.5), (X, Y.t(), P)),
    "addcmul": (lambda x, a, v: torch.addcmul(x, a, v, value=0.5), (X, Y.t(), V)),
    "addmm": (lambda x, a, b: torch.addmm(x[:, :3], a, b), (X, X, Y)),
    "addmv": (lambda v, a, w: torch.addmv(v[:3], a, w), (V, X, V)),
    "addr": (lambda x, a, b: torch.addr(x, a, b), (X, V[:3], V)),
    "baddbmm": (lambda c, a, b: torch.baddbmm(c, a, b), (_t(2, 3, 2, seed=8), B3, C3)),
    "bmm": (lambda a, b: a.bmm(b), (B3, C3)),
    "matmul": (lambda a, b: a.t() @ b.t(), (Y, X)),
    "mm": (lambda a, b: a.mm(b), (X, Y)),
    "mv": (lambda a, v: a.mv(v), (X, V)),
    "dot": (lambda a, b: a.dot(b), (V, _t(4, seed=9))),
    "outer": (lambda a, b: torch.outer(a, b), (V, V[:3])),
    "kron": (lambda a, b: torch.kron(a, b), (SQ[:2, :2], V[:3])),
    "cross": (lambda a, b: torch.cross(a, b, dim=1), (SQ, _t(3, 3, seed=10))),
    "cdist": (lambda a, b: torch.cdist(a, b), (X, _t(2, 4, seed=11))),
    "einsum": (lambda a, b: torch.einsum("ij,jk->ik", a, b), (X, Y)),
    "tensordot": (lambda a, b: torch.tensordot(a, b, dims=1), (X, Y)),
    "trace": (lambda a: a.trace(), (SQ,)),
    "diag": (lambda a: a.diag(1), (SQ,)),
    "diag_embed": (lambda v: torch.diag_embed(v.unsqueeze(0)), (V,)),
    "diagflat": (lambda v: torch.diagflat(v), (V,)),
    "diagonal": (lambda a: a.t().diagonal(-1), (X,)),
    "tril": (lambda a: a.tril(), (X,)),
    "triu": (lambda a: a.t().triu(1), (X,)),
    "sum": (lambda a: a.t().sum(0), (X,)),
    "mean": (lambda a: a.mean((0, 1)), (X,)),
    "prod": (lambda p: p.prod(1), (P,)),
    "var": (lambda a: a.var(0), (X,)),
    "std": (lambda a: a.t().std(1), (X,)),
    "norm": (lambda a: a.norm(dim=1), (X,)),
    "logsumexp": (lambda a: a.logsumexp(1), (X,)),
    "softmax": (lambda a: a.t().softmax(1), (X,)),
    "log_softmax": (lambda a: a.log_softmax(0), (X,)),
    "max": (lambda d: d.max(1)[0], (D,)),
    "min": (lambda d: d.min(), (D,)),
    "amax": (lambda d: d.amax(0), (D,)),
    "amin": (lambda d: d.t().amin(0), (D,)),
    "aminmax": (lambda d: torch.aminmax(d, dim=1)[1], (D,)),
    "nansum": (lambda a: a.nansum(1), (X,)),
    "nanmean": (lambda a: a.nanmean(0), (X,)),
    "var_mean": (lambda a: torch.var_mean(a, 1)[0], (X,)),
    "std_mean": (lambda a: torch.std_mean(a, 0)[0], (X,)),
    "cumsum": (lambda a: a.t().cumsum(0), (X,)),
    "cumprod": (lambda a: a.cumprod(1), (X,)),
    "cummax": (lambda d: d.cummax(1)[0], (D,)),
    "cummin": (lambda d: d.t().cummin(1)[0], (D,)),
    "logcumsumexp": (lambda a: a.logcumsumexp(1), (X,)),
    "sort": (lambda d: d.sort(1)[0], (D,)),
    "topk": (lambda d: d.topk(2, 1)[0], (D,)),
    "kthvalue": (lambda d: d.kthvalue(2, 0)[0], (D,)),
    "median": (lambda d: d.median(1)[0], (D,)),
    "nanmedian": (lambda d: d.nanmedian(), (D,)),
    "mode": (lambda d: d.mode(1)[0], (D,)),
    "quantile": (lambda d: d.quantile(0.3, dim=1), (D,)),
    "nanquantile": (lambda d: d.nanquantile(0.6), (D,)),
    "gather": (lambda a: a.gather(0, IDX), (X,)),
    "take": (lambda a: a.take(torch.tensor([0, 5, 11, 5])), (X,)),
    "take_along_dim": (lambda a: torch.take_along_dim(a, torch.tensor([[0, 3], [2, 2], [1, 0]]), 1), (X,)),
    "index_select": (lambda a: a.index_select(1, torch.tensor([3, 0, 3])), (X,)),
    "index_add": (lambda a, s: a.index_add(0, torch.tensor([2, 0]), s[:2], alpha=2), (X, Y.t())),
    "index_copy": (lambda a, s: a.index_copy(1, torch.tensor([3, 1]), s[:, :2]), (X, Y.t())),
    "index_fill": (lambda a: a.index_fill(1, torch.tensor([0, 2]), 1.5), (X,)),
    "index_put": (lambda a, v: a.index_put((torch.tensor([0, 2]), torch.tensor([1, 3])), v[:2]), (X, V)),
    "index_reduce": (lambda a, s: a.index_reduce(0, torch.tensor([1, 1]), s[:2], "prod"), (P, _t(2, 4, seed=12, low=0.5))),
    "scatter": (lambda a, s: a.scatter(0, torch.tensor([[2, 0, 1, 1]]), s[:1]), (X, Y.t())),
    "scatter_add": (lambda a, s: a.scatter_add(1, IDX[:, :3], s[:2, :3]), (X, Y.t())),
    "scatter_reduce": (lambda a, s: a.scatter_reduce(1, IDX[:, :3], s[:2, :3], "sum"), (X, Y.t())),
    "put": (lambda a, s: a.put(torch.tensor([1, 7]), s[:2]), (X, V)),
    "masked_select": (lambda a: a.masked_select(M), (X,)),
    "masked_scatter": (lambda a, s: a.masked_scatter(M, s), (X, _t(12, seed=13))),
    "masked_scatter_": (lambda a, s: a.clone().masked_scatter_(M, s), (X, _t(12, seed=13))),
    "cat": (lambda a, b: torch.cat([a, b.t()], 0), (X, Y)),
    "stack": (lambda a, b: torch.stack([a, b.t()], 1), (X, Y)),
    "hstack": (lambda a, b: torch.hstack([a, b.t()]), (X, Y)),
    "vstack": (lambda a, v: torch.vstack([a, v]), (X, V)),
    "dstack": (lambda a, b: torch.dstack([a, b.t()]), (X, Y)),
    "column_stack": (lambda a, b: torch.column_stack([a, b.t()]), (X, Y)),
    "row_stack": (lambda a, v: torch.row_stack([a, v]), (X, V)),
    "block_diag": (lambda a, b: torch.block_diag(a, b), (SQ, V[:2].reshape(1, 2))),
    "cartesian_prod": (lambda a, b: torch.cartesian_prod(a, b), (V[:3], V)),
    "meshgrid": (lambda a, b: torch.meshgrid(a, b, indexing="ij")[1], (V[:3], V)),
    "broadcast_tensors": (lambda a, v: torch.broadcast_tensors(a, v)[1], (X, V)),
    "broadcast_to": (lambda v: v.broadcast_to(3, 4), (V,)),
    "atleast_1d": (lambda v: torch.atleast_1d(v.sum()), (V,)),
    "atleast_2d": (lambda v: torch.atleast_2d(v), (V,)),
    "atleast_3d": (lambda a: torch.atleast_3d(a), (X,)),
    "chunk": (lambda a: a.t().chunk(2, 0)[1], (X,)),
    "split": (lambda a: a.split([1, 3], 1)[1], (X,)),
    "split_with_sizes": (lambda a: a.split_with_sizes([2, 1], 0)[0], (X,)),
    "tensor_split": (lambda a: a.tensor_split(3, 1)[2], (X,)),
    "hsplit": (lambda a: a.hsplit(2)[1], (X,)),
    "vsplit": (lambda a: a.t().vsplit(2)[0], (X,)),
    "dsplit": (lambda b: b.dsplit(2)[1], (B3,)),
    "unbind": (lambda a: a.t().unbind(0)[2], (X,)),
    "clone": (lambda a: a.t().clone(), (X,)),
    "contiguous": (lambda a: a.t().contiguous(), (X,)),
    "to": (lambda a: (a * 1).to(torch.float64), (X,)),
    "type_as": (lambda a, b: a.type_as(b), (X, Y)),
    "expand": (lambda v: v.expand(2, 4), (V,)),
    "expand_as": (lambda v, a: v.expand_as(a), (V, X)),
    "flatten": (lambda b: b.transpose(0, 2).flatten(1), (B3,)),
    "unflatten": (lambda a: a.unflatten(1, (2, 2)), (X,)),
    "permute": (lambda b: b.permute(2, 0, 1), (B3,)),
    "reshape": (lambda a: a.t().reshape(2, 6), (X,)),
    "reshape_as": (lambda a, b: a.reshape_as(b), (X, Y)),
    "view": (lambda a: a.view(6, 2), (X,)),
    "view_as": (lambda a, b: a.view_as(b), (X, Y)),
    "squeeze": (lambda a: a.unsqueeze(1).squeeze(1), (X,)),
    "unsqueeze": (lambda a: a.t().unsqueeze(0), (X,)),
    "t": (lambda a: a.t(), (X,)),
    "transpose": (lambda b: b.transpose(0, 2), (B3,)),
    "movedim": (lambda b: b.movedim(0, 2), (B3,)),
    "swapaxes": (lambda b: b.swapaxes(0, 1), (B3,)),
    "narrow": (lambda a: a.t().narrow(0, 1, 2), (X,)),
    "select": (lambda a: a.select(1, 2), (X,)),
    "flip": (lambda a: a.flip(0, 1), (X,)),
    "fliplr": (lambda a: a.t().fliplr(), (X,)),
    "flipud": (lambda a: a.flipud(), (X,)),
    "roll": (lambda a: a.roll((1, -1), (0, 1)), (X,)),
    "rot90": (lambda a: a.rot90(1, (0, 1)), (X,)),
    "repeat": (lambda v: v.repeat(2, 2), (V,)),
    "tile": (lambda a: torch.tile(a.t(), (2,)), (X,)),
    "repeat_interleave": (lambda v: v.repeat_interleave(torch.tensor([1, 0, 2, 1])), (V,)),
    "t_": (lambda a: a.clone().t_(), (X,)),
    "transpose_": (lambda b: b.clone().transpose_(0, 2), (B3,)),
    "squeeze_": (lambda a: a.unsqueeze(0).clone().squeeze_(0), (X,)),
    "unsqueeze_": (lambda a: a.clone().unsqueeze_(1), (X,)),
    "copy_": (lambda a, b: a.clone().copy_(b.t()), (X, Y)),
    "fill_": (lambda a: a.clone().fill_(2.0) * a, (X,)),
    "zero_": (lambda a: a.clone().zero_() + a, (X,)),
    "selu": (lambda a: torch.selu(a), (X,)),
    "selu_": (lambda a: torch.selu_(a.clone()), (X,)),
    "celu": (lambda a: torch.celu(a, 0.7), (X,)),
    "celu_": (lambda a: torch.celu_(a.clone()), (X,)),
    "threshold": (lambda a: torch.threshold(a, 0.1, -1.0), (X,)),
    "threshold_": (lambda a: torch.threshold_(a.clone(), 0.1, -1.0), (X,)),
    "prelu": (lambda a, w: torch.prelu(a.t(), w[:1]), (X, V)),
    "hardshrink": (lambda a: a.hardshrink(0.3), (X,)),
    "cosine_similarity": (lambda a, b: torch.cosine_similarity(a, b.t()), (X, Y)),
    "pairwise_distance": (lambda a, b: torch.pairwise_distance(a, b.t()), (X, Y)),
    "det": (lambda a: (a + 3 * torch.eye(3, dtype=torch.float64)).t().det(), (SQ,)),
    "logdet": (lambda a: torch.logdet(a @ a.t() + torch.eye(3, dtype=torch.float64)), (SQ,)),
    "slogdet": (lambda a: torch.slogdet(a + 3 * torch.eye(3, dtype=torch.float64))[1], (SQ,)),
    "inverse": (lambda a: (a + 3 * torch.eye(3, dtype=torch.float64)).inverse(), (SQ,)),
    "pinverse": (lambda a: torch.pinverse(a), (X,)),
    "cholesky": (lambda a: torch.cholesky(a @ a.t() + torch.eye(3, dtype=torch.float64)), (SQ,)),
    "svd": (lambda a: torch.svd(a)[1], (X,)),
    "qr": (lambda a: torch.qr(a.t())[1], (X,)),
    "matrix_power": (lambda a: a.matrix_power(3), (SQ,)),
    "matrix_exp": (lambda a: torch.matrix_exp(a * 0.5), (SQ,)),
}

#: Public ops with no gradient: comparisons, logic, integer and index results, sampling, factories.
NOT_DIFFERENTIABLE = {
    "eq", "ne", "lt", "le", "gt", "ge", "equal", "isclose", "allclose", "isfinite", "isinf", "isnan",
    "isneginf", "isposinf", "logical_and", "logical_or", "logical_xor", "logical_not", "all", "any",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "floor_divide", "argmax", "argmin",
    "argsort", "argwhere", "nonzero", "count_nonzero", "bincount", "histc", "searchsorted", "bucketize",
    "unique", "unique_consecutive", "tril_indices", "triu_indices", "new_tensor", "new_full", "new_zeros",
    "new_ones", "new_empty", "uniform_", "normal_", "random_", "bernoulli_", "exponential_", "cauchy_",
    "log_normal_", "geometric_", "bernoulli", "multinomial",
}


def _public_ops():
    """name -> function of every public op outside the table (an alias counts as its op)."""
    generated = set(table.FUNCTIONS) | set(special.FUNCTIONS)
    return {n: f for n, f in {**registry.FUNCTIONS, **registry.METHODS}.items() if n not in generated}


def test_every_public_op_has_a_gradient_sample():
    ops = _public_ops()
    covered = {id(ops[n]) for n in SAMPLES if n in ops} | {id(ops[n]) for n in NOT_DIFFERENTIABLE if n in ops}
    missing = sorted(n for n, f in ops.items() if id(f) not in covered)
    assert missing == []
    assert sorted(set(SAMPLES) - set(ops)) == [] and sorted(NOT_DIFFERENTIABLE - set(ops)) == []


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.filterwarnings("ignore:index_reduce\\(\\) is in beta")
@pytest.mark.filterwarnings("ignore:torch.(cholesky|qr) is deprecated")
def test_gradients_and_second_derivatives_by_finite_differences(name):
    fn, inputs = SAMPLES[name]
    inputs = tuple(t.detach().clone().requires_grad_() for t in inputs)
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


@pytest.mark.parametrize("name, fn", [("eq", lambda x: x.eq(0.5)), ("argmax", lambda x: x.argmax()),
                                      ("nonzero", lambda x: (x > 0).nonzero()), ("isnan", lambda x: x.isnan())])
def test_ops_without_a_gradient_give_results_that_do_not_require_grad(name, fn):
    assert name in NOT_DIFFERENTIABLE
    assert not fn(X.detach().clone().requires_grad_()).requires_grad


def test_floor_divide_records_a_node_whose_derivative_is_not_implemented_as_in_pytorch():
    x = X.detach().clone().requires_grad_()
    y = torch.floor_divide(x, 0.3)
    assert y.requires_grad
    with pytest.raises(RuntimeError, match="^derivative for aten::floor_divide is not implemented$"):
        y.sum().backward()
