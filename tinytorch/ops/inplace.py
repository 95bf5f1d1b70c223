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
from .. import _checks
from .._tensor import Tensor
from ..autograd.node import Node
from ..autograd.grad_mode import _enabled
from ..kernels import reduce as kr
from ..autograd.views import AsStridedBackward0, view_positions
from .index import CopySlices
from .split import _PieceBackward
from .registry import public



def check_inplace(t):
    """Refuse in-place changes PyTorch refuses: on a leaf that requires grad, or a view of one."""
    if not _enabled[0]:
        return
    if t.grad_fn is None and t._requires_grad:
        raise RuntimeError(f"a {'view of a ' if t._base is not None else ''}leaf Variable that requires grad is "
                           "being used in an in-place operation.")
    base = t._base
    if base is not None and base.grad_fn is None and base._requires_grad:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation.")
    if base is not None and isinstance(t._grad_fn, _PieceBackward):
        raise RuntimeError(
            f"Output {t._grad_fn.output_nr} of {t._grad_fn.function} is a view and is being modified inplace. This "
            "view is the output of a function that returns multiple views. Such functions do not allow the output "
            "views to be modified inplace. You should replace the inplace operation by an out-of-place one.")


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
    _write(t._data, result._data)
    t._vc[0] += 1
    if tracking:
        _set_history(t, result.grad_fn)
    return t


def _write(data, new):
    """Copy ``new`` into ``data``; into an expanded tensor (the index ops allow it) only the changed
    elements, so each shared element gets the value written to it, as PyTorch's index kernels do."""
    if has_internal_overlap(data):
        np.copyto(data, new, casting="unsafe", where=np.asarray(new != data))
    else:
        np.copyto(data, new, casting="unsafe")


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

    base = view._base
    positions = view_positions(base._data, view._data)
    old_base = Tensor._make(base._data.copy(), base.grad_fn, base._requires_grad)
    old_base._accumulator = base._accumulator
    result = compute(AsStridedBackward0(positions).apply(old_base))
    _check_cast(result, view)
    new_base = CopySlices(positions, flat=True).apply(old_base, result.to(base.dtype))
    _write(view._data, result._data)
    view._vc[0] += 1
    _set_history(base, new_base.grad_fn)
    view._view_version = view._vc[0]
    _set_history(view, AsStridedBackward0(positions).apply(base).grad_fn)
    return view


def _check_cast(result, t):
    if result._data.shape != t._data.shape:   # PyTorch checks the shape first
        raise RuntimeError(
            f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
            f"{list(result._data.shape)}")
    src = _dtype.from_numpy_dtype(result._data.dtype)
    dst = _dtype.from_numpy_dtype(t._data.dtype)
    if src.category > dst.category:
        raise RuntimeError(
            f"result type {_dtype.SCALAR_NAMES[src.name]} can't be cast to the desired output type {_dtype.SCALAR_NAMES[dst.name]}")




def has_internal_overlap(a):
    """True when ``a`` repeats elements (a stride 0 along a dimension longer than 1: an expanded tensor)."""
    return a.size > 1 and any(st == 0 and n > 1 for st, n in zip(a.strides, a.shape))


def check_internal_overlap(data):
    """PyTorch's refusal of an elementwise in-place write (``add_``, ``copy_``, ``exp_``,
    ``e[1:] = 5``) into a tensor that repeats elements; ``fill_``, ``e[0] = 1`` and the index
    ops (``masked_fill_``, ``index_fill_``, ``index_put_``) write through it."""
    if has_internal_overlap(data):
        raise RuntimeError(_INTERNAL)


def _start(a):
    return a.__array_interface__["data"][0]


def check_partial_overlap(data, others):
    """PyTorch's refusal of an in-place write into ``data`` (an ndarray) that partially overlaps a
    tensor argument: both dense (non-negative strides: tinytorch's flip is a view where PyTorch's
    is a copy), sharing memory, and not exactly the same elements in the same layout
    (``a.add_(a)`` is allowed, ``b[1:].add_(b[:-1])`` is not); PyTorch gives up, and allows, for
    other layouts."""
    if not data.size or not _dense(data) or min(data.strides, default=0) < 0:
        return
    for a in others:
        if not isinstance(a, Tensor):
            continue
        o = a._data
        if (not o.size or not _dense(o) or min(o.strides, default=0) < 0
                or not np.may_share_memory(data, o)):
            continue
        if _start(o) == _start(data) and o.size == data.size and o.itemsize == data.itemsize:
            if o.strides == data.strides:
                continue
        lo, hi = _start(data), _start(data) + data.size * data.itemsize
        olo, ohi = _start(o), _start(o) + o.size * o.itemsize
        if lo < ohi and olo < hi:
            raise RuntimeError(_SHARED)


