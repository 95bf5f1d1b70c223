"""``tinytorch.accelerator``: PyTorch's device-agnostic accelerator API, answered for a CPU-only library.

tinytorch has no accelerator (no CUDA, MPS, XPU...), so code written the current PyTorch way,
e.g. ``device = torch.accelerator.current_accelerator() if torch.accelerator.is_available()
else torch.device("cpu")``, takes the CPU branch.  Calls that need an accelerator raise
PyTorch's ``RuntimeError``.
"""

_NONE = "Cannot access accelerator device when none is available."


def is_available():
    """False: tinytorch runs on the CPU only."""
    return False


def current_accelerator(check_available=False):
    """The accelerator's device, or None when there is none (always, in tinytorch)."""
    return None


def device_count():
    """The number of accelerator devices: 0."""
    return 0


def current_device_index():
    raise RuntimeError(_NONE)


def set_device_index(device):
    raise RuntimeError(_NONE)


def synchronize(device=None):
    raise RuntimeError(_NONE)


current_device_idx = current_device_index
set_device_idx = set_device_index
