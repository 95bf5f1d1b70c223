"""examples/mnist_classic.py (PyTorch's classic MNIST example on tinytorch): its Net, train() and
test() learn real digits, main() runs end to end (options, data fallback, --save-model), and the
device checks PyTorch code makes (cuda, mps, accelerator) answer "CPU only"."""
import importlib.util
import re
import types
from pathlib import Path

import numpy as np
import pytest

import tinytorch as torch
from tinytorch import datasets, transforms
from tinytorch.utils.data import DataLoader, Subset

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mnist_classic.py"
TRAIN_LINE = re.compile(r"^Train Epoch: (\d+) \[(\d+)/(\d+) \((\d+)%\)\]\tLoss: (\d+\.\d{6})$")
TEST_LINE = re.compile(r"^Test set: Average loss: (\d+\.\d{4}), Accuracy: (\d+)/(\d+) \((\d+)%\)$")


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("mnist_classic", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def digits(example):
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    return example.bundled_digits(transform)


def small_digits(digits, n_train, n_test):
    train, held_out = digits
    return Subset(train, np.arange(n_train)), Subset(held_out, np.arange(n_test))


def test_net_matches_the_classic_architecture(example):
    net = example.Net()
    shapes = {name: tuple(p.shape) for name, p in net.named_parameters()}
    assert shapes == {"conv1.weight": (32, 1, 3, 3), "conv1.bias": (32,), "conv2.weight": (64, 32, 3, 3),
                      "conv2.bias": (64,), "fc1.weight": (128, 9216), "fc1.bias": (128,),
                      "fc2.weight": (10, 128), "fc2.bias": (10,)}
    assert sum(p.numel() for p in net.parameters()) == 1199882  # what PyTorch counts for this Net
    net.eval()
    with torch.no_grad():
        out = net(torch.randn(2, 1, 28, 28))
    assert tuple(out.shape) == (2, 10)
    np.testing.assert_allclose(out.exp().sum(1).tolist(), [1.0, 1.0], rtol=1e-5)  # log-probabilities


def test_train_and_test_learn_real_digits(example, digits, capsys):
    """One pass of Adadelta (lr 1.0, batch 32) over 1,280 bundled digits; tested on 500 held-out ones."""
    train_set, test_set = small_digits(digits, 1280, 500)
    torch.manual_seed(1)
    device = torch.device("cpu")
    model = example.Net().to(device)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    args = types.SimpleNamespace(log_interval=10, dry_run=False)
    example.train(args, model, device, DataLoader(train_set, batch_size=32), optimizer, 1)
    example.test(model, device, DataLoader(test_set, batch_size=250))
    lines = capsys.readouterr().out.splitlines()
    train_lines = [TRAIN_LINE.match(line) for line in lines if line.startswith("Train")]
    assert [m.group(2, 3, 4) for m in train_lines] == [("0", "1280", "0"), ("320", "1280", "25"),
                                                       ("640", "1280", "50"), ("960", "1280", "75")]
    losses = [float(m.group(5)) for m in train_lines]
    assert losses[0] > 2.0 and losses[-1] < 1.5
    (result,) = [TEST_LINE.match(line) for line in lines if line.startswith("Test set")]
    assert result is not None
    correct, total = int(result.group(2)), int(result.group(3))
    assert total == 500 and correct / total > 0.8  # measured: 440/500 with seed 1
    assert float(result.group(1)) < 0.6
    assert not model.training


def test_main_end_to_end_with_bundled_digits(example, digits, monkeypatch, tmp_path, capsys):
    small = small_digits(digits, 192, 100)
    monkeypatch.setattr(example, "bundled_digits", lambda transform: small)
    monkeypatch.chdir(tmp_path)
    example.main(["--bundled", "--epochs", "2", "--log-interval", "1", "--test-batch-size", "50", "--save-model"])
    lines = capsys.readouterr().out.splitlines()
    train_lines = [TRAIN_LINE.match(line) for line in lines if line.startswith("Train")]
    assert all(train_lines) and len(train_lines) == 6
    assert [m.group(1, 2, 4) for m in train_lines[:3]] == [("1", "0", "0"), ("1", "64", "33"), ("1", "128", "67")]
    test_lines = [TEST_LINE.match(line) for line in lines if line.startswith("Test set")]
    assert len(test_lines) == 2 and all(m and m.group(3) == "100" for m in test_lines)
    # the checkpoint (an .npz archive under the classic name) loads back into a fresh Net
    state = torch.load(tmp_path / "mnist_cnn.pt")
    net = example.Net()
    net.load_state_dict(state)
    assert set(state) == {name for name, _ in net.named_parameters()}


def test_main_falls_back_to_bundled_digits_without_training_files(example, digits, monkeypatch, tmp_path, capsys):
    def no_training_files(root, train=True, download=False, transform=None):
        assert root == "../data" and download is train
        raise FileNotFoundError("MNIST: train-images-idx3-ubyte[.gz] ... not found")

    monkeypatch.setattr(datasets, "MNIST", no_training_files)
    monkeypatch.setattr(example, "bundled_digits", lambda transform: small_digits(digits, 64, 50))
    monkeypatch.chdir(tmp_path)
    example.main(["--epochs", "1", "--dry-run"])
    captured = capsys.readouterr()
    assert "not found" in captured.err and "Using the bundled digits instead" in captured.err
    assert "Train Epoch: 1 [0/64 (0%)]" in captured.out
    assert "Accuracy: " in captured.out and "/50 (" in captured.out


def test_classic_options_and_defaults(example, monkeypatch):
    seen = {}

    def fake_train(args, model, device, train_loader, optimizer, epoch):
        seen.update(args=args, device=device, loader=train_loader, optimizer=optimizer)
        raise SystemExit

    monkeypatch.setattr(example, "train", fake_train)
    monkeypatch.setattr(example, "bundled_digits", lambda transform: (transform, transform))
    monkeypatch.setattr(example.torch.utils.data, "DataLoader", lambda ds, **kw: (ds, kw))
    with pytest.raises(SystemExit):
        example.main(["--bundled"])
    args = seen["args"]
    assert (args.batch_size, args.test_batch_size, args.epochs, args.lr, args.gamma, args.seed,
            args.log_interval) == (64, 1000, 14, 1.0, 0.7, 1, 10)
    assert not (args.no_accel or args.dry_run or args.save_model)
    assert seen["device"] == torch.device("cpu")
    transform, kwargs = seen["loader"]
    assert kwargs == {"batch_size": 64}  # no accelerator: no workers, pinning or shuffling
    assert repr(transform) == "Compose(\n    ToTensor()\n    Normalize(mean=(0.1307,), std=(0.3081,))\n)"
    assert type(seen["optimizer"]).__name__ == "Adadelta" and seen["optimizer"].param_groups[0]["lr"] == 1.0


def test_device_checks_say_cpu_only():
    assert torch.cuda.is_available() is False and torch.cuda.device_count() == 0
    assert torch.backends.mps.is_available() is False and torch.backends.mps.is_built() is False
    assert torch.backends.cudnn.is_available() is False
    torch.backends.cudnn.benchmark = True  # scripts set it; nothing changes
    torch.backends.cudnn.benchmark = False
    assert torch.accelerator.is_available() is False
    assert torch.accelerator.current_accelerator() is None and torch.accelerator.device_count() == 0
    torch.cuda.manual_seed(1)
    torch.cuda.manual_seed_all(1)
    with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is available"):
        torch.accelerator.current_device_index()
    with pytest.raises(AssertionError, match="not compiled with CUDA"):
        torch.cuda.current_device()
    # the older example's device choice
    use_cuda, use_mps = torch.cuda.is_available(), torch.backends.mps.is_available()
    device = torch.device("cuda" if use_cuda else "mps" if use_mps else "cpu")
    assert str(device) == "cpu" and torch.ones(2).to(device).tolist() == [1.0, 1.0]
