"""``affine_grid`` (the sampling grid of a batch of 2-D affine maps) and ``grid_sample`` (input read
at a grid's points, bilinear or nearest, ``kernels.grid``), with PyTorch's nodes and checks.

affine_grid: for size (N, C, H, W), pixel (h, w) has base coordinates (x_w, y_h, 1) with x, y
evenly spaced in [-1, 1] (the pixel centres scaled by (n - 1) / n unless align_corners); the
grid is base @ theta^T per sample, (N, H, W, 2).  grid_sample's first backward runs on arrays;
under create_graph it is recorded (``grid_graph``), so it differentiates again.
"""
import warnings

import numpy as np

from .. import _dtype
from .._creation import linspace
from ..autograd.composite import composite
from ..autograd.api import grad as _grad
from ..autograd.node import Node
from ..kernels import grid as kg
from .nn import _check_tensor
from . import grid_graph as _grid_graph
from .shape import cat

_DEFAULT_CHANGED = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                    "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                    "grid_sample for details.")


def _steps(n, align_corners, dtype):
    """n coordinates evenly spaced in [-1, 1], times (n - 1) / n unless align_corners (0 for n = 1)."""
    if n <= 1:
        return linspace(0.0, 0.0, 1, dtype=dtype)
    steps = linspace(-1.0, 1.0, n, dtype=dtype)
    return steps if align_corners else steps * (n - 1) / n


def _affine_grid_graph(theta, size, align_corners):
    N, _, H, W = size
    dt = theta.dtype
    xs = _steps(W, align_corners, dt).reshape(1, W, 1).expand(H, W, 1)
    ys = _steps(H, align_corners, dt).reshape(H, 1, 1).expand(H, W, 1)
    base = cat([xs, ys, xs.new_ones((H, W, 1))], -1)   # (H, W, 3): x, y, 1
    return base.reshape(1, H * W, 3).expand(N, H * W, 3).bmm(theta.transpose(1, 2)).reshape(N, H, W, 2)


_affine_grid_op = composite("AffineGridGeneratorBackward0", _affine_grid_graph)


def affine_grid(theta, size, align_corners=None):
    """The (N, H, W, 2) sampling grid of the affine maps theta (N, 2, 3) for an output of ``size``
    (N, C, H, W); 3-D (5-D size) grids are not implemented."""
    _check_tensor(theta, "theta")
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = tuple(size)
    if len(size) == 5:
        raise NotImplementedError("affine_grid: 3-D affine transforms (5-D sizes) are not implemented in tinytorch")
    if len(size) != 4:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if theta._data.ndim != 3 or theta._data.shape[1:] != (2, 3):
        raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. Got "
                         f"{theta.shape!r}.")
    if min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {list(size)}")
    if align_corners and min(size[2:]) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", stacklevel=2)
    if theta._data.shape[0] != size[0]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{size[0]}, 3] but got: "
                           f"[{theta._data.shape[0]}, 3].")
    return _affine_grid_op(theta, size=size, align_corners=bool(align_corners))


class GridSampler2DBackward0(Node):
    """out = input read at the grid's points  ->  d/dinput = each output gradient added back at
    the points it read (times the bilinear weights); d/dgrid = the interpolation's slope."""

    def __init__(self, mode, padding, align_corners):
        self.args = (mode, padding, bool(align_corners))

    def forward(self, x, grid):
        x, grid = np.ascontiguousarray(x), np.ascontiguousarray(grid)
        out = np.empty(x.shape[:2] + grid.shape[1:3], x.dtype)
        kg.grid_sample_forward_kernel(x, grid, *self.args, out)
        self.save_for_backward(x, grid)
        return out

    def backward(self, g):
        x, grid = self.saved_arrays
        gx, ggrid = np.empty(x.shape, g.dtype), np.empty(grid.shape, g.dtype)
        kg.grid_sample_backward_kernel(x, grid, np.ascontiguousarray(g), *self.args, gx, ggrid)
        return (gx if self.needs_input_grad(0) else None, ggrid if self.needs_input_grad(1) else None)

    def backward_graph(self, grad):
        """The gradients recorded (create_graph=True): ``grid_graph.sample`` recomputed on the
        graph's own tensors and differentiated; nearest mode's grid gradient is zeros."""
        mode, padding, align_corners = self.args
        if padding == kg.REFLECTION:
            raise RuntimeError("the derivative of GridSampler2DBackward0 with padding_mode='reflection' is not "
                               "implemented in tinytorch (zeros and border padding are)")
        x, grid = self.saved_arrays
        tensors = [self.input_tensor(0, x), self.input_tensor(1, grid)]
        out = _grid_graph.sample(*tensors, mode == kg.NEAREST, padding == kg.BORDER, align_corners)
        wanted = [t for t, (node, _) in zip(tensors, self.next_functions) if node is not None]
        found = iter(_grad(out, wanted, grad, create_graph=True, allow_unused=True))
        result = [None if node is None else next(found) for node, _ in self.next_functions]
        if result[1] is None and self.next_functions[1][0] is not None:
            result[1] = tensors[1].new_zeros(grid.shape)
        return result


_MODES = {"bilinear": kg.BILINEAR, "nearest": kg.NEAREST}
_PADDINGS = {"zeros": kg.ZEROS, "border": kg.BORDER, "reflection": kg.REFLECTION}


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """input (N, C, H, W) read at grid (N, OH, OW, 2) (x, y in [-1, 1]): (N, C, OH, OW).
    mode 'bilinear' or 'nearest'; padding_mode 'zeros', 'border' or 'reflection'.  5-D input and
    mode 'bicubic' are not implemented."""
    _check_tensor(input, "input")
    _check_tensor(grid, "grid")
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         f"got: '{mode}'")
    if padding_mode not in _PADDINGS:
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=2)
        align_corners = False
    xs, gs = list(input.shape), list(grid.shape)   # (PyTorch's order of checks)
    if gs[0] != xs[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with sizes "
                           f"{xs} and grid with sizes {gs}")
    if gs[-1] != input._data.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input._data.ndim - 2} in last dimension, but "
                           f"got grid with sizes {gs}")
    for i in range(2, input._data.ndim):
        if xs[i] == 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               f"sizes {xs} with dimension {i} being empty")
    if input._data.ndim not in (4, 5) or grid._data.ndim != input._data.ndim:
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got "
                           f"input with sizes {xs} and grid with sizes {gs}")
    if input._data.dtype != grid._data.dtype:
        raise RuntimeError(f"expected scalar type {_dtype.SCALAR_NAMES[input._data.dtype.name]} but found "
                           f"{_dtype.SCALAR_NAMES[grid._data.dtype.name]}")
    if input._data.ndim == 5 or mode == "bicubic":
        raise NotImplementedError(f"grid_sample: {'5-D input' if input._data.ndim == 5 else 'bicubic mode'} is not "
                                  "implemented in tinytorch (4-D bilinear and nearest are)")
    if not input.is_floating_point():
        raise RuntimeError(f"grid_sampler_2d_cpu not implemented for '{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    return GridSampler2DBackward0(_MODES[mode], _PADDINGS[padding_mode], align_corners).apply(input, grid)
