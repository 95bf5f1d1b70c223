"""Matrix products: ``matmul`` (``@``) with PyTorch's 1-D and batched rules, ``mm``, ``bmm``,
``mv``, ``dot``.

For C = A @ B the chain rule gives dA = dC @ B^T and dB = A^T @ dC; batched operands that
were broadcast get their gradient summed back over the broadcast batch dimensions.
"""
import numpy as np

from .. import _dtype

from .._tensor import Tensor
from ..autograd.node import Node, _sum_to_tensor
from ..kernels import elementwise as ew
from ..kernels import matmul as km
from ..kernels import reduce as kr
from . import shape as shape_ops
from .shape import unsqueeze
from .util import broadcast_shapes, sum_to
from .registry import public


def _swap(a):
    return np.swapaxes(a, -1, -2)


class MmBackward0(Node):
    """C = A @ B  ->  dA = dC @ B^T,  dB = A^T @ dC (batch dims summed back if broadcast)."""

    def forward(self, a, b):
        self.save_for_backward(a, b)
        self.dt = a.dtype
        return km.matmul(a, b, self.dt)

    def backward(self, g):
        a, b = self.saved_arrays
        ga = sum_to(km.matmul(g, _swap(b), self.dt), a.shape) if self.needs_input_grad(0) else None
        gb = sum_to(km.matmul(_swap(a), g, self.dt), b.shape) if self.needs_input_grad(1) else None
        return ga, gb

    def backward_graph(self, g):
        """The same products, recorded (so the gradient is differentiable again)."""
        a, b = self.saved_arrays
        at, bt = self.input_tensor(0, a), self.input_tensor(1, b)
        ga = _sum_to_tensor(g.matmul(bt.transpose(-1, -2)), a.shape) if self.needs_input_grad(0) else None
        gb = _sum_to_tensor(at.transpose(-1, -2).matmul(g), b.shape) if self.needs_input_grad(1) else None
        return ga, gb


class BmmBackward0(MmBackward0):
    """C[i] = A[i] @ B[i] for a batch of matrices."""


class UnsafeViewBackward0(MmBackward0):
    """Batched ``matmul`` with broadcast batch dims (PyTorch's last node for it has this name)."""


class MvBackward0(MmBackward0):
    """c = A @ v (matrix times vector)."""

    def forward(self, a, v):
        return super().forward(a, v.reshape(-1, 1)).reshape(-1)

    def backward(self, g):
        ga, gv = super().backward(g.reshape(-1, 1))
        return ga, (gv.reshape(-1) if gv is not None else None)

    def backward_graph(self, g):
        a, v = self.saved_arrays
        at, vt = self.input_tensor(0, a), self.input_tensor(1, v.reshape(-1))
        return (g.reshape(-1, 1).mm(vt.reshape(1, -1)) if self.needs_input_grad(0) else None,
                at.t().mv(g) if self.needs_input_grad(1) else None)


class DotBackward0(Node):
    """c = sum_i a_i b_i  ->  da = c' b,  db = c' a."""

    def forward(self, a, b):
        self.save_for_backward(a, b)
        prod = ew.binary(ew.MUL, a, b, a.dtype)
        return kr.reduce(kr.SUM, prod, (0,), a.dtype)

    def backward(self, g):
        a, b = self.saved_arrays
        return (ew.binary(ew.MUL, g, b, g.dtype) if self.needs_input_grad(0) else None,
                ew.binary(ew.MUL, g, a, g.dtype) if self.needs_input_grad(1) else None)

    def backward_graph(self, g):
        a, b = self.saved_arrays
        return (g * self.input_tensor(1, b) if self.needs_input_grad(0) else None,
                g * self.input_tensor(0, a) if self.needs_input_grad(1) else None)


_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "uint8": "unsigned char",
          "bool": "bool"}


def _check_tensors(a, b):
    for x in (a, b):
        if not isinstance(x, Tensor):
            raise TypeError(f"expected Tensor as argument, got {type(x).__name__}")


