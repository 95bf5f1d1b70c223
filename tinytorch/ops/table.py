"""The op table: one row per op, read top to bottom like PyTorch's ``derivatives.yaml``.

A row names an op, its graph node, its dtype rule, its forward kernel (an op code of
``kernels.elementwise.unary_kernel``), its derivative written once as a Tensor expression,
the REPL's one-line explanation, and the sample inputs its tests use.  Everything else is
generated from the rows: the node classes, the ``tinytorch.`` functions and their aliases,
the Tensor methods and their in-place forms (``ops/__init__`` binds them), and the per-op
tests (``tests/test_op_table.py``).

The derivative's parameters say what backward needs, and so what the forward saves:
``g`` the gradient of the output, ``x`` the input, ``out`` the result.  Because the formula
is written on Tensors, it is recorded under ``create_graph=True`` and every op here can be
differentiated again.

Adding a unary op: one row below, plus one branch in ``unary_kernel`` for its forward.
"""
import inspect
import math
from dataclasses import dataclass, field

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from ..autograd.node import FormulaNode
from ..kernels import elementwise as ew
from .elementwise import _check_int_division, _not_implemented, eq, le, logical_and, logical_or, where
from .util import as_tensor, broadcast_shapes, is_scalar, result_dtype
from . import registry

LN2, LN10, TWO_OVER_SQRT_PI = math.log(2.0), math.log(10.0), 2.0 / math.sqrt(math.pi)
SQRT_PI_OVER_2 = math.sqrt(math.pi) / 2.0
DEG, RAD = math.pi / 180.0, 180.0 / math.pi


def _times(c):
    """A forward that multiplies by the constant ``c`` rounded to x's dtype (PyTorch's rounding)."""
    def forward(x):
        return ew.binary(ew.MUL, x, np.array(c, x.dtype), x.dtype)
    return forward


@dataclass(frozen=True)
class Unary:
    """One elementwise op ``out = f(x)``.

    dtypes: "float" (integers and bool compute in the default float dtype), "same" (the
    input's dtype), or "float_only" (integer and bool inputs raise PyTorch's
    NotImplementedError naming ``kernel_name``).  ``int_identity``: on integers the op is the
    identity (floor, ceil, trunc: a copy).  ``refuse_bool``: (exception type, message) for a
    bool input.  ``domain``: where the tests sample x (away from kinks and poles).
    """

    name: str
    node: str
    kernel: object   # an op code of unary_kernel, or a function array -> array
    grad: object
    explain: str
    numpy: object
    dtypes: str = "float"
    aliases: tuple = ()
    domain: tuple = (-2.0, 2.0)
    kernel_name: str = ""
    int_identity: bool = False
    refuse_bool: tuple = ()
    public: bool = True
    uses: tuple = field(init=False, default=())

    def __post_init__(self):
        object.__setattr__(self, "uses", tuple(inspect.signature(self.grad).parameters)[1:])


def _zeros(g):
    return Tensor._make(np.zeros(g._data.shape, g._data.dtype))


class ThresholdBackwardBackward0(FormulaNode):
    """out = g where y > 0, else 0: ReLU's derivative applied to g (PyTorch's ``threshold_backward``)
    ->  d/dg = the same mask, d/dy = 0."""

    roles = (1,)
    grads = (lambda n, G, y: threshold_backward(G, y),
             lambda n, G, y: _zeros(G))

    def forward(self, g, y):
        self.in_meta = ((g.shape, g.dtype), (y.shape, y.dtype))
        self.save_for_backward(y)
        return _relu_grad(g, y)


def _relu_grad(g, y):
    """The kernel: g where y > 0 (NaN included), else 0; g and y of one shape (a ReLU output and
    its gradient)."""
    return ew.unary_backward(ew.RELU, y, y, g)


def threshold_backward(g, out):
    """g where out > 0 (NaN included, as in PyTorch), else 0; one kernel call when not recorded."""
    if not (_enabled[0] and (g._requires_grad or out._requires_grad)):
        return Tensor._make(_relu_grad(g._data, out._data))
    return ThresholdBackwardBackward0().apply(g, out)


threshold_backward.on_arrays = _relu_grad   # the same formula on arrays: a node's first-order pass calls it


