"""The row-split GEMM (``kernels.blas_rows``): when it is chosen, and that its blocks add up to
the same product as ``np.matmul`` for every operand layout, both float dtypes, and row counts
that do not divide evenly."""
import numpy as np
import pytest

import tinytorch as tt
from tinytorch.kernels import blas_rows
from tinytorch.kernels.matmul import matmul as kernel_matmul

NUMPY_HAS_OPENBLAS = (getattr(np.__config__, "CONFIG", {}).get("Build Dependencies", {}).get("blas", {}).get("name")
                      == "scipy-openblas")


def _padded(x):
    """A view of x inside wider rows: leading dimension bigger than the row length."""
    parent = np.zeros((x.shape[0], x.shape[1] + 7), x.dtype)
    parent[:, :x.shape[1]] = x
    return parent[:, :x.shape[1]]


def _padded_transposed(x):
    """A transposed view of x inside a wider parent: column-major, leading dimension > rows."""
    parent = np.zeros((x.shape[1], x.shape[0] + 5), x.dtype)
    parent[:, :x.shape[0]] = x.T
    return parent[:, :x.shape[0]].T


LAYOUTS = {"C": lambda x: x, "F": np.asfortranarray, "T-view": lambda x: np.ascontiguousarray(x.T).T,
           "padded": _padded, "T-padded": _padded_transposed}


def _operands(M, K, N, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((M, K)).astype(dtype), rng.standard_normal((K, N)).astype(dtype)


def test_numpy_openblas_is_found_when_numpy_uses_it():
    """The wheels of NumPy 2 bundle scipy-openblas; with another BLAS the split is never used."""
    lib = blas_rows._library()
    if NUMPY_HAS_OPENBLAS:
        assert lib is not None and set(lib.gemm) == {np.dtype(np.float32), np.dtype(np.float64)}
        assert lib.threads() >= 1
    else:
        assert lib is None
        assert blas_rows.rows_split_pays(*_operands(512, 512, 512, np.float32)) == 0


def test_a_library_without_the_64_bit_openblas_entry_points_is_refused():
    """Only NumPy's 64-bit-integer scipy-openblas is called (its batch calls take 64-bit sizes)."""
    import ctypes
    with pytest.raises(LookupError):
        blas_rows._OpenBLAS(ctypes.pythonapi)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("threads", [2, 3])
@pytest.mark.parametrize("layout_a", sorted(LAYOUTS))
@pytest.mark.parametrize("layout_b", sorted(LAYOUTS))
@pytest.mark.parametrize("M,K,N", [(256, 256, 256), (301, 160, 150)])
def test_gemm_rows_matches_numpy(M, K, N, layout_a, layout_b, threads, dtype):
    if not NUMPY_HAS_OPENBLAS:   # gemm_rows needs NumPy's bundled OpenBLAS, and is then never chosen
        assert blas_rows._library() is None
        return
    a, b = _operands(M, K, N, dtype)
    a, b = LAYOUTS[layout_a](a), LAYOUTS[layout_b](b)
    out = blas_rows.gemm_rows(a, b, threads)
    assert out.shape == (M, N) and out.dtype == dtype and out.flags.c_contiguous
    reference = a.astype(np.float64) @ b.astype(np.float64)
    tol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, reference, rtol=tol, atol=tol * np.abs(reference).max())


class FakeBLAS:
    """Stands in for the library in ``rows_split_pays``: both dtypes, a chosen thread count."""
    gemm = {np.dtype(np.float32): None, np.dtype(np.float64): None}
    thread_count = 2

    @classmethod
    def threads(cls):
        return cls.thread_count


def test_split_is_chosen_only_for_large_tall_or_square_products(monkeypatch):
    monkeypatch.setattr(blas_rows, "_blas", FakeBLAS)
    pays = blas_rows.rows_split_pays
    assert pays(*_operands(256, 256, 256, np.float32)) == 2
    assert pays(*_operands(1200, 64, 128, np.float64)) == 2
    assert pays(*_operands(128, 256, 256, np.float32)) == 0          # fewer rows than columns
    assert pays(*_operands(128, 128, 128, np.float32)) == 0          # 1M multiply-adds per block: too small
    a, b = _operands(256, 256, 256, np.float32)
    assert pays(a[:, ::2], b[::2]) == 0                              # no unit stride
    assert pays(a.astype(np.float16), b.astype(np.float16)) == 0     # no float16 GEMM in BLAS
    monkeypatch.setattr(FakeBLAS, "thread_count", 1)
    assert pays(a, b) == 0                                           # one BLAS thread: nothing to split
    a, b = _operands(300, 200, 200, np.float32)                      # 150 rows per block: 6M multiply-adds
    monkeypatch.setattr(FakeBLAS, "thread_count", 2)
    assert pays(a, b) == 2
    monkeypatch.setattr(FakeBLAS, "thread_count", 4)                 # 75 rows per block: 3M, too small
    assert pays(a, b) == 0


