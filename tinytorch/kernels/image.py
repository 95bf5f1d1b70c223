"""Image kernels: uint8 pixels to float intensities in [0, 1] (datasets); resampling weights,
affine sampling and hue shifts (``tinytorch.vision.transforms``)."""
import numpy as np

from . import kernel


@kernel
def to_unit_float_kernel(pixels, out):
    """out[i] = pixels[i] / 255 (as torchvision's ToTensor); pixels uint8 1-D, out float 1-D."""
    for i in range(pixels.size):
        out[i] = pixels[i] / 255.0


@kernel
def max_label_kernel(labels):
    """The largest value in a 1-D uint8 label array (-1 when it is empty)."""
    best = -1
    for i in range(labels.size):
        if labels[i] > best:
            best = labels[i]
    return best


# ---- resampling (``vision.transforms.Resize``) ---------------------------------------------
#: ``resize_weights_kernel`` modes.
NEAREST, BILINEAR, BILINEAR_AA = 0, 1, 2


@kernel
def resize_weights_kernel(mode, in_size, out_size, scale, out):
    """Fill ``out`` (out_size, in_size), zeroed by the caller, with the weights that map a line
    of ``in_size`` pixels to ``out_size`` pixels: ``resized = out @ line``.

    scale = in_size / out_size (PyTorch's ``area_pixel_compute_scale`` without align_corners).
    NEAREST: output i takes input floor(i * scale).  BILINEAR: the half-pixel centre
    scale * (i + 0.5) - 0.5, clamped at 0, between its two neighbours.  BILINEAR_AA: the
    antialiased filter of ``interpolate(..., antialias=True)``: a triangle of half-width
    ``scale`` (1 when upsampling) around scale * (i + 0.5), normalised to sum 1.
    """
    for i in range(out_size):
        if mode == NEAREST:
            src = int(i * scale)
            out[i, min(src, in_size - 1)] = 1.0
        elif mode == BILINEAR:
            real = scale * (i + 0.5) - 0.5
            if real < 0.0:
                real = 0.0
            i0 = int(real)
            i1 = i0 + 1 if i0 < in_size - 1 else i0
            lam = real - i0
            out[i, i0] += 1.0 - lam
            out[i, i1] += lam
        else:
            support = scale if scale >= 1.0 else 1.0
            invscale = 1.0 / scale if scale >= 1.0 else 1.0
            center = scale * (i + 0.5)
            xmin = max(int(center - support + 0.5), 0)
            xmax = min(int(center + support + 0.5), in_size)
            total = 0.0
            for j in range(xmin, xmax):
                x = abs((j - center + 0.5) * invscale)
                w = 1.0 - x if x < 1.0 else 0.0
                out[i, j] = w
                total += w
            if total != 0.0:
                for j in range(xmin, xmax):
                    out[i, j] /= total


# ---- affine resampling (``vision.transforms.RandomRotation``) -------------------------------
@kernel
def affine_sample_kernel(img, theta, bilinear, out, mask):
    """Sample ``img`` (N, C, H, W) through the inverse affine map ``theta`` (6 values, pixel
    units about the image centre) into ``out`` (N, C, OH, OW); ``mask`` (OH, OW) receives the
    weight that fell inside the image (1 inside, 0 outside, fractions on the border when
    bilinear).  The arithmetic is torchvision's grid (pixel centres about the output centre,
    normalised by the input half-size) followed by ``grid_sample(align_corners=False)`` with
    zero padding, in float64; nearest rounds half to even."""
    n, c, h, w = img.shape
    oh, ow = out.shape[2], out.shape[3]
    for i in range(oh):
        by = i - oh * 0.5 + 0.5
        for j in range(ow):
            bx = j - ow * 0.5 + 0.5
            gx = (theta[0] * bx + theta[1] * by + theta[2]) / (0.5 * w)
            gy = (theta[3] * bx + theta[4] * by + theta[5]) / (0.5 * h)
            ix = ((gx + 1.0) * w - 1.0) / 2.0
            iy = ((gy + 1.0) * h - 1.0) / 2.0
            if not bilinear:
                x0 = int(np.rint(ix))
                y0 = int(np.rint(iy))
                inside = 0 <= x0 < w and 0 <= y0 < h
                mask[i, j] = 1.0 if inside else 0.0
                for b in range(n):
                    for k in range(c):
                        out[b, k, i, j] = img[b, k, y0, x0] if inside else 0.0
                continue
            x0 = int(np.floor(ix))
            y0 = int(np.floor(iy))
            fx = ix - x0
            fy = iy - y0
            total = 0.0
            acc = np.zeros((n, c))
            for dy in range(2):
                yy = y0 + dy
                wy = fy if dy == 1 else 1.0 - fy
                if yy < 0 or yy >= h:
                    continue
                for dx in range(2):
                    xx = x0 + dx
                    wx = fx if dx == 1 else 1.0 - fx
                    if xx < 0 or xx >= w:
                        continue
                    total += wx * wy
                    for b in range(n):
                        for k in range(c):
                            acc[b, k] += wx * wy * img[b, k, yy, xx]
            for b in range(n):
                for k in range(c):
                    out[b, k, i, j] = acc[b, k]
            mask[i, j] = total


# ---- colour (``vision.transforms.ColorJitter``'s hue) --------------------------------------
@kernel
def adjust_hue_kernel(img, hue_factor, out):
    """Shift the hue of RGB pixels ``img`` (N, 3, P) float by ``hue_factor`` (a fraction of the
    colour wheel) into ``out``: RGB -> HSV (Pillow's formulas, as torchvision's tensor path),
    h = (h + hue_factor) mod 1, HSV -> RGB with p, q, t clamped to [0, 1]; in float64."""
    n, _, p = img.shape
    for b in range(n):
        for k in range(p):
            r, g, bl = float(img[b, 0, k]), float(img[b, 1, k]), float(img[b, 2, k])
            maxc = max(r, max(g, bl))
            minc = min(r, min(g, bl))
            cr = maxc - minc
            h = 0.0
            s = 0.0
            if maxc != minc:
                s = cr / maxc
                rc = (maxc - r) / cr
                gc = (maxc - g) / cr
                bc = (maxc - bl) / cr
                if maxc == r:
                    h = bc - gc
                elif maxc == g:
                    h = 2.0 + rc - bc
                else:
                    h = 4.0 + gc - rc
                h = (h / 6.0 + 1.0) % 1.0
            h = (h + hue_factor) % 1.0
            v = maxc
            i6 = np.floor(h * 6.0)
            f = h * 6.0 - i6
            sector = int(i6) % 6
            pp = min(max(v * (1.0 - s), 0.0), 1.0)
            qq = min(max(v * (1.0 - s * f), 0.0), 1.0)
            tt = min(max(v * (1.0 - s * (1.0 - f)), 0.0), 1.0)
            if sector == 0:
                rr, gg, bb = v, tt, pp
            elif sector == 1:
                rr, gg, bb = qq, v, pp
            elif sector == 2:
                rr, gg, bb = pp, v, tt
            elif sector == 3:
                rr, gg, bb = pp, qq, v
            elif sector == 4:
                rr, gg, bb = tt, pp, v
            else:
                rr, gg, bb = v, pp, qq
            out[b, 0, k] = rr
            out[b, 1, k] = gg
            out[b, 2, k] = bb
