"""Sorting and searching kernels on C-contiguous (N, R) rows: stable sort (NaN greatest), the
mode of sorted rows, runs of equal values (unique), binary search, bincount and histc.

The Python wrappers move the sorted dimension last and view the tensor as (N, R) rows.
"""
import math

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
def _greater(a, b):
    """a > b with NaN the greatest value."""
    return (a != a and b == b) or a > b


@kernel
def _swap(v, idx, a, b):
    v[a], v[b] = v[b], v[a]
    idx[a], idx[b] = idx[b], idx[a]


@kernel
def kth_select_kernel(x, k, values, indices):
    """values[n], indices[n] = the element of row x[n] at sorted position k (NaN greatest) and
    where it was, by Sedgewick's quickselect with a median-of-three pivot (the selection PyTorch's
    CPU kthvalue makes, so that among equal values the same index is returned)."""
    N, R = x.shape
    v = np.empty(R, x.dtype)
    idx = np.empty(R, np.int64)
    for n in range(N):
        for r in range(R):
            v[r] = x[n, r]
            idx[r] = r
        lo, hi = 0, R - 1
        while hi > lo:
            if hi == lo + 1:
                if _greater(v[lo], v[hi]):
                    _swap(v, idx, lo, hi)
                break
            _swap(v, idx, (lo + hi) >> 1, lo + 1)   # the median of v[lo], v[mid], v[hi] goes to lo
            if _greater(v[lo + 1], v[hi]):
                _swap(v, idx, lo + 1, hi)
            if _greater(v[lo], v[hi]):
                _swap(v, idx, lo, hi)
            if _greater(v[lo + 1], v[lo]):
                _swap(v, idx, lo + 1, lo)
            pivot = v[lo]
            i, j = lo + 1, hi
            while True:
                i += 1
                while _greater(pivot, v[i]):
                    i += 1
                j -= 1
                while _greater(v[j], pivot):
                    j -= 1
                if j < i:
                    break
                _swap(v, idx, i, j)
            _swap(v, idx, lo, j)
            if j <= k:
                lo = i
            if j >= k:
                hi = j - 1
        values[n] = v[k]
        indices[n] = idx[k]


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
def lexsort_rows_kernel(rows, order):
    """order = the stable lexicographic order of the rows of (N, C) ``rows`` (column 0 first):
    stable sorts by the columns from the last to the first."""
    N, C = rows.shape
    for i in range(N):
        order[i] = i
    key = np.empty(N, rows.dtype)
    for c in range(C - 1, -1, -1):
        for i in range(N):
            key[i] = rows[order[i], c]
        step = np.argsort(key, kind="mergesort")
        order[:] = order[step]


@kernel
def row_runs_kernel(rows, order, first):
    """first[i] = True where row order[i] differs from row order[i - 1]; returns the run count."""
    N, C = rows.shape
    count = 0
    for i in range(N):
        same = i > 0
        if same:
            for c in range(C):
                if rows[order[i], c] != rows[order[i - 1], c]:
                    same = False
                    break
        first[i] = not same
        if not same:
            count += 1
    return count


LINEAR, LOWER, HIGHER, MIDPOINT, NEAREST = range(5)


@kernel
def quantile_ranks_kernel(q, nans, n, nan_ignored, mode, ranks, below, above, weights):
    """For sorted rows of length n with ``nans[i]`` NaNs and quantiles q: the rank q (m - 1) in
    q's dtype (``ranks``; m = n, or the non-NaN count when ``nan_ignored``), n - 1 where the row
    has a NaN (quantile) or the rank is negative (an all-NaN row); the positions read below and
    above it and the interpolation weight for the ``mode`` (nearest rounds half to even)."""
    N, Q = ranks.shape
    for i in range(N):
        for j in range(Q):
            if nan_ignored:
                ranks[i, j] = q[j] * (n - nans[i] - 1)
            else:
                ranks[i, j] = q[j] * (n - 1) if nans[i] == 0 else n - 1
            if ranks[i, j] < 0:
                ranks[i, j] = n - 1
            r = ranks[i, j]
            lo = math.floor(r)
            hi = math.ceil(r)
            if mode == HIGHER:
                lo = hi
            elif mode == NEAREST:
                lo = lo + 1 if r - lo > 0.5 or (r - lo == 0.5 and lo % 2 == 1) else lo
            below[i, j] = lo
            above[i, j] = hi
            weights[i, j] = 0.5 if mode == MIDPOINT else r - lo


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


def kth_select(r, k):
    """(values, indices) of sorted position ``k`` of each row of (N, R) ``r``."""
    values = np.empty(r.shape[0], r.dtype)
    indices = np.empty(r.shape[0], np.int64)
    kth_select_kernel(r, k, values, indices)
    return values, indices


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


def unique_rows(rows, sort):
    """(positions of the first row of each run, inverse, counts) for (N, C) ``rows``: runs of
    equal rows in lexicographic order (``sort``) or as they come."""
    N = rows.shape[0]
    order = np.arange(N, dtype=np.int64)
    if sort and N:
        lexsort_rows_kernel(rows, order)
    first = np.empty(N, np.bool_)
    k = row_runs_kernel(rows, order, first)
    starts = np.empty(k, np.int64)
    counts = np.empty(k, np.int64)
    inverse = np.empty(N, np.int64)
    run_stats_kernel(order, order, first, starts, inverse, counts)
    return starts, inverse, counts


def quantile_ranks(q, nans, n, nan_ignored, mode):
    """(below, above, weights) arrays of shape (len(nans), len(q)); see ``quantile_ranks_kernel``."""
    shape = (nans.shape[0], q.shape[0])
    ranks, weights = np.empty(shape, q.dtype), np.empty(shape, q.dtype)
    below, above = np.empty(shape, np.int64), np.empty(shape, np.int64)
    quantile_ranks_kernel(q, nans, n, nan_ignored, mode, ranks, below, above, weights)
    return below, above, weights


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
