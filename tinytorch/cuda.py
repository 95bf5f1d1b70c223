"""``tinytorch.cuda``: the parts of ``torch.cuda`` that CPU-only code calls, answered for a CPU-only library.

``is_available()`` is False and ``device_count()`` 0, so the usual ``"cuda" if
torch.cuda.is_available() else "cpu"`` picks the CPU; seeding and cache-emptying are no-ops
(as in PyTorch without a GPU); anything that needs a GPU raises PyTorch's ``AssertionError``.
"""

_NO_CUDA = "Torch not compiled with CUDA enabled (tinytorch runs on the CPU only)"


def is_available():
    """False: tinytorch runs on the CPU only."""
    return False


def device_count():
    return 0


def is_initialized():
    return False


def manual_seed(seed):
    """No-op (there is no CUDA generator); seed the CPU with ``tinytorch.manual_seed``."""


def manual_seed_all(seed):
    """No-op (there is no CUDA generator)."""


def empty_cache():
    """No-op (there is no CUDA memory)."""


def current_device():
    raise AssertionError(_NO_CUDA)


def get_device_name(device=None):
    raise AssertionError(_NO_CUDA)


def synchronize(device=None):
    raise AssertionError(_NO_CUDA)
