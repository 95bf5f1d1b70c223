"""1-D pooling, adaptive pooling and max unpooling, named and checked as in PyTorch.

- ``max_pool1d`` / ``avg_pool1d`` / ``adaptive_avg_pool1d`` / ``adaptive_max_pool1d`` are the 2-D
  ops on the input viewed with a height of 1, squeezed back (PyTorch's ``SqueezeBackward1``).
- ``adaptive_avg_pool2d`` / ``adaptive_max_pool2d``: output cell (oh, ow) of (OH, OW) covers input
  rows [floor(oh H / OH), ceil((oh + 1) H / OH)) and the columns likewise
  (``kernels.pool``).  An output of 1 x 1 is PyTorch's ``mean`` over the last two dimensions.
- ``max_unpool2d`` scatters each value to its recorded flat position h * W + w in a zero
  output plane; its gradient gathers from those positions.
"""
import numpy as np

from .. import _checks, _dtype
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import FormulaNode, Node
from ..kernels import pool as kp
from .nn import _check_tensor, _pool_dtype, avg_pool2d, max_pool2d, pool_output_size
from .reduce import MeanBackward1
from .scatter_gather import gather


def _c(a):
    return np.ascontiguousarray(a)


# ---- 1-D pooling ----------------------------------------------------------------------------

def _one(v, fn, name):
    """A 1-D pooling size: an int or a sequence of one int."""
    out = _checks.int_tuple(v, 1, fn, name)
    if len(out) != 1:
        raise RuntimeError(f"{fn}() {name} must be an int, list of ints or tuple of ints of size 1 but got size "
                           f"{len(out)}")
    return out[0]


def _dims_1d(fn, input):
    _check_tensor(input, "input")
    if input._data.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input._data.ndim}-dimensional tensor for argument "
                           f"#1 'self' (while checking arguments for {fn})")


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max over kernel_size windows of input (N, C, L) or (C, L) moved by stride (default:
    kernel_size); with return_indices also each max's position along L (int64)."""
    _check_tensor(input, "input")
    _pool_dtype("max_pool1d_impl", input, allowed="f")
    if input._data.ndim not in (2, 3) or 0 in input._data.shape[-2:]:
        raise RuntimeError(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(input.shape)}")
    k = _one(kernel_size, "max_pool1d", "kernel_size")
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)
    s = k if no_stride else _one(stride, "max_pool1d", "stride")
    p, d = _one(padding, "max_pool1d", "padding"), _one(dilation, "max_pool1d", "dilation")
    for value, name in ((k, "kernel_size"), (s, "stride"), (d, "dilation")):
        if value <= 0:
            raise RuntimeError(f"max_pool1d() {name} must be greater than zero, but got {value}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={p} and "
                           f"kernel_size={k}")
    size = pool_output_size(input._data.shape[-1], k, s, p, d, ceil_mode)
    if size < 1:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {size}")
    out = max_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, p), (1, d), ceil_mode, return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """The mean over kernel_size windows of input (N, C, L) or (C, L) moved by stride (default: kernel_size)."""
    _dims_1d("avg_pool1d", input)
    _pool_dtype("avg_pool2d", input, allowed="f", also=(np.int64,))   # (PyTorch's 1-d pool is its 2-d kernel)
    k = _one_arg(kernel_size, "kernel_size")
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)
    s = k if no_stride else _one_arg(stride, "stride")
    p = _one_arg(padding, "padding")
    if s == 0:
        raise RuntimeError("stride should not be zero")
    if p > k // 2:
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, kernel_size={k} "
                           "and dilation=1")
    if k > 0 and s > 0 and 0 <= p <= k // 2:
        size = pool_output_size(input._data.shape[-1], k, s, p, 1, ceil_mode)
        if size < 1:
            lead = input._data.shape[-2]
            raise RuntimeError(f"Given input size: ({lead}x1x{input._data.shape[-1]}). Calculated output size: "
                               f"({lead}x1x{size}). Output size is too small")
    return avg_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, p), ceil_mode, count_include_pad).squeeze(-2)


def _one_arg(v, name, fn="avg_pool1d"):
    """One int, or a sequence of exactly one (PyTorch's ``argument ... should contain one int``)."""
    out = _checks.int_tuple(v, 1, fn, name)
    if len(out) != 1:
        raise RuntimeError(f"{fn}() argument '{name}' should contain one int (got {len(out)})")
    return out[0]


