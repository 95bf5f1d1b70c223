"""Argument checking and the small helpers every op family shares.

Everything here runs before a kernel: dimension wrapping, broadcasting checks with
PyTorch's error messages, type promotion of operands, and ``sum_to`` — the reduction of
a broadcast gradient back to an input's shape.
"""
import numbers

import numpy as np

from .. import _dtype
from .._checks import wrap_dim  # noqa: F401  (ops import it from here)
from .._tensor import Tensor, size_args  # noqa: F401  (ops import it from here)
from ..kernels import elementwise as ew
from ..kernels import reduce as kr


def wrap_dims(dims, ndim):
    """None or an empty sequence -> all dims (PyTorch's convention); an int or a sequence ->
    the sorted tuple of wrapped dims (no repeats)."""
    if dims is None or (isinstance(dims, (tuple, list)) and len(dims) == 0):
        return tuple(range(ndim))
    if isinstance(dims, (int, np.integer)):
        dims = (dims,)
    out = []
    for d in dims:
        w = wrap_dim(d, ndim) if ndim > 0 else _zero_dim(d)
        if w in out:
            raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
        out.append(w)
    return tuple(sorted(out)) if ndim > 0 else ()


def _zero_dim(d):
    if d not in (0, -1):
        raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got {d})")
    return 0


def broadcast_shapes(*shapes):
    """The broadcast shape, or PyTorch's RuntimeError naming both sizes and the dimension."""
    if len(shapes) == 2:
        a, b = shapes
        if a == b or not b:
            return a
        if not a:
            return b
    result = shapes[0]
    for s in shapes[1:]:   # pairwise, as PyTorch folds them, each pair checked from the right
        ndim = max(len(result), len(s))
        a = (1,) * (ndim - len(result)) + tuple(result)
        b = (1,) * (ndim - len(s)) + tuple(s)
        for j in range(ndim - 1, -1, -1):
            if a[j] != b[j] and a[j] != 1 and b[j] != 1:
                raise RuntimeError(
                    f"The size of tensor a ({a[j]}) must match the size of tensor b ({b[j]}) "
                    f"at non-singleton dimension {j}")
        result = tuple(y if x == 1 else x for x, y in zip(a, b))
    return tuple(result)


_PYTHON_SCALARS = {float: _dtype._FLOAT, int: _dtype._INT, bool: _dtype._BOOL}


def is_scalar(x):
    """True for a Python or NumPy number (an operand that is not a tensor)."""
    if type(x) in _PYTHON_SCALARS:
        return True
    if isinstance(x, Tensor):  # before the slower abstract-class check below
        return False
    return isinstance(x, (numbers.Number, np.bool_, np.number))


def check_operand(x, name="other"):
    if isinstance(x, Tensor) or is_scalar(x):
        return
    raise TypeError(f"unsupported operand type: expected a Tensor or a number as {name}, "
                    f"got {type(x).__name__}")


def result_dtype(*operands):
    """PyTorch's promotion over tensors (with or without dims) and Python scalars."""
    if len(operands) == 2:  # the common cases, without building the three priority lists
        a, b = operands
        if isinstance(a, Tensor):
            da = _dtype._FROM_NP.get(a._data.dtype) or _dtype.from_numpy_dtype(a._data.dtype)
            if isinstance(b, Tensor):
                if a._data.dtype == b._data.dtype:
                    return da
            elif type(b) in _PYTHON_SCALARS:
                category = _PYTHON_SCALARS[type(b)]
                return da if category <= da.category else _dtype._DEFAULT_OF_CATEGORY[category]
    dims, zero, scalars = [], [], []
    for x in operands:
        if isinstance(x, Tensor):
            (dims if x._data.ndim else zero).append(_dtype.from_numpy_dtype(x._data.dtype))
        else:
            scalars.append(_dtype.scalar_category(x))
    return _dtype.result_type(dims, zero, scalars)


def as_tensor(x, dt):
    """A Tensor operand: ``x`` itself, or a Python scalar as a 0-d constant of dtype ``dt``."""
    if isinstance(x, Tensor):
        return x
    if dt.is_floating_point:
        return Tensor._make(np.array(x, dt.np))
    # astype wraps like PyTorch's cast (uint8 tensor + 300 adds 44)
    return Tensor._make(np.array(x).astype(dt.np))


def any_where(op, x, value=0):
    """True if some element of array ``x`` satisfies ``x <op> value`` (an elementwise kernel
    comparison then a kernel reduction; for argument checks such as "no zero divisor")."""
    if x.size == 0:
        return False
    mask = ew.binary(op, x, np.array(value, x.dtype), x.dtype, np.bool_)
    return kr.reduce(kr.MAX, mask, tuple(range(mask.ndim)), np.int64).item() > 0


def sum_to(g, shape, dt=None):
    """Sum the broadcast gradient ``g`` down to ``shape`` (and cast to NumPy dtype ``dt``).

    The reduction of the chain rule for broadcasting: every input element was used by all
    output elements along the broadcast dimensions, so its gradient is their sum.
    """
    if g.shape != shape:
        lead = g.ndim - len(shape)
        dims = tuple(range(lead)) + tuple(
            i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
        g = kr.reduce(kr.SUM, g, dims, g.dtype).reshape(shape) if dims else g.reshape(shape)
    if dt is not None and g.dtype != dt:
        g = g.astype(dt)
    return g
