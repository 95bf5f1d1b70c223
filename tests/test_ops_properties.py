"""Property tests (Hypothesis): broadcasting of random shape pairs, the gradient of a
broadcast op summing back to each input's shape, and reductions over random dims."""
import operator

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch as tt
from conftest import assert_tensor, to_np

OPS = [(operator.add, np.add), (operator.sub, np.subtract), (operator.mul, np.multiply),
       (tt.maximum, np.maximum), (lambda a, b: tt.where(a > b, a, b), lambda a, b: np.where(a > b, a, b))]

shape_pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=3)
finite = st.floats(-10, 10, allow_nan=False, width=32)


def _array(data, shape, dtype=np.float32):
    return data.draw(hnp.arrays(dtype, shape, elements=finite if dtype != np.int64 else st.integers(-50, 50)))


@given(shapes=shape_pairs, op_index=st.integers(0, len(OPS) - 1), data=st.data())
def test_broadcast_binary_matches_numpy(shapes, op_index, data):
    (sa, sb), result_shape = shapes.input_shapes, shapes.result_shape
    a, b = _array(data, sa), _array(data, sb)
    op, np_op = OPS[op_index]
    out = op(tt.tensor(a), tt.tensor(b))
    assert tuple(out.shape) == np.broadcast_shapes(sa, sb) == result_shape
    assert_tensor(out, np_op(a, b), tt.float32)


@given(shapes=shape_pairs, data=st.data())
def test_broadcast_gradients_sum_back_to_input_shapes(shapes, data):
    sa, sb = shapes.input_shapes
    a_np, b_np = _array(data, sa, np.float64), _array(data, sb, np.float64)
    a, b = tt.tensor(a_np, requires_grad=True), tt.tensor(b_np, requires_grad=True)
    out = a * b + a
    g = data.draw(hnp.arrays(np.float64, out.shape, elements=finite))
    out.backward(tt.tensor(g))
    assert a.grad.shape == sa and b.grad.shape == sb
    full = shapes.result_shape
    ga = np.broadcast_to(g * b_np + g, full)      # d(out)/da = b + 1, at the broadcast shape
    gb = np.broadcast_to(g * a_np, full)

    def sum_to(x, shape):
        lead = x.ndim - len(shape)
        x = x.sum(axis=tuple(range(lead))) if lead else x
        return x.sum(axis=tuple(i for i, s in enumerate(shape) if s == 1), keepdims=True).reshape(shape)

    np.testing.assert_allclose(to_np(a.grad), sum_to(np.asarray(ga), sa), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(to_np(b.grad), sum_to(np.asarray(gb), sb), rtol=1e-9, atol=1e-9)


@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3, min_side=1, max_side=3))
def test_mismatched_shapes_raise_like_pytorch(shapes):
    sa, sb = shapes.input_shapes
    bad = sa[:-1] + (sa[-1] + 2,)       # a last dimension that cannot broadcast with sb's
    if sb[-1] == 1 or bad[-1] == sb[-1]:
        return
    try:
        tt.ones(bad) + tt.ones(sb)
    except RuntimeError as e:
        assert f"must match the size of tensor b ({sb[-1]}) at non-singleton dimension" in str(e)
    else:
        raise AssertionError("no error")


@st.composite
def array_and_dims(draw, dtype=np.float64):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    arr = draw(hnp.arrays(dtype, shape, elements=finite if dtype != np.int64 else st.integers(-20, 20)))
    dims = draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=len(shape),
                         unique_by=lambda d: d % len(shape)))
    return arr, tuple(dims), draw(st.booleans())


@given(case=array_and_dims())
def test_reductions_over_random_dims(case):
    arr, dims, keepdim = case
    x = tt.tensor(arr)
    axes = tuple(d % arr.ndim for d in dims)
    assert_tensor(x.sum(dims, keepdim), arr.sum(axis=axes, keepdims=keepdim), rtol=1e-9, atol=1e-9)
    assert_tensor(x.mean(dims, keepdim), arr.mean(axis=axes, keepdims=keepdim), rtol=1e-9, atol=1e-9)
    assert_tensor(x.amax(dims, keepdim), arr.max(axis=axes, keepdims=keepdim))
    assert_tensor(x.amin(dims, keepdim), arr.min(axis=axes, keepdims=keepdim))
    n = int(np.prod([arr.shape[a] for a in axes]))
    if n > 1:
        assert_tensor(x.var(dims, keepdim=keepdim), arr.var(axis=axes, ddof=1, keepdims=keepdim), rtol=1e-7, atol=1e-9)


@given(case=array_and_dims(np.int64))
def test_integer_sums_over_random_dims(case):
    arr, dims, keepdim = case
    axes = tuple(d % arr.ndim for d in dims)
    assert_tensor(tt.tensor(arr).sum(dims, keepdim), arr.sum(axis=axes, keepdims=keepdim), tt.int64)


@given(case=array_and_dims())
def test_reduction_gradient_spreads_over_reduced_dims(case):
    arr, dims, keepdim = case
    x = tt.tensor(arr, requires_grad=True)
    out = x.mean(dims, keepdim)
    out.backward(tt.ones(out.shape, dtype=tt.float64))
    n = int(np.prod([arr.shape[d % arr.ndim] for d in dims]))
    np.testing.assert_allclose(to_np(x.grad), np.full(arr.shape, 1.0 / n))


@given(arr=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=finite),
       dim=st.integers(-3, 2))
def test_softmax_rows_sum_to_one(arr, dim):
    if not -arr.ndim <= dim < arr.ndim:
        return
    s = to_np(tt.tensor(arr).softmax(dim))
    np.testing.assert_allclose(s.sum(axis=dim), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.exp(to_np(tt.tensor(arr).log_softmax(dim))), s, rtol=1e-9)
