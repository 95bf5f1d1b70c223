"""Numba kernels: every piece of tensor arithmetic, forward and backward, runs here.

One module per primitive family, as in MiniTorch's ``tensor_ops``:

- ``elementwise``: map (unary ops and their derivatives), zip (binary ops), where, clamp
- ``reduce``: sum/prod/max/min/mean over an axis block, argmax/argmin, softmax, logsumexp
- ``matmul``: (batched) matrix product — BLAS for floats, a readable Numba reference kernel
- ``index``: scatter-add (the backward of gathering)

Kernels are module-level ``@njit(cache=True)`` functions selected by an integer op code,
so each compiles once per dtype signature on first use and is loaded from the on-disk
cache afterwards.  They trust their arguments: the Python wrapper beside each kernel
checks shapes, dtypes and contiguity before calling.  Set ``NUMBA_DISABLE_JIT=1`` to run
them as plain Python (slow, but debuggable with pdb and print).
"""
from numba import njit

#: How every kernel is compiled: cached on disk; IEEE semantics for 1/0 (inf) and 0/0 (nan)
#: instead of Python's ZeroDivisionError.
kernel = njit(cache=True, error_model="numpy", nogil=True)
