"""``Dropout``: zero elements with probability p while training, scaling the rest by 1/(1-p)."""
from . import functional as F
from .module import Module


class Dropout(Module):
    """Identity in eval mode; in train mode each element is kept with probability 1 - p."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"
