"""Neural-network ops as graph nodes named like PyTorch's: the affine map (``AddmmBackward0``),
convolution, pooling, batch norm and the losses.

Every forward validates shapes and dtypes here, in Python, then hands contiguous arrays to
the kernels in ``kernels.linear``, ``kernels.conv``, ``kernels.pool``, ``kernels.norm`` and
``kernels.loss``; matrix products go to BLAS through ``kernels.matmul``.
"""
import math
import warnings

import numpy as np

from .. import _checks, _dtype
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import Node
from ..kernels import conv as kc
from ..kernels import elementwise as ew
from ..kernels import linear as kl
from ..kernels import loss as kloss
from ..kernels import matmul as km
from ..kernels import norm as kn
from ..kernels import pool as kp
from .elementwise import mul
from .reduce import log_softmax
from .scatter_gather import gather
from .shape import reshape
from .util import broadcast_shapes




def _c(a):
    return np.ascontiguousarray(a)


def _check_tensor(x, name):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} must be a Tensor, not {type(x).__name__}")


def _check_float_same(x, w, what, convolution=False):
    """Floating-point operands of one dtype; a convolution also takes integer operands of one
    dtype (PyTorch's slow CPU kernel: wrapping integer sums), but not bool."""
    for t, name in ((x, "input"), (w, what)):
        _check_tensor(t, name)
    if convolution and x._data.dtype == w._data.dtype and x._data.dtype.kind in "iu":
        return
    if convolution and x._data.dtype == w._data.dtype == np.bool_:
        raise NotImplementedError("\"slow_conv2d_cpu\" not implemented for 'Bool'")
    for t, name in ((x, "input"), (w, what)):
        if not t.is_floating_point() and not (convolution and t._data.dtype.kind in "iu"):
            raise RuntimeError(f"expected a floating-point {name}, got dtype {t.dtype}")
    if x._data.dtype != w._data.dtype and convolution:
        raise RuntimeError(f"expected scalar type {_dtype.SCALAR_NAMES[x._data.dtype.name]} but found "
                           f"{_dtype.SCALAR_NAMES[w._data.dtype.name]}")
    if x._data.dtype != w._data.dtype:
        raise RuntimeError(f"expected input and {what} to have the same dtype, but got "
                           f"{_dtype.SCALAR_NAMES[x._data.dtype.name]} and {_dtype.SCALAR_NAMES[w._data.dtype.name]}")


# ---- linear -----------------------------------------------------------------------------

class AddmmBackward0(Node):
    """y = x W^T + b for x (N, in), W (out, in), b (out,)  ->  dx = g W, dW = g^T x, db = sum_n g."""

    def forward(self, b, x, w):
        self.save_for_backward(x, w)
        out = km.matmul(x, w.T, x.dtype)
        kl.add_bias_rows_kernel(out, _c(b))
        return out

    def backward_graph(self, g):
        """The same products and sum, recorded (differentiable again)."""
        x, w = self.saved_arrays
        xt, wt = self.input_tensor(1, x), self.input_tensor(2, w)
        return (g.sum(0) if self.needs_input_grad(0) else None,
                g.mm(wt) if self.needs_input_grad(1) else None,
                g.t().mm(xt) if self.needs_input_grad(2) else None)

    def backward(self, g):
        x, w = self.saved_arrays
        g = _c(g)
        gb = None
        if self.needs_input_grad(0):
            gb = np.empty(g.shape[1], g.dtype)
            kl.sum_over_rows_kernel(g, gb)
        gx = km.matmul(g, w, g.dtype) if self.needs_input_grad(1) else None
        gw = km.matmul(g.T, x, g.dtype) if self.needs_input_grad(2) else None
        return gb, gx, gw


def linear(input, weight, bias=None):
    """y = input @ weight^T + bias; input (*, in), weight (out, in), bias (out,) or None."""
    _check_float_same(input, weight, "weight")
    if weight._data.ndim != 2:
        raise RuntimeError(f"linear: weight must be 2-D (out_features, in_features), got shape {tuple(weight.shape)}")
    out_f, in_f = weight._data.shape
    if input._data.ndim == 0 or input._data.shape[-1] != in_f:
        rows = input._data.size // max(input._data.shape[-1], 1) if input._data.ndim else 1
        cols = input._data.shape[-1] if input._data.ndim else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{cols} and {in_f}x{out_f})")
    if bias is not None:
        _check_float_same(input, bias, "bias")
        if tuple(bias._data.shape) != (out_f,):
            raise RuntimeError(f"linear: bias must have shape ({out_f},), got {tuple(bias._data.shape)}")
    if bias is None:
        return input.matmul(weight.t())
    lead = input._data.shape[:-1]
    x2 = input if input._data.ndim == 2 else reshape(input, -1, in_f)
    out = AddmmBackward0().apply(bias, x2, weight)
    return out if input._data.ndim == 2 else reshape(out, *lead, out_f)


# ---- convolution ------------------------------------------------------------------------

def _conv_pair(v, name):
    """conv2d's stride / padding / dilation: an int or two ints (PyTorch's errors for anything else)."""
    if not _checks.is_int(v) and not (isinstance(v, (tuple, list)) and all(_checks.is_int(a) for a in v)):
        raise TypeError(f"conv2d() received an invalid combination of arguments - got (Tensor, Tensor, "
                        f"{name}={type(v).__name__}), but expected (Tensor input, Tensor weight, Tensor bias = None, "
                        f"tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, "
                        f"int groups = 1)")
    out = _checks.int_tuple(v, 2, "conv2d", name)
    if len(out) != 2:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of 2 values to match the "
                           f"convolution dimensions, but got {name}={list(out)}")
    return out


def _conv_groups(groups):
    if not _checks.is_int(groups):
        raise TypeError(f"conv2d() received an invalid combination of arguments - got (Tensor, Tensor, "
                        f"groups={type(groups).__name__}), but expected (..., int groups = 1)")
    return _checks.int64(groups)


