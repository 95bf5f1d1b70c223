"""``tinytorch.vision.transforms.functional``: torchvision's image functions on tensors and PIL images.

A tensor image is (..., C, H, W) (a 2-D tensor counts as one channel); float images hold
values in [0, 1], integer images in [0, max of the dtype].  The tensor arithmetic follows
torchvision's tensor path (``_functional_tensor``) and runs through tinytorch ops or the
kernels of ``tinytorch/kernels/image.py``; a PIL image goes through Pillow's own methods, as
torchvision's PIL path does.  Pillow is optional (``pip install tinytorch[vision]``) and only
imported when a PIL image is handed in.
"""
import enum
import math
import numbers

import numpy as np

from ... import _creation, _dtype
from ..._tensor import Tensor
from ...kernels import image as kimg

__all__ = ["InterpolationMode", "adjust_brightness", "adjust_contrast", "adjust_hue", "adjust_saturation",
           "center_crop", "convert_image_dtype", "crop", "get_dimensions", "get_image_num_channels",
           "get_image_size", "hflip", "normalize", "pad", "pil_to_tensor", "resize", "rgb_to_grayscale", "rotate",
           "to_dtype", "to_grayscale", "to_image", "to_tensor", "vflip"]


class InterpolationMode(enum.Enum):
    """torchvision's interpolation names (the tensor path supports NEAREST and BILINEAR)."""

    NEAREST = "nearest"
    NEAREST_EXACT = "nearest-exact"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"
    BOX = "box"
    HAMMING = "hamming"
    LANCZOS = "lanczos"


def _pillow():
    """(``PIL.Image``, ``PIL.ImageEnhance``), or an ImportError that says how to install Pillow."""
    try:
        from PIL import Image, ImageEnhance
    except ImportError:
        raise ImportError("PIL images need Pillow, which is not installed: pip install 'tinytorch-numba[vision]' "
                          "(or pip install pillow)") from None
    return Image, ImageEnhance


def pil_module():
    """``PIL.Image`` (see ``_pillow``)."""
    return _pillow()[0]


def _is_pil(img):
    return type(img).__module__.split(".")[0] == "PIL"


def _check_image(img):
    if isinstance(img, Tensor):
        if img.dim() < 2:
            raise TypeError("Tensor is not a torch image.")
        return True
    if _is_pil(img):
        return False
    raise TypeError(f"img should be PIL Image or Tensor. Got {type(img)}")


def _max_value(dtype):
    """The largest value of an integer image dtype (1 for floating-point images)."""
    return {_dtype.uint8: 255, _dtype.int32: 2147483647, _dtype.int64: 9223372036854775807}.get(dtype, 1)


def _from_array(array):
    return _creation.from_numpy(np.ascontiguousarray(array))


def _pil_from_array(array, like):
    """A PIL image holding the pixel array (H, W[, C]), with ``like``'s palette if it has one."""
    out = pil_module().fromarray(np.ascontiguousarray(array))
    if like.mode == "P" and like.getpalette() is not None:
        out.putpalette(like.getpalette())
    return out


# ---- sizes -------------------------------------------------------------------------------
def get_dimensions(img):
    """[channels, height, width] of a tensor (..., C, H, W) or PIL image."""
    if _check_image(img):
        return [1 if img.dim() == 2 else img.shape[-3], img.shape[-2], img.shape[-1]]
    return [len(img.getbands()), img.height, img.width]


def get_image_size(img):
    """[width, height]."""
    _, h, w = get_dimensions(img)
    return [w, h]


def get_image_num_channels(img):
    return get_dimensions(img)[0]


