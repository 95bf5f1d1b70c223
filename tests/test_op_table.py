"""Per-op tests generated from the op table (``tinytorch/ops/table.py``): every row gets the
same checks, so a new row is tested without writing a test.

For each row: the forward against NumPy (float64 and float32), the node name, the method,
alias and in-place forms, the dtype rule on integer and bool inputs, a float64
finite-difference gradient check on a non-contiguous input and on a broadcast (expanded)
one, and a second-order check (gradgradcheck).
"""
import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck
from tinytorch.ops import special, table
from tinytorch.ops.table import BINARY, UNARY

ROWS = [pytest.param(row, id=row.name) for row in UNARY]
BINARY_ROWS = [pytest.param(row, id=row.name) for row in BINARY]
DIFFERENTIABLE = [pytest.param(row, id=row.name) for row in BINARY if row.grads is not None]


def _sample(row, shape, seed=0):
    """Values inside the row's domain, kept 0.1 away from 0 and from integers (kinks and jumps)."""
    lo, hi = row.domain
    x = np.random.default_rng(seed).uniform(lo, hi, size=shape)
    near_int = np.abs(x - np.round(x)) < 0.1
    x[near_int] = np.clip(x[near_int] + 0.25, lo, hi)
    return x


@pytest.mark.parametrize("row", ROWS)
def test_forward_matches_numpy(row):
    x = _sample(row, (3, 4))
    fn = getattr(table, row.name)
    out64 = fn(torch.tensor(x))
    assert out64.dtype == torch.float64
    assert np.allclose(out64.numpy(), row.numpy(x), rtol=1e-12, atol=1e-12)
    out32 = fn(torch.tensor(x, dtype=torch.float32))
    assert out32.dtype == torch.float32
    assert np.allclose(out32.numpy(), row.numpy(x.astype(np.float32)), rtol=2e-6, atol=2e-6)


@pytest.mark.parametrize("row", ROWS)
def test_node_name_method_alias_and_inplace(row):
    x = torch.tensor(_sample(row, (5,)), requires_grad=True)
    fn = getattr(table, row.name)
    y = fn(x)
    assert y.grad_fn.name() == row.node and type(y.grad_fn).__name__ == row.node
    if not row.public:
        assert not hasattr(torch, row.name) and not hasattr(x, row.name)
        return
    public = getattr(torch, row.name)
    op = getattr(public, "__wrapped__", public)   # (torch.<name> takes out=: ops/out.py wraps the op)
    assert op is fn or op is special.FUNCTIONS[row.name]   # (round: with decimals=, in ops/special.py)
    assert public(x).tolist() == y.tolist() and getattr(x, row.name)().tolist() == y.tolist()
    for alias in row.aliases:
        assert getattr(torch, alias)(x).tolist() == y.tolist()
    z = x.detach().clone()
    assert getattr(z, row.name + "_")() is z and z.tolist() == y.tolist()


@pytest.mark.parametrize("row", ROWS)
def test_integer_and_bool_inputs_follow_the_dtype_rule(row):
    fn = getattr(table, row.name)
    ints = torch.tensor([1, 2, 3])
    if row.dtypes == "float_only":
        with pytest.raises(NotImplementedError, match=f"\"{row.kernel_name}\" not implemented for 'Long'"):
            fn(ints)
        return
    out = fn(ints)
    if row.dtypes == "float":
        assert out.dtype == torch.float32
        with np.errstate(all="ignore"):   # (1, 2, 3 are outside some rows' domains: nan, inf)
            expected = row.numpy(np.array([1.0, 2.0, 3.0], np.float32))
        assert np.allclose(out.numpy(), expected, equal_nan=True)
    else:
        assert out.dtype == torch.int64
        if row.int_identity:
            assert out.tolist() == [1, 2, 3]
    bools = torch.tensor([True, False])
    if row.refuse_bool:
        with pytest.raises(row.refuse_bool[0], match=row.refuse_bool[1].replace("(", r"\(").replace(")", r"\)")):
            fn(bools)


@pytest.mark.parametrize("row", ROWS)
def test_gradcheck_non_contiguous_and_expanded(row):
    fn = getattr(table, row.name)
    base = torch.tensor(_sample(row, (4, 3), seed=1), requires_grad=True)
    assert gradcheck(lambda b: fn(b.t()), (base,))              # a transposed (non-contiguous) view
    small = torch.tensor(_sample(row, (3,), seed=2), requires_grad=True)
    assert gradcheck(lambda s: fn(s.expand(2, 3)), (small,))    # a broadcast view, gradient summed back


@pytest.mark.parametrize("row", ROWS)
def test_gradgradcheck(row):
    fn = getattr(table, row.name)
    x = torch.tensor(_sample(row, (2, 3), seed=3), requires_grad=True)
    assert gradgradcheck(fn, (x,))


