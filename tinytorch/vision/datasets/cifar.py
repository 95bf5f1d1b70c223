"""``CIFAR10`` and ``CIFAR100`` read from the datasets' **binary version** (no pickle).

torchvision reads the "python version" archive, whose batches are pickled; tinytorch never
unpickles files from disk, so it reads the binary version instead (the same images and
labels): ``cifar-10-batches-bin/data_batch_{1..5}.bin`` and ``test_batch.bin``, each record
one label byte then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, rows of 32); for
CIFAR-100 ``cifar-100-binary/train.bin`` and ``test.bin``, each record a coarse and a fine
label byte then the pixels (``targets`` are the fine labels, as torchvision's).

Under ``root`` the extracted folder is used, or the archive (``cifar-10-binary.tar.gz``) is
verified (MD5) and extracted; ``download=True`` fetches that archive from the datasets' site.
A root holding only the pickled python version raises a RuntimeError that says so.

``ds[i]`` is ``(image, target)``: the image a float32 tensor (3, 32, 32) in [0, 1] (tinytorch's
datasets hand out tensors, see ``tinytorch.datasets.MNIST``; torchvision's transforms accept them)
then ``transform(image)``; ``.data`` the uint8 array (N, 32, 32, 3) and ``.targets`` a list of
ints, as torchvision's.
"""
import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import numpy as np

from ..._tensor import Tensor
from ...datasets.download import DownloadError, download_file
from ...datasets.layout import dataset_repr
from ...kernels import image as kimg

RECORD_PIXELS = 3 * 32 * 32


