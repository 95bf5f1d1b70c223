"""PyTorch-compatible ``repr`` of tensors, rendered from NumPy arrays.

The rules, as PyTorch applies them:

* One formatter serves the whole tensor. It is chosen from the values that
  are printed (after summarization), looking only at nonzero finite floats:
  scientific notation when max/min of their magnitudes exceeds 1000, the
  max exceeds 1e8 or the min is below 1e-4 (unless ``sci_mode`` forces it);
  otherwise ``1.`` style when they are all integers, else fixed point with
  ``precision`` digits. Elements are right-aligned to the widest nonzero
  finite one (zeros, nan and inf are not measured, so they may stick out).
* A tensor with more than ``threshold`` elements is summarized: each
  dimension longer than ``2 * edgeitems`` shows its first and last
  ``edgeitems`` entries around ``...``.
* Rows are wrapped to ``linewidth``; nested blocks are separated by
  ``ndim - 1`` newlines and indented to the column after the opening bracket.
* Suffixes (``size=``, ``dtype=``, ``grad_fn=`` ...) follow the values, each
  moved to a new line when it would not fit within ``linewidth``.
"""

import dataclasses
import math

import numpy as np

_DEFAULT_DTYPES = (np.dtype(np.float32), np.dtype(np.int64), np.dtype(np.bool_))

_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTIONS = _PrintOptions()

#: The module name reprs print before class names: ``tinytorch.Size([2])``, ``tinytorch.float64``,
#: ``tinytorch.FloatTensor``, ``tinytorch.return_types.max(...)``; ``torch`` under the REPL's
#: torch alias, so its output is PyTorch's to the character (``set_printoptions(module_name=)``).
MODULE_NAME = "tinytorch"


def set_printoptions(
    precision=None,
    threshold=None,
    edgeitems=None,
    linewidth=None,
    profile=None,
    sci_mode=None,
    *,
    module_name=None,
):
    """Set the printing options, with PyTorch's semantics.

    ``profile`` ("default", "short" or "full") resets the four numeric
    options first; the explicit arguments then override it. ``sci_mode`` is
    always assigned: None means automatic, True/False force it.
    ``module_name`` (tinytorch's own option, kept by ``profile``): the name reprs print
    before ``Size``, dtypes and the like, "tinytorch" (the default) or "torch".
    """
    if module_name is not None:
        set_module_name(module_name)
    if profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(_OPTIONS, name, value)
    overrides = {
        "precision": precision,
        "threshold": threshold,
        "edgeitems": edgeitems,
        "linewidth": linewidth,
    }
    for name, value in overrides.items():
        if value is not None:
            setattr(_OPTIONS, name, value)
    _OPTIONS.sci_mode = sci_mode


def set_module_name(name):
    """Print ``name`` ("tinytorch" or "torch") before ``Size``, dtypes and the like; returns the
    previous name."""
    global MODULE_NAME
    if name not in ("tinytorch", "torch"):
        raise ValueError(f"module_name must be 'tinytorch' or 'torch', not {name!r}")
    previous, MODULE_NAME = MODULE_NAME, name
    return previous


def get_printoptions():
    """Return the current options as a dict accepted by ``set_printoptions``."""
    return dataclasses.asdict(_OPTIONS)


@dataclasses.dataclass(frozen=True)
class _Formatter:
    """Turns one element into a string padded to the common ``width``."""

    mode: str  # "plain" (ints, bools), "integral", "fixed" or "sci"
    precision: int
    width: int = 1

    def raw(self, value):
        if self.mode == "plain":
            return f"{value}"
        if self.mode == "sci":
            return f"{value:.{self.precision}e}"
        if self.mode == "fixed":
            return f"{value:.{self.precision}f}"
        text = f"{value:.0f}"
        return text + "." if math.isfinite(value) else text

    def format(self, value):
        return self.raw(value).rjust(self.width)


def _make_formatter(values, options):
    """Choose the formatter for the values that will be printed."""
    if values.dtype.kind != "f":
        plain = _Formatter("plain", options.precision)
        candidates = [values.min().item(), values.max().item()] if values.size else []
        return _with_width(plain, candidates)
    flat = values.reshape(-1)
    chosen = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
    if chosen.size == 0:
        return _Formatter("integral", options.precision)
    magnitudes = np.abs(chosen)
    smallest, largest = magnitudes.min(), magnitudes.max()
    sci_mode = options.sci_mode
    if sci_mode is None:
        # Same test as PyTorch; the ratio is evaluated last so it cannot overflow.
        sci_mode = largest > 1.0e8 or smallest < 1.0e-4 or largest / smallest > 1000.0
    if sci_mode:
        mode = "sci"
    elif np.all(chosen == np.ceil(chosen)):
        mode = "integral"
    else:
        mode = "fixed"
    return _with_width(_Formatter(mode, options.precision), _widest_candidates(chosen))


