"""The Tensor: a NumPy array (storage, shape, strides, views) plus autograd fields.

Views (``view``, ``t``, slicing...) are NumPy views of the same memory and share one
version counter with their base, so an in-place change through any of them is seen by
the graph nodes that saved that memory.  Arithmetic is in ``tinytorch.ops``; the methods
here only forward to it.
"""
import copy

import numpy as np

from . import _checks, _dtype, _printing
from ._printing import format_tensor
from .autograd import api as _api
from .autograd import hooks as _hooks
from .autograd import node as _node
from .autograd import views as _views
from .autograd.engine import run_backward


class Size(tuple):
    """``tensor.shape``: a tuple that prints as ``tinytorch.Size([2, 2])`` (``torch.Size`` under
    the REPL's torch alias)."""

    __slots__ = ()

    def __repr__(self):
        return f"{_printing.MODULE_NAME}.Size({list(self)})"

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n


class device:
    """Only the CPU exists in tinytorch."""

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if str(type) != "cpu":
            raise RuntimeError(f"tinytorch runs on the CPU only; device '{type}' is not available")
        self.type, self.index = "cpu", None

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"

    def __eq__(self, other):
        return str(other) == "cpu"

    def __hash__(self):
        return hash("cpu")


_CPU = device()
_FLOAT_KINDS = "f"


class _TensorType(type):
    """``Tensor``'s metaclass, for its printed name only: ``<class 'tinytorch.Tensor'>`` (``torch.Tensor``
    under the REPL's torch alias, ``_printing.set_module_name``), where PyTorch prints
    ``<class 'torch.Tensor'>``; subclasses print as Python prints any class."""

    def __repr__(cls):
        if cls.__dict__.get("_public_name"):
            return f"<class '{_printing.MODULE_NAME}.{cls.__name__}'>"
        return super().__repr__()


