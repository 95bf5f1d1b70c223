"""Define-by-run automatic differentiation: graph nodes, the backward engine, grad mode,
``grad``, ``gradcheck`` and the user-written ``Function``."""
from . import anomaly_mode, function, functional, graph  # noqa: F401
from .anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: F401
from .function import Function, once_differentiable  # noqa: F401
from .node import AccumulateGrad, Node  # noqa: F401
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled,  # noqa: F401
                        no_grad, set_grad_enabled)
from .api import backward, grad  # noqa: F401
from .gradcheck import gradcheck, gradgradcheck  # noqa: F401


def __getattr__(name):
    """``Variable`` (the legacy wrapper, which returns a tensor) and ``profiler`` on first use."""
    if name == "Variable":
        from .._legacy import Variable
        return Variable
    if name == "profiler":   # loaded on first use
        import importlib
        return importlib.import_module(f"{__name__}.profiler")
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
