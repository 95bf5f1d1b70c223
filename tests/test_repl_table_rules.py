"""The REPL's derivative rules generated from the op table: every row is explained per element,
with its formula and the operands' names, and the numbers are the gradient's."""
import re

import pytest

import tinytorch as torch
from tinytorch.ops import table
from tinytorch_repl import derivatives as dv
from tinytorch_repl.runner import Session

from conftest import run_cells as run

DIFFERENTIABLE = [r for r in table.UNARY + table.BINARY if getattr(r, "grads", True) is not None]


@pytest.mark.parametrize("row", DIFFERENTIABLE, ids=lambda r: r.node)
def test_every_table_row_has_a_rule_with_one_derivative_per_input(row):
    texts = dv.local_texts(row.explain)
    assert texts is not None and len(texts) == (1 if isinstance(row, table.Unary) else 2)
    assert dv.RULES[row.node].local is not None
    for name in (getattr(row, "scalar_node", ""), getattr(row, "scalar_first_node", "")):
        if name:
            assert dv.RULES[name].local is not None


@pytest.mark.parametrize("explain, texts", [
    ("d/dx erf x = 2/sqrt(pi) e^(-x^2)", ("2/sqrt(pi) e^(-x^2)",)),
    ("d/dx sin(pi x)/(pi x) = (cos(pi x) - sinc x)/x (0 at x = 0)", ("(cos(pi x) - sinc x)/x",)),
    ("d/da max(a, b) = [a > b] + [a = b]/2, d/db = [b > a] + [a = b]/2", ("[a > b] + [a = b]/2", "[b > a] + [a = b]/2")),
    ("a step: not differentiable", None),
])
def test_local_texts_reads_the_explanation(explain, texts):
    assert dv.local_texts(explain) == texts


def test_substitution_replaces_whole_variables_once():
    # "exp" keeps its x; a sum is bracketed, except alone inside a call's brackets; an operand
    # named b put in for a is not replaced again
    assert dv._substitute("exp(x) x^2", {"x": "y + 1"}) == "exp(y + 1) (y + 1)^2"
    assert dv._substitute("max(a, b)", {"a": "y + 1", "b": "-w"}) == "max(y + 1, -w)"
    assert dv._substitute("a/b", {"a": "b", "b": "w"}) == "b/w"
    assert dv._substitute("a log b", {"a": "-2", "b": "x"}) == "(-2) log x"


def _explain(*cells):
    return run(Session(), "x = torch.tensor([0.5, 1.0], requires_grad=True)",
               "w = torch.tensor([0.2, 2.0], requires_grad=True)", *cells, "%explain x.grad")


def test_a_table_op_is_explained_element_by_element_with_its_formula():
    out = _explain("y = (3 * x.erf()).sum()", "y.backward()")
    assert "mixes elements" not in out
    assert "y = (3 * x.erf()).sum()" in out   # the cell's own text
    assert "d y/d x = 3·(2/sqrt(pi) e^(-x^2)) = tensor([2.6363, 1.2453])" in out


@pytest.mark.parametrize("code, expression, derivative", [
    ("y = torch.maximum(x, w).sum()", "y = torch.maximum(x, w).sum()", "d y/d x = ([x > w] + [x = w]/2) = tensor([1., 0.])"),
    ("y = torch.atan2(x * 2, w).sum()", "y = torch.atan2(x * 2, w).sum()",
     "d y/d x = 2·(w/((x * 2)^2 + w^2))"),
    ("y = torch.fmod(x, 0.3).sum() + torch.xlogy(2, x).sum()", "y = torch.fmod(x, 0.3).sum() + torch.xlogy",
     "d y/d x = 1 + 2/x = tensor([5., 3.])"),
    ("y = torch.copysign(x, -1.5).sum()", "y = torch.copysign(x, -1.5).sum()", "d y/d x = (sign(x) sign(-1.5))"),
    ("y = x.sinc().mean()", "y = x.sinc().mean()", "d y/d x = 1/2·((cos(pi x) - sinc x)/x)"),
])
def test_binary_and_scalar_rows_name_their_operands_and_constants(code, expression, derivative):
    out = _explain(code, "y.backward()")
    assert expression in out and derivative in out and "mixes elements" not in out


@pytest.mark.parametrize("row", [r for r in table.UNARY if r.public], ids=lambda r: r.name)
def test_every_unary_row_is_explained_per_element_with_its_formula(row):
    lo, hi = row.domain
    values = [lo + 0.25 * (hi - lo), lo + 0.75 * (hi - lo)]
    out = run(Session(), f"x = torch.tensor({values}, dtype=torch.float64, requires_grad=True)",
              f"y = torch.{row.name}(x).sum()", "y.backward()", "%explain x.grad")
    assert "mixes elements" not in out
    formula = dv._substitute(dv.local_texts(row.explain)[0], {"x": "x"})
    derivative = re.search(r"d y/d x = (.*?)(?: = tensor| {3}\()", out)
    assert derivative is not None, out
    assert formula in derivative.group(1) or dv._number_or_none(formula) is not None or row.node in dv.HAND_WRITTEN
