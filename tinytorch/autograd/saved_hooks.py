"""Saved-tensor hooks: ``saved_tensors_hooks(pack, unpack)`` and its relatives.

Inside ``with saved_tensors_hooks(pack, unpack):`` every value an op saves for its backward
is passed to ``pack(tensor)`` when it is saved, and what ``pack`` returned is given to
``unpack(packed)`` (which must return the tensor) when backward needs it, as in PyTorch.
"""

#: The active (pack, unpack) pairs, innermost last (Node.save_for_backward reads the last one).
hooks_stack = []


class saved_tensors_hooks:
    """Replace how saved values are stored for backward inside the block: ``pack_hook(tensor)``
    at save time, ``unpack_hook(packed) -> tensor`` when backward reads them."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook, self.unpack_hook = pack_hook, unpack_hook

    def __enter__(self):
        hooks_stack.append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc):
        hooks_stack.pop()
        return False


class save_on_cpu(saved_tensors_hooks):
    """PyTorch's hooks that move saved tensors to the CPU: here they already are (no change)."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(lambda t: t, lambda t: t)


class disable_saved_tensors_hooks:
    """Inside the block, registering saved-tensor hooks raises (``error_message``)."""

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        hooks_stack.append(None)
        return self

    def __exit__(self, *exc):
        hooks_stack.pop()
        return False
