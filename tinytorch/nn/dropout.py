"""``Dropout``: zero elements with probability p while training, scaling the rest by 1/(1-p); the
channel-wise ``Dropout1d`` / ``Dropout2d`` and the SELU-preserving ``AlphaDropout`` / ``FeatureAlphaDropout``."""
from . import functional as F
from .module import Module


class Dropout(Module):
    """Identity in eval mode; in train mode each element is kept with probability 1 - p."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:   # (NaN passes, as in PyTorch: F.dropout refuses it when used)
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class _DropoutNd(Dropout):
    """A dropout module calling ``_fn`` (the PyTorch functional it mirrors)."""

    _fn = None

    def forward(self, input):
        return type(self)._fn(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """Whole channels of (N, C, L) or (C, L) zeroed with probability p while training."""

    _fn = staticmethod(F.dropout1d)


class Dropout2d(_DropoutNd):
    """Whole channels of (N, C, H, W) or (C, H, W) zeroed with probability p while training."""

    _fn = staticmethod(F.dropout2d)


class AlphaDropout(_DropoutNd):
    """Dropout keeping a SELU network's mean and variance, while training."""

    _fn = staticmethod(F.alpha_dropout)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels, while training."""

    _fn = staticmethod(F.feature_alpha_dropout)