class Tensor(metaclass=_TensorType):
    """A multi-dimensional array with define-by-run autograd.

    ``_data`` is the NumPy array; ``grad_fn`` the node that produced it (None for leaves);
    ``grad`` the accumulated gradient of a leaf; ``_vc`` the version counter, a one-element
    list shared by a tensor and all its views and incremented by every in-place change.
    """

    __slots__ = ("_data", "_requires_grad", "_grad", "_grad_fn", "_vc", "__dict__", "__weakref__")

    #: Defaults an instance overrides only when it differs (so making a tensor sets five fields):
    #: the base tensor of a view and its version when made, the leaf's AccumulateGrad node (held
    #: weakly), retain_grad(), the output index in a node with several outputs, tensor hooks.
    _base = None
    _view_version = 0
    _accumulator = None
    _retains_grad = False
    _output_nr = 0
    _hooks = None

    __array_priority__ = 1000  # make ndarray <op> Tensor defer to Tensor
    _public_name = True   # (printed as tinytorch.Tensor: _TensorType)

    def __init__(self, *args, **kwargs):
        pass   # ``Tensor(...)``, the legacy constructor, is ``__new__`` (set in tinytorch/_legacy.py)

    @classmethod
    def _make(cls, data, grad_fn=None, requires_grad=False, base=None):
        """Wrap ndarray ``data`` (not copied); ``base``: the tensor ``data`` is a view of."""
        t = object.__new__(cls)
        t._data = data
        t._grad = None
        t._grad_fn = grad_fn
        t._requires_grad = requires_grad or grad_fn is not None
        if base is None:
            t._vc = [0]
        else:
            t._vc = base._vc
            t._base = base if base._base is None else base._base
            t._view_version = base._vc[0]
        return t

    @property
    def grad(self):
        """The gradient accumulated into this tensor by ``backward`` (None until then)."""
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_checks.CXX_TYPE_NAMES[value._data.dtype.name]}' "
                    f"to a tensor with grad_dtype '{_dtype.SCALAR_NAMES[self._data.dtype.name]}'. The gradient must "
                    "match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's "
                    "grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with "
                    "caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that "
                    "assume they match.")
            if value._data.shape != self._data.shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(value._data.shape)}' to a tensor "
                                   f"of size '{list(self._data.shape)}'. Please ensure that the gradient and the "
                                   "tensor are the same size")
        self._grad = value

    @property
    def grad_fn(self):
        """The node that produced this tensor (None for leaves).

        A view whose base was changed in place after the view was made (through the base
        or another view) gets a new history from the base's current one, as in PyTorch,
        so its gradient sees the change."""
        if self._base is not None and self._view_version != self._vc[0]:
            self._view_version = self._vc[0]
            if self._base._requires_grad:
                _views.rebase_view(self)
        return self._grad_fn

    @grad_fn.setter
    def grad_fn(self, node):
        self._grad_fn = node

    # ---- basic attributes --------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_checks.wrap_dim(dim, self._data.ndim)]

    def dim(self):
        return self._data.ndim

    @property
    def ndim(self):
        return self._data.ndim

    ndimension = dim

    def numel(self):
        return self._data.size

    nelement = numel

    @property
    def dtype(self):
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        return _CPU

    @property
    def is_cuda(self):
        return False

    def is_floating_point(self):
        return self._data.dtype.kind in _FLOAT_KINDS

    def element_size(self):
        return self._data.itemsize

    def stride(self, dim=None):
        """Elements to step in each dimension, as PyTorch reports them.  NumPy's strides agree
        except in two places where the stride is never used: a size-1 dimension that NumPy
        strides by 0 (``x[None]``, a broadcast) gets the stride it would have in a contiguous
        layout (size times stride of the next dimension), and an empty tensor strided by 0
        everywhere gets contiguous strides (sizes of 0 counted as 1).  PyTorch derives strides
        from each op's own rule, so a size-1 or empty dimension can still report another stride
        after ``expand`` or an ``unsqueeze`` of an empty tensor; no value depends on it."""
        a = self._data
        strides = [s // a.itemsize for s in a.strides]
        if a.size == 0 and not any(strides):
            strides = [1] * a.ndim
            for d in range(a.ndim - 2, -1, -1):
                strides[d] = strides[d + 1] * max(a.shape[d + 1], 1)
        else:
            for d in range(a.ndim - 1, -1, -1):
                if a.shape[d] == 1 and strides[d] == 0:
                    strides[d] = strides[d + 1] * a.shape[d + 1] if d + 1 < a.ndim else 1
        return tuple(strides) if dim is None else strides[_checks.wrap_dim(dim, a.ndim)]

    def is_contiguous(self):
        return self._data.flags.c_contiguous

    def data_ptr(self):
        return self._data.ctypes.data

    @property
    def _version(self):
        """How many in-place changes this tensor's memory has seen (PyTorch's ``_version``)."""
        return self._vc[0]

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True):
        if not isinstance(requires_grad, bool):
            raise TypeError(f"requires_grad_(): argument 'requires_grad' (position 1) must be bool, not "
                            f"{type(requires_grad).__name__}")
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a "
                    "computed variable in a subgraph that doesn't require differentiation use "
                    "var_no_grad = var.detach()."
                )
            return self
        if requires_grad and self._data.dtype.kind not in _FLOAT_KINDS:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = bool(requires_grad)
        return self

    def retain_grad(self):
        if self.grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        self._retains_grad = True
        self.grad_fn._retained = self

    @property
    def retains_grad(self):
        return self._retains_grad

    def _alias(self):
        """A new leaf on the same storage and version counter, outside the graph (not a view:
        changing it in place is allowed even when ``self`` is a leaf that requires grad)."""
        t = Tensor._make(self._data)
        t._vc = self._vc
        return t

    @property
    def data(self):
        """The same storage, detached from the graph."""
        return self._alias()

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value)

    # ---- conversion ----------------------------------------------------------------------
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self):
        return self._data.tolist()

    def numpy(self):
        if self._requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))   # as PyTorch: each row is a view with grad_fn UnbindBackward0

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(
                f"Boolean value of Tensor with {'no values' if self._data.size == 0 else 'more than one value'} "
                "is ambiguous")
        return bool(self._data.reshape(()))

    def __float__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return float(self.item())

    def __int__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self.item())

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __hash__(self):
        return id(self)

    def __reduce__(self):
        """Pickling, which DataLoader workers use to send batches (in memory, never to disk): the
        values and ``requires_grad``, as PyTorch keeps them.  The copy is a leaf (no graph, no
        ``.grad``) holding only this tensor's own elements, also when it is a view."""
        return _rebuild_tensor, (type(self), np.array(self._data, order="C"), self._requires_grad)

    def __deepcopy__(self, memo):
        """``copy.deepcopy``: a leaf with a copy of the values and of ``.grad``; graph nodes
        cannot be copied (PyTorch's rule and message)."""
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.")
        copied = type(self)._make(np.array(self._data, order="C"), None, self._requires_grad)
        memo[id(self)] = copied
        if self.grad is not None:
            copied.grad = copy.deepcopy(self.grad, memo)
        return copied

    def __repr__(self):
        suffixes = []
        if self.grad_fn is not None:
            suffixes.append(f"grad_fn=<{self.grad_fn.name()}>")
        elif self._requires_grad:
            suffixes.append("requires_grad=True")
        return format_tensor(self._data, repr(self.dtype), suffixes)

    __str__ = __repr__

    def __format__(self, spec):
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    # ---- autograd --------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) * gradient into every leaf's ``.grad``.

        ``gradient`` defaults to 1 for a one-element tensor; any other shape needs one
        (the vector of the vector-Jacobian product).
        """
        if isinstance(gradient, (list, tuple)):   # PyTorch reads a sequence as one gradient per output
            for g in gradient:
                if g is not None and not isinstance(g, Tensor):
                    raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
        if create_graph or inputs is not None:
            return _api.backward([self], None if gradient is None else [gradient], retain_graph, create_graph,
                                 inputs)
        if not self._requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
        g = _api.initial_grad(self, gradient)
        node = self.grad_fn
        run_backward([(node, self._output_nr) if node is not None else _node.edge_to(self)], [g],
                     retain_graph=bool(retain_graph))

    def register_hook(self, hook):
        """``hook(grad)`` runs when this tensor's gradient is computed; a returned tensor replaces it."""
        return _hooks.register_hook(self, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """``hook(tensor)`` runs after a backward pass has accumulated into this leaf's ``.grad``."""
        return _hooks.register_post_accumulate_grad_hook(self, hook)

    def detach(self):
        return self._alias()

    def detach_(self):
        if self._base is not None and self._base._requires_grad:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    # ---- dtype / layout conversions --------------------------------------------------
    def type(self, dtype=None):
        if dtype is None:
            return _printing.MODULE_NAME + "." + _dtype.SCALAR_NAMES[self._data.dtype.name] + "Tensor"
        if isinstance(dtype, str):   # x.type('torch.DoubleTensor'), as PyTorch reads a type name
            names = {f"{m}.{s}Tensor": d for d, s in _dtype.SCALAR_NAMES.items() for m in ("torch", "tinytorch")}
            if dtype not in names:
                raise ValueError(f"invalid type: '{dtype}'")
            return self.to(_dtype.to_dtype(names[dtype]))
        return self.to(dtype)

    def float(self):
        return self.to(_dtype.float32)

    def double(self):
        return self.to(_dtype.float64)

    def long(self):
        return self.to(_dtype.int64)

    def int(self):
        return self.to(_dtype.int32)

    def bool(self):
        return self.to(_dtype.bool_)

    def byte(self):
        return self.to(_dtype.uint8)

    def cpu(self):
        return self




def size_args(size, allow_minus_one=False):
    """``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])`` all mean shape (2, 3).

    allow_minus_one: keep -1 entries (``view``, ``reshape``, ``expand`` resolve them).
    """
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    out = []
    for s in size:
        if type(s) is not int:
            if isinstance(s, Tensor):
                s = s.item()
            if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
                raise TypeError(f"size must contain only ints, got {type(s).__name__}")
            s = int(s)
        out.append(s)
    if not allow_minus_one and out and min(out) < 0:
        bad = next(s for s in out if s < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {bad}: {out}")
    return tuple(out)


def _rebuild_tensor(cls, data, requires_grad):
    return cls._make(data, None, requires_grad)


def dtype_of_to_args(args, dtype=None, device_arg=None):
    """The dtype that ``.to(*args, dtype=..., device=...)`` asks for (None: keep the dtype).

    Arguments may be a dtype, a tensor (take its dtype), a device or None, in any order, as
    in PyTorch; any device other than the CPU raises.
    """
    for a in args:
        if a is None:
            continue
        if isinstance(a, _dtype.dtype) or a in (float, int, bool):
            dtype = a
        elif isinstance(a, type):   # np.float64 and other types: PyTorch's parser refuses them
            raise TypeError(f"to() received an invalid combination of arguments - got ({type(a).__name__}), but "
                            "expected one of:\n")
        elif isinstance(a, Tensor):
            dtype = a.dtype
        else:
            device(a)
    if device_arg is not None:
        device(device_arg)
    return dtype


def zero_grads(tensors, set_to_none=True):
    """Reset the ``.grad`` of every tensor: to None (the default), or to zeros in place."""
    for t in tensors:
        if t._grad is None:
            continue
        if set_to_none:
            t._grad = None
        else:
            t.grad = t.grad.detach()
            t.grad.zero_()


_node._bind_tensor(Tensor)