def _pool_pair(v, fn, name, position):
    """A pooling size: an int or two ints, each within C int (PyTorch keeps them as int)."""
    out = _checks.int_tuple(v, 2, fn, name, position, int32=True)
    if len(out) == 1:
        out = out * 2
    if len(out) != 2:
        raise RuntimeError(f"{fn}: {name} must either be a single int, or a tuple of two ints")
    return out


def conv_output_size(size, k, s, p, d):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


class ConvolutionBackward0(Node):
    """2-D cross-correlation y[n] = W cols(x)[n] + b, one BLAS product per image (see
    ``kernels.conv``); the bias rides along as a column of W against a row of ones in cols.

    d[W | b] = sum_n g[n] cols[n]^T, dx = col2im(W^T g[n]).
    """

    def __init__(self, stride, padding, dilation, groups=1):
        self.stride, self.padding, self.dilation, self.groups = stride, padding, dilation, groups

    def forward(self, x, w, b=None):
        if self.groups > 1:
            return self._grouped_forward(_c(x), w, b)
        O, C, KH, KW = w.shape
        K = C * KH * KW
        has_bias = b is not None
        cols, (N, OH, OW) = self._columns(_c(x), KH, KW, has_bias)
        if has_bias:
            wb = np.empty((O, K + 1), x.dtype)
            wb[:, :K] = w.reshape(O, K)
            wb[:, K] = b
        else:
            wb = _c(w).reshape(O, K)
        out = km.matmul(wb, cols, x.dtype)  # (N, O, OH*OW): already NCHW
        self.save_for_backward(cols, w)
        return out.reshape(N, O, OH, OW)

    def _columns(self, x, KH, KW, ones_row):
        """im2col of the (padded) C-contiguous x: (N, C KH KW [+ a row of ones], OH OW), and
        (N, OH, OW).  Records the padded input's shape for ``_columns_to_input``."""
        (sh, sw), (ph, pw), (dh, dw) = self.stride, self.padding, self.dilation
        N, C, H, W = x.shape
        OH, OW = conv_output_size(H, KH, sh, ph, dh), conv_output_size(W, KW, sw, pw, dw)
        if ph or pw:
            x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
        cols = np.empty((N, C * KH * KW + ones_row, OH * OW), x.dtype)
        kc.im2col_kernel(x, KH, KW, sh, sw, dh, dw, ones_row, cols)
        self.x_shape, self.out_hw = x.shape, (OH, OW)
        return cols, (N, OH, OW)

    def backward(self, g):
        if self.groups > 1:
            return self._grouped_backward(g)
        cols, w = self.saved_arrays
        N, O, OH, OW = g.shape
        K = w.shape[1] * w.shape[2] * w.shape[3]
        g3 = _c(g).reshape(N, O, OH * OW)
        gx = gw = gb = None
        if self.needs_input_grad(1) or len(self.next_functions) == 3 and self.needs_input_grad(2):
            per_image = km.matmul(g3, cols.transpose(0, 2, 1), g.dtype)  # (N, O, K + has_bias)
            gwb = np.empty(per_image.shape[1:], g.dtype)
            kl.sum_over_rows_kernel(per_image.reshape(N, -1), gwb.reshape(-1))
            gw = _c(gwb[:, :K]).reshape(w.shape)
            if cols.shape[1] > K:
                gb = gwb[:, K].copy()
        if self.needs_input_grad(0):
            gcols = km.matmul(_c(w.reshape(O, K).T), g3, g.dtype)  # (N, K, OH*OW)
            gx = self._columns_to_input(gcols, w)
        if len(self.next_functions) == 2:
            return gx, gw
        return gx, gw, gb

    def backward_graph(self, g):
        """Under ``create_graph``: gx = B_w g and gw = C_x g, each a recorded node (both named
        ``ConvolutionBackwardBackward0``, as PyTorch's one node is) whose derivatives are again
        convolutions (group by group for a grouped one); gb = the sum of g, a recorded op."""
        cols, w = self.saved_arrays
        K = self.groups * w.shape[1] * w.shape[2] * w.shape[3]
        cols = cols[:, :K] if cols.shape[1] > K else cols
        gx = gw = gb = None
        if self.needs_input_grad(0):
            gx = ConvInputGradient(self).apply(g, self.input_tensor(1, w))
        if self.needs_input_grad(1):
            x = double_backward.edge_only(self, 0, self.input_shape(), g._data.dtype)
            gw = ConvWeightGradient(self, cols, w.shape).apply(x, g)
        if len(self.next_functions) == 3 and self.needs_input_grad(2):
            gb = g.sum((0, 2, 3))
        return (gx, gw) if len(self.next_functions) == 2 else (gx, gw, gb)

    # array pieces of the derivatives (w: (O, C/G, KH, KW), g: (N, O, OH, OW)), group by group:
    # group j's weight rows [j O/G, (j+1) O/G) meet its Kg = C/G KH KW rows of the columns
    def _groups(self, w):
        O, G = w.shape[0], self.groups
        Og, Kg = O // G, w.shape[1] * w.shape[2] * w.shape[3]
        return [(slice(j * Og, (j + 1) * Og), slice(j * Kg, (j + 1) * Kg)) for j in range(G)], Kg

    def input_gradient(self, g, w):
        """B_w g: the input gradient for output gradient g and weight w."""
        N, O, OH, OW = g.shape
        groups, Kg = self._groups(w)
        g3 = _c(g).reshape(N, O, OH * OW)
        gcols = np.empty((N, self.groups * Kg, OH * OW), g.dtype)
        for out_rows, col_rows in groups:
            wj = _c(w[out_rows]).reshape(-1, Kg)
            gcols[:, col_rows] = km.matmul(_c(wj.T), g3[:, out_rows], g.dtype)
        return self._columns_to_input(gcols, w)

    def weight_gradient(self, cols, g):
        """C_x g: the weight gradient (O, Kg) for output gradient g and input columns ``cols``
        (N, G Kg, OH OW)."""
        N, O = g.shape[:2]
        g3 = _c(g).reshape(N, O, -1)
        total = np.empty((O, cols.shape[1] // self.groups), g.dtype)
        for j in range(self.groups):
            out_rows = slice(j * (O // self.groups), (j + 1) * (O // self.groups))
            col_rows = slice(j * total.shape[1], (j + 1) * total.shape[1])
            per_image = km.matmul(g3[:, out_rows], cols[:, col_rows].transpose(0, 2, 1), g.dtype)   # (N, Og, Kg)
            kl.sum_over_rows_kernel(per_image.reshape(N, -1), total[out_rows].reshape(-1))
        return total

    def convolve_columns(self, cols, w):
        """The convolution of the input whose columns are ``cols`` with weight w (no bias)."""
        groups, Kg = self._groups(w)
        out = np.empty((cols.shape[0], w.shape[0], cols.shape[2]), cols.dtype)
        for out_rows, col_rows in groups:
            out[:, out_rows] = km.matmul(_c(w[out_rows]).reshape(-1, Kg), cols[:, col_rows], cols.dtype)
        return out.reshape((cols.shape[0], w.shape[0]) + self.out_hw)

    def columns(self, x, w_shape):
        """The columns (N, C KH KW, OH OW) of an array x of the forward input's shape."""
        return self._columns(_c(x), w_shape[2], w_shape[3], False)[0]

    def input_shape(self):
        """The forward input's shape (before padding)."""
        (ph, pw), (N, C, H, W) = self.padding, self.x_shape
        return (N, C, H - 2 * ph, W - 2 * pw)

    def _columns_to_input(self, gcols, w):
        """The input gradient from the columns' gradient (N, C KH KW, OH OW): col2im, then the
        padding cropped off."""
        gx = np.empty(self.x_shape, gcols.dtype)
        (sh, sw), (ph, pw), (dh, dw) = self.stride, self.padding, self.dilation
        kc.col2im_kernel(gcols, w.shape[2], w.shape[3], sh, sw, dh, dw, gx)
        if ph or pw:
            gx = gx[:, :, ph:gx.shape[2] - ph, pw:gx.shape[3] - pw].copy()
        return gx

    # ---- groups > 1: channels split into ``groups`` independent convolutions ----------------
    # Group j reads input channels [j C/G, (j+1) C/G), whose rows in ``cols`` are one block of
    # Kg = C/G KH KW rows, and writes output channels [j O/G, (j+1) O/G).  The bias is added
    # after the products instead of riding along in them.

    def _grouped_forward(self, x, w, b):
        O, Cg, KH, KW = w.shape
        G, Kg, Og = self.groups, Cg * KH * KW, O // self.groups
        cols, (N, OH, OW) = self._columns(x, KH, KW, False)
        out = np.empty((N, O, OH * OW), x.dtype)
        for j in range(G):
            wj = _c(w[j * Og:(j + 1) * Og]).reshape(Og, Kg)
            out[:, j * Og:(j + 1) * Og] = km.matmul(wj, cols[:, j * Kg:(j + 1) * Kg], x.dtype)
        if b is not None:
            out = ew.binary(ew.ADD, out, b.reshape(1, O, 1), x.dtype)
        self.save_for_backward(cols, w)
        return out.reshape(N, O, OH, OW)

    def _grouped_backward(self, g):
        cols, w = self.saved_arrays
        gx = gw = gb = None
        if self.needs_input_grad(1):
            gw = self.weight_gradient(cols, g).reshape(w.shape)
        if len(self.next_functions) == 3 and self.needs_input_grad(2):
            N, O = g.shape[:2]
            gb = np.empty(O, g.dtype)
            kl.sum_over_rows_kernel(_c(_c(g).reshape(N, O, -1).transpose(0, 2, 1)).reshape(-1, O), gb)
        if self.needs_input_grad(0):
            gx = self.input_gradient(g, w)
        if len(self.next_functions) == 2:
            return gx, gw
        return gx, gw, gb


class _ConvDerivative(Node):
    """A piece of a convolution's derivative graph.  ``conv`` (the forward's ConvolutionBackward0)
    gives the geometry: stride, padding, dilation, groups and the padded input shape.  The three
    pieces are the convolution in x and w, its adjoint in x (the input gradient B_w g) and its
    adjoint in w (the weight gradient C_x g); each one's derivative is made of the three again:

        y  = conv(x, w):   d/dx = B_w gy,      d/dw = C_x gy
        gx = B_w g:        d/dg = conv(ggx, w), d/dw = C_ggx g
        gw = C_x g:        d/dx = B_ggw g,      d/dg = conv(x, ggw)

    so under ``create_graph=True`` every backward is recorded from them, to any order.  An input
    x is carried by its columns (im2col), computed once; the node then points at x's history
    through a tensor without data (``double_backward.edge_only``)."""

    def __init__(self, conv, cols=None, w_shape=None):
        self.conv, self.cols, self.w_shape = conv, cols, w_shape

    def _x_edge(self, i, dtype):
        return double_backward.edge_only(self, i, self.conv.input_shape(), dtype)


class ConvColumnsForward(_ConvDerivative):
    """y = conv(x, w) without bias (inputs x, w), x given by its columns ``cols``."""

    def forward(self, x, w):
        self.save_for_backward(w)
        return self.conv.convolve_columns(self.cols, w)

    def backward(self, g):
        (w,) = self.saved_arrays
        gx = self.conv.input_gradient(g, w) if self.needs_input_grad(0) else None
        gw = self.conv.weight_gradient(self.cols, g).reshape(w.shape) if self.needs_input_grad(1) else None
        return gx, gw

    def backward_graph(self, g):
        (w,) = self.saved_arrays
        gx = ConvInputGradient(self.conv).apply(g, self.input_tensor(1, w)) if self.needs_input_grad(0) else None
        gw = (ConvWeightGradient(self.conv, self.cols, w.shape).apply(self._x_edge(0, w.dtype), g)
              if self.needs_input_grad(1) else None)
        return gx, gw


class ConvInputGradient(_ConvDerivative):
    """gx = B_w g (inputs g, w)  ->  d/dg = conv(ggx, w), d/dw = C_ggx g."""

    def forward(self, g, w):
        self.save_for_backward(g, w)
        return self.conv.input_gradient(g, w)

    def backward(self, ggx):
        g, w = self.saved_arrays
        cols = self.conv.columns(ggx, w.shape)
        gg = self.conv.convolve_columns(cols, w) if self.needs_input_grad(0) else None
        gw = self.conv.weight_gradient(cols, g).reshape(w.shape) if self.needs_input_grad(1) else None
        return gg, gw

    def backward_graph(self, ggx):
        g, w = self.saved_arrays
        cols = self.conv.columns(ggx._data, w.shape)
        gg = (ConvColumnsForward(self.conv, cols).apply(ggx, self.input_tensor(1, w))
              if self.needs_input_grad(0) else None)
        gw = (ConvWeightGradient(self.conv, cols, w.shape).apply(ggx, self.input_tensor(0, g))
              if self.needs_input_grad(1) else None)
        return gg, gw


class ConvWeightGradient(_ConvDerivative):
    """gw = C_x g (inputs x, g; x given by its columns ``cols``)  ->  d/dx = B_ggw g, d/dg = conv(x, ggw)."""

    def forward(self, x, g):
        self.save_for_backward(g)
        return self.conv.weight_gradient(self.cols, g).reshape(self.w_shape)

    def backward(self, ggw):
        (g,) = self.saved_arrays
        gx = self.conv.input_gradient(g, ggw) if self.needs_input_grad(0) else None
        gg = self.conv.convolve_columns(self.cols, ggw) if self.needs_input_grad(1) else None
        return gx, gg

    def backward_graph(self, ggw):
        (g,) = self.saved_arrays
        gx = ConvInputGradient(self.conv).apply(self.input_tensor(1, g), ggw) if self.needs_input_grad(0) else None
        gg = (ConvColumnsForward(self.conv, self.cols).apply(self._x_edge(0, g.dtype), ggw)
              if self.needs_input_grad(1) else None)
        return gx, gg


# (PyTorch records a convolution's input and weight gradients as one ConvolutionBackwardBackward0
# node, and their derivatives as convolutions and ConvolutionBackwardBackward0 nodes again)
ConvColumnsForward.__name__ = "ConvolutionBackward0"
ConvInputGradient.__name__ = ConvWeightGradient.__name__ = "ConvolutionBackwardBackward0"


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Cross-correlation of input (N, C, H, W) (or unbatched (C, H, W)) with weight (O, C, KH, KW).

    stride, padding, dilation: ints or pairs; padding may also be 'valid' or 'same' (stride 1).
    """
    _check_float_same(input, weight, "weight", convolution=True)
    groups = _conv_groups(groups)
    if groups < 1:
        raise RuntimeError("non-positive groups is not supported")
    if weight._data.ndim != 4:
        raise RuntimeError(f"conv2d: weight must be 4-D (out, in, kH, kW), got shape {tuple(weight.shape)}")
    unbatched = input._data.ndim == 3
    if input._data.ndim not in (3, 4):
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                           f"{list(input.shape)}")
    x = input.unsqueeze(0) if unbatched else input
    O, Cg, KH, KW = weight._data.shape
    if O % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{list(weight.shape)}] instead")
    if x._data.shape[1] != Cg * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{list(x.shape)} "
                           f"to have {Cg * groups} channels, but got {x._data.shape[1]} channels instead")
    stride, dilation = _conv_pair(stride, "stride"), _conv_pair(dilation, "dilation")
    if padding == "same":   # an even total: PyTorch pads the extra row/column at the end first
        extra = [d * (k - 1) % 2 for k, d in zip((KH, KW), dilation)]
        if any(extra):
            from .pad import pad as _pad
            x = _pad(x, (0, extra[1], 0, extra[0]))
    padding = _conv_padding(padding, (KH, KW), stride, dilation)
    if min(stride) < 1:
        raise RuntimeError("non-positive stride is not supported")
    if min(dilation) < 1:
        raise RuntimeError(f"dilation should be greater than zero, but got {list(dilation)}")
    if min(padding) < 0:
        raise RuntimeError("negative padding is not supported")
    H, W = x._data.shape[2:]
    OH = conv_output_size(H, KH, stride[0], padding[0], dilation[0])
    OW = conv_output_size(W, KW, stride[1], padding[1], dilation[1])
    if OH < 1 or OW < 1:
        raise RuntimeError(f"Calculated padded input size per channel: ({H + 2 * padding[0]} x {W + 2 * padding[1]}). "
                           f"Kernel size: ({dilation[0] * (KH - 1) + 1} x {dilation[1] * (KW - 1) + 1}). "
                           "Kernel size can't be greater than actual input size")
    node = ConvolutionBackward0(stride, padding, dilation, groups)
    if bias is not None:
        _check_float_same(input, bias, "bias", convolution=True)
        if tuple(bias._data.shape) != (O,):
            raise RuntimeError(f"conv2d: bias must have shape ({O},), got {tuple(bias._data.shape)}")
        out = node.apply(x, weight, bias)
    else:
        out = node.apply(x, weight)
    return out.squeeze(0) if unbatched else out


def _conv_padding(padding, kernel, stride, dilation):
    if padding == "valid":
        return (0, 0)
    if padding == "same":
        if stride != (1, 1):
            raise ValueError("padding='same' is not supported for strided convolutions")
        return tuple(d * (k - 1) // 2 for k, d in zip(kernel, dilation))   # the odd element: see conv2d
    return _conv_pair(padding, "padding")


# ---- pooling ----------------------------------------------------------------------------

def pool_output_size(size, k, s, p, d, ceil_mode):
    """PyTorch's pooling output length (the last window must start inside the input or left padding)."""
    span = size + 2 * p - d * (k - 1) - 1
    out = (span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


class MaxPool2DWithIndicesBackward0(Node):
    """y = max over each window; the gradient goes to the saved argmax of its window."""

    def __init__(self, kernel, stride, padding, dilation, out_hw):
        self.kernel, self.stride, self.padding, self.dilation, self.out_hw = kernel, stride, padding, dilation, out_hw

    def forward(self, x):
        N, C, H, W = x.shape
        out = np.empty((N * C,) + self.out_hw, x.dtype)
        # int32 positions unless a plane is too big for them: the kernel vectorises with int32
        idx = np.empty((N * C,) + self.out_hw, np.int32 if H * W < 2 ** 31 else np.int64)
        kp.max_pool_forward_kernel(_c(x).reshape(N * C, H, W), *self.kernel, *self.stride, *self.padding,
                                   *self.dilation, out, idx)
        self.indices, self.x_shape = idx, x.shape
        return out.reshape((N, C) + self.out_hw)

    def backward(self, g):
        N, C, H, W = self.x_shape
        gx = np.empty((N * C, H * W), g.dtype)
        kp.max_pool_backward_kernel(_c(g).reshape(N * C, -1), self.indices.reshape(N * C, -1), gx)
        return (gx.reshape(self.x_shape),)

    def backward_graph(self, g):
        """The scatter of g to the argmax positions, recorded; its transpose gathers from them."""
        x = double_backward.edge_only(self, 0, self.x_shape, g._data.dtype)
        return (double_backward.record("MaxPool2DWithIndicesBackwardBackward0", g,
                                       lambda a: self.backward(a)[0], self._gather, (x,)),)

    def _gather(self, v):
        """v (shaped like x) at each window's argmax: shaped like the output."""
        N, C, H, W = self.x_shape
        at = Tensor._make(self.indices.reshape(N * C, -1))
        return gather(v.reshape(N * C, H * W), 1, at).reshape((N, C) + self.out_hw)


class AvgPool2DBackward0(Node):
    """y = mean of each window; each window's gradient is spread evenly over it."""

    def __init__(self, kernel, stride, padding, out_hw, count_include_pad, divisor_override):
        self.kernel, self.stride, self.padding, self.out_hw = kernel, stride, padding, out_hw
        self.count_include_pad, self.divisor = count_include_pad, divisor_override or 0

    def forward(self, x):
        N, C, H, W = x.shape
        out = np.empty((N * C,) + self.out_hw, x.dtype)
        kp.avg_pool_forward_kernel(_c(x).reshape(N * C, H, W), *self.kernel, *self.stride, *self.padding,
                                   self.count_include_pad, self.divisor, out)
        self.x_shape = x.shape
        return out.reshape((N, C) + self.out_hw)

    def backward(self, g):
        N, C, H, W = self.x_shape
        gx = np.zeros((N * C, H, W), g.dtype)
        kp.avg_pool_backward_kernel(_c(g).reshape((N * C,) + self.out_hw), *self.kernel, *self.stride,
                                    *self.padding, self.count_include_pad, self.divisor, gx)
        return (gx.reshape(self.x_shape),)

    def backward_graph(self, g):
        """The spread of g over each window, recorded; its transpose is this average pooling."""
        x = double_backward.edge_only(self, 0, self.x_shape, g._data.dtype)
        def pool(v):
            return type(self)(self.kernel, self.stride, self.padding, self.out_hw, self.count_include_pad,
                              self.divisor or None).apply(v)
        return (double_backward.record("AvgPool2DBackwardBackward0", g, lambda a: self.backward(a)[0], pool, (x,)),)


def _pool_args(name, input, kernel_size, stride, padding, dilation, ceil_mode):
    _check_tensor(input, "input")
    if input._data.dtype == np.bool_:
        raise RuntimeError(f"\"{name}\" not implemented for 'Bool'")
    if input._data.ndim not in (3, 4) or 0 in input._data.shape[-3:]:
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{list(input.shape)}")
    k = _pool_pair(kernel_size, name, "kernel_size", 2)
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)
    s = k if no_stride else _pool_pair(stride, name, "stride", 3)
    p, d = _pool_pair(padding, name, "padding", 4), _pool_pair(dilation, name, "dilation", 5)
    if min(s) == 0:
        raise RuntimeError("stride should not be zero")
    if min(k) < 1:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {k[0]} kW: {k[1]}")
    if min(s) < 1:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {s[0]} dW: {s[1]}")
    if min(d) < 1:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {d[0]} dilationW: {d[1]}")
    if min(p) < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(p)}")
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p[0]}, "
                           f"kernel_size={k[0]} and dilation={d[0]}")
    H, W = input._data.shape[-2:]
    out = tuple(pool_output_size(n, *a, ceil_mode) for n, a in zip((H, W), zip(k, s, p, d)))
    if min(out) < 1:
        raise RuntimeError(f"{name}: Given input size: ({input._data.shape[-3]}x{H}x{W}). Calculated output size: "
                           f"({input._data.shape[-3]}x{out[0]}x{out[1]}). Output size is too small")
    return k, s, p, d, out


def _batched(fn, input):
    if input._data.ndim == 3:
        return fn(input.unsqueeze(0)).squeeze(0)
    return fn(input)


def _pool_dtype(fn, input, allowed, also=()):
    """PyTorch's CPU pooling kernels by dtype: avg_pool2d takes floats and int64, max_pool1d floats
    only, max_pool2d all but bool; NotImplementedError naming the kernel otherwise."""
    if isinstance(input, Tensor) and input._data.dtype.kind not in allowed and input._data.dtype not in also:
        raise NotImplementedError(f"\"{fn}\" not implemented for '{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Max over kernel_size windows of input (N, C, H, W) or (C, H, W); stride defaults to kernel_size."""
    _pool_dtype("max_pool2d", input, allowed="fiu")
    k, s, p, d, out_hw = _pool_args("max_pool2d", input, kernel_size, stride, padding, dilation, ceil_mode)
    node = MaxPool2DWithIndicesBackward0(k, s, p, d, out_hw)
    out = _batched(node.apply, input)
    if return_indices:
        return out, Tensor._make(node.indices.reshape(out._data.shape).astype(np.int64))  # PyTorch's dtype
    return out


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Mean over kernel_size windows of input (N, C, H, W) or (C, H, W); stride defaults to kernel_size."""
    _pool_dtype("avg_pool2d", input, allowed="f", also=(np.int64,))
    k, s, p, _, out_hw = _pool_args("avg_pool2d", input, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None and divisor_override <= 0:
        raise RuntimeError("divisor must be not zero")
    node = AvgPool2DBackward0(k, s, p, out_hw, bool(count_include_pad), divisor_override)
    return _batched(node.apply, input)


# ---- batch norm -------------------------------------------------------------------------

class NativeBatchNormBackward0(Node):
    """y = (x - mean) / sqrt(var + eps) * weight + bias per channel, on an (N, C, L) view.

    Training uses the batch's statistics (and updates the running ones in place);
    evaluation uses the running statistics.  Inputs: x, then weight and bias when affine.
    """

    def __init__(self, running_mean, running_var, training, momentum, eps):
        self.running_mean, self.running_var = running_mean, running_var
        self.training, self.momentum, self.eps = training, momentum, eps

    def forward(self, x, weight=None, bias=None):
        shape = x.shape
        x3 = _c(x).reshape(shape[0], shape[1], math.prod(shape[2:]))
        C = shape[1]
        weight = np.ones(C, x.dtype) if weight is None else _c(weight)
        bias = np.zeros(C, x.dtype) if bias is None else _c(bias)
        out = np.empty_like(x3)
        invstd = np.empty(C, np.float64)
        if x3.size == 0:   # an empty batch: nothing to normalise, the running statistics stay (PyTorch)
            self.save_for_backward(x3, weight, np.zeros(C, np.float64), np.ones(C, np.float64))
            return out.reshape(shape)
        if self.training:
            mean = np.empty(C, np.float64)
            kn.batch_norm_train_kernel(x3, weight, bias, self.eps, out, mean, invstd)
            if self.running_mean is not None:
                kn.update_running_kernel(self.running_mean, self.running_var, mean, invstd, self.eps,
                                         self.momentum, x3.shape[0] * x3.shape[2])
        else:
            mean = self.running_mean.astype(np.float64)
            kn.batch_norm_eval_kernel(x3, weight, bias, self.running_mean, self.running_var, self.eps, out, invstd)
        self.save_for_backward(x3, weight, mean, invstd)
        return out.reshape(shape)

    def backward(self, g):
        x3, weight, mean, invstd = self.saved_arrays
        g3 = _c(g).reshape(x3.shape)
        gx = np.empty_like(x3)
        gw = np.empty(x3.shape[1], g.dtype)
        gb = np.empty(x3.shape[1], g.dtype)
        if x3.size == 0:
            gw.fill(0)
            gb.fill(0)
        else:
            kn.batch_norm_backward_kernel(g3, x3, weight, mean, invstd, self.training, gx, gw, gb)
        grads = [gx.reshape(g.shape) if self.needs_input_grad(0) else None]
        if len(self.next_functions) == 3:
            grads += [gw if self.needs_input_grad(1) else None, gb if self.needs_input_grad(2) else None]
        return tuple(grads)

    def backward_graph(self, g):
        """The same formulas on Tensors, recorded; in training the batch mean and invstd are
        recomputed from x by recorded ops (their dependence on x is part of the second
        derivative), in evaluation they are the running statistics (constants)."""
        x3, weight, mean, invstd = self.saved_arrays
        affine = len(self.next_functions) == 3
        shape3 = (1, x3.shape[1], 1)
        x = self.input_tensor(0, x3.reshape(g._data.shape)).reshape(x3.shape)
        w = (self.input_tensor(1, weight) if affine else Tensor._make(weight)).reshape(shape3)
        g3 = g.reshape(x3.shape)
        if self.training:
            centered = x - x.mean((0, 2), keepdim=True)
            rstd = ((centered * centered).mean((0, 2), keepdim=True) + self.eps).rsqrt()
        else:
            centered = x - Tensor._make(mean.astype(x3.dtype).reshape(shape3))
            rstd = Tensor._make(invstd.astype(x3.dtype).reshape(shape3))
        xhat = centered * rstd
        dxhat = g3 * w
        if self.training:
            gx = rstd * (dxhat - dxhat.mean((0, 2), keepdim=True) - xhat * (dxhat * xhat).mean((0, 2), keepdim=True))
        else:
            gx = dxhat * rstd
        grads = [gx.reshape(g._data.shape) if self.needs_input_grad(0) else None]
        if affine:
            grads += [(g3 * xhat).sum((0, 2)) if self.needs_input_grad(1) else None,
                      g3.sum((0, 2)) if self.needs_input_grad(2) else None]
        return tuple(grads)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Batch normalisation of input (N, C, *) per channel C.

    running_mean/running_var: (C,) tensors updated in place when training (or None to use
    batch statistics only, which requires training=True); weight/bias: (C,) or None.
    """
    _check_tensor(input, "input")
    if eps < 0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    if not input.is_floating_point():
        raise RuntimeError(f"batch_norm: expected a floating-point input, got dtype {input.dtype}")
    if input._data.ndim < 2:
        raise ValueError(f"expected at least 2D input (got {input._data.ndim}D input)")
    C = input._data.shape[1]
    for t, name in ((running_mean, "running_mean"), (running_var, "running_var"), (weight, "weight"),
                    (bias, "bias")):
        if t is not None and tuple(t._data.shape) != (C,):
            raise RuntimeError(f"batch_norm: {name} should contain {C} elements not {t._data.size}")
    if (running_mean is None) != (running_var is None):
        raise RuntimeError("batch_norm: running_mean and running_var must be given together")
    if not training and running_mean is None:
        raise RuntimeError("batch_norm: running_mean and running_var are needed in evaluation mode")
    count = input._data.size // C if C else 0
    if training and count == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape!r}")
    if (weight is None) != (bias is None):
        weight = weight if weight is not None else Tensor._make(np.ones(C, input._data.dtype))
        bias = bias if bias is not None else Tensor._make(np.zeros(C, input._data.dtype))
    rm = running_mean._data if running_mean is not None else None
    rv = running_var._data if running_var is not None else None
    node = NativeBatchNormBackward0(rm, rv, bool(training), float(momentum), float(eps))
    out = node.apply(input, weight, bias) if weight is not None else node.apply(input)
    if training and running_mean is not None:
        running_mean._vc[0] += 1
        running_var._vc[0] += 1
    return out


# ---- dropout ----------------------------------------------------------------------------

def dropout(input, p=0.5, training=True, inplace=False, generator=None):
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity unless training).

    PyTorch's CPU recipe, so the mask uses the same draws: noise = bernoulli_(1 - p) in the
    input's dtype (one 53-bit uniform per element), divided by 1 - p, times the input;
    p = 1 multiplies by zero without drawing."""
    from .. import _sampling

    _check_tensor(input, "input")
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p != p:   # NaN passes PyTorch's Python check and fails in its kernel
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0 or input._data.size == 0:
        return input
    if p == 1:
        m = Tensor._make(np.zeros((), input._data.dtype))
    else:
        noise = Tensor._make(np.empty_like(input._data))   # (input's memory layout: draws in memory order)
        _sampling.bernoulli_(noise, 1 - p, generator)
        noise._data /= noise._data.dtype.type(1 - p)
        m = noise
    return input.mul_(m) if inplace else mul(input, m)


# ---- losses -----------------------------------------------------------------------------

_REDUCTIONS = {"none": kloss.NONE, "mean": kloss.MEAN, "sum": kloss.SUM}


def _reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return _REDUCTIONS[reduction]


class NllLossBackward0(Node):
    """loss_n = -w[t_n] logp[n, t_n]; mean divides by the sum of the counted weights.

    d loss / d logp[n, t_n] = -w[t_n] (/ that sum for the mean), zero elsewhere.
    """

    def __init__(self, target, weight, ignore_index, reduction):
        self.target, self.weight, self.ignore_index, self.reduction = target, weight, ignore_index, reduction

    def forward(self, logp):
        losses, loss_sum, self.weight_sum = kloss.nll_forward(logp, self.target, self.weight, self.ignore_index)
        self.shape = logp.shape
        if self.reduction == kloss.NONE:
            return losses
        if self.reduction == kloss.SUM:
            return np.array(loss_sum, logp.dtype)
        return np.array(loss_sum / self.weight_sum if self.weight_sum else np.nan, logp.dtype)

    def backward(self, g):
        grad = np.zeros(self.shape, g.dtype)
        scale = 1.0 / self.weight_sum if self.reduction == kloss.MEAN and self.weight_sum else 1.0
        kloss.nll_backward_kernel(_c(g).reshape(-1), self.target, self.weight, self.ignore_index, scale,
                                  self.reduction == kloss.NONE, grad)
        return (grad,)

    def backward_graph(self, g):
        """The loss is linear in logp: its gradient is a constant coefficient array times g
        (g spread over the classes for reduction='none'), recorded so it is differentiable in g."""
        ones = np.ones(g._data.shape, g._data.dtype)
        coefficients = Tensor._make(self.backward(ones)[0])
        if self.reduction == kloss.NONE and len(self.shape) > 1:
            g = g.unsqueeze(1)
        return (coefficients * g,)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """Negative log-likelihood of log-probabilities input (N, C), (C,) or (N, C, d1, ...) at
    int64 class indices target (N,), () or (N, d1, ...)."""
    code = _reduction(reduction)
    _check_tensor(input, "input")
    _check_tensor(target, "target")
    ignore_index = _checks.int_arg(ignore_index, "nll_loss_nd", "ignore_index", 5)
    if not input.is_floating_point():
        raise RuntimeError(f"nll_loss: expected a floating-point input, got dtype {input.dtype}")
    if target._data.dtype not in (np.int64, np.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{_dtype.SCALAR_NAMES[target._data.dtype.name]}")
    if target._data.dtype == np.uint8:
        target = target.long()
    x, t = input, target
    if x._data.ndim == 1:
        x, t = x.unsqueeze(0), t.reshape(1)
    elif x._data.ndim > 2:
        C = x._data.shape[1]
        if t._data.shape != (x._data.shape[0],) + x._data.shape[2:]:
            raise RuntimeError(f"Expected target size {[x._data.shape[0]] + list(x._data.shape[2:])}, "
                               f"got {list(t._data.shape)}")
        out = nll_loss(x.permute(0, *range(2, x._data.ndim), 1).reshape(-1, C), t.reshape(-1), weight, ignore_index, reduction)
        return out.reshape(t._data.shape) if code == kloss.NONE else out
    if x._data.ndim != 2:
        raise ValueError(f"Expected 1 or more dimensions (got {x._data.ndim})")
    N, C = x._data.shape
    if t._data.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if t._data.shape != (N,):
        raise ValueError(f"Expected input batch_size ({N}) to match target batch_size "
                         f"({t._data.shape[0] if t._data.ndim else 0}).")
    tgt = _c(t._data)
    bad = kloss.first_bad_target_kernel(tgt, C, ignore_index)
    if bad >= 0:
        raise IndexError(f"Target {tgt[bad]} is out of bounds.")
    if weight is None:
        w = np.ones(C, x._data.dtype)
    else:
        _check_tensor(weight, "weight")
        if tuple(weight._data.shape) != (C,):
            raise RuntimeError(f"weight tensor should be defined either for all {C} classes or no classes but "
                               f"got weight tensor of shape: {list(weight.shape)}")
        w = _c(weight._data.astype(x._data.dtype, copy=False))
    out = NllLossBackward0(tgt, w, ignore_index, code).apply(x)
    if input._data.ndim == 1 and code == kloss.NONE:
        out = out.reshape(())
    return out


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross entropy of unnormalised scores ``input`` (N, C), (C,) or (N, C, d1, ...) against class
    indices (int64, the shape without C) or class probabilities (float, the shape of ``input``).

    Built from primitives, as PyTorch builds it: ``logp = log_softmax(input, dim=C's dim)``;
    indices give ``nll_loss(logp, target)``, probabilities ``-(logp * target * weight).sum(C's dim)``.
    ``label_smoothing`` e mixes in the uniform distribution: probabilities become
    ``(1 - e) * target + e / C``; with indices the loss becomes ``(1 - e) * nll + e / C * smooth``,
    where ``smooth = -(logp * weight).sum(C's dim)`` is normalised like the NLL part.
    """
    _check_tensor(input, "input")
    _check_tensor(target, "target")
    _reduction(reduction)
    ignore_index = _checks.int_arg(ignore_index, "cross_entropy_loss", "ignore_index", 5)
    if label_smoothing > 1.0:   # PyTorch checks only the upper bound; a value <= 0 means no smoothing
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
    label_smoothing = label_smoothing if label_smoothing > 0.0 else 0.0
    if input._data.ndim == 0:
        if target._data.ndim == 0 and not target.is_floating_point():   # PyTorch sees two equal shapes
            raise RuntimeError(f"Expected floating point type for target with class probabilities, got "
                               f"{_dtype.SCALAR_NAMES[target._data.dtype.name]}")
        raise ValueError("Expected 1 or more dimensions (got 0)")
    dim = 0 if input._data.ndim == 1 else 1
    classes = input._data.shape[dim]
    probabilities = target._data.shape == input._data.shape
    if weight is not None and (weight._data.ndim != 1 or weight._data.shape[0] != classes):
        raise RuntimeError(f"{'cross_entropy: ' if probabilities else ''}weight tensor should be defined either for "
                           f"all {classes} classes or no classes but got weight tensor of shape: "
                           f"{list(weight._data.shape)}")
    logp = log_softmax(input, dim)
    weights = None if weight is None else weight.reshape([classes if d == dim else 1 for d in range(logp.dim())])
    if probabilities:
        return _cross_entropy_probabilities(logp, target, weights, ignore_index, reduction, label_smoothing, dim)
    if input._data.ndim == 2 and target._data.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    nll = nll_loss(logp, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return nll
    smooth = -(logp if weights is None else logp * weights).sum(dim)
    ignored = target == ignore_index
    smooth = smooth.masked_fill(ignored, 0.0)
    if reduction == "mean":
        kept = ~ignored
        smooth = smooth.sum() / (kept.sum() if weight is None else weight[target[kept]].sum())
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / classes)


