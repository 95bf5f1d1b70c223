"""``tinytorch.autograd.Function``: the ctx-style custom op a learner writes, as PyTorch defines it.

    class MyReLU(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):                 # Tensors in, Tensors out (not recorded)
            ctx.save_for_backward(x)
            return x.clamp(min=0)

        @staticmethod
        def backward(ctx, grad_output):      # one gradient per forward input
            x, = ctx.saved_tensors
            return grad_output * (x > 0)

    y = MyReLU.apply(x)                      # y.grad_fn is a MyReLUBackward node: the ctx

Each subclass gets a node class ``<Name>Backward``; one instance per ``apply`` is both the
``ctx`` that ``forward`` fills and the output's ``grad_fn``.  ``backward`` runs on Tensors:
under ``create_graph=True`` its ops are recorded, so a Function is differentiable twice
unless its backward is marked ``@once_differentiable``.
"""
import functools

import numpy as np

from .. import _dtype, _printing
from .anomaly_mode import _state as _anomaly
from .anomaly_mode import forward_stack
from .grad_mode import _enabled
from . import saved_hooks
from .node import FREED_MESSAGE, Node, _Packed, _sum_to_tensor, edge_to, once_differentiable_results


class FunctionCtx:
    """What ``forward`` may use on ``ctx`` (and ``backward`` reads back)."""

    __slots__ = ()

    def save_for_backward(self, *tensors):
        """Keep tensors (inputs, outputs or intermediates; None allowed) for ``backward``."""
        for t in tensors:
            if t is not None and not isinstance(t, _tensor_type()):
                raise TypeError(f"save_for_backward can only save variables, but argument {tensors.index(t)} "
                                f"is of type {type(t).__name__}")
        self._to_save = tensors

    def mark_dirty(self, *tensors):
        """Declare the inputs that ``forward`` modified in place (and returns)."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        """Declare outputs that get no gradient (indices, masks); backward receives zeros for them."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        """False: ``backward`` receives None (not zeros) for outputs that got no gradient."""
        self.materialize_grads = bool(value)


class BackwardCFunction(FunctionCtx, Node):
    """The node of one ``apply`` call of a custom Function (its class: ``<Name>Backward``)."""

    _function = None   # the user's Function subclass
    materialize_grads = True

    def __repr__(self):
        return f"<{_printing.MODULE_NAME}.autograd.function.{type(self).__name__} object at {id(self):#x}>"

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward``; raises once freed by a backward pass or
        when one was modified in place since."""
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        for t, version in self._saved_versions:
            if t is not None and t._vc[0] != version:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an "
                    f"inplace operation: [{_type_name(t)} {list(t.shape)}] is at version {t._vc[0]}; "
                    f"expected version {version} instead.")
        unpack = self.__dict__.get("_unpack")
        if unpack is not None:
            return tuple(None if p is None else unpack(p.value) for p in self._saved)
        return tuple(self._saved)

    def release(self):
        if self._saved:
            self._saved = ()
            self._saved_versions = ()
            self._freed = True

    def backward(self, grad):
        """First-order pass: arrays in and out, the user's backward run on Tensors without recording."""
        Tensor = _tensor_type()
        grads = [None if g is None else Tensor._make(g) for g in (grad if type(grad) is list else [grad])]
        return [None if r is None else r._data for r in self._call_backward(grads)]

    def backward_graph(self, grad):
        grads = list(grad) if type(grad) is list else [grad]
        if getattr(self._function.backward, "_once_differentiable", False):
            with_grad = _enabled[0]
            _enabled[0] = False
            try:
                arrays = [None if r is None else r._data for r in self._call_backward(grads)]
            finally:
                _enabled[0] = with_grad
            return once_differentiable_results(
                self, grad, arrays,
                "trying to differentiate twice a function that was marked with @once_differentiable")
        return self._call_backward(grads)

    def _call_backward(self, grads):
        """The user's backward on one gradient per output; returns one per tensor input (edge)."""
        Tensor = _tensor_type()
        for i, (g, meta) in enumerate(zip(grads, self._outputs)):
            if g is None and self.materialize_grads:
                grads[i] = Tensor._make(np.zeros(*meta))
        result = self._function.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        name = type(self).__name__
        if len(result) != len(self._inputs):
            if len(result) > len(self._inputs) and all(r is None for r in result[len(self._inputs):]):
                result = result[:len(self._inputs)]
            else:
                raise RuntimeError(f"function {name} returned an incorrect number of gradients (expected "
                                   f"{len(self._inputs)}, got {len(result)})")
        out = []
        for i, (r, meta) in enumerate(zip(result, self._inputs)):
            if meta is None:   # not a tensor input: its "gradient" must be None
                if r is not None:
                    raise RuntimeError(f"function {name} returned a gradient different than None at position "
                                       f"{i + 1}, but the corresponding forward input was not a Variable")
                continue
            if r is not None:
                if not isinstance(r, Tensor):
                    raise TypeError(f"function {name} returned a gradient of type {type(r).__name__} at position "
                                    f"{i + 1}; expected a Tensor or None")
                shape, dtype = meta
                if r._data.shape != shape:
                    if _expandable(shape, r._data.shape):
                        r = _sum_to_tensor(r, shape)
                    else:
                        raise RuntimeError(f"Function {name} returned an invalid gradient at index {i} - got "
                                           f"{list(r._data.shape)} but expected shape compatible with {list(shape)}")
                if r._data.dtype != dtype:
                    r = r.to(_dtype.from_numpy_dtype(dtype))
            out.append(r)
        return out


