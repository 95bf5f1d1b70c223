"""tinytorch.vision.datasets: CIFAR10/100 from small fake binary-version files and archives
(extracted, from the archive, downloaded from a file:// URL), the pickle refusal, and
ImageFolder/DatasetFolder on a folder tree built here."""
import hashlib
import io
import os
import tarfile

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.utils.data import DataLoader
from tinytorch.vision import datasets, transforms

from conftest import to_np

CLASSES10 = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def _records(n, seed, label_bytes, classes):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, size=(n, label_bytes)).astype(np.uint8)
    pixels = rng.integers(0, 256, size=(n, 3072)).astype(np.uint8)
    return labels, pixels, np.concatenate([labels, pixels], axis=1).tobytes()


def _cifar10_files(n=3):
    """{name: bytes} of a tiny CIFAR-10 binary version, plus the expected arrays."""
    files, expected = {}, {}
    for k, name in enumerate([f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]):
        labels, pixels, blob = _records(n, k, 1, 10)
        files[name], expected[name] = blob, (labels[:, 0], pixels)
    files["batches.meta.txt"] = ("\n".join(CLASSES10) + "\n\n").encode()
    return files, expected


def _write_tree(root, folder, files):
    os.makedirs(root / folder)
    for name, blob in files.items():
        (root / folder / name).write_bytes(blob)


def _archive(path, folder, files):
    with tarfile.open(path, "w:gz") as tar:
        for name, blob in files.items():
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    return hashlib.md5(path.read_bytes()).hexdigest()


def test_cifar10_from_the_extracted_binary_version(tmp_path):
    files, expected = _cifar10_files()
    _write_tree(tmp_path, "cifar-10-batches-bin", files)
    train = datasets.CIFAR10(str(tmp_path), train=True)
    test = datasets.CIFAR10(str(tmp_path), train=False)
    assert len(train) == 15 and len(test) == 3 and train.classes == CLASSES10
    assert train.class_to_idx["cat"] == 3
    labels, pixels = expected["data_batch_2.bin"]
    assert train.data.shape == (15, 32, 32, 3) and train.data.dtype == np.uint8
    np.testing.assert_array_equal(train.data[3], pixels[0].reshape(3, 32, 32).transpose(1, 2, 0))
    assert train.targets[3:6] == labels.tolist()
    image, target = train[3]
    assert image.dtype == torch.float32 and tuple(image.shape) == (3, 32, 32) and target == int(labels[0])
    np.testing.assert_allclose(to_np(image), pixels[0].reshape(3, 32, 32) / np.float32(255), rtol=1e-6)
    x, y = next(iter(DataLoader(train, batch_size=4)))
    assert tuple(x.shape) == (4, 3, 32, 32) and y.dtype == torch.int64
    np.testing.assert_array_equal(to_np(x[3]), to_np(image))
    assert repr(test) == f"Dataset CIFAR10\n    Number of datapoints: 3\n    Root location: {tmp_path}\n    Split: Test"
    aug = datasets.CIFAR10(str(tmp_path), transform=transforms.Compose([transforms.RandomCrop(32, padding=4),
                                                                         transforms.Normalize((0.5,) * 3, (0.5,) * 3)]))
    xa, _ = next(iter(DataLoader(aug, batch_size=5)))
    assert tuple(xa.shape) == (5, 3, 32, 32)


def test_cifar100_has_coarse_and_fine_labels(tmp_path):
    files = {}
    labels, pixels, files["train.bin"] = _records(4, 0, 2, 20)
    _, _, files["test.bin"] = _records(2, 1, 2, 20)
    files["fine_label_names.txt"] = "\n".join(f"class{i}" for i in range(100)).encode()
    _write_tree(tmp_path, "cifar-100-binary", files)
    ds = datasets.CIFAR100(str(tmp_path))
    assert ds.targets == labels[:, 1].tolist() and len(ds.classes) == 100   # the fine labels
    np.testing.assert_array_equal(ds.data[1], pixels[1].reshape(3, 32, 32).transpose(1, 2, 0))


def test_cifar_extracts_and_downloads_the_archive(tmp_path, monkeypatch):
    files, _ = _cifar10_files(2)
    source = tmp_path / "mirror"
    source.mkdir()
    md5 = _archive(source / "cifar-10-binary.tar.gz", "cifar-10-batches-bin", files)
    monkeypatch.setattr(datasets.CIFAR10, "tgz_md5", md5)
    monkeypatch.setattr(datasets.CIFAR10, "url", (source / "cifar-10-binary.tar.gz").as_uri())
    root = tmp_path / "data"
    with pytest.raises(RuntimeError, match="Dataset not found or corrupted. You can use download=True"):
        datasets.CIFAR10(str(root))
    ds = datasets.CIFAR10(str(root), download=True)   # fetched over file://, verified, extracted
    assert len(ds) == 10 and (root / "cifar-10-binary.tar.gz").is_file()
    assert sorted(p.name for p in root.iterdir()) == ["cifar-10-batches-bin", "cifar-10-binary.tar.gz"]
    other = tmp_path / "copy"
    other.mkdir()
    (other / "cifar-10-binary.tar.gz").write_bytes((source / "cifar-10-binary.tar.gz").read_bytes())
    assert len(datasets.CIFAR10(str(other), train=False)) == 2   # the archive alone is extracted
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "cifar-10-binary.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(RuntimeError, match="does not match the published"):
        datasets.CIFAR10(str(bad))
    monkeypatch.setattr(datasets.CIFAR10, "tgz_md5", "0" * 32)
    with pytest.raises(RuntimeError, match="checksum mismatch"):
        datasets.CIFAR10(str(tmp_path / "fresh"), download=True)
    assert not any(p.name.endswith(".part") for p in (tmp_path / "fresh").iterdir())


