"""tinytorch: a small, readable tensor library with define-by-run autograd and Numba kernels.

``import tinytorch as torch`` runs PyTorch tutorial code and prints what PyTorch prints.
Layers: ``_tensor`` (Tensor), ``autograd`` (graph nodes, engine, grad mode), ``ops`` (the
differentiable ops), ``kernels`` (Numba), ``_printing`` (PyTorch's repr rules).
"""
from . import _memory
from ._dtype import (bool_ as bool, double, dtype, float, float32, float64, int, int16, int32, int64,  # noqa: F401
                     long, promote_types, short, uint8)
from ._tensor import Size, Tensor, device  # noqa: F401
from . import autograd  # noqa: F401
from .autograd import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled,  # noqa: F401
                       no_grad, set_grad_enabled)
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled  # noqa: F401
from ._printing import get_printoptions, set_printoptions  # noqa: F401
from . import _legacy
from ._legacy import BoolTensor, ByteTensor, DoubleTensor, FloatTensor, IntTensor, LongTensor, ShortTensor  # noqa: F401

Tensor.__new__ = staticmethod(_legacy.tensor_new)   # torch.Tensor(data) / torch.Tensor(2, 3)
from ._creation import (Generator, arange, as_tensor, default_generator, empty, empty_like, eye,  # noqa: F401
                        from_numpy, full, full_like, get_rng_state, initial_seed, linspace, manual_seed, ones,
                        ones_like, rand, rand_like, randint, randint_like, randn, randn_like, randperm, seed,
                        set_rng_state, tensor, zeros, zeros_like)
from ._sampling import bernoulli, multinomial, normal, poisson  # noqa: F401
from . import random  # noqa: F401
from .ops import registry as _ops_registry
globals().update(_ops_registry.FUNCTIONS)   # every op marked public where it is defined (ops/registry.py)
from .ops import CHECKED_FUNCTIONS as _checked_functions  # noqa: E402
globals().update(_checked_functions)   # the same, with their argument checks (ops/__init__.py)
from . import return_types  # noqa: F401,E402
from . import linalg  # noqa: F401,E402

# Training steps and large products reuse big buffers: keep freed heap pages mapped instead
# of returning them to the kernel and faulting them in again (see tinytorch/_memory.py).
_memory.apply_default()


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


def is_floating_point(input):
    return input.is_floating_point()


def get_default_dtype():
    return float32


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,
            disable=False):
    """Returns ``model`` unchanged (or, without one, a decorator that does): tinytorch's kernels
    are compiled by Numba already, so there is no graph compiler to run."""
    if model is None:
        return lambda m: m
    return model


__version__ = "0.1.0"

from ._tensor import device as _device_type  # noqa: E402

_default_device = [_device_type("cpu")]


def set_default_device(device_):
    """``torch.set_default_device``: tinytorch has the CPU only, so ``"cpu"`` (or a ``device``, or
    None for the default) is accepted and any other device refused (PyTorch's AssertionError
    for CUDA, RuntimeError for an unknown name)."""
    if device_ is None:
        _default_device[0] = _device_type("cpu")
        return
    import builtins   # (tinytorch.int, .bool... are dtypes)
    if isinstance(device_, builtins.bool) or not isinstance(device_, (builtins.str, builtins.int, _device_type)):
        raise TypeError(f"set_default_device(): argument 'device' must be torch.device, not "
                        f"{type(device_).__name__}")
    if isinstance(device_, builtins.int):
        raise RuntimeError("Cannot access accelerator device when none is available.")
    name = builtins.str(device_)
    kind = name.split(":", 1)[0]
    if kind == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled (tinytorch runs on the CPU only)")
    if kind != "cpu":
        raise RuntimeError(f"tinytorch runs on the CPU only; device '{name}' is not available")
    _default_device[0] = _device_type("cpu")


def get_default_device():
    """``torch.get_default_device()``: always ``device(type='cpu')`` in tinytorch."""
    return _default_device[0]



def __getattr__(name):
    """Load ``nn``, ``optim``, ``utils``, ``datasets``, ``transforms``, ``vision``, ``profiler``, the
    CPU-only device stubs (``cuda``, ``backends``, ``accelerator``) and ``save``/``load`` on first
    use (fast import)."""
    if name in ("nn", "optim", "utils", "datasets", "transforms", "cuda", "backends", "accelerator", "vision",
                "profiler", "functional"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    if name in ("save", "load"):
        from . import serialization
        return getattr(serialization, name)
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
