"""``tinytorch.datasets``: ``MNIST`` and ``FashionMNIST`` (torchvision's interface) and the
bundled real MNIST test set (``bundled_split``)."""
from .idx import IDXError  # noqa: F401
from .mnist import MNIST, FashionMNIST, bundled_split  # noqa: F401
