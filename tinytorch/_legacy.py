"""PyTorch's legacy constructors: ``torch.Tensor(data)`` / ``torch.Tensor(2, 3)``, the typed
``FloatTensor``, ``LongTensor``..., and ``autograd.Variable`` (which returns a tensor).

``Tensor(sequence)`` copies the data as the default float dtype; ``Tensor(*sizes)`` is an
uninitialised tensor of that shape; ``Tensor()`` is empty; ``Tensor(tensor)`` shares the
tensor's memory.  The typed classes do the same in their dtype, and ``isinstance(x,
torch.FloatTensor)`` is true for a float32 tensor, as in PyTorch.
"""
import numbers

import numpy as np

from . import _dtype, _printing
from ._creation import tensor as _tensor
from ._tensor import Tensor


def _construct(dtype, args, kwargs):
    device = kwargs.pop("device", None)
    if device is not None and str(device) != "cpu":
        raise RuntimeError(f"tinytorch runs on the CPU only; device '{device}' is not available")
    if kwargs:
        raise TypeError(f"new() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if not args:
        return Tensor._make(np.empty(0, dtype.np))
    if len(args) == 1 and isinstance(args[0], Tensor):
        t = args[0]
        if t._data.dtype != dtype.np:
            raise TypeError(f"expected {_type_name(dtype)} (got {_type_name(t.dtype)})")
        return Tensor._make(t._data, None, False, t)
    sizes = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) and _all_ints(args[0]) and \
        type(args[0]).__name__ == "Size" else args
    if _all_ints(sizes):
        for s in sizes:
            if s < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(sizes)}")
        return Tensor._make(np.empty(tuple(int(s) for s in sizes), dtype.np))
    if len(args) != 1:
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"({', '.join(type(a).__name__ for a in args)})")
    data = args[0]
    if isinstance(data, str):
        raise TypeError("new(): invalid data type 'str'")
    if isinstance(data, numbers.Number):
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
    out = _tensor(data)
    return out if out._data.dtype == dtype.np else Tensor._make(out._data.astype(dtype.np))


def _all_ints(values):
    return all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values)


def _type_name(dtype):
    return f"{_printing.MODULE_NAME}.{_dtype.SCALAR_NAMES[dtype.np.name]}Tensor"


def tensor_new(cls, *args, **kwargs):
    """``Tensor.__new__``: the legacy constructor, in the default dtype (float32)."""
    return _construct(_dtype.float32, args, kwargs)


class _TypedTensorMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._data.dtype == cls.dtype.np

    def __repr__(cls):
        return f"<class '{_printing.MODULE_NAME}.{cls.__name__}'>"


def _typed(name, dtype):
    def __new__(cls, *args, **kwargs):
        return _construct(dtype, args, kwargs)
    return _TypedTensorMeta(name, (), {"__new__": __new__, "dtype": dtype, "__module__": "tinytorch",
                                       "__doc__": f"``{name}(data)`` or ``{name}(*sizes)``: a {dtype} tensor."})


FloatTensor = _typed("FloatTensor", _dtype.float32)
DoubleTensor = _typed("DoubleTensor", _dtype.float64)
LongTensor = _typed("LongTensor", _dtype.int64)
IntTensor = _typed("IntTensor", _dtype.int32)
ShortTensor = _typed("ShortTensor", _dtype.int16)
BoolTensor = _typed("BoolTensor", _dtype.bool_)
ByteTensor = _typed("ByteTensor", _dtype.uint8)


def Variable(data, requires_grad=False, volatile=False):
    """The old autograd wrapper: today a tensor sharing ``data``'s memory, as PyTorch returns."""
    if not isinstance(data, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
    out = data.detach()
    if requires_grad:
        out.requires_grad_(True)
    return out
