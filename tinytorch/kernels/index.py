"""Index kernels: scatter-add (the backward of every gather), gather/scatter along a dimension,
index_select/index_add/index_copy/index_fill, masked select/scatter and nonzero."""
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


# ---- gather / scatter along a dimension -------------------------------------------------------
# The index tensor's elements are visited in C order; for each, ``dim_offsets`` computes the flat
# position in a C-contiguous array of ``strides`` that it names (its own coordinates, with the one
# along ``dim`` replaced by the index value).  Gather reads at those positions, scatter writes.

@kernel
def dim_offsets(idx, index_shape, strides, dim, size, out):
    """out[i] = flat position named by element i of ``idx`` (C order, shape ``index_shape``).

    Returns -1, or the flat position in ``idx`` of the first value outside [0, size)."""
    ndim = index_shape.size
    coord = np.zeros(ndim, np.int64)
    for i in range(idx.size):
        off = 0
        for k in range(ndim):
            if k == dim:
                v = idx[i]
                if v < 0 or v >= size:
                    return i
                off += v * strides[k]
            else:
                off += coord[k] * strides[k]
        out[i] = off
        k = ndim - 1
        while k >= 0:
            coord[k] += 1
            if coord[k] < index_shape[k]:
                break
            coord[k] = 0
            k -= 1
    return -1


@kernel
def take_kernel(src, positions, out):
    """out[i] = src[positions[i]]; all 1-D, positions in range."""
    for i in range(out.size):
        out[i] = src[positions[i]]


#: scatter modes (``scatter_kernel``) and scatter_reduce modes (``scatter_reduce_kernel``)
ASSIGN, ADD, MULTIPLY = 0, 1, 2
REDUCE_MODES = {"sum": 0, "prod": 1, "mean": 2, "amax": 3, "amin": 4, "max": 3, "min": 4}   # (PyTorch takes max, min too)


@kernel
def scatter_kernel(dst, positions, vals, mode):
    """dst[positions[i]] (=, +=, *=) vals[i] for mode ASSIGN, ADD, MULTIPLY; all 1-D, in range."""
    for i in range(vals.size):
        p = positions[i]
        if mode == 0:
            dst[p] = vals[i]
        elif mode == 1:
            dst[p] += vals[i]
        else:
            dst[p] *= vals[i]


@kernel
def scatter_reduce_kernel(dst, positions, vals, mode, include_self, is_float):
    """Reduce vals[i] into dst[positions[i]] (mode: sum, prod, mean, amax, amin as in
    REDUCE_MODES).  Without ``include_self`` a written position starts from its first value;
    the mean divides by the number of values (plus one with ``include_self``), flooring for
    integer dtypes (``is_float`` False); amax/amin propagate NaN."""
    n = dst.size
    count = np.zeros(n, np.int64)
    for i in range(vals.size):
        p = positions[i]
        v = vals[i]
        if count[p] == 0 and not include_self:
            dst[p] = v
        elif mode == 0 or mode == 2:
            dst[p] += v
        elif mode == 1:
            dst[p] *= v
        elif mode == 3:
            if v > dst[p] or v != v:
                dst[p] = v
        else:
            if v < dst[p] or v != v:
                dst[p] = v
        count[p] += 1
    if mode == 2:
        for p in range(n):
            c = count[p] + (1 if include_self else 0)
            if count[p] > 0:
                if is_float:
                    dst[p] = dst[p] / c
                else:
                    dst[p] = dst[p] // c


# ---- index_select / index_add / index_copy / index_fill (whole slices along a dimension) ------
# The tensors are viewed as (outer, size along dim, inner); ``idx`` picks positions along the middle.

@kernel
def wrapped_index(idx, low, size, out):
    """out[i] = idx[i], plus ``size`` where negative, for 1-D ``idx``.  Returns -1, or the
    position of the first value outside [low, size) (low is 0 or -size)."""
    for i in range(idx.size):
        v = idx[i]
        if v < low or v >= size:
            return i
        out[i] = v + size if v < 0 else v
    return -1


@kernel
def index_select_kernel(x, idx, out):
    """out[a, j, b] = x[a, idx[j], b] (idx wrapped to [0, x.shape[1]))."""
    for a in range(out.shape[0]):
        for j in range(idx.size):
            for b in range(out.shape[2]):
                out[a, j, b] = x[a, idx[j], b]


@kernel
def index_put_kernel(out, idx, src, accumulate, alpha):
    """out[a, idx[j], b] = src[a, j, b], or += alpha * src[a, j, b] with ``accumulate``."""
    for a in range(src.shape[0]):
        for j in range(idx.size):
            for b in range(src.shape[2]):
                if accumulate:
                    out[a, idx[j], b] += alpha * src[a, j, b]
                else:
                    out[a, idx[j], b] = src[a, j, b]


@kernel
def index_fill_kernel(out, idx, value):
    """out[a, idx[j], b] = value."""
    for a in range(out.shape[0]):
        for j in range(idx.size):
            for b in range(out.shape[2]):
                out[a, idx[j], b] = value


# ---- masks and nonzero ------------------------------------------------------------------------

@kernel
def count_nonzero(x):
    """The number of nonzero (True, or NaN) elements of 1-D x."""
    n = 0
    for i in range(x.size):
        if x[i] != 0:
            n += 1
    return n


@kernel
def masked_select_kernel(x, mask, out):
    """out = the elements of 1-D x where 1-D mask is True, in order (out has their count)."""
    j = 0
    for i in range(x.size):
        if mask[i]:
            out[j] = x[i]
            j += 1


@kernel
def masked_scatter_kernel(out, mask, src):
    """out[i] = the next element of src, for each i where mask[i] (1-D; src long enough)."""
    j = 0
    for i in range(out.size):
        if mask[i]:
            out[i] = src[j]
            j += 1


@kernel
def nonzero_kernel(x, shape, out):
    """out[r] = the coordinates (C order) of the r-th nonzero element of 1-D x (of ``shape``)."""
    ndim = shape.size
    coord = np.zeros(ndim, np.int64)
    r = 0
    for i in range(x.size):
        if x[i] != 0:
            for k in range(ndim):
                out[r, k] = coord[k]
            r += 1
        k = ndim - 1
        while k >= 0:
            coord[k] += 1
            if coord[k] < shape[k]:
                break
            coord[k] = 0
            k -= 1
