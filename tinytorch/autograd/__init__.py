"""Define-by-run automatic differentiation: graph nodes, the backward engine, grad mode,
``grad`` and ``gradcheck``."""
from .function import AccumulateGrad, Function  # noqa: F401
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled  # noqa: F401
from .api import backward, grad  # noqa: F401
from .gradcheck import gradcheck  # noqa: F401