def _widest_candidates(values):
    """The values whose formatted text can be the longest.

    For each sign, the text length only grows with the magnitude (fixed
    notation) or with the exponent's digit count (scientific notation), so
    the extremes of the positive and of the negative values suffice.
    """
    candidates = []
    for part in (values[values > 0], values[values < 0]):
        if part.size:
            candidates += [part.min().item(), part.max().item()]
    return candidates


def _with_width(formatter, candidates):
    width = max([1] + [len(formatter.raw(value)) for value in candidates])
    return dataclasses.replace(formatter, width=width)


def _summarized(array, edgeitems):
    """Keep the first and last ``edgeitems`` entries of every long dimension."""
    for axis, size in enumerate(array.shape):
        if size > 2 * edgeitems:
            kept = np.r_[0:edgeitems, size - edgeitems : size]
            array = np.take(array, kept, axis=axis)
    return array


def _format_row(cells, cut, indent, width, linewidth):
    """Format a 1-D row of element strings, wrapping it to ``linewidth``."""
    if cut:
        cells = cells[: len(cells) // 2] + [" ..."] + cells[len(cells) // 2 :]
    per_line = max(1, math.floor((linewidth - indent) / (width + 2)))
    lines = [", ".join(cells[i : i + per_line]) for i in range(0, len(cells), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _format_block(cells, cut_axes, indent, width, linewidth):
    """Format an array of element strings; ``cut_axes[d]`` marks summarized dims."""
    if len(cut_axes) == 1:
        return _format_row(list(cells), cut_axes[0], indent, width, linewidth)
    parts = [
        _format_block(sub, cut_axes[1:], indent + 1, width, linewidth) for sub in cells
    ]
    if cut_axes[0]:
        parts.insert(len(parts) // 2, "...")
    separator = "," + "\n" * (len(cut_axes) - 1) + " " * (indent + 1)
    return "[" + separator.join(parts) + "]"


def _format_values(array, indent, options):
    """The bracketed values of a nonempty array (without prefix or suffixes)."""
    summarize = array.size > options.threshold
    if array.ndim == 0:
        return _make_formatter(array, options).format(array.item())
    if summarize and not options.edgeitems:
        return "[...]"
    shown = _summarized(array, options.edgeitems) if summarize else array
    formatter = _make_formatter(shown, options)
    texts = [formatter.format(value) for value in shown.reshape(-1).tolist()]
    cells = np.array(texts, dtype=object).reshape(shown.shape)
    cut_axes = [summarize and size > 2 * options.edgeitems for size in array.shape]
    return _format_block(cells, cut_axes, indent, formatter.width, options.linewidth)


def _add_suffixes(text, suffixes, indent, linewidth):
    """Append ``, suffix`` items, starting a new line when one would not fit."""
    pieces = [text]
    # PyTorch's measure of the last line (two more than its true length).
    line_length = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if line_length + len(suffix) + 2 > linewidth:
            pieces.append(",\n" + " " * indent + suffix)
            line_length = indent + len(suffix)
        else:
            pieces.append(", " + suffix)
            line_length += len(suffix) + 2
    pieces.append(")")
    return "".join(pieces)


def format_tensor(array, dtype_repr, suffixes=(), prefix="tensor("):
    """The full repr of a tensor holding ``array``, exactly as PyTorch prints it.

    ``dtype_repr`` is printed as ``dtype=...`` for non-default dtypes (and for
    every dtype but float32 when the tensor is empty); ``suffixes`` such as
    ``"requires_grad=True"`` are appended in order after ``size=``/``dtype=``.
    """
    array = np.asarray(array)
    options = _OPTIONS
    indent = len(prefix)
    all_suffixes = []
    if array.size == 0:
        if array.ndim != 1:
            all_suffixes.append(f"size={tuple(array.shape)}")
        if array.dtype != np.float32:
            all_suffixes.append(f"dtype={dtype_repr}")
        body = "[]"
    else:
        if not options.edgeitems:
            all_suffixes.append(f"size={tuple(array.shape)}")
        if array.dtype not in _DEFAULT_DTYPES:
            all_suffixes.append(f"dtype={dtype_repr}")
        body = _format_values(array, indent, options)
    all_suffixes.extend(suffixes)
    return _add_suffixes(prefix + body, all_suffixes, indent, options.linewidth)
