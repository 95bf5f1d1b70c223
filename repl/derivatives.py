"""Local derivatives of the library's graph nodes, as text a learner can read.

``RULES`` maps a node name to a ``Rule``:
* ``expr``: how the node's output is written from its inputs (``"{0} * {1}"``), with the
  node's attributes available as ``{node.exponent}``;
* ``local(node, i, operands)``: d out / d input ``i`` as a ``Term`` when the derivative is
  per element (elementwise ops, and reductions whose every element gets the same factor);
  ``operands`` describe the inputs (``Operand``: the text naming it, its constant value).
* ``saved_inputs``: True when the node's saved arrays are its inputs in order, so a
  constant input's value can be read from them.
Nodes missing from the table (or whose rule has no ``local``) are still explained: their
class docstring gives the formula and the numbers come from their ``backward``.

A ``Term`` is a sum of products: {(factor, power) pairs: coefficient}, enough to
write ``3 · 2y`` as ``6y`` and ``y + y`` as ``2y``.
"""
import collections
import fractions
import re

from tinytorch import Tensor
from tinytorch.ops import table

from . import graphmodel as gm

Operand = collections.namedtuple("Operand", "text value")
Operand.__doc__ = "An input as written (``text``) and its value when it is a constant number (else None)."

Rule = collections.namedtuple("Rule", "expr local saved_inputs reduction")


class Term:
    """A sum of monomials {tuple of (factor, power): coefficient}; coefficients are Fractions or floats."""

    def __init__(self, monomials=None):
        self.monomials = {k: v for k, v in (monomials or {}).items() if v != 0}

    @classmethod
    def number(cls, value):
        return cls({(): _exact(value)})

    @classmethod
    def factor(cls, text, coefficient=1, power=1):
        return cls({((text, power),): _exact(coefficient)})

    def __add__(self, other):
        out = dict(self.monomials)
        for k, v in other.monomials.items():
            out[k] = out.get(k, 0) + v
        return Term(out)

    def __mul__(self, other):
        out = {}
        for k1, v1 in self.monomials.items():
            for k2, v2 in other.monomials.items():
                powers = dict(k1)
                for f, p in k2:
                    powers[f] = powers.get(f, 0) + p
                key = tuple(sorted((f, p) for f, p in powers.items() if p))
                out[key] = out.get(key, 0) + v1 * v2
        return Term(out)

    def constant(self):
        """The term's value when it has no factors, else None."""
        if not self.monomials:
            return 0
        if list(self.monomials) == [()]:
            return self.monomials[()]
        return None

    def __str__(self):
        if not self.monomials:
            return "0"
        parts = [_monomial(k, v) for k, v in sorted(self.monomials.items(), key=lambda kv: len(kv[0]))]
        text = parts[0]
        for p in parts[1:]:
            text += f" - {p[1:]}" if p.startswith("-") else f" + {p}"
        return text


def _exact(value):
    """Integers and simple fractions stay exact (1/4), other numbers stay floats."""
    if isinstance(value, fractions.Fraction):
        return value
    value = float(value)
    f = fractions.Fraction(value).limit_denominator(1000)
    return f if abs(float(f) - value) <= 1e-12 * max(1.0, abs(value)) else value


