"""topk's selection, made the way PyTorch's CPU topk makes it so that among equal values the
same indices come out (and, with ``sorted=False``, the same order).

PyTorch fills a row of (value, index) pairs and calls the C++ standard library: a partial sort
(heap selection, then a heap sort of the k kept) when 64 k <= n, otherwise an nth-element
selection (introselect: median-of-three quick partitions, insertion sort below 4 elements)
followed, when ``sorted``, by a sort (introsort, insertion sort below 17 elements) of the first
k - 1.  These kernels implement those textbook algorithms in the GNU library's variants on the
arrays ``v`` (values) and ``ix`` (their indices), which always move together; the parameter
named ``largest`` is the order (see ``_before``).  mode sorts the same way (``sort_pairs``).
"""
import numpy as np

from . import kernel


DESCENDING, ASCENDING, PLAIN = 1, 0, 2


@kernel
def _before(a, b, order):
    """Whether a comes before b: DESCENDING (NaN first), ASCENDING (NaN last), or PLAIN a < b
    (NaN then compares equal to everything, as in PyTorch's mode)."""
    if order == DESCENDING:
        return (a != a and b == b) or a > b
    if order == ASCENDING:
        return (a == a and b != b) or a < b
    return a < b


@kernel
def _swap(v, ix, a, b):
    v[a], v[b] = v[b], v[a]
    ix[a], ix[b] = ix[b], ix[a]


