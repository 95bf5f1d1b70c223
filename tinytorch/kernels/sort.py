"""Sorting and searching kernels on C-contiguous (N, R) rows: stable sort (NaN greatest), the
mode of sorted rows, runs of equal values (unique), binary search, bincount and histc.

The Python wrappers move the sorted dimension last and view the tensor as (N, R) rows.
"""
import numpy as np

from . import kernel


@kernel
def sort_kernel(key, x, nan_first, values, indices):
    """indices[n] = the stable ascending order of key[n] (NaN last); with ``nan_first`` the
    trailing NaN block is moved to the front (a descending sort of floats, key = -x, keeps NaN
    greatest); values[n] = x[n] in that order."""
    N, R = key.shape
    for n in range(N):
        order = np.argsort(key[n], kind="mergesort")
        if nan_first:
            k = 0
            while k < R and key[n, order[R - 1 - k]] != key[n, order[R - 1 - k]]:
                k += 1
            if k:
                order = np.concatenate((order[R - k:], order[:R - k]))
        for r in range(R):
            indices[n, r] = order[r]
            values[n, r] = x[n, order[r]]


@kernel
def nan_count_kernel(x, out):
    """out[n] = how many NaNs row x[n] holds."""
    N, R = x.shape
    for n in range(N):
        c = 0
        for r in range(R):
            if x[n, r] != x[n, r]:
                c += 1
        out[n] = c


@kernel
def mode_kernel(values, indices, mode, position):
    """For stably sorted rows: the smallest most frequent value (NaNs are never equal) and the
    largest original index among its copies."""
    N, R = values.shape
    for n in range(N):
        best, start = 0, 0
        mode[n] = values[n, 0]
        position[n] = indices[n, 0]
        for r in range(1, R + 1):
            if r == R or values[n, r] != values[n, r - 1]:
                if r - start > best:
                    best = r - start
                    mode[n] = values[n, r - 1]
                    position[n] = indices[n, r - 1]
                start = r


@kernel
def runs_kernel(x, nan_equal, first):
    """first[i] = True where x[i] starts a run of equal values (NaNs equal when ``nan_equal``);
    returns the number of runs."""
    count = 0
    for i in range(x.shape[0]):
        same = i > 0 and (x[i] == x[i - 1] or (nan_equal and x[i] != x[i] and x[i - 1] != x[i - 1]))
        first[i] = not same
        if not same:
            count += 1
    return count


@kernel
def run_stats_kernel(x, order, first, uniq, inverse, counts):
    """From run starts of (sorted) x: uniq[k], counts[k] of run k, inverse[order[i]] = run of x[i]."""
    k = -1
    for i in range(x.shape[0]):
        if first[i]:
            k += 1
            uniq[k] = x[i]
            counts[k] = 0
        counts[k] += 1
        inverse[order[i]] = k


@kernel
def searchsorted_kernel(seq, v, right, out):
    """out[n, j] = the first i with seq[n, i] >= v[n, j] (> for ``right``); a NaN value goes last."""
    N, S = seq.shape
    for n in range(N):
        for j in range(v.shape[1]):
            val = v[n, j]
            lo, hi = 0, S
            while lo < hi:
                mid = (lo + hi) // 2
                if not (seq[n, mid] > val if right else seq[n, mid] >= val):
                    lo = mid + 1
                else:
                    hi = mid
            out[n, j] = lo


@kernel
def bincount_kernel(x, weights, use_weights, out):
    for i in range(x.shape[0]):
        out[x[i]] += weights[i] if use_weights else 1


@kernel
def histc_kernel(x, edges, lo, hi, out):
    """Counts of x in ``len(out)`` equal bins over [lo, hi] (the last bin closed); x outside or NaN
    ignored.  The bin from the linear formula is corrected against ``edges`` (PyTorch's rule)."""
    bins = out.shape[0]
    for i in range(x.shape[0]):
        v = x[i]
        if not (v >= lo and v <= hi):
            continue
        pos = int((v - lo) * bins / (hi - lo))
        if pos > bins - 1:
            pos = bins - 1
        if pos > 0 and v < edges[pos]:
            pos -= 1
        elif pos < bins - 1 and v >= edges[pos + 1]:
            pos += 1
        out[pos] += 1


# ---- Python side --------------------------------------------------------------------

def rows(x, dim):
    """``x`` with ``dim`` moved last, as C-contiguous (N, R) rows, and that moved shape."""
    moved = np.moveaxis(x, dim, -1) if x.ndim else x.reshape(1)
    return np.ascontiguousarray(moved).reshape(int(np.prod(moved.shape[:-1])), moved.shape[-1]), moved.shape


def unrows(a, moved_shape, dim, ndim):
    """Inverse of ``rows`` for an array of rows of any length (the last size from ``a``)."""
    shape = moved_shape[:-1] + (a.shape[-1],)
    out = a.reshape(shape)
    return np.moveaxis(out, -1, dim) if ndim else out.reshape(())


def sort(x, dim, descending):
    """(values, int64 indices) of the stable sort of ``x`` along ``dim``; NaN is the greatest."""
    r, moved = rows(x, dim)
    if descending:
        key = np.negative(r) if r.dtype.kind == "f" else np.invert(r.astype(np.int64))
    else:
        key = r.astype(np.int64) if r.dtype == np.bool_ else r
    values = np.empty(r.shape, x.dtype)
    indices = np.empty(r.shape, np.int64)
    if r.size:
        sort_kernel(key, r, descending and r.dtype.kind == "f", values, indices)
    return unrows(values, moved, dim, x.ndim), unrows(indices, moved, dim, x.ndim)


def nan_counts(r):
    out = np.zeros(r.shape[0], np.int64)
    if r.dtype.kind == "f" and r.size:
        nan_count_kernel(r, out)
    return out


def mode(values, indices):
    out = np.empty(values.shape[0], values.dtype)
    pos = np.empty(values.shape[0], np.int64)
    mode_kernel(values, indices, out, pos)
    return out, pos


def unique_runs(x, order, nan_equal):
    """(unique values, inverse, counts) of the runs of flat array ``x`` (``order``: where each
    element of x came from, for the inverse)."""
    first = np.empty(x.shape[0], np.bool_)
    k = runs_kernel(x, nan_equal, first)
    uniq = np.empty(k, x.dtype)
    counts = np.empty(k, np.int64)
    inverse = np.empty(x.shape[0], np.int64)
    run_stats_kernel(x, order, first, uniq, inverse, counts)
    return uniq, inverse, counts


def searchsorted(seq, v, right):
    out = np.empty(v.shape, np.int64)
    if v.size:
        searchsorted_kernel(seq, v, right, out)
    return out


def bincount(x, weights, length, out_dt):
    out = np.zeros(length, out_dt)
    w = weights if weights is not None else np.zeros(1, out_dt)
    bincount_kernel(x, w, weights is not None, out)
    return out


def histc(x, bins, lo, hi, edges):
    out = np.zeros(bins, x.dtype)
    histc_kernel(x, edges, lo, hi, out)
    return out
