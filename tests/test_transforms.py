"""tinytorch.transforms: ToTensor, Normalize, Compose and Lambda (torchvision's interface), alone
and on the bundled MNIST digits."""
import subprocess
import sys

import numpy as np
import pytest

import tinytorch
import tinytorch as torch
from tinytorch import datasets, transforms
from tinytorch.utils.data import DataLoader

from conftest import assert_tensor, to_np

MNIST_NORM = transforms.Normalize((0.1307,), (0.3081,))


# ---- ToTensor ------------------------------------------------------------------------------
def test_to_tensor_passes_float_tensors_through():
    image = torch.rand(1, 28, 28)
    assert transforms.ToTensor()(image) is image
    image64 = torch.rand(3, 4, dtype=torch.float64)
    assert transforms.ToTensor()(image64) is image64


def test_to_tensor_scales_uint8_arrays_to_float32():
    pixels = np.arange(256, dtype=np.uint8).reshape(16, 16)
    out = transforms.ToTensor()(pixels)
    assert_tensor(out, (pixels.astype(np.float32) / np.float32(255))[None], dtype=torch.float32, rtol=0, atol=0)
    assert to_np(out).min() == 0.0 and to_np(out).max() == 1.0
    assert pixels[15, 15] == 255  # the input is left alone


def test_to_tensor_moves_channels_first():
    hwc = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)  # H=2, W=3, C=4
    out = transforms.ToTensor()(hwc)
    assert tuple(out.shape) == (4, 2, 3)
    assert out.is_contiguous()
    assert_tensor(out, hwc.transpose(2, 0, 1).astype(np.float32) / np.float32(255), rtol=0, atol=0)


def test_to_tensor_keeps_other_dtypes_unscaled():
    values = np.array([[0.0, 2.5], [-1.0, 300.0]])
    out = transforms.ToTensor()(values)
    assert_tensor(out, values[None], dtype=torch.float64, rtol=0, atol=0)
    ints = np.array([[1, 2, 3]], dtype=np.int64)
    assert_tensor(transforms.ToTensor()(ints), ints[None], dtype=torch.int64)


def test_to_tensor_on_uint8_tensor_matches_the_dataset_item():
    ds = datasets.MNIST(train=False)
    out = transforms.ToTensor()(ds.data[7])
    image, _ = ds[7]
    assert tuple(out.shape) == (1, 28, 28) and out.dtype == torch.float32
    assert torch.equal(out, image)


