"""Graph nodes.

Every differentiable op is a subclass of ``Node`` named as PyTorch names its node
(``MulBackward0``...).  One instance is created per call: ``forward`` computes the result
from NumPy arrays (through kernels) and saves what ``backward`` will need; ``backward``
maps the gradient of the output to one gradient per input (``None`` where an input needs
none).  The instance becomes the output's ``grad_fn``.

Saved arrays are checked against the inputs' version counters when backward reads them,
so an in-place change after the forward pass raises instead of giving a wrong gradient,
and they are freed after a backward pass unless ``retain_graph=True``.
"""
import weakref

import numpy as np

from .. import _dtype
from .anomaly_mode import _state as _anomaly
from .anomaly_mode import forward_stack
from . import saved_hooks as _graph
from .grad_mode import _enabled

#: The wording of the document's PyTorch release, which tinytorch reproduces.
FREED_MESSAGE = (
    "Trying to backward through the graph a second time, but the buffers have already been freed. "
    "Specify retain_graph=True when calling backward the first time."
)


class SparseGrad:
    """A gradient that is zero except at ``key``, where it is ``values``.

    A view's backward returns one (a slice, a row of ``unbind``) instead of a dense array of the
    input's shape, so that the gradients of many pieces of one tensor cost the size of the
    pieces: the engine adds them into a single buffer.  ``dense()`` builds the full array.
    """

    __slots__ = ("shape", "key", "values")

    def __init__(self, shape, key, values):
        self.shape, self.key, self.values = shape, key, values

    def dense(self):
        out = np.zeros(self.shape, self.values.dtype)
        out[self.key] = self.values
        return out