def _sinc_slope(x):
    """(cos(pi x) - sinc(x)) / x, and 0 at x = 0 (where sinc is flat)."""
    return where(eq(x, 0), 0.0, ((x * math.pi).cos() - x.sinc()) / x)


def _erfinv_reference(y):
    """The tests' reference, independent of the kernel's method: math.erf inverted by bisection
    (80 halvings: exact to float64)."""
    def one(v):
        if not -1.0 <= v <= 1.0:
            return math.nan
        if math.fabs(v) == 1.0:
            return math.copysign(math.inf, v)
        lo, hi = -6.0, 6.0
        for _ in range(80):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if math.erf(mid) < v else (lo, mid)
        return (lo + hi) / 2
    return np.vectorize(one)(y)


UNARY = (
    #     name      node                 kernel         d/dx, times g                              explanation
    Unary("neg", "NegBackward0", ew.NEG, lambda g: -g, "d/dx (-x) = -1", np.negative, dtypes="same",
          aliases=("negative",), refuse_bool=(RuntimeError, "Negation, the `-` operator, on a bool tensor is not "
                                              "supported. If you are trying to invert a mask, use the `~` or "
                                              "`logical_not()` operator instead.")),
    Unary("abs", "AbsBackward0", ew.ABS, lambda g, x: g * x.sign(), "d/dx |x| = sign(x)", np.abs, dtypes="same",
          aliases=("absolute",), refuse_bool=(NotImplementedError,
                                                                  "\"abs_cpu\" not implemented for 'Bool'")),
    Unary("sign", "SignBackward0", ew.SIGN, lambda g: _zeros(g), "d/dx sign(x) = 0", np.sign, dtypes="same"),
    Unary("sgn", "SgnBackward0", ew.SIGN, lambda g: _zeros(g), "d/dx sgn(x) = 0", np.sign, dtypes="same"),
    Unary("deg2rad", "Deg2RadBackward0", _times(DEG), lambda g: g * DEG, "d/dx (x pi/180) = pi/180",
          lambda x: x * DEG),
    Unary("rad2deg", "Rad2DegBackward0", _times(RAD), lambda g: g * RAD, "d/dx (x 180/pi) = 180/pi",
          lambda x: x * RAD),
    Unary("exp", "ExpBackward0", ew.EXP, lambda g, out: g * out, "d/dx e^x = e^x", np.exp),
    Unary("exp2", "Exp2Backward0", ew.EXP2, lambda g, out: g * out * LN2, "d/dx 2^x = 2^x ln 2", np.exp2),
    Unary("expm1", "Expm1Backward0", ew.EXPM1, lambda g, out: g * (out + 1), "d/dx (e^x - 1) = e^x", np.expm1),
    Unary("log", "LogBackward0", ew.LOG, lambda g, x: g / x, "d/dx log x = 1/x", np.log, domain=(0.2, 3.0)),
    Unary("log2", "Log2Backward0", ew.LOG2, lambda g, x: g / (x * LN2), "d/dx log2 x = 1/(x ln 2)", np.log2,
          domain=(0.2, 3.0)),
    Unary("log10", "Log10Backward0", ew.LOG10, lambda g, x: g / (x * LN10), "d/dx log10 x = 1/(x ln 10)",
          np.log10, domain=(0.2, 3.0)),
    Unary("log1p", "Log1PBackward0", ew.LOG1P, lambda g, x: g / (x + 1), "d/dx log(1 + x) = 1/(1 + x)",
          np.log1p, domain=(-0.5, 2.0)),
    Unary("sqrt", "SqrtBackward0", ew.SQRT, lambda g, out: g / (2 * out), "d/dx sqrt x = 1/(2 sqrt x)", np.sqrt,
          domain=(0.2, 3.0)),
    Unary("rsqrt", "RsqrtBackward0", ew.RSQRT, lambda g, out: g * -0.5 * out ** 3,
          "d/dx x^(-1/2) = -1/2 x^(-3/2)", lambda x: 1 / np.sqrt(x), domain=(0.2, 3.0)),
    Unary("reciprocal", "ReciprocalBackward0", ew.RECIPROCAL, lambda g, out: -g * out * out, "d/dx 1/x = -1/x^2",
          np.reciprocal, domain=(0.5, 3.0)),
    Unary("sin", "SinBackward0", ew.SIN, lambda g, x: g * x.cos(), "d/dx sin x = cos x", np.sin),
    Unary("cos", "CosBackward0", ew.COS, lambda g, x: -g * x.sin(), "d/dx cos x = -sin x", np.cos),
    Unary("tan", "TanBackward0", ew.TAN, lambda g, out: g * (out * out + 1), "d/dx tan x = 1 + tan^2 x", np.tan,
          domain=(-1.2, 1.2)),
    Unary("asin", "AsinBackward0", ew.ASIN, lambda g, x: g * (-x * x + 1).rsqrt(), "d/dx asin x = 1/sqrt(1 - x^2)",
          np.arcsin, aliases=("arcsin",), domain=(-0.9, 0.9)),
    Unary("acos", "AcosBackward0", ew.ACOS, lambda g, x: g * -(-x * x + 1).rsqrt(),
          "d/dx acos x = -1/sqrt(1 - x^2)", np.arccos, aliases=("arccos",), domain=(-0.9, 0.9)),
    Unary("atan", "AtanBackward0", ew.ATAN, lambda g, x: g / (x * x + 1), "d/dx atan x = 1/(1 + x^2)", np.arctan,
          aliases=("arctan",)),
    Unary("sinh", "SinhBackward0", ew.SINH, lambda g, x: g * x.cosh(), "d/dx sinh x = cosh x", np.sinh),
    Unary("cosh", "CoshBackward0", ew.COSH, lambda g, x: g * x.sinh(), "d/dx cosh x = sinh x", np.cosh),
    Unary("tanh", "TanhBackward0", ew.TANH, lambda g, out: g * one_minus_square(out), "d/dx tanh x = 1 - tanh^2 x",
          np.tanh),
    Unary("asinh", "AsinhBackward0", ew.ASINH, lambda g, x: g * (x * x + 1).rsqrt(),
          "d/dx asinh x = 1/sqrt(x^2 + 1)", np.arcsinh, aliases=("arcsinh",)),
    Unary("acosh", "AcoshBackward0", ew.ACOSH, lambda g, x: g * ((x - 1) * (x + 1)).rsqrt(),
          "d/dx acosh x = 1/sqrt(x^2 - 1)", np.arccosh, aliases=("arccosh",), domain=(1.2, 3.0)),
    Unary("atanh", "AtanhBackward0", ew.ATANH, lambda g, x: g / (-x * x + 1), "d/dx atanh x = 1/(1 - x^2)",
          np.arctanh, aliases=("arctanh",), domain=(-0.9, 0.9)),
    Unary("sigmoid", "SigmoidBackward0", ew.SIGMOID, lambda g, out: g * (1 - out) * out,
          "d/dx s(x) = s(x) (1 - s(x))", lambda x: 1 / (1 + np.exp(-x))),
    Unary("relu", "ReluBackward0", ew.RELU, threshold_backward,
          "d/dx max(x, 0) = 1 where x > 0, else 0",
          lambda x: np.maximum(x, 0), dtypes="same",
          refuse_bool=(RuntimeError, "Boolean inputs not supported for relu")),
    Unary("erf", "ErfBackward0", ew.ERF, lambda g, x: g * (-(x * x)).exp() * TWO_OVER_SQRT_PI,
          "d/dx erf x = 2/sqrt(pi) e^(-x^2)", np.vectorize(math.erf)),
    Unary("erfc", "ErfcBackward0", ew.ERFC, lambda g, x: g * (-(x * x)).exp() * -TWO_OVER_SQRT_PI,
          "d/dx erfc x = -2/sqrt(pi) e^(-x^2)", np.vectorize(math.erfc)),
    Unary("floor", "FloorBackward0", ew.FLOOR, lambda g: _zeros(g), "d/dx floor x = 0", np.floor, dtypes="same",
          refuse_bool=(NotImplementedError, "\"floor_vml_cpu\" not implemented for 'Bool'"),
          int_identity=True),
    Unary("ceil", "CeilBackward0", ew.CEIL, lambda g: _zeros(g), "d/dx ceil x = 0", np.ceil, dtypes="same",
          refuse_bool=(NotImplementedError, "\"ceil_vml_cpu\" not implemented for 'Bool'"),
          int_identity=True),
    Unary("trunc", "TruncBackward0", ew.TRUNC, lambda g: _zeros(g), "d/dx trunc x = 0", np.trunc, dtypes="same",
          refuse_bool=(NotImplementedError, "\"trunc_vml_cpu\" not implemented for 'Bool'"),
          aliases=("fix",), int_identity=True),
    Unary("frac", "FracBackward0", ew.FRAC, lambda g: g, "d/dx (x - trunc x) = 1", lambda x: x - np.trunc(x),
          dtypes="float_only", kernel_name="frac_cpu"),
    Unary("erfinv", "ErfinvBackward0", ew.ERFINV, lambda g, out: g * (out * out).exp() * SQRT_PI_OVER_2,
          "d/dx erfinv x = sqrt(pi)/2 e^(erfinv(x)^2)", _erfinv_reference, domain=(-0.9, 0.9)),
    Unary("sinc", "SincBackward0", ew.SINC, lambda g, x: g * _sinc_slope(x),
          "d/dx sin(pi x)/(pi x) = (cos(pi x) - sinc x)/x (0 at x = 0)", np.sinc),
    Unary("round", "RoundBackward0", ew.ROUND, lambda g: _zeros(g), "d/dx round x = 0", np.round, dtypes="same",
          refuse_bool=(NotImplementedError, "\"round_vml_cpu\" not implemented for 'Bool'"), int_identity=True),
    # not a PyTorch function: 1 - x^2 rounded once, the factor of tanh's derivative
    Unary("one_minus_square", "OneMinusSquareBackward0", ew.ONE_MINUS_SQUARE, lambda g, x: g * -2 * x,
          "d/dx (1 - x^2) = -2x", lambda x: 1 - x * x, public=False),
)


