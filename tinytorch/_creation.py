"""Making tensors: ``tensor``, factories (``zeros``, ``randn``...), ``*_like``, ``from_numpy``.

Allocation is NumPy's job.  The random factories (``rand``, ``randn``, ``randint``,
``randperm``) draw from a ``tinytorch.Generator`` (``_generator.py``), PyTorch's Mersenne
Twister, through the samplers of ``_sampling.py``: the same numbers as PyTorch for the same seed.
"""
import math
import numbers

import numpy as np

from . import _checks, _dtype, _sampling
from ._generator import (Generator, default_generator, get_rng_state, initial_seed, manual_seed,  # noqa: F401
                         resolve, seed, set_rng_state)
from ._tensor import Tensor, size_args
from .kernels import elementwise as ew


def _finish(data, requires_grad):
    t = Tensor._make(data)
    if requires_grad:
        if data.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def _infer_dtype(data):
    """PyTorch's inference for nested Python data: the promotion of every element's dtype,
    where a Python float counts as float32, an int as int64, a bool as bool, and a NumPy
    scalar, array or a Tensor as its own dtype (``[1, np.float64(2)]`` -> float64)."""
    result = None
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
            continue
        if isinstance(x, Tensor):
            dt = x.dtype
        elif isinstance(x, (np.ndarray, np.generic)):
            dt = _dtype.from_numpy_dtype(x.dtype)
        elif isinstance(x, bool):
            dt = _dtype.bool_
        elif isinstance(x, numbers.Integral):
            dt = _dtype.int64
        elif isinstance(x, numbers.Real):
            dt = _dtype.float32
        else:
            if x is None:   # PyTorch's RuntimeError (a string or an object is a TypeError there too)
                raise RuntimeError("Could not infer dtype of NoneType")
            raise TypeError(f"Could not infer dtype of {type(x).__name__}")
        result = dt if result is None else _dtype.promote_types(result, dt)
    return _dtype.float32 if result is None else result


def _to_nested(x):
    """Nested lists of numbers; a tensor inside a sequence must hold one element (its value)."""
    if isinstance(x, (list, tuple)):
        return [_element(v) for v in x]
    return x._data.tolist() if isinstance(x, Tensor) else x


def _element(x):
    if isinstance(x, Tensor):
        if x._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return x._data.reshape(()).item()
    return _to_nested(x) if isinstance(x, (list, tuple)) else x


def _python_ints(x):
    if isinstance(x, list):
        for v in x:
            yield from _python_ints(v)
    elif isinstance(x, int) and not isinstance(x, bool):
        yield x


def _checked_int_array(nested, dt):
    """np.array of ``nested`` Python ints as integer dtype ``dt`` with PyTorch's checked conversion:
    ValueError outside int64, RuntimeError outside ``dt`` (an unsigned type takes negative values
    down to minus its maximum, which wrap: ``tensor(-1, dtype=uint8)`` is 255)."""
    ints = list(_python_ints(nested))
    if any(not _checks.INT64_MIN <= v <= _checks.INT64_MAX for v in ints):
        raise ValueError("Overflow when unpacking long long")
    if dt.np.kind in "iu":
        info = np.iinfo(dt.np)
        low = -int(info.max) if dt.np.kind == "u" else int(info.min)
        if any(not low <= v <= info.max for v in ints):
            raise RuntimeError(f"value cannot be converted to type {dt.np.name} without overflow")
    return np.array(nested, dtype=np.int64).astype(dt.np)


def _check_ragged(data, dt):
    """PyTorch's error for nested lists of unequal lengths: the shape is read from the first
    element at each level, then every sequence must have that level's length."""
    shape, x = [], data
    while isinstance(x, (list, tuple)):
        shape.append(len(x))
        if not x:
            break
        x = x[0]

    def check(x, dim):
        if dim == len(shape):
            if isinstance(x, (list, tuple)):   # a sequence where the first element had a number
                raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer"
                                if not dt.is_floating_point else f"must be real number, not {type(x).__name__}")
            return
        if not isinstance(x, (list, tuple)):
            raise TypeError("not a sequence")
        if len(x) != shape[dim]:
            raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {len(x)})")
        for item in x:
            check(item, dim + 1)
    check(data, 0)


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (nested lists, scalars, arrays, tensors)."""
    _checks.dtype_arg(dtype, "tensor")
    if isinstance(data, Tensor):
        arr = data._data
        dt = _dtype.to_dtype(dtype) if dtype is not None else data.dtype
        return _finish(np.array(arr, dtype=dt.np, copy=True), requires_grad)
    if isinstance(data, np.ndarray):
        dt = _dtype.to_dtype(dtype) if dtype is not None else _dtype.from_numpy_dtype(data.dtype)
        return _finish(np.array(data, dtype=dt.np, copy=True), requires_grad)
    if isinstance(data, (str, bytes, dict, set)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    dtype = _checks.dtype_arg(dtype, "tensor")
    dt = dtype if dtype is not None else _infer_dtype(data)
    nested = _to_nested(data)
    try:
        arr = np.array(nested, dtype=dt.np)
    except OverflowError:
        arr = _checked_int_array(nested, dt)
    except ValueError as e:
        _check_ragged(data, dt)
        raise ValueError(f"expected sequence of equal-length lists: {e}") from None
    if arr.dtype == object:
        raise ValueError("expected sequence of equal-length lists")
    return _finish(arr, requires_grad)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor) and (dtype is None or _dtype.to_dtype(dtype) is data.dtype):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or _dtype.to_dtype(dtype).np == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def from_numpy(array):
    """A tensor sharing ``array``'s memory."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return Tensor._make(array)