@kernel
def _adjust_heap(v, ix, base, hole, length, tv, ti, largest):
    """Sift the hole at ``hole`` of the heap v[base:base+length] down to a leaf, then push (tv, ti) up."""
    top = hole
    second = hole
    while second < (length - 1) // 2:
        second = 2 * (second + 1)
        if _before(v[base + second], v[base + second - 1], largest):
            second -= 1
        v[base + hole], ix[base + hole] = v[base + second], ix[base + second]
        hole = second
    if length % 2 == 0 and second == (length - 2) // 2:
        second = 2 * (second + 1)
        v[base + hole], ix[base + hole] = v[base + second - 1], ix[base + second - 1]
        hole = second - 1
    while hole > top and _before(v[base + (hole - 1) // 2], tv, largest):
        parent = (hole - 1) // 2
        v[base + hole], ix[base + hole] = v[base + parent], ix[base + parent]
        hole = parent
    v[base + hole], ix[base + hole] = tv, ti


@kernel
def _pop_heap(v, ix, base, length, result, largest):
    """Move the heap's top to ``result`` and put what was there into the heap of ``length``."""
    tv, ti = v[result], ix[result]
    v[result], ix[result] = v[base], ix[base]
    _adjust_heap(v, ix, base, 0, length, tv, ti, largest)


@kernel
def _heap_select(v, ix, first, middle, last, largest):
    """Keep in v[first:middle] (as a heap) the middle - first elements that come first."""
    length = middle - first
    if length >= 2:
        parent = (length - 2) // 2
        while True:
            _adjust_heap(v, ix, first, parent, length, v[first + parent], ix[first + parent], largest)
            if parent == 0:
                break
            parent -= 1
    for i in range(middle, last):
        if _before(v[i], v[first], largest):
            _pop_heap(v, ix, first, length, i, largest)


@kernel
def _sort_heap(v, ix, first, last, largest):
    while last - first > 1:
        last -= 1
        _pop_heap(v, ix, first, last - first, last, largest)


@kernel
def _linear_insert(v, ix, i, largest):
    tv, ti = v[i], ix[i]
    j = i
    while j > 0 and _before(tv, v[j - 1], largest):   # (j > 0 only matters for PLAIN with NaN)
        v[j], ix[j] = v[j - 1], ix[j - 1]
        j -= 1
    v[j], ix[j] = tv, ti


@kernel
def _insertion_sort(v, ix, first, last, largest):
    for i in range(first + 1, last):
        if _before(v[i], v[first], largest):
            tv, ti = v[i], ix[i]
            for j in range(i, first, -1):
                v[j], ix[j] = v[j - 1], ix[j - 1]
            v[first], ix[first] = tv, ti
        else:
            _linear_insert(v, ix, i, largest)


@kernel
def _partition_pivot(v, ix, first, last, largest):
    """Median of (first + 1, middle, last - 1) moved to first, then a Hoare partition of
    v[first + 1:last] around it; returns the cut."""
    a, b, c = first + 1, first + (last - first) // 2, last - 1
    if _before(v[a], v[b], largest):
        if _before(v[b], v[c], largest):
            _swap(v, ix, first, b)
        elif _before(v[a], v[c], largest):
            _swap(v, ix, first, c)
        else:
            _swap(v, ix, first, a)
    elif _before(v[a], v[c], largest):
        _swap(v, ix, first, a)
    elif _before(v[b], v[c], largest):
        _swap(v, ix, first, c)
    else:
        _swap(v, ix, first, b)
    lo, hi = first + 1, last
    while True:
        while _before(v[lo], v[first], largest):
            lo += 1
        hi -= 1
        while _before(v[first], v[hi], largest):
            hi -= 1
        if not lo < hi:
            return lo
        _swap(v, ix, lo, hi)
        lo += 1


@kernel
def _log2(n):
    k = 0
    while n > 1:
        n >>= 1
        k += 1
    return k


@kernel
def _nth_element(v, ix, nth, last, largest):
    first = 0
    depth = 2 * _log2(last)
    while last - first > 3:
        if depth == 0:
            _heap_select(v, ix, first, nth + 1, last, largest)
            _swap(v, ix, first, nth)
            return
        depth -= 1
        cut = _partition_pivot(v, ix, first, last, largest)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(v, ix, first, last, largest)


@kernel
def _sort(v, ix, last, largest):
    """Introsort of v[0:last] (ranges over 16 partitioned, a heap sort past the depth limit),
    then the final insertion sort."""
    if last == 0:
        return
    stack = np.empty((2 * _log2(last) + 4, 3), np.int64)
    stack[0, 0], stack[0, 1], stack[0, 2] = 0, last, 2 * _log2(last)
    top = 1
    while top:
        top -= 1
        lo, hi, depth = stack[top, 0], stack[top, 1], stack[top, 2]
        while hi - lo > 16:
            if depth == 0:
                _heap_select(v, ix, lo, hi, hi, largest)
                _sort_heap(v, ix, lo, hi, largest)
                break
            depth -= 1
            cut = _partition_pivot(v, ix, lo, hi, largest)
            stack[top, 0], stack[top, 1], stack[top, 2] = cut, hi, depth
            top += 1
            hi = cut
    if last > 16:
        _insertion_sort(v, ix, 0, 16, largest)
        for i in range(16, last):
            _linear_insert(v, ix, i, largest)
    else:
        _insertion_sort(v, ix, 0, last, largest)


@kernel
def topk_kernel(x, k, largest, sort, values, indices):
    """values[n], indices[n] = the k first of row x[n] in the order ``largest`` picks."""
    N, R = x.shape
    v = np.empty(R, x.dtype)
    ix = np.empty(R, np.int64)
    for n in range(N):
        for r in range(R):
            v[r] = x[n, r]
            ix[r] = r
        if k * 64 <= R:
            _heap_select(v, ix, 0, k, R, largest)
            _sort_heap(v, ix, 0, k, largest)
        else:
            _nth_element(v, ix, k - 1, R, largest)
            if sort:
                _sort(v, ix, k - 1, largest)
        for j in range(k):
            values[n, j] = v[j]
            indices[n, j] = ix[j]


@kernel
def sort_pairs_kernel(x, values, indices):
    """Each row of x sorted as (value, index) pairs by value alone (PLAIN), by the introsort."""
    N, R = x.shape
    v = np.empty(R, x.dtype)
    ix = np.empty(R, np.int64)
    for n in range(N):
        for r in range(R):
            v[r] = x[n, r]
            ix[r] = r
        _sort(v, ix, R, PLAIN)
        for r in range(R):
            values[n, r] = v[r]
            indices[n, r] = ix[r]


def topk(r, k, largest, sort):
    """(values, int64 indices) of shape (N, k) for the (N, R) rows ``r``."""
    values = np.empty((r.shape[0], k), r.dtype)
    indices = np.empty((r.shape[0], k), np.int64)
    if k:
        topk_kernel(r, k, DESCENDING if largest else ASCENDING, sort, values, indices)
    return values, indices


def sort_pairs(r):
    """(values, indices) of the rows of ``r`` sorted as PyTorch's CPU mode sorts them."""
    values = np.empty(r.shape, r.dtype)
    indices = np.empty(r.shape, np.int64)
    if r.size:
        sort_pairs_kernel(r, values, indices)
    return values, indices
