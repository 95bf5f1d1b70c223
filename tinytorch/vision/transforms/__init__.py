"""``tinytorch.vision.transforms``: torchvision's image transforms (``import torchvision.transforms``).

Each transform works on tensor images (..., C, H, W) and, where torchvision accepts them, on
PIL images (Pillow optional: ``pip install tinytorch-numba[vision]``).  The random ones draw
from tinytorch's global generator with the calls torchvision makes, in its order
(``torch.rand(1)`` for a flip, ``torch.randint`` for a crop's corner, ``torch.empty(1).uniform_``
for an angle, ``torch.randperm(4)`` then the factors for ``ColorJitter``), so a seeded run
takes the same decisions as torchvision.  ``ToTensor`` passes floating-point tensors through
unchanged: tinytorch's MNIST already hands out float images (see ``functional.to_tensor``).
"""
import numbers
from collections.abc import Sequence

from ... import _creation
from ..._tensor import Tensor
from . import functional as F
from .functional import InterpolationMode

__all__ = ["CenterCrop", "ColorJitter", "Compose", "ConvertImageDtype", "Grayscale", "InterpolationMode", "Lambda",
           "Normalize", "PILToTensor", "RandomCrop", "RandomHorizontalFlip", "RandomRotation", "RandomVerticalFlip",
           "Resize", "ToTensor", "normalize", "to_tensor"]

to_tensor = F.to_tensor
normalize = F.normalize


class _Transform:
    """What every transform shares: ``t(img)`` calls ``t.forward(img)``."""

    def __call__(self, img):
        return self.forward(img)

    def __repr__(self):
        return f"{type(self).__name__}()"


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


class ToTensor(_Transform):
    """PIL image or array (H, W[, C]) -> tensor (C, H, W), uint8 scaled to float32 in [0, 1];
    floating-point tensors pass through unchanged."""

    def forward(self, pic):
        return F.to_tensor(pic)


class PILToTensor(_Transform):
    """PIL image -> tensor (C, H, W) of the image's own dtype (no scaling)."""

    def forward(self, pic):
        return F.pil_to_tensor(pic)


class ConvertImageDtype(_Transform):
    """Convert a tensor image to ``dtype``, rescaling its values (see ``functional.convert_image_dtype``)."""

    def __init__(self, dtype):
        self.dtype = dtype

    def forward(self, image):
        return F.convert_image_dtype(image, self.dtype)


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
                self._cache[key] = F.channel_tensors(self.mean, self.std, tensor.dtype)
            mean_t, std_t = self._cache[key]
            if self.inplace:
                return tensor.sub_(mean_t).div_(std_t)
            return tensor.sub(mean_t).div(std_t)
        return F.normalize(tensor, self.mean, self.std, self.inplace)  # raises the right error

    forward = __call__

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


class RandomHorizontalFlip(_Transform):
    """Mirror left to right with probability ``p`` (one ``torch.rand(1)`` per call)."""

    def __init__(self, p=0.5):
        self.p = p

    def forward(self, img):
        if _creation.rand(1).item() < self.p:
            return F.hflip(img)
        return img

    def __repr__(self):
        return f"{type(self).__name__}(p={self.p})"


class RandomVerticalFlip(RandomHorizontalFlip):
    """Mirror top to bottom with probability ``p`` (one ``torch.rand(1)`` per call)."""

    def forward(self, img):
        if _creation.rand(1).item() < self.p:
            return F.vflip(img)
        return img


def _setup_size(size, error_msg):
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, Sequence) and len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(error_msg)
    return size


