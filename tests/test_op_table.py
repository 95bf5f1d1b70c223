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
from tinytorch.ops import table
from tinytorch.ops.table import UNARY

ROWS = [pytest.param(row, id=row.name) for row in UNARY]


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
    assert getattr(torch, row.name) is fn and getattr(x, row.name)().tolist() == y.tolist()
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
    assert set(EXPLANATIONS) == set(nodes)


def test_values_gradients_and_errors_equal_pytorchs_record():
    import contextlib
    import io
    import pathlib
    import sys

    here = pathlib.Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    import unary_table_program

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        unary_table_program.run(torch)
    recorded = (here / "data" / "unary_table_pytorch.txt").read_text()
    ours, theirs = unary_table_program.normalise(out.getvalue()), unary_table_program.normalise(recorded)
    assert len(ours) == len(theirs)
    assert [a for a, b in zip(ours, theirs) if a != b] == []


@pytest.mark.parametrize("make", [
    lambda a, b: a + b, lambda a, b: torch.add(a, b, alpha=2.5), lambda a, b: a - b,
    lambda a, b: torch.sub(a, b, alpha=-0.5), lambda a, b: a * b, lambda a, b: a * 3,
    lambda a, b: (a * b).sum(), lambda a, b: (a * b).sum(0, keepdim=True), lambda a, b: (a * b).mean(),
    lambda a, b: (a * b).mean((0, 1)),
])
def test_first_order_fast_paths_equal_their_formulas(make):
    """Add, Sub, Mul, Sum and Mean keep an array fast path for first-order passes beside their
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
