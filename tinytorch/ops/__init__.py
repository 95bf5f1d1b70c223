"""The differentiable ops, grouped like the kernels, and their Tensor methods.

Each op is a function (``tinytorch.mul``) and, where PyTorch has one, a Tensor method
(``x.mul``), an in-place method (``x.mul_``) and an operator (``x * y``).  Every op module
says so next to each definition (``@public`` of ``ops/registry.py``, or the op table's rows);
importing the modules below fills the registry, and the loop at the bottom is the one place
where ops are attached to ``Tensor`` (whose own module imports no op: no import loop).
"""
import numpy as np

from .. import _checks, _creation, _dtype, _sampling
from .._tensor import Tensor, dtype_of_to_args
from . import registry
from . import (activations, compare, diagonal, elementwise, index, index_assign, index_dim, inplace,  # noqa: F401
               inplace_views, linalg, masked, movement, products, reduce, reduce_extra, scan, scatter_gather,
               shape, sort, special, split, table, triangular, unique, util)
from . import linalg_surface  # noqa: F401
from .inplace import make_inplace, make_inplace_unaliased
from .util import is_scalar

#: How ``tinytorch.<fn>(tensor, other)`` checks ``other`` (PyTorch's argument parser; see
#: ``_checks.binary_operand``): the functions only, the methods and operators have their own rules.
BINARY_OPERAND_KINDS = {
    **dict.fromkeys(("add", "sub", "subtract", "mul", "multiply", "div", "divide"), "number"),
    **dict.fromkeys(("maximum", "minimum", "atan2", "hypot", "logical_and", "logical_or", "logical_xor",
                     "fmax", "fmin"), "tensor"),
    **dict.fromkeys(("eq", "ne", "lt", "le", "gt", "ge", "pow", "fmod", "remainder", "floor_divide", "true_divide",
                     "bitwise_and", "bitwise_or", "bitwise_xor"), "overloaded"),
}


def _operand_checked(fn, name, kind):
    def checked(input, other, *args, **kwargs):
        if isinstance(input, Tensor):
            _checks.binary_operand(name, input, other, kind)
        return fn(input, other, *args, **kwargs)
    checked.__name__, checked.__doc__, checked.__wrapped__ = fn.__name__, fn.__doc__, fn
    return checked


#: How ``tinytorch.<fn>(tensor, dim, ...)`` checks ``dim`` (``_checks.dim_argument``): kind, index of
#: ``dim`` among the positional arguments, whether None is accepted.
DIM_KINDS = {
    **dict.fromkeys(("sum", "mean", "std", "var", "all", "any", "count_nonzero"), ("overloaded_ints", 1, True)),
    **dict.fromkeys(("max", "min", "sort", "argsort"), ("overloaded_int", 1, True)),
    "prod": ("overloaded_int", 1, False),
    **dict.fromkeys(("amax", "amin", "nansum"), ("ints", 1, True)),
    "logsumexp": ("ints", 1, False),
    **dict.fromkeys(("argmax", "argmin"), ("int", 1, True)),
    **dict.fromkeys(("cumsum", "cumprod", "median", "mode"), ("int", 1, False)),
    **dict.fromkeys(("topk", "kthvalue"), ("int", 2, False)),
}
_UNSET = object()


def _dim_checked(fn, name, kind, index, none_ok):
    def checked(input, *args, **kwargs):
        if isinstance(input, Tensor):
            dim = args[index - 1] if len(args) >= index else kwargs.get("dim", _UNSET)
            if name == "logsumexp" and dim is _UNSET:
                raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
            # max(x, other_tensor) and min(x, other_tensor) are the elementwise forms
            if dim is not _UNSET and not (name in ("max", "min") and isinstance(dim, Tensor)):
                _checks.dim_argument(name, input, dim, kind, index + 1, none_ok or dim is _UNSET)
        return fn(input, *args, **kwargs)
    checked.__name__, checked.__doc__, checked.__wrapped__ = fn.__name__, fn.__doc__, fn
    return checked


