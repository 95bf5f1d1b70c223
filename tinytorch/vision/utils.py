"""``tinytorch.vision.utils``: ``make_grid`` and ``save_image`` (torchvision's).

``save_image`` writes PNG with the standard library only (zlib + struct): 8-bit greyscale,
RGB or RGBA, one unfiltered scanline per row.  Other formats go through Pillow when it is
installed.
"""
import io
import math
import os
import struct
import tempfile
import zlib

import numpy as np

from .. import _creation, _dtype
from .._tensor import Tensor

__all__ = ["make_grid", "save_image"]


def make_grid(tensor, nrow=8, padding=2, normalize=False, value_range=None, scale_each=False, pad_value=0.0):
    """Tile a batch of images (B, C, H, W) (or a list of (C, H, W) images) into one image
    (C, rows * (H + padding) + padding, nrow' * (W + padding) + padding), ``nrow`` images a row,
    the gaps ``pad_value``.  One-channel images become three channels.  ``normalize`` maps
    ``value_range`` (default: the min and max, of each image when ``scale_each``) to [0, 1]."""
    if isinstance(tensor, list):
        from .. import ops
        tensor = ops.stack(tensor, dim=0)
    if not isinstance(tensor, Tensor):
        raise TypeError(f"tensor or list of tensors expected, got {type(tensor)}")
    if tensor.dim() == 2:
        tensor = tensor.unsqueeze(0)
    if tensor.dim() == 3:
        if tensor.size(0) == 1:
            tensor = tensor.expand(3, -1, -1)
        tensor = tensor.unsqueeze(0)
    if tensor.dim() == 4 and tensor.size(1) == 1:
        tensor = tensor.expand(-1, 3, -1, -1)
    if normalize is True:
        if value_range is not None and not isinstance(value_range, tuple):
            raise TypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers")
        tensor = _normalized(tensor, value_range, scale_each)
    if tensor.size(0) == 1:
        return tensor.squeeze(0)
    from ..nn import functional as F
    from .. import ops
    nmaps, channels, h, w = tensor.shape
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    cells = F.pad(tensor, (padding, 0, padding, 0), value=float(pad_value))
    if ymaps * xmaps > nmaps:
        blank = _creation.full((ymaps * xmaps - nmaps,) + tuple(cells.shape[1:]), pad_value, dtype=tensor.dtype)
        cells = ops.cat([cells, blank])
    grid = cells.reshape(ymaps, xmaps, channels, h + padding, w + padding).permute(2, 0, 3, 1, 4)
    grid = grid.reshape(channels, ymaps * (h + padding), xmaps * (w + padding))
    return F.pad(grid, (0, padding, 0, padding), value=float(pad_value))


def _normalized(tensor, value_range, scale_each):
    """(t.clamp(low, high) - low) / max(high - low, 1e-5), per image when ``scale_each``."""
    def norm(t):
        low, high = value_range if value_range is not None else (float(t.min()), float(t.max()))
        return t.clamp(min=low, max=high).sub(low).div(max(high - low, 1e-5))
    if scale_each is True:
        from .. import ops
        return ops.stack([norm(t) for t in tensor.unbind(0)])
    return norm(tensor)


def save_image(tensor, fp, format=None, **kwargs):
    """Save ``make_grid(tensor, **kwargs)`` (values in [0, 1]) as an 8-bit image to ``fp`` (a
    path, written atomically, or a binary file object).  PNG needs nothing beyond the standard
    library; another ``format`` (or file extension) needs Pillow."""
    grid = make_grid(tensor, **kwargs)
    pixels = grid.detach().mul(255).add(0.5).clamp(0, 255).permute(1, 2, 0).to(_dtype.uint8)
    array = pixels.contiguous()._data
    name = os.fspath(fp) if isinstance(fp, (str, os.PathLike)) else None
    fmt = (format or (os.path.splitext(name)[1][1:] if name else "") or "png").lower()
    if fmt == "png":
        data = png_bytes(array)
    else:
        from .transforms.functional import pil_module
        buffer = io.BytesIO()
        pil_module().fromarray(array if array.shape[2] != 1 else array[:, :, 0]).save(buffer, format=fmt)
        data = buffer.getvalue()
    if name is None:
        fp.write(data)
        return
    folder = os.path.dirname(os.path.abspath(name))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(name)}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, name)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


_COLOUR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}   # channels -> PNG colour type (grey, grey+alpha, RGB, RGBA)


def png_bytes(array):
    """The PNG file of a uint8 array (H, W, C), C in 1..4: signature, IHDR, one IDAT, IEND."""
    h, w, c = array.shape
    if c not in _COLOUR_TYPES:
        raise ValueError(f"a PNG image has 1 to 4 channels, got {c}")
    raw = np.concatenate([np.zeros((h, 1), np.uint8), array.reshape(h, w * c)], axis=1).tobytes()   # filter 0

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", w, h, 8, _COLOUR_TYPES[c], 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