def test_every_row_has_a_kernel_and_a_distinct_node():
    codes = [row.kernel for row in UNARY if type(row.kernel) is int and row.name != "sgn"]
    assert len(set(codes)) == len(codes)   # (sgn is sign for real numbers: the same kernel)
    assert all(type(row.kernel) is int or callable(row.kernel) for row in UNARY)
    nodes = [row.node for row in UNARY]
    assert len(set(nodes)) == len(nodes)
    from tinytorch.ops.table import EXPLANATIONS
    assert set(nodes) <= set(EXPLANATIONS)


@pytest.mark.parametrize("program, record", [("unary_table_program", "unary_table_pytorch.txt"),
                                             ("binary_table_program", "binary_table_pytorch.txt")])
def test_values_gradients_and_errors_equal_pytorchs_record(program, record):
    import contextlib
    import importlib
    import io
    import pathlib
    import sys

    here = pathlib.Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    module = importlib.import_module(program)

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.run(torch)
    recorded = (here / "data" / record).read_text()
    ours, theirs = module.normalise(out.getvalue()), module.normalise(recorded)
    assert len(ours) == len(theirs)
    assert [(a, b) for a, b in zip(ours, theirs) if a != b] == []


# ---- binary rows ---------------------------------------------------------------------------------

def _pair(row, shapes, seed=0):
    """Samples of a and b inside the row's domains, kept 0.1 away from integers, from each other
    and from each other's negation (ties, kinks and the steps of fmod)."""
    rng = np.random.default_rng(seed)
    out = []
    for (lo, hi), shape in zip(row.domain, shapes):
        x = rng.uniform(lo, hi, size=shape)
        near_int = np.abs(x - np.round(x)) < 0.1
        x[near_int] = np.clip(x[near_int] + 0.25, lo, hi)
        out.append(x)
    a, b = np.broadcast_arrays(*out)
    close = (np.abs(a - b) < 0.1) | (np.abs(a + b) < 0.1)
    if close.any():
        return _pair(row, shapes, seed + 100)
    return out