class DivBackward1(Node):
    """out = x / n for a number n (PyTorch's node for a tensor divided by a C++ scalar)  ->  dx = g / n."""

    def __init__(self, divisor):
        self.divisor = divisor

    def forward(self, x):
        return ew.binary(ew.DIV, x, np.array(self.divisor, x.dtype), x.dtype)

    def backward(self, g):
        return (ew.binary(ew.DIV, g, np.array(self.divisor, g.dtype), g.dtype),)

    def backward_graph(self, g):
        return (DivBackward1(self.divisor).apply(g),)


def _cross_entropy_probabilities(logp, target, weights, ignore_index, reduction, label_smoothing, dim):
    if not target.is_floating_point():
        raise RuntimeError(f"Expected floating point type for target with class probabilities, got "
                           f"{_dtype.SCALAR_NAMES[target._data.dtype.name]}")
    if ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    classes = logp._data.shape[dim]
    if label_smoothing > 0.0:
        target = target * (1 - label_smoothing) + label_smoothing / classes
    terms = logp * target if weights is None else logp * target * weights
    if reduction == "none":
        return -terms.sum(dim)
    if reduction == "sum":
        return -terms.sum()
    samples = logp._data.size // classes if classes else 0
    return DivBackward1(samples).apply(-terms.sum())   # 0 samples: 0 / 0 = nan, as in PyTorch


