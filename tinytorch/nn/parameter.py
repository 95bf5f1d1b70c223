"""``Parameter``: a tensor that a ``Module`` registers as one of its learnable weights."""
from .._tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor that requires grad (by default) and that ``Module.__setattr__`` registers.

    ``Parameter(data)`` shares ``data``'s memory, like PyTorch's; ``data`` defaults to an
    empty float32 tensor.
    """

    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            import numpy as np
            array = np.empty(0, np.float32)
        elif isinstance(data, Tensor):
            array = data._data
        else:
            raise TypeError(f"Parameter data must be a Tensor, got {type(data).__name__}")
        p = cls._make(array)
        if requires_grad and p._data.dtype.kind != "f":   # (PyTorch's wording for a new tensor, not requires_grad_'s)
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        p.requires_grad_(requires_grad)
        return p

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        """A Parameter with a copy of the values and the same ``requires_grad``; like PyTorch's,
        without the ``.grad``."""
        copied = type(self)._make(self._data.copy(order="C"), None, self._requires_grad)
        memo[id(self)] = copied
        return copied

    __str__ = __repr__
