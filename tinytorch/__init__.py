"""tinytorch: a small, readable tensor library with define-by-run autograd and Numba kernels.

``import tinytorch as torch`` runs PyTorch tutorial code and prints what PyTorch prints.
Layers: ``_tensor`` (Tensor), ``autograd`` (graph nodes, engine, grad mode), ``ops`` (the
differentiable ops), ``kernels`` (Numba), ``_printing`` (PyTorch's repr rules).
"""
from . import _memory
from ._dtype import (bool_ as bool, double, dtype, float, float32, float64, int, int32, int64,  # noqa: F401
                     long, promote_types, uint8)
from ._tensor import Size, Tensor, device  # noqa: F401
from . import autograd  # noqa: F401
from .autograd import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled,  # noqa: F401
                       no_grad, set_grad_enabled)
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled  # noqa: F401
from ._printing import get_printoptions, set_printoptions  # noqa: F401
from . import _legacy
from ._legacy import BoolTensor, ByteTensor, DoubleTensor, FloatTensor, IntTensor, LongTensor  # noqa: F401

Tensor.__new__ = staticmethod(_legacy.tensor_new)   # torch.Tensor(data) / torch.Tensor(2, 3)
from ._creation import (Generator, arange, as_tensor, default_generator, empty, empty_like, eye,  # noqa: F401
                        from_numpy, full, full_like, get_rng_state, initial_seed, linspace, manual_seed, ones,
                        ones_like, rand, rand_like, randint, randint_like, randn, randn_like, randperm, seed,
                        set_rng_state, tensor, zeros, zeros_like)
from ._sampling import bernoulli, multinomial, normal  # noqa: F401
from . import random  # noqa: F401
from .ops import (add, all, allclose, any, amax, amin, argmax, argmin, bitwise_and, bitwise_not, bitwise_or,  # noqa: F401
                  bitwise_xor, bmm, cat, chunk, clamp, clone, div, dot, eq,
                  equal, expand_as, flatten, floor_divide, ge, gt, isclose, le, log_softmax,
                  logical_and, logical_not, logical_or, logical_xor, logsumexp, lt, masked_fill, matmul, max,
                  maximum, mean, min, minimum, mm, mul, mv, ne, norm, permute, pow, prod,
                  remainder, reshape, softmax, split, split_with_sizes, square,
                  squeeze, stack, std, sub, sum, t, transpose, tril, triu, unbind, unflatten, unsqueeze, var, where)
from .ops import TABLE_FUNCTIONS as _TABLE_FUNCTIONS
from .ops import isfinite, isinf, isnan, isneginf, isposinf, nan_to_num  # noqa: F401
from .ops.elementwise import clamp_max, clamp_min  # noqa: F401
from .ops import INDEX_FUNCTIONS as _INDEX_FUNCTIONS
globals().update({k: v for k, v in _INDEX_FUNCTIONS.items() if not k.endswith("_")})   # gather, scatter, ...

globals().update(_TABLE_FUNCTIONS)   # exp, log, sin, ... and their aliases: one row each in ops/table.py
from .ops.activations import TORCH_FUNCTIONS as _ACTIVATION_FUNCTIONS
globals().update(_ACTIVATION_FUNCTIONS)   # selu celu prelu threshold hardshrink cosine_similarity ...
from .ops import SHAPE_SURFACE_FUNCTIONS as _SHAPE_SURFACE_FUNCTIONS
globals().update(_SHAPE_SURFACE_FUNCTIONS)   # roll flip repeat diagonal einsum addmm ... (issue 13)
from .ops.reduce_surface import FUNCTIONS as _REDUCE_SURFACE_FUNCTIONS
globals().update(_REDUCE_SURFACE_FUNCTIONS)   # cumsum sort topk median quantile unique bincount ... (issue 13)
from . import return_types  # noqa: F401,E402

# Training steps and large products reuse big buffers: keep freed heap pages mapped instead
# of returning them to the kernel and faulting them in again (see tinytorch/_memory.py).
_memory.apply_default()

clip = clamp
concat = cat
concatenate = cat
multiply = mul
subtract = sub
true_divide = div
divide = div


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


def __getattr__(name):
    """Load ``nn``, ``optim``, ``utils``, ``datasets``, ``transforms``, ``vision``, ``profiler``, the
    CPU-only device stubs (``cuda``, ``backends``, ``accelerator``) and ``save``/``load`` on first
    use (fast import)."""
    if name in ("nn", "optim", "utils", "datasets", "transforms", "cuda", "backends", "accelerator", "vision",
                "profiler"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    if name in ("save", "load"):
        from . import serialization
        return getattr(serialization, name)
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
