"""``unfold`` (im2col: every sliding block of an image as a column) and ``fold`` (col2im: columns
summed back into an image), on conv2d's kernels (``kernels.conv``).

unfold: (N, C, H, W) -> (N, C kH kW, L), L = the number of blocks (OH OW); fold is its adjoint,
(N, C kH kW, L) -> (N, C, H, W), adding the entries of overlapping blocks.  Each is the other's
backward, so both are differentiable any number of times.
"""
import numpy as np

from .. import _checks
from ..autograd.node import Node
from ..kernels import conv as kc
from .nn import _check_tensor


def _c(a):
    return np.ascontiguousarray(a)


def _pairs(fn, kernel_size, dilation, padding, stride):
    out = []
    for v, name in ((kernel_size, "kernel_size"), (dilation, "dilation"), (padding, "padding"), (stride, "stride")):
        t = _checks.int_tuple(v, 2, fn, name)
        if len(t) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(t)}")
        out.append(t)
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = out
    if kh <= 0 or kw <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {kh} kernel_width: {kw}")
    if sh <= 0 or sw <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got stride_height: {sh} stride_width: {sw}")
    if dh <= 0 or dw <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilation_height: {dh} dilation_width: {dw}")
    if ph < 0 or pw < 0:
        raise RuntimeError(f"padding should be non-negative, but got pad_height: {ph} pad_width: {pw}")
    return out


def _blocks(size, k, d, p, s):
    return (size + 2 * p - (d * (k - 1) + 1)) // s + 1


class Im2ColBackward0(Node):
    """out[n, (c kH + i) kW + j, oh OW + ow] = x_padded[n, c, oh sh + i dh, ow sw + j dw]  ->
    d/dx = fold(g).  Unbatched input (C, H, W) is a batch of one without its batch dimension."""

    def __init__(self, kernel, dilation, padding, stride):
        self.args = (kernel, dilation, padding, stride)

    def forward(self, x):
        self.x_shape = x.shape
        return _unbatched(_im2col, x, 3, *self.args)

    def backward(self, g):
        return (_unbatched(_col2im, g, 2, self.x_shape[-2:], *self.args),)

    def backward_graph(self, g):
        return (Col2ImBackward0(self.x_shape[-2:], *self.args).apply(g),)


class Col2ImBackward0(Node):
    """out = the sum of every column entry at the image position it was read from  ->  d/dcols = unfold(g).
    Unbatched columns (C kH kW, L) are a batch of one without its batch dimension."""

    def __init__(self, out_hw, kernel, dilation, padding, stride):
        self.out_hw, self.args = tuple(out_hw), (kernel, dilation, padding, stride)

    def forward(self, cols):
        return _unbatched(_col2im, cols, 2, self.out_hw, *self.args)

    def backward(self, g):
        return (_unbatched(_im2col, g, 3, *self.args),)

    def backward_graph(self, g):
        return (Im2ColBackward0(*self.args).apply(g),)


def _unbatched(fn, a, unbatched_ndim, *args):
    """fn on array a, as a batch of one when a has ``unbatched_ndim`` dimensions."""
    if a.ndim == unbatched_ndim:
        return fn(a[None], *args)[0]
    return fn(a, *args)


def _im2col(x, kernel, dilation, padding, stride):
    N, C, H, W = x.shape
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = kernel, dilation, padding, stride
    if ph or pw:
        padded = np.zeros((N, C, H + 2 * ph, W + 2 * pw), x.dtype)
        padded[:, :, ph:ph + H, pw:pw + W] = x
    else:
        padded = _c(x)
    L = _blocks(H, kh, dh, ph, sh) * _blocks(W, kw, dw, pw, sw)
    cols = np.empty((N, C * kh * kw, L), x.dtype)
    kc.im2col_kernel(padded, kh, kw, sh, sw, dh, dw, False, cols)
    return cols


def _col2im(cols, out_hw, kernel, dilation, padding, stride):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = kernel, dilation, padding, stride
    H, W = out_hw
    N, C = cols.shape[0], cols.shape[1] // (kh * kw)
    image = np.empty((N, C, H + 2 * ph, W + 2 * pw), cols.dtype)
    kc.col2im_kernel(_c(cols), kh, kw, sh, sw, dh, dw, image)
    return image[:, :, ph:ph + H, pw:pw + W].copy() if ph or pw else image


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """The sliding kernel_size blocks of input (N, C, H, W) or (C, H, W) as columns:
    (N, C kH kW, L) (or (C kH kW, L)), L = OH OW blocks."""
    _check_tensor(input, "input")
    kernel, dilation, padding, stride = _pairs("unfold", kernel_size, dilation, padding, stride)
    if input._data.ndim not in (3, 4) or 0 in input._data.shape[-3:]:
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{list(input.shape)}")
    H, W = input._data.shape[-2:]
    blocks = tuple(_blocks(n, *a) for n, a in zip((H, W), zip(kernel, dilation, padding, stride)))
    if min(blocks) < 1:
        raise RuntimeError(f"Given input with spatial size ({H}, {W}), kernel_size={kernel}, dilation={dilation}, "
                           f"padding={padding}, calculated shape of the array of sliding blocks as {blocks}, but its "
                           "components must be at least one.")
    return Im2ColBackward0(kernel, dilation, padding, stride).apply(input)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """The adjoint of ``unfold``: columns (N, C kH kW, L) or (C kH kW, L) summed back into images
    (N, C, *output_size) (or (C, *output_size))."""
    _check_tensor(input, "input")
    out_hw = _checks.int_tuple(output_size, 2, "fold", "output_size")
    if len(out_hw) != 2:
        raise RuntimeError(f"It is expected output_size equals to 2, but got size {len(out_hw)}")
    kernel, dilation, padding, stride = _pairs("fold", kernel_size, dilation, padding, stride)
    if input._data.ndim not in (2, 3) or 0 in input._data.shape[-2:]:
        raise RuntimeError(f"Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    rows, L = input._data.shape[-2:]
    if rows % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={rows} and kernel_size={kernel}.")
    blocks = [_blocks(n, *a) for n, a in zip(out_hw, zip(kernel, dilation, padding, stride))]
    if blocks[0] * blocks[1] != L:
        raise RuntimeError(f"Given output_size={out_hw}, kernel_size={kernel}, dilation={dilation}, "
                           f"padding={padding}, stride={stride}, expected size of input's dimension 2 to match the "
                           f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, "
                           f"but got input.size(2)={L}.")
    if min(blocks) < 1:
        raise RuntimeError(f"Given output_size={out_hw}, kernel_size={kernel}, dilation={dilation}, "
                           f"padding={padding}, stride={stride}, calculated shape of the array of sliding blocks as "
                           f"({blocks[0]}, {blocks[1]}), which is too small (non-positive)")
    return Col2ImBackward0(out_hw, kernel, dilation, padding, stride).apply(input)
