"""tinytorch.datasets: the bundled real MNIST test set, the IDX reader's errors, the search
path (with files generated in a temporary directory) and downloading from a local server."""
import gzip
import hashlib
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.datasets import MNIST, FashionMNIST, IDXError, bundled_split
from tinytorch.datasets import mnist as mnist_module

REPO = Path(__file__).resolve().parent.parent


def idx_bytes(array, magic_dims=None):
    array = np.asarray(array, np.uint8)
    ndim = array.ndim if magic_dims is None else magic_dims
    header = bytes([0, 0, 8, ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    return header + array.tobytes()


def write_split(folder, split="t10k", n=5, gz=False, labels=None, seed=0):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = np.arange(n) % 10 if labels is None else np.asarray(labels)
    for name, data in ((f"{split}-images-idx3-ubyte", idx_bytes(images)), (f"{split}-labels-idx1-ubyte", idx_bytes(labels))):
        if gz:
            (folder / (name + ".gz")).write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return images, labels


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No user or system data: the cache and system folders point into tmp_path; no TINYTORCH_DATA."""
    monkeypatch.delenv("TINYTORCH_DATA", raising=False)
    monkeypatch.setattr(mnist_module, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(mnist_module, "SYSTEM", tmp_path / "system")
    monkeypatch.setattr(mnist_module, "BUNDLED", tmp_path / "bundled")
    return tmp_path


def test_bundled_test_set_is_the_real_mnist():
    ds = MNIST(train=False)
    assert len(ds) == 10000 and ds.data.shape == (10000, 28, 28) and ds.data.dtype == torch.uint8
    assert ds.targets.dtype == torch.int64 and ds.targets[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(ds.targets.numpy()).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    image, label = ds[0]
    assert image.shape == (1, 28, 28) and image.dtype == torch.float32 and label == 7 and isinstance(label, int)
    assert image.min().item() == 0.0 and image.max().item() == 1.0
    np.testing.assert_array_equal(image.numpy()[0], ds.data[0].numpy() / np.float32(255))
    assert ds.classes[7] == "7 - seven" and "Split: Test" in repr(ds)
    files = sorted(p.name for p in (REPO / "datasets" / "mnist").iterdir())
    assert files == ["README.md", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    with open(REPO / "datasets" / "mnist" / "t10k-images-idx3-ubyte.gz", "rb") as f:
        assert hashlib.md5(f.read()).hexdigest() == "9fb629c4189551a2d022fa330f9573f3"


def test_bundled_split_is_documented_8000_2000():
    train, held_out = bundled_split()
    assert len(train) == 8000 and len(held_out) == 2000
    assert held_out.indices[:3].tolist() == [4, 9, 14]
    assert not set(train.indices.tolist()) & set(held_out.indices.tolist())
    images, labels = held_out.fetch_batch(np.arange(3))
    assert images.shape == (3, 1, 28, 28) and labels.tolist() == [4, 9, 1] == [held_out[i][1] for i in range(3)]


def test_loads_from_any_directory(tmp_path):
    code = "import tinytorch; print(len(tinytorch.datasets.MNIST(train=False)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert out.stdout.strip() == "10000", out.stderr


def test_search_order_root_env_cache_system(isolated, monkeypatch):
    tmp = isolated
    write_split(tmp / "system" / "mnist", n=2, gz=True)
    assert len(MNIST(train=False)) == 2
    write_split(tmp / "cache" / "MNIST" / "raw", n=3)
    assert len(MNIST(train=False)) == 3
    write_split(tmp / "bundled" / "mnist", n=4, gz=True)
    assert len(MNIST(train=False)) == 4
    write_split(tmp / "env" / "mnist", n=5)
    monkeypatch.setenv("TINYTORCH_DATA", str(tmp / "env"))
    assert len(MNIST(train=False)) == 5
    write_split(tmp / "root", n=6, gz=True)
    assert len(MNIST(root=tmp / "root", train=False)) == 6
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        MNIST(train=True)


def test_fashion_mnist_uses_its_own_folders(isolated):
    images, labels = write_split(isolated / "system" / "fashion-mnist", split="train", n=4, gz=True)
    write_split(isolated / "system" / "mnist", split="train", n=9)
    ds = FashionMNIST(train=True)
    assert len(ds) == 4 and ds.classes[9] == "Ankle boot"
    np.testing.assert_array_equal(ds.data.numpy(), images)
    assert ds.targets.tolist() == labels.tolist()


def test_transforms_and_batched_fetch(isolated):
    write_split(isolated / "root", n=6)
    ds = MNIST(root=isolated / "root", train=False, transform=lambda x: x * 2, target_transform=lambda y: y + 10)
    image, label = ds[1]
    assert label == 11 and image.max().item() <= 2.0
    images, labels = ds.fetch_batch(np.array([1, 2]))
    assert images.shape == (2, 1, 28, 28) and labels.tolist() == [11, 12]
    with pytest.raises(IndexError, match="out of range"):
        ds[6]


@pytest.mark.parametrize("damage,message", [
    (lambda b: b"\x00\x00\x08\x02" + b[4:], "wrong magic number 0x00000802, expected 0x00000803"),
    (lambda b: b[:-100], "truncated data"),
    (lambda b: b + b"\x00", "trailing bytes"),
    (lambda b: b[:10], "truncated header"),
])
def test_damaged_image_files_are_named(isolated, damage, message):
    write_split(isolated / "root", n=3)
    path = isolated / "root" / "t10k-images-idx3-ubyte"
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(IDXError, match=message) as e:
        MNIST(root=isolated / "root", train=False)
    assert str(path) in str(e.value)


def test_count_mismatch_bad_label_and_bad_gzip(isolated):
    write_split(isolated / "a", n=3)
    (isolated / "a" / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(2)))
    with pytest.raises(IDXError, match="holds 3 images but .* holds 2 labels"):
        MNIST(root=isolated / "a", train=False)
    write_split(isolated / "b", n=3, labels=[1, 2, 12])
    with pytest.raises(IDXError, match=r"label 12 is not a class index in \[0, 9\]"):
        MNIST(root=isolated / "b", train=False)
    write_split(isolated / "c", n=3, gz=True)
    path = isolated / "c" / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(IDXError, match="damaged or not a gzip file"):
        MNIST(root=isolated / "c", train=False)


class _Server:
    """A local HTTP server over a folder; paths under /broken/ send half the file, then hang up."""

    def __init__(self, folder):
        folder = str(folder)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=folder, **kwargs)

            def do_GET(self):
                if self.path.startswith("/broken/"):
                    data = Path(folder, self.path.rsplit("/", 1)[1]).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[:len(data) // 2])
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def served(isolated):
    write_split(isolated / "site", split="t10k", n=4, gz=True)
    server = _Server(isolated / "site")
    md5 = {p.name: hashlib.md5(p.read_bytes()).hexdigest() for p in (isolated / "site").iterdir()}
    yield isolated, server, md5
    server.close()


def _dataset_class(mirrors, md5):
    return type("MNIST", (MNIST,), {"mirrors": mirrors, "resources": md5})


def test_download_verifies_and_writes_atomically(served, capsys):
    tmp, server, md5 = served
    cls = _dataset_class(["http://127.0.0.1:9/", server.url], md5)
    ds = cls(root=tmp / "data", train=False, download=True)
    assert len(ds) == 4
    assert sorted(os.listdir(tmp / "data" / "mnist")) == sorted(md5)
    assert "100.0%" in capsys.readouterr().err
    assert len(cls(root=tmp / "data", train=False)) == 4


def test_download_rejects_wrong_checksum_and_broken_transfer(served):
    tmp, server, md5 = served
    wrong = {name: "0" * 32 for name in md5}
    with pytest.raises(RuntimeError, match="checksum mismatch") as e:
        _dataset_class([server.url], wrong)(root=tmp / "data", train=False, download=True)
    assert "Put them in one of these folders" in str(e.value)
    assert not (tmp / "data" / "mnist").exists() or not os.listdir(tmp / "data" / "mnist")
    with pytest.raises(RuntimeError, match="the connection closed after"):
        _dataset_class([server.url + "broken/"], md5)(root=tmp / "data", train=False, download=True)
    assert not os.listdir(tmp / "data" / "mnist")


def test_download_without_network_fails_fast_and_says_where_to_put_files(isolated):
    start = time.perf_counter()
    with pytest.raises(RuntimeError) as e:
        _dataset_class(["http://127.0.0.1:9/", "file:///nonexistent/mirror/"], MNIST.resources)(
            root=isolated / "data", train=False, download=True)
    assert time.perf_counter() - start < 5
    message = str(e.value)
    assert "could not download t10k-images-idx3-ubyte.gz" in message
    assert "Put them in one of these folders" in message and str(isolated / "data" / "mnist") in message


def test_a_built_wheel_ships_the_bundled_files(tmp_path):
    """A regular (non-editable) install gets the data as package files, not from the checkout."""
    import shutil
    import zipfile

    source = tmp_path / "src"
    shutil.copytree(REPO, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "results"))
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "README.md"):
        assert f"tinytorch/datasets/_bundled/mnist/{name}" in names


def test_train_mnist_example_runs_and_saves(tmp_path, capsys, monkeypatch):
    import importlib.util

    monkeypatch.setattr(mnist_module, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(mnist_module, "SYSTEM", tmp_path / "system")
    monkeypatch.delenv("TINYTORCH_DATA", raising=False)
    spec = importlib.util.spec_from_file_location("train_mnist", REPO / "examples" / "train_mnist.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    path = tmp_path / "mlp.npz"
    assert example.main(["--model", "mlp", "--limit", "2000", "--save", str(path)]) == 0
    out = capsys.readouterr().out
    assert "bundled MNIST test set split 8000 train / 2000 held out" in out
    assert "test accuracy" in out and "samples/s" in out
    state = torch.load(path)
    assert list(state) == ["1.weight", "1.bias", "3.weight", "3.bias"]


def test_repr_follows_torchvision_layout():
    """torchvision indents only the first line of the transforms block (a quirk users see)."""
    import tinytorch.transforms as T
    ds = MNIST(train=False, transform=T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))]),
               target_transform=T.Lambda(lambda y: y))
    assert repr(ds) == (
        "Dataset MNIST\n"
        "    Number of datapoints: 10000\n"
        f"    Root location: {ds.location}\n"
        "    Split: Test\n"
        "    StandardTransform\n"
        "Transform: Compose(\n"
        "               ToTensor()\n"
        "               Normalize(mean=(0.1307,), std=(0.3081,))\n"
        "           )\n"
        "Target transform: Lambda()")
    assert repr(MNIST(train=False)).splitlines()[-1] == "    Split: Test"


def test_gzip_bomb_stops_at_the_declared_size(tmp_path):
    # A header declaring one 28 x 28 image followed by 64 MB of zeros: about 64 kB gzipped.
    import gzip
    import tracemalloc
    from tinytorch.datasets.idx import read_idx
    path = tmp_path / "bomb-idx3-ubyte.gz"
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(b"\x00\x00\x08\x03" + (1).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2)
        zeros = bytes(1 << 20)
        for _ in range(64):
            f.write(zeros)
    assert path.stat().st_size < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(IDXError, match=r"trailing bytes after the data: the header declares shape \(1, 28, 28\)"):
            read_idx(path, 3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20


def test_an_explicit_root_without_the_files_raises_instead_of_falling_back(isolated):
    # The bundled digits (and the other folders) stand behind root=None only, as in torchvision.
    write_split(isolated / "bundled" / "mnist", n=4, gz=True)
    assert len(MNIST(train=False)) == 4
    (isolated / "broken").mkdir()
    (isolated / "broken" / "t10k-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((3, 28, 28))))
    with pytest.raises(RuntimeError, match="^Dataset not found. You can use download=True to download it\n"):
        MNIST(root=isolated / "broken", train=False)          # images without labels
    with pytest.raises(RuntimeError, match="Dataset not found"):
        MNIST(root=isolated / "missing", train=False)
