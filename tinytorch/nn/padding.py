"""Padding modules: ``F.pad`` with a fixed padding (an int pads every side of the last n dimensions)."""
from . import functional as F
from .module import Module


class _PadNd(Module):
    """``F.pad(input, padding, mode)``; padding: an int, or 2 n amounts (last dimension first)."""

    _n = 1
    _mode = "constant"

    def __init__(self, padding):
        super().__init__()
        self.padding = (padding,) * (2 * self._n) if isinstance(padding, int) else tuple(padding)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dimension with ``value``."""


class ConstantPad2d(_ConstantPadNd):
    """Pads the last two dimensions with ``value``."""

    _n = 2


class ZeroPad1d(ConstantPad1d):
    """Pads the last dimension with zeros."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pads the last two dimensions with zeros."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    """Pads the last dimension with its reflection (the edge not repeated)."""

    _mode = "reflect"


class ReflectionPad2d(_PadNd):
    """Pads the last two dimensions with their reflection."""

    _n, _mode = 2, "reflect"


class ReplicationPad1d(_PadNd):
    """Pads the last dimension by repeating its edge values."""

    _mode = "replicate"


class ReplicationPad2d(_PadNd):
    """Pads the last two dimensions by repeating their edge values."""

    _n, _mode = 2, "replicate"
