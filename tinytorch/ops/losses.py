"""Losses as PyTorch 2.13 computes them: one node with PyTorch's name and analytic derivative
where PyTorch has a loss kernel (``BinaryCrossEntropyBackward0``, ``SmoothL1LossBackward0``,
``HuberLossBackward0``, ``SoftMarginLossBackward0``, ``MultiMarginLossBackward0``), and
compositions of Tensor ops where PyTorch composes them (l1, kl_div, margin ranking, hinge and
cosine embedding, triplet margin, multilabel soft margin, Poisson and Gaussian NLL), so the
last node is the one PyTorch prints (``MeanBackward0``, ``SumBackward0``, ``ClampMinBackward0``...).

``reduction`` is 'mean', 'sum' or 'none'; the deprecated ``size_average`` / ``reduce`` map to it
with PyTorch's warning.  Every derivative is written on Tensors, so double backward works (except
for multi_margin_loss, differentiable once as in PyTorch).
"""
import math
import warnings

import numpy as np

from .. import _dtype
from ..kernels import index as _kindex
from .._tensor import Tensor
from ..autograd.grad_mode import _enabled, no_grad
from ..autograd.node import once_differentiable_results
from . import elementwise as ew_ops
from . import reduce as _reduce
from . import table
from .activations import pairwise_distance
from .composites import _Analytic, logsigmoid
from .util import broadcast_shapes, wrap_dims

#: PyTorch's guard in binary cross entropy and cosine embedding loss: 1e-12 rounded to float32 (a C++ float)
EPSILON = float(np.float32(1e-12))


# ---- reduction helpers ------------------------------------------------------------------------