class Node:
    """A node of the backward graph (``tensor.grad_fn``).

    ``backward(grad)`` maps arrays to arrays (a first-order pass).  ``backward_graph(grad)``
    maps Tensors to Tensors while grad mode is on (``create_graph=True``), so the gradient is
    itself recorded and can be differentiated again; the default runs ``backward`` and marks
    its results as not differentiable again (see ``OnceDifferentiable``).
    A node with several outputs sets ``num_outputs``: its ``backward`` then receives a list
    with one gradient (or None) per output.
    """

    __slots__ = ("next_functions", "_saved", "_versions", "__dict__", "__weakref__")

    #: How many tensors the node produced (the outputs' ``_output_nr`` index them).
    num_outputs = 1
    #: Defaults an instance overrides when they change: saved values freed by a backward pass,
    #: the non-leaf tensor that asked for ``retain_grad()``, tensor hooks by output index.
    _freed = False
    _retained = None
    _hooks = None
    #: A formula node's saved roles (see FormulaNode); its input tensors are then kept too.
    roles = ()

    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, grad):
        raise NotImplementedError

    def backward_graph(self, grad):
        """``backward`` on Tensors, recorded: by default the array formula's results, each with
        a node that refuses a second differentiation (the formula is not written on Tensors)."""
        grads = self.backward(_arrays_of(grad))
        return once_differentiable_results(self, grad, grads)

    #: True for ops whose output shares the input's memory (views): the output then shares
    #: the input's version counter.
    is_view = False

    def apply(self, *tensors):
        """Run ``forward`` on the tensors' arrays; record this node when grad is needed.

        The edges are known before ``forward`` runs, so ``forward`` can ask
        ``needs_input_grad`` and save only what the needed gradients use.
        """
        self._saved = ()
        record = False
        if _enabled[0]:
            for t in tensors:
                if t._requires_grad:
                    record = True
                    break
        if not record:
            self.next_functions = ((None, 0),) * len(tensors)
            out = self.forward(*[t._data for t in tensors])
            self._saved = ()
            return _Tensor._make(out, None, False, tensors[0] if self.is_view else None)
        n = len(tensors)
        if n == 2:   # (the commonest cases spelled out, without comprehension frames)
            a, b = tensors
            self.next_functions = (edge_to(a), edge_to(b))
            out = self.forward(a._data, b._data)
        elif n == 1:
            a = tensors[0]
            self.next_functions = (edge_to(a),)
            out = self.forward(a._data)
        else:
            self.next_functions = tuple([edge_to(t) for t in tensors])
            out = self.forward(*[t._data for t in tensors])
        result = _Tensor._make(out, self, True, tensors[0] if self.is_view else None)
        if _anomaly[0]:
            self._forward_stack = forward_stack()
        if self._saved:
            if n == 2:
                self._versions = [(id(a._data), a._vc, a._vc[0]), (id(b._data), b._vc, b._vc[0]),
                                  (id(out), result._vc, 0)]
            elif n == 1:
                self._versions = [(id(a._data), a._vc, a._vc[0]), (id(out), result._vc, 0)]
            else:
                versions = [(id(t._data), t._vc, t._vc[0]) for t in tensors]
                versions.append((id(out), result._vc, 0))
                self._versions = versions
            if self.roles and "_unpack" not in self.__dict__:   # (with hooks, inputs come from unpack)
                self._inputs = tensors
        return result

    def input_tensor(self, i, array):
        """Array ``array`` (what input ``i`` was) as a Tensor carrying that input's history, for a
        ``backward_graph`` written on Tensors."""
        t = _Tensor._make(array)
        node, nr = self.next_functions[i]
        if node is not None:
            t._grad_fn, t._requires_grad, t._output_nr = node, True, nr
        return t

    def output_tensor(self, array):
        """This node's output (saved as ``array``) as a Tensor whose history is this node."""
        return _Tensor._make(array, self, True)

    # --- saved values -------------------------------------------------------------------
    def save_for_backward(self, *arrays):
        """Keep ``arrays`` (inputs, the output, or intermediates) for ``backward`` (through the
        innermost ``saved_tensors_hooks`` pack hook when one is active)."""
        if (_graph.hooks_stack and _graph.hooks_stack[-1] is not None
                and any(e[0] is not None for e in self.next_functions)):   # (only a recorded node packs)
            pack, unpack = _graph.hooks_stack[-1]
            self._unpack = unpack
            self._saved = tuple(None if a is None else _Packed(pack(_Tensor._make(a))) for a in arrays)
            return
        self._saved = arrays

    @property
    def saved_arrays(self):
        """The saved arrays; raises if they were freed or an input was modified in place."""
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        unpack = self.__dict__.get("_unpack")
        if unpack is not None:
            return tuple(None if p is None else _unpacked(unpack, p.value) for p in self._saved)
        for array_id, counter, version in getattr(self, "_versions", ()):
            if counter[0] != version and any(a is not None and id(a) == array_id for a in self._saved):
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an "
                    f"inplace operation: it is an input or output of {self.name()}, is at version "
                    f"{counter[0]}; expected version {version} instead."
                )
        return self._saved

    def release(self):
        """Free the saved arrays (after a backward pass without ``retain_graph``)."""
        if self._saved:
            self._saved = ()
            self._freed = True
            self.__dict__.pop("_inputs", None)

    def needs_input_grad(self, i):
        return self.next_functions[i][0] is not None

    # --- PyTorch's node interface ---------------------------------------------------------
    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {id(self):#x}>"


class _Packed:
    """What a ``saved_tensors_hooks`` pack hook returned for one saved value."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _unpacked(unpack, packed):
    t = unpack(packed)
    if not isinstance(t, _Tensor):
        raise TypeError(f"Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                        f"{type(t).__name__}")
    return t._data


class FormulaNode(Node):
    """A node whose derivative is written once, on Tensors: ``grads`` holds one formula per
    input, ``formula(node, g, *saved) -> Tensor``, where ``saved`` are the saved values as
    Tensors and ``roles`` says what each saved array is (an input's index, "out", or "const"
    for data the node was given, such as a mask).

    A first-order pass runs the formulas on plain Tensors without recording; under
    ``create_graph=True`` the saved values are the graph's own tensors (an input keeps its
    history, the output is this node's output), so the gradient is recorded and can be
    differentiated again.  A formula may return a gradient of the broadcast shape: it is
    summed back to the input's shape (``in_meta``: one (shape, dtype) per input, set by forward).
    """

    grads = ()
    roles = ()

    def backward(self, grad):
        make = _Tensor._make
        g = make(grad)
        if self.roles:
            arrays = self.saved_arrays   # (raises once freed, or after an in-place change)
            inputs = self.__dict__.get("_inputs")   # (absent in a copy whose arrays were restored)
            saved = [None if a is None else inputs[role] if inputs is not None and type(role) is int else make(a)
                     for role, a in zip(self.roles, arrays)]
        else:
            saved = ()
        grads, metas, edges = self.grads, self.in_meta, self.next_functions
        out = [None] * len(grads)
        for i in range(len(grads)):
            if edges[i][0] is not None:
                r = grads[i](self, g, *saved)._data
                shape, dt = metas[i]
                if r.shape != shape:
                    r = _sum_to(r, shape)
                out[i] = r if r.dtype == dt else r.astype(dt)
        return out

    def backward_graph(self, grad):
        saved = [self._graph_tensor(role, a) for role, a in zip(self.roles, self.saved_arrays)]
        out = []
        for i, formula in enumerate(self.grads):
            if self.next_functions[i][0] is None:
                out.append(None)
                continue
            r = formula(self, grad, *saved)
            shape, dt = self.in_meta[i]
            if r._data.shape != shape:
                r = _sum_to_tensor(r, shape)
            out.append(r if r._data.dtype == dt else r.to(_dtype.from_numpy_dtype(dt)))
        return out

    def _graph_tensor(self, role, array):
        """Saved array ``array`` as a Tensor that carries the history of what it was: the input
        tensor itself, or the output rebuilt with this node as its ``grad_fn``."""
        if array is None:
            return None
        if role == "out":
            return self.output_tensor(array)
        if role == "const":   # data the node was given (a mask), not a graph input
            return _Tensor._make(array)
        inputs = self.__dict__.get("_inputs")
        return inputs[role] if inputs is not None else self.input_tensor(role, array)


def _sum_to(g, shape):
    from ..ops.util import sum_to
    return sum_to(g, shape)


def _sum_to_tensor(t, shape):
    """Tensor ``t`` summed over the dimensions broadcasting added to ``shape`` (recorded)."""
    if t._data.shape == tuple(shape):
        return t
    lead = t._data.ndim - len(shape)
    dims = list(range(lead)) + [i + lead for i, s in enumerate(shape) if s == 1 and t._data.shape[i + lead] != 1]
    return t.sum(dims, keepdim=True).reshape(shape) if dims else t.reshape(shape)




class AccumulateGrad(Node):
    """The node that ends every path at a leaf: adds the arriving gradient to ``leaf.grad``."""

    def __init__(self, variable):
        self.variable = variable
        self.next_functions = ()
        self._saved = ()


def accumulator_of(t):
    """The live ``AccumulateGrad`` node of leaf ``t``, or None.

    The leaf holds it weakly (as PyTorch does): the graph keeps it alive, and no reference
    cycle links a leaf to its node, so a finished graph is freed without the cycle collector.
    """
    ref = t._accumulator
    return ref() if ref is not None else None


def edge_to(t):
    """The (node, output index) pair by which a new node points at input tensor ``t``."""
    node = t._grad_fn if t._base is None else t.grad_fn  # a view's grad_fn may need rebasing
    if node is not None:
        return (node, t._output_nr)
    if t._requires_grad:
        node = accumulator_of(t)
        if node is None:
            node = AccumulateGrad(t)
            t._accumulator = weakref.ref(node)
        return (node, 0)
    return (None, 0)


class OnceDifferentiable(Node):
    """The node of a gradient computed by a formula that is not written on Tensors, under
    ``create_graph=True``: the gradient's value is right, and differentiating it again raises
    (PyTorch raises the same way for a Function marked ``@once_differentiable``)."""

    def __init__(self, source, message=None):
        self.source = source
        self.message = message or (
            f"the derivative of {source} is computed on arrays in tinytorch and cannot be differentiated "
            "again yet (create_graph=True needs a formula written on Tensors)")
        self._saved = ()

    def backward(self, grad):
        raise RuntimeError(self.message)

    backward_graph = backward


def _arrays_of(grad):
    """A Tensor gradient (or a list of them, None allowed) as arrays."""
    if type(grad) is list:
        return [None if g is None else g._data for g in grad]
    return grad._data


def once_differentiable_results(node, grad, grads, message=None):
    """Wrap array gradients ``grads`` (one per edge of ``node``; None or SparseGrad allowed) as
    Tensors that depend on ``grad`` and on ``node``'s inputs through a ``OnceDifferentiable``
    node, so a second differentiation that reaches them raises instead of treating them as
    constants."""
    sources = [grad] if type(grad) is not list else [g for g in grad if g is not None]
    edges = [edge_to(g) for g in sources if g._requires_grad] + [e for e in node.next_functions if e[0] is not None]
    out = []
    for gi in grads:
        if gi is None:
            out.append(None)
            continue
        if type(gi) is SparseGrad:
            gi = gi.dense()
        if edges:
            stop = OnceDifferentiable(node.name(), message)
            stop.next_functions = tuple(edges)
            out.append(_Tensor._make(gi, stop, True))
        else:
            out.append(_Tensor._make(gi))
    return out


_Tensor = None  # set by tinytorch._tensor, which imports this module


def _bind_tensor(cls):
    global _Tensor
    _Tensor = cls
