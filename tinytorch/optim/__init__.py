"""``tinytorch.optim``: ``SGD``, ``Adam``, ``AdamW``, ``Adadelta`` and ``lr_scheduler``, as in ``torch.optim``."""
from . import lr_scheduler  # noqa: F401
from .adadelta import Adadelta  # noqa: F401
from .adam import Adam, AdamW  # noqa: F401
from .optimizer import Optimizer  # noqa: F401
from .sgd import SGD  # noqa: F401