# ---- what is generated from a row -------------------------------------------------------------

class UnaryNode(FormulaNode):
    """The node of a table op: the forward runs the row's kernel, saves what the row's
    derivative uses (x, out), and backward is the row's formula.

    A formula that is one kernel call carries its array form (``formula.on_arrays(g, *saved)``,
    arrays in, array out): a first-order pass calls that directly, skipping the Tensor
    wrapping (about 2 us a node); ``create_graph=True`` still records the formula."""

    row = None
    on_arrays = None

    def backward(self, grad):
        on_arrays = self.on_arrays
        if on_arrays is None:
            return FormulaNode.backward(self, grad)
        r = on_arrays(grad, *self.saved_arrays)
        dt = self.in_meta[0][1]
        return [r if r.dtype == dt else r.astype(dt)]

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        kernel = self.row.kernel
        out = ew.unary(kernel, x) if type(kernel) is int else kernel(x)
        uses = self.row.uses
        if uses:
            self.save_for_backward(*[x if u == "x" else out for u in uses])
        return out


def _node_class(row):
    roles = tuple(0 if u == "x" else "out" for u in row.uses)

    def grad(node, g, *saved):
        return row.grad(g, *saved)

    on_arrays = getattr(row.grad, "on_arrays", None)
    return type(row.node, (UnaryNode,), {"row": row, "roles": roles, "grads": (grad,), "__module__": __name__,
                                         "on_arrays": staticmethod(on_arrays) if on_arrays else None,
                                         "__doc__": f"out = {row.name}(x)  ->  {row.explain}"})


