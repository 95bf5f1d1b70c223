"""Gradient hooks on tensors: ``register_hook`` and ``register_post_accumulate_grad_hook``.

A hook registered on a leaf lives on the tensor (``t._hooks``); one on a non-leaf lives on
the node that produced it (``node._hooks``, by output index), where the engine finds it as
the gradient arrives.  Each registration returns a handle whose ``remove()`` undoes it.
"""


class RemovableHandle:
    """``handle.remove()`` takes the hook out of the list it was added to (also a context manager)."""

    _next_id = 0

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self):
        for i, h in enumerate(self._hooks):
            if h is self._hook:
                del self._hooks[i]
                return

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
        return False


class LeafHooks:
    """The hooks of a leaf: ``pre`` see the gradient before it is accumulated, ``post`` see the
    tensor after."""

    __slots__ = ("pre", "post")

    def __init__(self):
        self.pre, self.post = [], []


def register_hook(tensor, hook):
    """``hook(grad) -> Tensor or None`` runs each time a gradient for ``tensor`` is computed."""
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    node = tensor.grad_fn
    if node is None:
        if tensor._hooks is None:
            tensor._hooks = LeafHooks()
        hooks = tensor._hooks.pre
    else:
        if node._hooks is None:
            node._hooks = {}
        hooks = node._hooks.setdefault(tensor._output_nr, [])
    hooks.append(hook)
    return RemovableHandle(hooks, hook)


def register_post_accumulate_grad_hook(tensor, hook):
    """``hook(tensor) -> None`` runs after a backward pass accumulated into ``tensor.grad`` (leaves only)."""
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if tensor.grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    if tensor._hooks is None:
        tensor._hooks = LeafHooks()
    tensor._hooks.post.append(hook)
    return RemovableHandle(tensor._hooks.post, hook)
