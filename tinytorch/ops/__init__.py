"""The differentiable ops, grouped like the kernels, and their Tensor methods.

Each op is a function here (``tinytorch.mul``) and, where PyTorch has one, a Tensor method
(``x.mul``) and an operator (``x * y``).  The method table at the bottom is the one place
where they are attached to ``Tensor`` (whose own module imports no op: no import loop).
"""
from .. import _creation, _dtype, _sampling
from .._tensor import Tensor, dtype_of_to_args
from . import elementwise, index, inplace, linalg, reduce, shape, split, util  # noqa: F401
from .elementwise import (add, bitwise_and, bitwise_not, bitwise_or, bitwise_xor, clamp, div, eq,  # noqa: F401
                          equal, floor_divide, ge, gt, le, masked_fill, logical_and, logical_not, logical_or,
                          logical_xor, lt, mul, ne, pow, remainder, square, sub)
from . import special, table
from .table import maximum, minimum  # noqa: F401
from .linalg import bmm, dot, matmul, mm, mv  # noqa: F401
from .reduce import (all, any, amax, amin, argmax, argmin, log_softmax, logsumexp, max, mean, min, norm, prod,  # noqa: F401
                     softmax, std, sum, var)
from .shape import (cat, clone, expand, expand_as, flatten, permute, reshape, reshape_as, squeeze,  # noqa: F401
                    stack, t, transpose, unflatten, unsqueeze, view, view_as)
from .split import chunk, split, split_method, split_with_sizes, unbind  # noqa: F401
from .triangular import tril, triu  # noqa: F401
from .compare import allclose, isclose, isfinite, isinf, isnan, isneginf, isposinf, nan_to_num  # noqa: F401
from . import index_assign, index_dim, masked, scatter_gather
from .masked import where  # noqa: F401  (also the one-argument form)

#: gather scatter scatter_add scatter_reduce take put take_along_dim index_select index_add index_copy
#: index_fill index_put index_reduce masked_select masked_scatter nonzero argwhere (argument types checked as PyTorch's parser does)
INDEX_FUNCTIONS = {**scatter_gather.FUNCTIONS, **index_dim.FUNCTIONS, **masked.FUNCTIONS, **index_assign.FUNCTIONS}
globals().update(INDEX_FUNCTIONS)


#: The table's functions (unary and binary rows) and those with extra arguments (``round(decimals=)``...).
TABLE_FUNCTIONS = {**table.FUNCTIONS, **special.FUNCTIONS}

def _reflected(op):
    def method(self, other):
        return op(other, self)
    return method


def _invert(self):
    if self._data.dtype.kind == "f":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return bitwise_not(self)


def _to(self, *args, dtype=None, **kwargs):
    """``x.to(dtype)``, ``x.to(other)``, ``x.to("cpu", dtype)``: a converted copy, or x itself."""
    dtype = dtype_of_to_args(args, dtype, kwargs.get("device"))
    if dtype is None:
        return self
    return elementwise.to_dtype(self, _dtype.to_dtype(dtype))


def _contiguous(self):
    return self if self._data.flags.c_contiguous else clone(self)


def _T(self):
    return permute(self, tuple(range(self._data.ndim - 1, -1, -1)))


def _mT(self):
    if self._data.ndim < 2:
        if self._data.ndim == 0:
            return self
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return transpose(self, -2, -1)


def _new(factory):
    """``x.new_zeros(2, 3)`` and friends: ``factory`` with x's dtype unless another is given."""
    def method(self, *args, dtype=None, **kwargs):
        return factory(*args, dtype=dtype or self.dtype, **kwargs)
    method.__name__ = f"new_{factory.__name__}"
    return method


