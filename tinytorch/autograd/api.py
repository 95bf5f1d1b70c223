"""``tinytorch.autograd.backward`` and ``tinytorch.autograd.grad``."""
from .engine import run_backward
from .function import edge_to


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _roots(outputs, grad_outputs):
    from ..ops.util import initial_grad

    outputs = _as_list(outputs)
    grad_outputs = _as_list(grad_outputs) if grad_outputs is not None else [None] * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(f"grad requires one gradient per output: got {len(grad_outputs)} for {len(outputs)}")
    nodes, grads = [], []
    for i, (t, g) in enumerate(zip(outputs, grad_outputs)):
        if not t.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        nodes.append(t.grad_fn if t.grad_fn is not None else edge_to(t)[0])
        grads.append(initial_grad(t, g))
    return nodes, grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the leaves' ``.grad``."""
    if create_graph:
        raise NotImplementedError("create_graph=True (higher-order gradients) is not supported by tinytorch")
    nodes, grads = _roots(tensors, grad_tensors)
    run_backward(nodes, grads, retain_graph=bool(retain_graph))


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (not accumulated)."""
    from .._tensor import Tensor

    if create_graph:
        raise NotImplementedError("create_graph=True (higher-order gradients) is not supported by tinytorch")
    inputs = _as_list(inputs)
    for i, t in enumerate(inputs):
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    targets = [t.grad_fn if t.grad_fn is not None else edge_to(t)[0] for t in inputs]
    capture = {node: None for node in targets}
    nodes, grads = _roots(outputs, grad_outputs)
    run_backward(nodes, grads, retain_graph=bool(retain_graph), capture=capture)
    result = []
    for i, (t, node) in enumerate(zip(inputs, targets)):
        g = capture[node]
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the graph. "
                "Set allow_unused=True if this is the desired behavior.")
        result.append(None if g is None else Tensor._make(g.astype(t._data.dtype, copy=True)))
    return tuple(result)
