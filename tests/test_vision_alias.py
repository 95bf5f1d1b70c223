"""The REPL's ``import torchvision`` alias: torchvision names give tinytorch.vision's modules."""
import sys

import tinytorch
import tinytorch.vision
from tinytorch_repl import alias
from tinytorch_repl.runner import Session

from conftest import run_cells as run


def test_torchvision_is_tinytorch_vision_and_the_alias_can_be_removed():
    alias.install()
    try:
        s = Session()
        run(s, "import torch, torchvision\nimport torchvision.transforms as T\n"
               "from torchvision import datasets, transforms\nfrom torchvision.transforms import v2\n"
               "from torchvision.utils import make_grid\n"
               "flip = T.RandomHorizontalFlip(p=1.0)(torch.arange(3.).view(1, 1, 3))")
        ns = s.namespace
        assert ns["torchvision"] is tinytorch.vision and ns["torch"] is tinytorch
        assert ns["T"] is tinytorch.vision.transforms and ns["transforms"] is ns["T"]
        assert ns["datasets"] is tinytorch.vision.datasets and ns["v2"].ToImage is tinytorch.vision.transforms.v2.ToImage
        assert ns["make_grid"] is tinytorch.vision.utils.make_grid
        assert ns["flip"].tolist() == [[[2.0, 1.0, 0.0]]]
        assert sys.modules["torchvision.transforms"] is tinytorch.vision.transforms
        assert tinytorch.vision.__spec__.name == "tinytorch.vision"
    finally:
        alias.uninstall()
    assert not any(n == "torchvision" or n.startswith("torchvision.") for n in sys.modules)
    assert not alias.installed()
