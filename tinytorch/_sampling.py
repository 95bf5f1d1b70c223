"""Random sampling into tensors, drawing from a ``Generator`` exactly as PyTorch 2.13 does on CPU.

In-place samplers (``uniform_``, ``normal_``, ``random_``, ``bernoulli_``, ``exponential_``)
write one sample per element in the order PyTorch's TensorIterator visits the output: memory
order (dimensions sorted by stride), which for a contiguous tensor is the flat order.
``normal_`` of 16 or more contiguous floating elements uses PyTorch's block Box-Muller; every
other case draws one float64 sample at a time.  The functions (``bernoulli``, ``normal``,
``multinomial``) are composed from these as in PyTorch, so they consume the same draws.
The kernels are in ``kernels/random.py``.
"""
import numbers
import warnings

import numpy as np

from . import _dtype
from ._generator import resolve
from ._tensor import Tensor, size_args
from .autograd.node import FormulaNode
from .kernels import random as kr

_FLOAT_DIGITS = {np.dtype(np.float32): 24, np.dtype(np.float64): 53}


def _scalar_name(t):
    return _dtype.SCALAR_NAMES[t.dtype.name]


def _memory_order_view(a):
    """A view of ``a`` whose C order is the order PyTorch's TensorIterator writes ``a``'s elements."""
    if a.flags.c_contiguous or a.ndim < 2:
        return a
    order = sorted(range(a.ndim), key=lambda d: -abs(a.strides[d]))
    return a.transpose(order)


def _write(t, values):
    """Write 1-D ``values`` (one per element, in memory order) into ``t`` and bump its version."""
    view = _memory_order_view(t._data)
    view[...] = values.reshape(view.shape)
    t._vc[0] += 1
    return t


def _check_target(t):
    from .ops.inplace import check_inplace, check_internal_overlap
    if not isinstance(t, Tensor):
        raise TypeError(f"expected a Tensor, got {type(t).__name__}")
    check_inplace(t)
    check_internal_overlap(t._data)   # no random fill of an expanded tensor, as in PyTorch


def _float_only(t, kernel_name):
    if t._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{_scalar_name(t)}'")


def uniform_(t, from_=0.0, to=1.0, generator=None):
    """Fill with U(from, to): 24-bit uniforms for float32, 53-bit for float64."""
    _check_target(t)
    _float_only(t, "check_uniform_bounds")
    if from_ > to:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={from_} > to={to}")
    g = resolve(generator)
    out = np.empty(t._data.size, t._data.dtype)
    if out.dtype == np.float32:
        kr.fill_uniform_f32(g.mt, g.pos, out, float(from_), float(to))
    else:
        kr.fill_uniform_f64(g.mt, g.pos, out, float(from_), float(to))
    return _write(t, out)


def normal_(t, mean=0.0, std=1.0, generator=None):
    """Fill with N(mean, std^2): block Box-Muller for 16+ contiguous elements, else one sample
    at a time from float64 Box-Muller pairs (the second one cached in the generator)."""
    _check_target(t)
    _float_only(t, "normal_kernel_cpu")
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")   # (C++'s default format)
    g = resolve(generator)
    a = t._data
    if a.size >= 16 and a.flags.c_contiguous:
        flat = a.reshape(-1)
        if a.dtype == np.float32:
            kr.fill_normal_blocks_f32(g.mt, g.pos, flat, float(mean), float(std))
        else:
            kr.fill_normal_blocks_f64(g.mt, g.pos, flat, float(mean), float(std))
        t._vc[0] += 1
        return t
    out = np.empty(a.size, np.float64)
    kr.fill_normal_serial(g.mt, g.pos, g.normal_cache, out, float(mean), float(std))
    return _write(t, out.astype(a.dtype))


def _int_limits(dt):
    if dt == np.bool_:
        return 0, 1
    if dt.kind == "f":
        return -(2 ** _FLOAT_DIGITS[dt]), 2 ** _FLOAT_DIGITS[dt]
    info = np.iinfo(dt)
    return int(info.min), int(info.max)


_C_NAMES = {"uint8": "unsigned char", "int8": "signed char", "int16": "short", "int32": "int", "int64": "int64_t",
            "bool": "bool", "float32": "float", "float64": "double"}
# a dtype's C++ type name as PyTorch's messages print it (its TypeMeta name)
_TYPE_META_NAMES = dict(_C_NAMES, int16="short int", int64="long int")


