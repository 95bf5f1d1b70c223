"""``tinytorch.functional`` (``torch.functional``): the module where PyTorch defines a few
tensor functions in Python (``einsum``, ``meshgrid``, ``split``, ``norm``...); here the same
functions as ``tinytorch.<name>``.  Of its ``__all__``, tinytorch lacks ``broadcast_shapes``,
``chain_matmul``, ``lu``, ``stft``/``istft``, ``pca_lowrank``, ``svd_lowrank`` and
``unravel_index`` (AttributeError, as for any missing name)."""
import tinytorch as _tt
from tinytorch import Tensor  # noqa: F401  (torch.functional exposes Tensor too)

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "broadcast_tensors", "cartesian_prod", "block_diag", "cdist",
           "einsum", "norm", "meshgrid", "split", "tensordot", "unique", "unique_consecutive"]

globals().update({_name: getattr(_tt, _name) for _name in __all__})
