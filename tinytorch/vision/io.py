"""``tinytorch.vision.io`` (``torchvision.io``): image files as uint8 tensors ``[C, H, W]``.

``read_file`` gives a file's bytes as a 1-D uint8 tensor, ``decode_image`` decodes such bytes
(PNG, JPEG, and whatever else Pillow reads; Pillow is needed) and ``read_image`` does both.
``mode`` (``ImageReadMode``) picks the channels: ``UNCHANGED`` keeps the file's (grey 1,
grey+alpha 2, RGB 3, RGBA 4; a palette image becomes RGB, or RGBA when it has transparency),
the others convert with Pillow's conversions (``GRAY`` is Pillow's ``L``: ITU-R 601-2 luma).
Video reading and the encoders are not part of tinytorch.
"""
import enum
import os

import numpy as np

from .._tensor import Tensor
from .transforms.functional import pil_module


class ImageReadMode(enum.Enum):
    UNCHANGED = 0
    GRAY = 1
    GRAY_ALPHA = 2
    RGB = 3
    RGB_ALPHA = 4


_PIL_MODES = {ImageReadMode.GRAY: "L", ImageReadMode.GRAY_ALPHA: "LA", ImageReadMode.RGB: "RGB",
              ImageReadMode.RGB_ALPHA: "RGBA"}


def read_file(path):
    """The bytes of the file at ``path`` as a 1-D uint8 tensor."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise RuntimeError(f"[Errno 2] No such file or directory: '{path}'")
    return Tensor._make(np.fromfile(path, dtype=np.uint8))


def _mode(mode):
    if isinstance(mode, str):
        try:
            return ImageReadMode[mode.upper()]
        except KeyError:
            raise ValueError(f"Unknown image read mode {mode!r}") from None
    if not isinstance(mode, ImageReadMode):
        raise TypeError(f"mode should be an ImageReadMode or a string, got {type(mode).__name__}")
    return mode


def decode_image(input, mode=ImageReadMode.UNCHANGED, apply_exif_orientation=False):
    """Decode the image in ``input`` (a 1-D uint8 tensor of a file's bytes, or a path) to uint8 [C, H, W]."""
    if isinstance(input, (str, os.PathLike)):
        input = read_file(input)
    if not isinstance(input, Tensor):
        raise TypeError(f"Expected a torch.Tensor, got {type(input)}")
    if input._data.dtype != np.uint8 or input._data.ndim != 1:
        raise RuntimeError("Expected a one dimensional uint8 tensor")
    mode = _mode(mode)
    import io
    Image = pil_module()
    img = Image.open(io.BytesIO(input._data.tobytes()))
    if apply_exif_orientation:
        img = _exif_transposed(img)
    if mode is ImageReadMode.UNCHANGED:
        if img.mode == "P":
            img = img.convert("RGBA" if "transparency" in img.info else "RGB")
        elif img.mode not in ("L", "LA", "RGB", "RGBA"):
            img = img.convert("RGBA" if "A" in img.mode else "RGB" if len(img.getbands()) >= 3 else "L")
    else:
        img = img.convert(_PIL_MODES[mode])
    array = np.asarray(img, dtype=np.uint8)
    if array.ndim == 2:
        array = array[:, :, None]
    return Tensor._make(np.ascontiguousarray(array.transpose(2, 0, 1)))


#: EXIF orientation tag values -> the PIL transposes that undo them
_EXIF_TRANSPOSES = {2: ("FLIP_LEFT_RIGHT",), 3: ("ROTATE_180",), 4: ("FLIP_TOP_BOTTOM",),
                    5: ("TRANSPOSE",), 6: ("ROTATE_270",), 7: ("TRANSVERSE",), 8: ("ROTATE_90",)}


def _exif_transposed(img):
    Image = pil_module()
    orientation = img.getexif().get(0x0112, 1)
    for name in _EXIF_TRANSPOSES.get(orientation, ()):
        img = img.transpose(getattr(Image.Transpose, name))
    return img


def read_image(path, mode=ImageReadMode.UNCHANGED, apply_exif_orientation=False):
    """The image file at ``path`` as a uint8 tensor [C, H, W] (see ``decode_image``)."""
    return decode_image(read_file(path), mode, apply_exif_orientation)


__all__ = ["ImageReadMode", "decode_image", "read_file", "read_image"]