class RandomCrop(_Transform):
    """A random (h, w) window, after optional ``padding`` (and ``pad_if_needed`` up to the
    size); the corner is drawn as ``torch.randint(0, H - h + 1, (1,))`` then the same for the
    width (no draw when the image is already the crop's size)."""

    def __init__(self, size, padding=None, pad_if_needed=False, fill=0, padding_mode="constant"):
        self.size = tuple(_setup_size(size, error_msg="Please provide only two dimensions (h, w) for size."))
        self.padding, self.pad_if_needed, self.fill, self.padding_mode = padding, pad_if_needed, fill, padding_mode

    @staticmethod
    def get_params(img, output_size):
        """(top, left, h, w) of a random crop of ``output_size`` (h, w)."""
        _, h, w = F.get_dimensions(img)
        th, tw = output_size
        if h < th or w < tw:
            raise ValueError(f"Required crop size {(th, tw)} is larger than input image size {(h, w)}")
        if w == tw and h == th:
            return 0, 0, h, w
        i = _creation.randint(0, h - th + 1, size=(1,)).item()
        j = _creation.randint(0, w - tw + 1, size=(1,)).item()
        return i, j, th, tw

    def forward(self, img):
        if self.padding is not None:
            img = F.pad(img, self.padding, self.fill, self.padding_mode)
        _, height, width = F.get_dimensions(img)
        if self.pad_if_needed and width < self.size[1]:
            img = F.pad(img, [self.size[1] - width, 0], self.fill, self.padding_mode)
        if self.pad_if_needed and height < self.size[0]:
            img = F.pad(img, [0, self.size[0] - height], self.fill, self.padding_mode)
        i, j, h, w = self.get_params(img, self.size)
        return F.crop(img, i, j, h, w)

    def __repr__(self):
        return f"{type(self).__name__}(size={self.size}, padding={self.padding})"


class CenterCrop(_Transform):
    """The centred (h, w) window (zero-padded when larger than the image)."""

    def __init__(self, size):
        self.size = _setup_size(size, error_msg="Please provide only two dimensions (h, w) for size.")

    def forward(self, img):
        return F.center_crop(img, self.size)

    def __repr__(self):
        return f"{type(self).__name__}(size={self.size})"


class Resize(_Transform):
    """Resize to ``size`` (h, w), or the smaller edge to ``size`` (see ``functional.resize``)."""

    def __init__(self, size, interpolation=InterpolationMode.BILINEAR, max_size=None, antialias=True):
        if not isinstance(size, (int, Sequence)):
            raise TypeError(f"Size should be int or sequence. Got {type(size)}")
        if isinstance(size, Sequence) and len(size) not in (1, 2):
            raise ValueError("If size is a sequence, it should have 1 or 2 values")
        self.size, self.max_size, self.antialias = size, max_size, antialias
        self.interpolation = F._interpolation(interpolation)

    def forward(self, img):
        return F.resize(img, self.size, self.interpolation, self.max_size, self.antialias)

    def __repr__(self):
        return (f"{type(self).__name__}(size={self.size}, interpolation={self.interpolation.value}, "
                f"max_size={self.max_size}, antialias={self.antialias})")


def _setup_angle(x, name, req_sizes=(2,)):
    if isinstance(x, numbers.Number):
        if x < 0:
            raise ValueError(f"If {name} is a single number, it must be positive.")
        x = [-x, x]
    elif not isinstance(x, Sequence):
        raise TypeError(f"{name} should be a sequence of length {' or '.join(map(str, req_sizes))}.")
    elif len(x) not in req_sizes:
        raise ValueError(f"{name} should be a sequence of length {' or '.join(map(str, req_sizes))}.")
    return [float(d) for d in x]