def random_(t, *args, generator=None, **bounds):
    """``random_()``: integers in [0, 2**digits] for floats, [0, max] for integers;
    ``random_(to)``: [0, to); ``random_(from, to)``: [from, to), ``to=None`` meaning up to the
    dtype's largest value (every int64 for ``from=-2**63``).  Keywords ``from`` and ``to`` too."""
    _check_target(t)
    if len(args) > 2 or set(bounds) - {"from", "to"}:
        raise TypeError("random_() received an invalid combination of arguments")
    g = resolve(generator)
    a = t._data
    out = np.empty(a.size, np.int64)
    if len(args) == 1 and not bounds:
        return _random_from_to(t, 0, int(args[0]), g, out)
    if not args and not bounds:
        if a.dtype == np.bool_:
            modulus, wide = 2, False
        elif a.dtype.kind == "f":
            modulus, wide = 2 ** _FLOAT_DIGITS[a.dtype] + 1, a.dtype == np.float64
        else:
            modulus, wide = int(np.iinfo(a.dtype).max) + 1, a.dtype == np.int64
        kr.fill_random_default(g.mt, g.pos, out, np.uint64(modulus), wide)
        return _write(t, out.astype(a.dtype))
    named = dict(zip(("from", "to"), args))
    named.update(bounds)
    lo, hi = int(named.get("from", 0)), named.get("to")
    if hi is None:
        if a.dtype == np.int64 and lo == -2 ** 63:
            kr.fill_random_full_64(g.mt, g.pos, out)
            return _write(t, out)
        return _random_from(t, lo, g, out)
    return _random_from_to(t, lo, int(hi), g, out)


def _random_from(t, lo, g, out):
    """``random_(from, None)``: [from, the dtype's largest integer] (2**digits for floats)."""
    a = t._data
    to_inc = _int_limits(a.dtype)[1]
    if a.dtype.kind == "f":
        lo = _representable_from(lo, a.dtype)
        if lo >= to_inc:
            raise RuntimeError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted "
                               f"to dtype, but got from={lo} > to_inc={to_inc}")
        _warn_float_precision(lo, "from", a.dtype)
    elif not _int_limits(a.dtype)[0] <= lo <= to_inc:
        raise RuntimeError(f"from is out of bounds for {_C_NAMES[a.dtype.name]}")
    return _draw_from_to(t, lo, to_inc + 1, g, out)


def _representable_from(lo, dt):
    """PyTorch's ``update_from``: when ``from + 1`` rounds below ``from`` in the float dtype, move
    ``from`` up to the next representable integer (one unit in the last place above the rounded value)."""
    rounded = int(np.array(lo + 1, np.int64).astype(dt).astype(np.float64)) if abs(lo + 1) < 2 ** 63 else lo + 1
    if rounded < lo:
        return rounded + (1 << ((abs(lo + 1).bit_length() - 1) - _FLOAT_DIGITS[dt] + 1))
    return lo


def _representable_to(hi, dt):
    """PyTorch's ``update_to``: when ``to - 1`` rounds up to ``to`` or beyond in the float dtype, move
    ``to`` down so that every value drawn below it survives the cast."""
    rounded = int(np.array(hi - 1, np.int64).astype(dt).astype(np.float64)) if abs(hi - 1) < 2 ** 63 else hi - 1
    if rounded >= hi:
        return rounded - (1 << ((abs(hi - 1).bit_length() - 1) - _FLOAT_DIGITS[dt] + 1))
    return hi


def _warn_float_precision(value, what, dt):
    digits = _FLOAT_DIGITS[dt]
    if not -(2 ** digits) <= value <= 2 ** digits:
        warnings.warn(f"{what} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations "
                      f"{_C_NAMES[dt.name]} can support discrete uniform distribution only within this range. "
                      "This warning will become an error in version 1.7 release, please fix the code in advance",
                      UserWarning, stacklevel=4)


