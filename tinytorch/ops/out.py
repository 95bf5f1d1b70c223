"""``tinytorch.<fn>(..., out=t)``: the result written into ``t``, as PyTorch's out= overloads do.

An op accepts ``out=`` where it is defined (``@public(out=...)`` or ``register_all(out=...)``,
see ``ops/registry.py``); ``ops/__init__`` wraps each such function with ``with_out``.  The
function computes its result as usual, then:

* refuses, when grad mode is on, if any tensor argument or ``out`` requires grad
  ("functions with out=... arguments don't support automatic differentiation");
* checks ``out``'s dtype against the result's by the op's rule (``RULES``): ``"cast"`` (the
  result's category may not exceed out's: float into long is refused, long into double is
  fine; PyTorch's elementwise kernels then warn twice when they resize a full out of another
  dtype, once for out and once for the temporary they copy from), ``"convert"`` (the same
  check, one warning: reductions, cat, floor_divide, the logical ops and comparisons), ``"exact"`` (the matmul family and others: out must have the result's dtype), ``"dtype"`` (the reductions that compute in out's dtype:
  ``sum(x, 0, out=long_t)`` sums the values cast to long);
* resizes an ``out`` of another shape: silently when it has no elements, else with PyTorch's
  deprecation UserWarning (a view is laid out afresh from its first element in its
  base's memory, see ``resize_out``);
* writes the values (cast to out's dtype), bumps out's version counter and returns ``out``.

``"tuple"``: the ops with (values, indices) results (``max(x, dim)``, ``sort``, ``topk``...) take
``out=(values, indices)``, each of exactly the result's dtype, and return a
``return_types.<name>_out`` named tuple of those tensors; ``max``/``min`` of a whole tensor, or
of two tensors, take one tensor as the other ops do.
"""
import numpy as np

from .. import _checks, _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled
from .inplace import check_internal_overlap, check_partial_overlap

RULES = ("cast", "convert", "exact", "dtype", "tuple")

#: The name a function's autograd error gives (PyTorch names the op its alias calls).
ERROR_NAMES = {"multiply": "mul", "subtract": "sub", "divide": "div", "true_divide": "div", "absolute": "abs",
               "negative": "neg", "concat": "cat", "concatenate": "cat", "clip": "clamp", "fix": "trunc",
               "arccos": "acos", "arccosh": "acosh", "arcsin": "asin", "arcsinh": "asinh", "arctan": "atan",
               "arctan2": "atan2", "arctanh": "atanh", "ger": "outer", "row_stack": "vstack"}


def _tensors(values):
    for v in values:
        if isinstance(v, Tensor):
            yield v
        elif isinstance(v, (list, tuple)):
            yield from (e for e in v if isinstance(e, Tensor))


def _resize_message(old, new):
    return (f"An output with one or more elements was resized since it had shape {list(old)}, which does not "
            f"match the required output shape {list(new)}. This behavior is deprecated, and in a future PyTorch "
            "release outputs will not be resized unless they have zero elements. You can explicitly reuse an out "
            "tensor t by resizing it, inplace, to zero elements with t.resize_(0).")


