"""``tinytorch.autograd.graph``: the graph's node type (``Node``) and the saved-tensor hooks."""
from .node import Node  # noqa: F401
from .saved_hooks import disable_saved_tensors_hooks, save_on_cpu, saved_tensors_hooks  # noqa: F401
