"""``Conv2d`` (2-D cross-correlation over (N, C, H, W) images), ``Conv1d`` and the transposed
``ConvTranspose1d`` / ``ConvTranspose2d``."""
from .. import _creation
from ..ops.nn import _conv_pair as _pair
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class Conv2d(Module):
    """y = W * x + b: (N, in_channels, H, W) -> (N, out_channels, OH, OW) with
    OH = (H + 2 padding - dilation (kernel - 1) - 1) // stride + 1 (likewise OW).

    weight (out_channels, in_channels, kH, kW) and bias start as PyTorch's do:
    U(+-1/sqrt(fan_in)), fan_in = in_channels / groups * kH * kW.  With ``groups`` G the channels
    split into G independent convolutions (weight (out_channels, in_channels / G, kH, kW)).  padding_mode 'zeros' pads
    inside the convolution; 'reflect', 'replicate' and 'circular' pad the input with
    ``F.pad`` first, as PyTorch does.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__()
        if not isinstance(groups, int) or groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        if padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise ValueError("padding_mode must be one of {'reflect', 'replicate', 'circular', 'zeros'}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride, self.dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
            if padding == "same" and self.stride != (1, 1):
                raise ValueError("padding='same' is not supported for strided convolutions")
        self.padding = padding if isinstance(padding, str) else _pair(padding, "padding")
        self.groups, self.padding_mode = groups, padding_mode
        self.weight = Parameter(_creation.empty(out_channels, in_channels // groups, *self.kernel_size, dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.default_affine_init_(self.weight, self.bias)

    def _padding_pairs(self):
        """(left, right, top, bottom): the amounts ``F.pad`` takes for a padding_mode other than zeros."""
        if self.padding == "valid":
            return (0, 0, 0, 0)
        if self.padding == "same":
            pairs = []
            for d, k in zip(reversed(self.dilation), reversed(self.kernel_size)):
                total = d * (k - 1)
                pairs += [total // 2, total - total // 2]
            return tuple(pairs)
        ph, pw = self.padding
        return (pw, pw, ph, ph)

    def forward(self, input):
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._padding_pairs(), mode=self.padding_mode)
            return F.conv2d(padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

    def extra_repr(self):
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


def _tuple(v, n, name):
    """A module's size argument: an int repeated n times, or n ints."""
    out = (v,) * n if isinstance(v, int) else tuple(v)
    if len(out) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                           f"convolution dimensions, but got {name}={list(out)}")
    return out


class _ConvNd(Module):
    """The parameters and repr shared by ``Conv1d``, ``ConvTranspose1d`` and ``ConvTranspose2d``.

    weight: (out_channels, in_channels / groups, *kernel_size), or (in_channels,
    out_channels / groups, *kernel_size) when transposed; weight and bias start as PyTorch's,
    U(+-1/sqrt(fan_in)) with fan_in = weight.size(1) * prod(kernel_size)."""

    _nd = 1
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                 output_padding=0, dtype=None):
        super().__init__()
        n, name = self._nd, type(self).__name__
        if not isinstance(groups, int) or groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        if padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise ValueError("padding_mode must be one of {'reflect', 'replicate', 'circular', 'zeros'}, but got "
                             f"padding_mode='{padding_mode}'")
        if self._transposed and padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {name}')
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.stride, self.dilation = _tuple(stride, n, "stride"), _tuple(dilation, n, "dilation")
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
            self.padding = padding
        else:
            self.padding = _tuple(padding, n, "padding")
        self.output_padding = _tuple(output_padding, n, "output_padding")
        self.groups, self.padding_mode, self.transposed = groups, padding_mode, self._transposed
        shape = ((in_channels, out_channels // groups) if self._transposed else (out_channels, in_channels // groups))
        self.weight = Parameter(_creation.empty(*shape, *self.kernel_size, dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.default_affine_init_(self.weight, self.bias)

    def extra_repr(self):
        zeros = (0,) * self._nd
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != zeros:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * self._nd:
            s += f", dilation={self.dilation}"
        if self.output_padding != zeros:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class Conv1d(_ConvNd):
    """y = W * x + b: (N, in_channels, L) -> (N, out_channels, OL) with
    OL = (L + 2 padding - dilation (kernel - 1) - 1) // stride + 1; padding_mode 'reflect',
    'replicate' or 'circular' pads the input with ``F.pad`` first, as PyTorch does."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, dtype=dtype)

    def forward(self, input):
        if self.padding_mode == "zeros":
            return F.conv1d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
        if self.padding == "valid":
            amounts = (0, 0)
        elif self.padding == "same":
            total = self.dilation[0] * (self.kernel_size[0] - 1)
            amounts = (total // 2, total - total // 2)
        else:
            amounts = self.padding * 2
        padded = F.pad(input, amounts, mode=self.padding_mode)
        return F.conv1d(padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)


class _ConvTransposeNd(_ConvNd):
    """The transposed convolution: (N, in_channels, *size) -> (N, out_channels, *out) with each
    out = (size - 1) stride - 2 padding + dilation (kernel - 1) + output_padding + 1.
    ``forward(input, output_size)`` picks the output_padding that gives ``output_size``."""

    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, output_padding, dtype)

    def _output_padding(self, input, output_size):
        if output_size is None:
            return self.output_padding
        n = self._nd
        spatial = type(input.shape)(input.shape[-n:])
        if len(output_size) not in (n, n + 2):
            raise ValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size must have {n} or {n + 2} "
                             f"elements (got {len(output_size)})")
        wanted = tuple(output_size)[-n:]
        low = [(size - 1) * s - 2 * p + d * (k - 1) + 1
               for size, s, p, d, k in zip(spatial, self.stride, self.padding, self.dilation, self.kernel_size)]
        high = [m + s - 1 for m, s in zip(low, self.stride)]
        for want, lo, hi in zip(wanted, low, high):
            if not lo <= want <= hi:
                raise ValueError(f"requested an output size of {output_size}, but valid sizes range from "
                                 f"{low} to {high} (for an input of {spatial})")
        return tuple(want - lo for want, lo in zip(wanted, low))


class ConvTranspose1d(_ConvTransposeNd):
    """The transposed 1-D convolution (weight (in_channels, out_channels / groups, kernel))."""

    def forward(self, input, output_size=None):
        return F.conv_transpose1d(input, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(input, output_size), self.groups, self.dilation)


class ConvTranspose2d(_ConvTransposeNd):
    """The transposed 2-D convolution (weight (in_channels, out_channels / groups, kH, kW))."""

    _nd = 2

    def forward(self, input, output_size=None):
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(input, output_size), self.groups, self.dilation)
