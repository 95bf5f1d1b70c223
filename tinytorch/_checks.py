"""Argument checking for public entry points, with PyTorch 2.13's exception types and messages.

One mechanism instead of hand-written checks per function: an argument is declared by what it
must be (an int, a tuple of n ints, a number that fits a dtype) and ``fn``/``name``/``position``
name it in the message.  Every integer is limited to int64 (C ``long long``), as PyTorch's
argument parser does, so a value no kernel can hold never reaches one.

- a value of the wrong type (``1.5``, ``'1'``) -> TypeError, e.g.
  ``max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not float``;
- an integer outside int64 -> ValueError ``Overflow when unpacking long long``;
- ``int32=True`` (arguments PyTorch stores as C ``int``, e.g. pooling sizes) -> RuntimeError
  ``value cannot be converted to type int without overflow`` outside int32.
"""
import numbers

import numpy as np

from . import _dtype

INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1
INT32_MIN, INT32_MAX = -2 ** 31, 2 ** 31 - 1

#: PyTorch's C type names in "value cannot be converted to type ... without overflow".
C_TYPES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t",
           "float32": "float", "float64": "double"}

#: The C++ type names PyTorch prints in some messages ("a gradient with dtype 'double'").
CXX_TYPE_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "int16": "short",
                  "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _where(fn, name, position):
    return f"{fn}(): argument '{name}'" + (f" (position {position})" if position else "")


def is_int(value):
    """True for Python and NumPy integers (bool included, as PyTorch's parser takes it), not for tensors."""
    return isinstance(value, (int, np.integer))


def int64(value):
    """``value`` as a Python int, or ValueError when it does not fit in int64."""
    value = int(value)
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("Overflow when unpacking long long")
    return value


def _c_int(value, int32):
    value = int64(value)
    if int32 and not INT32_MIN <= value <= INT32_MAX:
        raise RuntimeError("value cannot be converted to type int without overflow")
    return value


def int_arg(value, fn, name, position=None, int32=False):
    """An integer argument: TypeError for anything else, int64 (or int32) range enforced."""
    if not is_int(value):
        raise TypeError(f"{_where(fn, name, position)} must be int, not {type(value).__name__}")
    return _c_int(value, int32)


def int_tuple(value, n, fn, name, position=None, int32=False):
    """An int or a list/tuple of ints (``tuple of ints`` in PyTorch's signatures).

    Returns a tuple: ``n`` copies of a single int, or the given ints (any length: the caller
    checks the length with its own message).  ``n=None`` takes the sequence form only.
    """
    if is_int(value) and n is not None:
        return (_c_int(value, int32),) * n
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{_where(fn, name, position)} must be tuple of ints, not {type(value).__name__}")
    for i, v in enumerate(value):
        if not is_int(v):
            raise TypeError(f"{_where(fn, name, position)} must be tuple of ints, but found element of type "
                            f"{type(v).__name__} at pos {i}")
    out = []
    for i, v in enumerate(value):
        try:
            out.append(_c_int(v, int32))
        except ValueError:
            raise TypeError(f"{_where(fn, name, None)} failed to unpack the object at pos {i + 1} with error "
                            f"\"Overflow when unpacking long long\"") from None
    return tuple(out)


def number_arg(value, fn, name, position=None, kind="Number"):
    """A Python or NumPy number (bool included); TypeError naming ``kind`` for anything else."""
    if not isinstance(value, (numbers.Number, np.number, np.bool_)):
        raise TypeError(f"{_where(fn, name, position)} must be {kind}, not {type(value).__name__}")
    return value


def scalar_fits(value, dt):
    """PyTorch's checked conversion of a Python number written into a tensor of NumPy dtype ``dt``:
    an integer dtype takes values in its range (unsigned: down to minus its maximum, which wraps),
    and nor nan nor infinity; otherwise RuntimeError."""
    if dt.kind not in "iu" or isinstance(value, (bool, np.bool_)):
        return
    info = np.iinfo(dt)
    if is_int(value):
        bad = value > info.max or (value < -info.max if dt.kind == "u" else value < info.min)
    else:
        bad = not (info.min <= value <= info.max)
    if bad:
        raise RuntimeError(f"value cannot be converted to type {C_TYPES[dt.name]} without overflow")


_PYTHON_TYPES = {float: _dtype.float64, int: _dtype.int64, bool: _dtype.bool_}


def dtype_arg(value, fn):
    """A ``dtype=`` argument of a public function: a tinytorch dtype, or Python's ``float``,
    ``int``, ``bool`` (float64, int64, bool, as in PyTorch); None stays None.  Strings and NumPy
    types are refused with PyTorch's TypeError (``dtype='float32'`` must not pass silently)."""
    if value is None or isinstance(value, _dtype.dtype):
        return value
    if isinstance(value, type) and value in _PYTHON_TYPES:
        return _PYTHON_TYPES[value]
    raise TypeError(f"{fn}(): argument 'dtype' must be torch.dtype, not {type(value).__name__}")