def _tensor_input_checked(fn, name):
    def checked(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {_checks.type_name(input)}")
        return fn(input, *args, **kwargs)
    checked.__name__, checked.__doc__, checked.__wrapped__ = fn.__name__, fn.__doc__, fn
    return checked


#: The public functions ``tinytorch.<name>`` with their argument checks (``registry.FUNCTIONS``
#: keeps the ops themselves, which the REPL's %code reads; ``__wrapped__`` is the op).
CHECKED_FUNCTIONS = {}
for _name, (_kind, _index, _none_ok) in DIM_KINDS.items():
    if _name in registry.FUNCTIONS:
        CHECKED_FUNCTIONS[_name] = _dim_checked(registry.FUNCTIONS[_name], _name, _kind, _index, _none_ok)
for _name in ("square", "logical_not", "bitwise_not"):
    CHECKED_FUNCTIONS[_name] = _tensor_input_checked(registry.FUNCTIONS[_name], _name)


def _flip_checked(fn):
    """``tinytorch.flip(x, dims)``: dims a tuple of ints (the method ``x.flip(0)`` also takes ints)."""
    def flip(input, *dims, **kwargs):
        if len(dims) == 1 and _checks.is_int(dims[0]):
            raise TypeError(f"flip(): argument 'dims' (position 2) must be tuple of ints, not {type(dims[0]).__name__}")
        return fn(input, *dims, **kwargs)
    flip.__doc__, flip.__wrapped__ = fn.__doc__, fn
    return flip


CHECKED_FUNCTIONS["flip"] = _flip_checked(registry.FUNCTIONS["flip"])

#: ``tinytorch.<fn>(tensor, ...)`` arguments that must be ints (index among the positional
#: arguments, name), checked with the message of PyTorch's parser.
INT_ARGUMENTS = {
    "unsqueeze": ((1, "dim"),), "transpose": ((1, "dim0"), (2, "dim1")), "swapaxes": ((1, "axis0"), (2, "axis1")),
    "flatten": ((1, "start_dim"), (2, "end_dim")), "select": ((1, "dim"), (2, "index")),
    "chunk": ((1, "chunks"), (2, "dim")), "diagonal": ((1, "offset"), (2, "dim1"), (3, "dim2")),
}


def _ints_checked(fn, name, arguments):
    def checked(input, *args, **kwargs):
        if isinstance(input, Tensor):
            for index, arg in arguments:
                value = args[index - 1] if len(args) >= index else kwargs.get(arg, 0)
                if not _checks.is_int(value):
                    raise TypeError(f"{name}(): argument '{arg}' (position {index + 1}) must be int, not "
                                    f"{type(value).__name__}")
        return fn(input, *args, **kwargs)
    checked.__name__, checked.__doc__, checked.__wrapped__ = fn.__name__, fn.__doc__, fn
    return checked


for _name, _arguments in INT_ARGUMENTS.items():
    if _name in registry.FUNCTIONS:
        CHECKED_FUNCTIONS[_name] = _ints_checked(registry.FUNCTIONS[_name], _name, _arguments)
for _name, _kind in BINARY_OPERAND_KINDS.items():
    if _name in registry.FUNCTIONS:
        CHECKED_FUNCTIONS[_name] = _operand_checked(registry.FUNCTIONS[_name], _name, _kind)

# out= (ops/out.py): wraps the checked function, so argument errors come before out='s checks
from .out import with_out  # noqa: E402
for _name, _rule in registry.OUT.items():
    CHECKED_FUNCTIONS[_name] = with_out(CHECKED_FUNCTIONS.get(_name, registry.FUNCTIONS[_name]), _name, _rule,
                                        registry.FUNCTIONS[_name])

globals().update(registry.FUNCTIONS)   # tinytorch.ops.mul ... (tinytorch/__init__ exports the same)
globals().update(CHECKED_FUNCTIONS)


def _operator(op, ndarray_ok=True):
    """A Python operator ``x <op> other`` as PyTorch's: an ndarray ``other`` is read as
    ``torch.as_tensor(other)`` (``ones(2) + np.ones(2)`` is a float64 tensor) where PyTorch does
    (``+ - * / // % **``; not for ``< <= > >= & | ^``); another operand that is neither a tensor nor
    a number gives NotImplemented, so Python raises its own TypeError ("unsupported operand
    type(s) for +: 'Tensor' and 'NoneType'")."""
    def method(self, other):
        if isinstance(other, np.ndarray):
            if not ndarray_ok:
                return NotImplemented
            other = _creation.as_tensor(other)
        elif not (isinstance(other, Tensor) or is_scalar(other)):
            return NotImplemented
        return op(self, other)
    method.__name__ = op.__name__
    return method


#: The operators with a one-frame path for the commonest operands (``elementwise.fast_binary``).
FAST_OPERATORS = {"__add__": elementwise.AddBackward0, "__sub__": elementwise.SubBackward0,
                  "__mul__": elementwise.MulBackward0, "__truediv__": elementwise.DivBackward0,
                  "__radd__": elementwise.AddBackward0, "__rmul__": elementwise.MulBackward0}


def _fast(node_cls, general, reflected=False):
    """Operator ``general`` with ``elementwise.fast_binary`` tried first (for a reflected,
    commutative operator only with a Python number on the left: ``2 * x``)."""
    fast = elementwise.fast_binary

    def method(self, other):
        if not reflected or type(other) in (int, float):
            out = fast(node_cls, self, other)
            if out is not None:
                return out
        return general(self, other)
    method.__name__ = getattr(general, "__name__", "method")
    return method


def _reflected(op, ndarray_ok=False):
    """``other <op> x`` for a number ``other`` (an ndarray on the left only for ``/``, as in PyTorch)."""
    def method(self, other):
        if isinstance(other, np.ndarray):
            if not ndarray_ok:
                return NotImplemented
            other = _creation.as_tensor(other)
        elif not (isinstance(other, Tensor) or is_scalar(other)):
            return NotImplemented
        return op(other, self)
    return method


def _in_place_operator(op):
    """``x += other``: an ndarray ``other`` is left to Python's fallback ``x = x + other`` (as in
    PyTorch, where ``x += np.ones(2)`` makes a new, float64 ``x``)."""
    def method(self, other):
        if isinstance(other, np.ndarray):
            return NotImplemented
        return op(self, other)
    method.__name__ = op.__name__
    return method


def _equality(op, unequal):
    """``==`` / ``!=``: an operand that is neither a tensor, a number nor an ndarray (None, a
    string, a list) compares as unequal objects (False / True), as in PyTorch; an ndarray compares
    elementwise, as ``torch.as_tensor`` of it, for ``==`` (PyTorch's ``!=`` falls back to True)."""
    def method(self, other):
        if isinstance(other, np.ndarray) and not unequal:
            return op(self, _creation.as_tensor(other))
        if isinstance(other, Tensor) or is_scalar(other):
            return op(self, other)
        return unequal
    method.__name__ = op.__name__
    return method


def _invert(self):
    if self._data.dtype.kind == "f":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return elementwise.bitwise_not(self)


def to(self, *args, dtype=None, **kwargs):
    """``x.to(dtype)``, ``x.to(other)``, ``x.to("cpu", dtype)``: a converted copy, or x itself."""
    dtype = dtype_of_to_args(args, dtype, kwargs.get("device"))
    if dtype is None:
        return self
    return elementwise.to_dtype(self, _dtype.to_dtype(dtype))


def contiguous(self):
    return self if self._data.flags.c_contiguous else shape.clone(self)


def zero_(self):
    return inplace.fill_(self, 0, zero=True)


def _mT(self):
    if self._data.ndim < 2:
        if self._data.ndim == 0:
            return self
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return shape.transpose(self, -2, -1)


def _where_method(self, condition, other):
    return masked.where(condition, self, other)


def _new(factory):
    """``x.new_zeros(2, 3)`` and friends: ``factory`` with x's dtype unless another is given."""
    def method(self, *args, dtype=None, **kwargs):
        return factory(*args, dtype=dtype or self.dtype, **kwargs)
    method.__name__ = f"new_{factory.__name__}"
    return method


# Tensor-only methods: conversion, layout, the new_* factories, the in-place samplers
for _fn in (to, contiguous, zero_):
    registry.register(_fn, function=False)
registry.register(_where_method, "where", function=False)
for _factory in (_creation.tensor, _creation.full, _creation.zeros, _creation.ones, _creation.empty):
    registry.register(_new(_factory), f"new_{_factory.__name__}", function=False)
registry.register_all(_sampling.METHODS, function=False)

#: Python's operators, by the op they call (``x + y`` is ``add``; ``2 - x`` is ``sub(2, x)``).
OPERATORS = {
    "__add__": "add", "__sub__": "sub", "__mul__": "mul", "__truediv__": "div", "__floordiv__": "floor_divide",
    "__mod__": "remainder", "__pow__": "pow", "__matmul__": "matmul", "__and__": "bitwise_and",
    "__or__": "bitwise_or", "__xor__": "bitwise_xor", "__eq__": "eq", "__ne__": "ne", "__lt__": "lt",
    "__le__": "le", "__gt__": "gt", "__ge__": "ge", "__neg__": "neg", "__abs__": "abs",
    "__getitem__": "getitem", "__setitem__": "setitem",
}
REFLECTED = {"__radd__": "add", "__rsub__": "sub", "__rmul__": "mul", "__rtruediv__": "div",
             "__rfloordiv__": "floor_divide", "__rmod__": "remainder", "__rpow__": "pow", "__rmatmul__": "matmul"}
#: The operators that read an ndarray operand as a tensor (PyTorch's; the others give NotImplemented).
_NDARRAY_OPERATORS = {"__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__", "__pow__"}
IN_PLACE_OPERATORS = {"__iadd__": "add_", "__isub__": "sub_", "__imul__": "mul_", "__itruediv__": "div_",
                      "__ipow__": "pow_", "__iand__": "bitwise_and_", "__ior__": "bitwise_or_",
                      "__ixor__": "bitwise_xor_"}

for _name, _fn in registry.METHODS.items():
    setattr(Tensor, _name, _fn)
for _name, _kind in registry.INPLACE.items():
    _method = registry.METHODS[_name]
    setattr(Tensor, _name + "_", make_inplace(_method) if _kind == "checked" else
            make_inplace_unaliased(_method, internal=_kind == "unaliased"))


def _inplace_function(name):
    """``tinytorch.<name>_(input, ...)``: the in-place method ``input.<name>_(...)`` as a function."""
    method = getattr(Tensor, name + "_")

    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}_(): argument 'input' (position 1) must be Tensor, not {_checks.type_name(input)}")
        return method(input, *args, **kwargs)
    function.__name__ = function.__qualname__ = name + "_"
    function.__doc__ = method.__doc__
    return function