class RandomRotation(_Transform):
    """Rotate by an angle drawn as ``torch.empty(1).uniform_(degrees[0], degrees[1])``."""

    def __init__(self, degrees, interpolation=InterpolationMode.NEAREST, expand=False, center=None, fill=0):
        self.degrees = _setup_angle(degrees, name="degrees", req_sizes=(2,))
        if center is not None and (not isinstance(center, Sequence) or len(center) != 2):
            raise ValueError("center should be a sequence of length 2.")
        if fill is None:
            fill = 0
        elif not isinstance(fill, (Sequence, numbers.Number)):
            raise TypeError("Fill should be either a sequence or a number.")
        self.interpolation = F._interpolation(interpolation)
        self.expand, self.center, self.fill = expand, center, fill

    @staticmethod
    def get_params(degrees):
        return float(_creation.empty(1).uniform_(float(degrees[0]), float(degrees[1])).item())

    def forward(self, img):
        fill = self.fill
        if isinstance(img, Tensor) and isinstance(fill, (int, float)):
            fill = [float(fill)] * F.get_dimensions(img)[0]
        elif isinstance(img, Tensor):
            fill = [float(f) for f in fill]
        angle = self.get_params(self.degrees)
        return F.rotate(img, angle, self.interpolation, self.expand, self.center, fill)

    def __repr__(self):
        text = (f"{type(self).__name__}(degrees={self.degrees}, interpolation={self.interpolation.value}, "
                f"expand={self.expand}")
        if self.center is not None:
            text += f", center={self.center}"
        if self.fill is not None:
            text += f", fill={self.fill}"
        return text + ")"


class ColorJitter(_Transform):
    """Random brightness, contrast, saturation and hue changes, applied in a random order.

    Each argument is a non-negative number v (factor drawn from [max(0, 1 - v), 1 + v]; for hue
    from [-v, v] with v <= 0.5) or a (min, max) pair; 0 disables it.  Per call: the order is
    ``torch.randperm(4)``, then one ``torch.empty(1).uniform_(min, max)`` per enabled
    adjustment, in the order brightness, contrast, saturation, hue.
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        self.brightness = self._check_input(brightness, "brightness")
        self.contrast = self._check_input(contrast, "contrast")
        self.saturation = self._check_input(saturation, "saturation")
        self.hue = self._check_input(hue, "hue", center=0, bound=(-0.5, 0.5), clip_first_on_zero=False)

    @staticmethod
    def _check_input(value, name, center=1, bound=(0, float("inf")), clip_first_on_zero=True):
        if isinstance(value, numbers.Number):
            if value < 0:
                raise ValueError(f"If {name} is a single number, it must be non negative.")
            value = [center - float(value), center + float(value)]
            if clip_first_on_zero:
                value[0] = max(value[0], 0.0)
        elif isinstance(value, (tuple, list)) and len(value) == 2:
            if not bound[0] <= value[0] <= value[1] <= bound[1]:
                raise ValueError(f"{name} values should be between {bound}, but got {value}.")
        else:
            raise TypeError(f"{name} should be a single number or a list/tuple with length 2.")
        if value[0] == value[1] == center:
            return None
        return value

    @staticmethod
    def get_params(brightness, contrast, saturation, hue):
        """(order, b, c, s, h): the order a randperm(4) tensor, each factor a float or None."""
        fn_idx = _creation.randperm(4)

        def draw(bounds):
            return None if bounds is None else float(_creation.empty(1).uniform_(bounds[0], bounds[1]).item())
        b, c, s, h = draw(brightness), draw(contrast), draw(saturation), draw(hue)
        return fn_idx, b, c, s, h

    def forward(self, img):
        fn_idx, b, c, s, h = self.get_params(self.brightness, self.contrast, self.saturation, self.hue)
        steps = {0: (F.adjust_brightness, b), 1: (F.adjust_contrast, c), 2: (F.adjust_saturation, s),
                 3: (F.adjust_hue, h)}
        for fn_id in fn_idx.tolist():
            fn, factor = steps[fn_id]
            if factor is not None:
                img = fn(img, factor)
        return img

    def __repr__(self):
        return (f"{type(self).__name__}(brightness={self.brightness}, contrast={self.contrast}, "
                f"saturation={self.saturation}, hue={self.hue})")


class Grayscale(_Transform):
    """Convert to greyscale with 1 or 3 (equal) output channels."""

    def __init__(self, num_output_channels=1):
        self.num_output_channels = num_output_channels

    def forward(self, img):
        return F.rgb_to_grayscale(img, num_output_channels=self.num_output_channels)

    def __repr__(self):
        return f"{type(self).__name__}(num_output_channels={self.num_output_channels})"

