"""``index_put(input, indices, values, accumulate=False)``: ``x[indices] = values`` as an op
that returns a new tensor (``index_put_`` writes in place), with ``accumulate`` adding
instead (repeated positions add up).

``indices`` is a tuple (or list) of index tensors, read as ``x[indices]`` reads them (bool
masks included); values must have input's dtype and broadcast to the indexed shape.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.node import FormulaNode
from ..kernels import index as ki
from . import argtypes
from .index import _numpy_indexing, getitem, to_numpy_index
from .util import as_tensor
from . import registry


class IndexPutBackward0(FormulaNode):
    """out = x with values written (or added) at x[indices]  ->  dx = g (zeroed where written,
    unless accumulating), dvalues = g[indices] (summed over values' broadcasting)."""

    grads = (lambda n, g: g if n.accumulate else index_put(g, n.indices, as_tensor(0, g.dtype)),
             lambda n, g: getitem(g, n.indices))

    def __init__(self, indices, np_index, accumulate):
        self.indices, self.np_index, self.accumulate = indices, np_index, accumulate

    def forward(self, x, values):
        self.in_meta = ((x.shape, x.dtype), (values.shape, values.dtype))
        read = np.arange(x.size, dtype=np.int64).reshape(x.shape)[self.np_index]
        out = np.array(x, copy=True, order="C")
        vals = np.ascontiguousarray(np.broadcast_to(values, read.shape)).reshape(-1)
        ki.scatter_kernel(out.reshape(-1), np.ascontiguousarray(read).reshape(-1), vals,
                          ki.ADD if self.accumulate else ki.ASSIGN)
        del self.np_index
        return out


def index_put(input, indices, values, accumulate=False):
    """A copy of ``input`` with ``values`` written at ``input[indices]`` (added with ``accumulate``)."""
    for k, t in enumerate(indices):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {k} in argument 0, but got {type(t).__name__}")
    np_index, _ = to_numpy_index(tuple(indices))
    used = sum(i.ndim if isinstance(i, np.ndarray) and i.dtype == np.bool_ else 1 for i in np_index)
    if used > input._data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {input._data.ndim} (got {used})")
    target = _numpy_indexing(input._data, np_index).shape
    if values._data.dtype != input._data.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{_dtype.SCALAR_NAMES[input._data.dtype.name]} for the destination and "
                           f"{_dtype.SCALAR_NAMES[values._data.dtype.name]} for the source.")
    shape = values._data.shape
    if len(shape) > len(target) or any(s != 1 and s != t for s, t in zip(shape[::-1], target[::-1])):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(shape)} cannot be broadcast to indexing "
                           f"result of shape {list(target)}")
    indices = tuple(t.detach() for t in indices)
    return IndexPutBackward0(indices, np_index, bool(accumulate)).apply(input, values)


#: Public function and Tensor method, with PyTorch's TypeError for a wrong argument type.
FUNCTIONS, METHODS = argtypes.surface({
    "index_put": (index_put, (("input", "Tensor"), ("indices", "tuple of Tensors"), ("values", "Tensor"),
                              ("accumulate", "bool"))),
})
registry.register_all(FUNCTIONS, method=False)
registry.register_all(METHODS, function=False, inplace=("index_put",), kind="unaliased_expanded_ok",
                      inplace_functions=("index_put",))
