"""Reductions, softmax and friends: values against NumPy on several dtypes, result dtypes,
dims (negative, tuples, keepdim), empty and 0-d inputs, and PyTorch's errors."""
import numpy as np
import pytest

import tinytorch as tt
from conftest import assert_tensor, sample, to_np

f32, f64, i64, i32, u8, b8 = tt.float32, tt.float64, tt.int64, tt.int32, tt.uint8, tt.bool

DIMS = [None, 0, 1, -1, 2, (0, 2), (-1, 0), (0, 1, 2), [1, 2]]


def np_dims(dim):
    return tuple(dim) if isinstance(dim, list) else dim


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8, b8], ids=str)
@pytest.mark.parametrize("dim", DIMS, ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_sum(dtype, dim, keepdim):
    x = sample((2, 3, 4), dtype, 1)
    out = x.sum() if dim is None else x.sum(dim, keepdim=keepdim)
    expected_dtype = dtype if dtype.is_floating_point else i64
    expected = to_np(x).astype(np.float64 if dtype.is_floating_point else np.int64).sum(
        axis=np_dims(dim), keepdims=keepdim and dim is not None)
    assert_tensor(out, expected, expected_dtype, rtol=1e-5)
    assert_tensor(tt.sum(x, dim, keepdim) if dim is not None else tt.sum(x), to_np(out))


@pytest.mark.parametrize("dtype", [f32, f64], ids=str)
@pytest.mark.parametrize("dim", DIMS, ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_mean(dtype, dim, keepdim):
    x = sample((2, 3, 4), dtype, 2)
    out = x.mean() if dim is None else x.mean(dim, keepdim)
    expected = to_np(x).astype(np.float64).mean(axis=np_dims(dim), keepdims=keepdim and dim is not None)
    assert_tensor(out, expected, dtype, rtol=1e-5)


@pytest.mark.parametrize("dim", [None, 0, 1, -1], ids=str)
@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8, b8], ids=str)
def test_prod(dtype, dim):
    x = sample((3, 4), dtype, 3)
    out = x.prod() if dim is None else x.prod(dim)
    expected = to_np(x).astype(np.float64 if dtype.is_floating_point else np.int64).prod(axis=dim)
    assert_tensor(out, expected, dtype if dtype.is_floating_point else i64, rtol=1e-5)


def test_prod_keepdim_and_zeros():
    x = tt.tensor([[1.5, 0.0, -2.0], [0.5, 2.0, 4.0]])
    assert_tensor(x.prod(1, keepdim=True), [[0.0], [4.0]])
    assert_tensor(x.prod(), 0.0)


def test_reduction_dtype_argument():
    assert_tensor(tt.tensor([1, 2]).sum(dtype=f64), 3.0, f64)
    assert_tensor(tt.tensor([1, 2]).mean(dtype=f64), 1.5, f64)
    assert_tensor(tt.tensor([1.7, 2.6]).sum(dtype=i64), 3, i64)          # converted first, then summed
    assert_tensor(tt.tensor([300, 2]).sum(dtype=u8), 46, u8)
    assert_tensor(tt.tensor([1.7, 2.6]).prod(dtype=i64), 2, i64)
    with pytest.raises(RuntimeError, match="mean\\(\\): could not infer output dtype. Input dtype must be either"):
        tt.tensor([1, 2]).mean()
    with pytest.raises(RuntimeError, match="Optional dtype must be either a floating point or complex dtype. Got: Long"):
        tt.tensor([1.0, 2.0]).mean(dtype=i64)


def test_float32_sums_accumulate_accurately():
    assert_tensor(tt.full((100000,), 0.1).sum(), 10000.0, f32, rtol=1e-6)
    assert_tensor(tt.full((3, 1000), 0.1).mean(1), [0.1, 0.1, 0.1], rtol=1e-6)


def test_sum_bool_and_uint8_do_not_overflow():
    assert_tensor(tt.ones(300, dtype=b8).sum(), 300, i64)
    assert_tensor(tt.full((300,), 200, dtype=u8).sum(), 60000, i64)


