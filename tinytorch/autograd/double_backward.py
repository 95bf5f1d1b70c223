"""The recorded backward of a fused node whose input gradient is linear in its output gradient.

For pooling, embedding and leaky ReLU, gx = B g with B fixed by the forward (the windows, the
argmax positions, the rows read, the slopes).  Under ``create_graph=True`` such a node records
its backward as one node, named as PyTorch names it (``MaxPool2DWithIndicesBackwardBackward0``),
whose own derivative is the chain rule for a linear map:

    d/dg <gg, B g> = B^T gg

``transpose(gg)`` computes B^T gg with recorded Tensor ops, so the gradient of the gradient can
be differentiated again.
"""
import numpy as np

from . import node as _node
from .node import Node


class LinearBackward(Node):
    """gx = backward(g) (arrays), recorded with edges to g and to the tensors PyTorch's node also
    points at (they receive no gradient: B does not depend on their values where it is defined)."""

    def __init__(self, backward, transpose):
        self._backward, self._transpose = backward, transpose

    def forward(self, g, *unused):
        return self._backward(g)

    def backward(self, gg):
        rest = (None,) * (len(self.next_functions) - 1)
        return (self._transpose(_node._Tensor._make(gg))._data,) + rest

    def backward_graph(self, gg):
        return (self._transpose(gg),) + (None,) * (len(self.next_functions) - 1)


_CLASSES = {}


def record(name, g, backward, transpose, inputs=()):
    """``backward(g)`` for Tensor ``g`` as a recorded node of class ``name``.

    backward: array -> array, the node's first-order input gradient; transpose: Tensor ->
    Tensor, B^T; inputs: Tensors the node points at besides g."""
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (LinearBackward,), {"__module__": __name__, "__doc__": LinearBackward.__doc__})
    return cls(backward, transpose).apply(g, *inputs)


def edge_only(node, i, shape, dtype):
    """A Tensor that carries input ``i``'s history of ``node`` but no data (its node points at
    that input without reading it); ``shape``/``dtype`` for the record."""
    return node.input_tensor(i, np.broadcast_to(np.zeros((), dtype), shape))
