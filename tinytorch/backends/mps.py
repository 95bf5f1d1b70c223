"""``tinytorch.backends.mps``: Apple's Metal backend is neither built nor available."""


def is_available():
    """False: tinytorch runs on the CPU only."""
    return False


def is_built():
    """False: tinytorch has no MPS backend."""
    return False