def _function(row, node_cls):
    op, floating = row.kernel, row.dtypes == "float"
    forward = (lambda x: ew.unary(op, x)) if type(op) is int else op

    def fn(input):
        if not isinstance(input, Tensor):
            raise TypeError(f"{row.name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
        kind = input._data.dtype.kind
        if kind == "f" and not (_enabled[0] and input._requires_grad):   # the lean path: one kernel call
            return Tensor._make(forward(input._data))
        if kind == "b" and row.refuse_bool:
            raise row.refuse_bool[0](row.refuse_bool[1])
        if kind != "f":
            if row.dtypes == "float_only":
                raise NotImplementedError(f"\"{row.kernel_name}\" not implemented for "
                                          f"'{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
            if row.int_identity:
                return Tensor._make(input._data.copy())
            if floating:
                input = input.to(_dtype.float32)
        return node_cls().apply(input)

    fn.__name__ = fn.__qualname__ = row.name
    fn.__doc__ = f"``{row.name}(input)`` elementwise.  Backward: {row.explain}."
    return fn


NODES = {}        # node name -> class
FUNCTIONS = {}    # public name (aliases included) -> function
for _row in UNARY:
    NODES[_row.node] = _cls = _node_class(_row)
    _fn = _function(_row, _cls)
    globals()[_row.name] = _fn
    if _row.public:
        FUNCTIONS[_row.name] = _fn
        for _alias in _row.aliases:
            FUNCTIONS[_alias] = _fn
globals().update(NODES)
globals().update(FUNCTIONS)

#: Names that get an in-place Tensor method (``x.exp_()``): every row's name and alias.
INPLACE = tuple(FUNCTIONS)
#: node name -> the row's explanation (the REPL's derivative rules read it).
EXPLANATIONS = {row.node: f"{row.name}: {row.explain}" for row in UNARY}
PUBLIC = tuple(row for row in UNARY if row.public)


# ---- binary ops ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Binary:
    """One elementwise op ``out = f(a, b)``, broadcasting a and b.

    kernel: an op code of ``binary_kernel`` (``family="any"``: every dtype) or of
    ``float_binary_kernel`` (``family="float"``).  grads: (d/da, d/db), each a formula
    ``(g, <saved>) -> Tensor`` whose parameters after ``g`` name what it reads (``a``, ``b``,
    ``out``); None: PyTorch has no derivative (backward raises, the node is ``NotImplemented``).
    dtypes: "promote" (PyTorch's type promotion), "float" (integer and bool results compute in
    the default float dtype), "float_only" (integers and bools raise NotImplementedError naming
    ``kernel_name``).  numbers: "" (both operands must be tensors: PyTorch's TypeError),
    "other" (``b`` may be a Python number: node ``scalar_node``, the number a constant), "both"
    (``a`` too: node ``scalar_first_node``).
    """

    name: str
    node: str
    kernel: int
    grads: tuple
    explain: str
    numpy: object
    family: str = "any"
    dtypes: str = "promote"
    numbers: str = ""
    scalar_node: str = ""
    scalar_first_node: str = ""
    aliases: tuple = ()
    domain: tuple = ((-2.0, 2.0), (-2.0, 2.0))
    kernel_name: str = ""
    same_dtype: str = ""          # the RuntimeError when a and b differ in dtype ("" = promote)
    int_zero_division: bool = False
    inplace: bool = True
    uses: tuple = field(init=False, default=())

    def __post_init__(self):
        names = []
        for formula in self.grads or ():
            for u in tuple(inspect.signature(formula).parameters)[1:]:
                if u not in names:
                    names.append(u)
        object.__setattr__(self, "uses", tuple(names))


def _maximum_grad(g, a, b, loses):
    """The gradient to the larger (``loses``: lt) or smaller (gt) input, halved on a tie, selected
    rather than multiplied (an inf gradient gives 0, not nan, to the input that lost)."""
    return where(loses(a, b), 0.0, where(eq(a, b), g / 2, g))


def _fmax_grad(g, a, b, wins):
    """fmax/fmin: the gradient to a where a wins or ties, or b is NaN; to b elsewhere."""
    return where(logical_or(wins(a, b), b.isnan()), g, 0.0)


def _fmax_other_grad(g, a, b, wins):
    return where(logical_or(wins(a, b), b.isnan()), 0.0, g)


def _xlogy_grad(g, a, b):
    """xlogy(g, b), 0 where a == 0 and b <= 0 (PyTorch's convention at the pole)."""
    return where(logical_and(eq(a, 0), le(b, 0)), 0.0, xlogy(g, b))


def _copysign_grad(g, a, out):
    """g out / a (the sign applied), 0 where a == 0."""
    return where(eq(a, 0), 0.0, g * (out / a))


def _atan2_recip(a, b):
    """1 / (a^2 + b^2), 0 where both are 0 (PyTorch's guard at the origin)."""
    denom = a * a + b * b
    return where(eq(denom, 0), 0.0, denom.reciprocal())


def _lt(a, b):
    return a < b


def _gt(a, b):
    return a > b


def _ge(a, b):
    return a >= b


def _le(a, b):
    return a <= b


BINARY = (
    #      name        node                  kernel        d/da, d/db (times g)                           explanation
    Binary("maximum", "MaximumBackward0", ew.MAXIMUM,
           (lambda g, a, b: _maximum_grad(g, a, b, _lt), lambda g, a, b: _maximum_grad(g, a, b, _gt)),
           "d/da max(a, b) = [a > b] + [a = b]/2, d/db = [b > a] + [a = b]/2", np.maximum, inplace=False),
    Binary("minimum", "MinimumBackward0", ew.MINIMUM,
           (lambda g, a, b: _maximum_grad(g, a, b, _gt), lambda g, a, b: _maximum_grad(g, a, b, _lt)),
           "d/da min(a, b) = [a < b] + [a = b]/2, d/db = [b < a] + [a = b]/2", np.minimum, inplace=False),
    Binary("fmax", "FmaxBackward0", ew.FMAX,
           (lambda g, a, b: _fmax_grad(g, a, b, _ge), lambda g, a, b: _fmax_other_grad(g, a, b, _ge)),
           "d/da fmax(a, b) = [a >= b or b is NaN], d/db = [not (a >= b or b is NaN)]", np.fmax, inplace=False),
    Binary("fmin", "FminBackward0", ew.FMIN,
           (lambda g, a, b: _fmax_grad(g, a, b, _le), lambda g, a, b: _fmax_other_grad(g, a, b, _le)),
           "d/da fmin(a, b) = [a <= b or b is NaN], d/db = [not (a <= b or b is NaN)]", np.fmin, inplace=False),
    Binary("fmod", "FmodBackward1", ew.FMOD,
           (lambda g: g, lambda g, a, b: -g * a.div(b, rounding_mode="trunc")),
           "d/da fmod(a, b) = 1, d/db = -trunc(a/b)", np.fmod, numbers="other", scalar_node="FmodBackward0",
           kernel_name="fmod_cpu", int_zero_division=True, domain=((-3.0, 3.0), (0.7, 1.9))),
    Binary("atan2", "Atan2Backward0", ew.ATAN2,
           (lambda g, a, b: g * b * _atan2_recip(a, b), lambda g, a, b: g * -a * _atan2_recip(a, b)),
           "d/da atan2(a, b) = b/(a^2 + b^2), d/db = -a/(a^2 + b^2)", np.arctan2, family="float", dtypes="float",
           aliases=("arctan2",), domain=((-2.0, 2.0), (0.3, 2.0))),
    Binary("hypot", "HypotBackward0", ew.HYPOT,
           (lambda g, a, out: g * a / out, lambda g, b, out: g * b / out),
           "d/da sqrt(a^2 + b^2) = a/sqrt(a^2 + b^2), d/db = b/sqrt(a^2 + b^2)", np.hypot, family="float", dtypes="float_only",
           kernel_name="hypot_cpu", domain=((0.3, 2.0), (-2.0, -0.3))),
    Binary("copysign", "CopysignBackward0", ew.COPYSIGN,
           (lambda g, a, out: _copysign_grad(g, a, out), lambda g: _zeros(g)),
           "d/da |a| sign(b) = sign(a) sign(b), d/db = 0", np.copysign, family="float", dtypes="float",
           numbers="other", scalar_node="CopysignBackward1"),
    Binary("xlogy", "XlogyBackward0", ew.XLOGY,
           (lambda g, a, b: _xlogy_grad(g, a, b), lambda g, a, b: g * a / b),
           "d/da a log b = log b, d/db = a/b", lambda a, b: a * np.log(b), family="float", dtypes="float",
           numbers="both", scalar_node="XlogyBackward2", scalar_first_node="XlogyBackward1",
           domain=((-2.0, 2.0), (0.3, 2.0))),
    Binary("logaddexp", "LogaddexpBackward0", ew.LOGADDEXP,
           (lambda g, a, b: g / ((b - a).exp() + 1), lambda g, a, b: g / ((a - b).exp() + 1)),
           "d/da log(e^a + e^b) = 1/(1 + e^(b - a)), d/db = 1/(1 + e^(a - b))", np.logaddexp, family="float", dtypes="float_only",
           kernel_name="logaddexp_cpu", inplace=False),
    Binary("logaddexp2", "Logaddexp2Backward0", ew.LOGADDEXP2,
           (lambda g, a, b: g / ((b - a).exp2() + 1), lambda g, a, b: g / ((a - b).exp2() + 1)),
           "d/da log2(2^a + 2^b) = 1/(1 + 2^(b - a)), d/db = 1/(1 + 2^(a - b))", np.logaddexp2, family="float", dtypes="float_only",
           kernel_name="logaddexp2_cpu", inplace=False),
    Binary("heaviside", "NotImplemented", ew.HEAVISIDE, None,
           "a step: not differentiable (PyTorch has no derivative)", np.heaviside,
           same_dtype="heaviside is not yet implemented for tensors with different dtypes.",
           kernel_name="heaviside_cpu"),
)


class BinaryNode(FormulaNode):
    """The node of a binary table op: computes the row's kernel in dtype ``dt`` and saves what
    the row's derivatives read (a, b, out)."""

    row = None
    #: for a node with a Python number operand: which side the number is on ("b" or "a")
    constant_side = None

    def __init__(self, dt, constant=None):
        self.dt = dt.np
        if constant is not None:
            self.constant = np.array(constant).astype(self.dt)

    def forward(self, *arrays):
        self.in_meta = tuple((x.shape, x.dtype) for x in arrays)
        side = self.constant_side
        a, b = arrays if side is None else (arrays[0], self.constant) if side == "b" else (self.constant, arrays[0])
        out = _run_binary(self.row, a, b, self.dt)
        uses = self.row.uses
        if uses:
            values = {"a": a, "b": b, "out": out}
            self.save_for_backward(*[values[u] for u in uses])
        return out


def _run_binary(row, a, b, dt):
    kernel = ew.float_binary_kernel if row.family == "float" else ew.binary_kernel
    return ew.binary(row.kernel, a, b, dt, kernel=kernel)


def _binary_node_class(row, name, side=None):
    def roles_of(u):
        if u == "out":
            return "out"
        if side is not None and u == side:   # the number: data of the node, not a graph input
            return "const"
        return 0 if (u == "a" or side is not None) else 1

    formulas = row.grads if side is None else ((row.grads[0],) if side == "b" else (row.grads[1],))
    uses = row.uses

    def make(formula):
        names = tuple(inspect.signature(formula).parameters)[1:]
        picks = [uses.index(u) for u in names]
        return lambda node, g, *saved: formula(g, *[saved[i] for i in picks])

    attrs = {"row": row, "constant_side": side, "roles": tuple(roles_of(u) for u in uses),
             "grads": tuple(make(f) for f in formulas), "__module__": __name__,
             "__doc__": f"out = {row.name}(a, b)  ->  {row.explain}"}
    return type(name, (BinaryNode,), attrs)


def _type_error(name, position, value):
    arg = ("input", "other")[position - 1] if name != "heaviside" else ("input", "values")[position - 1]
    return TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not "
                     f"{type(value).__name__}")


def _combination_error(row, name, input, other):
    forms = [" * (Tensor input, Tensor other, *, Tensor out = None)"]
    if row.numbers == "both":
        forms.append(" * (Number self, Tensor other, *, Tensor out = None)")
    forms.append(" * (Tensor input, Number other, *, Tensor out = None)")
    return TypeError(f"{name}() received an invalid combination of arguments - got "
                     f"({type(input).__name__}, {type(other).__name__}), but expected one of:\n"
                     + "\n".join(forms) + "\n")


def _binary_function(row, node_cls, scalar_cls, scalar_first_cls, name):
    """The public function of a binary row (``name``: the row's name or an alias, as errors say it)."""

    def fn(input, other):
        a_tensor, b_tensor = isinstance(input, Tensor), isinstance(other, Tensor)
        if a_tensor and b_tensor:
            x, y = input._data, other._data
            if (x.dtype.kind == "f" and y.dtype == x.dtype and y.shape == x.shape
                    and not (_enabled[0] and (input._requires_grad or other._requires_grad))):
                return Tensor._make(_run_binary(row, x, y, x.dtype))   # the lean path: one kernel call
        elif row.numbers == "":
            raise _type_error(name, 1 if not a_tensor else 2, input if not a_tensor else other)
        elif not (a_tensor and is_scalar(other)) and not (row.numbers == "both" and b_tensor and is_scalar(input)):
            raise _combination_error(row, name, input, other)
        if row.same_dtype and input._data.dtype != other._data.dtype:
            raise RuntimeError(row.same_dtype)
        dt = result_dtype(input, other)
        if not dt.is_floating_point:
            if row.dtypes == "float_only" or (dt == _dtype.bool_ and row.int_zero_division):
                raise NotImplementedError(f"\"{row.kernel_name}\" not implemented for '{_dtype.SCALAR_NAMES[dt.name]}'")
            if row.dtypes == "float":
                dt = _dtype.float32
        a, b = as_tensor(input, dt), as_tensor(other, dt)
        if a._data.shape != b._data.shape:
            broadcast_shapes(a._data.shape, b._data.shape)
        if row.int_zero_division and not dt.is_floating_point:
            _check_int_division(b, dt)
        if row.grads is None:
            if _enabled[0] and (a._requires_grad or b._requires_grad):
                return _not_implemented(row.name, row.kernel, dt, input, other)
            return Tensor._make(_run_binary(row, a._data, b._data, dt.np))
        if not a_tensor:
            return scalar_first_cls(dt, input).apply(other)
        if not b_tensor:
            return scalar_cls(dt, other).apply(input)
        return node_cls(dt).apply(a, b)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``{name}(input, other)`` elementwise, broadcasting.  Backward: {row.explain}."
    return fn


BINARY_FUNCTIONS = {}   # public name (aliases included) -> function
for _row in BINARY:
    if _row.grads is None:
        _cls = _scalar_cls = _first_cls = None
    else:
        NODES[_row.node] = _cls = _binary_node_class(_row, _row.node)
        _scalar_cls = _binary_node_class(_row, _row.scalar_node, "b") if _row.scalar_node else None
        _first_cls = _binary_node_class(_row, _row.scalar_first_node, "a") if _row.scalar_first_node else None
        for _extra in (_scalar_cls, _first_cls):
            if _extra is not None:
                NODES[_extra.__name__] = _extra
    for _name in (_row.name,) + _row.aliases:
        BINARY_FUNCTIONS[_name] = _binary_function(_row, _cls, _scalar_cls, _first_cls, _name)
    globals()[_row.name] = BINARY_FUNCTIONS[_row.name]
    if _row.grads is not None:
        EXPLANATIONS[_row.node] = f"{_row.name}: {_row.explain}"
globals().update(NODES)
FUNCTIONS.update(BINARY_FUNCTIONS)
#: In-place binary methods (``x.atan2_(y)``), where PyTorch has them.
INPLACE = INPLACE + tuple(name for row in BINARY if row.inplace for name in (row.name,) + row.aliases)
# every row takes out= but relu (torch.relu has no out= overload); the rows that keep their
# input's dtype (abs, floor...) and heaviside want out of the result's dtype
_SAME_DTYPE_OUT = ("abs", "absolute", "ceil", "fix", "floor", "frac", "neg", "negative", "round", "sgn", "sign", "trunc",
                   "heaviside")
# torch.<name>_ exists for the in-place unary rows but absolute, sign, sgn and erfinv, and for xlogy
_NO_INPLACE_FUNCTION = ("absolute", "sign", "sgn", "erfinv", "fmod", "atan2", "arctan2", "hypot", "copysign", "heaviside")
registry.register_all(FUNCTIONS, inplace=INPLACE, out={n: "exact" if n in _SAME_DTYPE_OUT else "cast"
                                                       for n in FUNCTIONS if n != "relu"},
                      inplace_functions=tuple(n for n in INPLACE if n not in _NO_INPLACE_FUNCTION))