def legacy_get_string(size_average, reduce, emit_warning=True):
    """PyTorch's mapping of the deprecated ``size_average`` / ``reduce`` to a reduction (with its warning)."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    ret = "mean" if size_average and reduce else ("sum" if reduce else "none")
    if emit_warning:
        warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{ret}' instead.",
                      UserWarning, stacklevel=3)
    return ret


def _reduction(size_average, reduce, reduction):
    """The reduction a loss uses: the legacy arguments win when given; ValueError for an unknown one."""
    if size_average is not None or reduce is not None:
        reduction = legacy_get_string(size_average, reduce)
    _check_reduction(reduction)
    return reduction


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduce_loss(loss, reduction):
    """The mean (node ``MeanBackward0``, as PyTorch 2.13 names a full mean), the sum, or ``loss``."""
    if reduction == "mean":
        dims = wrap_dims(None, loss._data.ndim)
        return _reduce.MeanBackward0(dims, False, loss._data.dtype).apply(loss)
    return loss.sum() if reduction == "sum" else loss


def _mean_factor(g, x, reduction):
    """g, divided by the number of elements for the mean (g of the broadcast grad formula)."""
    return g / x._data.size if reduction == "mean" else g


def _check_tensor(x, name, arg, position):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not {type(x).__name__}")


def _size_warning(input, target):
    if target._data.shape != input._data.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", UserWarning, stacklevel=3)


def _broadcast(input, target):
    shape = broadcast_shapes(input._data.shape, target._data.shape)
    return (input if input._data.shape == shape else input.expand(shape),
            target if target._data.shape == shape else target.expand(shape))


def _not_differentiable(t, fn, arg):
    if t is not None and _enabled[0] and t._requires_grad:
        raise RuntimeError(f"The function '{fn}' is not differentiable with respect to argument '{arg}'. "
                           "This input cannot have requires_grad True.")


# ---- binary cross entropy ------------------------------------------------------------------------

def _bce(x, t, weight, reduction):
    """-w (t log x + (1 - t) log(1 - x)), each log clamped at -100."""
    loss = (t - 1) * ew_ops.clamp_min((1 - x).log(), -100.0) - t * ew_ops.clamp_min(x.log(), -100.0)
    if weight is not None:
        loss = loss * weight
    return _reduce_loss(loss, reduction)


def _bce_grad_input(g, x, t, weight, reduction):
    grad = g * (x - t) / ew_ops.clamp_min((1 - x) * x, EPSILON)
    if weight is not None:
        grad = grad * weight
    return grad / x._data.size if reduction == "mean" else grad


def _bce_grad_target(g, x, t, weight, reduction):
    grad = -x.logit() * g
    if weight is not None:
        grad = grad * weight
    return grad / t._data.size if reduction == "mean" else grad


class BinaryCrossEntropyBackward0(_Analytic):
    """loss = -w (t log x + (1 - t) log(1 - x))  ->  d/dx = w (x - t) / max(x (1 - x), 1e-12),
    d/dt = -w logit(x) (each / N for the mean)."""

    roles = (0, 1)
    value = staticmethod(_bce)
    grads = (lambda n, g, x, t: _bce_grad_input(g, x, t, **n.kwargs),
             lambda n, g, x, t: _bce_grad_target(g, x, t, **n.kwargs))


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Binary cross entropy of probabilities ``input`` (in [0, 1]) against ``target`` (same shape)."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_tensor(input, "binary_cross_entropy", "input", 1)
    _check_tensor(target, "binary_cross_entropy", "target", 2)
    if target._data.shape != input._data.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}) "
                         "is deprecated. Please ensure they have the same size.")
    if weight is not None:
        _not_differentiable(weight, "binary_cross_entropy", "weight")
        weight = weight.expand(broadcast_shapes(target._data.shape, weight._data.shape))
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"binary_cross_entropy\" not implemented for "
                                  f"'{_dtype.SCALAR_NAMES[input._data.dtype.name]}'")
    x = input._data
    if x.size and not bool(np.all((x >= 0) & (x <= 1))):
        raise RuntimeError("all elements of input should be between 0 and 1")
    return BinaryCrossEntropyBackward0(weight=weight, reduction=reduction).apply(input, target)


# ---- L1, smooth L1, Huber -------------------------------------------------------------------------

def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """|input - target|, reduced (with ``weight``: the mean is sum(w |d|) / sum(w))."""
    _check_tensor(input, "l1_loss", "input", 1)
    _check_tensor(target, "l1_loss", "target", 2)
    _size_warning(input, target)
    if size_average is not None or reduce is not None:
        reduction = legacy_get_string(size_average, reduce)
    input, target = _broadcast(input, target)
    if weight is not None:
        if weight._data.shape != input._data.shape:
            raise ValueError("Weights and input must have the same size.")
        loss = (input - target).abs() * weight
        if reduction == "none":
            return loss
        if reduction == "sum":
            return loss.sum()
        if reduction == "mean":
            return loss.sum() / weight.sum()
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    _check_reduction(reduction)
    return _reduce_loss((input - target).abs(), reduction)


def _smooth_l1(x, t, beta, reduction):
    d = x - t
    ad = d.abs()
    return _reduce_loss(ew_ops.where(ew_ops.lt(ad, beta), d * d * 0.5 / beta, ad - 0.5 * beta), reduction)


def _smooth_l1_grad(g, x, t, beta, reduction):
    d = x - t
    g = _mean_factor(g, x, reduction)
    return ew_ops.where(ew_ops.le(d, -beta), -g, ew_ops.where(ew_ops.ge(d, beta), g, d * g / beta))


class SmoothL1LossBackward0(_Analytic):
    """loss = d^2 / (2 beta) where |d| < beta, else |d| - beta/2 (d = x - t)  ->  d/dx = clamp(d / beta, -1, 1),
    d/dt = -d/dx."""

    roles = (0, 1)
    value = staticmethod(_smooth_l1)
    grads = (lambda n, g, x, t: _smooth_l1_grad(g, x, t, **n.kwargs),
             lambda n, g, x, t: -_smooth_l1_grad(g, x, t, **n.kwargs))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Squared error below ``beta``, absolute error (shifted) above it; beta = 0 is the L1 loss."""
    _check_tensor(input, "smooth_l1_loss", "input", 1)
    _check_tensor(target, "smooth_l1_loss", "target", 2)
    _size_warning(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    input, target = _broadcast(input, target)
    if beta == 0.0:
        return _reduce_loss((input - target).abs(), reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    return SmoothL1LossBackward0(beta=float(beta), reduction=reduction).apply(input, target)


def _huber(x, t, delta, reduction):
    d = x - t
    ad = d.abs()
    return _reduce_loss(ew_ops.where(ew_ops.lt(ad, delta), d * d * 0.5, (ad - 0.5 * delta) * delta), reduction)


def _huber_grad(g, x, t, delta, reduction):
    d = x - t
    g = _mean_factor(g, x, reduction)
    return ew_ops.where(ew_ops.lt(d, -delta), -g * delta, ew_ops.where(ew_ops.gt(d, delta), g * delta, d * g))


class HuberLossBackward0(_Analytic):
    """loss = d^2 / 2 where |d| < delta, else delta (|d| - delta/2)  ->  d/dx = clamp(d, -delta, delta),
    d/dt = -d/dx."""

    roles = (0, 1)
    value = staticmethod(_huber)
    grads = (lambda n, g, x, t: _huber_grad(g, x, t, **n.kwargs),
             lambda n, g, x, t: -_huber_grad(g, x, t, **n.kwargs))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """Squared error below ``delta``, delta-scaled absolute error above it (optional ``weight``)."""
    _check_tensor(input, "huber_loss", "input", 1)
    _check_tensor(target, "huber_loss", "target", 2)
    _size_warning(input, target)
    input, target = _broadcast(input, target)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        _check_reduction(reduction)
        return HuberLossBackward0(delta=float(delta), reduction=reduction).apply(input, target)
    if weight._data.shape != input._data.shape:
        raise ValueError("Weights and input must have the same size.")
    loss = HuberLossBackward0(delta=float(delta), reduction="none").apply(input, target) * weight
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    return _reduce_loss(loss, reduction)


# ---- KL divergence, margin losses -----------------------------------------------------------------

def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """sum t (log t - input) (``input`` log-probabilities; ``log_target``: target given as log t)."""
    if size_average is not None or reduce is not None:
        reduction = legacy_get_string(size_average, reduce)
    elif reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      UserWarning, stacklevel=2)
    if reduction != "batchmean":
        _check_reduction(reduction)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = table.xlogy(target, target) - target * input
    if reduction == "batchmean":
        reduced = loss.sum()
        return reduced / input._data.shape[0] if input._data.ndim else reduced
    return _reduce_loss(loss, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -target (input1 - input2) + margin), target in {1, -1}."""
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    return _reduce_loss(ew_ops.clamp_min(-target * (input1 - input2) + margin, 0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """x where target is 1, max(0, margin - x) where it is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    margin_clamp = ew_ops.clamp_min(margin - input, 0)
    output = ew_ops.where(ew_ops.ne(target, 1), margin_clamp, 0.0) + ew_ops.where(ew_ops.ne(target, -1), input, 0.0)
    return _reduce_loss(output, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1 (cos along the
    last dim of (N, D) inputs with an (N,) target, or of (D,) inputs with a 0-d target)."""
    reduction = _reduction(size_average, reduce, reduction)
    targ_dim = target.dim()
    if targ_dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != targ_dim + 1:
        raise RuntimeError(f"{targ_dim}D target tensor expects {targ_dim + 1}D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    prod_sum = (input1 * input2).sum(targ_dim)
    mag_square1 = (input1 * input1).sum(targ_dim) + EPSILON
    mag_square2 = (input2 * input2).sum(targ_dim) + EPSILON
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    pos = 1 - cos
    neg = ew_ops.clamp_min(cos - margin, 0)
    output = ew_ops.where(ew_ops.eq(target, 1), pos, 0.0) + ew_ops.where(ew_ops.eq(target, -1), neg, 0.0)
    return _reduce_loss(output, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the pairwise p-norm distance
    (``swap``: the smaller of d(a, n) and d(p, n))."""
    reduction = _reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a_dim, p_dim, n_dim = anchor.dim(), positive.dim(), negative.dim()
    if not a_dim == p_dim == n_dim:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {a_dim}D, positive {p_dim}D, and negative {n_dim}D inputs")
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = table.minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce_loss(ew_ops.clamp_min(margin + dist_pos - dist_neg, 0), reduction)


def _soft_margin(x, t, reduction):
    return _reduce_loss(((-x) * t).exp().add(1).log(), reduction)


def _soft_margin_grad(g, x, t, reduction):
    z = (-t * x).exp()
    return t * z * (-1.0 / x._data.size if reduction == "mean" else -1.0) / (z + 1) * g


class SoftMarginLossBackward0(_Analytic):
    """loss = log(1 + e^(-t x))  ->  d/dx = -t e^(-t x) / (1 + e^(-t x)) (/ N for the mean)."""

    roles = (0, 1)
    value = staticmethod(_soft_margin)
    grads = (lambda n, g, x, t: _soft_margin_grad(g, x, t, **n.kwargs), None)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target input)), target in {1, -1}."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_tensor(input, "soft_margin_loss", "input", 1)
    _check_tensor(target, "soft_margin_loss", "target", 2)
    _not_differentiable(target, "soft_margin_loss", "target")
    broadcast_shapes(input._data.shape, target._data.shape)
    return SoftMarginLossBackward0(reduction=reduction).apply(input, target)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(t log s(x) + (1 - t) log s(-x)) (times ``weight``), averaged over the classes (last dim)."""
    if size_average is not None or reduce is not None:
        reduction = legacy_get_string(size_average, reduce)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(class_dim) / input.size(class_dim)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce_loss(loss, reduction)


# ---- multi-class margin ------------------------------------------------------------------------

def _margin_terms(x, target_mask, margin):
    """z = margin - x[y] + x over the (rows, C) scores, and where its hinge counts (z > 0, class not y)."""
    z = margin - (x * target_mask).sum(-1, keepdim=True) + x
    other = ew_ops.logical_and(ew_ops.gt(z, 0), ew_ops.eq(target_mask, 0))
    return z, other


def _multi_margin(x, target_mask, weight_y, p, margin, reduction, out_shape):
    rows, classes = target_mask._data.shape
    z, other = _margin_terms(x.reshape(rows, classes), target_mask, margin)
    h = ew_ops.where(other, z if p == 1 else z * z, 0)
    if weight_y is not None:
        h = h * weight_y
    loss = h.sum(-1) / classes
    if reduction == "mean":
        return loss.sum() / rows
    return loss.sum() if reduction == "sum" else loss.reshape(out_shape)


def _multi_margin_grad(g, x, target_mask, weight_y, p, margin, reduction, out_shape):
    rows, classes = target_mask._data.shape
    z, other = _margin_terms(x.reshape(rows, classes), target_mask, margin)
    scale = g / rows if reduction == "mean" else (g.reshape(rows, 1) if reduction == "none" else g)
    scale = scale / classes
    coef = ew_ops.where(other, scale if p == 1 else z * 2 * scale, 0)
    if weight_y is not None:
        coef = coef * weight_y
    return (coef - target_mask * coef.sum(-1, keepdim=True)).reshape(x._data.shape)


class MultiMarginLossBackward0(_Analytic):
    """loss_n = sum over j != y_n of w[y_n] max(0, margin - x[y_n] + x[j])^p / C  ->  d/dx[j] = w p h^(p-1) / C
    for each j != y with a positive hinge, and minus their sum for x[y]."""

    roles = (0,)
    value = staticmethod(_multi_margin)
    grads = (lambda n, g, x: _multi_margin_grad(g, x, **n.kwargs),)

    def backward_graph(self, grad):
        """Differentiable once, as in PyTorch (which has no derivative of multi_margin_loss_backward)."""
        return once_differentiable_results(self, grad, self.backward(grad._data),
                                           "derivative for aten::multi_margin_loss_backward is not implemented")


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction="mean"):
    """Multi-class hinge loss of scores (N, C) or (C,) at int64 class indices (N,) or ()."""
    reduction = _reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    _check_tensor(input, "multi_margin_loss", "input", 1)
    _check_tensor(target, "multi_margin_loss", "target", 2)
    shape = input._data.shape
    ndim = len(shape)
    if not ((ndim == 2 and shape[1] != 0) or (ndim == 1 and shape[0] != 0) or ndim == 0):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(shape)}")
    rows, classes = (1 if ndim <= 1 else shape[0]), (1 if ndim == 0 else shape[-1])
    if target._data.ndim > 1 or target._data.size != rows:
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           f"samples (batch size). Expected target size [{rows}], but got {list(target.shape)}. "
                           f"Input has shape {list(shape)}.")
    if weight is not None and weight._data.size != classes:
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got {list(weight.shape)}")
    if target._data.dtype != np.int64:
        raise RuntimeError(f"expected scalar type Long but found {_dtype.SCALAR_NAMES[target._data.dtype.name]}")
    _check_float_loss(input, "multi_margin_loss_cpu")
    _not_differentiable(weight, "multi_margin_loss", "weight")
    idx = Tensor._make(np.ascontiguousarray(target._data).reshape(-1))
    if rows and (int(idx._data.min()) < 0 or int(idx._data.max()) >= classes):
        raise RuntimeError("target out of range")
    mask = np.zeros((rows, classes), np.int64)
    _kindex.one_hot_kernel(idx._data, mask)
    mask = Tensor._make(mask.astype(input._data.dtype))
    weight_y = None if weight is None else weight[idx].to(input.dtype).unsqueeze(-1)
    out_shape = tuple(target._data.shape) if ndim <= 1 else (rows,)
    return MultiMarginLossBackward0(target_mask=mask, weight_y=weight_y, p=p, margin=float(margin),
                                    reduction=reduction, out_shape=out_shape).apply(input)


def _check_float_loss(x, kernel_name):
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel_name}\" not implemented for '{_dtype.SCALAR_NAMES[x._data.dtype.name]}'")


# ---- Poisson and Gaussian negative log-likelihood -----------------------------------------------------

def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """e^x - t x (``log_input``), or x - t log(x + eps); ``full`` adds Stirling's term where t > 1."""
    if size_average is not None or reduce is not None:
        reduction = legacy_get_string(size_average, reduce)
    _check_reduction(reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + (target * (2 * math.pi)).log() * 0.5
        loss = loss + ew_ops.masked_fill(stirling, ew_ops.le(target, 1), 0)
    return _reduce_loss(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """(log max(var, eps) + (input - target)^2 / max(var, eps)) / 2 (+ log(2 pi) / 2 with ``full``);
    ``var`` of input's shape, or with one dimension of size 1 (or the last one missing), or a float."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * Tensor._make(np.ones(input._data.shape, input._data.dtype))
    elif bool(np.any(var._data < 0)):
        raise ValueError("var has negative entry/entries")
    if var._data.shape != input._data.shape:
        in_shape, var_shape = input._data.shape, var._data.shape
        if in_shape[:-1] == var_shape:
            var = var.unsqueeze(-1)
        elif not (len(in_shape) == len(var_shape)
                  and sum(v for i, v in zip(in_shape, var_shape) if i != v) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():   # the clamp is not part of the derivative (as in PyTorch)
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce_loss(loss, reduction)