#: The exact rule's message where an op words it its own way ({S}/{D}: the result's and out's
#: scalar names, {s}/{d}: their C++ names).
EXACT_MESSAGES = {
    "where": (RuntimeError, "Expected out type to be {S} but got {D}"),
    **dict.fromkeys(("clamp", "clip", "clamp_min", "clamp_max", "abs", "absolute", "ceil", "fix", "floor", "frac", "neg",
                     "negative", "round", "sgn", "sign", "trunc"), (RuntimeError, "Found dtype {D} but expected {S}")),
    "heaviside": (RuntimeError, "heaviside is not yet implemented for tensors with different dtypes."),
    "index_select": (RuntimeError, "index_select(): self and result must have the same scalar type"),
    "masked_select": (RuntimeError, "masked_select(): self and result must have the same scalar type"),
    **dict.fromkeys(("amax", "amin"), (RuntimeError, "Expected the dtype for input and out to match, but got {S} for "
                                                    "input's dtype and {D} for out's dtype.")),
    "dot": (RuntimeError, "result dtype {D} does not match input dtype {S}"),
    "tensordot": (RuntimeError, "tensordot: Expected the output tensor to have dtype {S}, but got an output tensor "
                                "with dtype {D}"),
    "nonzero": (RuntimeError, "nonzero: Expected out tensor to have scalar type Long but got scalar type{D}"),
    "histc": (RuntimeError, "torch.histogram: input tensor and hist tensor should have the same dtype, but got "
                            "input {s} and hist {d}"),
}
#: The cast rule's message where an op words it its own way.
CAST_MESSAGES = {
    "cholesky": (RuntimeError, "cholesky: Expected result to be safely castable from {S} dtype, but got result with "
                               "dtype {D}"),
    "logsumexp": (RuntimeError, "logsumexp(): Expected floating point type for result tensor, but got: {D}"),
    **dict.fromkeys(("cat", "concat", "concatenate", "stack", "hstack", "vstack", "dstack", "column_stack",
                     "row_stack"), (TypeError, "torch.cat(): input types can't be cast to the desired output type {D}")),
}


def check_dtype(rule, result_dt, out_dt, name=None, result_ndim=None):
    """PyTorch's refusal of an out= tensor whose dtype the op cannot write (None when allowed)."""
    src, dst = _dtype.from_numpy_dtype(result_dt), _dtype.from_numpy_dtype(out_dt)
    names = {"S": _dtype.SCALAR_NAMES[src.name], "D": _dtype.SCALAR_NAMES[dst.name],
             "s": _checks.CXX_TYPE_NAMES[result_dt.name], "d": _checks.CXX_TYPE_NAMES[out_dt.name]}
    if rule == "exact":
        if result_dt == out_dt:
            return None
        if name == "matmul" and result_ndim == 0:   # 1-D @ 1-D is dot
            name = "dot"
        kind, message = EXACT_MESSAGES.get(name, (RuntimeError, "Expected out tensor to have dtype {s}, but got {d} "
                                                                "instead"))
        return kind(message.format(**names))
    if rule in ("cast", "convert") and src.category > dst.category:
        kind, message = CAST_MESSAGES.get(name, (RuntimeError, "result type {S} can't be cast to the desired output "
                                                               "type {D}"))
        return kind(message.format(**names))
    return None


def resize_out(out, shape):
    """Give ``out`` the new ``shape`` (C-contiguous) as PyTorch's ``resize_`` does: a tensor of its
    own gets new memory; a view keeps its first element and lays the new shape out from there in
    its base's memory (writing through into the base).  A view whose new extent runs past the
    end of its base's memory is refused (PyTorch grows the base's storage; tinytorch cannot)."""
    data = out._data
    if out._base is None:
        out._data = np.empty(shape, data.dtype)
        return
    root = out._base._data
    n = int(np.prod(shape, dtype=np.int64))
    start = (data.__array_interface__["data"][0] - root.__array_interface__["data"][0]) // data.itemsize
    if not root.flags.c_contiguous or start < 0 or start + n > root.size:
        raise RuntimeError(f"tinytorch cannot resize a view used as out= to shape {list(shape)} past the end of its "
                           "base's memory (PyTorch would grow the base's storage); pass a tensor of the result's "
                           "shape")
    out._data = root.reshape(-1)[start:start + n].reshape(shape)


def write_out(result, out, rule="cast", name=None):
    """Write tensor ``result`` into ``out`` by ``rule`` (see the module docstring); returns ``out``."""
    data = out._data
    error = check_dtype(rule, result._data.dtype, data.dtype, name, result._data.ndim)
    if error is not None:
        raise error
    shape = result._data.shape
    if data.shape != shape:
        if data.size:
            for _ in range(2 if rule == "cast" and result._data.dtype != data.dtype else 1):
                _checks.warn_at_caller(_resize_message(data.shape, shape), UserWarning)
        resize_out(out, shape)
    else:
        check_internal_overlap(data)
        check_partial_overlap(data, (result,))
    np.copyto(out._data, result._data, casting="unsafe")
    out._vc[0] += 1
    return out