def format_coefficient(value):
    if isinstance(value, fractions.Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return f"{value:.6g}"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power(factor, p):
    if p == 1:
        return factor
    return f"{_wrap(factor)}{str(p).translate(_SUPERSCRIPT)}"


def _wrap(text):
    return text if text.isidentifier() or text.replace(".", "").isalnum() else f"({text})"


def _monomial(factors, coefficient):
    over = [(f, -p) for f, p in factors if p < 0]
    if over:
        factors = [(f, p) for f, p in factors if p > 0]
        under = "·".join(_power(f, p) for f, p in over)
        if not factors and isinstance(coefficient, fractions.Fraction) and abs(coefficient.numerator) == 1:
            sign = "-" if coefficient < 0 else ""
            d = coefficient.denominator
            return f"{sign}1/{under}" if d == 1 else f"{sign}1/({d}·{under})"
        top = _monomial(factors, coefficient) if factors else format_coefficient(coefficient)
        return f"{top}/{under if len(over) == 1 else '(' + under + ')'}"
    body = "·".join(_power(f, p) for f, p in factors)
    if not factors:
        return format_coefficient(coefficient)
    if coefficient == 1:
        return body
    if coefficient == -1:
        return f"-{body}"
    c = format_coefficient(coefficient)
    joiner = "" if factors[0][0].isidentifier() and "/" not in c else "·"
    return f"{c}{joiner}{body}"


# ---- per-node rules ---------------------------------------------------------------------------

def _operand_term(op):
    """An input as a factor: its constant value, or its text."""
    return Term.number(op.value) if op.value is not None else Term.factor(op.text)


def _mul(node, i, ops):
    return _operand_term(ops[1 - i])


def _div(node, i, ops):
    a, b = ops
    if i == 0:
        return Term.number(1 / b.value) if b.value not in (None, 0) else Term.factor(b.text, power=-1)
    return Term.factor(a.text, -1) * Term.factor(b.text, power=-2) if a.value is None else \
        Term.factor(b.text, -a.value, power=-2)


def _pow_scalar(node, i, ops):
    e = _exact(node.exponent)
    if e == 1:
        return Term.number(1)
    return Term.factor(ops[0].text, e, e - 1) if e - 1 != 0 else Term.number(e)


def _constant(value):
    return lambda node, i, ops: Term.number(value)


def _sub(node, i, ops):
    return Term.number(1 if i == 0 else -1)


def _factor(template, coefficient=1):
    return lambda node, i, ops: Term.factor(template.format(*[o.text for o in ops]), coefficient)


def _reduced_count(node):
    n = 1
    for d in getattr(node, "dims", ()) or range(len(node.shape)):
        n *= node.shape[d]
    return n


def _mean(node, i, ops):
    return Term.number(fractions.Fraction(1, _reduced_count(node)))


def _reduction_expr(method):
    def expr(node, ops):
        dims = getattr(node, "dims", ())
        full = len(dims) == len(getattr(node, "shape", dims))
        args = "" if full else f"dim={dims[0] if len(dims) == 1 else dims}"
        return f"{ops[0].text}.{method}({args})"
    return expr


def _rule(expr, local=None, saved_inputs=False, reduction=False):
    return Rule(expr, local, saved_inputs, reduction)


RULES = {
    "AddBackward0": _rule("{0} + {1}", _constant(1)),
    "SubBackward0": _rule("{0} - {1}", _sub),
    "RsubBackward1": _rule("{0} - {1}", _sub),
    "MulBackward0": _rule("{0} * {1}", _mul, saved_inputs=True),
    "DivBackward0": _rule("{0} / {1}", _div, saved_inputs=True),
    "PowBackward0": _rule("{0} ** {node.exponent}", _pow_scalar),
    "PowBackward1": _rule("{0} ** {1}", _factor("{1}·{0}^({1} - 1)"), saved_inputs=True),
    "PowBackward2": _rule("{0} ** {1}", _factor("log({0})·{0}^{1}"), saved_inputs=True),
    "NegBackward0": _rule("-{0}", _constant(-1)),
    "ExpBackward0": _rule("{0}.exp()", _factor("exp({0})")),
    "LogBackward0": _rule("{0}.log()", lambda node, i, ops: Term.factor(ops[0].text, power=-1)),
    "SqrtBackward0": _rule("{0}.sqrt()", lambda node, i, ops: Term.factor(f"sqrt({ops[0].text})", 0.5, -1)),
    "SinBackward0": _rule("{0}.sin()", _factor("cos({0})")),
    "CosBackward0": _rule("{0}.cos()", _factor("sin({0})", -1)),
    "TanhBackward0": _rule("{0}.tanh()", _factor("1 - tanh({0})²")),
    "SigmoidBackward0": _rule("{0}.sigmoid()", _factor("σ({0})·(1 - σ({0}))")),
    "ReluBackward0": _rule("{0}.relu()", _factor("[{0} > 0]")),
    "AbsBackward0": _rule("{0}.abs()", _factor("sign({0})")),
    "SignBackward0": _rule("{0}.sign()", _constant(0)),
    "Log1PBackward0": _rule("{0}.log1p()", _factor("1/(1 + {0})")),
    "ClampBackward1": _rule("{0}.clamp(...)", _factor("[lo ≤ {0} ≤ hi]")),
    "ToCopyBackward0": _rule("{0}.to({node.dt})", _constant(1)),
    "CloneBackward0": _rule("{0}.clone()", _constant(1)),
    "SumBackward0": _rule(_reduction_expr("sum"), _constant(1), reduction=True),
    "SumBackward1": _rule(_reduction_expr("sum"), _constant(1), reduction=True),
    "MeanBackward0": _rule(_reduction_expr("mean"), _mean, reduction=True),
    "MeanBackward1": _rule(_reduction_expr("mean"), _mean, reduction=True),
    "MmBackward0": _rule("{0} @ {1}"),
    "MvBackward0": _rule("{0} @ {1}"),
    "BmmBackward0": _rule("{0} @ {1}"),
    "DotBackward0": _rule("{0}.dot({1})"),
}


# ---- rules generated from the op table (every row not written by hand above) ------------------

_VARIABLE = re.compile(r"\b[xab]\b")


def local_texts(explain):
    """The derivatives an op-table row's explanation states, one per input:
    ``"d/dx f x = F"`` -> ("F",), ``"d/da f(a, b) = A, d/db = B"`` -> ("A", "B"); None when the
    text is not of that form.  A closing remark such as ``(0 at x = 0)`` is dropped."""
    m = re.fullmatch(r"d/da .+? = (.+?), d/db = (.+)", explain)
    if m:
        return m.group(1), m.group(2)
    m = re.fullmatch(r"d/dx .+? = (.+)", explain)
    if m:
        return (re.sub(r" \([^()]* at [^()]*\)$", "", m.group(1)),)
    return None


def _operand_text(text):
    """An operand as it goes inside a formula: names, numbers and bracketed text as they are."""
    return text if re.fullmatch(r"[\w.…]+|\(.*\)", text) and not text.startswith("-") else f"({text})"


def _substitute(template, values):
    """``template`` with each variable (x, or a and b) replaced by its operand's text, in one pass."""
    def put(m):
        if m.group() not in values:
            return m.group()
        text = values[m.group()]
        before, after = template[:m.start()], template[m.end():m.end() + 1]
        alone = (before.endswith("(") or before.endswith(", ")) and after in (",", ")")   # f(x), f(a, b)
        return text if alone else _operand_text(text)
    return _VARIABLE.sub(put, template)


def _table_local(texts, variables, side=None):
    """``local`` of a table row: d out/d input ``i`` as one opaque factor (its formula with the
    operands' texts substituted).  ``side``: which variable is the node's constant number."""
    def local(node, i, ops):
        values = dict(zip([v for v in variables if v != side], [o.text for o in ops]))
        if side is not None:
            values[side] = _constant_text(node)
        k = i if side is None else variables.index(next(v for v in variables if v != side))
        text = _substitute(texts[k], values)
        number = _number_or_none(text)
        if number is not None:
            return Term.number(number)
        return Term.factor(text if " " not in text or text.startswith("(") and text.endswith(")") else f"({text})")
    return local


def _number_or_none(text):
    try:
        return fractions.Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _constant_text(node):
    return gm.format_number(node.constant)


def _table_rules():
    rules = {}
    for row in table.UNARY:
        texts = local_texts(row.explain)
        expr = f"{{0}}.{row.name}()" if hasattr(Tensor, row.name) else f"{row.name}({{0}})"
        rules[row.node] = _rule(expr, _table_local(texts, ("x",)) if texts else None)
    for row in table.BINARY:
        if row.grads is None:
            continue
        texts = local_texts(row.explain)
        rules[row.node] = _rule(f"torch.{row.name}({{0}}, {{1}})", _table_local(texts, ("a", "b")) if texts else None)
        for name, side in ((row.scalar_node, "b"), (row.scalar_first_node, "a")):
            if name:
                rules[name] = _rule(_scalar_expr(row.name, side),
                                    _table_local(texts, ("a", "b"), side) if texts else None)
    return rules


def _scalar_expr(name, side):
    def expr(node, ops):
        c = _constant_text(node)
        return f"torch.{name}({ops[0].text}, {c})" if side == "b" else f"torch.{name}({c}, {ops[0].text})"
    return expr


HAND_WRITTEN = frozenset(RULES)   # the rules above, which the generated ones do not replace
RULES = {**_table_rules(), **RULES}


def rule(node):
    """The node's rule, or None for a node the table does not know."""
    return RULES.get(node.name())


def expression(node, operands):
    """How ``node``'s output is written from ``operands`` (texts), or None if unknown."""
    r = rule(node)
    if r is None:
        return None
    texts = [o.text for o in operands]
    if callable(r.expr):
        return r.expr(node, operands)
    try:
        return r.expr.format(*texts, node=node)
    except (IndexError, AttributeError, KeyError):
        return None


def local(node, i, operands):
    """d out / d input ``i`` as a Term, or None when it is not a per-element derivative."""
    r = rule(node)
    if r is None or r.local is None:
        return None
    return r.local(node, i, operands)


def formula(node):
    """The node's general derivative in words: the first lines of its class docstring."""
    doc = (type(node).__doc__ or "").strip()
    if not doc:
        return node.name()
    return " ".join(line.strip() for line in doc.split("\n\n")[0].split("\n"))