def test_empty_and_zero_dim_reductions():
    assert_tensor(tt.ones(0, 3).sum(0), [0.0, 0.0, 0.0])
    assert_tensor(tt.ones(0, 3).sum(), 0.0)
    assert_tensor(tt.ones(0, 3).mean(0), [np.nan] * 3)
    assert_tensor(tt.ones(0, 3).mean(), np.nan)
    assert_tensor(tt.ones(0, 3).prod(0), [1.0, 1.0, 1.0])
    assert_tensor(tt.ones(0, 3).sum(1), np.zeros(0))
    assert_tensor(tt.tensor(3.0).sum(0), 3.0)
    assert_tensor(tt.tensor(3.0).sum(-1, keepdim=True), 3.0)
    assert_tensor(tt.tensor(3.0).mean(), 3.0)
    assert_tensor(tt.ones(2, 3).sum(()), 6.0)            # an empty dim list reduces everything
    assert_tensor(tt.ones(2, 3).sum(dim=[0, 1]), 6.0)


@pytest.mark.parametrize("op", ["sum", "mean", "prod", "max", "min", "argmax", "logsumexp", "softmax", "var"])
def test_dim_out_of_range(op):
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of \[-3, 2\], but got 3\)"):
        getattr(tt.ones(2, 3, 4), op)(3)
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of \[-3, 2\], but got -4\)"):
        getattr(tt.ones(2, 3, 4), op)(-4)
    with pytest.raises(IndexError, match=r"expected to be in range of \[-1, 0\], but got 1"):
        getattr(tt.tensor(1.0), op)(1)


def test_repeated_dims_error():
    with pytest.raises(RuntimeError, match="dim 2 appears multiple times in the list of dims"):
        tt.ones(2, 3, 4).sum((-1, 2))


# ---- max / min / amax / argmax -----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8, b8], ids=str)
def test_max_min_all(dtype):
    x = sample((3, 4), dtype, 5)
    assert_tensor(x.max(), to_np(x).max(), dtype)
    assert_tensor(tt.min(x), to_np(x).min(), dtype)
    assert_tensor(x.amax(), to_np(x).max(), dtype)
    assert_tensor(x.amin((0, 1)), to_np(x).min(), dtype)


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8, b8], ids=str)
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_min_dim(dtype, dim, keepdim):
    x = sample((3, 4), dtype, 6)
    arr = to_np(x)
    for name, red, arg in (("max", np.max, np.argmax), ("min", np.min, np.argmin)):
        out = getattr(x, name)(dim, keepdim=keepdim)
        values, indices = out
        assert out.values is values and out.indices is indices
        assert_tensor(values, red(arr, axis=dim, keepdims=keepdim), dtype)
        assert_tensor(indices, arg(arr, axis=dim, keepdims=keepdim), i64)
        assert_tensor(getattr(x, "a" + name)(dim, keepdim), red(arr, axis=dim, keepdims=keepdim), dtype)
        if dtype == b8:   # PyTorch: argmax()/argmin() do not support bool input (max/min(dim) do)
            with pytest.raises(RuntimeError, match=f"^arg{name}\\(\\): does not support bool input$"):
                getattr(x, "arg" + name)(dim, keepdim)
        else:
            assert_tensor(getattr(x, "arg" + name)(dim, keepdim), arg(arr, axis=dim, keepdims=keepdim), i64)


def test_argmax_first_occurrence_and_flat():
    x = tt.tensor([[1.0, 5.0, 5.0], [5.0, 0.0, 1.0]])
    assert_tensor(x.argmax(), 1, i64)
    assert_tensor(x.argmax(keepdim=True), [[1]], i64)
    assert_tensor(x.argmax(0), [1, 0, 0], i64)
    assert_tensor(x.argmin(1), [0, 1], i64)
    assert_tensor(x.max(1).indices, [1, 0], i64)


def test_max_min_nan():
    x = tt.tensor([1.0, np.nan, 3.0])
    assert_tensor(x.max(), np.nan)
    assert_tensor(x.min(), np.nan)
    values, indices = x.max(0)
    assert_tensor(values, np.nan)
    assert_tensor(indices, 1)


def test_max_with_other_tensor_is_maximum():
    assert_tensor(tt.max(tt.tensor([1.0, 4.0]), tt.tensor([3.0, 2.0])), [3.0, 4.0])
    assert_tensor(tt.min(tt.tensor([1.0, 4.0]), tt.tensor([3.0, 2.0])), [1.0, 2.0])


def test_max_zero_dim_and_empty():
    values, indices = tt.tensor(3.0).max(0)
    assert_tensor(values, 3.0)
    assert_tensor(indices, 0)
    assert_tensor(tt.tensor(3.0).max(0, keepdim=True)[0], 3.0)
    values, indices = tt.ones(0, 3).max(1)
    assert values.shape == (0,) and indices.shape == (0,)
    with pytest.raises(RuntimeError, match="max\\(\\): Expected reduction dim to be specified for input.numel\\(\\) == 0"):
        tt.ones(0).max()
    with pytest.raises(IndexError, match="max\\(\\): Expected reduction dim 0 to have non-zero size."):
        tt.ones(0, 3).max(0)
    with pytest.raises(IndexError, match="amax\\(\\): Expected reduction dim 0 to have non-zero size."):
        tt.ones(0, 3).amax(0)
    with pytest.raises(IndexError, match="argmax\\(\\): Expected reduction dim to be specified"):
        tt.ones(0).argmax()


