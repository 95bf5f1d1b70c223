"""``tinytorch.backends``: ``mps`` and ``cudnn`` as ``torch.backends`` has them, for a CPU-only library.

``torch.backends.mps.is_available()`` is False; ``torch.backends.cudnn`` keeps the flags
scripts set (``benchmark``, ``deterministic``, ``enabled``) and they change nothing.
"""
from . import cudnn, mps  # noqa: F401
