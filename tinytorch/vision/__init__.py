"""``tinytorch.vision``: the parts of torchvision that training scripts use.

``import torchvision`` in the REPL gives this package (as ``import torch`` gives tinytorch):
``datasets`` (MNIST, FashionMNIST, CIFAR10/100, ImageFolder, DatasetFolder), ``transforms``
(and ``transforms.v2``) and ``utils`` (``make_grid``, ``save_image``).  Submodules load on
first use.
"""
import importlib

__version__ = "0.1.0"


def __getattr__(name):
    if name in ("datasets", "transforms", "utils", "io"):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