def test_max_return_type_repr():
    out = tt.tensor([[1, 5], [3, 2]]).max(1)
    assert isinstance(out, tuple) and len(out) == 2
    assert repr(out) == ("tinytorch.return_types.max(\nvalues=tensor([5, 3]),\nindices=tensor([1, 0]))")
    assert type(tt.tensor([1.0]).min(0)).__name__ == "min"


# ---- var / std / norm ---------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [f32, f64], ids=str)
@pytest.mark.parametrize("dim", [None, 0, 1, -1, (0, 2)], ids=str)
@pytest.mark.parametrize("correction", [None, 0, 1, 2])
@pytest.mark.parametrize("keepdim", [False, True])
def test_var_std(dtype, dim, correction, keepdim):
    x = sample((3, 4, 5), dtype, 8)
    arr = to_np(x).astype(np.float64)
    ddof = 1 if correction is None else correction
    kw = {} if correction is None else {"correction": correction}
    expected = arr.var(axis=dim, ddof=ddof, keepdims=keepdim)
    assert_tensor(x.var(dim, keepdim=keepdim, **kw), expected, dtype, rtol=1e-5, atol=1e-6)
    assert_tensor(tt.std(x, dim, keepdim=keepdim, **kw), np.sqrt(expected), dtype, rtol=1e-5, atol=1e-6)


def test_var_unbiased_flag_and_degenerate_cases():
    x = tt.tensor([[1.0, 5.0, 2.0], [3.0, -2.0, 0.0]])
    assert_tensor(x.var(1, unbiased=False), to_np(x).var(axis=1), rtol=1e-6)
    assert_tensor(x.var(False), to_np(x).var(), rtol=1e-6)
    assert_tensor(tt.tensor([1.0]).var(), np.nan)                  # N - 1 = 0
    assert_tensor(tt.tensor(1.0).std(), np.nan)
    assert_tensor(tt.ones(0, 3).var(0), [np.nan] * 3)
    assert_tensor(x.std(0, correction=2), [np.inf] * 3)           # max(0, N - 2) = 0
    with pytest.raises(RuntimeError, match="std and var only support floating point and complex dtypes"):
        tt.tensor([1, 2]).var()


@pytest.mark.parametrize("p", [2, 1, 3, 0.5, float("inf"), 0, "fro"], ids=str)
@pytest.mark.parametrize("dim", [None, 0, -1, (0, 1)], ids=str)
@pytest.mark.parametrize("dtype", [f32, f64], ids=str)
def test_norm(p, dim, dtype):
    x = sample((3, 4), dtype, 9)
    x[0, 0] = 0.0
    arr = np.abs(to_np(x).astype(np.float64))
    if p == 0:
        expected = (arr != 0).sum(axis=dim)
    elif p == float("inf"):
        expected = arr.max(axis=dim)
    else:
        q = 2 if p == "fro" else p
        expected = (arr ** q).sum(axis=dim) ** (1 / q)
    assert_tensor(x.norm(p, dim=dim), expected, dtype, rtol=1e-5)
    assert_tensor(tt.norm(x, p, dim, keepdim=True),
                  np.expand_dims(expected, dim if dim is not None else (0, 1)) if dim is not None
                  else np.asarray(expected).reshape(1, 1), rtol=1e-5)


def test_norm_errors_and_empty():
    assert_tensor(tt.ones(0).norm(), 0.0)
    with pytest.raises(RuntimeError, match="linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long"):
        tt.tensor([1, 2]).norm()


# ---- logsumexp / softmax / log_softmax ----------------------------------------------------------

