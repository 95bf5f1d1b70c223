"""Index kernels: scatter-add, the backward of every gather (advanced indexing)."""
import math

import numpy as np

from . import kernel


@kernel
def scatter_add_kernel(dst, positions, src):
    """dst[positions[i]] += src[i]; repeated positions accumulate.  All 1-D, positions in range."""
    for i in range(src.size):
        dst[positions[i]] += src[i]


def index_backward(shape, index, g):
    """Gradient of ``x[index]`` w.r.t. x: zeros of ``shape`` with g added where x was read.

    ``index`` has already been applied successfully to an array of ``shape`` in the forward
    pass, so every position it produces is in range.
    """
    positions = np.arange(int(math.prod(shape)), dtype=np.int64).reshape(shape)[index]
    out = np.zeros(int(math.prod(shape)), g.dtype)
    scatter_add_kernel(out, np.ascontiguousarray(positions).reshape(-1),
                       np.ascontiguousarray(np.broadcast_to(g, positions.shape)).reshape(-1))
    return out.reshape(shape)


@kernel
def one_hot_kernel(idx, out):
    """out[i, idx[i]] = 1 for a zeroed (n, classes) out; every idx[i] in [0, classes) (checked)."""
    for i in range(idx.size):
        out[i, idx[i]] = 1
