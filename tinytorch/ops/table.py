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

LN2, LN10, TWO_OVER_SQRT_PI = math.log(2.0), math.log(10.0), 2.0 / math.sqrt(math.pi)
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


def threshold_backward(g, y):
    """g where y > 0 (NaN included, as in PyTorch), else 0; one kernel call when not recorded."""
    if not (_enabled[0] and (g._requires_grad or y._requires_grad)):
        return Tensor._make(_relu_grad(g._data, y._data))
    return ThresholdBackwardBackward0().apply(g, y)


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
    Unary("relu", "ReluBackward0", ew.RELU, lambda g, out: threshold_backward(g, out),
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
    # not a PyTorch function: 1 - x^2 rounded once, the factor of tanh's derivative
    Unary("one_minus_square", "OneMinusSquareBackward0", ew.ONE_MINUS_SQUARE, lambda g, x: g * -2 * x,
          "d/dx (1 - x^2) = -2x", lambda x: 1 - x * x, public=False),
)


# ---- what is generated from a row -------------------------------------------------------------

class UnaryNode(FormulaNode):
    """The node of a table op: the forward runs the row's kernel, saves what the row's
    derivative uses (x, out), and backward is the row's formula."""

    row = None

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

    return type(row.node, (UnaryNode,), {"row": row, "roles": roles, "grads": (grad,), "__module__": __name__,
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