def _structured_field(x):
    """x as a field of a structured array: strides of 5 bytes per float32, not whole elements."""
    records = np.zeros(x.shape, dtype=[("x", x.dtype), ("flag", np.uint8)])
    records["x"] = x
    return records["x"]


def _unaligned(x):
    """x copied into a buffer at a 2-byte offset: a float32 array that is not aligned."""
    buffer = np.zeros(x.nbytes + 2, np.uint8)
    view = np.frombuffer(buffer.data, dtype=x.dtype, count=x.size, offset=2).reshape(x.shape)
    view[...] = x
    return view


def _overlapping_rows(x):
    """A (M, K) view whose rows overlap: row stride smaller than the row length."""
    return np.lib.stride_tricks.as_strided(x, shape=x.shape, strides=(x.itemsize * (x.shape[1] // 2), x.itemsize))


@pytest.mark.parametrize("odd", [_structured_field, _unaligned, _overlapping_rows])
def test_unusual_strides_are_not_split_and_still_multiply_right(odd, monkeypatch):
    monkeypatch.setattr(blas_rows, "_blas", FakeBLAS)
    a, b = _operands(300, 256, 256, np.float32, seed=6)
    a = odd(a)
    assert blas_rows._layout(a) is None
    assert blas_rows.rows_split_pays(a, b) == 0
    monkeypatch.undo()
    expected = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(kernel_matmul(a, b, np.dtype(np.float32)), expected, rtol=1e-4,
                               atol=1e-4 * np.abs(expected).max())


def test_gemm_rows_refuses_what_blas_would_misread():
    """Checked before OpenBLAS runs: a mismatch would make it read past the end of b."""
    a, b = _operands(512, 512, 512, np.float32)
    with pytest.raises(ValueError, match="cannot multiply"):
        blas_rows.gemm_rows(a, b[:412], 2)
    with pytest.raises(ValueError, match="cannot multiply"):
        blas_rows.gemm_rows(a.astype(np.float64), b, 2)
    with pytest.raises(ValueError, match="cannot multiply"):
        blas_rows.gemm_rows(a[:, ::2], b[::2], 2)
    with pytest.raises(ValueError, match="too small"):
        blas_rows.gemm_rows(*_operands(100, 100, 100, np.float32), 1)


def test_matmul_and_its_gradients_through_the_split(monkeypatch):
    """Forward and backward of products big enough to split, against float64 NumPy, with the
    BLAS thread count fixed at 2 (the test machine's core count must not decide it)."""
    if not NUMPY_HAS_OPENBLAS:
        assert blas_rows._library() is None
        return

    class TwoThreads:
        gemm = blas_rows._library().gemm

        @staticmethod
        def threads():
            return 2

    calls = []
    real = blas_rows.gemm_rows

    def counting(a, b, threads):
        calls.append((a.shape, b.shape))
        return real(a, b, threads)

    monkeypatch.setattr(blas_rows, "_blas", TwoThreads)
    monkeypatch.setattr("tinytorch.kernels.matmul.gemm_rows", counting)
    a_np, b_np = _operands(300, 256, 250, np.float64, seed=3)
    a = tt.tensor(a_np, requires_grad=True)
    b = tt.tensor(b_np, requires_grad=True)
    out = a @ b
    np.testing.assert_allclose(out.detach().numpy(), a_np @ b_np, rtol=1e-12, atol=1e-10)
    g = np.random.default_rng(4).standard_normal((300, 250))
    out.backward(tt.tensor(g))
    np.testing.assert_allclose(a.grad.numpy(), g @ b_np.T, rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(b.grad.numpy(), a_np.T @ g, rtol=1e-12, atol=1e-10)
    # forward, then the gradient of a (g @ b.T) and of b (a.T @ g): all three were split
    assert calls == [((300, 256), (256, 250)), ((300, 250), (250, 256)), ((256, 300), (300, 250))]


def test_kernel_matmul_result_is_the_same_either_way():
    a, b = _operands(384, 200, 320, np.float32, seed=5)
    np.testing.assert_allclose(kernel_matmul(a, b, np.dtype(np.float32)), a @ b, rtol=1e-5, atol=1e-4)
