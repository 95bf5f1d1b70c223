"""``linalg.matrix_exp``: e^A by scaling and squaring with the degree-13 Pade approximant
(Higham 2005), composed of tinytorch products and a solve.  Its derivative is PyTorch's (Mathias
1996): for the output gradient G, gA = the top-right block of exp([[A^T, G], [0, A^T]]), itself a
matrix_exp, so it differentiates again."""
import math

import numpy as np

from .._tensor import Tensor
from ..autograd.multi_output import MultiOutputNode
from .linalg_lu import solve
from .linalg_results import check_square
from .shape import cat

#: The coefficients of the [13/13] Pade approximant of exp, and the 1-norm up to which it is
#: accurate to double precision without scaling.
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
           10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def _expm(a):
    """e^a for a Tensor batch of square matrices (recorded only if ``a`` needs grad)."""
    n = a.shape[-1]
    norm = a.detach().abs().sum(-2).max().item() if a.numel() else 0.0   # the largest 1-norm
    steps = max(0, math.ceil(math.log2(norm / _THETA13))) if norm > _THETA13 else 0
    if steps:
        a = a / float(2 ** steps)
    b = _PADE13
    eye = Tensor._make(np.eye(n, dtype=a._data.dtype))
    a2 = a.matmul(a)
    a4 = a2.matmul(a2)
    a6 = a4.matmul(a2)
    u = a.matmul(a6.matmul(a6 * b[13] + a4 * b[11] + a2 * b[9]) + a6 * b[7] + a4 * b[5] + a2 * b[3] + eye * b[1])
    v = a6.matmul(a6 * b[12] + a4 * b[10] + a2 * b[8]) + a6 * b[6] + a4 * b[4] + a2 * b[2] + eye * b[0]
    r = solve(v - u, v + u)
    for _ in range(steps):
        r = r.matmul(r)
    return r


class LinalgMatrixExpBackward0(MultiOutputNode):
    """out = e^A  ->  gA = exp([[A^T, G], [0, A^T]])[..., :n, n:]."""

    num_outputs = 1
    roles = (0,)

    def forward(self, a):
        self.save_for_backward(a)
        return (_expm(Tensor._make(a))._data,)

    def vjp(self, grads, a):
        g = grads[0]
        if g is None or not self.needs_input_grad(0):
            return [None]
        n = a.shape[-1]
        at = a.mT
        zeros = Tensor._make(np.zeros(at.shape, at._data.dtype))
        meta = cat([cat([at, g.expand(*at.shape)], -1), cat([zeros, at], -1)], -2)
        return [matrix_exp(meta).narrow(-2, 0, n).narrow(-1, n, n)]


def matrix_exp(A):
    """e^A of each square matrix of ``A`` (*, n, n)."""
    check_square("linalg.matrix_exp", A)
    return LinalgMatrixExpBackward0().apply(A)[0]
