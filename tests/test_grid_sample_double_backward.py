"""grid_sample's recorded double backward (GridSampler2DBackward0 under create_graph): float64
gradgradcheck for bilinear and nearest, zeros and border padding, both align_corners, on a
non-contiguous input; reflection padding's second derivative refuses clearly."""
import numpy as np
import pytest

import tinytorch as torch
import tinytorch.nn.functional as F


def _inputs(seed):
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.standard_normal((1, 2, 4, 3)), dtype=torch.float64, requires_grad=True)
    # points kept away from pixel boundaries, where the bilinear slopes jump
    g = torch.tensor(rng.uniform(-1.1, 1.1, (1, 3, 2, 2)) * 0.9 + 0.013, dtype=torch.float64, requires_grad=True)
    return x, g


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding", ["zeros", "border"])
@pytest.mark.parametrize("align", [False, True])
def test_gradgradcheck(mode, padding, align):
    x, g = _inputs(3)
    fn = lambda a, b: F.grid_sample(a.transpose(2, 3), b, mode=mode, padding_mode=padding, align_corners=align)
    assert not x.transpose(2, 3).is_contiguous()
    assert torch.autograd.gradcheck(fn, (x, g))
    assert torch.autograd.gradgradcheck(fn, (x, g))


def test_nearest_grid_gradient_is_zeros_under_create_graph():
    x, g = _inputs(4)
    y = F.grid_sample(x, g, mode="nearest", align_corners=False)
    gx, gg = torch.autograd.grad((y * y).sum(), (x, g), create_graph=True)
    assert gg.shape == g.shape and float(gg.abs().sum()) == 0.0
    assert gx.requires_grad


def test_reflection_second_derivative_refuses():
    x, g = _inputs(5)
    y = F.grid_sample(x, g, padding_mode="reflection", align_corners=False)
    with pytest.raises(RuntimeError, match="padding_mode='reflection' is not implemented in tinytorch"):
        torch.autograd.grad((y * y).sum(), (x, g), create_graph=True)
