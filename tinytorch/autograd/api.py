"""``tinytorch.autograd.backward`` and ``tinytorch.autograd.grad``."""
import warnings

import numpy as np

from . import node as _node
from .engine import accumulate, accumulate_graph
from .engine import run_backward
from .node import edge_to


def initial_grad(t, gradient):
    """The gradient that starts a backward pass from ``t``."""
    if gradient is None:
        if t._data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        ones = np.empty(t._data.shape, t._data.dtype)
        ones.fill(1)
        return ones
    if not isinstance(gradient, _node._Tensor):
        gradient = _node._Tensor._make(np.asarray(gradient, dtype=t._data.dtype))
    if gradient._data.shape != t._data.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output[0] has a shape of {gradient.shape!r} and output[0] "
            f"has a shape of {t.shape!r}.")
    g = gradient._data
    return g if g.dtype == t._data.dtype else g.astype(t._data.dtype)


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _roots(outputs, grad_outputs, create_graph=False):
    """The root edges and their starting gradients (arrays; Tensors with ``create_graph``)."""
    Tensor = _node._Tensor
    outputs = _as_list(outputs)
    grad_outputs = _as_list(grad_outputs) if grad_outputs is not None else [None] * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(f"grad requires one gradient per output: got {len(grad_outputs)} for {len(outputs)}")
    nodes, grads = [], []
    for i, (t, g) in enumerate(zip(outputs, grad_outputs)):
        if not t.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        nodes.append((t.grad_fn, t._output_nr) if t.grad_fn is not None else edge_to(t))
        g0 = initial_grad(t, g)
        if create_graph:   # a given gradient keeps its own history (double backward through it)
            g0 = g if isinstance(g, Tensor) and g._data.dtype == g0.dtype else Tensor._make(g0)
        grads.append(g0)
    return nodes, grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the leaves' ``.grad``.

    inputs: a tensor or a sequence of tensors; when given, only their ``.grad`` is
    accumulated (leaves or not), and no other tensor's ``.grad`` is touched.
    """
    if retain_graph is None:
        retain_graph = create_graph
    nodes, grads = _roots(tensors, grad_tensors, create_graph)
    if create_graph and inputs is None:
        warnings.warn(
            "Using backward() with create_graph=True will create a reference cycle between the parameter and "
            "its gradient which can cause a memory leak. We recommend using autograd.grad when creating the "
            "graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your "
            "parameters to None after use to break the cycle and avoid the leak.", UserWarning, stacklevel=3)
    if inputs is None:
        run_backward(nodes, grads, retain_graph=bool(retain_graph), create_graph=create_graph)
        return
    inputs = _as_list(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    unique = list({id(t): t for t in inputs}.values())
    if any(not t.requires_grad for t in unique):  # PyTorch's wording (it retains the inputs' grads)
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    targets = _targets(unique)
    capture = {node: None for node in targets}
    run_backward(nodes, grads, retain_graph=bool(retain_graph), capture=capture, create_graph=create_graph)
    for t, node in zip(unique, targets):
        if capture[node] is not None and node._retained is not t:  # (the engine filled a retained grad)
            if create_graph:
                accumulate_graph(t, capture[node])
            else:
                accumulate(t, capture[node])


def _targets(inputs):
    """The node whose incoming gradient is the gradient of each tensor in ``inputs``."""
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    return [t.grad_fn if t.grad_fn is not None else edge_to(t)[0] for t in inputs]


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (not accumulated).

    create_graph: record the backward pass, so the gradients can be differentiated again
    (Hessian-vector products, gradient penalties); ``retain_graph`` then defaults to True."""
    from .._tensor import Tensor

    if retain_graph is None:
        retain_graph = create_graph
    inputs = _as_list(inputs)
    targets = _targets(inputs)
    capture = {node: None for node in targets}
    nodes, grads = _roots(outputs, grad_outputs, create_graph)
    run_backward(nodes, grads, retain_graph=bool(retain_graph), capture=capture, create_graph=create_graph)
    result = []
    for i, (t, node) in enumerate(zip(inputs, targets)):
        g = capture[node]
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the graph. "
                "Set allow_unused=True if this is the desired behavior.")
        if g is None:
            result.append(None)
        elif create_graph:
            result.append(g if g._data.dtype == t._data.dtype else g.to(t.dtype))
        else:
            result.append(Tensor._make(g.astype(t._data.dtype, copy=True)))
    return tuple(result)