_FLOAT32 = np.dtype(np.float32)


def _dt(dtype, default=_dtype.float32, fn=None):
    """The dtype a factory makes; with ``fn`` (a public factory's name) checked by ``_checks.dtype_arg``."""
    if dtype is None:
        return default
    return _dtype.to_dtype(_checks.dtype_arg(dtype, fn) if fn is not None else dtype)


def _factory_size(name, size):
    """The shape a factory's ``*size`` arguments give; PyTorch's TypeError when there are none.
    (``zeros`` checks for negative sizes itself, with its own message.)"""
    if not size:
        if name in ("rand", "randn"):
            raise TypeError(f"{name}() received an invalid combination of arguments - got (), but expected "
                            "one of: (tuple of ints size, ...)")
        raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    _checks.factory_size(name, size)
    return size_args(size, allow_minus_one=name == "zeros")


def _with_out(factory=None, *, keep_numel=False, range_warning=False):
    """``factory(..., out=t)``: PyTorch's factory out= (``torch.zeros(2, 3, out=t)``): the values made
    with out's dtype (a different ``dtype`` given is refused: ``arange(5, out=float_t)`` gives
    floats), ``t`` resized without a warning (a view: in its base's memory, as
    ``ops.out.resize_out``), filled, returned; ``requires_grad=True`` marks ``t``.
    ``keep_numel`` (arange, linspace): an out with the result's number of elements keeps its
    shape; ``range_warning`` (arange): a non-empty out of another size is resized with
    PyTorch's RangeFactories warning."""
    if factory is None:
        return lambda f: _with_out(f, keep_numel=keep_numel, range_warning=range_warning)
    name = factory.__name__

    def function(*args, out=None, **kwargs):
        if out is None:
            return factory(*args, **kwargs)
        return _into(out, args, kwargs)

    def _into(out, args, kwargs):
        from .ops.out import resize_out
        dtype = kwargs.pop("dtype", None)
        requires_grad = kwargs.pop("requires_grad", False)
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not {_checks.type_name(out)}")
        have = _dtype.from_numpy_dtype(out._data.dtype)
        if dtype is not None and _dt(dtype, fn=name) != have:
            raise RuntimeError(f"dtype {_dtype.SCALAR_NAMES[_dt(dtype).name]} does not match dtype of out parameter "
                               f"({_dtype.SCALAR_NAMES[have.name]})")
        result = factory(*args, dtype=have, requires_grad=requires_grad, **kwargs)
        values = result._data
        if keep_numel and out._data.size == values.size:
            values = values.reshape(out._data.shape)
        if out._data.shape != values.shape:
            if range_warning and out._data.size:
                _checks.warn_at_caller(
                    f"The number of elements in the out tensor of shape {list(out._data.shape)} is "
                    f"{out._data.size} which does not match the computed number of elements {values.size}. Note "
                    "that this may occur as a result of rounding error. The out tensor will be resized to a tensor "
                    f"of shape ({values.size},).", UserWarning)
            resize_out(out, values.shape)
        np.copyto(out._data, values)
        out._vc[0] += 1
        if requires_grad:
            out._requires_grad = True
        return out

    function.__name__, function.__qualname__, function.__doc__ = name, name, factory.__doc__
    function.__wrapped__ = factory
    return function


@_with_out
def zeros(*size, dtype=None, device=None, requires_grad=False):
    shape = _factory_size("zeros", size)
    if shape and min(shape) < 0:
        raise RuntimeError("zeros: Dimension size must be non-negative.")  # (PyTorch's wording for zeros)
    return _finish(_checks.allocate(np.zeros, shape, _dt(dtype, fn="zeros").np), requires_grad)


def _plain_shape(size):
    """``size`` itself when it is a few plain Python ints in [0, 2**31) (``ones(2, 3)``: the
    commonest call, which needs no argument checks), else None."""
    for n in size:
        if type(n) is not int or not 0 <= n < 2147483648:
            return None
    return size if len(size) <= 4 else None


