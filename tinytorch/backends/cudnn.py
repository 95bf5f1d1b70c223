"""``tinytorch.backends.cudnn``: no cuDNN.  The flags scripts set are kept (with PyTorch's
defaults) and have no effect."""

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available():
    """False: tinytorch has no cuDNN."""
    return False


def version():
    """None: cuDNN is not available."""
    return None