def adaptive_avg_pool1d(input, output_size):
    """The mean of input (N, C, L) or (C, L) over ``output_size`` adaptive cells along L."""
    _dims_1d("adaptive_avg_pool1d", input)
    n = _one_arg(output_size, "output_size", "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, n)).squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """The max of input (N, C, L) or (C, L) over ``output_size`` adaptive cells along L (and its
    positions along L with return_indices)."""
    _dims_1d("adaptive_max_pool1d", input)
    n = _one_arg(output_size, "output_size", "adaptive_max_pool1d")
    out, idx = adaptive_max_pool2d(input.unsqueeze(-2), (1, n), True)
    return (out.squeeze(-2), idx.squeeze(-2)) if return_indices else out.squeeze(-2)


# ---- adaptive 2-D pooling -------------------------------------------------------------------

def _adaptive_args(fn, input, output_size):
    """The (OH, OW) of an adaptive pooling of input (N, C, H, W) or (C, H, W); None keeps a side."""
    _check_tensor(input, "input")
    if input._data.ndim not in (3, 4):
        sep = ": " if fn == "adaptive_max_pool2d" else " "
        raise RuntimeError(f"{fn}(): Expected 3D or 4D tensor, but got{sep}{list(input.shape)}")
    if not input.is_floating_point():
        raise NotImplementedError(f"\"{fn}\" not implemented for '{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    if _checks.is_int(output_size):
        size = (int(output_size),) * 2
    else:
        size = tuple(output_size)
        if len(size) != 2:
            raise RuntimeError(f"adaptive_avg_pool2d: output_size must be 2" if fn == "adaptive_avg_pool2d" else
                               "adaptive_max_pool2d(): internal error: output_size.size() must be 2")
        size = tuple(input._data.shape[-2 + i] if v is None else int(v) for i, v in enumerate(size))
    if min(size) < 0:
        raise RuntimeError(f"{fn}: elements of output_size must be greater than or equal to 0 but received "
                           f"{{{size[0]}, {size[1]}}}")
    for i in range(1, input._data.ndim):
        if input._data.shape[i] == 0:
            raise RuntimeError(f"{fn}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {i} being empty")
    return size


class AdaptiveAvgPool2DBackward0(Node):
    """y = the mean of each adaptive cell; each cell's gradient is spread evenly over it."""

    def __init__(self, out_hw):
        self.out_hw = out_hw

    def forward(self, x):
        out = np.empty((_planes(x.shape),) + self.out_hw, x.dtype)
        kp.adaptive_avg_pool_forward_kernel(_c(x).reshape((-1,) + x.shape[-2:]), out)
        self.x_shape = x.shape
        return out.reshape(x.shape[:-2] + self.out_hw)

    def backward(self, g):
        gx = np.zeros((_planes(self.x_shape),) + self.x_shape[-2:], g.dtype)
        kp.adaptive_avg_pool_backward_kernel(_c(g).reshape((-1,) + self.out_hw), gx)
        return (gx.reshape(self.x_shape),)

    def backward_graph(self, g):
        """The spread of g, recorded; its transpose is this pooling again."""
        x = double_backward.edge_only(self, 0, self.x_shape, g._data.dtype)
        return (double_backward.record("AdaptiveAvgPool2DBackwardBackward0", g, lambda a: self.backward(a)[0],
                                       lambda v: AdaptiveAvgPool2DBackward0(self.out_hw).apply(v), (x,)),)


def adaptive_avg_pool2d(input, output_size):
    """The mean of input (N, C, H, W) or (C, H, W) over an (OH, OW) grid of adaptive cells;
    output_size: an int, or a pair whose None entries keep the input's size."""
    out_hw = _adaptive_args("adaptive_avg_pool2d", input, output_size)
    if out_hw == (1, 1):   # PyTorch 2.13 names this mean over dims MeanBackward1
        nd = input._data.ndim
        return MeanBackward1((nd - 2, nd - 1), True, input._data.dtype).apply(input)
    if input._data.size == 0 or 0 in out_hw:
        return Tensor._make(np.zeros(input._data.shape[:-2] + out_hw, input._data.dtype))
    return AdaptiveAvgPool2DBackward0(out_hw).apply(input)


class AdaptiveMaxPool2DBackward0(FormulaNode):
    """y = the max of each adaptive cell  ->  the gradient goes to the saved argmax of its cell
    (a scatter, written with Tensor ops so it is differentiable again)."""

    roles = ("const",)
    grads = (lambda n, g, idx: _scatter_to(g, idx, n.in_meta[0][0]),)

    def __init__(self, out_hw):
        self.out_hw = out_hw

    def forward(self, x):
        out = np.empty((_planes(x.shape),) + self.out_hw, x.dtype)
        idx = np.empty((_planes(x.shape),) + self.out_hw, np.int64)
        kp.adaptive_max_pool_forward_kernel(_c(x).reshape((-1,) + x.shape[-2:]), out, idx)
        self.indices = idx.reshape(x.shape[:-2] + self.out_hw)
        self.in_meta = ((x.shape, x.dtype),)
        self.save_for_backward(self.indices)
        return out.reshape(x.shape[:-2] + self.out_hw)


def _planes(shape):
    """How many (H, W) planes an (N, C, H, W) or (C, H, W) shape holds."""
    return int(np.prod(shape[:-2]))


def _scatter_to(g, idx, shape):
    """g (*, OH, OW) added at the flat plane positions idx into zeros of ``shape`` (*, H, W)."""
    P = _planes(shape)
    planes = g.new_zeros((P, shape[-2] * shape[-1]))
    return planes.scatter_add(1, idx.reshape(P, -1), g.reshape(P, -1)).reshape(shape)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """The max of input (N, C, H, W) or (C, H, W) over an (OH, OW) grid of adaptive cells (and
    with return_indices each max's flat position h * W + w in its plane, int64)."""
    out_hw = _adaptive_args("adaptive_max_pool2d", input, output_size)
    if input._data.size == 0 or 0 in out_hw:
        shape = input._data.shape[:-2] + out_hw
        out = Tensor._make(np.zeros(shape, input._data.dtype))
        return (out, Tensor._make(np.zeros(shape, np.int64))) if return_indices else out
    node = AdaptiveMaxPool2DBackward0(out_hw)
    out = node.apply(input)
    return (out, Tensor._make(node.indices.reshape(out._data.shape))) if return_indices else out


# ---- max unpooling ----------------------------------------------------------------------------

class MaxUnpool2DBackward0(FormulaNode):
    """out[n, c] = zeros (H, W) with x[n, c, l] written at flat position idx[n, c, l]  ->
    d/dx = g gathered at those positions."""

    roles = ("const",)
    grads = (lambda n, g, idx: _gather_from(g, idx),)

    def __init__(self, out_hw):
        self.out_hw = out_hw

    def forward(self, x, idx):
        P = _planes(x.shape)
        out = np.empty((P, self.out_hw[0] * self.out_hw[1]), x.dtype)
        kp.max_unpool_forward_kernel(_c(x).reshape(P, -1), _c(idx).reshape(P, -1), out)
        self.in_meta = ((x.shape, x.dtype), (idx.shape, idx.dtype))
        self.save_for_backward(idx)
        return out.reshape(x.shape[:-2] + self.out_hw)


def _gather_from(g, idx):
    P = _planes(idx._data.shape)
    return gather(g.reshape(P, -1), 1, idx.reshape(P, -1)).reshape(idx._data.shape)


def _unpool_output_size(input, kernel, stride, padding, output_size):
    """PyTorch's default (in - 1) stride - 2 padding + kernel per side, or the requested size
    (which must lie strictly within a stride of it)."""
    default = [(input._data.shape[-2 + d] - 1) * stride[d] - 2 * padding[d] + kernel[d] for d in range(2)]
    if output_size is None:
        return tuple(default)
    size = list(output_size)
    if len(size) == 4:
        size = size[2:]
    elif len(size) != 2:
        raise ValueError(f"output_size should be a sequence containing 2 or 4 elements, but it has a length of "
                         f"'{len(size)}'")
    for d in range(2):
        low, high = default[d] - stride[d], default[d] + stride[d]
        if not low < size[d] < high:
            raise ValueError(f"invalid output_size \"{output_size}\" (dim {d} must be between {low} and {high})")
    return tuple(int(s) for s in size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of ``max_pool2d``: input (N, C, h, w) or (C, h, w) written at the
    int64 flat positions ``indices`` (same shape) of zero planes (N, C, H, W), H and W from
    kernel_size / stride / padding or ``output_size``."""
    _check_tensor(input, "input")
    _check_tensor(indices, "indices")
    kernel = _checks.int_tuple(kernel_size, 2, "max_unpool2d", "kernel_size")
    stride = kernel if stride is None else _checks.int_tuple(stride, 2, "max_unpool2d", "stride")
    padding = _checks.int_tuple(padding, 2, "max_unpool2d", "padding")
    if len(kernel) == 1:
        kernel = kernel * 2
    if len(stride) == 1:
        stride = stride * 2
    if len(padding) == 1:
        padding = padding * 2
    if input._data.ndim not in (3, 4):
        raise RuntimeError(f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with "
                           f"{input._data.ndim} dimensions.")
    out_hw = _unpool_output_size(input, kernel, stride, padding, output_size)
    if indices._data.dtype != np.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: "
                           f"{_dtype.SCALAR_NAMES[indices._data.dtype.name]}")
    if indices._data.shape != input._data.shape:
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
                           f"but got indices tensor with shape: {list(indices.shape)}")
    if min(out_hw) <= 0:
        raise RuntimeError(f"max_unpooling2d(): output_size must be greater than 0, but got {list(out_hw)}")
    flat = _c(indices._data).reshape(-1)
    bad = kp.index_bounds_kernel(flat, out_hw[0] * out_hw[1])
    if bad >= 0:
        raise RuntimeError(f"Found an invalid max index: {flat[bad]} (output volumes are of size "
                           f"{out_hw[0]}x{out_hw[1]})")
    return MaxUnpool2DBackward0(out_hw).apply(input, indices)
