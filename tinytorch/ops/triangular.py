"""``tril`` and ``triu``: a matrix (or a batch of them) with the elements above or below a
diagonal zeroed.  The derivative is the same mask applied to the gradient."""
import numpy as np

from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import elementwise as ew
from .registry import public


class TrilBackward0(FormulaNode):
    """out = x below and on the k-th diagonal, 0 above  ->  d/dx = the same mask: tril(g, k)."""

    lower = True
    grads = (lambda n, g: _tri(g, n.k, n.lower),)

    def __init__(self, k):
        self.k = k

    def forward(self, x):
        self.in_meta = ((x.shape, x.dtype),)
        return ew.tri(x, self.k, self.lower)


class TriuBackward0(TrilBackward0):
    """out = x above and on the k-th diagonal, 0 below  ->  d/dx = triu(g, k)."""

    lower = False
    grads = (lambda n, g: _tri(g, n.k, n.lower),)


def _tri(input, diagonal, lower):
    name = "tril" if lower else "triu"
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if not isinstance(diagonal, (int, np.integer)) or isinstance(diagonal, bool):
        raise TypeError(f"{name}(): argument 'diagonal' (position 2) must be int, not {type(diagonal).__name__}")
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    return (TrilBackward0 if lower else TriuBackward0)(int(diagonal)).apply(input)


@public(inplace=True, out="exact")
def tril(input, diagonal=0):
    """The lower triangle of ``input`` (its last two dims): elements with j - i <= diagonal."""
    return _tri(input, diagonal, True)


@public(inplace=True, out="exact")
def triu(input, diagonal=0):
    """The upper triangle of ``input`` (its last two dims): elements with j - i >= diagonal."""
    return _tri(input, diagonal, False)
