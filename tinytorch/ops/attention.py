"""``scaled_dot_product_attention``: softmax(q k^T * scale + mask) v, on PyTorch's two CPU paths.

PyTorch 2.13 on CPU picks its fused "flash" kernel when it can (4-D q, k, v with one head size,
equal batch sizes, equal head counts or ``enable_gqa``, no dropout, a 2-D or 4-D mask that does
not require grad, last dims of stride 1) and the composite "math" path otherwise.  The output's
``grad_fn`` tells them apart, so tinytorch takes the same decision:

- fused: one ``ScaledDotProductFlashAttentionForCpuBackward0`` node (BLAS products around a
  Numba scale + mask + softmax kernel, ``kernels.attention``); its backward is array code, and,
  as in PyTorch, differentiating it again raises;
- math: recorded ops, as PyTorch composes them (q and k^T each scaled by sqrt(scale), ``matmul``,
  the mask added in place, ``SafeSoftmaxBackward0``, dropout, ``matmul``): twice differentiable.
"""
import math

import numpy as np

from .._tensor import Tensor
from ..autograd.node import Node, once_differentiable_results
from ..kernels import attention as katt
from ..kernels import reduce as kr
from ..kernels.matmul import matmul as _mm
from .reduce import SoftmaxBackward0

#: How ATen's dtype metadata names a dtype in these messages.
_META_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "uint8": "unsigned char",
               "bool": "bool"}
_FLASH_DOUBLE_BACKWARD = "derivative for aten::_scaled_dot_product_flash_attention_for_cpu_backward is not implemented"


def _rows(a):
    """A (..., L, S) array as a C-contiguous (P, L, S) block."""
    return np.ascontiguousarray(a).reshape((-1,) + a.shape[-2:])


class SafeSoftmaxBackward0(SoftmaxBackward0):
    """Softmax over the last dim whose rows of only -inf give zeros instead of NaN (PyTorch's
    ``_safe_softmax``); the derivative is softmax's (zero on those rows)."""

    def __init__(self):
        super().__init__(-1)

    def forward(self, x):
        x3 = _rows(x)
        out = np.empty(x3.shape, x.dtype)
        katt.attention_softmax_kernel(x3, x3[:1, :1, :1], False, False, x.dtype.type(1), out)
        y = out.reshape(x.shape)
        self.dim = x.ndim - 1
        self.save_for_backward(y)
        return y


def _safe_softmax(x):
    return SafeSoftmaxBackward0().apply(x)


class ScaledDotProductFlashAttentionForCpuBackward0(Node):
    """out = softmax(q k^T scale + mask) v for q (B, H, L, E), k and v (B, Hk, S, E), H a
    multiple of Hk (query head h reads key/value head h // (H / Hk)).

    Backward, with p the probabilities: dv = p^T g; dp = g v^T; ds = scale p (dp - rowsum(dp p));
    dq = ds k; dk = ds^T q (summed over the query heads that share a key head)."""

    def __init__(self, mask, causal, scale):
        self.mask, self.causal, self.scale = mask, causal, scale

    def forward(self, q, k, v):
        B, H, L, E = q.shape
        Hk, S = k.shape[1], k.shape[2]
        self.group, self.kv_shape = H // Hk, k.shape
        if self.group > 1:
            k, v = np.repeat(k, self.group, axis=1), np.repeat(v, self.group, axis=1)
        q3, k3, v3 = _rows(q), _rows(k), _rows(v)
        scores = _mm(q3, k3.transpose(0, 2, 1), q.dtype)
        prob = np.empty(scores.shape, q.dtype)
        scale = q.dtype.type(self.scale)
        if self.mask is None:
            katt.attention_softmax_kernel(scores, scores[:1, :1, :1], False, self.causal, scale, prob)
        else:
            mask = _rows(np.broadcast_to(self.mask.astype(q.dtype, copy=False), (B, H, L, S)))
            katt.attention_softmax_kernel(scores, mask, True, self.causal, scale, prob)
        self.save_for_backward(q3, k3, v3, prob)
        return _mm(prob, v3, q.dtype).reshape(B, H, L, E)

    def backward(self, g):
        q3, k3, v3, prob = self.saved_arrays
        g3 = _rows(g).astype(q3.dtype, copy=False)
        B, Hk, S, E = self.kv_shape
        grads = [None, None, None]
        if self.needs_input_grad(0) or self.needs_input_grad(1):
            gprob = _mm(g3, v3.transpose(0, 2, 1), q3.dtype)
            gs = np.empty(gprob.shape, q3.dtype)
            katt.attention_softmax_backward_kernel(prob, gprob, q3.dtype.type(self.scale), gs)
            if self.needs_input_grad(0):
                grads[0] = _mm(gs, k3, q3.dtype).reshape(g.shape)
            if self.needs_input_grad(1):
                grads[1] = self._kv(_mm(gs.transpose(0, 2, 1), q3, q3.dtype))
        if self.needs_input_grad(2):
            grads[2] = self._kv(_mm(prob.transpose(0, 2, 1), g3, q3.dtype))
        return tuple(grads)

    def _kv(self, grad3):
        """A (B*H, S, E) gradient as the key/value's (B, Hk, S, E): summed over each group."""
        B, Hk, S, E = self.kv_shape
        if self.group == 1:
            return grad3.reshape(B, Hk, S, E)
        return kr.reduce(kr.SUM, grad3.reshape(B, Hk, self.group, S, E), (2,), grad3.dtype)

    def backward_graph(self, grad):
        return once_differentiable_results(self, grad, self.backward(grad._data), _FLASH_DOUBLE_BACKWARD)


