"""A large float GEMM split by rows into one independent BLAS product per thread.

NumPy's ``matmul`` hands a whole product to OpenBLAS, which splits it across its threads and
makes them share packed panels of ``b``: each thread waits for the others' panels at every
step.  On the 2-core machines of this project that scales 86 % at N=256 (177 against 102
GFLOP/s on one thread), and when the hypervisor places the two vCPUs far apart (a cache line
takes 340 instead of 80 ns to go from one to the other) the waiting costs far more: 284 µs per
N=256 product instead of 188 µs.  Here the rows of ``out`` are cut into one block per BLAS
thread instead::

    out[i*h:(i+1)*h] = a[i*h:(i+1)*h] @ b        for i in range(threads)

and the blocks go to OpenBLAS in one ``cblas_?gemm_batch_strided`` call, which runs each
block as a single-threaded product on its own thread.  The threads never wait for each
other; each packs its own copy of ``b`` ((threads - 1) * K * N more copying, 1/M of the work
at two threads).  Measured in one process on the
2-core machine, alternating with ``np.matmul``, N=256: 177 against 188 µs with the vCPUs near,
187 against 284 µs with them far.

Inside a training step the gain is smaller than for a product on its own.  An MLP
784-512-512-10 at batch 512 (four of its products are split) measured 9.60 against 9.43 ms per
step near and 12.7 against 13.6 ms far; splitting W3's smaller and wider products (64 x 784 x
128 and its gradients) lost in both states.  So the split is used only where it was measured to
pay: ``M >= N`` (the duplicated ``b`` is then the smaller operand) and at least
``MIN_BLOCK_MACS`` multiply-adds per block.  That floor also keeps clear of OpenBLAS 0.3.31's
small-matrix path for batches, which crashes (a call through a null function pointer) on
blocks of 10**6 multiply-adds or fewer.  With any other BLAS (MKL, Accelerate, a 32-bit-integer
OpenBLAS, one without the batch call), one BLAS thread, or an operand that is unaligned or
has no unit stride, ``rows_split_pays`` says no and the caller uses ``np.matmul``.  ``benchmarks/README.md`` has
the measurements.
"""
import ctypes
import glob
import os

import numpy as np

#: Fewest multiply-adds per block worth a thread of its own: 4x the largest bound of
#: OpenBLAS's small-matrix kernels (100**3, SkylakeX), at or under which the batch call crashes.
MIN_BLOCK_MACS = 4 * 2 ** 20
_CRASH_BOUND = 10 ** 6

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112
_I64, _PTR = ctypes.c_int64, ctypes.c_void_p


class _OpenBLAS:
    """The entry points used from NumPy's own OpenBLAS.

    Only the 64-bit-integer build NumPy's wheels bundle (``scipy_openblas64_``) is accepted:
    its batch calls take 64-bit sizes.  Raises ``LookupError`` for any other library.
    """

    def __init__(self, lib):
        config = getattr(lib, "scipy_openblas_get_config64_", None)
        threads = getattr(lib, "scipy_openblas_get_num_threads64_", None)
        if config is None or threads is None:
            raise LookupError("not the 64-bit-integer scipy-openblas")
        config.restype, config.argtypes = ctypes.c_char_p, []
        if b"USE64BITINT" not in (config() or b""):
            raise LookupError("not the 64-bit-integer scipy-openblas")
        threads.restype, threads.argtypes = ctypes.c_int, []
        self.threads = threads
        self.gemm = {}
        for dtype, prefix, scalar in ((np.float32, "s", ctypes.c_float), (np.float64, "d", ctypes.c_double)):
            fn = (getattr(lib, f"cblas_{prefix}gemm_batch_strided", None)
                  or getattr(lib, f"scipy_cblas_{prefix}gemm_batch_strided64_", None))
            if fn is not None:
                fn.restype = None
                fn.argtypes = ([ctypes.c_int] * 3 + [_I64] * 3 + [scalar, _PTR, _I64, _I64, _PTR, _I64, _I64,
                                                                  scalar, _PTR, _I64, _I64, _I64])
                self.gemm[np.dtype(dtype)] = fn
        if not self.gemm:
            raise LookupError("no strided batch GEMM in this OpenBLAS")