@_with_out
def ones(*size, dtype=None, device=None, requires_grad=False):
    shape = _plain_shape(size) if size else None
    data = _checks.allocate(np.empty, _factory_size("ones", size) if shape is None else shape,
                            _FLOAT32 if dtype is None else _dt(dtype, fn="ones").np)
    data.fill(1)  # np.ones does the same in Python code, several times slower for small tensors
    return _finish(data, requires_grad)


@_with_out
def empty(*size, dtype=None, device=None, requires_grad=False):
    return _finish(_checks.allocate(np.empty, _factory_size("empty", size), _dt(dtype, fn="empty").np), requires_grad)


@_with_out
def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    if not isinstance(size, (tuple, list)):   # PyTorch's parser: full(0, 1.5) and full(tensor(3), 1.5) refused
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not {_checks.type_name(size)}")
    if not isinstance(fill_value, (numbers.Number, np.number, np.bool_, Tensor)):
        raise TypeError(f"full(): argument 'fill_value' (position 2) must be Number, not {_checks.type_name(fill_value)}")
    dtype = _checks.dtype_arg(dtype, "full")
    if dtype is None:
        dtype = {"b": _dtype.bool_, "i": _dtype.int64}.get(
            "b" if isinstance(fill_value, bool) else "i" if isinstance(fill_value, numbers.Integral) else "f",
            _dtype.float32)
    if isinstance(fill_value, numbers.Number):
        _checks.scalar_fits(fill_value, _dt(dtype).np)
        fill_value = np.array(fill_value).astype(_dt(dtype).np)   # a negative int wraps for uint8
    _checks.factory_size("full", (size,))
    return _finish(_checks.allocate(lambda shape, dt: np.full(shape, fill_value, dt), size_args((size,)), _dt(dtype).np),
                   requires_grad)


@_with_out
def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    n = _checks.int_arg(n, "eye", "n", 1)
    m = n if m is None else _checks.int_arg(m, "eye", "m", 2)
    for name, v in (("n", n), ("m", m)):
        if v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    if n and m and n * m > _checks.INT64_MAX:
        raise RuntimeError("numel: integer multiplication overflow")
    return _finish(_checks.allocate(lambda shape, dt: np.eye(*shape, dtype=dt), (n, m), _dt(dtype).np), requires_grad)


@_with_out(keep_numel=True, range_warning=True)
def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    for v in vals:
        if isinstance(v, float) and not math.isfinite(v):
            raise RuntimeError(f"unsupported range: {vals[0]} -> {vals[1]}")
        if _checks.is_int(v) and not _checks.INT64_MIN <= int(v) <= _checks.INT64_MAX:
            raise RuntimeError("value cannot be converted to type int64_t without overflow")
    if vals[2] == 0:
        raise RuntimeError("step must be nonzero")
    if (vals[1] - vals[0]) * vals[2] < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        dtype = _dtype.float32 if any(isinstance(v, float) for v in vals) else _dtype.int64
    dt = _dtype.to_dtype(dtype)
    if dt.np == np.bool_:
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    if not dt.is_floating_point:   # PyTorch converts start, end and step to the integer type first
        vals = [int(v) for v in vals]
        if vals[2] == 0:
            raise ValueError("step must be nonzero")
    if all(isinstance(v, int) for v in vals) and not (   # PyTorch sizes an integer range in int64
            _checks.INT64_MIN <= vals[1] - vals[0] + vals[2] - (1 if vals[2] > 0 else -1) <= _checks.INT64_MAX):
        raise RuntimeError("invalid size, possible overflow?")
    n = max(int(math.ceil((vals[1] - vals[0]) / vals[2])), 0)
    exact = all(isinstance(v, int) for v in vals)  # integer ranges are computed in int64
    out = np.empty(n, np.int64 if exact else np.float64)
    ew.arange_kernel(*(np.int64(v) if exact else np.float64(v) for v in (vals[0], vals[2])), out)
    return _finish(out.astype(dt.np, copy=False), requires_grad)


@_with_out(keep_numel=True)
def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    if not _checks.is_int(steps):
        raise TypeError(f"linspace() received an invalid combination of arguments - got "
                        f"({_checks.type_name(start)}, {_checks.type_name(end)}, {_checks.type_name(steps)}), "
                        "but expected one of:\n")
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _dt(dtype)
    if dt == _dtype.bool_:
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    if not dt.is_floating_point:   # PyTorch converts the ends to the integer type first, checked
        for end_value in (start, end):
            _checks.scalar_fits(end_value, dt.np)
        start, end = int(start), int(end)
    n, target = int(steps), dt.np
    if n * np.dtype(target).itemsize > _checks.INT64_MAX:
        raise RuntimeError(f"Storage size calculation overflowed with sizes=[{n}]")
    work = target if target in (np.float32, np.float64) else np.dtype(np.float64)   # PyTorch's arithmetic dtype
    first, last = work.type(start), work.type(end)
    step = (last - first) / work.type(max(n - 1, 1))
    out = np.empty(n, work)
    ew.linspace_kernel(first, last, step, np.arange(n, dtype=work), out)
    return _finish(out.astype(target, copy=False), requires_grad)