def test_cifar_refuses_the_pickled_python_version(tmp_path):
    (tmp_path / "cifar-10-batches-py").mkdir()
    (tmp_path / "cifar-10-batches-py" / "data_batch_1").write_bytes(b"\x80\x04pickle")
    with pytest.raises(RuntimeError, match="only the pickled python version .* tinytorch does not load pickles"):
        datasets.CIFAR10(str(tmp_path))


def test_cifar_checks_the_records(tmp_path):
    files, _ = _cifar10_files(1)
    files["test_batch.bin"] = files["test_batch.bin"][:-1]
    _write_tree(tmp_path, "cifar-10-batches-bin", files)
    with pytest.raises(RuntimeError, match="3072 bytes is not a whole number of 3073-byte CIFAR records"):
        datasets.CIFAR10(str(tmp_path), train=False)
    files["test_batch.bin"] = bytes([10]) + bytes(3072)
    (tmp_path / "cifar-10-batches-bin" / "test_batch.bin").write_bytes(files["test_batch.bin"])
    with pytest.raises(RuntimeError, match=r"label 10 is not a class index in \[0, 9\]"):
        datasets.CIFAR10(str(tmp_path), train=False)


def test_mnist_names_are_tinytorchs():
    from tinytorch import datasets as tt
    assert datasets.MNIST is tt.MNIST and datasets.FashionMNIST is tt.FashionMNIST


def _image_tree(root):
    Image = pytest.importorskip("PIL.Image")
    for cls, colour in (("dog", (255, 0, 0)), ("cat", (0, 0, 255))):
        (root / cls / "sub").mkdir(parents=True)
        Image.new("RGB", (4, 3), colour).save(root / cls / "b.png")
        Image.new("L", (4, 3), 128).save(root / cls / "sub" / "a.PNG")
        (root / cls / "notes.txt").write_text("not an image")


def test_image_folder(tmp_path):
    _image_tree(tmp_path)
    ds = datasets.ImageFolder(str(tmp_path), transform=transforms.ToTensor())
    assert ds.classes == ["cat", "dog"] and ds.class_to_idx == {"cat": 0, "dog": 1}
    assert [os.path.relpath(p, tmp_path) for p, _ in ds.samples] == ["cat/b.png", "cat/sub/a.PNG", "dog/b.png",
                                                                     "dog/sub/a.PNG"]
    assert ds.targets == [0, 0, 1, 1] and ds.imgs is ds.samples
    image, target = ds[2]
    assert target == 1 and tuple(image.shape) == (3, 3, 4)
    assert to_np(image)[:, 0, 0].tolist() == [1.0, 0.0, 0.0]
    np.testing.assert_allclose(to_np(ds[1][0])[:, 0, 0], [128 / 255] * 3, rtol=1e-6)   # grey 'L' -> RGB
    x, y = next(iter(DataLoader(ds, batch_size=4)))
    assert tuple(x.shape) == (4, 3, 3, 4) and y.tolist() == [0, 0, 1, 1]


def test_dataset_folder_rules(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.npy").write_bytes(b"1")
    (tmp_path / "b" / "y.txt").write_bytes(b"2")
    ds = datasets.DatasetFolder(str(tmp_path), loader=lambda p: open(p, "rb").read(), extensions=(".npy", ".txt"))
    assert [ds[i] for i in range(len(ds))] == [(b"1", 0), (b"2", 1)]
    with pytest.raises(FileNotFoundError, match="Found no valid file for the classes b. Supported extensions are: .npy"):
        datasets.DatasetFolder(str(tmp_path), loader=open, extensions=(".npy",))
    assert len(datasets.DatasetFolder(str(tmp_path), loader=open, extensions=(".npy",), allow_empty=True)) == 1
    with pytest.raises(ValueError, match="Both extensions and is_valid_file cannot be None or not None"):
        datasets.DatasetFolder(str(tmp_path), loader=open)
    with pytest.raises(FileNotFoundError, match="Couldn't find any class folder in"):
        datasets.DatasetFolder(str(tmp_path / "a"), loader=open, extensions=".npy")


def test_without_pillow_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    import sys
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(b"")
    ds = datasets.ImageFolder(str(tmp_path))   # listing the files needs no Pillow
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"need Pillow, which is not installed: pip install 'tinytorch-numba\[vision\]'"):
        ds[0]