def make_inplace(op):
    """The in-place method ``x.op_(...)`` for the out-of-place ``op(x, ...)``; a tensor argument
    that partially overlaps ``x`` is refused as in PyTorch."""
    def method(self, *args, **kwargs):
        others = args + tuple(kwargs.values())
        return apply_inplace(self, lambda old: (check_internal_overlap(self._data), check_partial_overlap(
            self._data, others), op(old, *args, **kwargs))[-1], others)
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}``."
    return method


def _dense(a):
    """True when ``a``'s elements fill its memory span exactly once (some permutation of a
    contiguous layout): the arrays PyTorch's overlap check can reason about."""
    dims = sorted((abs(st), n) for st, n in zip(a.strides, a.shape) if n != 1)
    expected = a.itemsize
    for stride, n in dims:
        if stride != expected:
            return False
        expected *= n
    return True


_SHARED = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single "
           "memory location. Please clone() the tensor before performing the operation.")
_INTERNAL = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
             "location. Please clone() the tensor before performing the operation.")


def make_inplace_unaliased(op, internal=True):
    """``make_inplace`` with PyTorch's aliasing checks for the index ops, made after the op's
    own argument checks and before the write: the written tensor may not repeat elements (a
    stride 0 along a dimension longer than 1, unless ``internal`` is False), nor share memory
    with a tensor argument when both are dense (PyTorch gives up, and allows it, for other
    layouts)."""
    def checked(self, old, args, kwargs):
        result = op(old, *args, **kwargs)
        data = self._data
        if internal and any(st == 0 and n > 1 for st, n in zip(data.strides, data.shape)):
            raise RuntimeError(_INTERNAL)
        for a in args + tuple(kwargs.values()):
            if (isinstance(a, Tensor) and a._data.size and data.size and _dense(data) and _dense(a._data)
                    and np.may_share_memory(data, a._data)):
                raise RuntimeError(_SHARED)
        return result

    def method(self, *args, **kwargs):
        return apply_inplace(self, lambda old: checked(self, old, args, kwargs), args + tuple(kwargs.values()))
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}`` (refused on aliased memory, as in PyTorch)."
    return method


# ---- fill_ and zero_: the old value is overwritten, so it gets a zero gradient ----------------

class ZeroBackward0(Node):
    """out = 0 everywhere  ->  d/dx = 0."""

    def forward(self, x):
        return np.zeros(x.shape, x.dtype)

    def backward(self, g):
        return (np.zeros(g.shape, g.dtype),)

    def backward_graph(self, g):
        return (Tensor._make(np.zeros(g._data.shape, g._data.dtype)),)   # a constant: no history


class FillBackward2(Node):
    """out = a Python number everywhere  ->  d/dx = 0."""

    def __init__(self, value):
        self.value = value

    def forward(self, x):
        out = np.empty(x.shape, x.dtype)
        out.fill(np.array(self.value).astype(x.dtype))
        return out

    def backward(self, g):
        return (np.zeros(g.shape, g.dtype),)

    backward_graph = ZeroBackward0.backward_graph


class FillBackward3(Node):
    """out = the 0-d tensor v everywhere  ->  d/dx = 0, d/dv = the sum of the gradient."""

    def forward(self, x, v):
        self.v_dtype = v.dtype
        out = np.empty(x.shape, x.dtype)
        out.fill(v[()])
        return out

    def backward(self, g):
        gv = kr.reduce(kr.SUM, g, tuple(range(g.ndim)), self.v_dtype) if self.needs_input_grad(1) else None
        return np.zeros(g.shape, g.dtype), gv

    def backward_graph(self, g):
        gv = g.sum().to(_dtype.from_numpy_dtype(self.v_dtype)) if self.needs_input_grad(1) else None
        return Tensor._make(np.zeros(g._data.shape, g._data.dtype)), gv


#: PyTorch's checked conversion of a number written into an integer tensor (see ``_checks``).
check_scalar_fits = _checks.scalar_fits
_C_TYPES = _checks.C_TYPES


@public(function=False)
def fill_(t, value, zero=False):
    """``t.fill_(value)`` / ``t.zero_()``: recorded as a node when the graph is being built."""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
    else:
        check_scalar_fits(value, t._data.dtype)
    base = t._base
    if _enabled[0] and (t._requires_grad or (base is not None and base._requires_grad) or (
            isinstance(value, Tensor) and value._requires_grad)):
        if zero:
            return apply_inplace(t, lambda old: ZeroBackward0().apply(old))
        if isinstance(value, Tensor):
            return apply_inplace(t, lambda old: FillBackward3().apply(old, value), (value,))
        return apply_inplace(t, lambda old: FillBackward2(value).apply(old))
    check_inplace(t)
    if isinstance(value, Tensor):
        value = value._data[()]
    elif isinstance(value, int) and value < 0 and t._data.dtype.kind == "u":
        value = np.array(value).astype(t._data.dtype)   # wraps, as PyTorch's conversion does
    t._data.fill(value)
    t._vc[0] += 1
    return t
