"""``tinytorch.autograd.functional``: derivatives of a whole function, as PyTorch defines them.

``vjp`` (v^T J) is one backward pass; ``jacobian`` is one per output element; ``jvp``
(J v) uses the double-backward trick (the vector-Jacobian product is linear in v, so its
derivative with respect to v, taken along u, is J u); ``hessian`` is the Jacobian of the
gradient; ``vhp`` / ``hvp`` differentiate the gradient once more.  Inputs and outputs
follow PyTorch's convention: a tensor in gives a tensor out, a tuple gives a tuple.
"""
from .api import grad as _grad
from .grad_mode import enable_grad


def _as_tuple(x, name, fn):
    """(tuple of tensors, whether ``x`` was a tuple)."""
    from .._tensor import Tensor

    if isinstance(x, Tensor):
        return (x,), False
    if not isinstance(x, (tuple, list)):
        raise TypeError(f"The {name} given to {fn} must be either a Tensor or a tuple of Tensors but the "
                        f"value at index 0 has type {type(x).__name__}.")
    for i, t in enumerate(x):
        if not isinstance(t, Tensor):
            raise TypeError(f"The {name} given to {fn} must be either a Tensor or a tuple of Tensors but the "
                            f"value at index {i} has type {type(t).__name__}.")
    return tuple(x), True


def _prepare(inputs, create_graph):
    """Inputs that require grad: the given tensors themselves when ``create_graph`` (so the
    result stays connected to them), else detached copies."""
    return tuple(t if create_graph and t.requires_grad else t.detach().requires_grad_(True) for t in inputs)


def _grads(outputs, inputs, grad_outputs, create_graph, strict, fn):
    """``autograd.grad`` with zeros for unused inputs (or, ``strict``, PyTorch's error)."""
    from .._creation import zeros_like

    diff = [o for o in outputs if o.requires_grad]
    vs = [v for o, v in zip(outputs, grad_outputs) if o.requires_grad]
    grads = _grad(diff, list(inputs), vs, create_graph=create_graph, retain_graph=True,
                  allow_unused=True) if diff else (None,) * len(inputs)
    out = []
    for i, (g, t) in enumerate(zip(grads, inputs)):
        if g is None:
            if strict:
                raise RuntimeError(f"The output of the user-provided function is independent of input {i}. "
                                   f"This is not allowed in strict mode.")
            g = zeros_like(t)
        out.append(g)
    return tuple(out)


def _finish(values, is_tuple, create_graph):
    values = tuple(v if create_graph else v.detach() for v in values)
    return values if is_tuple else values[0]


def _check_v(v, like, fn):
    v, _ = _as_tuple(v, "v", fn)
    if len(v) != len(like):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(like)} but got {len(v)}.")
    for i, (a, b) in enumerate(zip(v, like)):
        if a.shape != b.shape:
            raise RuntimeError(f"Entry {i} in v has invalid size: should be {b.shape} but got {a.shape}.")
    return v


def _default_v(outputs, fn):
    from .._creation import ones_like

    if len(outputs) != 1 or outputs[0].numel() != 1:
        raise RuntimeError(f"The vector v can only be None if the user-provided function returns a single "
                           f"Tensor with a single element.")
    return (ones_like(outputs[0]),)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product at ``inputs``."""
    inputs, in_tuple = _as_tuple(inputs, "inputs", "vjp")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _as_tuple(func(*inputs), "outputs of the user-provided function", "vjp")
        v = _default_v(outputs, "vjp") if v is None else _check_v(v, outputs, "vjp")
        result = _grads(outputs, inputs, v, create_graph, strict, "vjp")
    return _finish(outputs, out_tuple, create_graph), _finish(result, in_tuple, create_graph)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, by the double-backward trick."""
    from .._creation import zeros_like

    inputs, in_tuple = _as_tuple(inputs, "inputs", "jvp")
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided function is "
                               "a single Tensor with a single element.")
        from .._creation import ones_like
        v = (ones_like(inputs[0]),)
    else:
        v = _check_v(v, inputs, "jvp")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _as_tuple(func(*inputs), "outputs of the user-provided function", "jvp")
        us = tuple(zeros_like(o).requires_grad_(True) for o in outputs)
        grads = _grads(outputs, inputs, us, True, strict, "jvp")
        result = _grads(grads, us, v, create_graph, strict, "jvp")
    return _finish(outputs, out_tuple, create_graph), _finish(result, out_tuple, create_graph)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """d func / d inputs, each block of shape output.shape + input.shape (tuples as PyTorch nests them)."""
    from .._creation import zeros
    from ..ops.shape import stack

    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                         'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                         'Otherwise, prefer to use "reverse-mode".')
    inputs, in_tuple = _as_tuple(inputs, "inputs", "jacobian")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs, out_tuple = _as_tuple(func(*inputs), "outputs of the user-provided function", "jacobian")
        blocks = []
        for out in outputs:
            rows = [[] for _ in inputs]
            flat = out.reshape(-1)
            for k in range(flat.numel()):
                if out.requires_grad:
                    row = _grads([flat[k]], inputs, [None], create_graph, strict, "jacobian")
                else:
                    if strict:
                        raise RuntimeError("Output 0 of the user-provided function is independent of input 0. "
                                           "This is not allowed in strict mode.")
                    row = tuple(zeros(t.shape, dtype=t.dtype) for t in inputs)
                for i, g in enumerate(row):
                    rows[i].append(g)
            per_input = []
            for i, t in enumerate(inputs):
                if rows[i]:
                    block = stack(rows[i]).reshape(tuple(out.shape) + tuple(t.shape))
                else:
                    block = zeros(tuple(out.shape) + tuple(t.shape), dtype=t.dtype)
                per_input.append(block if create_graph else block.detach())
            blocks.append(tuple(per_input) if in_tuple else per_input[0])
    return tuple(blocks) if out_tuple else blocks[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The matrix of second derivatives of a scalar function (blocks input.shape + input.shape)."""
    inputs_t, in_tuple = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*xs):
        out = func(*xs)
        outs, _ = _as_tuple(out, "outputs of the user-provided function", "hessian")
        if len(outs) != 1 or outs[0].numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor containing a "
                               "single element")
        return _grads(outs, xs, [None], True, strict, "hessian")

    result = jacobian(gradient, inputs_t, create_graph=create_graph, strict=strict)
    return result if in_tuple else result[0][0]


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for a scalar function: the gradient differentiated along v."""
    return _second(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for a scalar function (H is symmetric for smooth functions, so the
    same product as ``vhp``; PyTorch computes it with the double-backward trick)."""
    return _second(func, inputs, v, create_graph, strict, "hvp")


def _second(func, inputs, v, create_graph, strict, fn):
    inputs, in_tuple = _as_tuple(inputs, "inputs", fn)
    if v is not None:
        v = _check_v(v, inputs, fn)
    else:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided function is "
                               "a single Tensor with a single element.")
        from .._creation import ones_like
        v = (ones_like(inputs[0]),)
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        outputs, _ = _as_tuple(func(*inputs), "outputs of the user-provided function", fn)
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(f"The function given to {fn} should return a single Tensor containing a single "
                               "element")
        grads = _grads(outputs, inputs, [None], True, strict, fn)
        result = _grads(grads, inputs, v, create_graph, strict, fn)
    return _finish(outputs, False, create_graph), _finish(result, in_tuple, create_graph)