# ---- conversions -------------------------------------------------------------------------
def to_tensor(pic):
    """The ``ToTensor`` conversion: a PIL image or NumPy array (H, W) or (H, W, C) becomes a
    tensor (C, H, W), uint8 values divided by 255 into float32 (other dtypes keep theirs;
    mode '1' images become 0/1 floats).  A floating-point tensor (an image tinytorch's MNIST
    already converted) is returned unchanged; other tensors follow the array rule."""
    if isinstance(pic, Tensor):
        if pic.is_floating_point():
            return pic
        image = pic
    elif isinstance(pic, np.ndarray):
        image = _from_array(pic)
    elif _is_pil(pic):
        array = np.array(pic)
        if pic.mode == "1":
            array = array.astype(np.uint8) * np.uint8(255)
        image = _from_array(array)
    else:
        raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
    if image.dim() not in (2, 3):
        raise ValueError(f"pic should be 2/3 dimensional. Got {image.dim()} dimensions.")
    image = image.unsqueeze(0) if image.dim() == 2 else image.permute(2, 0, 1).contiguous()
    if image.dtype == _dtype.uint8:
        return image.to(_dtype.float32).div(255)
    return image


def pil_to_tensor(pic):
    """A PIL image as a tensor (C, H, W) of its own pixel dtype (no scaling)."""
    if not _is_pil(pic):
        raise TypeError(f"pic should be PIL Image. Got {type(pic)}")
    array = np.array(pic)
    if array.ndim == 2:
        array = array[:, :, None]
    return _from_array(array.transpose(2, 0, 1))


def to_image(inpt):
    """v2's ``ToImage``: a PIL image or an array (H, W[, C]) as a tensor (C, H, W) without
    scaling; a tensor is returned as it is (torchvision wraps it as an ``Image``)."""
    if isinstance(inpt, Tensor):
        return inpt
    if isinstance(inpt, np.ndarray):
        array = inpt if inpt.ndim != 2 else inpt[:, :, None]
        if array.ndim < 2:
            raise ValueError(f"Expected image with at least 2 dimensions, but got {inpt.ndim}")
        return _from_array(np.moveaxis(array, -1, -3))
    if _is_pil(inpt):
        return pil_to_tensor(inpt)
    raise TypeError(f"Input can either be a pure Tensor, a numpy array, or a PIL image, but got {type(inpt)} instead.")


def convert_image_dtype(image, dtype=_dtype.float32):
    """Convert a tensor image to ``dtype`` rescaling its values (v1's ``ConvertImageDtype``):
    int -> float divides by the int's maximum; float -> int multiplies by max + 1 - 0.001;
    int -> int divides or multiplies by the ratio of the ranges."""
    if not isinstance(image, Tensor):
        raise TypeError("Input img should be Tensor Image")
    if image.dtype == dtype:
        return image
    float_out = dtype.is_floating_point
    if image.is_floating_point():
        if float_out:
            return image.to(dtype)
        if (image.dtype == _dtype.float32 and dtype in (_dtype.int32, _dtype.int64)) or (
                image.dtype == _dtype.float64 and dtype == _dtype.int64):
            raise RuntimeError(f"The cast from {image.dtype} to {dtype} cannot be performed safely.")
        return image.mul(float(_max_value(dtype)) + 1.0 - 1e-3).to(dtype)
    input_max = float(_max_value(image.dtype))
    if float_out:
        return image.to(dtype) / input_max
    return _int_to_int(image, dtype, input_max)


