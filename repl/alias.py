"""``import torch`` inside a session gives tinytorch, ``import torchvision`` tinytorch.vision.

A meta-path finder maps the name ``torch`` and every ``torch.<sub>`` name to the same name
under ``tinytorch`` (``torch.autograd`` -> ``tinytorch.autograd``), and ``torchvision``
(``torchvision.transforms.v2``...) to ``tinytorch.vision``, so tutorial code pastes
unchanged.  ``install()`` puts the finder first on ``sys.meta_path`` and ``uninstall()``
removes it again (``--no-torch-alias`` never installs it).  Nothing else is touched: a real
PyTorch installation stays importable once the alias is removed.
"""
import importlib
import importlib.abc
import importlib.util
import sys

ALIAS = "torch"
TARGET = "tinytorch"
#: Every aliased top-level name and the package it stands for.
ALIASES = {ALIAS: TARGET, "torchvision": "tinytorch.vision"}


class _AliasLoader(importlib.abc.Loader):
    """Loads an alias name by importing its target and handing back the same module object."""

    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self.original_spec = module.__spec__
        return module

    def exec_module(self, module):
        """The target is already executed; give it back its own ``__spec__``.

        (The import system stamps the alias's spec on the module it was handed.)"""
        module.__spec__ = self.original_spec


def _alias_of(fullname):
    """The aliased top-level name that ``fullname`` is or lies under, else None."""
    top = fullname.split(".", 1)[0]
    return top if top in ALIASES else None


class TorchAliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``torch``/``torchvision`` and their submodules as aliases of ``tinytorch``/``tinytorch.vision``'s."""

    def find_spec(self, fullname, path=None, target=None):
        alias = _alias_of(fullname)
        if alias is None:
            return None
        real = ALIASES[alias] + fullname[len(alias):]
        if importlib.util.find_spec(real) is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


_finder = TorchAliasFinder()


def install():
    """Make ``import torch`` (and ``import torch.x``) import tinytorch, ``import torchvision``
    tinytorch.vision; idempotent."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
        _forget_alias_modules()


def uninstall():
    """Undo ``install``: ``import torch`` finds whatever it would find without the alias."""
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _forget_alias_modules()


def installed():
    return _finder in sys.meta_path


def _forget_alias_modules():
    for name in [n for n in sys.modules if _alias_of(n) is not None]:
        del sys.modules[name]
