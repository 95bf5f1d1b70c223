"""``tinytorch.transforms``: the image transforms of ``torchvision.transforms`` that MNIST code uses.

``from tinytorch import datasets, transforms`` stands in for ``from torchvision import datasets,
transforms``: ``Compose``, ``ToTensor``, ``Normalize`` and ``Lambda`` behave as torchvision's,
with one difference in what ``ToTensor`` accepts.  torchvision's datasets hand a transform a PIL
image; ``tinytorch.datasets.MNIST`` hands it an image that is already a float32 tensor
(1, 28, 28) scaled to [0, 1].  So ``ToTensor`` here:

- returns a floating-point ``Tensor`` unchanged (it is taken to be a converted image, C x H x W),
  which makes ``Compose([ToTensor(), Normalize(...)])`` on a tinytorch dataset do what it does on
  torchvision's;
- converts a NumPy array of shape H x W or H x W x C (and any other ``Tensor``, e.g. a uint8
  ``dataset.data[i]``, by the same rule) to a C x H x W tensor: uint8 values are divided by 255
  into float32, other dtypes keep their dtype and values (torchvision's rule for arrays);
- converts a PIL image, when Pillow is installed, through ``numpy.asarray`` by the same rule
  (8-bit modes such as 'L' and 'RGB' give uint8 arrays and so floats in [0, 1]).

All arithmetic (the division by 255, ``Normalize``'s per-channel subtraction and division) runs
through tinytorch ops; NumPy only supplies and lays out the storage.
"""
import numpy as np

from . import _creation, _dtype
from ._tensor import Tensor

__all__ = ["Compose", "Lambda", "Normalize", "ToTensor", "normalize", "to_tensor"]


def to_tensor(pic):
    """The ``ToTensor`` conversion (see the module docstring for the rules)."""
    if isinstance(pic, Tensor):
        if pic.is_floating_point():
            return pic
        image = pic
    elif isinstance(pic, np.ndarray):
        image = _creation.from_numpy(np.ascontiguousarray(pic))
    elif type(pic).__module__.split(".")[0] == "PIL":
        image = _creation.from_numpy(np.array(pic))
    else:
        raise TypeError(f"pic should be a Tensor, a NumPy array or a PIL Image. Got {type(pic)}")
    if image.dim() not in (2, 3):
        raise ValueError(f"pic should be 2/3 dimensional. Got {image.dim()} dimensions.")
    image = image.unsqueeze(0) if image.dim() == 2 else image.permute(2, 0, 1).contiguous()
    if image.dtype == _dtype.uint8:
        return image.to(_dtype.float32).div(255)
    return image


def normalize(tensor, mean, std, inplace=False):
    """(tensor - mean[c]) / std[c] for every channel c of a (..., C, H, W) float tensor."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"Input tensor should be a tinytorch tensor. Got {type(tensor)}.")
    if not tensor.is_floating_point():
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.dim() < 3:
        raise ValueError("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = "
                         f"{tensor.size()}")
    mean_t, std_t = _channel_tensors(mean, std, tensor.dtype)
    if inplace:
        return tensor.sub_(mean_t).div_(std_t)
    return tensor.sub(mean_t).div(std_t)


def _channel_tensors(mean, std, dtype):
    """mean and std as tensors of ``dtype`` shaped (C, 1, 1) (or 0-d for a single number)."""
    mean_t = _creation.as_tensor(mean, dtype=dtype)
    std_t = _creation.as_tensor(std, dtype=dtype)
    if (std_t == 0).any().item():
        raise ValueError(f"std evaluated to zero after conversion to {dtype}, leading to division by zero.")
    if mean_t.dim() == 1:
        mean_t = mean_t.view(-1, 1, 1)
    if std_t.dim() == 1:
        std_t = std_t.view(-1, 1, 1)
    return mean_t, std_t


class Compose:
    """Apply ``transforms`` one after the other: ``Compose([t1, t2])(x) == t2(t1(x))``."""

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        body = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({body}\n)"


class ToTensor:
    """Convert an image to a C x H x W tensor (uint8 arrays scaled to float32 in [0, 1]);
    floating-point tensors, such as tinytorch's MNIST images, pass through unchanged."""

    def __call__(self, pic):
        return to_tensor(pic)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Normalize:
    """``output[c] = (input[c] - mean[c]) / std[c]`` for each channel of a float tensor image
    (..., C, H, W); ``mean`` and ``std`` are sequences with one value per channel (or one value for
    all).  ``inplace=True`` modifies the input."""

    def __init__(self, mean, std, inplace=False):
        self.mean, self.std, self.inplace = mean, std, inplace
        self._cache = {}

    def __call__(self, tensor):
        if isinstance(tensor, Tensor) and tensor.is_floating_point() and tensor.dim() >= 3:
            key = (tensor.dtype, repr(self.mean), repr(self.std))  # sees later changes to mean/std
            if key not in self._cache:
                self._cache[key] = _channel_tensors(self.mean, self.std, tensor.dtype)
            mean_t, std_t = self._cache[key]
            if self.inplace:
                return tensor.sub_(mean_t).div_(std_t)
            return tensor.sub(mean_t).div(std_t)
        return normalize(tensor, self.mean, self.std, self.inplace)  # raises the right error

    def __repr__(self):
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Apply a user function as a transform: ``Lambda(lambda x: x.flatten())``."""

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {type(lambd).__name__!r}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return f"{type(self).__name__}()"