@pytest.mark.parametrize("row", BINARY_ROWS)
def test_binary_forward_matches_numpy_with_broadcasting(row):
    a, b = _pair(row, ((3, 4), (4,)))
    fn = getattr(table, row.name)
    for dt, np_dt, tol in ((torch.float64, np.float64, 1e-12), (torch.float32, np.float32, 2e-6)):
        out = fn(torch.tensor(a, dtype=dt), torch.tensor(b, dtype=dt))
        assert out.dtype == dt and out.shape == (3, 4)
        expected = row.numpy(a.astype(np_dt), b.astype(np_dt))
        assert np.allclose(out.numpy(), expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("row", BINARY_ROWS)
def test_binary_node_method_alias_and_inplace(row):
    a, b = (torch.tensor(v, requires_grad=True) for v in _pair(row, ((5,), (5,))))
    fn = getattr(table, row.name)
    y = fn(a, b)
    assert y.grad_fn.name() == row.node
    assert fn in (getattr(torch, row.name), getattr(torch, row.name).__dict__.get("__wrapped__")) and getattr(a, row.name)(b).tolist() == y.tolist()
    for alias in row.aliases:
        assert getattr(torch, alias)(a, b).tolist() == y.tolist()
    z = a.detach().clone()
    if row.inplace:
        assert getattr(z, row.name + "_")(b.detach()) is z and z.tolist() == y.tolist()
    else:
        assert not hasattr(z, row.name + "_")


@pytest.mark.parametrize("row", BINARY_ROWS)
def test_binary_integer_bool_and_number_operands_follow_the_row(row):
    fn = getattr(table, row.name)
    ints = torch.tensor([5, -7, 3])
    other = torch.tensor([2, 3, -2])
    if row.dtypes == "float_only":
        with pytest.raises(NotImplementedError, match=f"\"{row.kernel_name}\" not implemented for 'Long'"):
            fn(ints, other)
    else:
        out = fn(ints, other)
        assert out.dtype == (torch.float32 if row.dtypes == "float" else torch.int64)
        with np.errstate(all="ignore"):
            expected = row.numpy(ints.numpy().astype(np.float64), other.numpy().astype(np.float64))
        assert np.allclose(out.numpy(), expected, equal_nan=True)
    x = torch.tensor([1.5, -2.0])
    if row.numbers:
        assert fn(x, 2.0).tolist() == fn(x, torch.tensor([2.0, 2.0])).tolist()
        node = fn(x.requires_grad_(), 2.0).grad_fn
        assert node.name() == row.scalar_node and len(node.next_functions) == 1
    else:
        with pytest.raises(TypeError, match=f"{row.name}\\(\\): argument '.*' \\(position 2\\) must be Tensor"):
            fn(x, 2.0)
    if row.numbers == "both":
        assert fn(x.requires_grad_(), 2.0).grad_fn.name() == row.scalar_node
        assert fn(2.0, x).grad_fn.name() == row.scalar_first_node
    with pytest.raises(RuntimeError, match="must match the size"):
        fn(torch.ones(2), torch.ones(3))


@pytest.mark.parametrize("row", DIFFERENTIABLE)
def test_binary_gradcheck_broadcast_and_non_contiguous(row):
    fn = getattr(table, row.name)
    a, b = _pair(row, ((4, 3), (3,)), seed=1)
    ta = torch.tensor(np.ascontiguousarray(a.T), requires_grad=True)   # used through .t(): non-contiguous
    tb = torch.tensor(b, requires_grad=True)                           # broadcast over the rows
    assert gradcheck(lambda x, y: fn(x.t(), y), (ta, tb))
    assert gradcheck(lambda x, y: fn(y.expand(4, 3), x.t()) if row.name != "xlogy" else fn(x.t(), y.expand(4, 3)),
                     (ta, tb))
    if row.numbers:
        assert gradcheck(lambda x: fn(x, 1.3), (ta,))
    if row.numbers == "both":
        assert gradcheck(lambda y: fn(1.3, y), (tb,))


@pytest.mark.parametrize("row", DIFFERENTIABLE)
def test_binary_gradgradcheck(row):
    fn = getattr(table, row.name)
    a, b = (torch.tensor(v, requires_grad=True) for v in _pair(row, ((2, 3), (2, 3)), seed=3))
    assert gradgradcheck(fn, (a, b))


def test_binary_rows_have_distinct_nodes_and_explanations():
    from tinytorch.ops.table import EXPLANATIONS
    nodes = [row.node for row in BINARY if row.grads is not None]
    assert len(set(nodes)) == len(nodes) and set(nodes) <= set(EXPLANATIONS)
    assert not set(nodes) & {row.node for row in UNARY}


@pytest.mark.parametrize("make, args", [
    (lambda x: torch.round(x, decimals=2), [(2, 3)]),
    (lambda x: torch.logit(x), [(2, 3)]),
    (lambda x: torch.logit(x, eps=0.05), [(2, 3)]),
    (lambda a, b: torch.lerp(a, b, 0.3), [(2, 3), (3,)]),
    (lambda a, b, w: torch.lerp(a, b, w), [(2, 3), (3,), (2, 1)]),
    (lambda a, b: torch.float_power(a, b), [(2, 3), (3,)]),
    (lambda x: torch.float_power(x, 1.5), [(2, 3)]),
], ids=["round-decimals", "logit", "logit-eps", "lerp-number", "lerp-tensor", "float_power", "float_power-number"])
def test_ops_with_extra_arguments_gradcheck_and_gradgradcheck(make, args):
    rng = np.random.default_rng(5)
    xs = [torch.tensor(rng.uniform(0.2, 0.8, size=s), requires_grad=True) for s in args]
    assert gradcheck(make, xs)
    assert gradgradcheck(make, xs)
    rounded = torch.round(torch.tensor([1.234, -5.678]), decimals=1)
    assert rounded.tolist() == pytest.approx([1.2, -5.7])


@pytest.mark.parametrize("make", [
    lambda a, b: a + b, lambda a, b: torch.add(a, b, alpha=2.5), lambda a, b: a - b,
    lambda a, b: torch.sub(a, b, alpha=-0.5), lambda a, b: a * b, lambda a, b: a * 3,
    lambda a, b: (a * b).sum(), lambda a, b: (a * b).sum(0, keepdim=True), lambda a, b: (a * b).mean(),
    lambda a, b: (a * b).mean((0, 1)), lambda a, b: torch.relu(a), lambda a, b: torch.relu(a.t()),
    lambda a, b: torch.relu(a.masked_fill(a > 1, float("nan"))), lambda a, b: torch.relu(a * 0),
])
def test_first_order_fast_paths_equal_their_formulas(make):
    """Add, Sub, Mul, Sum, Mean and ReLU keep an array fast path for first-order passes beside their
    formula (``grads``, used under create_graph): both must give the same bits."""
    from tinytorch.autograd.node import FormulaNode
    rng = np.random.default_rng(7)
    a = torch.tensor(rng.normal(size=(3, 4)).astype(np.float32), requires_grad=True)
    b = torch.tensor(rng.normal(size=(4,)).astype(np.float32), requires_grad=True)
    out = make(a, b)
    node = out.grad_fn
    g = rng.normal(size=out.shape).astype(np.float32)
    with torch.no_grad():
        fast = node.backward(g)
        formula = FormulaNode.backward(node, g)
    assert len(fast) == len(formula)
    for x, y in zip(fast, formula):
        assert (x is None) == (y is None)
        if x is not None:
            assert x.shape == y.shape and x.dtype == y.dtype and np.array_equal(x, y)