def _random_from_to(t, lo, hi, g, out):
    a = t._data
    if lo >= hi:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={lo} >= to={hi}")
    dmin, dmax = _int_limits(a.dtype)
    if a.dtype.kind == "f":
        lo, hi = _representable_from(lo, a.dtype), _representable_to(hi, a.dtype)
        if lo >= hi:
            raise RuntimeError("random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                               f"but got from={lo} >= to={hi}")
        _warn_float_precision(lo, "from", a.dtype)
        _warn_float_precision(hi - 1, "to - 1", a.dtype)
    else:
        name = _C_NAMES[a.dtype.name]
        if not dmin <= lo <= dmax:
            raise RuntimeError(f"from is out of bounds for {name}")
        if not dmin <= hi - 1 <= dmax:
            raise RuntimeError(f"to - 1 is out of bounds for {name}")
    return _draw_from_to(t, lo, hi, g, out)


def _draw_from_to(t, lo, hi, g, out):
    a = t._data
    span = hi - lo
    wide = span >= 2 ** 28   # PyTorch 2.13 takes a 64-bit draw from 2**28 on, in every dtype
    kr.fill_random_from_to(g.mt, g.pos, out, np.uint64(span), np.int64(lo), wide)
    return _write(t, out.astype(a.dtype))


def bernoulli_(t, p=0.5, generator=None):
    """1 with probability p (a number, or a tensor of probabilities broadcast to ``t``), else 0."""
    _check_target(t)
    g = resolve(generator)
    out = np.empty(t._data.size, np.float64)
    if isinstance(p, Tensor):
        probs = np.broadcast_to(p._data, t._data.shape)
        probs = _memory_order_view_like(probs, t._data).reshape(-1)
        double = probs.dtype == np.float64
        kr.fill_bernoulli_tensor(g.mt, g.pos, out, np.ascontiguousarray(probs, np.float64), double)
    else:
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
        kr.fill_bernoulli_scalar(g.mt, g.pos, out, float(p))
    return _write(t, out.astype(t._data.dtype))


def _memory_order_view_like(b, a):
    """``b`` (of ``a``'s shape) with its axes in the order that ``_memory_order_view(a)`` uses."""
    if a.flags.c_contiguous or a.ndim < 2:
        return b
    order = sorted(range(a.ndim), key=lambda d: -abs(a.strides[d]))
    return b.transpose(order)


def exponential_(t, lambd=1.0, generator=None):
    """Fill with Exp(lambda): -log(1 - u) / lambda of 53-bit uniforms."""
    _check_target(t)
    if t._data.dtype.kind != "f":
        raise RuntimeError("Exponential distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {_scalar_name(t)}")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    g = resolve(generator)
    out = np.empty(t._data.size, np.float64)
    kr.fill_exponential(g.mt, g.pos, out, float(lambd))
    return _write(t, out.astype(t._data.dtype))


def cauchy_(t, median=0.0, sigma=1.0, generator=None):
    """Fill with Cauchy(median, sigma): median + sigma * tan(pi (u - 1/2)) of 53-bit uniforms."""
    _check_target(t)
    if t._data.dtype.kind != "f":
        raise RuntimeError("Cauchy distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {_TYPE_META_NAMES[t._data.dtype.name]}")
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    g = resolve(generator)
    out = np.empty(t._data.size, np.float64)
    kr.fill_cauchy(g.mt, g.pos, out, float(median), float(sigma))
    return _write(t, out.astype(t._data.dtype))


def log_normal_(t, mean=1.0, std=2.0, generator=None):
    """Fill with exp(N(mean, std^2)), the normal samples drawn one at a time in float64."""
    _check_target(t)
    _float_only(t, "log_normal_cpu")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    g = resolve(generator)
    out = np.empty(t._data.size, np.float64)
    kr.fill_log_normal(g.mt, g.pos, g.normal_cache, out, float(mean), float(std))
    return _write(t, out.astype(t._data.dtype))


def geometric_(t, p, generator=None):
    """Fill with the number of Bernoulli(p) trials up to the first success (1, 2, ...), any
    dtype but bool; values beyond an integer dtype's range wrap as PyTorch's cast does."""
    _check_target(t)
    if t._data.dtype == np.bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    g = resolve(generator)
    out = np.empty(t._data.size, np.float64)
    kr.fill_geometric(g.mt, g.pos, out, float(p))
    if t._data.dtype.kind != "f":
        out = out.astype(np.int64)
    return _write(t, out.astype(t._data.dtype))


# ---- functions ---------------------------------------------------------------------------

class PoissonBackward0(FormulaNode):
    """out ~ Poisson(rates), one count per element  ->  d/d rates = 0 (a sample has no gradient)."""

    grads = (lambda n, g: g * 0,)

    def __init__(self, generator):
        self.generator = generator

    def forward(self, rates):
        self.in_meta = ((rates.shape, rates.dtype),)
        g = resolve(self.generator)
        counts = np.empty(rates.size, np.float64)   # a new contiguous result: drawn in its C order
        kr.fill_poisson(g.mt, g.pos, np.ascontiguousarray(rates, np.float64).reshape(-1), counts)
        return counts.reshape(rates.shape).astype(rates.dtype)


def poisson(input, generator=None):
    """A Poisson(input[i]) count per element, in ``input``'s floating dtype."""
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{_scalar_name(input)}'")
    if not (input._data >= 0).all():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    return PoissonBackward0(generator).apply(input)


def bernoulli(input, p=None, *, generator=None, out=None):
    """0/1 samples: with probabilities ``input`` (or the number ``p`` for every element).
    ``out``: PyTorch's ``bernoulli(input, out=t)``: the same draws written into ``t`` (any dtype,
    resized without a warning), which is returned."""
    if out is not None:
        return _bernoulli_out(input, p, generator, out)
    result = Tensor._make(np.empty(input._data.shape, input._data.dtype))
    if p is None:
        if input._data.dtype.kind != "f":
            raise NotImplementedError(f"\"bernoulli_tensor_cpu_p_\" not implemented for '{_scalar_name(input)}'")
        if ((input._data < 0) | (input._data > 1)).any():
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
                               "message be improved?  If so, please report an enhancement request to PyTorch.)")
        return bernoulli_(result, input, generator)
    return bernoulli_(result, p, generator)


