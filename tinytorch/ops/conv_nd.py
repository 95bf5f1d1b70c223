"""``conv1d``, ``conv_transpose1d`` and ``conv_transpose2d``, built on ``conv2d``'s kernels.

Each is a composite op recorded as one ``ConvolutionBackward0`` node (PyTorch's name for every
convolution), whose inner graph is made of ``conv2d`` and shape ops, so its first and second
derivatives are conv2d's:

- a 1-D convolution of x (N, C, L) is the 2-D convolution of x viewed as (N, C, 1, L) with a
  kernel of height 1;
- a transposed convolution (the adjoint of a convolution in x) with stride s, padding p,
  dilation d and output_padding op is the stride-1 convolution, dilation d, of x with s - 1
  zeros inserted between its elements, padded by d (k - 1) - p in front and that plus op
  behind (negative amounts crop), with the kernel flipped and its two channel axes swapped
  (within each group).

Shapes and arguments are checked here with PyTorch's messages before any kernel runs.
"""
import warnings

from .. import _checks
from ..autograd.composite import composite
from .nn import _check_float_same, _check_tensor, conv2d
from .pad import pad


def _conv_tuple(v, n, fn, name):
    """stride / padding / dilation / output_padding: an int or n ints."""
    if not _checks.is_int(v) and not (isinstance(v, (tuple, list)) and all(_checks.is_int(a) for a in v)):
        raise TypeError(f"{fn}() received an invalid combination of arguments - got (Tensor, Tensor, "
                        f"{name}={type(v).__name__}), but expected (Tensor input, Tensor weight, ...)")
    out = _checks.int_tuple(v, n, fn, name)
    if len(out) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                           f"convolution dimensions, but got {name}={list(out)}")
    return out


def _check(fn, input, weight, bias, groups, nd, transposed):
    """PyTorch's checks of a convolution's tensors; returns the batched input."""
    _check_float_same(input, weight, "weight", convolution=True)
    if not _checks.is_int(groups):
        raise TypeError(f"{fn}() received an invalid combination of arguments - got (Tensor, Tensor, "
                        f"groups={type(groups).__name__}), but expected (..., int groups = 1)")
    if groups < 1:
        raise RuntimeError("non-positive groups is not supported")
    if input._data.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {fn}, but got input of "
                           f"size: {list(input.shape)}")
    x = input.unsqueeze(0) if input._data.ndim == nd + 1 else input
    ws = list(weight._data.shape)
    if len(ws) != nd + 2:
        raise RuntimeError(f"Expected {len(ws)}-dimensional input for {len(ws)}-dimensional weight {ws}, but got "
                           f"{x._data.ndim}-dimensional input of size {list(x.shape)} instead")
    if ws[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{ws}] instead")
    C = x._data.shape[1]
    if transposed and C != ws[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {ws}, expected input{list(x.shape)} to have {ws[0]} "
                           f"channels, but got {C} channels instead")
    if not transposed and C != ws[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {ws}, expected input{list(x.shape)} to have "
                           f"{ws[1] * groups} channels, but got {C} channels instead")
    if bias is not None:
        _check_tensor(bias, "bias")
        out_channels = ws[1] * groups if transposed else ws[0]
        if bias._data.ndim != 1 or bias._data.shape[0] != out_channels:
            raise RuntimeError(f"Given {'transposed=1, ' if transposed else ''}weight of size {ws}, expected bias to "
                               f"be 1-dimensional with {out_channels} elements, but got bias of size "
                               f"{list(bias.shape)} instead")
    return x


def _positive(stride, dilation, padding):
    if min(stride) < 1:
        raise RuntimeError("non-positive stride is not supported")
    if min(dilation) < 1:
        raise RuntimeError("non-positive dilation is not supported")
    if min(padding) < 0:
        raise RuntimeError("negative padding is not supported")


# ---- conv1d -------------------------------------------------------------------------------

def _conv1d_graph(x, w, *b, stride, padding, dilation, groups):
    """conv2d on (N, C, 1, L) with a (O, C/G, 1, K) kernel, squeezed back to (N, O, OL)."""
    pad2 = padding if isinstance(padding, str) else (0, padding)
    out = conv2d(x.unsqueeze(2), w.unsqueeze(2), b[0] if b else None, (1, stride), pad2, (1, dilation), groups)
    return out.squeeze(2)


