"""Numba kernels: every piece of tensor arithmetic, forward and backward, runs here.

One module per primitive family, as in MiniTorch's ``tensor_ops``:

- ``elementwise``: map (unary ops and their derivatives), zip (binary ops), where, clamp
- ``reduce``: sum/prod/max/min/mean over an axis block, argmax/argmin, softmax, logsumexp
- ``matmul``: (batched) matrix product — BLAS for floats, a readable Numba reference kernel;
  ``blas_rows`` splits large float products by rows, one single-threaded BLAS call per thread
- ``index``: scatter-add (the backward of gathering), gather/scatter along a dim, index_select/add/copy/fill, masks, nonzero

Kernels are module-level ``@njit(cache=True)`` functions selected by an integer op code,
so each compiles once per dtype signature on first use and is loaded from the on-disk
cache afterwards.  They trust their arguments: the Python wrapper beside each kernel
checks shapes, dtypes and contiguity before calling.  Set ``NUMBA_DISABLE_JIT=1`` to run
them as plain Python (slow, but debuggable with pdb and print).  The first compilation of a
kernel prints a one-line notice on stderr (``set_compile_notice(False)`` silences it).
"""
import sys

from numba import njit
from numba.core import event
from numba.core import types as numba_types

#: How every kernel is compiled: cached on disk; IEEE semantics for 1/0 (inf) and 0/0 (nan)
#: instead of Python's ZeroDivisionError.
kernel = njit(cache=True, error_model="numpy", nogil=True)


class _CompileNotice(event.Listener):
    """Prints one line on stderr when a tinytorch kernel compiles (first use on a cold cache),
    so a pause of a second or two is explained instead of silent."""

    enabled = True

    def on_start(self, ev):
        func = ev.data["dispatcher"].py_func
        if self.enabled and func.__module__.startswith(__name__) and func.__name__ != "<lambda>":
            types = ", ".join(str(a.dtype) for a in ev.data["args"] if isinstance(a, numba_types.Array))
            print(f"tinytorch: compiling {func.__name__}({types}) — first use only, cached on disk",
                  file=sys.stderr, flush=True)

    def on_end(self, ev):
        pass


_notice = _CompileNotice()
event.register("numba:compile", _notice)


def set_compile_notice(enabled):
    """Turn the one-line "compiling ..." notice on stderr on or off."""
    _notice.enabled = bool(enabled)