def allocate(make, shape, dt):
    """``make(shape, dt)`` (np.empty, np.zeros...), with PyTorch's RuntimeError when the size
    overflows or the memory is not there (NumPy raises ValueError or MemoryError)."""
    try:
        return make(shape, dt)
    except (MemoryError, ValueError) as e:
        count = 1
        for n in shape:
            count *= n
        nbytes = count * np.dtype(dt).itemsize
        if nbytes > INT64_MAX:
            raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}") from None
        if isinstance(e, MemoryError) or "too big" in str(e):
            raise RuntimeError(f"DefaultCPUAllocator: can't allocate memory: you tried to allocate {nbytes} bytes. "
                               "Error code 12 (Cannot allocate memory)") from None
        raise


def wrap_dim(dim, ndim):
    """A possibly negative ``dim`` as an index in [0, ndim); IndexError like PyTorch's."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"dim must be an int, got {type(dim).__name__}")
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def type_name(value):
    """A value's type as PyTorch's argument parser names it (``numpy.ndarray``, ``NoneType``, ``Tensor``)."""
    t = type(value)
    if t.__module__ == "numpy":
        return f"numpy.{t.__name__}"
    return "Tensor" if t.__name__ in ("Tensor", "Parameter") else t.__name__


def binary_operand(fn, input, other, kind):
    """The second operand of a binary function ``fn(input, other)`` (``input`` a tensor), checked as
    PyTorch's parser does.  ``kind``: ``"tensor"`` (only a tensor: ``maximum``, ``atan2``),
    ``"number"`` (a tensor or a number: ``add``, ``mul``), ``"overloaded"`` (the same, with
    PyTorch's "invalid combination" message: ``eq``, ``pow``, ``remainder``).  An integer outside
    int64 gives OverflowError "int too big to convert"."""
    import numbers as _numbers
    from ._tensor import Tensor
    if isinstance(other, Tensor):
        return
    number = isinstance(other, (_numbers.Number, np.number, np.bool_)) and kind != "tensor"
    if not number:
        if kind == "overloaded":
            raise TypeError(f"{fn}() received an invalid combination of arguments - got ({type_name(input)}, "
                            f"{type_name(other)}), but expected one of:\n * (Tensor input, Tensor other)\n"
                            " * (Tensor input, Number other)\n")
        raise TypeError(f"{fn}(): argument 'other' (position 2) must be Tensor, not {type_name(other)}")
    if is_int(other) and not isinstance(other, (bool, np.bool_)) and not INT64_MIN <= int(other) <= INT64_MAX:
        raise OverflowError("int too big to convert")


def dim_argument(fn, input, dim, kind, position=2, none_ok=True):
    """The ``dim`` of a reduction ``fn(input, dim, ...)`` checked as PyTorch's parser does:
    ``"int"`` (an int: ``argmax``, ``cumsum``), ``"ints"`` (an int or a tuple/list of ints:
    ``amax``, ``logsumexp``), ``"overloaded_int"`` / ``"overloaded_ints"`` (the same, with the
    "invalid combination" message of functions with several signatures: ``sum``, ``max``)."""
    if dim is None and none_ok:
        return
    ints = kind.endswith("ints")
    if is_int(dim) or (ints and isinstance(dim, (tuple, list)) and all(is_int(d) for d in dim)):
        return
    if kind.startswith("overloaded"):
        raise TypeError(f"{fn}() received an invalid combination of arguments - got ({type_name(input)}, "
                        f"{type_name(dim)}), but expected one of:\n")
    raise TypeError(f"{fn}(): argument 'dim' (position {position}) must be {'tuple of ints' if ints else 'int'}, "
                    f"not {type_name(dim)}")


def factory_size(fn, size):
    """A factory's ``*size`` (``zeros(2, 3)``, ``zeros((2, 3))``) checked as PyTorch's parser does,
    before the shape is read: a single non-integer (``2.5``, ``None``, ``True``) is not a tuple of
    ints; an element that is not an int (or does not fit in int64) is named by its position."""
    from ._tensor import Tensor
    if len(size) == 1 and not isinstance(size[0], (tuple, list)):
        (v,) = size
        if isinstance(v, Tensor) or (is_int(v) and not isinstance(v, (bool, np.bool_))):
            if is_int(v) and not INT64_MIN <= int(v) <= INT64_MAX:
                raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos 1 with error "
                                "\"Overflow when unpacking long long")
            return
        raise TypeError(f"{fn}(): argument 'size' (position 1) must be tuple of ints, not {type_name(v)}")
    seq = size[0] if len(size) == 1 else size
    for i, v in enumerate(seq):
        if isinstance(v, (tuple, list)):
            raise TypeError(f"{fn}(): argument 'size' (position 1) must be tuple of ints, but found element of "
                            f"type {type_name(v)} at pos {i}")
        if not is_int(v) and not isinstance(v, Tensor):
            raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {type_name(v)}\"")
        if is_int(v) and not INT64_MIN <= int(v) <= INT64_MAX:
            raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            "\"Overflow when unpacking long long")


_PACKAGE_DIR = __file__.rsplit("/", 1)[0] + "/"


def warn_at_caller(message, category=UserWarning):
    """``warnings.warn`` attributed to the first frame outside tinytorch (the user's line, as
    PyTorch's C++ warnings are), however many tinytorch wrappers (argument checks, out=) lie
    between."""
    import sys
    import warnings
    frame, level = sys._getframe(1), 2   # (stacklevel 1 would be this function)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