#: How many tensors an op's out= tuple holds where it is not two.
TUPLE_SIZES = {"svd": 3, "linalg_svd": 3}
#: The ops whose whole-tensor form (no ``dim``) has no out= overload: PyTorch's parser then
#: reports the missing ``dim``.
_DIM_REQUIRED = ("median", "nanmedian")
_OUT_TYPES = {}
#: Extra version-counter bumps of the outs PyTorch writes twice (torch.svd's V: written, then
#: transposed in place; recorded in tests/data/out_surface_pytorch.json).
_EXTRA_WRITES = {"svd": (0, 0, 1)}


def _out_type(name, result):
    """``return_types.<name>_out`` with the fields of ``result`` (values/indices, Q/R, U/S/V...)."""
    fields = getattr(result, "_fields", ("values", "indices"))
    if fields == ("values", "indices"):
        from .reduce import out_return_type
        return out_return_type(name)
    if name not in _OUT_TYPES:
        from .linalg_results import _named_result
        _OUT_TYPES[name] = _named_result(name + "_out", fields)
    return _OUT_TYPES[name]


def _tuple_out(fn, name, error_name, args, kwargs, outs):
    """``out=(values, indices)`` (see the module docstring)."""
    for o in outs:
        if not isinstance(o, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, not {_checks.type_name(outs)}")
    size = TUPLE_SIZES.get(name, 2)
    if len(outs) != size:
        raise TypeError(f"expected tuple of {size} elements but got {len(outs)}")
    if _enabled[0] and any(t._requires_grad for t in tuple(outs) + tuple(_tensors(tuple(args) + tuple(kwargs.values())))):
        raise RuntimeError(f"{error_name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    _check_dim_given(name, args, kwargs)
    result = fn(*args, **kwargs)
    if isinstance(result, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {_checks.type_name(outs)}")
    for value, o in zip(result, outs):
        error = check_dtype("exact", value._data.dtype, o._data.dtype)
        if error is not None:
            raise error
    written = [write_out(value, o, "exact", name) for value, o in zip(result, outs)]
    for o, extra in zip(written, _EXTRA_WRITES.get(name, ())):
        o._vc[0] += extra
    return _out_type(name, result)(*written)


def _check_dim_given(name, args, kwargs):
    if name in _DIM_REQUIRED and len(args) < 2 and kwargs.get("dim") is None:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')


def with_out(fn, name, rule, op=None):
    """``fn`` with PyTorch's keyword-only ``out=`` (see the module docstring); ``op``: the
    registered op ``fn`` checks the arguments of (default ``fn``), the wrapper's ``__wrapped__``."""
    if rule not in RULES:
        raise ValueError(f"unknown out= rule {rule!r}")
    error_name = ERROR_NAMES.get(name, name)

    def function(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if rule == "tuple" and isinstance(out, (tuple, list)):
            return _tuple_out(fn, name, error_name, args, kwargs, out)
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not {_checks.type_name(out)}")
        if _enabled[0] and (out._requires_grad or any(t._requires_grad for t in _tensors(
                tuple(args) + tuple(kwargs.values())))):
            raise RuntimeError(f"{error_name}(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        inputs = tuple(_tensors(tuple(args) + tuple(kwargs.values())))
        if rule == "dtype":
            if name in ("cumsum", "cumprod") and out._data.dtype == np.bool_:
                raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
            kwargs["dtype"] = _dtype.from_numpy_dtype(out._data.dtype)
        if rule == "tuple":
            _check_dim_given(name, args, kwargs)
        result = fn(*args, **kwargs)
        if rule == "tuple":
            if not isinstance(result, Tensor):
                raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, not Tensor")
            return write_out(result, out, "exact", name)
        if out._data.shape == result._data.shape:
            check_partial_overlap(out._data, inputs)
        return write_out(result, out, rule, name)

    function.__name__, function.__qualname__, function.__doc__ = name, name, fn.__doc__
    function.__wrapped__ = fn if op is None else op   # the registered op (what the REPL's %code shows)
    return function
