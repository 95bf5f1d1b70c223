"""``tinytorch.vision.datasets``: torchvision's ``MNIST``, ``FashionMNIST`` (tinytorch's IDX
readers, see ``tinytorch.datasets``), ``CIFAR10``/``CIFAR100`` (binary version, no pickle) and
``ImageFolder``/``DatasetFolder``."""
from ...datasets import MNIST, FashionMNIST  # noqa: F401
from .cifar import CIFAR10, CIFAR100  # noqa: F401
from .folder import IMG_EXTENSIONS, DatasetFolder, ImageFolder, default_loader, find_classes, make_dataset  # noqa: F401

__all__ = ["CIFAR10", "CIFAR100", "DatasetFolder", "FashionMNIST", "ImageFolder", "MNIST"]
