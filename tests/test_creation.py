"""Creating tensors (``tensor``, factories, ``*_like``, ``from_numpy``, the seeded generator)
and the Tensor's attributes and conversion methods.  Expected dtypes and messages are what
PyTorch 2.13 gives."""
import re

import numpy as np
import pytest

import tinytorch as tt
from conftest import assert_tensor, to_np

f32, f64, i64, i32, u8, b8 = tt.float32, tt.float64, tt.int64, tt.int32, tt.uint8, tt.bool


@pytest.mark.parametrize("data,dtype", [
    (1.5, f32), (3, i64), (True, b8), ([1, 2.5], f32), ([True, 1], i64), ([True, False], b8), ([], f32),
    ([[1, 2], [3.5, 4]], f32), (np.float64(1.5), f64), (np.int32(3), i32), ([np.float64(1.5), 2.0], f64),
    ([np.int32(1), 2], i64), ([np.uint8(1), True], u8), ([np.float32(1), np.float64(2)], f64),
    (np.array([1, 2], dtype=np.int32), i32), (np.array(2.5), f64), ([tt.tensor(1.0), tt.tensor(2.0)], f32),
    ((1, 2), i64),
], ids=repr)
def test_tensor_dtype_inference(data, dtype):
    t = tt.tensor(data)
    assert t.dtype is dtype
    assert_tensor(t, np.array(data).astype(dtype.np), dtype)


def test_tensor_copies_and_explicit_dtype():
    a = np.array([1.0, 2.0])
    t = tt.tensor(a)
    a[0] = 9.0
    assert_tensor(t, [1.0, 2.0], f64)
    assert tt.tensor([1, 2], dtype=tt.float64).dtype is f64
    assert tt.tensor([1.7], dtype=tt.int32).tolist() == [1]
    assert tt.tensor(t, dtype=f32).dtype is f32
    assert tt.tensor([[]]).shape == (1, 0)
    assert tt.tensor(3.0).shape == () and tt.tensor(3.0).dim() == 0


def test_tensor_errors():
    with pytest.raises(ValueError):
        tt.tensor([[1, 2], [3]])
    with pytest.raises(TypeError, match="new\\(\\): invalid data type 'str'"):
        tt.tensor("a")
    with pytest.raises(TypeError):
        tt.tensor([object()])
    assert tt.Tensor([1, 2]).tolist() == [1.0, 2.0]   # the legacy constructor, as in PyTorch
    with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy.uint16"):
        tt.from_numpy(np.array([1], dtype=np.uint16))


@pytest.mark.parametrize("factory,value", [(tt.zeros, 0), (tt.ones, 1)])
def test_zeros_ones(factory, value):
    assert_tensor(factory(2, 3), np.full((2, 3), value), f32)
    assert_tensor(factory((2, 3)), np.full((2, 3), value), f32)
    assert_tensor(factory([4]), np.full(4, value), f32)
    assert_tensor(factory(tt.Size([2])), np.full(2, value), f32)
    assert_tensor(factory(2, dtype=i32), np.full(2, value), i32)
    assert_tensor(factory(()), np.full((), value), f32)
    assert_tensor(factory(0, 3), np.zeros((0, 3)), f32)
    t = factory(2, requires_grad=True)
    assert t.requires_grad and t.is_leaf
    # PyTorch 2.13's messages: zeros has its own wording for a negative size
    message = "zeros: Dimension size must be non-negative." if factory is tt.zeros else \
        re.escape("Trying to create tensor with negative dimension -1: [2, -1]")
    with pytest.raises(RuntimeError, match=message):
        factory(2, -1)
    with pytest.raises(TypeError):
        factory(2.5)
    with pytest.raises(TypeError, match=re.escape(f'{factory.__name__}() missing 1 required positional arguments: "size"')):
        factory()


def test_empty_full_eye():
    assert tt.empty(2, 3).shape == (2, 3) and tt.empty(2, dtype=i64).dtype is i64
    assert_tensor(tt.full((2,), 7), [7, 7], i64)
    assert_tensor(tt.full((2,), True), [True, True], b8)
    assert_tensor(tt.full((2, 2), 1.5), np.full((2, 2), 1.5), f32)
    assert_tensor(tt.full((2,), 3, dtype=f64), [3.0, 3.0], f64)
    assert_tensor(tt.eye(2, 3), np.eye(2, 3), f32)
    assert_tensor(tt.eye(3, dtype=i64), np.eye(3, dtype=np.int64), i64)