for _name in sorted(registry.INPLACE_FUNCTIONS):
    CHECKED_FUNCTIONS[_name + "_"] = globals()[_name + "_"] = _inplace_function(_name)
_INDEXING = {"getitem": index.getitem, "setitem": index.setitem}
for _op, _name in OPERATORS.items():
    if _name in _INDEXING:
        setattr(Tensor, _op, _INDEXING[_name])
    elif _op in ("__eq__", "__ne__"):
        setattr(Tensor, _op, _equality(registry.METHODS[_name], unequal=_op == "__ne__"))
    elif _op in ("__neg__", "__abs__", "__matmul__"):
        setattr(Tensor, _op, registry.METHODS[_name])
    else:
        setattr(Tensor, _op, _operator(registry.METHODS[_name], ndarray_ok=_op in _NDARRAY_OPERATORS))
for _op, _name in REFLECTED.items():
    setattr(Tensor, _op, _reflected(registry.METHODS[_name], ndarray_ok=_op == "__rtruediv__"))
for _op, _node in FAST_OPERATORS.items():
    setattr(Tensor, _op, _fast(_node, getattr(Tensor, _op), reflected=_op.startswith("__r")))
for _op, _name in IN_PLACE_OPERATORS.items():
    setattr(Tensor, _op, _in_place_operator(getattr(Tensor, _name)))
Tensor.__invert__ = _invert
for _op, _name in (("__rand__", "bitwise_and"), ("__ror__", "bitwise_or"), ("__rxor__", "bitwise_xor")):
    setattr(Tensor, _op, _reflected(lambda other, self, _f=elementwise.reflected_bitwise(_name): _f(self, other)))
Tensor.T = property(lambda self: shape.permute(self, tuple(range(self._data.ndim - 1, -1, -1))))
Tensor.mT = property(_mT)
