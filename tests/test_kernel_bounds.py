"""Kernels never read outside their arrays, including for empty dimensions and ceil-mode pooling.

Numba does not bounds-check by default, so the subprocess test recompiles the kernels it
uses with ``NUMBA_BOUNDSCHECK=1`` (in a private cache) and runs inputs that once read past
the end: any out-of-range access then raises instead of returning garbage.
"""
import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch as tt

SCRIPT = r"""
import tinytorch as t
import tinytorch.nn.functional as F
x = t.arange(25.).reshape(1, 1, 5, 5)
print(F.max_pool2d(x, 2, ceil_mode=True).flatten().tolist())
print(F.max_pool2d(x, 2, stride=2, ceil_mode=True, padding=1).flatten().tolist())
e = t.zeros(3, 0, requires_grad=True)
t.softmax(e, 1).sum().backward()
t.log_softmax(e, 1).sum().backward()
print(t.logsumexp(t.zeros(3, 0), 1).tolist(), e.grad.shape)
print(t.zeros(0, 4).softmax(0).shape, t.zeros(2, 0).sum(1).tolist(), t.zeros(2, 0).amax(0).shape)
"""


def test_boundschecked_kernels_on_edge_inputs(tmp_path):
    env = {"NUMBA_BOUNDSCHECK": "1", "NUMBA_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "[6.0, 8.0, 9.0, 16.0, 18.0, 19.0, 21.0, 23.0, 24.0]"
    assert lines[1] == "[0.0, 2.0, 4.0, 10.0, 12.0, 14.0, 20.0, 22.0, 24.0]"
    assert lines[2] == "[-inf, -inf, -inf] tinytorch.Size([3, 0])"
    assert lines[3] == "tinytorch.Size([0, 4]) [0.0, 0.0] tinytorch.Size([0])"


finite = st.floats(-10, 10, allow_nan=False)


@given(arr=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3),
                      elements=finite),
       dim=st.integers(0, 2))
def test_reductions_and_softmax_with_possibly_empty_dims_match_numpy(arr, dim):
    dim = dim % arr.ndim
    x = tt.tensor(arr)
    np.testing.assert_allclose(x.sum(dim).numpy(), arr.sum(axis=dim))
    assert x.softmax(dim).shape == arr.shape
    with np.errstate(divide="ignore"):
        expected = np.log(np.exp(arr).sum(axis=dim))
    np.testing.assert_allclose(tt.logsumexp(x, dim).numpy(), expected, rtol=1e-12, atol=1e-12)
