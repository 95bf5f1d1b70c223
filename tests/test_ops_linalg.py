"""Matrix products: values against NumPy for every shape rule of ``matmul``, ``mm``, ``bmm``,
``mv``, ``dot``; BLAS against the Numba reference kernel; PyTorch's shape and dtype errors."""
import numpy as np
import pytest

import tinytorch as tt
from tinytorch.kernels.matmul import matmul_reference_kernel
from conftest import assert_tensor, sample, to_np

f32, f64, i64, i32, u8 = tt.float32, tt.float64, tt.int64, tt.int32, tt.uint8

SHAPES = [((3,), (3,)), ((2, 3), (3, 4)), ((3,), (3, 4)), ((2, 3), (3,)), ((2, 2, 3), (2, 3, 4)),
          ((5, 1, 2, 3), (4, 3, 2)), ((3,), (2, 3, 4)), ((2, 2, 3), (3,)), ((2, 2, 3), (3, 4)), ((3, 2), (2, 2, 3)),
          ((2, 0), (0, 3)), ((0, 3), (3, 2))]


@pytest.mark.parametrize("dtype", [f32, f64, i64, i32, u8], ids=str)
@pytest.mark.parametrize("sa,sb", SHAPES, ids=str)
def test_matmul_matches_numpy(sa, sb, dtype):
    a, b = sample(sa, dtype, 1), sample(sb, dtype, 2)
    expected = np.matmul(to_np(a), to_np(b))
    out = a @ b
    assert_tensor(out, expected, dtype, rtol=1e-5)
    assert_tensor(tt.matmul(a, b), expected, dtype, rtol=1e-5)
    assert_tensor(a.matmul(b), expected, dtype, rtol=1e-5)


def test_matmul_non_contiguous_operands():
    a, b = sample((3, 2), f64, 3), sample((4, 3), f64, 4)
    assert_tensor(a.t() @ b.t(), to_np(a).T @ to_np(b).T)
    c = sample((2, 3, 8), f32, 5)
    assert_tensor(c[:, :, ::2].transpose(1, 2) @ c[..., 1::2], np.matmul(to_np(c)[:, :, ::2].swapaxes(1, 2), to_np(c)[..., 1::2]),
                  rtol=1e-5)


def test_mm_bmm_mv_dot():
    a, b = sample((2, 3), f32, 1), sample((3, 4), f32, 2)
    assert_tensor(tt.mm(a, b), to_np(a) @ to_np(b), f32, rtol=1e-5)
    assert_tensor(a.mm(b), to_np(a) @ to_np(b), f32, rtol=1e-5)
    p, q = sample((4, 2, 3), f64, 3), sample((4, 3, 5), f64, 4)
    assert_tensor(tt.bmm(p, q), np.matmul(to_np(p), to_np(q)), f64)
    v = sample((3,), f32, 5)
    assert_tensor(tt.mv(a, v), to_np(a) @ to_np(v), f32, rtol=1e-5)
    assert_tensor(a.mv(v), to_np(a) @ to_np(v), f32, rtol=1e-5)
    assert_tensor(tt.dot(v, v), to_np(v) @ to_np(v), f32, rtol=1e-5)
    assert_tensor(tt.dot(tt.tensor([1, 2]), tt.tensor([3, 4])), 11, i64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 4, 5, 3), (3, 2, 7, 6), (2, 16, 16, 16)])
def test_blas_matches_reference_kernel(dtype, shape):
    P, M, K, N = shape
    rng = np.random.default_rng(P * M)
    a = rng.standard_normal((P, M, K)).astype(dtype)
    b = rng.standard_normal((P, K, N)).astype(dtype)
    ref = np.empty((P, M, N), dtype)
    matmul_reference_kernel(a, b, ref)
    out = tt.from_numpy(a) @ tt.from_numpy(b)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(to_np(out), ref, rtol=rtol, atol=rtol)