def _int_to_int(image, dtype, input_max):
    output_max = float(_max_value(dtype))
    if input_max > output_max:
        factor = int((input_max + 1) // (output_max + 1))
        return image.div(factor, rounding_mode="floor").to(dtype)
    factor = int((output_max + 1) // (input_max + 1))
    return image.to(dtype) * factor


def to_dtype(image, dtype=_dtype.float32, scale=False):
    """v2's ``ToDtype``: ``image.to(dtype)``, rescaling the value range when ``scale`` (int -> float
    multiplies by 1 / the int's maximum, as v2 does)."""
    if image.dtype == dtype:
        return image
    if not scale:
        return image.to(dtype)
    if image.is_floating_point():
        if not dtype.is_floating_point and ((image.dtype == _dtype.float32 and dtype in (_dtype.int32, _dtype.int64))
                                            or (image.dtype == _dtype.float64 and dtype == _dtype.int64)):
            raise RuntimeError(f"The conversion from {image.dtype} to {dtype} cannot be performed safely.")
        return convert_image_dtype(image, dtype)
    if dtype.is_floating_point:
        return image.to(dtype).mul_(1.0 / _max_value(image.dtype))
    return _int_to_int(image, dtype, float(_max_value(image.dtype)))


def normalize(tensor, mean, std, inplace=False):
    """(tensor - mean[c]) / std[c] for every channel c of a (..., C, H, W) float tensor."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"Input tensor should be a tinytorch tensor. Got {type(tensor)}.")
    if not tensor.is_floating_point():
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.dim() < 3:
        raise ValueError("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = "
                         f"{tensor.size()}")
    mean_t, std_t = channel_tensors(mean, std, tensor.dtype)
    if inplace:
        return tensor.sub_(mean_t).div_(std_t)
    return tensor.sub(mean_t).div(std_t)


def channel_tensors(mean, std, dtype):
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


# ---- geometry ----------------------------------------------------------------------------
def hflip(img):
    """Mirror left to right."""
    if _check_image(img):
        return img.flip(-1)
    return img.transpose(pil_module().Transpose.FLIP_LEFT_RIGHT)


def vflip(img):
    """Mirror top to bottom."""
    if _check_image(img):
        return img.flip(-2)
    return img.transpose(pil_module().Transpose.FLIP_TOP_BOTTOM)


def crop(img, top, left, height, width):
    """The (height, width) window whose top-left pixel is (top, left); parts outside the image
    are zero-padded."""
    if not _check_image(img):
        return img.crop((left, top, left + width, top + height))
    _, h, w = get_dimensions(img)
    right, bottom = left + width, top + height
    if left < 0 or top < 0 or right > w or bottom > h:
        padding_ltrb = [max(-left + min(0, right), 0), max(-top + min(0, bottom), 0),
                        max(right - max(w, left), 0), max(bottom - max(h, top), 0)]
        return pad(img[..., max(top, 0):bottom, max(left, 0):right], padding_ltrb, fill=0)
    return img[..., top:bottom, left:right]


def _parse_padding(padding):
    """[left, right, top, bottom] from an int, or 1, 2 (left/right, top/bottom) or 4 (l, t, r, b) values."""
    if isinstance(padding, numbers.Integral):
        return [int(padding)] * 4
    if len(padding) == 1:
        return [padding[0]] * 4
    if len(padding) == 2:
        return [padding[0], padding[0], padding[1], padding[1]]
    return [padding[0], padding[2], padding[1], padding[3]]


def pad(img, padding, fill=0, padding_mode="constant"):
    """Pad every border; ``padding_mode``: constant (``fill``), edge, reflect or symmetric."""
    is_tensor = _check_image(img)
    if not isinstance(padding, (numbers.Integral, tuple, list)):
        raise TypeError("Got inappropriate padding arg")
    if fill is None:
        fill = 0
    if not isinstance(fill, (numbers.Number, tuple, list)) or (is_tensor and not isinstance(fill, numbers.Number)):
        raise TypeError("Got inappropriate fill arg")
    if not isinstance(padding_mode, str):
        raise TypeError("Got inappropriate padding_mode arg")
    if isinstance(padding, (tuple, list)) and len(padding) not in (1, 2, 4):
        raise ValueError(f"Padding must be an int or a 1, 2, or 4 element tuple, not a {len(padding)} element tuple")
    if padding_mode not in ("constant", "edge", "reflect", "symmetric"):
        raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
    left, right, top, bottom = _parse_padding(padding)
    if not is_tensor:
        return _pad_pil(img, (left, right, top, bottom), fill, padding_mode)
    if min(left, right, top, bottom) < 0:   # negative padding crops
        img = img[..., max(-top, 0):img.shape[-2] - max(-bottom, 0), max(-left, 0):img.shape[-1] - max(-right, 0)]
        left, right, top, bottom = (max(p, 0) for p in (left, right, top, bottom))
    if padding_mode == "symmetric":
        return _pad_symmetric(img, left, right, top, bottom)
    from ...nn import functional as F
    squeeze = img.dim() < 4
    x = img.unsqueeze(0) if squeeze else img
    out_dtype = x.dtype
    cast = padding_mode != "constant" and x.dtype not in (_dtype.float32, _dtype.float64)
    if cast:
        x = x.to(_dtype.float32)
    if padding_mode == "constant":
        x = F.pad(x, (left, right, top, bottom), mode="constant", value=float(fill))
    else:
        x = F.pad(x, (left, right, top, bottom), mode="replicate" if padding_mode == "edge" else "reflect")
    x = x.squeeze(0) if squeeze else x
    return x.to(out_dtype) if cast else x


def _pad_symmetric(img, left, right, top, bottom):
    """Mirror padding that repeats the border pixel (NumPy's 'symmetric'), by index gathering."""
    if img.dim() not in (3, 4):
        raise RuntimeError("Symmetric padding of N-D tensors are not supported yet")
    h, w = img.shape[-2], img.shape[-1]
    rows = np.concatenate([np.arange(top - 1, -1, -1), np.arange(h), -1 - np.arange(bottom)]) % h
    cols = np.concatenate([np.arange(left - 1, -1, -1), np.arange(w), -1 - np.arange(right)]) % w
    rows_t, cols_t = _from_array(rows.astype(np.int64)), _from_array(cols.astype(np.int64))
    return img.index_select(-2, rows_t).index_select(-1, cols_t)


def _pad_pil(img, ltrb, fill, padding_mode):
    left, right, top, bottom = ltrb
    array = np.asarray(img)
    widths = ((top, bottom), (left, right)) + (((0, 0),) if array.ndim == 3 else ())
    if min(ltrb) < 0:
        raise ValueError("negative padding of PIL images is not supported here; crop first")
    if padding_mode == "constant":
        Image = pil_module()
        out = Image.new(img.mode, (img.width + left + right, img.height + top + bottom),
                        _pil_fill(fill, img))
        if img.mode == "P" and img.getpalette() is not None:
            out.putpalette(img.getpalette())
        out.paste(img, (left, top))
        return out
    return _pil_from_array(np.pad(array, widths, mode=padding_mode), img)


def _pil_fill(fill, img):
    bands = len(img.getbands())
    if isinstance(fill, numbers.Number):
        return fill if bands == 1 else tuple([int(fill)] * bands)
    if len(fill) not in (1, bands):
        raise ValueError(f"The number of elements in 'fill' does not match the number of bands of the image "
                         f"({len(fill)} != {bands})")
    return tuple(fill) if len(fill) == bands and bands > 1 else fill[0]


def _setup_size(size, message):
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, (tuple, list)) and len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(message)
    return size


def center_crop(img, output_size):
    """The centred (h, w) window (``output_size`` an int for a square); a window larger than
    the image pads it with zeros first."""
    crop_h, crop_w = _setup_size(output_size, "Please provide only two dimensions (h, w) for size.")
    _, h, w = get_dimensions(img)
    if crop_w > w or crop_h > h:
        padding_ltrb = [(crop_w - w) // 2 if crop_w > w else 0, (crop_h - h) // 2 if crop_h > h else 0,
                        (crop_w - w + 1) // 2 if crop_w > w else 0, (crop_h - h + 1) // 2 if crop_h > h else 0]
        img = pad(img, padding_ltrb, fill=0)
        _, h, w = get_dimensions(img)
        if crop_w == w and crop_h == h:
            return img
    return crop(img, int(round((h - crop_h) / 2.0)), int(round((w - crop_w) / 2.0)), crop_h, crop_w)


def _interpolation(interpolation):
    if isinstance(interpolation, InterpolationMode):
        return interpolation
    if isinstance(interpolation, int):   # a PIL constant, as torchvision still accepts
        pil = {0: InterpolationMode.NEAREST, 2: InterpolationMode.BILINEAR, 3: InterpolationMode.BICUBIC,
               4: InterpolationMode.BOX, 5: InterpolationMode.HAMMING, 1: InterpolationMode.LANCZOS}
        if interpolation in pil:
            return pil[interpolation]
    raise TypeError("Argument interpolation should be of type InterpolationMode instead of "
                    f"{type(interpolation).__name__}")


def _pil_resample(mode):
    Image = pil_module()
    return {InterpolationMode.NEAREST: Image.Resampling.NEAREST, InterpolationMode.NEAREST_EXACT:
            Image.Resampling.NEAREST, InterpolationMode.BILINEAR: Image.Resampling.BILINEAR,
            InterpolationMode.BICUBIC: Image.Resampling.BICUBIC, InterpolationMode.BOX: Image.Resampling.BOX,
            InterpolationMode.HAMMING: Image.Resampling.HAMMING,
            InterpolationMode.LANCZOS: Image.Resampling.LANCZOS}[mode]


def resized_output_size(height, width, size, max_size=None):
    """[new_h, new_w]: ``size`` (h, w) itself, or for one number the smaller edge matched to it
    (the longer edge scaled and truncated), capped by ``max_size``."""
    if isinstance(size, (list, tuple)) and len(size) == 2:
        if max_size is not None:
            raise ValueError("max_size should only be passed if size specifies the length of the smaller edge, "
                             "i.e. size should be an int or a sequence of length 1 in torchscript mode.")
        return [int(size[0]), int(size[1])]
    requested = size if isinstance(size, numbers.Integral) else size[0]
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = requested, int(requested * long / short)
    if max_size is not None:
        if max_size <= requested:
            raise ValueError(f"max_size = {max_size} must be strictly greater than the requested size for the smaller "
                             f"edge size = {size}")
        if new_long > max_size:
            new_short, new_long = int(max_size * new_short / new_long), max_size
    return [new_long, new_short] if width <= height else [new_short, new_long]


def resize(img, size, interpolation=InterpolationMode.BILINEAR, max_size=None, antialias=True):
    """Resize to ``size`` (h, w), or match the smaller edge to ``size`` when it is one number.
    Tensors: NEAREST or BILINEAR (antialiased when ``antialias``, as ``interpolate``); integer
    images are resampled in float32 and rounded back."""
    mode = _interpolation(interpolation)
    if not (isinstance(size, numbers.Integral) or (isinstance(size, (list, tuple)) and len(size) in (1, 2))):
        raise TypeError(f"Size should be int or sequence. Got {type(size)}")
    is_tensor = _check_image(img)
    _, h, w = get_dimensions(img)
    new_h, new_w = resized_output_size(h, w, size, max_size)
    if (new_h, new_w) == (h, w):
        return img
    if not is_tensor:
        return img.resize((new_w, new_h), _pil_resample(mode))
    if mode not in (InterpolationMode.NEAREST, InterpolationMode.BILINEAR):
        raise ValueError(f"Interpolation mode '{mode.value}' is not supported by tinytorch's tensor resize "
                         "(NEAREST and BILINEAR are)")
    code = kimg.NEAREST if mode is InterpolationMode.NEAREST else (kimg.BILINEAR_AA if antialias else kimg.BILINEAR)
    out_dtype = img.dtype
    x = img if img.dtype in (_dtype.float32, _dtype.float64) else img.to(_dtype.float32)
    rows = _resize_matrix(code, h, new_h, x.dtype)
    cols = _resize_matrix(code, w, new_w, x.dtype)
    out = rows.matmul(x).matmul(cols.t())
    if out_dtype != x.dtype:
        out = out.round().to(out_dtype)
    return out


def _resize_matrix(code, in_size, out_size, dtype):
    weights = np.zeros((out_size, in_size), np.float64)
    kimg.resize_weights_kernel(code, in_size, out_size, in_size / out_size, weights)
    return _from_array(weights).to(dtype)


def _inverse_affine_matrix(center, angle, translate, scale, shear):
    """torchvision's inverse affine matrix (6 values) for rotation ``angle`` (degrees,
    clockwise), ``translate``, ``scale`` and ``shear`` (degrees) about ``center``."""
    rot, sx, sy = math.radians(angle), math.radians(shear[0]), math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    m = [d / scale, -b / scale, 0.0, -c / scale, a / scale, 0.0]
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty)
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty)
    m[2] += cx
    m[5] += cy
    return m


def _expanded_size(matrix, w, h):
    """(ow, oh) holding the whole rotated image (corners through ``matrix``, 1e-4 tolerance)."""
    corners = [(-0.5 * w, -0.5 * h), (-0.5 * w, 0.5 * h), (0.5 * w, 0.5 * h), (0.5 * w, -0.5 * h)]
    xs = [matrix[0] * x + matrix[1] * y + matrix[2] + 0.5 * w for x, y in corners]
    ys = [matrix[3] * x + matrix[4] * y + matrix[5] + 0.5 * h for x, y in corners]
    tol = 1e-4
    size = [math.ceil(math.trunc(max(v) / tol) * tol) - math.floor(math.trunc(min(v) / tol) * tol) for v in (xs, ys)]
    return int(size[0]), int(size[1])


def rotate(img, angle, interpolation=InterpolationMode.NEAREST, expand=False, center=None, fill=None):
    """Rotate counter-clockwise by ``angle`` degrees about ``center`` (default: the image
    centre); ``expand`` enlarges the output to hold the whole image; pixels from outside are
    ``fill`` (0 by default; one value or one per channel).  Tensors: NEAREST or BILINEAR, not
    differentiable (an input that requires grad is refused)."""
    mode = _interpolation(interpolation)
    if not isinstance(angle, numbers.Number):
        raise TypeError("Argument angle should be int or float")
    if center is not None and not isinstance(center, (list, tuple)):
        raise TypeError("Argument center should be a sequence")
    if not _check_image(img):
        kwargs = {} if fill is None else {"fillcolor": _pil_fill(fill, img)}
        return img.rotate(angle, _pil_resample(mode), expand, center, **kwargs)
    if mode not in (InterpolationMode.NEAREST, InterpolationMode.BILINEAR):
        raise ValueError(f"Interpolation mode '{mode.value}' is unsupported with Tensor input")
    _refuse_grad(img, "rotate")
    channels, h, w = get_dimensions(img)
    if isinstance(fill, (list, tuple)) and len(fill) > 1 and len(fill) != channels:
        raise ValueError("The number of elements in 'fill' cannot broadcast to match the number of channels of the "
                         f"image ({len(fill)} != {channels})")
    center_f = [0.0, 0.0] if center is None else [c - s * 0.5 for c, s in zip(center, (w, h))]
    matrix = _inverse_affine_matrix(center_f, -angle, [0.0, 0.0], 1.0, [0.0, 0.0])
    ow, oh = _expanded_size(matrix, w, h) if expand else (w, h)
    out_dtype = img.dtype
    work = img.dtype if img.is_floating_point() else _dtype.float32
    x = img.to(work).contiguous()
    lead = tuple(img.shape[:-3]) if img.dim() > 2 else ()
    pixels = x._data.reshape(-1, channels, h, w)
    out = np.empty((pixels.shape[0], channels, oh, ow), pixels.dtype)
    mask = np.empty((oh, ow), pixels.dtype)
    kimg.affine_sample_kernel(pixels, np.array(matrix, np.float64), mode is InterpolationMode.BILINEAR, out, mask)
    result = Tensor._make(out)
    if fill is not None:
        fill_values = list(fill) if isinstance(fill, (list, tuple)) else [float(fill)]
        fill_t = _creation.tensor(fill_values, dtype=work).view(1, -1, 1, 1)
        inside = Tensor._make(mask)
        if mode is InterpolationMode.NEAREST:
            result = _creation_where(inside < 0.5, fill_t, result)
        else:
            result = result * inside + (1.0 - inside) * fill_t
    shape = lead + (channels, oh, ow) if img.dim() > 2 else (oh, ow)
    result = result.reshape(shape)
    if out_dtype != work:
        result = result.round().to(out_dtype)
    return result


def _refuse_grad(img, name):
    """The kernels of ``rotate`` and ``adjust_hue`` record no graph: say so instead of
    silently cutting the gradient."""
    from ...autograd.grad_mode import is_grad_enabled
    if img.requires_grad and is_grad_enabled():
        raise RuntimeError(f"tinytorch's {name} is not differentiable: call it on a tensor that does not require "
                           "grad (or under torch.no_grad())")


def _creation_where(cond, a, b):
    from ... import ops
    return ops.where(cond, a, b)


# ---- colour ------------------------------------------------------------------------------
def _check_channels(img, permitted):
    c = get_dimensions(img)[0]
    if c not in permitted:
        raise TypeError(f"Input image tensor permitted channel values are {permitted}, but found {c}")


def _blend(img1, img2, ratio):
    ratio = float(ratio)
    return (ratio * img1 + (1.0 - ratio) * img2).clamp(0, _max_value(img1.dtype)).to(img1.dtype)


def rgb_to_grayscale(img, num_output_channels=1):
    """Luma 0.2989 R + 0.587 G + 0.114 B, as 1 or 3 (equal) channels."""
    if num_output_channels not in (1, 3):
        raise ValueError("num_output_channels should be either 1 or 3")
    if not _check_image(img):
        gray = img.convert("L")
        if num_output_channels == 3:
            gray = pil_module().merge("RGB", (gray, gray, gray))
        return gray
    if img.dim() < 3:
        raise TypeError(f"Input image tensor should have at least 3 dimensions, but found {img.dim()}")
    _check_channels(img, [1, 3])
    if img.shape[-3] == 3:
        r, g, b = img.unbind(dim=-3)
        gray = (0.2989 * r + 0.587 * g + 0.114 * b).to(img.dtype).unsqueeze(dim=-3)
    else:
        gray = img.clone()
    return gray.expand(img.shape) if num_output_channels == 3 else gray


to_grayscale = rgb_to_grayscale


def _enhance(img, name, factor):
    return getattr(_pillow()[1], name)(img).enhance(factor)


def adjust_brightness(img, brightness_factor):
    """Scale intensities by ``brightness_factor`` (clamped to the value range)."""
    if brightness_factor < 0:
        raise ValueError(f"brightness_factor ({brightness_factor}) is not non-negative.")
    if not _check_image(img):
        return _enhance(img, "Brightness", brightness_factor)
    _check_channels(img, [1, 3])
    return _blend(img, _creation.zeros_like(img), brightness_factor)


def adjust_contrast(img, contrast_factor):
    """Blend with the mean grey level: 0 gives a flat grey image, 1 the original."""
    if contrast_factor < 0:
        raise ValueError(f"contrast_factor ({contrast_factor}) is not non-negative.")
    if not _check_image(img):
        return _enhance(img, "Contrast", contrast_factor)
    _check_channels(img, [3, 1])
    dtype = img.dtype if img.is_floating_point() else _dtype.float32
    gray = rgb_to_grayscale(img) if get_dimensions(img)[0] == 3 else img
    mean = gray.to(dtype).mean(dim=(-3, -2, -1), keepdim=True)
    return _blend(img, mean, contrast_factor)


def adjust_saturation(img, saturation_factor):
    """Blend with the greyscale image: 0 gives grey, 1 the original, 2 doubles the saturation."""
    if saturation_factor < 0:
        raise ValueError(f"saturation_factor ({saturation_factor}) is not non-negative.")
    if not _check_image(img):
        return _enhance(img, "Color", saturation_factor)
    _check_channels(img, [1, 3])
    if get_dimensions(img)[0] == 1:
        return img
    return _blend(img, rgb_to_grayscale(img), saturation_factor)


def adjust_hue(img, hue_factor):
    """Rotate the hue by ``hue_factor`` in [-0.5, 0.5] (a fraction of the colour wheel); not
    differentiable (an input that requires grad is refused)."""
    if not -0.5 <= hue_factor <= 0.5:
        raise ValueError(f"hue_factor ({hue_factor}) is not in [-0.5, 0.5].")
    if not _check_image(img):
        return _adjust_hue_pil(img, hue_factor)
    _check_channels(img, [1, 3])
    if get_dimensions(img)[0] == 1:
        return img
    _refuse_grad(img, "adjust_hue")
    orig_dtype = img.dtype
    x = convert_image_dtype(img, _dtype.float32).contiguous()
    pixels = x._data.reshape(-1, 3, x.shape[-2] * x.shape[-1])
    out = np.empty_like(pixels)
    kimg.adjust_hue_kernel(pixels, float(hue_factor), out)
    return convert_image_dtype(Tensor._make(out.reshape(x._data.shape)), orig_dtype)


def _adjust_hue_pil(img, hue_factor):
    if img.mode in ("L", "1", "I", "F"):
        return img
    Image = pil_module()
    h, s, v = img.convert("HSV").split()
    shifted = Tensor._make(np.array(h, dtype=np.uint8)).add(int(np.int8(hue_factor * 255)))
    h = Image.fromarray(shifted._data, "L")
    return Image.merge("HSV", (h, s, v)).convert(img.mode)