def _find_numpy_openblas():
    """NumPy's bundled scipy-openblas (wheels on Linux, Windows and Intel macOS), or None."""
    if getattr(np.__config__, "CONFIG", {}).get("Build Dependencies", {}).get("blas", {}).get("name") != "scipy-openblas":
        return None
    here = os.path.dirname(np.__file__)
    for folder in (os.path.join(here, "..", "numpy.libs"), os.path.join(here, ".dylibs")):
        for path in sorted(glob.glob(os.path.join(folder, "*openblas*"))):
            try:
                return _OpenBLAS(ctypes.CDLL(path))
            except (OSError, LookupError):
                continue
    return None


_blas = False   # False: not looked for yet; None: not available


def _library():
    global _blas
    if _blas is False:
        _blas = _find_numpy_openblas()
    return _blas


def _layout(x):
    """(transpose flag, leading dimension, elements from one row to the next) of an aligned
    2-D array with a unit stride along one axis and whole-element strides; None otherwise."""
    if x.strides[0] % x.itemsize or x.strides[1] % x.itemsize or not x.flags.aligned:
        return None
    s0, s1 = x.strides[0] // x.itemsize, x.strides[1] // x.itemsize
    if s1 == 1 and s0 >= x.shape[1]:
        return _NO_TRANS, s0, s0
    if s0 == 1 and s1 >= x.shape[0]:
        return _TRANS, s1, 1
    return None


def rows_split_pays(a, b):
    """Whether ``gemm_rows`` should compute ``a @ b`` for 2-D float ``a`` (M, K), ``b`` (K, N)
    of the same dtype: returns the thread count to split over, or 0."""
    M, K = a.shape
    N = b.shape[1]
    if M < N or (M // 2) * N * K < MIN_BLOCK_MACS:
        return 0
    blas = _library()
    if blas is None or a.dtype not in blas.gemm:
        return 0
    threads = blas.threads()
    if threads < 2 or (M // threads) * N * K < MIN_BLOCK_MACS:
        return 0
    if _layout(a) is None or _layout(b) is None:
        return 0
    return threads


def gemm_rows(a, b, threads):
    """``a @ b`` as ``threads`` row blocks, one single-threaded BLAS product each.

    ``a`` (M, K) and ``b`` (K, N): one dtype, float32 or float64, each accepted by ``_layout``,
    with more than 10**6 multiply-adds per block (OpenBLAS's batch call crashes on smaller
    blocks); anything else raises ``ValueError`` before BLAS is called.  Returns a new
    C-contiguous (M, N) array.
    """
    M, K = a.shape
    N = b.shape[1]
    layout_a, layout_b = _layout(a), _layout(b)
    if a.dtype != b.dtype or b.shape[0] != K or layout_a is None or layout_b is None:
        raise ValueError(f"gemm_rows: cannot multiply {a.dtype} {a.shape} by {b.dtype} {b.shape} "
                         f"with strides {a.strides} and {b.strides}")
    h = M // threads
    if h * N * K <= _CRASH_BOUND:
        raise ValueError(f"gemm_rows: blocks of {h} x {N} x {K} are too small to split")
    gemm = _library().gemm[a.dtype]
    trans_a, lda, row_step = layout_a
    trans_b, ldb, _ = layout_b
    out = np.empty((M, N), a.dtype)
    gemm(_ROW_MAJOR, trans_a, trans_b, h, N, K, 1.0, a.ctypes.data, lda, h * row_step,
         b.ctypes.data, ldb, 0, 0.0, out.ctypes.data, N, h * N, threads)
    if h * threads < M:   # the last M % threads rows
        np.matmul(a[h * threads:], b, out=out[h * threads:])
    return out