_METHODS = {
    # conversion and layout
    "to": _to, "contiguous": _contiguous, "clone": clone,
    "zero_": lambda self: inplace.fill_(self, 0, zero=True), "fill_": inplace.fill_,
    "new_tensor": _new(_creation.tensor), "new_full": _new(_creation.full),
    "new_zeros": _new(_creation.zeros), "new_ones": _new(_creation.ones), "new_empty": _new(_creation.empty),
    **_sampling.METHODS,
    # arithmetic and operators
    **TABLE_FUNCTIONS,
    "add": add, "sub": sub, "mul": mul, "div": div, "pow": pow,
    "true_divide": div, "divide": div, "multiply": mul, "subtract": sub, "floor_divide": floor_divide,
    "remainder": remainder, "clamp": clamp, "clip": clamp,
    "square": square,
    "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge, "equal": equal,
    "isclose": isclose, "allclose": allclose, "isnan": isnan, "isinf": isinf, "isposinf": isposinf,
    "isneginf": isneginf, "isfinite": isfinite, "nan_to_num": nan_to_num,
    "clamp_min": elementwise.clamp_min, "clamp_max": elementwise.clamp_max,
    "logical_not": logical_not, "logical_and": logical_and, "logical_or": logical_or,
    "logical_xor": logical_xor,
    "__add__": add, "__radd__": _reflected(add), "__sub__": sub, "__rsub__": _reflected(sub),
    "__mul__": mul, "__rmul__": _reflected(mul), "__truediv__": div, "__rtruediv__": _reflected(div),
    "__floordiv__": floor_divide, "__rfloordiv__": _reflected(floor_divide),
    "__mod__": remainder, "__rmod__": _reflected(remainder),
    "__pow__": pow, "__rpow__": _reflected(pow), "__neg__": table.neg, "__abs__": table.abs,
    "__matmul__": matmul, "__rmatmul__": _reflected(matmul),
    "__eq__": eq, "__ne__": ne, "__lt__": lt, "__le__": le, "__gt__": gt, "__ge__": ge,
    "bitwise_and": bitwise_and, "bitwise_or": bitwise_or, "bitwise_xor": bitwise_xor, "bitwise_not": bitwise_not,
    "__invert__": _invert, "__and__": bitwise_and, "__or__": bitwise_or, "__xor__": bitwise_xor,
    "__rand__": elementwise.reflected_bitwise("bitwise_and"), "__ror__": elementwise.reflected_bitwise("bitwise_or"),
    "__rxor__": elementwise.reflected_bitwise("bitwise_xor"),
    "where": lambda self, condition, other: where(condition, self, other), "masked_fill": masked_fill,
    # reductions
    "all": all, "any": any, "sum": sum, "mean": mean, "prod": prod, "max": max, "min": min, "amax": amax, "amin": amin,
    "argmax": argmax, "argmin": argmin, "var": var, "std": std, "norm": norm, "logsumexp": logsumexp,
    "softmax": softmax, "log_softmax": log_softmax,
    # linear algebra
    "matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot,
    # shape
    "view": view, "view_as": view_as, "reshape": reshape, "reshape_as": reshape_as, "flatten": flatten,
    "unflatten": unflatten, "permute": permute, "transpose": transpose, "t": t, "squeeze": squeeze,
    "unsqueeze": unsqueeze, "expand": expand, "expand_as": expand_as, "tril": tril, "triu": triu,
    "split": split_method, "split_with_sizes": split_with_sizes, "chunk": chunk, "unbind": unbind,
    # indexing
    "__getitem__": index.getitem, "__setitem__": index.setitem,
    **scatter_gather.METHODS, **index_dim.METHODS, **masked.METHODS, **index_assign.METHODS,
}

_INPLACE = list(table.INPLACE) + list(special.INPLACE) + ["add", "sub", "mul", "div", "pow", "clamp", "clip",
                                  "floor_divide", "remainder", "square", "bitwise_and", "bitwise_or", "bitwise_xor",
                                  "bitwise_not", "masked_fill", "tril", "triu", "nan_to_num",
                                  "clamp_min", "clamp_max"]
#: In-place index ops with PyTorch's aliasing checks (index_fill_ allows an expanded self, with a warning).
_INPLACE_UNALIASED = ["scatter", "scatter_add", "scatter_reduce", "index_add", "index_copy", "index_fill", "put",
                      "index_put", "index_reduce"]

