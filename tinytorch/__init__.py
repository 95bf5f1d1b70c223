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
from .autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled  # noqa: F401
from ._printing import get_printoptions, set_printoptions  # noqa: F401
from ._creation import (Generator, arange, as_tensor, default_generator, empty, empty_like, eye,  # noqa: F401
                        from_numpy, full, full_like, get_rng_state, initial_seed, linspace, manual_seed, ones,
                        ones_like, rand, rand_like, randint, randint_like, randn, randn_like, randperm, seed,
                        set_rng_state, tensor, zeros, zeros_like)
from ._sampling import bernoulli, multinomial, normal  # noqa: F401
from . import random  # noqa: F401
from .ops import (abs, add, all, any, amax, amin, argmax, argmin, bitwise_and, bitwise_not, bitwise_or,  # noqa: F401
                  bitwise_xor, bmm, cat, chunk, clamp, clone, cos, div, dot, eq,
                  equal, exp, expand_as, flatten, floor_divide, ge, gt, le, log, log1p, log_softmax,
                  logical_and, logical_not, logical_or, logical_xor, logsumexp, lt, masked_fill, matmul, max,
                  maximum,
                  mean, min, minimum, mm, mul, mv, ne, neg, norm, permute, pow, prod, reciprocal, relu,
                  remainder, reshape, rsqrt, sigmoid, sign, sin, softmax, split, split_with_sizes, sqrt, square,
                  squeeze, stack, std, sub, sum, t, tanh, transpose, unbind, unflatten, unsqueeze, var, where)

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
absolute = abs
negative = neg


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


def is_floating_point(input):
    return input.is_floating_point()


def get_default_dtype():
    return float32


__version__ = "0.1.0"


def __getattr__(name):
    """Load ``nn``, ``optim``, ``utils``, ``datasets``, ``transforms``, the CPU-only device stubs
    (``cuda``, ``backends``, ``accelerator``) and ``save``/``load`` on first use (fast import)."""
    if name in ("nn", "optim", "utils", "datasets", "transforms", "cuda", "backends", "accelerator"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    if name in ("save", "load"):
        from . import serialization
        return getattr(serialization, name)
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
