"""Shape ops (views and copies) and indexing: values against NumPy, view semantics (shared
memory), dtypes, and PyTorch's errors for bad shapes and indices."""
import numpy as np
import pytest

import tinytorch as tt
from conftest import ALL_DTYPES, assert_tensor, sample, to_np

f32, f64, i64, i32, u8, b8 = tt.float32, tt.float64, tt.int64, tt.int32, tt.uint8, tt.bool


def arange3():
    return tt.arange(24).reshape(2, 3, 4)


A = np.arange(24).reshape(2, 3, 4)

# ---- shape ops ------------------------------------------------------------------------------

SHAPE_CASES = [
    ("view", lambda x: x.view(4, 6), lambda a: a.reshape(4, 6)),
    ("view_tuple", lambda x: x.view((3, -1)), lambda a: a.reshape(3, -1)),
    ("view_-1", lambda x: x.view(-1), lambda a: a.reshape(-1)),
    ("reshape", lambda x: tt.reshape(x, (6, -1)), lambda a: a.reshape(6, -1)),
    ("reshape_nc", lambda x: x.transpose(0, 2).reshape(4, 6), lambda a: a.transpose(2, 1, 0).reshape(4, 6)),
    ("flatten", lambda x: x.flatten(), lambda a: a.reshape(-1)),
    ("flatten_1", lambda x: x.flatten(1), lambda a: a.reshape(2, 12)),
    ("flatten_0_1", lambda x: tt.flatten(x, 0, 1), lambda a: a.reshape(6, 4)),
    ("unflatten", lambda x: x.unflatten(2, (2, -1)), lambda a: a.reshape(2, 3, 2, 2)),
    ("permute", lambda x: x.permute(2, 0, 1), lambda a: a.transpose(2, 0, 1)),
    ("permute_tuple", lambda x: x.permute((-1, 0, 1)), lambda a: a.transpose(2, 0, 1)),
    ("transpose", lambda x: x.transpose(0, -1), lambda a: a.swapaxes(0, 2)),
    ("T", lambda x: x.T, lambda a: a.T),
    ("mT", lambda x: x.mT, lambda a: a.swapaxes(-1, -2)),
    ("t", lambda x: x[0].t(), lambda a: a[0].T),
    ("squeeze", lambda x: x[:, :1, None].squeeze(), lambda a: a[:, :1, None].squeeze()),
    ("squeeze_dim", lambda x: x[:, :1].squeeze(1), lambda a: a[:, :1].squeeze(1)),
    ("squeeze_dims", lambda x: x[:1, :1].squeeze((0, 1)), lambda a: a[:1, :1].squeeze((0, 1))),
    ("squeeze_not_1", lambda x: x.squeeze(1), lambda a: a),
    ("unsqueeze", lambda x: x.unsqueeze(1), lambda a: a[:, None]),
    ("unsqueeze_neg", lambda x: x.unsqueeze(-1), lambda a: a[..., None]),
    ("expand", lambda x: x[:, :1].expand(2, 5, 4), lambda a: np.broadcast_to(a[:, :1], (2, 5, 4))),
    ("expand_-1", lambda x: x[:, :1].expand(3, -1, 2, -1), lambda a: np.broadcast_to(a[:, :1], (3, 2, 2, 4))),
    ("expand_as", lambda x: x[0, 0].expand_as(x), lambda a: np.broadcast_to(a[0, 0], (2, 3, 4))),
    ("cat", lambda x: tt.cat([x, x[:, :1]], 1), lambda a: np.concatenate([a, a[:, :1]], 1)),
    ("cat_neg", lambda x: tt.cat((x, x), dim=-1), lambda a: np.concatenate([a, a], -1)),
    ("cat_skips_empty_1d", lambda x: tt.cat([x, tt.zeros(0, dtype=x.dtype)]), lambda a: a),
    ("stack", lambda x: tt.stack([x, x.clone()]),
     lambda a: np.stack([a, a])),
    ("stack_last", lambda x: tt.stack([x, x], -1), lambda a: np.stack([a, a], -1)),
    ("clone", lambda x: x.clone(), lambda a: a.copy()),
    ("contiguous", lambda x: x.transpose(0, 1).contiguous(), lambda a: a.swapaxes(0, 1)),
]


