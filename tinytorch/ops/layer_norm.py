"""``layer_norm``: each sample normalised over its last dimensions, then scaled and shifted.

For x viewed as (M, N), N the product of ``normalized_shape``: out = (x - mean) / sqrt(var + eps)
* weight + bias, with the mean and the biased variance of each row (``kernels.norm``).
"""
import math

import numpy as np

from .. import _checks, _dtype
from .._tensor import Tensor
from ..autograd.node import Node
from ..kernels import norm as kn


class NativeLayerNormBackward0(Node):
    """out = xhat weight + bias, xhat = (x - mean) rstd per row  ->  dx = rstd (dxhat - mean(dxhat)
    - xhat mean(dxhat xhat)) with dxhat = g weight; dweight = sum g xhat; dbias = sum g."""

    def __init__(self, eps, n):
        self.eps, self.n = eps, n

    def forward(self, x, weight=None, bias=None):
        x2 = np.ascontiguousarray(x).reshape(x.size // self.n if self.n else 0, self.n)
        w = np.ones(self.n, x.dtype) if weight is None else np.ascontiguousarray(weight).reshape(-1)
        b = np.zeros(self.n, x.dtype) if bias is None else np.ascontiguousarray(bias).reshape(-1)
        out = np.empty(x2.shape, x.dtype)
        mean = np.empty(x2.shape[0], np.float64)
        rstd = np.empty(x2.shape[0], np.float64)
        kn.layer_norm_forward_kernel(x2, w, b, self.eps, out, mean, rstd)
        self.save_for_backward(x2, w, mean, rstd)
        self.shape, self.param_shape = x.shape, (None if weight is None else weight.shape)
        return out.reshape(x.shape)

    def backward(self, g):
        x2, w, mean, rstd = self.saved_arrays
        g2 = np.ascontiguousarray(g).reshape(x2.shape)
        gx = np.empty(x2.shape, g.dtype)
        gw = np.empty(self.n, np.float64)
        gb = np.empty(self.n, np.float64)
        kn.layer_norm_backward_kernel(g2, x2, w, mean, rstd, gx, gw, gb)
        grads = [gx.reshape(self.shape)]
        if len(self.next_functions) > 1:
            grads.append(gw.astype(g.dtype).reshape(self.param_shape))
        if len(self.next_functions) > 2:
            grads.append(gb.astype(g.dtype).reshape(self.param_shape))
        return tuple(grads)

    def backward_graph(self, g):
        """The same formulas on Tensors, with the mean and rstd recomputed from x by recorded ops
        (their dependence on x is part of the second derivative)."""
        x2, w, _, _ = self.saved_arrays
        rows = x2.shape
        x = self.input_tensor(0, x2.reshape(self.shape)).reshape(rows)
        weight = self.input_tensor(1, w.reshape(self.param_shape)).reshape(-1) if len(self.next_functions) > 1 \
            else Tensor._make(w)
        g2 = g.reshape(rows)
        centered = x - x.mean(1, keepdim=True)
        rstd = ((centered * centered).mean(1, keepdim=True) + self.eps).rsqrt()
        xhat = centered * rstd
        dxhat = g2 * weight
        gx = rstd * (dxhat - dxhat.mean(1, keepdim=True) - xhat * (dxhat * xhat).mean(1, keepdim=True))
        grads = [gx.reshape(self.shape)]
        if len(self.next_functions) > 1:
            grads.append((g2 * xhat).sum(0).reshape(self.param_shape))
        if len(self.next_functions) > 2:
            grads.append(g2.sum(0).reshape(self.param_shape))
        return tuple(grads)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise ``input`` (*, *normalized_shape) over its last len(normalized_shape) dimensions;
    ``weight`` and ``bias`` (normalized_shape) scale and shift (both or neither may be None)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"layer_norm(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if _checks.is_int(normalized_shape):   # F.layer_norm wants a tuple (nn.LayerNorm(3) makes one)
        raise TypeError(f"layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    shape = tuple(normalized_shape)
    k = len(shape)
    if k == 0:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           f"element, but got normalized_shape = {list(shape)}")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"LayerNormKernelImpl\" not implemented for "
                                  f"'{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    if input._data.shape[input._data.ndim - k:] != shape or input._data.ndim < k:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape [*, "
                           f"{', '.join(map(str, shape))}], but got input of size{list(input._data.shape)}")
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and p._data.dtype != input._data.dtype:
            raise RuntimeError(f"mixed dtype (CPU): expect parameter to have scalar type of "
                               f"{_dtype.SCALAR_NAMES[input._data.dtype.name]}")
        if p is not None and tuple(p._data.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(p._data.shape)} and normalized_shape = {list(shape)}")
    node = NativeLayerNormBackward0(float(eps), int(math.prod(shape)))
    if weight is None and bias is None:
        return node.apply(input)
    if bias is None:
        return node.apply(input, weight)
    if weight is None:
        weight = Tensor._make(np.ones(shape, input._data.dtype))
    return node.apply(input, weight, bias)