def np_logsumexp(a, axis, keepdims=False):
    m = a.max(axis=axis, keepdims=True)
    out = np.log(np.exp(a - m).sum(axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


@pytest.mark.parametrize("dtype", [f32, f64], ids=str)
@pytest.mark.parametrize("dim", [0, 1, -1, (0, 2)], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_logsumexp(dtype, dim, keepdim):
    x = sample((2, 3, 4), dtype, 10, -50, 50)
    assert_tensor(x.logsumexp(dim, keepdim), np_logsumexp(to_np(x).astype(np.float64), dim, keepdim), dtype,
                  rtol=1e-5)


def test_logsumexp_special_values():
    assert_tensor(tt.tensor([-np.inf, -np.inf]).logsumexp(0), -np.inf)
    assert_tensor(tt.tensor([np.inf, 1.0]).logsumexp(0), np.inf)
    assert_tensor(tt.tensor([1000.0, 1000.0]).logsumexp(0), 1000.0 + np.log(2))
    assert_tensor(tt.tensor([1, 2]).logsumexp(0), np.log(np.e + np.e ** 2), f32)
    assert_tensor(tt.ones(0, 2).logsumexp(0), [-np.inf, -np.inf])


def np_softmax(a, axis):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("dtype", [f32, f64], ids=str)
@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_softmax_log_softmax(dtype, dim):
    x = sample((2, 3, 4), dtype, 11, -30, 30)
    expected = np_softmax(to_np(x).astype(np.float64), dim)
    assert_tensor(x.softmax(dim), expected, dtype, rtol=1e-5, atol=1e-7)
    assert_tensor(tt.softmax(x, dim=dim), expected, dtype, rtol=1e-5, atol=1e-7)
    assert_tensor(x.log_softmax(dim), np.log(expected), dtype, rtol=1e-5, atol=1e-5)
    assert_tensor(tt.log_softmax(x.transpose(0, 2), dim), np.log(np_softmax(to_np(x).astype(np.float64).transpose(2, 1, 0), dim)),
                  rtol=1e-5, atol=1e-5)


def test_softmax_special_cases():
    assert_tensor(tt.tensor([-np.inf, 0.0]).softmax(0), [0.0, 1.0])
    assert_tensor(tt.tensor([1000.0, 0.0]).softmax(0), [1.0, 0.0])
    assert_tensor(tt.tensor(3.0).softmax(0), 1.0)
    assert_tensor(tt.ones(0, 2).softmax(0), np.ones((0, 2)))
    assert_tensor(tt.tensor([1, 2]).softmax(0, dtype=f64), np_softmax(np.array([1.0, 2.0]), 0), f64)
    with pytest.raises(RuntimeError, match="\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"):
        tt.tensor([1, 2]).softmax(0)


def test_reductions_of_expanded_tensors_do_not_copy_them_out():
    # Values recorded with PyTorch 2.13 (tools/record_expanded_reductions.py).
    import tracemalloc
    big = tt.tensor([1.5]).expand(10 ** 7)
    grid = tt.tensor([[1., -2.], [3., 4.]])[:, None, :].expand(2, 10 ** 6, 2)
    for x in (big[:2], grid[:, :2]):                        # compile the kernels outside the measurement
        x.sum(), x.mean(), x.max(), x.sum(1 if x.ndim > 1 else 0), x.min(x.ndim - 1)
    tracemalloc.start()
    try:
        total = big.sum()
        mean = big.mean()
        top = grid.max()
        sums = grid.sum(1)
        mins = grid.min(1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20                                   # the copies would take 40 and 16 MB
    assert total.item() == 15000000.0 and mean.item() == 1.5 and top.item() == 4.0
    assert sums.tolist() == [[1000000.0, -2000000.0], [3000000.0, 4000000.0]]
    assert mins.values.tolist() == [[1.0, -2.0], [3.0, 4.0]] and mins.indices.tolist() == [[0, 0], [0, 0]]


def test_reductions_of_expanded_tensors_match_pytorch():
    x = tt.tensor([[1., 2.], [3., 4.]])[:, None, :].expand(2, 3, 2)
    assert x.sum((0, 2)).tolist() == [10.0, 10.0, 10.0]
    out = x.sum(0, keepdim=True)
    assert out.shape == (1, 3, 2) and out.tolist() == [[[4.0, 6.0]] * 3]
    out.add_(1)                                              # a fresh, writable result
    assert out.tolist() == [[[5.0, 7.0]] * 3]
    assert x.mean(1).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert tt.tensor(2).expand(10 ** 10).sum().item() == 20000000000
    assert tt.tensor([3]).expand(100).prod().item() == -2984622845537545263   # int64 wraps as PyTorch's
    assert abs(tt.tensor([1.01]).expand(100).prod().item() - 2.7048) < 1e-4
    assert abs(tt.tensor([0.1]).expand(10 ** 10).mean().item() - 0.1) < 1e-7
    assert tt.tensor([True, False])[None].expand(5, 2).sum(0).tolist() == [5, 0]
    assert tt.ones(0, 1).expand(0, 4).sum(0).tolist() == [0.0] * 4
