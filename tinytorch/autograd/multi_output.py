"""Nodes with several outputs and one derivative formula for all of them (the factorizations:
``linalg.svd`` gives U, S and Vh, whose gradients combine in one formula).

A subclass defines ``forward(*arrays) -> tuple of arrays`` (the differentiable outputs first:
``num_outputs`` of them; the rest, such as an ``info`` code, are returned without history),
``roles`` (what each saved array is: an input's index, ``("out", k)`` for output k, or
"const") and ``vjp(grads, *saved) -> one Tensor (or None) per input``, written on Tensors:
``grads`` holds one Tensor per differentiable output, None where no gradient arrived.  A
first-order pass runs ``vjp`` on plain Tensors without recording; under ``create_graph=True``
the saved values are the graph's own tensors, so the gradient is differentiable again.
Gradients of broadcast inputs are summed back to the inputs' shapes.
"""
from .. import _dtype
from . import node as _node
from .anomaly_mode import _state as _anomaly
from .anomaly_mode import forward_stack
from .grad_mode import _enabled
from .node import Node, SparseGrad, _sum_to, _sum_to_tensor, edge_to


class MultiOutputNode(Node):
    """One node for all outputs of an op (``num_outputs`` differentiable ones)."""

    roles = ()

    def apply(self, *tensors):
        """The op's outputs as a tuple of Tensors, the first ``num_outputs`` recorded."""
        make = _node._Tensor._make
        self._saved = ()
        self.in_meta = tuple((t._data.shape, t._data.dtype) for t in tensors)
        record = _enabled[0] and any(t._requires_grad for t in tensors)
        if not record:
            self.next_functions = ((None, 0),) * len(tensors)
            outs = self.forward(*[t._data for t in tensors])
            self._saved = ()
            return tuple(make(o) for o in outs)
        self.next_functions = tuple(edge_to(t) for t in tensors)
        outs = self.forward(*[t._data for t in tensors])
        results = []
        for k, o in enumerate(outs):
            if k < self.num_outputs:
                t = make(o, self, True)
                t._output_nr = k
            else:
                t = make(o)
            results.append(t)
        if _anomaly[0]:
            self._forward_stack = forward_stack()
        if self._saved:
            versions = [(id(t._data), t._vc, t._vc[0]) for t in tensors]
            versions += [(id(r._data), r._vc, 0) for r in results[:self.num_outputs]]
            self._versions = versions
            self._inputs = tensors
        return tuple(results)

    def vjp(self, grads, *saved):
        raise NotImplementedError

    def _grads_list(self, grad):
        grads = list(grad) if type(grad) is list else [grad]
        return [g.dense() if type(g) is SparseGrad else g for g in grads]

    def backward(self, grad):
        make = _node._Tensor._make
        grads = [None if g is None else make(g) for g in self._grads_list(grad)]
        saved = [None if a is None else make(a) for a in self.saved_arrays]
        out = []
        for r, (shape, dt) in zip(self.vjp(grads, *saved), self.in_meta):
            if r is None:
                out.append(None)
                continue
            r = r._data
            if r.shape != shape:
                r = _sum_to(r, shape)
            out.append(r if r.dtype == dt else r.astype(dt))
        return out

    def backward_graph(self, grad):
        saved = [self._graph_tensor(role, a) for role, a in zip(self.roles, self.saved_arrays)]
        out = []
        for r, (shape, dt) in zip(self.vjp(self._grads_list(grad), *saved), self.in_meta):
            if r is None:
                out.append(None)
                continue
            if r._data.shape != shape:
                r = _sum_to_tensor(r, shape)
            out.append(r if r._data.dtype == dt else r.to(_dtype.from_numpy_dtype(dt)))
        return out

    def _graph_tensor(self, role, array):
        """A saved array as the tensor of the graph it was: an input with its history, or
        output k with this node as its ``grad_fn``."""
        if array is None:
            return None
        make = _node._Tensor._make
        if role == "const":
            return make(array)
        if type(role) is tuple:
            t = make(array, self, True)
            t._output_nr = role[1]
            return t
        inputs = self.__dict__.get("_inputs")
        return inputs[role] if inputs is not None else self.input_tensor(role, array)
