"""Composite ops: an op written as a few lines of Tensor code, recorded as one node with
PyTorch's name.

    smooth_max = composite("SmoothMaxBackward0", lambda a, b: ((a * 4).exp() + (b * 4).exp()).log() / 4)

``composite(name, fn)`` returns an op that runs ``fn`` (built of primitives) and records a
single ``name`` node in the user's graph, so the output prints ``grad_fn=<name>`` as in
PyTorch.  The primitives' own graph is kept inside the node: backward runs the engine over
it (no formula to write).  Under ``create_graph=True`` the node recomputes ``fn`` on the
graph's own tensors and differentiates that, so a composite is differentiable again whenever
its primitives are.
"""
from . import node as _node
from .api import grad as _grad
from .grad_mode import _enabled
from .node import FREED_MESSAGE, Node, edge_to


class CompositeNode(Node):
    """One call of a composite op: ``fn(*tensors, **kwargs)`` with its inner graph."""

    fn = None

    def __init__(self, kwargs):
        self.kwargs = kwargs

    def run(self, tensors):
        make = _node._Tensor._make
        if not (_enabled[0] and any(t._requires_grad for t in tensors)):
            with_grad = _enabled[0]
            _enabled[0] = False
            try:
                return type(self).fn(*tensors, **self.kwargs)
            finally:
                _enabled[0] = with_grad
        inner = [make(t._data, None, t._requires_grad, t) for t in tensors]   # leaves on the same memory
        out = type(self).fn(*inner, **self.kwargs)
        self.next_functions = tuple(edge_to(t) for t in tensors)
        self._inputs, self._inner, self._inner_out = tensors, inner, out
        self._saved = (True,)   # the inner graph, released after a backward pass without retain_graph
        return make(out._data, self, True)

    def backward(self, grad):
        """The inner graph's gradients, by the engine (arrays in and out)."""
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        wanted = [t for t, (node, _) in zip(self._inner, self.next_functions) if node is not None]
        found = iter(_grad(self._inner_out, wanted, _node._Tensor._make(grad), retain_graph=True,
                           allow_unused=True))
        return [None if node is None else _array(next(found)) for node, _ in self.next_functions]

    def backward_graph(self, grad):
        """``fn`` recomputed on the graph's own tensors and differentiated with recording."""
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        tensors = [self.input_tensor(i, t._data) for i, t in enumerate(self._inputs)]
        out = type(self).fn(*tensors, **self.kwargs)
        wanted = [t for t, (node, _) in zip(tensors, self.next_functions) if node is not None]
        found = iter(_grad(out, wanted, grad, create_graph=True, allow_unused=True))
        return [None if node is None else next(found) for node, _ in self.next_functions]

    def release(self):
        if self._saved:
            self._saved = ()
            self._freed = True
            self._inner = self._inner_out = None


def _array(g):
    return None if g is None else g._data


def composite(name, fn):
    """An op computing ``fn(*tensors, **kwargs)`` and recording it as one node named ``name``."""
    cls = type(name, (CompositeNode,), {"fn": staticmethod(fn), "__module__": __name__,
                                        "__doc__": fn.__doc__})

    def op(*tensors, **kwargs):
        return cls(kwargs).run(tensors)

    op.__name__ = op.__qualname__ = getattr(fn, "__name__", name)
    op.__doc__ = fn.__doc__
    return op
