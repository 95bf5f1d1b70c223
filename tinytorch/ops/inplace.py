"""In-place ops (``add_``, ``mul_``, ``x[i] = v``...) and PyTorch's safety rules for them.

An in-place op computes its result with the ordinary (out-of-place) op and writes it into
the tensor's memory, then bumps the version counter that the tensor shares with its views.
When the graph is being recorded, the tensor's ``grad_fn`` becomes the new node, whose
input is a snapshot of the old value — so the chain rule still sees the value before the
change, and any earlier node that saved the old value notices the new version.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled

_CATEGORY_NAMES = {0: "Bool", 1: "Long", 2: "Float"}


def check_inplace(t):
    """Refuse in-place changes PyTorch refuses: on a leaf that requires grad, or a view of one."""
    if not _enabled[0]:
        return
    if t.grad_fn is None and t._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    base = t._base
    if base is not None and base.grad_fn is None and base._requires_grad:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation.")


def apply_inplace(t, compute, others=()):
    """Write ``compute(old)`` into ``t``'s memory; ``old`` is ``t`` or a snapshot of it.

    others: the other tensor operands (they decide whether the graph is recorded).
    """
    check_inplace(t)
    tracking = _enabled[0] and (t._requires_grad or any(
        isinstance(o, Tensor) and o._requires_grad for o in others))
    if tracking:
        if t._base is not None and t._base._requires_grad:
            raise RuntimeError(
                "tinytorch does not record in-place changes through a view of a tensor that requires "
                "grad; apply the operation to the base tensor or use an out-of-place op")
        old = Tensor._make(t._data.copy(), t.grad_fn, t._requires_grad)
        old._accumulator = t._accumulator
        result = compute(old)
    else:
        result = compute(t)
    _check_cast(result, t)
    np.copyto(t._data, result._data, casting="unsafe")
    t._vc.v += 1
    if tracking:
        if t._retains_grad:  # the gradient is now that of the new value, not the old one
            old.grad_fn._retained = None
            result.grad_fn._retained = t
        t.grad_fn = result.grad_fn
        t._requires_grad = True
    return t


def _check_cast(result, t):
    src = _dtype.from_numpy_dtype(result._data.dtype)
    dst = _dtype.from_numpy_dtype(t._data.dtype)
    if src.category > dst.category:
        raise RuntimeError(
            f"result type {_CATEGORY_NAMES[src.category]} can't be cast to the desired output type "
            f"{_TYPE[dst.name]}")
    if result._data.shape != t._data.shape:
        raise RuntimeError(
            f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
            f"{list(result._data.shape)}")


_TYPE = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "uint8": "Byte", "bool": "Bool"}


def make_inplace(op):
    """The in-place method ``x.op_(...)`` for the out-of-place ``op(x, ...)``."""
    def method(self, *args, **kwargs):
        return apply_inplace(self, lambda old: op(old, *args, **kwargs), args + tuple(kwargs.values()))
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}``."
    return method