def test_reference_kernel_on_integers():
    a = np.arange(12, dtype=np.int64).reshape(1, 3, 4)
    b = np.arange(8, dtype=np.int64).reshape(1, 4, 2)
    out = np.empty((1, 3, 2), np.int64)
    matmul_reference_kernel(a, b, out)
    np.testing.assert_array_equal(out, a @ b)


ERRORS = [
    (lambda: tt.ones(2, 3) @ tt.ones(4, 5), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    (lambda: tt.ones(3) @ tt.ones(4, 2), "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x2)"),
    (lambda: tt.ones(2, 2, 3) @ tt.ones(4, 2), "mat1 and mat2 shapes cannot be multiplied (4x3 and 4x2)"),
    (lambda: tt.mm(tt.ones(2, 3), tt.ones(4, 5)), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    (lambda: tt.ones(2, 2, 3) @ tt.ones(2, 4, 2),
     "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
    (lambda: tt.ones(5, 1, 2, 3) @ tt.ones(4, 4, 2),
     "Expected size for first two dimensions of batch2 tensor to be: [20, 3] but got: [20, 4]."),
    (lambda: tt.ones(5, 2, 2, 3) @ tt.ones(4, 3, 2),
     "The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 1"),
    (lambda: tt.ones(2, 3) @ tt.ones(4), "size mismatch, got input (2), mat (2x3), vec (4)"),
    (lambda: tt.ones(2, 2, 3) @ tt.ones(4), "size mismatch, got input (4), mat (4x3), vec (4)"),
    (lambda: tt.ones(3) @ tt.ones(4),
     "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 "
     "elements respectively"),
    (lambda: tt.ones(2, 3) @ tt.tensor(1.0), "both arguments to matmul need to be at least 1D, but they are 2D and 0D"),
    (lambda: tt.ones(2, 3) @ tt.ones(3, 2, dtype=f64), "expected m1 and m2 to have the same dtype, but got: float != double"),
    (lambda: tt.ones(2, 3, dtype=i64) @ tt.ones(3, 2), "expected m1 and m2 to have the same dtype, but got: long int != float"),
    (lambda: tt.ones(2, 2, 3) @ tt.ones(2, 3, 2, dtype=f64), "expected scalar type Float but found Double"),
    (lambda: tt.ones(3) @ tt.ones(3, dtype=f64), "dot : expected both vectors to have same dtype, but found Float and Double"),
    (lambda: tt.mv(tt.ones(2, 3), tt.ones(3, dtype=f64)),
     "addmv input tensors must have the same dtype, but got Double, Float, and Double"),
    (lambda: tt.mm(tt.ones(2, 3), tt.ones(3)), "mat2 must be a matrix"),
    (lambda: tt.bmm(tt.ones(2, 3), tt.ones(3, 3)), "batch1 must be a 3D tensor"),
    (lambda: tt.bmm(tt.ones(2, 2, 3), tt.ones(2, 2, 3)),
     "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 2]."),
    (lambda: tt.dot(tt.ones(2, 3), tt.ones(2)), "1D tensors expected, but got 2D and 1D tensors"),
    (lambda: tt.ones(2, 2, dtype=tt.bool) @ tt.ones(2, 2, dtype=tt.bool), "\"addmm_impl_cpu_\" not implemented for 'Bool'"),
]


@pytest.mark.parametrize("fn,msg", ERRORS)
def test_matmul_errors(fn, msg):
    with pytest.raises(RuntimeError) as e:
        fn()
    assert str(e.value) == msg


def test_matmul_rejects_non_tensors():
    with pytest.raises(TypeError):
        tt.ones(2, 2) @ [[1, 2], [3, 4]]


def test_vector_matrix_product_is_not_a_view():
    """PyTorch's ``vector @ matrix`` is a new tensor: in-place changes record AddBackward0."""
    v = tt.ones(3, requires_grad=True)
    z = v @ tt.ones(3, 4)
    assert z._base is None and z.grad_fn.name() == "SqueezeBackward4"
    z.add_(1)
    assert z.grad_fn.name() == "AddBackward0"
    z.sum().backward()
    assert v.grad.tolist() == [4.0, 4.0, 4.0]