def test_to_tensor_errors():
    with pytest.raises(TypeError, match="pic should be"):
        transforms.ToTensor()([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="pic should be 2/3 dimensional. Got 4 dimensions."):
        transforms.ToTensor()(np.zeros((1, 2, 3, 4), np.uint8))
    with pytest.raises(ValueError, match="Got 1 dimensions"):
        transforms.ToTensor()(torch.zeros(5, dtype=torch.uint8))


# ---- Normalize -----------------------------------------------------------------------------
def test_normalize_mnist_values():
    x = torch.tensor([[[0.0, 1.0], [0.1307, 0.5]]])
    out = MNIST_NORM(x)
    expected = (np.array([[[0.0, 1.0], [0.1307, 0.5]]], np.float32) - np.float32(0.1307)) / np.float32(0.3081)
    assert_tensor(out, expected, dtype=torch.float32)
    assert to_np(out)[0, 0, 0] == pytest.approx(-0.4242129, abs=1e-6)
    assert to_np(out)[0, 0, 1] == pytest.approx(2.8214867, abs=1e-6)
    assert to_np(out)[0, 1, 0] == 0.0
    assert x.tolist() == [[[0.0, 1.0], [0.1307000070810318, 0.5]]]  # not in place


def test_normalize_per_channel_and_batches():
    mean, std = (0.5, 0.25, -1.0), (0.5, 2.0, 4.0)
    x = torch.rand(2, 3, 4, 5)
    out = transforms.Normalize(mean, std)(x)
    m = np.array(mean, np.float32)[:, None, None]
    s = np.array(std, np.float32)[:, None, None]
    assert_tensor(out, (to_np(x) - m) / s, dtype=torch.float32)
    x64 = torch.rand(3, 2, 2, dtype=torch.float64)
    out64 = transforms.Normalize(mean, std)(x64)
    assert_tensor(out64, (to_np(x64) - np.array(mean)[:, None, None]) / np.array(std)[:, None, None],
                  dtype=torch.float64, rtol=1e-15)


def test_normalize_one_value_for_every_channel():
    x = torch.rand(3, 2, 2)
    assert_tensor(transforms.Normalize([0.5], [2.0])(x), (to_np(x) - 0.5) / 2.0)
    assert_tensor(transforms.Normalize(0.5, 2.0)(x), (to_np(x) - 0.5) / 2.0)


def test_normalize_inplace():
    x = torch.ones(1, 2, 2)
    out = transforms.Normalize((0.5,), (0.25,), inplace=True)(x)
    assert out is x
    assert x.tolist() == [[[2.0, 2.0], [2.0, 2.0]]]


def test_normalize_sees_changed_mean_and_std():
    t = transforms.Normalize((0.0,), (1.0,))
    x = torch.ones(1, 1, 1)
    assert t(x).item() == 1.0
    t.mean, t.std = (0.5,), (0.25,)
    assert t(x).item() == 2.0


def test_normalize_is_differentiable():
    x = torch.rand(2, 3, 3, requires_grad=True)
    transforms.Normalize((0.1, 0.2), (0.5, 4.0))(x).sum().backward()
    expected = np.concatenate([np.full((1, 3, 3), 2.0), np.full((1, 3, 3), 0.25)])
    assert_tensor(x.grad, expected)


def test_normalize_errors():
    with pytest.raises(TypeError, match="Input tensor should be a tinytorch tensor"):
        MNIST_NORM(np.zeros((1, 2, 2), np.float32))
    with pytest.raises(TypeError, match="Input tensor should be a float tensor. Got tinytorch.uint8."):
        MNIST_NORM(torch.zeros(1, 2, 2, dtype=torch.uint8))
    with pytest.raises(ValueError, match=r"Expected tensor to be a tensor image of size \(..., C, H, W\)"):
        MNIST_NORM(torch.zeros(2, 2))
    with pytest.raises(ValueError, match="std evaluated to zero after conversion to tinytorch.float32"):
        transforms.Normalize((0.5, 0.5), (1.0, 0.0))(torch.zeros(2, 2, 2))
    with pytest.raises(RuntimeError):
        transforms.Normalize((0.5, 0.5), (1.0, 1.0))(torch.zeros(3, 2, 2))  # 2 values for 3 channels


# ---- Compose and Lambda --------------------------------------------------------------------
def test_compose_applies_in_order_and_prints_like_torchvision():
    t = transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda x: x * 10),
                            transforms.Normalize((1.0,), (2.0,))])
    out = t(np.array([[0, 255]], dtype=np.uint8))
    assert out.tolist() == [[[-0.5, 4.5]]]
    assert repr(t) == ("Compose(\n    ToTensor()\n    Lambda()\n    Normalize(mean=(1.0,), std=(2.0,))\n)")
    assert repr(transforms.Compose([])) == "Compose(\n)"
    assert repr(MNIST_NORM) == "Normalize(mean=(0.1307,), std=(0.3081,))"


def test_lambda_needs_a_callable():
    assert transforms.Lambda(str.upper)("ab") == "AB"
    with pytest.raises(TypeError, match="Argument lambd should be callable, got 'int'"):
        transforms.Lambda(3)


# ---- on the digits -------------------------------------------------------------------------
def test_mnist_with_the_classic_transform():
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    plain = datasets.MNIST(train=False)
    ds = datasets.MNIST(train=False, transform=transform)
    image, label = ds[3]
    assert label == plain[3][1]
    assert_tensor(image, (to_np(plain[3][0]) - np.float32(0.1307)) / np.float32(0.3081), dtype=torch.float32)
    x, y = next(iter(DataLoader(ds, batch_size=500)))
    assert tuple(x.shape) == (500, 1, 28, 28) and tuple(y.shape) == (500,)
    # MNIST's mean and std map to about 0 and 1
    assert abs(x.mean().item()) < 0.1 and abs(x.std().item() - 1) < 0.1
    assert_tensor(x[3], to_np(image))


def test_import_like_torchvision_and_stay_lazy():
    assert tinytorch.transforms is transforms
    code = ("import sys, tinytorch; assert 'tinytorch.transforms' not in sys.modules; "
            "from tinytorch import datasets, transforms; print(transforms.ToTensor())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "ToTensor()\n"