@pytest.mark.parametrize("fn,np_fn", [c[1:] for c in SHAPE_CASES], ids=[c[0] for c in SHAPE_CASES])
@pytest.mark.parametrize("dtype", [f32, i64, b8], ids=str)
def test_shape_ops_match_numpy(fn, np_fn, dtype):
    x = arange3().to(dtype)
    assert_tensor(fn(x), np_fn(A.astype(dtype.np)), dtype)


def test_views_share_memory():
    x = tt.zeros(2, 3, 4)
    for v in (x.view(6, 4), x.reshape(-1), x.permute(2, 1, 0), x.transpose(0, 1), x[1], x[:, 1:], x.unsqueeze(0),
              x[:, :1].squeeze(1), x.flatten(), x.T, x[..., ::2], x[None]):
        v.fill_(1.0)
        assert to_np(x).sum() > 0
        x.zero_()


def test_copies_do_not_share_memory():
    x = tt.zeros(2, 3)
    for c in (x.clone(), x.t().reshape(6), tt.cat([x, x]), tt.stack([x]), x[tt.tensor([0, 1])], x[x == 0]):
        c.fill_(1.0)
        assert to_np(x).sum() == 0


def test_contiguity():
    x = tt.ones(3, 4)
    assert x.is_contiguous()
    assert not x.t().is_contiguous()
    assert x.t().contiguous().is_contiguous()
    assert x.contiguous() is x
    assert x.t().stride() == (1, 4)
    assert x.stride(0) == 4


