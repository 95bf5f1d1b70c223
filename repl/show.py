"""``%show EXPR``: a 2-D tensor, a single-channel image such as 1x28x28, or a dataset item
``(image, label)`` (an MNIST sample; its label is printed below) as a grayscale picture.

Each character cell shows two pixels, one above the other, with the upper half block
``▀``: foreground colour for the upper pixel, background for the lower.  Values are scaled
linearly from the tensor's minimum (black) to its maximum (white).  Colour depth follows
the terminal: true colour when ``COLORTERM`` says so, else the 24 grays of the 256-colour
palette; ``plain`` (no colour support, e.g. piped output) uses shading characters
`` ░▒▓█`` instead, one character per pixel.  Pictures wider than the terminal are
subsampled to fit.  In a notebook (``session.inline_images``) the answer is a PNG shown inline
(``pictures``), each tensor element a square of pixels, after a line giving the scale.
"""
import os
import shutil

import numpy as np

from . import i18n
from .magics import UsageError, expression_arg, magic, tensor_arg

i18n.register(
    {"show_scale": "{h}×{w} pixels, black = {lo}, white = {hi}",
     "show_no_finite": "{h}×{w} pixels, no finite value (all black)"},
    {"show_scale": "{h}×{w} 픽셀, 검정 = {lo}, 흰색 = {hi}",
     "show_no_finite": "{h}×{w} 픽셀, 유한한 값 없음 (모두 검정)"},
)

USAGE = "%show EXPR"
SHADES = " ░▒▓█"


def color_mode(environ, is_tty):
    """"truecolor", "256" or "plain" for a terminal described by ``environ``."""
    if not is_tty or environ.get("TERM", "") in ("", "dumb") or "NO_COLOR" in environ:
        return "plain"
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256"


def as_image(array):
    """A 2-D float array from a 2-D tensor's array or a (1, H, W) / (H, W, 1) image."""
    if array.ndim == 3 and 1 in (array.shape[0], array.shape[-1]):
        array = array.reshape(array.shape[1:] if array.shape[0] == 1 else array.shape[:-1])
    if array.ndim != 2 or array.size == 0:
        return None
    return array.astype(np.float64)


def value_range(image):
    """(lowest, highest) finite value of ``image`` (black and white in the picture), or None."""
    finite = image[np.isfinite(image)]
    return (float(finite.min()), float(finite.max())) if finite.size else None


def normalized(image):
    """Values mapped to [0, 1]; a constant picture is mid-gray; nan and inf are black."""
    span = value_range(image)
    if span is None:
        return np.zeros_like(image)
    lo, hi = span
    out = np.full_like(image, 0.5) if hi == lo else (image - lo) / (hi - lo)
    out[~np.isfinite(image)] = 0.0
    return out


def fit(image, columns):
    """Subsample so the picture is at most ``columns`` characters wide."""
    step = max(1, -(-image.shape[1] // max(columns, 1)))
    return image[::step, ::step]


def _escape(level, mode, background):
    if mode == "truecolor":
        v = int(round(level * 255))
        return f"\x1b[{48 if background else 38};2;{v};{v};{v}m"
    gray = 232 + int(round(level * 23))
    return f"\x1b[{48 if background else 38};5;{gray}m"


def render(image, mode):
    """The picture of 2-D array ``image`` (values in [0, 1]) as lines of text."""
    if mode == "plain":
        return ["".join(SHADES[int(round(v * (len(SHADES) - 1)))] for v in row) for row in image]
    if image.shape[0] % 2:
        image = np.vstack([image, np.zeros((1, image.shape[1]))])
    lines = []
    for top, bottom in zip(image[0::2], image[1::2]):
        cells = "".join(_escape(t, mode, False) + _escape(b, mode, True) + "▀" for t, b in zip(top, bottom))
        lines.append(cells + "\x1b[0m")
    return lines


@magic("show", USAGE)
def show(session, args):
    import sys

    expr = expression_arg(args, "show")
    value = session.evaluate(expr)
    label = None
    if isinstance(value, (tuple, list)) and len(value) == 2:  # a dataset item: (image, label)
        value, label = value
    tensor = tensor_arg(session, expr, value)
    image = as_image(tensor.detach().numpy())
    if image is None:
        raise UsageError(session.text("show_not_2d", shape=tuple(tensor.shape)))
    if session.inline_images:  # a notebook: real pixels, with the scale and the label above them
        return _picture(session, image, label)
    is_tty = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
    mode = color_mode(os.environ, is_tty)
    columns = shutil.get_terminal_size((80, 24)).columns - 1
    print("\n".join(render(fit(normalized(image), columns), mode)))
    if label is not None:
        print(f"label: {label}")


def _picture(session, image, label):
    from . import pictures
    from .graphmodel import format_number

    span = value_range(image)
    scale = (session.text("show_scale", h=image.shape[0], w=image.shape[1], lo=format_number(span[0]),
                          hi=format_number(span[1])) if span is not None
             else session.text("show_no_finite", h=image.shape[0], w=image.shape[1]))
    print(scale)
    if label is not None:
        print(f"label: {label}")
    text = scale + ("" if label is None else f"; label: {label}")
    return pictures.ImagePicture(pictures.png_bytes(pictures.gray_pixels(normalized(image))), text)
