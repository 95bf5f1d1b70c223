"""``tinytorch.autograd.graph``: the graph's node type, as PyTorch names it (``Node``)."""
from .node import Node  # noqa: F401