def _bool_to_additive(mask, dtype):
    """A bool mask (True: take part) as 0 / -inf in ``dtype``; a float mask unchanged."""
    if mask is None or mask._data.dtype != np.bool_:
        return mask
    return Tensor._make(np.where(mask._data, dtype.type(0), dtype.type(-np.inf)))


def _use_flash(q, k, v, mask, dropout_p, enable_gqa):
    """PyTorch 2.13's conditions for its fused CPU kernel (``use_flash_attention_cpp``)."""
    qd, kd, vd = q._data, k._data, v._data
    if dropout_p > 0 or not (qd.ndim == kd.ndim == vd.ndim == 4):
        return False
    if not (qd.shape[0] == kd.shape[0] == vd.shape[0]):
        return False
    if enable_gqa:
        if kd.shape[1] != vd.shape[1] or qd.shape[1] % kd.shape[1] != 0:
            return False
    elif not (qd.shape[1] == kd.shape[1] == vd.shape[1]):
        return False
    if mask is not None:
        md = mask._data
        if mask.requires_grad or md.ndim not in (2, 4):
            return False
        if md.shape[-2] not in (qd.shape[2], 1) or md.shape[-1] not in (kd.shape[2], 1):
            return False
        if md.ndim == 4 and (md.shape[0] not in (1, qd.shape[0]) or md.shape[1] not in (1, qd.shape[1])):
            return False
        if md.shape[-1] != 1 and md.strides[-1] != md.itemsize:
            return False
    if not (qd.shape[-1] == kd.shape[-1] == vd.shape[-1]) or qd.shape[2] == 0 or kd.shape[2] == 0:
        return False
    return all(a.shape[-1] == 1 or a.strides[-1] == a.itemsize for a in (qd, kd, vd))


def _validate(query, key, value, attn_mask):
    for name, t in (("query", query), ("key", key), ("value", value)):
        if not isinstance(t, Tensor):
            raise TypeError(f"scaled_dot_product_attention(): argument '{name}' must be Tensor, not "
                            f"{type(t).__name__}")
    qn, kn, vn = (_META_NAMES[t._data.dtype.name] for t in (query, key, value))
    if not (query._data.dtype == key._data.dtype == value._data.dtype):
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got query.dtype: {qn} "
                           f"key.dtype: {kn} and value.dtype: {vn} instead.")
    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise RuntimeError(f"Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} instead.")
    if attn_mask is not None:
        md = attn_mask._data.dtype
        if md not in (np.bool_, np.float32, query._data.dtype):
            raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                               f"attn_mask.dtype: {_META_NAMES[md.name]} and  query.dtype: {qn} instead.")


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(query key^T * scale + mask) value, dropout on the probabilities.

    query (N, ..., L, E), key (N, ..., S, E), value (N, ..., S, Ev) -> (N, ..., L, Ev); batch dims
    broadcast.  ``attn_mask`` (broadcastable to (N, ..., L, S)): bool (True takes part) or additive
    float.  ``is_causal``: key j masked for query i when j > i.  ``scale`` defaults to
    1/sqrt(E).  ``enable_gqa``: key/value with fewer heads (dim -3), each shared by a group of
    query heads.
    """
    _validate(query, key, value, attn_mask)
    if enable_gqa and query.dim() >= 3 and (key.shape[-3] == 0 or query.shape[-3] % key.shape[-3] != 0
                                            or query.shape[-3] % value.shape[-3] != 0):
        raise RuntimeError("Number of heads in key and value must divide the number of heads in ")
    dt = query._data.dtype
    if _use_flash(query, key, value, attn_mask, dropout_p, enable_gqa):
        sc = 1.0 / math.sqrt(query.shape[-1]) if scale is None else float(scale)
        mask = _bool_to_additive(attn_mask, dt)
        node = ScaledDotProductFlashAttentionForCpuBackward0(None if mask is None else mask._data, bool(is_causal), sc)
        return node.apply(query, key, value)
    return _math_attention(query, key, value, attn_mask, dropout_p, is_causal, scale, enable_gqa)


def _math_attention(query, key, value, attn_mask, dropout_p, is_causal, scale, enable_gqa):
    """PyTorch's composite path, op for op."""
    from .nn import dropout

    dt = query._data.dtype
    negative = scale is not None and scale < 0
    base = 1.0 / math.sqrt(query.shape[-1]) if scale is None else abs(float(scale))
    factor = math.sqrt(base)
    q = query * (-factor if negative else factor)
    mask = _bool_to_additive(attn_mask, dt)
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                               "is_causal=True")
        L, S = query.shape[-2], key.shape[-2]
        mask = Tensor._make(np.where(np.tri(L, S, dtype=np.bool_), dt.type(0), dt.type(-np.inf)))
    if enable_gqa and query.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        key = key.repeat_interleave(query.shape[-3] // key.shape[-3], -3)
        value = value.repeat_interleave(query.shape[-3] // value.shape[-3], -3)
    attn = q @ (key.transpose(-2, -1) * factor)
    if mask is not None:
        attn.add_(mask)
    attn = _safe_softmax(attn)
    if dropout_p > 0.0:
        if dropout_p > 1:   # (ATen's dropout, a RuntimeError)
            raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
        attn = dropout(attn, dropout_p, True)
    return attn @ value
