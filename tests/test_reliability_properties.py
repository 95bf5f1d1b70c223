"""Property tests (issue 15): elementwise, reduction and indexing ops on tensors of any small
shape, dtype and layout (contiguous, transposed, sliced with a step, flipped, expanded) agree with
NumPy computing the same thing in PyTorch's result dtype.  Only where PyTorch agrees with NumPy:
the result dtype is PyTorch's (tensor-tensor promotion: the wider float of the floats; among
integers NumPy's, which is PyTorch's there; sums of integers and bools in int64), and integer
arithmetic wraps in both."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tinytorch as torch

DTYPES = ["float32", "float64", "int64", "int32", "uint8", "bool"]
LAYOUTS = ["contiguous", "transposed", "stepped", "flipped", "expanded"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def arrays(draw, dtype=None, min_dims=1, shape=None):
    """(numpy array, tensor, layout): the same values in the same layout; ``shape``: the result's."""
    dtype = dtype or draw(st.sampled_from(DTYPES))
    if shape is None:
        shape = tuple(draw(st.lists(st.integers(0, 4), min_size=min_dims, max_size=3)))
    layouts = [lay for lay in LAYOUTS if lay != "expanded" or (shape and shape[0] == 3)] if shape else ["contiguous"]
    layout = draw(st.sampled_from(layouts))
    base_shape = {"transposed": tuple(reversed(shape)), "expanded": (1,) + tuple(shape[1:])}.get(layout, shape)
    size = int(np.prod(base_shape))
    if dtype == "bool":
        values = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    elif dtype.startswith("float"):
        values = draw(st.lists(st.floats(-1e3, 1e3, width=32), min_size=size, max_size=size))
    else:
        info = np.iinfo(dtype)
        values = draw(st.lists(st.integers(int(info.min), int(info.max)), min_size=size, max_size=size))
    base = np.array(values, dtype=dtype).reshape(base_shape)
    if layout == "stepped":   # every other row of a twice-as-long first dimension
        wide = np.repeat(base, 2, axis=0)
        a, t = wide[::2], torch.tensor(wide)[::2]
    elif layout == "transposed":
        a, t = base.T, torch.tensor(base).permute(*reversed(range(base.ndim)))
    elif layout == "flipped":
        a, t = np.flip(base, 0), torch.tensor(base).flip(0)
    elif layout == "expanded":   # a length-1 first dimension broadcast to 3 (stride 0)
        a, t = np.broadcast_to(base, shape), torch.tensor(base).expand(*shape)
    else:
        a, t = base, torch.tensor(base)
    assert tuple(t.shape) == a.shape == tuple(shape) and t.tolist() == a.tolist()
    return a, t, layout


def torch_result_dtype(a, b):
    """PyTorch's promotion of two tensors with dimensions."""
    fa, fb = a.kind == "f", b.kind == "f"
    if fa or fb:
        floats = [d for d, f in ((a, fa), (b, fb)) if f]
        return max(floats, key=lambda d: d.itemsize)
    return np.promote_types(a, b)


def check(t, expected):
    got = t.numpy()
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(got, expected, rtol=2e-6 if expected.dtype == np.float32 else 1e-12, atol=1e-6)
    else:
        assert np.array_equal(got, expected)


@SETTINGS
@given(st.data(), st.sampled_from(["add", "mul", "maximum", "minimum", "eq", "lt"]))
def test_binary_elementwise_matches_numpy(data, op):
    a, ta, _ = data.draw(arrays())
    b, tb, _ = data.draw(arrays(shape=a.shape))   # same shape, its own dtype and layout
    dt = torch_result_dtype(a.dtype, b.dtype)
    aa, bb = a.astype(dt), b.astype(dt)
    with np.errstate(over="ignore"):
        expected = {"add": np.add, "mul": np.multiply, "maximum": np.maximum, "minimum": np.minimum,
                    "eq": np.equal, "lt": np.less}[op](aa, bb)
    check(getattr(torch, op)(ta, tb), expected)


@SETTINGS
@given(arrays(), st.sampled_from(["neg", "abs"]))
def test_unary_elementwise_matches_numpy(x, op):
    a, t, _ = x
    if a.dtype == np.bool_:
        return   # PyTorch refuses neg of bool; abs of bool is not NumPy's
    with np.errstate(over="ignore"):
        expected = np.negative(a) if op == "neg" else np.abs(a)
    check(getattr(torch, op)(t), expected)


@SETTINGS
@given(st.data(), st.sampled_from(["sum", "amax", "amin"]))
def test_reductions_match_numpy(data, op):
    a, t, _ = data.draw(arrays())
    dim = data.draw(st.integers(-a.ndim, a.ndim - 1)) if a.ndim else None
    keepdim = data.draw(st.booleans())
    if op == "sum":
        dt = np.int64 if a.dtype.kind in "iub" else a.dtype
        with np.errstate(over="ignore"):
            expected = np.sum(a.astype(dt), axis=dim, keepdims=keepdim)
        got = torch.sum(t, dim, keepdim=keepdim) if dim is not None else torch.sum(t)
        check(got, np.asarray(expected, dtype=dt))
    else:
        if a.size == 0 or (dim is not None and a.shape[dim] == 0):
            return   # PyTorch raises on an empty reduction (tested by the differential suites)
        expected = (np.amax if op == "amax" else np.amin)(a, axis=dim, keepdims=keepdim)
        got = getattr(torch, op)(t, dim, keepdim) if dim is not None else getattr(torch, op)(t)
        check(got, np.asarray(expected, dtype=a.dtype))


@SETTINGS
@given(st.data())
def test_indexing_matches_numpy(data):
    a, t, _ = data.draw(arrays(min_dims=1))
    n = a.shape[0]
    kind = data.draw(st.sampled_from(["slice", "int_list", "mask", "int"]))
    if kind == "slice":
        start = data.draw(st.integers(-n - 1, n + 1))
        stop = data.draw(st.integers(-n - 1, n + 1))
        step = data.draw(st.integers(1, 3))   # PyTorch: step > 0
        check(t[start:stop:step], a[start:stop:step])
    elif kind == "int_list":
        if n == 0:
            return
        idx = data.draw(st.lists(st.integers(-n, n - 1), max_size=5))
        check(t[torch.tensor(idx, dtype=torch.int64)], a[np.array(idx, dtype=np.int64)])
    elif kind == "mask":
        mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        check(t[torch.tensor(mask)], a[mask])
    else:
        if n == 0:
            return
        i = data.draw(st.integers(-n, n - 1))
        check(t[i], np.asarray(a[i]))


@SETTINGS
@given(st.data())
def test_contiguous_copies_match_numpy(data):
    """Materialising any layout (clone, contiguous, reshape) keeps NumPy's values in C order."""
    a, t, _ = data.draw(arrays())
    check(t.contiguous(), np.ascontiguousarray(a))
    check(t.clone(), a.copy())
    check(t.reshape(-1), a.reshape(-1))
