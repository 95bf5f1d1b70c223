"""What the ``linalg`` ops share: their named-tuple results (``tinytorch.return_types.linalg_svd``
...), ``LinAlgError``, PyTorch's input checks and the batch flattening of ``(*, m, n)`` arrays.
"""
import collections

import numpy as np

from .. import _dtype, _printing


class _LinAlgError(RuntimeError):
    """A factorization failed (singular or not positive-definite input): ``torch.linalg.LinAlgError``."""


_LinAlgError.__module__ = "tinytorch._C"


def _named_result(name, fields):
    """A named tuple printed as PyTorch prints ``torch.return_types.<name>``."""
    base = collections.namedtuple(name, fields)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"{_printing.MODULE_NAME}.return_types.{name}(\n{body})"

    return type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__str__": __repr__,
                                "__module__": "tinytorch.return_types"})


RETURN_TYPES = {name: _named_result(name, fields) for name, fields in (
    ("linalg_slogdet", ("sign", "logabsdet")), ("slogdet", ("sign", "logabsdet")),
    ("linalg_inv_ex", ("inverse", "info")), ("linalg_solve_ex", ("result", "info")),
    ("linalg_cholesky_ex", ("L", "info")), ("linalg_qr", ("Q", "R")), ("qr", ("Q", "R")),
    ("linalg_eigh", ("eigenvalues", "eigenvectors")), ("linalg_svd", ("U", "S", "Vh")), ("svd", ("U", "S", "V")),
    ("linalg_lstsq", ("solution", "residuals", "rank", "singular_values")))}


def check_float(name, t):
    if t._data.dtype.kind != "f":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. "
                           f"Got {_dtype.SCALAR_NAMES[t._data.dtype.name]}")


def check_matrix(name, t, arg="A"):
    if t._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")


def check_square(name, t, arg="A"):
    """PyTorch's checks of a batch of square floating matrices (``squareCheckInputs``)."""
    check_matrix(name, t, arg)
    m, n = t._data.shape[-2:]
    if m != n:
        raise RuntimeError(f"{name}: {arg} must be batches of square matrices, but they are {m} by {n} matrices")
    check_float(name, t)


def batched(a):
    """Array ``a`` of shape (*, m, n) as a C-contiguous (b, m, n) batch."""
    return np.ascontiguousarray(a.reshape((-1,) + a.shape[-2:]))


def raise_on_info(name, info, batch_ndim, message):
    """Raise ``_LinAlgError`` for the first non-zero ``info`` (``message`` formats it), with
    PyTorch's "(Batch element i): " prefix for a batched input."""
    bad = np.flatnonzero(info)
    if bad.size:
        i = int(bad[0])
        prefix = f"(Batch element {i}): " if batch_ndim else ""
        raise _LinAlgError(f"{name}: {prefix}{message(int(info[i]))}")
