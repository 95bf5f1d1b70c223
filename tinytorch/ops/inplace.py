"""In-place ops (``add_``, ``mul_``, ``x[i] = v``...) and PyTorch's safety rules for them.

An in-place op computes its result with the ordinary (out-of-place) op and writes it into
the tensor's memory, then bumps the version counter that the tensor shares with its views.
When the graph is being recorded, the tensor's ``grad_fn`` becomes the new node, whose
input is a snapshot of the old value — so the chain rule still sees the value before the
change, and any earlier node that saved the old value notices the new version.

Through a view (``z[1:].mul_(2)``) the change is recorded on the view's base, as PyTorch
does: the base's new node is ``CopySlices`` (the old base with the view's elements
replaced), and views of that base made earlier rebuild their history from it when next
used (``Tensor.grad_fn``).
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
    base = t._base
    tracking = _enabled[0] and (t._requires_grad or (base is not None and base._requires_grad) or any(
        isinstance(o, Tensor) and o._requires_grad for o in others))
    if tracking and base is not None:
        return _apply_through_view(t, compute)
    if tracking:
        old = Tensor._make(t._data.copy(), t.grad_fn, t._requires_grad)
        old._accumulator = t._accumulator
        result = compute(old)
    else:
        result = compute(t)
    _check_cast(result, t)
    np.copyto(t._data, result._data, casting="unsafe")
    t._vc.v += 1
    if tracking:
        _set_history(t, result.grad_fn)
    return t


def _set_history(t, node):
    """``t``'s grad_fn becomes ``node`` (a retained gradient moves to the new node)."""
    if t._retains_grad:  # the gradient is now that of the new value, not the old one
        if t._grad_fn is not None:
            t._grad_fn._retained = None
        node._retained = t
    t.grad_fn = node
    t._requires_grad = True


def _apply_through_view(view, compute):
    """An in-place op on a view of ``base``, recorded as PyTorch does: the base's new history
    is ``CopySlices`` (old base with the view's elements replaced by the op's result), and
    the view's history is rebuilt from that."""
    from .index import AsStridedBackward0, CopySlices, view_positions

    base = view._base
    positions = view_positions(base._data, view._data)
    if positions is None:
        raise RuntimeError(
            "tinytorch cannot locate this view in its base's memory to record an in-place change; "
            "apply the operation to the base tensor or use an out-of-place op")
    old_base = Tensor._make(base._data.copy(), base.grad_fn, base._requires_grad)
    old_base._accumulator = base._accumulator
    result = compute(AsStridedBackward0(positions).apply(old_base))
    _check_cast(result, view)
    new_base = CopySlices(positions, flat=True).apply(old_base, result.to(base.dtype))
    np.copyto(view._data, result._data, casting="unsafe")
    view._vc.v += 1
    _set_history(base, new_base.grad_fn)
    view._view_version = view._vc.v
    _set_history(view, AsStridedBackward0(positions).apply(base).grad_fn)
    return view


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