def _bernoulli_out(input, p, generator, out):
    from .autograd.grad_mode import _enabled
    if not isinstance(out, Tensor) or p is not None:
        raise TypeError(f"bernoulli() received an invalid combination of arguments - got (Tensor, "
                        f"{'float, ' if p is not None else ''}out={type(out).__name__}), but expected one of:\n"
                        " * (Tensor input, *, torch.Generator generator = None, Tensor out = None)\n"
                        " * (Tensor input, float p, *, torch.Generator generator = None)\n")
    if _enabled[0] and (input._requires_grad or out._requires_grad):
        raise RuntimeError("bernoulli(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    result = bernoulli(input, generator=generator)
    if out._data.shape != result._data.shape:
        if out._base is not None:
            raise RuntimeError("tinytorch cannot resize a view used as out= (its memory belongs to its base); "
                               "pass a tensor of the result's shape, or one with no elements")
        out._data = np.empty(result._data.shape, out._data.dtype)
    np.copyto(out._data, result._data, casting="unsafe")
    out._vc[0] += 1
    return out


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, requires_grad=False):
    """N(mean, std^2) samples; ``mean`` and ``std`` numbers (with ``size``) or tensors, broadcast."""
    from .ops import add, mul
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments - got (float, float), but "
                            "expected (tuple of ints size, ...)")
        dt = _dtype.float32 if dtype is None else _dtype.to_dtype(dtype)
        result = Tensor._make(np.empty(size_args((size,)), dt.np))
        normal_(result, mean, std, generator)
        result._requires_grad = bool(requires_grad)
        return result
    if isinstance(std, numbers.Number) and std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")   # (C++'s default format)
    if isinstance(std, Tensor) and (std._data < 0).any():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    ref = mean if isinstance(mean, Tensor) else std
    shape = np.broadcast_shapes(np.shape(mean._data) if isinstance(mean, Tensor) else (),
                                np.shape(std._data) if isinstance(std, Tensor) else ())
    result = Tensor._make(np.empty(shape, ref._data.dtype))
    if isinstance(std, Tensor):
        normal_(result, 0.0, 1.0, generator)
        result._data[...] = mul(result, std)._data
    else:
        normal_(result, 0.0, std, generator)
    result._data[...] = add(result, mean)._data
    return result


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Category indices drawn from the rows of ``input`` (unnormalised probabilities).

    Without replacement, or for one sample, PyTorch's exponential race: the indices of the
    largest ``p / q`` with q ~ Exp(1) (one exponential per category); with replacement a
    binary search of the normalised cumulative sum, one 53-bit uniform per sample.
    """
    a = input._data
    if a.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if a.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {_scalar_name(input)}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    k = a.shape[-1]
    if not replacement and num_samples > k:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if k > 2 ** 24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = a.reshape(-1, k)
    fast = not replacement or num_samples == 1
    if fast:
        if not np.isfinite(rows).all() or (rows < 0).any():
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if (rows.sum(axis=1) == 0).any():
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    else:
        _check_rows_in_kernel_order(rows)
    g = resolve(generator)
    if fast:
        q = Tensor._make(np.empty(a.shape, a.dtype))
        exponential_(q, 1.0, g)
        ratio = rows / q._data.reshape(-1, k)
        if num_samples == 1:
            picked = np.argmax(ratio, axis=1).reshape(-1, 1)
        else:
            picked = np.argsort(-ratio, axis=1, kind="stable")[:, :num_samples]
    else:
        picked = np.empty((rows.shape[0], num_samples), np.int64)
        kr.multinomial_with_replacement(g.mt, g.pos, np.ascontiguousarray(rows), np.empty(k, a.dtype), picked)
    return Tensor._make(picked.astype(np.int64).reshape(a.shape[:-1] + (num_samples,)))


def _check_rows_in_kernel_order(rows):
    """The with-replacement kernel's checks, row by row and element by element."""
    for row in rows:
        bad = np.flatnonzero(~(row >= 0) | ~np.isfinite(row))
        if bad.size:
            if not row[bad[0]] >= 0:
                raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
            raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
        if not row.sum() > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


#: The Tensor methods of this module (``ops`` binds them with the others).
METHODS = {"uniform_": uniform_, "normal_": normal_, "random_": random_, "bernoulli_": bernoulli_,
           "exponential_": exponential_, "cauchy_": cauchy_, "log_normal_": log_normal_, "geometric_": geometric_,
           "bernoulli": bernoulli, "multinomial": multinomial}