class _FunctionMeta(type):
    """Gives every Function subclass its node class, ``<Name>Backward``."""

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,), {"_function": cls, "__slots__": ()})
        cls._backward_cls.__module__ = __name__


class Function(FunctionCtx, metaclass=_FunctionMeta):
    """Base class of a custom differentiable op: subclass it, write static ``forward(ctx, ...)``
    (or ``forward(...)`` plus ``setup_context(ctx, inputs, output)``) and ``backward(ctx, *grads)``,
    and call ``YourFunction.apply(...)``."""

    def __init__(self, *args, **kwargs):
        import warnings
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions are all "
                      "static, so you should invoke them on the class itself. Instantiating an autograd "
                      "function will raise an error in a future version of PyTorch.", DeprecationWarning,
                      stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use new-style "
            "autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run ``forward`` without recording; record one ``<Name>Backward`` node for all outputs."""
        Tensor = _tensor_type()
        ctx = cls._backward_cls.__new__(cls._backward_cls)
        inputs = [a if isinstance(a, Tensor) else None for a in args]
        record = _enabled[0] and any(t is not None and t._requires_grad for t in inputs)
        ctx.needs_input_grad = tuple(t is not None and t._requires_grad and record for t in inputs)
        with_grad = _enabled[0]
        _enabled[0] = False
        try:
            if cls.setup_context is Function.setup_context:
                outputs = cls.forward(ctx, *args, **kwargs)
            else:
                outputs = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, outputs)
        finally:
            _enabled[0] = with_grad
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        dirty = {id(t) for t in getattr(ctx, "_dirty", ())}
        non_diff = {id(t) for t in getattr(ctx, "_non_differentiable", ())}
        results = []
        if not record:
            for o in outs:
                results.append(_alias(o, inputs) if isinstance(o, Tensor) and id(o) not in dirty else o)
            return results[0] if single else tuple(results)
        ctx.next_functions = tuple(edge_to(t) for t in inputs if t is not None)
        if _anomaly[0]:
            ctx._forward_stack = forward_stack()
        ctx._inputs = [None if t is None else (t._data.shape, t._data.dtype) for t in inputs]
        ctx._saved = ()
        tensor_outs = [o for o in outs if isinstance(o, Tensor)]
        ctx.num_outputs = len(tensor_outs)
        ctx._outputs = [(o._data.shape, o._data.dtype) for o in tensor_outs]
        index = 0
        for o in outs:
            if not isinstance(o, Tensor):
                results.append(o)
                continue
            if id(o) in non_diff:
                t = _alias(o, inputs)
                t._requires_grad = False
            elif id(o) in dirty:
                t = _rebase_dirty(o, ctx, index)
            else:
                t = _alias(o, inputs)
                if t._data.dtype.kind in "fc":
                    t._grad_fn, t._requires_grad, t._output_nr = ctx, True, index
            results.append(t)
            index += 1
        saved = tuple(_saved_tensor(s, outs, results) for s in getattr(ctx, "_to_save", ()))
        ctx._saved_versions = tuple((s, s._vc[0]) if s is not None else (None, 0) for s in saved)
        if saved_hooks.hooks_stack and saved_hooks.hooks_stack[-1] is not None:
            pack, ctx._unpack = saved_hooks.hooks_stack[-1]
            saved = tuple(None if s is None else _Packed(pack(s)) for s in saved)
            ctx._saved_versions = ()
        ctx._saved = saved
        if hasattr(ctx, "_to_save"):
            del ctx._to_save
        return results[0] if single else tuple(results)


def once_differentiable(backward):
    """Mark a Function's ``backward`` as not differentiable again: under ``create_graph=True``
    its gradients carry a node that raises if a second backward reaches it."""
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        return backward(ctx, *grads)
    wrapper._once_differentiable = True
    return wrapper


class InplaceFunction(Function):
    """PyTorch's base for Functions with an ``inplace`` flag."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace


class NestedIOFunction(Function):
    """Present for PyTorch's namespace; tinytorch supports only the static ``apply`` form."""


def _alias(o, inputs):
    """An output tensor as a new tensor object: an input returned as is becomes a new tensor
    sharing its memory (and version counter), as PyTorch makes a view of it."""
    Tensor = _tensor_type()
    if any(o is t for t in inputs if t is not None):
        return Tensor._make(o._data, None, False, o)
    if o._grad_fn is None and not o._requires_grad:
        return o
    return Tensor._make(o._data, None, False, o if o._base is None else o._base)


def _rebase_dirty(o, ctx, index):
    """An input modified in place by ``forward``: it now has the Function's node as its history."""
    if o._grad_fn is None and o._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
    o._vc[0] += 1
    o._grad_fn, o._requires_grad, o._output_nr = ctx, True, index
    return o


def _saved_tensor(s, outs, results):
    """A saved output is saved as the returned tensor (with its history), as PyTorch does."""
    if s is None:
        return None
    for o, r in zip(outs, results):
        if s is o:
            return r
    return s


def _expandable(shape, target):
    """True when ``shape`` broadcasts to ``target`` (a gradient of that shape is summed back)."""
    try:
        return np.broadcast_shapes(tuple(shape), tuple(target)) == tuple(target)
    except ValueError:
        return False


def _type_name(t):
    return f"{_printing.MODULE_NAME}.{_dtype.SCALAR_NAMES[t._data.dtype.name]}Tensor"


def _tensor_type():
    from .node import _Tensor
    return _Tensor