def _check_same_dtype(a, b, style="mm"):
    """Both operands tensors of one (non-bool) dtype; the mismatch message of PyTorch's kernel
    for ``style``: "mm", "bmm" (batched), "mv" or "dot".  (PyTorch checks shapes first, except
    for ``dot``.)"""
    _check_tensors(a, b)
    if a._data.dtype != b._data.dtype:
        da, db = a._data.dtype.name, b._data.dtype.name  # (NumPy computes .name in Python: slow)
        if style == "dot":
            msg = f"dot : expected both vectors to have same dtype, but found {_dtype.SCALAR_NAMES[da]} and {_dtype.SCALAR_NAMES[db]}"
        elif style == "mv":
            msg = (f"addmv input tensors must have the same dtype, but got {_dtype.SCALAR_NAMES[db]}, {_dtype.SCALAR_NAMES[da]}, "
                   f"and {_dtype.SCALAR_NAMES[db]}")
        elif style == "bmm":
            msg = f"expected scalar type {_dtype.SCALAR_NAMES[da]} but found {_dtype.SCALAR_NAMES[db]}"
        else:
            msg = f"expected m1 and m2 to have the same dtype, but got: {_NAMES[da]} != {_NAMES[db]}"
        raise RuntimeError(msg)
    if a._data.dtype == np.bool_:
        raise RuntimeError("\"addmm_impl_cpu_\" not implemented for 'Bool'")


def _shape_text(s):
    return "x".join(str(d) for d in s)


@public(out="exact")
def mm(input, mat2):
    _check_tensors(input, mat2)
    a, b = input._data, mat2._data
    if a.ndim != 2:
        raise RuntimeError(f"self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_shape_text(a.shape)} and {_shape_text(b.shape)})")
    _check_same_dtype(input, mat2)
    return MmBackward0().apply(input, mat2)


@public(out="exact")
def bmm(input, mat2):
    _check_tensors(input, mat2)
    a, b = input._data, mat2._data
    if a.ndim != 3:
        raise RuntimeError(f"batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError(f"batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{a.shape[0]}, {a.shape[2]}] "
            f"but got: [{b.shape[0]}, {b.shape[1]}].")
    _check_same_dtype(input, mat2, "bmm")
    return BmmBackward0().apply(input, mat2)


@public(out="exact")
def mv(input, vec):
    _check_tensors(input, vec)
    a, v = input._data, vec._data
    if a.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {v.ndim}, {a.ndim}, {v.ndim}")
    if a.shape[1] != v.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({_shape_text(a.shape)}), vec ({v.shape[0]})")
    _check_same_dtype(input, vec, "mv")
    return MvBackward0().apply(input, vec)


@public(out="exact")
def dot(input, other):
    _check_same_dtype(input, other, "dot")
    a, b = input._data, other._data
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have the "
            "same number of elements, but got {} and {} elements respectively".format(a.shape[0], b.shape[0]))
    return DotBackward0().apply(input, other)


@public(out="exact")
def matmul(input, other):
    """PyTorch's rules: 1-D x 1-D -> dot; 2-D x 2-D -> mm; a 1-D operand gets a dimension
    added (then removed from the result); otherwise a batched product with broadcasting."""
    for x in (input, other):
        if not isinstance(x, Tensor):
            raise TypeError(f"matmul(): argument must be Tensor, not {type(x).__name__}")
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    if a.ndim == 1 and b.ndim == 1:
        return dot(input, other)
    if a.ndim == 2 and b.ndim == 2:
        return mm(input, other)
    if a.ndim == 2 and b.ndim == 1:
        return mv(input, other)
    if a.ndim == 1 and b.ndim == 2:   # (K,) @ (K, N): a one-row product, the row dimension dropped
        return shape_ops.SqueezeBackward4((b.shape[1],)).apply(mm(unsqueeze(input, 0), other))
    if b.ndim == 1:  # (..., M, K) @ (K,): PyTorch folds the batch into the rows of a matrix
        if a.shape[-1] != b.shape[0]:
            rows = int(np.prod(a.shape[:-1]))
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{a.shape[-1]}), vec ({b.shape[0]})")
        _check_same_dtype(input, other, "mv")
        return shape_ops.UnsafeViewBackward0(a.shape[:-1]).apply(matmul(input, unsqueeze(other, -1)))
    if a.ndim == 1:
        return shape_ops.UnsafeViewBackward0(b.shape[:-2] + b.shape[-1:]).apply(matmul(unsqueeze(input, 0), other))
    if a.shape[-1] != b.shape[-2]:
        if b.ndim == 2:  # (..., M, K) @ (K', N): folded into one matrix product
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({int(np.prod(a.shape[:-1]))}x{a.shape[-1]} "
                f"and {_shape_text(b.shape)})")
        batch = _broadcast_batch(a, b)
        n = int(np.prod(batch))
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{n}, {a.shape[-1]}] "
                           f"but got: [{n}, {b.shape[-2]}].")
    _check_same_dtype(input, other, "mm" if b.ndim == 2 else "bmm")
    _broadcast_batch(a, b)
    return UnsafeViewBackward0().apply(input, other)


def _broadcast_batch(a, b):
    """The broadcast batch shape of two batched operands, or PyTorch's broadcasting error."""
    try:
        return np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        broadcast_shapes(a.shape[:-2], b.shape[:-2])
        raise