def test_arange():
    assert_tensor(tt.arange(5), np.arange(5), i64)
    assert_tensor(tt.arange(1, 2.5, 0.5), [1.0, 1.5, 2.0], f32)
    assert_tensor(tt.arange(0, 1, 0.3), [0.0, 0.3, 0.6, 0.9], f32)
    assert_tensor(tt.arange(5, 0, -2), [5, 3, 1], i64)
    assert_tensor(tt.arange(3.0), [0.0, 1.0, 2.0], f32)
    assert_tensor(tt.arange(4, dtype=f64), [0.0, 1.0, 2.0, 3.0], f64)
    assert tt.arange(0).shape == (0,)
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        tt.arange(0, 5, 0)
    with pytest.raises(RuntimeError, match="upper bound and lower bound inconsistent with step sign"):
        tt.arange(5, 0)


def test_linspace():
    assert_tensor(tt.linspace(0, 1, 5), [0.0, 0.25, 0.5, 0.75, 1.0], f32)
    assert_tensor(tt.linspace(0, 1, 1), [0.0], f32)
    assert_tensor(tt.linspace(0, 10, 3, dtype=i64), [0, 5, 10], i64)
    assert tt.linspace(0, 1, 0).shape == (0,)


def test_linspace_values_are_pytorchs_to_the_last_bit():
    """PyTorch 2.13 on these machines (x86-64 with FMA): float32 results are computed in float32,
    each half from its own end, with one rounding per value (a fused multiply-add)."""
    assert tt.linspace(0, 1, 7).tolist() == [0.0, 0.1666666716337204, 0.3333333432674408, 0.5, 0.6666666269302368,
                                             0.8333333134651184, 1.0]
    assert tt.linspace(-3.3, 7.1, 11, dtype=tt.float64).tolist() == [
        -3.3, -2.26, -1.2200000000000002, -0.18000000000000038, 0.8599999999999994, 1.9000000000000006,
        2.9400000000000004, 3.9800000000000004, 5.02, 6.06, 7.1]
    assert tt.linspace(0, 1, 1).tolist() == [0.0] and tt.linspace(5, 1, 1, dtype=i64).tolist() == [5]
    assert tt.linspace(-3.3, 7.1, 6, dtype=i64).tolist() == [-3, -1, 1, 3, 5, 7]   # ends made integers first


def test_random_factories_and_seed():
    tt.manual_seed(123)
    a = (tt.rand(3, 4), tt.randn(5), tt.randint(0, 10, (6,)), tt.randperm(7))
    tt.manual_seed(123)
    b = (tt.rand(3, 4), tt.randn(5), tt.randint(0, 10, (6,)), tt.randperm(7))
    for x, y in zip(a, b):
        assert np.array_equal(to_np(x), to_np(y))
    rand, randn, randint, perm = a
    assert rand.dtype is f32 and randn.dtype is f32 and randint.dtype is i64 and perm.dtype is i64
    assert ((to_np(rand) >= 0) & (to_np(rand) < 1)).all()
    assert ((to_np(randint) >= 0) & (to_np(randint) < 10)).all()
    assert sorted(perm.tolist()) == list(range(7))
    assert tt.randint(5, (2, 2)).shape == (2, 2)
    assert tt.randn(2, dtype=f64).dtype is f64
    assert tt.initial_seed() == 123
    g = tt.Generator().manual_seed(7)
    g2 = tt.Generator().manual_seed(7)
    assert np.array_equal(to_np(tt.randn(3, generator=g)), to_np(tt.randn(3, generator=g2)))
    with pytest.raises(NotImplementedError, match="\"normal_kernel_cpu\" not implemented for 'Long'"):
        tt.randn(2, dtype=i64)
    with pytest.raises(NotImplementedError, match="\"check_uniform_bounds\" not implemented for 'Long'"):
        tt.rand(2, dtype=i64)
    with pytest.raises(RuntimeError, match="random_ expects 'from' to be less than 'to', but got from=5 >= to=5"):
        tt.randint(5, 5, (2,))


def test_like_factories():
    src = tt.ones(2, 3, dtype=i32)
    for fn in (tt.zeros_like, tt.ones_like, tt.empty_like):
        out = fn(src)
        assert out.shape == (2, 3) and out.dtype is i32
        assert fn(src, dtype=f64).dtype is f64
    assert_tensor(tt.full_like(tt.ones(2, dtype=i64), 2.7), [2, 2], i64)
    assert tt.rand_like(tt.ones(2, 2)).shape == (2, 2)
    assert tt.randn_like(tt.ones(3, dtype=f64)).dtype is f64
    r = tt.randint_like(tt.ones(4), 3, 6)
    assert ((to_np(r) >= 3) & (to_np(r) < 6)).all()
    assert tt.zeros_like(tt.ones(2), requires_grad=True).requires_grad