_conv1d_op = composite("ConvolutionBackward0", _conv1d_graph)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Cross-correlation of input (N, C, L) (or unbatched (C, L)) with weight (O, C / groups, K),
    plus bias (O,): output (N, O, OL), OL = (L + 2 padding - dilation (K - 1) - 1) // stride + 1.

    padding: an int, one int in a sequence, or 'valid' / 'same' (stride 1; an odd total pads
    the extra element at the end)."""
    x = _check("conv1d", input, weight, bias, groups, 1, False)
    (stride,), (dilation,) = _conv_tuple(stride, 1, "conv1d", "stride"), _conv_tuple(dilation, 1, "conv1d", "dilation")
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        if padding == "same" and stride != 1:
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        if padding == "same" and dilation * (weight._data.shape[2] - 1) % 2:
            warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded "
                          "copy of the input be created", UserWarning, stacklevel=2)
        pad_amount = 0
    else:
        (pad_amount,) = _conv_tuple(padding, 1, "conv1d", "padding")
    _positive((stride,), (dilation,), (pad_amount,))
    K, L = weight._data.shape[2], x._data.shape[2]
    if padding != "same" and L + 2 * pad_amount < dilation * (K - 1) + 1:
        raise RuntimeError(f"Calculated padded input size per channel: ({L + 2 * pad_amount}). Kernel size: "
                           f"({dilation * (K - 1) + 1}). Kernel size can't be greater than actual input size")
    tensors = (x, weight) if bias is None else (x, weight, bias)
    out = _conv1d_op(*tensors, stride=stride, padding=padding if isinstance(padding, str) else pad_amount,
                     dilation=dilation, groups=int(groups))
    return out.squeeze(0) if input._data.ndim == 2 else out


# ---- transposed convolutions ------------------------------------------------------------

def _transposed_graph(x, w, *b, stride, padding, output_padding, dilation, groups):
    """The transposed convolution of x (N, Cin, H, W) with w (Cin, Cout / G, KH, KW) as a stride-1
    conv2d of the zero-stuffed, padded x with the flipped, channel-swapped kernel; 1-D ones
    ((N, Cin, L), (Cin, Cout / G, K)) as 2-D ones of height 1."""
    if x._data.ndim == 3:
        return _transposed_graph(x.unsqueeze(2), w.unsqueeze(2), *b, stride=(1,) + stride, padding=(0,) + padding,
                                 output_padding=(0,) + output_padding, dilation=(1,) + dilation,
                                 groups=groups).squeeze(2)
    N, C, H, W = x._data.shape
    (sh, sw), (ph, pw), (oph, opw), (dh, dw) = stride, padding, output_padding, dilation
    Cin, Cg, KH, KW = w._data.shape
    if sh > 1 or sw > 1:   # s - 1 zeros after every element, then the trailing ones cropped below
        x = pad(x.reshape(N, C, H, 1, W, 1), (0, sw - 1, 0, 0, 0, sh - 1)).reshape(N, C, H * sh, W * sw)
    eh, ew = dh * (KH - 1) - ph, dw * (KW - 1) - pw
    x = pad(x, (ew, ew + opw - (sw - 1), eh, eh + oph - (sh - 1)))
    kernel = w.reshape(groups, Cin // groups, Cg, KH, KW).transpose(1, 2).reshape(groups * Cg, Cin // groups, KH, KW)
    return conv2d(x, kernel.flip(2, 3), b[0] if b else None, 1, 0, (dh, dw), groups)


_transposed_op = composite("ConvolutionBackward0", _transposed_graph)


def _conv_transpose(fn, nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    x = _check(fn, input, weight, bias, groups, nd, True)
    if isinstance(padding, str):
        raise TypeError(f"{fn}(): argument 'padding' must be tuple of ints, not str")
    stride, padding = _conv_tuple(stride, nd, fn, "stride"), _conv_tuple(padding, nd, fn, "padding")
    output_padding = _conv_tuple(output_padding, nd, fn, "output_padding")
    dilation = _conv_tuple(dilation, nd, fn, "dilation")
    _positive(stride, dilation, padding)
    if min(output_padding) < 0:
        raise RuntimeError("negative output_padding is not supported")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        # (a 1-D one is reported as the 2-D one of height 1 that PyTorch runs)
        ops, strides, dilations = ((output_padding, stride, dilation) if nd == 2 else
                                   ((0,) + output_padding, (1,) + stride, (1,) + dilation))
        parts = [f"{what}_{axis}: {v}" for what, vals in (("output_padding", ops), ("stride", strides),
                                                          ("dilation", dilations))
                 for axis, v in zip(("height", "width"), vals)]
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got " + " ".join(parts))
    kernel = weight._data.shape[2:]
    size = [(n - 1) * s - 2 * p + d * (k - 1) + op + 1
            for n, s, p, d, k, op in zip(x._data.shape[2:], stride, padding, dilation, kernel, output_padding)]
    if min(size) < 1:
        raise RuntimeError(f"{fn}: the calculated output size {size} is too small (input size "
                           f"{list(x._data.shape[2:])}, padding {list(padding)})")
    tensors = (x, weight) if bias is None else (x, weight, bias)
    out = _transposed_op(*tensors, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation,
                         groups=int(groups))
    return out.squeeze(0) if input._data.ndim == nd + 1 else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed 1-D convolution of input (N, Cin, L) (or (Cin, L)) with weight
    (Cin, Cout / groups, K): output (N, Cout, (L - 1) stride - 2 padding + dilation (K - 1) +
    output_padding + 1), the adjoint in x of ``conv1d`` with the same arguments."""
    return _conv_transpose("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed 2-D convolution of input (N, Cin, H, W) (or (Cin, H, W)) with weight
    (Cin, Cout / groups, KH, KW): each output side (n - 1) stride - 2 padding + dilation (k - 1)
    + output_padding + 1, the adjoint in x of ``conv2d`` with the same arguments."""
    return _conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)
