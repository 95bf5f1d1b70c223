"""The top-level functions and Tensor methods of the linear-algebra ops (``torch.det``,
``x.inverse()``...), PyTorch's older spellings of ``torch.linalg``'s ops."""
from . import registry
from .linalg_lu import cholesky_deprecated, det, inv, logdet, slogdet
from .linalg_matrix_exp import matrix_exp
from .linalg_spectral import pinverse, qr_legacy, svd_legacy


def _slogdet(input):
    return slogdet(input, _result="slogdet")


def _matrix_power(input, n):
    from ..linalg import matrix_power
    return matrix_power(input, n)


#: torch.<name> (and Tensor.<name>).
FUNCTIONS = {"det": det, "slogdet": _slogdet, "logdet": logdet, "inverse": inv, "cholesky": cholesky_deprecated,
             "pinverse": pinverse, "svd": svd_legacy, "qr": qr_legacy, "matrix_power": _matrix_power,
             "matrix_exp": matrix_exp}
registry.register_all(FUNCTIONS, out={"inverse": "exact", "cholesky": "cast", "matrix_power": "exact", "svd": "tuple",
                                    "qr": "tuple", "slogdet": "tuple"})
