"""``grid_sample`` kernels: input (N, C, H, W) read at the grid's (x, y) points (N, OH, OW, 2),
coordinates in [-1, 1] (x along W, y along H), as PyTorch's CPU grid sampler reads them.

A coordinate c becomes a pixel position ((c + 1) / 2) (size - 1) with align_corners, else
((c + 1) size - 1) / 2; then 'border' clips it into [0, size - 1] and 'reflection' mirrors it
at the borders (the pixel centres with align_corners, the edges otherwise) before clipping;
'zeros' leaves it and reads 0 outside the input.  Bilinear mixes the four pixels around the
position; nearest reads the closest one (halves to even).  Each position also gets d(position) /
d(coordinate) for the grid's gradient (zero where a clip or an edge holds it still).
"""
import numpy as np

from . import kernel

ZEROS, BORDER, REFLECTION = 0, 1, 2
BILINEAR, NEAREST = 0, 1


@kernel
def _reflect(c, twice_low, twice_high):
    """c mirrored into [twice_low / 2, twice_high / 2], and the sign d(result) / dc."""
    if twice_low == twice_high:
        return 0.0, 0.0
    low = twice_low / 2.0
    span = (twice_high - twice_low) / 2.0
    c = c - low
    sign = 1.0
    if c < 0:
        sign = -1.0
        c = -c
    extra = c % span
    flips = int(np.floor(c / span))
    if flips % 2 == 0:
        return extra + low, sign
    return span - extra + low, -sign


@kernel
def _source(c, size, padding, align_corners):
    """The pixel position of coordinate c along an axis of ``size`` pixels, and d(position) / dc."""
    if align_corners:
        pos = (c + 1.0) / 2.0 * (size - 1)
        d = (size - 1) / 2.0
    else:
        pos = ((c + 1.0) * size - 1.0) / 2.0
        d = size / 2.0
    if padding == REFLECTION:
        if align_corners:
            pos, s = _reflect(pos, 0.0, 2.0 * (size - 1))
        else:
            pos, s = _reflect(pos, -1.0, 2.0 * size - 1.0)
        d *= s
    if padding != ZEROS:   # clip into [0, size - 1]; the borders count as outside for the gradient
        if pos <= 0:
            pos, d = 0.0, 0.0
        elif pos >= size - 1:
            pos, d = size - 1.0, 0.0
    return pos, d


@kernel
def _inside(h, w, H, W):
    return 0 <= h < H and 0 <= w < W


@kernel
def grid_sample_forward_kernel(x, grid, mode, padding, align_corners, out):
    """out[n, c, oh, ow] = x[n, c] read at grid[n, oh, ow] (see the module docstring)."""
    N, C, H, W = x.shape
    _, OH, OW, _ = grid.shape
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                ix, _ = _source(grid[n, oh, ow, 0], W, padding, align_corners)
                iy, _ = _source(grid[n, oh, ow, 1], H, padding, align_corners)
                if mode == NEAREST:
                    w0, h0 = int(np.rint(ix)), int(np.rint(iy))
                    ok = _inside(h0, w0, H, W)
                    for c in range(C):
                        out[n, c, oh, ow] = x[n, c, h0, w0] if ok else 0
                    continue
                w0, h0 = int(np.floor(ix)), int(np.floor(iy))
                w1, h1 = w0 + 1, h0 + 1
                nw = (w1 - ix) * (h1 - iy)
                ne = (ix - w0) * (h1 - iy)
                sw = (w1 - ix) * (iy - h0)
                se = (ix - w0) * (iy - h0)
                for c in range(C):
                    acc = 0.0
                    if _inside(h0, w0, H, W):
                        acc += x[n, c, h0, w0] * nw
                    if _inside(h0, w1, H, W):
                        acc += x[n, c, h0, w1] * ne
                    if _inside(h1, w0, H, W):
                        acc += x[n, c, h1, w0] * sw
                    if _inside(h1, w1, H, W):
                        acc += x[n, c, h1, w1] * se
                    out[n, c, oh, ow] = acc


@kernel
def grid_sample_backward_kernel(x, grid, g, mode, padding, align_corners, gx, ggrid):
    """gx (N, C, H, W), zeroed here: each output gradient added to the pixels it read, times
    their weights; ggrid (N, OH, OW, 2): d(out) / d(grid) contracted with g (zero for nearest)."""
    N, C, H, W = x.shape
    _, OH, OW, _ = grid.shape
    for n in range(N):
        for c in range(C):
            for h in range(H):
                for w in range(W):
                    gx[n, c, h, w] = 0
        for oh in range(OH):
            for ow in range(OW):
                ix, dx = _source(grid[n, oh, ow, 0], W, padding, align_corners)
                iy, dy = _source(grid[n, oh, ow, 1], H, padding, align_corners)
                if mode == NEAREST:
                    w0, h0 = int(np.rint(ix)), int(np.rint(iy))
                    if _inside(h0, w0, H, W):
                        for c in range(C):
                            gx[n, c, h0, w0] += g[n, c, oh, ow]
                    ggrid[n, oh, ow, 0] = 0
                    ggrid[n, oh, ow, 1] = 0
                    continue
                w0, h0 = int(np.floor(ix)), int(np.floor(iy))
                w1, h1 = w0 + 1, h0 + 1
                nw = (w1 - ix) * (h1 - iy)
                ne = (ix - w0) * (h1 - iy)
                sw = (w1 - ix) * (iy - h0)
                se = (ix - w0) * (iy - h0)
                gix = 0.0
                giy = 0.0
                for c in range(C):
                    go = g[n, c, oh, ow]
                    if _inside(h0, w0, H, W):
                        v = x[n, c, h0, w0]
                        gx[n, c, h0, w0] += nw * go
                        gix -= v * (h1 - iy) * go
                        giy -= v * (w1 - ix) * go
                    if _inside(h0, w1, H, W):
                        v = x[n, c, h0, w1]
                        gx[n, c, h0, w1] += ne * go
                        gix += v * (h1 - iy) * go
                        giy -= v * (ix - w0) * go
                    if _inside(h1, w0, H, W):
                        v = x[n, c, h1, w0]
                        gx[n, c, h1, w0] += sw * go
                        gix -= v * (iy - h0) * go
                        giy += v * (w1 - ix) * go
                    if _inside(h1, w1, H, W):
                        v = x[n, c, h1, w1]
                        gx[n, c, h1, w1] += se * go
                        gix += v * (iy - h0) * go
                        giy += v * (ix - w0) * go
                ggrid[n, oh, ow, 0] = gix * dx
                ggrid[n, oh, ow, 1] = giy * dy