from .activations import METHODS as _ACTIVATION_METHODS  # noqa: E402
from .reduce_surface import METHODS as _REDUCE_SURFACE_METHODS, INPLACE as _REDUCE_SURFACE_INPLACE  # noqa: E402
_METHODS.update(_REDUCE_SURFACE_METHODS)   # cumsum sort topk median unique ... (issue 13)
_INPLACE += _REDUCE_SURFACE_INPLACE
_METHODS.update(_ACTIVATION_METHODS)   # prelu, hardshrink
from . import diagonal as _diagonal, inplace_views as _inplace_views, movement as _movement  # noqa: E402
from . import products as _products  # noqa: E402
#: Shape and product ops of issue 13 (ops/movement.py, diagonal.py, products.py, inplace_views.py).
SHAPE_SURFACE_FUNCTIONS = {
    **{n: getattr(_movement, n) for n in (
        "narrow", "roll", "flip", "fliplr", "flipud", "rot90", "tile", "repeat_interleave", "movedim", "swapaxes",
        "broadcast_to", "broadcast_tensors", "tensor_split", "hsplit", "vsplit", "dsplit", "hstack", "vstack",
        "row_stack", "dstack", "column_stack", "meshgrid", "cartesian_prod", "block_diag", "tril_indices",
        "triu_indices", "atleast_1d", "atleast_2d", "atleast_3d")},
    "moveaxis": _movement.movedim, "swapdims": _movement.swapaxes,
    **{n: getattr(_diagonal, n) for n in ("diagonal", "diag_embed", "diag", "diagflat", "trace")},
    **{n: getattr(_products, n) for n in (
        "addmm", "addmv", "addbmm", "baddbmm", "addr", "addcmul", "addcdiv", "outer", "ger", "kron", "cross",
        "cdist", "tensordot", "einsum")},
}
_METHODS.update({n: SHAPE_SURFACE_FUNCTIONS[n] for n in (
    "narrow", "roll", "flip", "fliplr", "flipud", "rot90", "tile", "repeat_interleave", "movedim", "moveaxis",
    "swapaxes", "swapdims", "broadcast_to", "tensor_split", "hsplit", "vsplit", "dsplit", "diagonal", "diag_embed",
    "diag", "diagflat", "trace", "addmm", "addmv", "addbmm", "baddbmm", "addr", "addcmul", "addcdiv", "outer",
    "ger", "kron", "cross")})
_METHODS.update({"repeat": _movement.repeat, "type_as": _movement.type_as, "tile": _movement.tile_method, "t_": _inplace_views.t_,
                 "transpose_": _inplace_views.transpose_, "unsqueeze_": _inplace_views.unsqueeze_,
                 "squeeze_": _inplace_views.squeeze_, "copy_": _inplace_views.copy_,
                 "swapaxes_": _inplace_views.transpose_, "swapdims_": _inplace_views.transpose_})
_INPLACE += ["addmm", "addmv", "addbmm", "baddbmm", "addr", "addcmul", "addcdiv"]
from .linalg_surface import METHODS as _LINALG_METHODS  # noqa: E402
_METHODS.update(_LINALG_METHODS)   # det inverse slogdet svd qr cholesky ... (issue 13)
for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
Tensor.T, Tensor.mT = property(_T), property(_mT)
for _name in _INPLACE:
    setattr(Tensor, _name + "_", inplace.make_inplace(_METHODS[_name]))
for _name in _INPLACE_UNALIASED:
    setattr(Tensor, _name + "_", inplace.make_inplace_unaliased(_METHODS[_name], internal=_name != "index_fill"))
for _op, _name in (("__iadd__", "add_"), ("__isub__", "sub_"), ("__imul__", "mul_"), ("__itruediv__", "div_"),
                   ("__ipow__", "pow_"), ("__iand__", "bitwise_and_"), ("__ior__", "bitwise_or_"),
                   ("__ixor__", "bitwise_xor_")):
    setattr(Tensor, _op, getattr(Tensor, _name))

globals().update(TABLE_FUNCTIONS)   # tinytorch.ops.exp ... (the table's functions and aliases)
