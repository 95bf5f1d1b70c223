"""``InstanceNorm1d`` / ``InstanceNorm2d``: each (sample, channel) normalised over its positions."""
import warnings

from . import functional as F
from .normalization import _BatchNorm


class _InstanceNorm(_BatchNorm):
    """Parameters and buffers as batch norm's (affine and track_running_stats default to False);
    ``forward`` takes batched (N, C, *) or unbatched (C, *) input."""

    _batched_dim = 3   # the dimensionality of batched input; unbatched input has one fewer

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
                 dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, dtype=dtype, bias=bias)

    def _check_input_dim(self, input):
        if input.dim() not in (self._batched_dim - 1, self._batched_dim):
            raise ValueError(f"expected {self._batched_dim - 1}D or {self._batched_dim}D input (got {input.dim()}D "
                             "input)")

    def forward(self, input):
        self._check_input_dim(input)
        unbatched = input.dim() == self._batched_dim - 1
        feature_dim = 0 if unbatched else 1
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match num_features "
                                 f"({self.num_features}), but got: {input.shape[feature_dim]}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You can silence this "
                          "warning by not passing in num_features, which is not used because affine=False",
                          stacklevel=2)
        x = input.unsqueeze(0) if unbatched else input
        out = F.instance_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                              self.training or not self.track_running_stats,
                              self.momentum if self.momentum is not None else 0.0, self.eps)
        return out.squeeze(0) if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """Instance norm of (N, C, L) or (C, L)."""


class InstanceNorm2d(_InstanceNorm):
    """Instance norm of (N, C, H, W) or (C, H, W)."""

    _batched_dim = 4
