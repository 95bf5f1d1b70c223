"""Data types and PyTorch's type-promotion rules.

A ``dtype`` pairs a NumPy type (the storage) with PyTorch's name for it.  Promotion
follows PyTorch: categories bool < integer < floating; within a category the wider
type wins; a Python scalar or a 0-d tensor only changes the result's category, never
its width inside a category (``int32_tensor + 5`` stays int32, ``int64_tensor * 2.5``
becomes the default float dtype, float32).
"""
import builtins

import numpy as np

from . import _printing

_BOOL, _INT, _FLOAT = 0, 1, 2


class dtype:
    """A tensor element type: ``tinytorch.float32`` etc."""

    __slots__ = ("name", "np", "category", "itemsize", "is_floating_point", "is_signed")

    def __init__(self, name, np_type, category):
        self.name = name
        self.np = np.dtype(np_type)
        self.category = category
        self.itemsize = self.np.itemsize
        self.is_floating_point = category == _FLOAT
        self.is_signed = name not in ("uint8", "bool")

    def __repr__(self):
        return _printing.MODULE_NAME + "." + self.name

    def __reduce__(self):
        return self.name


float32 = dtype("float32", np.float32, _FLOAT)
float64 = dtype("float64", np.float64, _FLOAT)
int64 = dtype("int64", np.int64, _INT)
int32 = dtype("int32", np.int32, _INT)
int16 = dtype("int16", np.int16, _INT)
uint8 = dtype("uint8", np.uint8, _INT)
bool_ = dtype("bool", np.bool_, _BOOL)

float = float32  # noqa: A001  (PyTorch's aliases)
double = float64
long = int64
int = int32  # noqa: A001
short = int16

#: PyTorch's scalar-type names, as its error messages print them ("expected scalar type Long").
SCALAR_NAMES = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "int16": "Short", "uint8": "Byte",
                "bool": "Bool"}
_ALL = (float32, float64, int64, int32, int16, uint8, bool_)
_FROM_NP = {d.np: d for d in _ALL}
_RANK = {bool_: 0, uint8: 1, int16: 2, int32: 3, int64: 4, float32: 5, float64: 6}
_DEFAULT_OF_CATEGORY = {_BOOL: bool_, _INT: int64, _FLOAT: float32}


def from_numpy_dtype(np_dtype):
    """The tinytorch dtype stored as ``np_dtype``; TypeError for unsupported ones."""
    found = _FROM_NP.get(np_dtype)
    if found is not None:
        return found
    try:
        return _FROM_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only supported types are: "
            "float64, float32, int64, int32, int16, uint8, and bool."
        ) from None


def to_dtype(d):
    """Accept a tinytorch dtype, a NumPy dtype, or a Python type (float, int, bool)."""
    if isinstance(d, dtype):
        return d
    if d is builtins.float:
        return float32
    if d is builtins.int:
        return int64
    if d is builtins.bool:
        return bool_
    return from_numpy_dtype(d)


def scalar_category(value):
    """Category of a Python scalar (bool, int or float)."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return _BOOL
    if isinstance(value, (builtins.int, np.integer)):
        return _INT
    return _FLOAT


def _wider(a, b):
    return a if _RANK[a] >= _RANK[b] else b


def promote_types(a, b):
    """``torch.promote_types``: the smallest dtype both ``a`` and ``b`` convert to."""
    if a is b:
        return a
    if a.category != b.category:
        return a if a.category > b.category else b
    return _wider(a, b)


def result_type(dim_dtypes, zero_dim_dtypes, scalar_categories):
    """PyTorch's promotion over three priority levels of operands.

    dim_dtypes: dtypes of tensors with at least one dimension; zero_dim_dtypes: of 0-d
    tensors; scalar_categories: categories of Python scalars.  A lower level matters only
    when its category is higher than everything above it.
    """
    result = None
    for d in dim_dtypes:
        result = d if result is None else promote_types(result, d)
    zero = None
    for d in zero_dim_dtypes:
        zero = d if zero is None else promote_types(zero, d)
    if zero is not None:
        if result is None:
            result = zero
        elif zero.category > result.category:
            result = zero
    for c in scalar_categories:
        if result is None:
            result = _DEFAULT_OF_CATEGORY[c]
        elif c > result.category:
            result = _DEFAULT_OF_CATEGORY[c]
    return result
