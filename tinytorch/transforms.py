"""``tinytorch.transforms``: the image transforms, also reachable as ``tinytorch.vision.transforms``
(``from tinytorch import datasets, transforms`` stands in for ``from torchvision import ...``).
Everything here is ``tinytorch.vision.transforms``'s; see that package for the contracts."""
from .vision.transforms import *  # noqa: F401,F403
from .vision.transforms import __all__  # noqa: F401
from .vision.transforms import functional  # noqa: F401
