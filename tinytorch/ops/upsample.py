"""``interpolate`` (nearest, nearest-exact, linear, bilinear) and ``pixel_shuffle`` / ``pixel_unshuffle``.

interpolate resamples (N, C, L) or (N, C, H, W) input to ``size`` or ``scale_factor`` times its
spatial size (floor(n * scale_factor)).  The source positions follow PyTorch's formulas
(``kernels.upsample``): a given scale_factor is used as 1 / scale_factor between output and
input coordinates unless ``recompute_scale_factor``, otherwise input size / output size;
align_corners maps the corner pixels' centres onto each other ((in - 1) / (out - 1)).
Forward and backward are both linear in their argument, each the other's transpose, so the
recorded backward is differentiable again.
"""
import math
import warnings

import numpy as np

from .. import _checks, _dtype
from ..autograd import double_backward
from ..autograd.composite import composite
from ..autograd.node import Node
from ..kernels import upsample as ku
from .nn import _check_tensor

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"
_NAMES = {("nearest", 1): "UpsampleNearest1DBackward0", ("nearest", 2): "UpsampleNearest2DBackward0",
          ("nearest-exact", 1): "UpsampleNearestExact1DBackward0",
          ("nearest-exact", 2): "UpsampleNearestExact2DBackward0",
          ("linear", 1): "UpsampleLinear1DBackward0", ("bilinear", 2): "UpsampleBilinear2DBackward0"}


def _c(a):
    return np.ascontiguousarray(a)


class _Resample(Node):
    """out = x read at per-axis source positions (nearest) or mixed from two of them per axis
    (linear); ``axes`` holds, for the rows then the columns, (indices,) or (i0, i1, lam0, lam1)."""

    def __init__(self, linear, axes, out_hw):
        self.linear, self.axes, self.out_hw = linear, axes, out_hw

    def forward(self, x):
        self.x_shape = x.shape
        planes = _c(x).reshape((-1,) + self._hw(x.shape))
        out = np.empty((planes.shape[0],) + self.out_hw, x.dtype)
        if self.linear:
            ku.linear_forward_kernel(planes, len(self.x_shape) == 4, *self.axes[0], *self.axes[1], out)
        else:
            ku.nearest_forward_kernel(planes, self.axes[0][0], self.axes[1][0], out)
        return out.reshape(x.shape[:2] + self.out_hw[2 - (len(x.shape) - 2):])

    @staticmethod
    def _hw(shape):
        return shape[2:] if len(shape) == 4 else (1,) + shape[2:]

    def backward(self, g):
        gx = np.empty((int(np.prod(self.x_shape[:2])),) + self._hw(self.x_shape), g.dtype)
        planes = _c(g).reshape((gx.shape[0],) + self.out_hw)
        if self.linear:
            ku.linear_backward_kernel(planes, len(self.x_shape) == 4, *self.axes[0], *self.axes[1], gx)
        else:
            ku.nearest_backward_kernel(planes, self.axes[0][0], self.axes[1][0], gx)
        return (gx.reshape(self.x_shape),)

    def backward_graph(self, g):
        """The transposed resampling of g, recorded; its own transpose is this resampling."""
        x = double_backward.edge_only(self, 0, self.x_shape, g._data.dtype)
        return (double_backward.record(self.name()[:-1] + "Backward0", g, lambda a: self.backward(a)[0],
                                       lambda v: type(self)(self.linear, self.axes, self.out_hw).apply(v), (x,)),)


_CLASSES = {}


def _node_class(name):
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (_Resample,), {"__module__": __name__, "__doc__": _Resample.__doc__})
    return cls


def _axis(mode, in_size, out_size, scale, align_corners, dtype):
    """The source positions of one axis (see ``kernels.upsample``)."""
    if mode in ("nearest", "nearest-exact"):
        s = np.float32(1.0 / scale) if scale is not None and scale > 0 else np.float32(in_size) / np.float32(out_size)
        idx = np.empty(out_size, np.int64)
        ku.nearest_source_kernel(in_size, s, mode == "nearest-exact", idx)
        return (idx,)
    t = dtype.type
    if align_corners:
        s = t(in_size - 1) / t(out_size - 1) if out_size > 1 else t(0)
    else:
        s = t(1.0 / scale) if scale is not None and scale > 0 else t(in_size) / t(out_size)
    positions = np.arange(max(in_size, out_size), dtype=dtype)
    i0, i1 = np.empty(out_size, np.int64), np.empty(out_size, np.int64)
    lam0, lam1 = np.empty(out_size, dtype), np.empty(out_size, dtype)
    ku.linear_source_kernel(in_size, s, t(0.5), bool(align_corners), positions, i0, i1, lam0, lam1)
    return (i0, i1, lam0, lam1)


def _trivial_axis(linear, dtype):
    """The row axis of 1-D input (one row, read as it is)."""
    zero = np.zeros(1, np.int64)
    if not linear:
        return (zero,)
    return (zero, zero, np.ones(1, dtype), np.zeros(1, dtype))


