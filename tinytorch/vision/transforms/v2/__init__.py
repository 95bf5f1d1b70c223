"""``tinytorch.vision.transforms.v2``: torchvision's v2 names.

``ToImage`` (PIL image or array -> tensor (C, H, W), no scaling), ``ToDtype(dtype, scale=)``
and ``ToPureTensor`` are v2's own; the other names are the v1 transforms, which draw the same
random numbers as v2's (one ``torch.rand(1)`` per flip, ``torch.randint`` per crop corner,
``uniform_`` per angle, ``randperm(4)`` then the factors for ``ColorJitter``).  Tensors are
plain tinytorch tensors (there are no ``tv_tensors`` wrappers) and the reprs are v1's.
"""
from ... import transforms as _v1
from .. import functional as _F
from .. import (CenterCrop, ColorJitter, Compose, ConvertImageDtype, Grayscale, InterpolationMode,  # noqa: F401
                Lambda, Normalize, PILToTensor, RandomCrop, RandomHorizontalFlip, RandomRotation,
                RandomVerticalFlip, Resize, ToTensor)

__all__ = list(_v1.__all__) + ["ToDtype", "ToImage", "ToPureTensor"]
__all__ = [n for n in __all__ if n not in ("normalize", "to_tensor")]


class ToImage(_v1._Transform):
    """PIL image or NumPy array (H, W[, C]) -> tensor (C, H, W) of the same dtype; tensors pass through."""

    def forward(self, inpt):
        return _F.to_image(inpt)


class ToDtype(_v1._Transform):
    """``image.to(dtype)``; ``scale=True`` also maps the value range (uint8 [0, 255] -> float [0, 1]...)."""

    def __init__(self, dtype, scale=False):
        if isinstance(dtype, dict):
            raise ValueError("ToDtype with a dict of dtypes per tv_tensor type is not supported: tinytorch has no "
                             "tv_tensors; pass one dtype")
        self.dtype, self.scale = dtype, scale

    def forward(self, inpt):
        return _F.to_dtype(inpt, self.dtype, self.scale)

    def __repr__(self):
        return f"{type(self).__name__}(scale={self.scale})"


class ToPureTensor(_v1._Transform):
    """The identity on tinytorch tensors (torchvision unwraps its tv_tensors here)."""

    def forward(self, inpt):
        return inpt
