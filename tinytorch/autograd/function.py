"""Graph nodes.

Every differentiable op is a subclass of ``Function`` named as PyTorch names its node
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


class Function:
    """A node of the backward graph (``tensor.grad_fn``)."""

    __slots__ = ("next_functions", "_saved", "_versions", "_freed", "_retained", "__dict__", "__weakref__")

    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, grad):
        raise NotImplementedError

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
        self.next_functions = tuple([edge_to(t) for t in tensors])
        out = self.forward(*[t._data for t in tensors])
        self._freed = False
        self._retained = None
        result = _Tensor._make(out, self, True, tensors[0] if self.is_view else None)
        if self._saved:
            versions = [(id(t._data), t._vc, t._vc[0]) for t in tensors]
            versions.append((id(out), result._vc, 0))
            self._versions = versions
        return result

    # --- saved values -------------------------------------------------------------------
    def save_for_backward(self, *arrays):
        """Keep ``arrays`` (inputs, the output, or intermediates) for ``backward``."""
        self._saved = arrays

    @property
    def saved_arrays(self):
        """The saved arrays; raises if they were freed or an input was modified in place."""
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
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

    def needs_input_grad(self, i):
        return self.next_functions[i][0] is not None

    # --- PyTorch's node interface ---------------------------------------------------------
    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {id(self):#x}>"


class AccumulateGrad(Function):
    """The node that ends every path at a leaf: adds the arriving gradient to ``leaf.grad``."""

    def __init__(self, variable):
        self.variable = variable
        self.next_functions = ()
        self._saved = ()
        self._freed = False
        self._retained = None


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
        return (node, 0)
    if t._requires_grad:
        node = accumulator_of(t)
        if node is None:
            node = AccumulateGrad(t)
            t._accumulator = weakref.ref(node)
        return (node, 0)
    return (None, 0)


_Tensor = None  # set by tinytorch._tensor, which imports this module


def _bind_tensor(cls):
    global _Tensor
    _Tensor = cls