class MseLossBackward0(Node):
    """loss = (x - y)^2 (mean, sum or elementwise)  ->  dx = 2 (x - y) g (/ N), dy = -dx."""

    def __init__(self, reduction):
        self.reduction = reduction

    def forward(self, x, y):
        x, y = _c(x), _c(y)
        self.save_for_backward(x, y)
        out = np.empty(x.shape if self.reduction == kloss.NONE else (1,), x.dtype)
        kloss.mse_forward_kernel(x.reshape(-1), y.reshape(-1), out.reshape(-1), self.reduction)
        return out if self.reduction == kloss.NONE else out.reshape(())

    def backward(self, g):
        x, y = self.saved_arrays
        per_element = self.reduction == kloss.NONE
        scale = 1.0 / x.size if self.reduction == kloss.MEAN else 1.0
        dx = np.empty(x.shape, g.dtype)
        kloss.mse_backward_kernel(x.reshape(-1), y.reshape(-1), _c(g).reshape(-1), per_element, scale,
                                  dx.reshape(-1))
        return (dx if self.needs_input_grad(0) else None,
                ew.unary(ew.NEG, dx) if self.needs_input_grad(1) else None)

    def backward_graph(self, g):
        """dx = 2 (x - y) g (/ N), dy = -dx, recorded (differentiable again)."""
        x, y = self.saved_arrays
        scale = 2.0 / x.size if self.reduction == kloss.MEAN else 2.0
        dx = (self.input_tensor(0, x) - self.input_tensor(1, y)) * scale * g
        return (dx if self.needs_input_grad(0) else None,
                -dx if self.needs_input_grad(1) else None)


def mse_loss(input, target, reduction="mean"):
    """Mean squared error between input and target (broadcast, with PyTorch's warning, if shapes differ)."""
    code = _reduction(reduction)
    _check_tensor(input, "input")
    _check_tensor(target, "target")
    if input._data.shape != target._data.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have "
                      "the same size.", UserWarning, stacklevel=2)
        shape = broadcast_shapes(input._data.shape, target._data.shape)
        input, target = input.expand(*shape), target.expand(*shape)
    if input.dtype != target.dtype or not input.is_floating_point():
        raise RuntimeError(f"mse_loss: expected floating-point input and target of one dtype, got "
                           f"{input.dtype} and {target.dtype}")
    return MseLossBackward0(code).apply(input, target)