def _float_dt(dtype, name, fn=None, size=()):
    if fn is not None and dtype is not None and not isinstance(dtype, _dtype.dtype) and dtype not in (float, int, bool):
        raise TypeError(f"{fn}() received an invalid combination of arguments - got "
                        f"({', '.join([_checks.type_name(s) for s in size] + ['dtype=' + _checks.type_name(dtype)])}), "
                        "but expected one of:\n")
    dt = _dt(dtype)
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"{name}\" not implemented for '{_dtype.SCALAR_NAMES[dt.name]}'")
    return dt


def _gen(generator):
    """The Generator to draw from (``generator`` or the default one)."""
    return resolve(generator)


@_with_out
def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """U[0, 1) samples: 24-bit uniforms for float32, 53-bit for float64 (PyTorch's stream)."""
    dt = _float_dt(dtype, "check_uniform_bounds", "rand", size)
    t = Tensor._make(_checks.allocate(np.empty, _factory_size("rand", size), dt.np))
    _sampling.uniform_(t, 0.0, 1.0, generator)
    return _finish(t._data, requires_grad)


@_with_out
def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """N(0, 1) samples (PyTorch's Box-Muller paths, see ``_sampling.normal_``)."""
    dt = _float_dt(dtype, "normal_kernel_cpu", "randn", size)
    t = Tensor._make(_checks.allocate(np.empty, _factory_size("randn", size), dt.np))
    _sampling.normal_(t, 0.0, 1.0, generator)
    return _finish(t._data, requires_grad)


@_with_out
def randint(low, high=None, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Integers in [low, high) (``randint(high, size)`` from 0), int64 unless ``dtype``.
    ``low`` and ``high`` are ints within int64 and ``size`` a tuple, as PyTorch's parser wants."""
    given = [v for v in (low, high, size) if v is not None]
    if size is None and isinstance(high, (tuple, list)):  # randint(high, size)
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    if not (_checks.is_int(low) and _checks.is_int(high) and isinstance(size, (tuple, list))
            and all(_checks.is_int(n) for n in size)):
        raise TypeError(f"randint() received an invalid combination of arguments - got "
                        f"({', '.join(type(v).__name__ for v in given)}), but expected one of:\n"
                        " * (int high, tuple of ints size, *, torch.Generator generator, tensor out = None, "
                        "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
                        "bool pin_memory = False, bool requires_grad = False)\n"
                        " * (int low, int high, tuple of ints size, *, torch.Generator generator, tensor out = None, "
                        "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
                        "bool pin_memory = False, bool requires_grad = False)\n")
    low, high = _checks.int64(low), _checks.int64(high)
    dt = _dt(dtype, _dtype.int64)
    t = Tensor._make(np.empty(size_args((size,)), dt.np))
    _sampling.random_(t, int(low), int(high), generator=generator)
    return _finish(t._data, requires_grad)


@_with_out
def randperm(n, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of 0..n-1 (PyTorch's Fisher-Yates with its draws)."""
    n = _checks.int_arg(n, "randperm", "n", 1)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    perm = _checks.allocate(np.empty, (n,), np.int64)
    g = resolve(generator)
    from .kernels import random as kr
    kr.randperm_fill(g.mt, g.pos, perm)
    return _finish(perm.astype(_dt(dtype, _dtype.int64).np, copy=False), requires_grad)


def _like_input(fn, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{fn}(): argument 'input' (position 1) must be Tensor, not {_checks.type_name(input)}")


def zeros_like(input, dtype=None, device=None, requires_grad=False):
    _like_input("zeros_like", input)
    return zeros(input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False):
    _like_input("ones_like", input)
    return ones(input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False):
    _like_input("empty_like", input)
    return empty(input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False):
    _like_input("full_like", input)
    return full(input._data.shape, fill_value, dtype=dtype or input.dtype, requires_grad=requires_grad)


def rand_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, memory_format=None):
    _like_input("rand_like", input)
    return rand(input._data.shape, generator=generator, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randn_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, memory_format=None):
    _like_input("randn_like", input)
    return randn(input._data.shape, generator=generator, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint_like(input, low, high=None, *, generator=None, dtype=None, device=None, requires_grad=False,
                 memory_format=None):
    return randint(low, high, input._data.shape, generator=generator, dtype=dtype or input.dtype,
                   requires_grad=requires_grad)