def test_from_numpy_shares_memory():
    a = np.arange(6.0).reshape(2, 3)
    t = tt.from_numpy(a)
    assert t.dtype is f64
    a[0, 0] = 100.0
    assert t[0, 0].item() == 100.0
    t.add_(1)
    assert a[1, 2] == 6.0
    assert t.numpy() is a or np.shares_memory(t.numpy(), a)
    assert tt.as_tensor(a).numpy() is a or np.shares_memory(tt.as_tensor(a).numpy(), a)
    with pytest.raises(TypeError):
        tt.from_numpy([1, 2])


# ---- Tensor attributes and methods ------------------------------------------------------------

def test_attributes():
    x = tt.ones(2, 3, 4)
    assert x.shape == (2, 3, 4) and isinstance(x.shape, tt.Size) and repr(x.shape) == "tinytorch.Size([2, 3, 4])"
    assert x.size() == (2, 3, 4) and x.size(1) == 3 and x.size(-1) == 4
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of \[-3, 2\], but got 3\)"):
        x.size(3)
    assert x.dim() == 3 and x.ndim == 3 and x.numel() == 24 and tt.numel(x) == 24
    assert x.dtype is f32 and str(x.device) == "cpu" and x.device == "cpu"
    assert x.T.shape == (4, 3, 2)
    assert x.is_leaf and not x.requires_grad and x.grad is None and x.grad_fn is None
    assert x.is_floating_point() and not tt.ones(2, dtype=i64).is_floating_point()
    assert x.element_size() == 4 and len(x) == 2
    assert tt.is_tensor(x) and not tt.is_tensor(np.ones(2))


def test_item_tolist_numpy():
    assert tt.tensor(2.5).item() == 2.5 and isinstance(tt.tensor(2.5).item(), float)
    assert tt.tensor([7]).item() == 7 and isinstance(tt.tensor([7]).item(), int)
    assert tt.tensor(True).item() is True
    with pytest.raises(RuntimeError, match="a Tensor with 2 elements cannot be converted to Scalar"):
        tt.ones(2).item()
    assert tt.tensor([[1, 2]]).tolist() == [[1, 2]]
    assert tt.tensor(3).tolist() == 3
    assert isinstance(tt.ones(2).numpy(), np.ndarray)
    assert float(tt.tensor(1.5)) == 1.5 and int(tt.tensor(2.7)) == 2
    assert [0, 1, 2][tt.tensor(1)] == 1
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is ambiguous"):
        bool(tt.ones(2))
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(tt.tensor(1.0))
    assert [t.item() for t in tt.tensor([1, 2])] == [1, 2]


def test_clone_detach_and_requires_grad():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    c = x.clone()
    assert c.grad_fn is not None and c.requires_grad
    assert not np.shares_memory(c.detach().numpy(), x.detach().numpy())
    d = x.detach()
    assert not d.requires_grad and d.is_leaf
    assert np.shares_memory(d.numpy(), x.detach().numpy())
    y = tt.ones(2)
    assert y.requires_grad_() is y and y.requires_grad
    assert y.requires_grad_(False) is y and not y.requires_grad


def test_zero_fill_and_conversions():
    x = tt.ones(2, 2)
    assert x.zero_() is x and to_np(x).sum() == 0
    assert x.fill_(2) is x and to_np(x).sum() == 8
    assert x.float() is x
    assert x.double().dtype is f64 and x.long().dtype is i64 and x.int().dtype is i32 and x.bool().dtype is b8
    assert x.to(tt.float64).dtype is f64
    assert x.t().contiguous().is_contiguous() and x.is_contiguous()


def test_new_factories():
    x = tt.ones(2, dtype=f64)
    assert x.new_zeros(3).dtype is f64 and x.new_ones((2, 2)).shape == (2, 2)
    assert_tensor(x.new_full((2,), 5), [5.0, 5.0], f64)
    assert x.new_tensor([1, 2]).dtype is f64
    assert x.new_empty(4).shape == (4,)


def test_device():
    assert tt.device("cpu") == "cpu"
    with pytest.raises(RuntimeError):
        tt.device("cuda")
    assert tt.ones(2).cpu().device == tt.device("cpu")


def test_linspace_checks_like_pytorch():
    with pytest.raises(RuntimeError, match=r"^value cannot be converted to type int without overflow$"):
        tt.linspace(1e10, 85, 10, dtype=tt.int32)
    with pytest.raises(RuntimeError, match=r"^value cannot be converted to type uint8_t without overflow$"):
        tt.linspace(0, 300, 3, dtype=tt.uint8)
    with pytest.raises(RuntimeError, match=r"^value cannot be converted to type int64_t without overflow$"):
        tt.linspace(0, float("nan"), 3, dtype=tt.int64)
    with pytest.raises(NotImplementedError, match="\"linspace_cpu\" not implemented for 'Bool'"):
        tt.linspace(0, 1, 3, dtype=tt.bool)
