"""The named tuples of ops with several results, by op name: ``tinytorch.return_types.sort``
(values, indices), ``max``, ``topk``, ``median``..., and ``aminmax`` (min, max)."""
from . import ops  # noqa: F401  (its sort, topk, ... modules register below)
from .ops.reduce import _RETURN_TYPES
from .ops.reduce_extra import aminmax_type as aminmax  # noqa: F401

globals().update(_RETURN_TYPES)
from .ops.linalg_results import RETURN_TYPES as _LINALG_TYPES  # noqa: E402
globals().update(_LINALG_TYPES)   # linalg_svd linalg_qr linalg_eigh linalg_slogdet ... (issue 13)