SHAPE_ERRORS = [
    (lambda: arange3().transpose(0, 1).view(-1), RuntimeError,
     "view size is not compatible with input tensor's size and stride (at least one dimension spans across two "
     "contiguous subspaces). Use .reshape(...) instead."),
    (lambda: arange3().view(-1, -1), RuntimeError, "only one dimension can be inferred"),
    (lambda: arange3().view(5, 5), RuntimeError, "shape '[5, 5]' is invalid for input of size 24"),
    (lambda: arange3().view(5, -1), RuntimeError, "shape '[5, -1]' is invalid for input of size 24"),
    (lambda: arange3().view(-2, 12), RuntimeError, "invalid shape dimension -2 at index 0 of shape [-2, 12]"),
    (lambda: tt.ones(0, 3).view(-1, 0), RuntimeError,
     "cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any "
     "value and is ambiguous"),
    (lambda: arange3().permute(0, 1), RuntimeError,
     "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired "
     "ordering of dimensions i.e. input.dim() = 3 is not equal to len(dims) = 2"),
    (lambda: arange3().permute(0, 1, 1), RuntimeError, "permute(): duplicate dims are not allowed."),
    (lambda: arange3().t(), RuntimeError, "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    (lambda: arange3().transpose(0, 3), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
    (lambda: arange3().squeeze(3), IndexError, "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
    (lambda: arange3().unsqueeze(4), IndexError,
     "Dimension out of range (expected to be in range of [-4, 3], but got 4)"),
    (lambda: tt.ones(2, 1).expand(3, 4), RuntimeError,
     "The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  "
     "Target sizes: [3, 4].  Tensor sizes: [2, 1]"),
    (lambda: tt.ones(2, 1).expand(4), RuntimeError,
     "expand(tinytorch.FloatTensor{[2, 1]}, size=[4]): the number of sizes provided (1) must be greater or equal to "
     "the number of dimensions in the tensor (2)"),
    (lambda: tt.ones(2, 1).expand(-1, 2, 1), RuntimeError,
     "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0"),
    (lambda: tt.cat([tt.ones(2, 1), tt.zeros(3, 3)], 1), RuntimeError,
     "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the "
     "list."),
    (lambda: tt.cat([tt.ones(2, 1), tt.zeros(3)], 1), RuntimeError,
     "Tensors must have same number of dimensions: got 2 and 1"),
    (lambda: tt.cat([tt.tensor(1.0), tt.tensor(2.0)]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
    (lambda: tt.cat([tt.ones(2)], 1), IndexError, "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    (lambda: tt.stack([tt.ones(2), tt.zeros(3)]), RuntimeError,
     "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"),
    (lambda: tt.stack([tt.ones(2)], 2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda: tt.cat([]), ValueError, "torch.cat(): expected a non-empty list of Tensors"),
    (lambda: tt.cat(tt.ones(2)), TypeError, "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"),
]


@pytest.mark.parametrize("fn,exc,msg", SHAPE_ERRORS)
def test_shape_errors(fn, exc, msg):
    with pytest.raises(exc) as e:
        fn()
    assert str(e.value) == msg


def test_size_arguments():
    assert tt.ones(2, 3).view(tt.Size([3, 2])).shape == (3, 2)
    assert tt.ones(2, 3).view([6]).shape == (6,)
    assert tt.ones(6).view(tt.tensor(2), 3).shape == (2, 3)
    assert tt.tensor(3.0).reshape(1, 1).shape == (1, 1)
    assert tt.tensor(3.0).flatten().shape == (1,)
    assert tt.tensor(3.0).t().shape == ()
    assert tt.tensor(3.0).transpose(0, -1).shape == ()
    assert tt.ones(0, 3).view(-1).shape == (0,)


# ---- getitem ---------------------------------------------------------------------------------

def _i(*v, dtype=tt.int64):
    return tt.tensor(list(v), dtype=dtype)


GETITEM = [
    ("int", lambda x: x[1], lambda a: a[1]),
    ("neg_int", lambda x: x[-1, -2], lambda a: a[-1, -2]),
    ("all_ints", lambda x: x[1, 2, 3], lambda a: a[1, 2, 3]),
    ("slice", lambda x: x[:, 1:], lambda a: a[:, 1:]),
    ("slice_steps", lambda x: x[:, ::2, 1::3], lambda a: a[:, ::2, 1::3]),
    ("slice_neg_bounds", lambda x: x[..., -3:-1], lambda a: a[..., -3:-1]),
    ("slice_out_of_range", lambda x: x[5:10], lambda a: a[5:10]),
    ("slice_clamped", lambda x: x[:, -10:10], lambda a: a[:, -10:10]),
    ("none", lambda x: x[None, ..., None, 0], lambda a: a[None, ..., None, 0]),
    ("ellipsis", lambda x: x[..., 1], lambda a: a[..., 1]),
    ("ellipsis_middle", lambda x: x[0, ..., 1], lambda a: a[0, ..., 1]),
    ("mask", lambda x: x[x > 10], lambda a: a[a > 10]),
    ("mask_none_true", lambda x: x[x > 100], lambda a: a[a > 100]),
    ("mask_dim", lambda x: x[:, _i(True, False, True, dtype=tt.bool)], lambda a: a[:, [True, False, True]]),
    ("mask_2d", lambda x: x[tt.tensor([[True, False, True], [False, False, True]])],
     lambda a: a[np.array([[True, False, True], [False, False, True]])]),
    ("uint8_mask", lambda x: x[_i(1, 0, dtype=tt.uint8)], lambda a: a[np.array([True, False])]),
    ("long", lambda x: x[_i(1, 1, 0)], lambda a: a[[1, 1, 0]]),
    ("long_neg", lambda x: x[_i(-1, -2)], lambda a: a[[-1, -2]]),
    ("long_2d", lambda x: x[tt.tensor([[0, 1], [1, 1]])], lambda a: a[np.array([[0, 1], [1, 1]])]),
    ("long_pair", lambda x: x[_i(1, 0), :, _i(3, 2)], lambda a: a[[1, 0], :, [3, 2]]),
    ("long_adjacent", lambda x: x[:, _i(2, 0), _i(3, 2)], lambda a: a[:, [2, 0], [3, 2]]),
    ("long_broadcast", lambda x: x[_i(0, 1)[:, None], _i(2, 0, 1)], lambda a: a[np.array([[0], [1]]), [2, 0, 1]]),
    ("int32", lambda x: x[_i(0, 1, dtype=tt.int32)], lambda a: a[[0, 1]]),
    ("list", lambda x: x[[0, 1, 1]], lambda a: a[[0, 1, 1]]),
    ("0d_long", lambda x: x[tt.tensor(1)], lambda a: a[1]),
    ("0d_bool", lambda x: x[tt.tensor(True)], lambda a: a[None]),
    ("true", lambda x: x[True], lambda a: a[None]),
    ("false", lambda x: x[False], lambda a: a[None][:0]),
    ("empty_long", lambda x: x[tt.tensor([], dtype=tt.int64)], lambda a: a[np.array([], dtype=np.int64)]),
    ("empty_list", lambda x: x[[]], lambda a: a[np.array([], dtype=np.int64)]),
    ("mixed", lambda x: x[1:, _i(0, 2), 3], lambda a: a[1:, [0, 2], 3]),
    ("non_contiguous_source", lambda x: x.transpose(0, 2)[_i(3, 0)][:, 1], lambda a: a.transpose(2, 1, 0)[[3, 0]][:, 1]),
    ("chained", lambda x: x[1][2][::2], lambda a: a[1][2][::2]),
]


@pytest.mark.parametrize("fn,np_fn", [c[1:] for c in GETITEM], ids=[c[0] for c in GETITEM])
@pytest.mark.parametrize("dtype", [f32, i64, u8], ids=str)
def test_getitem_matches_numpy(fn, np_fn, dtype):
    x = arange3().to(dtype)
    assert_tensor(fn(x), np_fn(A.astype(dtype.np)), dtype)


def test_getitem_zero_dim_and_empty():
    assert_tensor(tt.tensor(5)[()], 5)
    assert tt.tensor(5)[None].shape == (1,)
    assert tt.tensor(5)[...].shape == ()
    assert tt.ones(0, 3)[:, 1].shape == (0,)
    assert tt.ones(0, 3)[tt.ones(0, 3) > 0].shape == (0,)


INDEX_ERRORS = [
    (lambda x: x[2], IndexError, "index 2 is out of bounds for dimension 0 with size 2"),
    (lambda x: x[-3], IndexError, "index -3 is out of bounds for dimension 0 with size 2"),
    (lambda x: x[0, 5], IndexError, "index 5 is out of bounds for dimension 1 with size 3"),
    (lambda x: x[:, :, 4], IndexError, "index 4 is out of bounds for dimension 2 with size 4"),
    # an index beyond int64 fails in PyTorch 2.13's argument parser, before the bounds check
    (lambda x: x[10 ** 20], ValueError, "Overflow when unpacking long long"),
    (lambda x: x[-10 ** 20], ValueError, "Overflow when unpacking long long"),
    (lambda x: x[2 ** 63 - 1], IndexError, "index 9223372036854775807 is out of bounds for dimension 0 with size 2"),
    (lambda x: x[0, 0, 0, 0], IndexError, "too many indices for tensor of dimension 3"),
    (lambda x: x[..., 0, 0, 0, 0], IndexError, "too many indices for tensor of dimension 3"),
    (lambda x: x[_i(0, 5)], IndexError, "index 5 is out of bounds for dimension 0 with size 2"),
    (lambda x: x[:, _i(-4)], IndexError, "index -4 is out of bounds for dimension 1 with size 3"),
    (lambda x: x[[0, 5]], IndexError, "index 5 is out of bounds for dimension 0 with size 2"),
    (lambda x: x[tt.tensor([1.0, 0.0])], IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda x: x[tt.tensor(0.0)], IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda x: x[1.5], IndexError,
     "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)"),
    (lambda x: x["a"], TypeError, "new(): invalid data type 'str'"),   # PyTorch 2.13 reads a str as tensor data
    (lambda x: x[::-1], ValueError, "step must be greater than zero"),
    (lambda x: x[:, ::0], ValueError, "slice step cannot be zero"),   # PyTorch 2.13
    (lambda x: tt.tensor(5)[0], IndexError,
     "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim "
     "tensor to a number"),
    (lambda x: tt.ones(0)[0], IndexError, "index 0 is out of bounds for dimension 0 with size 0"),
]


@pytest.mark.parametrize("fn,exc,msg", INDEX_ERRORS)
def test_index_errors(fn, exc, msg):
    with pytest.raises(exc) as e:
        fn(arange3())
    assert str(e.value) == msg


def test_bad_mask_shape_is_index_error():
    with pytest.raises(IndexError):
        arange3()[:, tt.tensor([True, False])]
    with pytest.raises(IndexError):
        arange3()[tt.ones(3, 3, dtype=tt.bool)]


def test_basic_index_is_a_view_and_advanced_a_copy():
    x = tt.zeros(3, 4)
    x[1:][::2, 1].fill_(5.0)
    assert to_np(x)[1, 1] == 5.0
    x[tt.tensor([0, 0])].fill_(7.0)
    assert to_np(x)[0].sum() == 0.0


# ---- setitem ---------------------------------------------------------------------------------

SETITEM = [
    ("int", (0, 1), 100, lambda a: a.__setitem__((0, 1), 100)),
    ("slice_broadcast", (slice(None), 1), tt.tensor([9, 8, 7, 6]), lambda a: a.__setitem__((slice(None), 1), [9, 8, 7, 6])),
    ("step", (Ellipsis, slice(None, None, 2)), -1, lambda a: a.__setitem__((Ellipsis, slice(None, None, 2)), -1)),
    ("mask", None, 0, None),
    ("long", tt.tensor([1, 0]), tt.tensor(3), lambda a: a.__setitem__(np.array([1, 0]), 3)),
    ("none", (None, 0), 4, lambda a: a.__setitem__((None, 0), 4)),
    ("leading_ones", 0, tt.ones(1, 1, 4, dtype=tt.int64), lambda a: a.__setitem__(0, 1)),
]


@pytest.mark.parametrize("index,value,np_set", [c[1:] for c in SETITEM], ids=[c[0] for c in SETITEM])
def test_setitem_matches_numpy(index, value, np_set):
    x, a = arange3(), A.copy()
    if index is None:  # mask case
        x[x > 5] = value
        a[a > 5] = value
    else:
        x[index] = value
        np_set(a)
    assert_tensor(x, a, i64)


def test_setitem_casts_to_destination_dtype():
    x = tt.zeros(3, dtype=tt.int64)
    x[0] = 2.7
    x[1] = tt.tensor(3.9)
    x[2] = True
    assert_tensor(x, [2, 3, 1], i64)
    y = tt.zeros(2)
    y[:] = tt.tensor([1, 2])
    assert_tensor(y, [1.0, 2.0], f32)


def test_setitem_through_view_and_version():
    x = tt.zeros(2, 3)
    row = x[1]
    v = x._vc[0]
    row[1:] = 4.0
    assert_tensor(x, [[0, 0, 0], [0, 4, 4]])
    assert x._vc[0] > v


def test_setitem_errors():
    x = tt.ones(3, 4)
    with pytest.raises(RuntimeError) as e:
        x[0] = tt.ones(2)
    assert str(e.value) == ("The expanded size of the tensor (4) must match the existing size (2) at non-singleton "
                            "dimension 0.  Target sizes: [4].  Tensor sizes: [2]")
    with pytest.raises(RuntimeError) as e:
        x[0] = tt.ones(2, 4)
    assert str(e.value) == ("expand(tinytorch.FloatTensor{[2, 4]}, size=[4]): the number of sizes provided (1) must "
                            "be greater or equal to the number of dimensions in the tensor (2)")
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 3"):
        x[5] = 1.0
    with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool tensors"):
        x[tt.tensor([0.0])] = 1.0


# ---- dtype conversion ----------------------------------------------------------------------

@pytest.mark.parametrize("src", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("dst", ALL_DTYPES, ids=str)
def test_to_dtype(src, dst):
    x = sample((3, 4), src, 12)
    y = x.to(dst)
    assert y.dtype is dst
    assert_tensor(y, to_np(x).astype(dst.np), dst)
    if src is dst:
        assert y is x


def test_conversion_methods():
    x = tt.tensor([1.7, -1.7, 0.0])
    assert_tensor(x.int(), [1, -1, 0], i32)
    assert_tensor(x.long(), [1, -1, 0], i64)
    assert_tensor(x.bool(), [True, True, False], b8)
    assert_tensor(x.double(), [1.7, -1.7, 0.0], f64, rtol=1e-7)
    assert_tensor(tt.tensor([1, 2]).float(), [1.0, 2.0], f32)
    assert_tensor(tt.tensor([-1, 256]).to(tt.uint8), [255, 0], u8)
    assert_tensor(tt.tensor([-1, 256]).byte(), [255, 0], u8)
    assert x.to(float).dtype is f32 and x.to(int).dtype is i64 and x.to(bool).dtype is b8
    assert x.to("cpu") is x
    assert x.to(tt.tensor([1], dtype=tt.int32)).dtype is i32
    assert x.to(dtype=tt.float64).dtype is f64
    assert x.type() == "tinytorch.FloatTensor"
    assert x.type(tt.int64).type() == "tinytorch.LongTensor"


@pytest.mark.parametrize("make,strides,contiguous", [
    (lambda: tt.ones(3, 1, 4), (4, 4, 1), True),
    (lambda: tt.ones(0, 3), (3, 1), True),
    (lambda: tt.ones(3, 0, 2), (2, 2, 1), True),
    (lambda: tt.zeros(0), (1,), True),
    (lambda: tt.ones(2, 3)[None], (6, 3, 1), True),
    (lambda: tt.ones(2, 3)[:, None], (3, 3, 1), True),
    (lambda: tt.ones(2, 3)[:, :, None], (3, 1, 1), True),
    (lambda: tt.ones(2, 3).unsqueeze(1), (3, 3, 1), True),
    (lambda: tt.ones(2, 3).t().unsqueeze(1), (1, 6, 3), False),
    (lambda: tt.ones(3).expand(1, 3), (3, 1), True),
    (lambda: tt.ones(3).expand(2, 1, 3), (0, 3, 1), False),
    (lambda: tt.ones(4, 3)[4:], (3, 1), True),
    (lambda: tt.ones(4, 3).t()[:, 4:], (1, 3), True),
    (lambda: tt.ones(3, 4)[:, 1:2], (4, 1), False),
    (lambda: tt.arange(6.).view(1, 6)[:, ::2], (6, 2), False),
])
def test_strides_match_pytorch(make, strides, contiguous):
    """PyTorch 2.13's strides for these views, including size-1 and empty dimensions."""
    x = make()
    assert x.stride() == strides and x.is_contiguous() == contiguous
    assert tuple(x.stride(d) for d in range(x.dim())) == strides


def test_select_is_a_view_without_the_dimension_with_pytorchs_errors():
    """Messages and node printed by PyTorch 2.13.0 for the same calls."""
    x = tt.arange(6.0).reshape(2, 3).requires_grad_()
    s = x.select(-1, -1)
    assert s.tolist() == [2.0, 5.0] and s.grad_fn.name() == "SelectBackward0"
    assert tt.select(x, 0, 1).tolist() == [3.0, 4.0, 5.0]
    s.sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
    for call, error, message in [
            (lambda: x.select(1, 5), IndexError, "select(): index 5 out of range for tensor of size [2, 3] at dimension 1"),
            (lambda: x.select(3, 0), IndexError, "Dimension out of range (expected to be in range of [-2, 1], but got 3)"),
            (lambda: tt.tensor(1.0).select(0, 0), IndexError, "select() cannot be applied to a 0-dim tensor."),
            (lambda: x.select(0, 1.5), TypeError, "select(): argument 'index' (position 2) must be int, not float")]:
        with pytest.raises(error) as caught:
            call()
        assert str(caught.value) == message
