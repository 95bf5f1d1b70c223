"""``nn.functional.pad``: constant padding (negative amounts crop) and the reflect, replicate and
circular modes.

``pad`` lists (before, after) amounts from the last dimension backwards, as in PyTorch:
``(1, 2)`` pads the last dimension with 1 element in front and 2 behind; ``(1, 2, 3, 4)`` also
pads the one before it with 3 and 4.

- constant: the input is copied into a tensor filled with ``value``; its gradient is the
  copied region of the output's gradient.
- reflect, replicate, circular: output position j of a padded dimension of size n reads input
  position j - before, mapped back into [0, n) by mirroring (without repeating the edge),
  clamping, or wrapping around.  The forward pass gathers those positions; the backward pass
  adds the gradient back to them (a position read several times gets the sum).
"""
import numpy as np

from .. import _checks
from .._tensor import Tensor
from ..autograd import double_backward
from ..autograd.node import Node, SparseGrad
from ..kernels import index as ki

_SUPPORTED = ("Supported combinations for non-constant padding:\n"
              "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
              "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
              "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


class ConstantPadNdBackward0(Node):
    """out = x placed in a tensor full of ``value`` (cropped where a pad is negative)  ->  the
    gradient of the region x was copied to."""

    def __init__(self, shape, src, dst, value):
        self.shape, self.src, self.dst, self.value = shape, src, dst, value

    def forward(self, x):
        self.in_shape = x.shape
        out = np.full(self.shape, np.array(self.value).astype(x.dtype), x.dtype)
        out[self.dst] = x[self.src]
        return out

    def backward(self, g):
        return (SparseGrad(self.in_shape, self.src, g[self.dst]),)

    def backward_graph(self, g):
        """The crop of g, recorded; its transpose pads v with zeros the same way."""
        def pad(v):
            return ConstantPadNdBackward0(self.shape, self.src, self.dst, 0).apply(v)
        return (double_backward.record("ConstantPadNdBackward0", g, lambda a: self.backward(a)[0].dense(), pad),)


class _GatherPad(Node):
    """out = x read at mapped positions along the padded dimensions  ->  the gradient added back
    to the positions that were read."""

    def __init__(self, index):
        self.index = index

    def forward(self, x):
        self.in_shape = x.shape
        return x[self.index]

    def backward(self, g):
        return (ki.index_backward(self.in_shape, self.index, g),)

    def backward_graph(self, g):
        """The scatter-add of g to the positions read, recorded; its transpose reads v there
        (this pad again)."""
        return (double_backward.record(self.name()[:-1] + "Backward0", g, lambda a: self.backward(a)[0],
                                       lambda v: type(self)(self.index).apply(v)),)


def _node(name):
    return type(name, (_GatherPad,), {"__doc__": _GatherPad.__doc__})


#: PyTorch's node names: by mode and the number of padded dimensions.
_NODES = {("reflect", 1): _node("ReflectionPad1DBackward0"), ("reflect", 2): _node("ReflectionPad2DBackward0"),
          ("reflect", 3): _node("ReflectionPad3DBackward0"), ("replicate", 1): _node("ReplicationPad1DBackward0"),
          ("replicate", 2): _node("ReplicationPad2DBackward0"), ("replicate", 3): _node("ReplicationPad3DBackward0")}
_CIRCULAR = _node("CopySlices")   # PyTorch builds circular padding from slice copies


def _positions(mode, n, before, after):
    """Input positions read by the n + before + after outputs of one padded dimension."""
    if mode == "circular":   # PyTorch crops negative amounts first, then wraps around what is left
        first, kept = max(-before, 0), n - max(-before, 0) - max(-after, 0)
        size = kept + max(before, 0) + max(after, 0)
        if kept <= 0 and size <= 0:
            return np.zeros(0, np.int64)
        if kept < n and (kept <= 0 or before > kept or after > kept):
            raise NotImplementedError("tinytorch's circular padding cannot wrap a cropped dimension more than once "
                                      f"(kept {kept} of {n} elements, padding ({before}, {after}))")
        return first + np.arange(-max(before, 0), kept + max(after, 0), dtype=np.int64) % kept
    p = np.arange(-before, n + after, dtype=np.int64)
    if mode == "replicate":
        return np.clip(p, 0, n - 1)
    p = np.abs(p)                          # reflect: mirror at 0 ...
    return np.where(p > n - 1, 2 * (n - 1) - p, p)   # ... and at n - 1


def pad(input, pad, mode="constant", value=None):
    """Pad ``input`` by the (before, after) amounts in ``pad``, last dimension first."""
    if not isinstance(input, Tensor):
        raise TypeError(f"pad(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    amounts = list(_checks.int_tuple(pad, None, "pad", "pad", 2))
    shape = input._data.shape
    if len(amounts) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    k = len(amounts) // 2
    if k > len(shape):
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(amounts)} and input of dimension {len(shape)}")
    pairs = [(len(shape) - 1 - i, amounts[2 * i], amounts[2 * i + 1]) for i in range(k)]   # (dim, before, after)
    if mode == "constant":
        if value is None:
            value = 0
        _checks.number_arg(value, "pad", "value", 4, kind="float")
        _checks.scalar_fits(float(value), input._data.dtype)   # pad's value is a C double
        return _constant(input, pairs, value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f"Padding mode \"{mode}\" doesn't take in value argument")
    if k not in (1, 2, 3) or len(shape) not in (k + 1, k + 2):
        raise NotImplementedError(f"Padding size {len(amounts)} is not supported for {len(shape)}D input tensor.\n"
                                  + _SUPPORTED)
    batched = len(shape) == k + 2
    if any(n == 0 for n in shape[1 if batched else 0:]):
        raise RuntimeError(f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and other "
                           f"non-zero dimensions for input, but got: {list(shape)}")
    out_shape = list(shape)
    for d, before, after in pairs:
        out_shape[d] = shape[d] + before + after
    if k == 1 and mode != "circular" and out_shape[-1] < 1:
        raise RuntimeError(f"input (W: {shape[-1]}) is too small. Calculated output W: {out_shape[-1]}")
    negative = [n for n in out_shape if n < 0]
    if negative:
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative[0]}: {out_shape}")
    index = [slice(None)] * (len(shape) - k)
    maps = {}
    for i, (d, before, after) in enumerate(pairs):
        n = shape[d]
        if mode == "reflect" and (before >= n or after >= n):
            raise RuntimeError(f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding input "
                               f"dimension, but got: padding ({before}, {after}) at dimension {d} of input "
                               f"{list(shape)}")
        if mode == "circular" and (before > n or after > n):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        maps[d] = _positions(mode, n, before, after)
    index += list(np.ix_(*[maps[d] for d in range(len(shape) - k, len(shape))]))
    node = _CIRCULAR if mode == "circular" else _NODES[(mode, k)]
    return node(tuple(index)).apply(input)


def _constant(input, pairs, value):
    shape = list(input._data.shape)
    src = [slice(None)] * len(shape)
    dst = [slice(None)] * len(shape)
    for d, before, after in pairs:
        n = shape[d]
        size = n + before + after
        if n + min(before, 0) < 0 or n + min(before, 0) + min(after, 0) < 0:   # PyTorch crops first
            raise RuntimeError("narrow(): length must be non-negative.")
        first, last = max(-before, 0), n - max(-after, 0)   # the input range that is kept
        kept = max(last - first, 0)
        src[d] = slice(first, first + kept)
        dst[d] = slice(max(before, 0), max(before, 0) + kept)
        shape[d] = size
    return ConstantPadNdBackward0(tuple(shape), tuple(src), tuple(dst), value).apply(input)