class CIFAR10:
    """CIFAR-10: 50,000 training and 10,000 test colour images of 32 x 32 pixels in 10 classes."""

    base_folder = "cifar-10-batches-bin"
    python_folder = "cifar-10-batches-py"
    url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
    filename = "cifar-10-binary.tar.gz"
    tgz_md5 = "c32a1d4ab5d03f1284b67883e8d87530"
    python_filename = "cifar-10-python.tar.gz"
    train_list = [f"data_batch_{i}.bin" for i in range(1, 6)]
    test_list = ["test_batch.bin"]
    meta_file = "batches.meta.txt"
    label_bytes = 1
    num_classes = 10

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        self.root = os.path.expanduser(root) if isinstance(root, str) else root
        self.train, self.transform, self.target_transform = train, transform, target_transform
        folder = Path(self.root) / self.base_folder
        if not self._complete(folder):
            archive = Path(self.root) / self.filename
            if not archive.is_file() and download:
                self._download()
            if archive.is_file():
                self._extract(archive)
        if not self._complete(folder):
            if (Path(self.root) / self.python_folder).is_dir() or (Path(self.root) / self.python_filename).is_file():
                raise RuntimeError(
                    f"{type(self).__name__}: only the pickled python version of the dataset was found in "
                    f"{self.root}; tinytorch does not load pickles. Put the binary version "
                    f"({self.filename}, or its extracted folder {self.base_folder}) there, or pass download=True "
                    f"to fetch it from {self.url}")
            raise RuntimeError("Dataset not found or corrupted. You can use download=True to download it")
        images, labels = [], []
        for name in self.train_list if train else self.test_list:
            pixels, fine = self._read_records(folder / name)
            images.append(pixels)
            labels.append(fine)
        self.data = np.concatenate(images).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        self.targets = np.concatenate(labels).astype(np.int64).tolist()
        self.classes = self._read_classes(folder)
        self.class_to_idx = {name: i for i, name in enumerate(self.classes)}

    def _complete(self, folder):
        return all((folder / name).is_file() for name in self.train_list + self.test_list + [self.meta_file])

    def _read_records(self, path):
        """(pixels (N, 3072) uint8, labels (N,) uint8) of one binary batch file, checked."""
        raw = np.fromfile(path, dtype=np.uint8)
        size = self.label_bytes + RECORD_PIXELS
        if raw.size % size:
            raise RuntimeError(f"{path}: {raw.size} bytes is not a whole number of {size}-byte CIFAR records")
        records = raw.reshape(-1, size)
        labels = records[:, self.label_bytes - 1]
        top = kimg.max_label_kernel(np.ascontiguousarray(labels))
        if top >= self.num_classes:
            raise RuntimeError(f"{path}: label {top} is not a class index in [0, {self.num_classes - 1}]")
        return records[:, self.label_bytes:], labels

    def _read_classes(self, folder):
        names = [line.strip() for line in (folder / self.meta_file).read_text().splitlines() if line.strip()]
        if len(names) != self.num_classes:
            raise RuntimeError(f"{folder / self.meta_file}: {len(names)} class names, {self.num_classes} expected")
        return names

    def _download(self):
        base, _ = self.url.rsplit("/", 1)
        try:
            download_file(self.filename, self.tgz_md5, [base], str(self.root))
        except DownloadError as e:
            raise RuntimeError(str(e)) from None

    def _extract(self, archive):
        """Verify ``archive``'s MD5, then extract it (regular files and folders only, none outside
        ``root``) into a temporary folder that is renamed into place once complete."""
        h = hashlib.md5()
        with open(archive, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != self.tgz_md5:
            raise RuntimeError(f"{archive}: MD5 {h.hexdigest()} does not match the published {self.tgz_md5}; "
                               "the file is damaged or not the dataset's binary version")
        root = os.path.realpath(self.root)
        staging = tempfile.mkdtemp(prefix=f".{self.base_folder}.", dir=root)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
                for m in members:
                    if not os.path.realpath(os.path.join(staging, m.name)).startswith(staging + os.sep):
                        raise RuntimeError(f"{archive}: member {m.name!r} would be written outside {root}")
                kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                tar.extractall(staging, members=members, **kwargs)
            extracted = os.path.join(staging, self.base_folder)
            if not os.path.isdir(extracted):
                raise RuntimeError(f"{archive}: no {self.base_folder}/ folder inside")
            try:
                os.replace(extracted, os.path.join(root, self.base_folder))   # the whole folder or nothing
            except OSError as e:
                raise RuntimeError(f"cannot move the extracted {self.base_folder}/ into {root} ({e}): an incomplete "
                                   "folder of that name is in the way; remove it") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # ---- the dataset interface -------------------------------------------------------
    def __len__(self):
        return len(self.data)

    def _images(self, index):
        """Float32 images (..., 3, 32, 32) in [0, 1] for an int or an index array."""
        pixels = np.ascontiguousarray(np.moveaxis(self.data[index], -1, -3))
        out = np.empty(pixels.shape, np.float32)
        kimg.to_unit_float_kernel(pixels.reshape(-1), out.reshape(-1))
        return out

    def __getitem__(self, index):
        n = len(self)
        if not isinstance(index, (int, np.integer)) or isinstance(index, bool):
            raise TypeError(f"{type(self).__name__} indices must be integers, not {type(index).__name__}")
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of range for a dataset of {n} images")
        image, target = Tensor._make(self._images(int(index))), self.targets[index]
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target

    def fetch_batch(self, indices):
        """[images (B, 3, 32, 32) float32, targets (B,) int64] for an int array of indices."""
        if self.transform is not None or self.target_transform is not None:
            from ...utils.data import default_collate
            return default_collate([self[int(i)] for i in indices])
        targets = np.asarray(self.targets, dtype=np.int64)[indices]
        return [Tensor._make(self._images(indices)), Tensor._make(targets)]

    def extra_repr(self):
        return f"Split: {'Train' if self.train else 'Test'}"

    def __repr__(self):
        return dataset_repr(self, [f"Number of datapoints: {len(self)}", f"Root location: {self.root}",
                                   self.extra_repr()])


class CIFAR100(CIFAR10):
    """CIFAR-100: the same images in 100 fine classes (``targets``) grouped into 20 coarse ones."""

    base_folder = "cifar-100-binary"
    python_folder = "cifar-100-python"
    url = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"
    filename = "cifar-100-binary.tar.gz"
    tgz_md5 = "03b5dce01913d631647c71ecec9e9cb8"
    python_filename = "cifar-100-python.tar.gz"
    train_list = ["train.bin"]
    test_list = ["test.bin"]
    meta_file = "fine_label_names.txt"
    label_bytes = 2
    num_classes = 100