def _sizes(input, size, scale_factor, recompute_scale_factor):
    """(output sizes, scales passed to the kernels) for the spatial dims, as PyTorch computes them."""
    dim = input._data.ndim - 2
    spatial = list(input._data.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(f"Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {spatial} and output size of {size}. Please provide "
                                 "input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                                 "format.")
            if not all(_checks.is_int(s) for s in size):
                raise TypeError(f"expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                                f"Tuple[int, int, int], but got size with types {[type(s) for s in size]}")
            out = [int(s) for s in size]
        else:
            out = [int(size)] * dim
        return out, [None] * dim
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != dim:
            raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got input "
                             f"with spatial dimensions of {spatial} and scale_factor of shape {scale_factor}. Please "
                             "provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, "
                             "...,sK) format.")
        scales = [float(s) for s in scale_factor]
    else:
        scales = [float(scale_factor)] * dim
    out = [math.floor(float(n) * s) for n, s in zip(spatial, scales)]
    return out, ([None] * dim if recompute_scale_factor else scales)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resample input (N, C, L) ('nearest', 'nearest-exact', 'linear') or (N, C, H, W)
    ('nearest', 'nearest-exact', 'bilinear') to ``size`` (an int or one per spatial dim) or
    floor(n * scale_factor) per side.  Other modes and 5-D input raise NotImplementedError."""
    _check_tensor(input, "input")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input._data.ndim - 2
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input._data.ndim == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                         "4-D tensor as input")
    out_sizes, scales = _sizes(input, size, scale_factor, recompute_scale_factor) if dim >= 1 else (None, None)
    if input._data.ndim == 3 and mode == "bilinear":
        raise NotImplementedError("Got 3D input, but bilinear mode needs 4D input")
    if input._data.ndim == 4 and mode == "linear":
        raise NotImplementedError("Got 4D input, but linear mode needs 3D input")
    if (mode, dim) not in _NAMES:
        if input._data.ndim in (3, 4, 5) and mode in _MODES.split(" | ") or antialias:
            raise NotImplementedError(f"interpolate: mode={mode!r} for {input._data.ndim}-D input is not implemented "
                                      "in tinytorch (nearest, nearest-exact, linear and bilinear are)")
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                                  f"{input._data.ndim}D) for the modes: {_MODES} (got {mode})")
    if not input.is_floating_point():
        kind = "nearest" if mode.startswith("nearest") else mode
        raise NotImplementedError(f"\"upsample_{kind.replace('-', '_')}{dim}d_channels_last\" not implemented for "
                                  f"'{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    spatial = input._data.shape[2:]
    if min(spatial) <= 0 or min(out_sizes) <= 0:
        hw = "HW" if dim == 2 else "W"
        ins = ", ".join(f"{a}: {n}" for a, n in zip(hw, spatial))
        outs = ", ".join(f"{a}: {n}" for a, n in zip(hw, out_sizes))
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({ins}) output ({outs})")
    linear, dt = mode in ("linear", "bilinear"), input._data.dtype
    axes = [_axis(mode, n, o, s, align_corners, dt) for n, o, s in zip(spatial, out_sizes, scales)]
    if dim == 1:
        axes = [_trivial_axis(linear, dt)] + axes
        out_hw = (1, out_sizes[0])
    else:
        out_hw = tuple(out_sizes)
    return _node_class(_NAMES[mode, dim])(linear, axes, out_hw).apply(input)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated spelling of ``interpolate`` (warns, as PyTorch does)."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(mode='nearest')`` (warns)."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(mode='bilinear', align_corners=True)`` (warns)."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ---- pixel shuffle ------------------------------------------------------------------------------

def _shuffle_graph(x, r):
    """(*, C r^2, H, W) -> (*, C, H r, W r): channel c r^2 + i r + j goes to (h r + i, w r + j)."""
    *lead, C, H, W = x._data.shape
    n = len(lead)
    y = x.reshape(*lead, C // (r * r), r, r, H, W)
    y = y.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return y.reshape(*lead, C // (r * r), H * r, W * r)


def _unshuffle_graph(x, r):
    """(*, C, H r, W r) -> (*, C r^2, H, W), the inverse of ``_shuffle_graph``."""
    *lead, C, H, W = x._data.shape
    n = len(lead)
    y = x.reshape(*lead, C, H // r, r, W // r, r)
    y = y.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return y.reshape(*lead, C * r * r, H // r, W // r)


_shuffle = composite("PixelShuffleBackward0", lambda x, r: _shuffle_graph(x, r))
_unshuffle = composite("PixelUnshuffleBackward0", lambda x, r: _unshuffle_graph(x, r))


def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r) with r = upscale_factor."""
    _check_tensor(input, "input")
    r = _checks.int_arg(upscale_factor, "pixel_shuffle", "upscale_factor", 2)
    if input._data.ndim < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input._data.ndim} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    C = input._data.shape[-3]
    if C % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={C} is not divisible by {r * r}")
    return _shuffle(input, r=r)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H r, W r) -> (*, C r^2, H, W) with r = downscale_factor."""
    _check_tensor(input, "input")
    r = _checks.int_arg(downscale_factor, "pixel_unshuffle", "downscale_factor", 2)
    if input._data.ndim < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input._data.ndim} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    H, W = input._data.shape[-2:]
    if H % r:
        raise RuntimeError(f"pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)={H} "
                           f"is not divisible by {r}")
    if W % r:
        raise RuntimeError(f"pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)={W} "
                           f"is not divisible by {r}")
    return _unshuffle(input, r=r)

