"""grid_sample written on Tensors (bilinear/nearest, zeros/border padding), for the recorded
double backward of GridSampler2DBackward0: the same values as ``kernels.grid``'s forward, built
of differentiable primitives (gather, products) so its gradients can be differentiated again.

input (N, C, H, W), grid (N, OH, OW, 2) -> (N, C, OH, OW).  The corner indices and the in-bounds
masks are computed on detached tensors (piecewise constant in the grid); the weights carry the
grid's history.  Reflection padding is not written here: its second derivative refuses clearly.
"""
from ..autograd.grad_mode import no_grad


def _unnormalize(coord, size, align_corners):
    if align_corners:
        return (coord + 1) * ((size - 1) / 2)
    return ((coord + 1) * size - 1) / 2


def _corner(xflat, W, H, ix, iy, C):
    """The input at integer (ix, iy) (detached float tensors (N, OH, OW)), 0 outside, and the mask."""
    with no_grad():
        inside = ((ix >= 0) & (ix <= W - 1) & (iy >= 0) & (iy <= H - 1)).to(xflat.dtype)
        flat = (iy.clamp(0, H - 1) * W + ix.clamp(0, W - 1)).long()
        N, OH, OW = flat.shape
        index = flat.reshape(N, 1, OH * OW).expand(N, C, OH * OW)
    return xflat.gather(2, index).reshape(N, C, OH, OW), inside.reshape(N, 1, OH, OW)


def sample(x, grid, nearest, border, align_corners):
    """The grid_sample forward as a Tensor expression (see the module doc)."""
    N, C, H, W = x.shape
    xflat = x.reshape(N, C, H * W)
    ix = _unnormalize(grid[..., 0], W, align_corners)
    iy = _unnormalize(grid[..., 1], H, align_corners)
    if border:
        ix, iy = ix.clamp(0, W - 1), iy.clamp(0, H - 1)
    if nearest:
        with no_grad():
            rx, ry = ix.round(), iy.round()
        value, inside = _corner(xflat, W, H, rx, ry, C)
        return value * inside
    with no_grad():
        x0, y0 = ix.floor(), iy.floor()
    tx, ty = (ix - x0).unsqueeze(1), (iy - y0).unsqueeze(1)
    out = None
    for dx, wx in ((0, 1 - tx), (1, tx)):
        for dy, wy in ((0, 1 - ty), (1, ty)):
            value, inside = _corner(xflat, W, H, x0 + dx, y0 + dy, C)
            term = value * (wx * wy * inside)
            out = term if out is None else out + term
    return out
