"""``torch.set_default_device`` / ``get_default_device`` (CPU only) and the ``torch.functional`` module."""
import importlib

import pytest

import tinytorch as torch


def test_the_cpu_is_the_default_device_and_can_be_set():
    assert str(torch.get_default_device()) == "cpu"
    for device in ("cpu", torch.device("cpu"), None):
        torch.set_default_device(device)
        assert torch.get_default_device() == torch.device("cpu")
        assert torch.ones(2).device == torch.device("cpu")


def test_other_devices_are_refused():
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.set_default_device("cuda")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.set_default_device("cuda:0")
    with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is available."):
        torch.set_default_device(0)
    with pytest.raises(RuntimeError, match="CPU only"):
        torch.set_default_device("mps")
    with pytest.raises(TypeError, match="must be torch.device, not list"):
        torch.set_default_device(["cpu"])
    assert torch.get_default_device() == torch.device("cpu")


def test_torch_functional_names_are_tinytorchs():
    F = importlib.import_module("tinytorch.functional")
    assert torch.functional is F
    for name in F.__all__:
        assert getattr(F, name) is getattr(torch, name)
    a, b = torch.meshgrid(torch.arange(2), torch.arange(3), indexing="ij")
    assert a.shape == (2, 3) and b.tolist() == [[0, 1, 2], [0, 1, 2]]
    assert F.einsum("ij,j->i", torch.ones(2, 3), torch.ones(3)).tolist() == [3.0, 3.0]
    assert not hasattr(F, "stft")


def test_torch_utils_data_submodules():
    import tinytorch.utils.data as data
    from tinytorch.utils.data import dataloader, dataset, sampler
    assert dataset.TensorDataset is data.TensorDataset and dataset.IterableDataset is data.IterableDataset
    assert dataloader.DataLoader is data.DataLoader and sampler.RandomSampler is data.RandomSampler
