"""``MNIST`` and ``FashionMNIST``: the IDX digit / clothing images as a map-style dataset.

When ``root`` is given, the files are looked for there only (as torchvision does: a root
without them raises RuntimeError, unless ``download=True`` fetches them into it).  Otherwise
files are looked for, in order, in: ``$TINYTORCH_DATA``; the data bundled with
tinytorch (the project's ``datasets/`` folder: the real MNIST test set); the user's cache
``~/.cache/tinytorch``; the system folder ``/usr/share/datasets/mnist`` (or
``.../fashion-mnist``, which Debian's ``dataset-fashion-mnist`` package installs).  Under
``root``, ``$TINYTORCH_DATA``, the bundle and the cache, the files may sit in a ``mnist/``
(``fashion-mnist/``) sub-folder, in torchvision's ``MNIST/raw/`` layout, or (for ``root``)
directly inside.  Every file may be gzipped (``.gz``) or not.
"""
import os
from pathlib import Path

import numpy as np

from .._tensor import Tensor
from ..kernels import image as kimg
from .download import DownloadError, download_file
from .idx import IDXError, read_idx
from .layout import dataset_repr

#: The data shipped inside the package (a link to the project's datasets/ folder in a checkout).
BUNDLED = Path(__file__).resolve().parent / "_bundled"
CACHE = Path("~/.cache/tinytorch")
SYSTEM = Path("/usr/share/datasets")


class MNIST:
    """The MNIST handwritten digits: 60,000 training and 10,000 test images of 28 x 28 pixels.

    ``ds[i]`` is ``(image, label)``: image a float32 tensor (1, 28, 28) with values in [0, 1]
    (then ``transform(image)`` if given), label an int (then ``target_transform(label)``).
    ``.data`` is the uint8 tensor (N, 28, 28), ``.targets`` the int64 tensor (N,).
    """

    folder = "mnist"
    mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"]
    resources = {
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    }
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven",
               "8 - eight", "9 - nine"]

    def __init__(self, root=None, train=True, download=False, transform=None, target_transform=None):
        self.root = os.path.expanduser(root) if isinstance(root, str) else root   # as torchvision keeps it
        self.train = train
        self.transform, self.target_transform = transform, target_transform
        split = "train" if train else "t10k"
        self.files = (f"{split}-images-idx3-ubyte", f"{split}-labels-idx1-ubyte")
        found = self._find()
        if found is None and download:
            found = self._download()
        if found is None and self.root is not None:   # torchvision's error: no fallback behind an explicit root
            raise RuntimeError(f"Dataset not found. You can use download=True to download it\n"
                               f"{self._missing_message()}")
        if found is None:
            raise FileNotFoundError(self._missing_message())
        images_path, labels_path = found
        images = read_idx(images_path, 3)
        labels = read_idx(labels_path, 1)
        if images.shape[0] != labels.shape[0]:
            raise IDXError(f"{images_path} holds {images.shape[0]} images but {labels_path} holds "
                           f"{labels.shape[0]} labels")
        top = kimg.max_label_kernel(labels)
        if top >= len(self.classes):
            raise IDXError(f"{labels_path}: label {top} is not a class index in [0, {len(self.classes) - 1}]")
        self.data = Tensor._make(images)
        self.targets = Tensor._make(labels.astype(np.int64))
        self.location = os.path.dirname(images_path)

    # ---- locating and fetching files -------------------------------------------------
    def search_dirs(self):
        """The folders searched for this split's files, in order."""
        torchvision_dir = type(self).__name__ + "/raw"
        if self.root is not None:   # an explicit root is the only place looked in, as in torchvision
            root = Path(self.root).expanduser()
            return [root / self.folder, root / torchvision_dir, root]
        dirs = []
        env = os.environ.get("TINYTORCH_DATA")
        for base in ([Path(env).expanduser()] if env else []) + [BUNDLED, CACHE.expanduser()]:
            dirs += [base / self.folder, base / torchvision_dir]
        dirs.append(SYSTEM / self.folder)
        return dirs

    def _find(self):
        for d in self.search_dirs():
            paths = [_existing(d / name) for name in self.files]
            if all(paths):
                return paths
        return None

    def _download_dir(self):
        if self.root is not None:
            return Path(self.root).expanduser() / self.folder
        env = os.environ.get("TINYTORCH_DATA")
        return (Path(env).expanduser() if env else CACHE.expanduser()) / self.folder

    def _download(self):
        folder = self._download_dir()
        paths = {}
        own = [name + ".gz" for name in self.files]
        for gz in own + [gz for gz in self.resources if gz not in own]:   # this split first, then the other,
            md5 = self.resources[gz]                                      # as torchvision fetches both
            try:
                paths[gz] = download_file(gz, md5, self.mirrors, str(folder))
            except DownloadError as e:
                raise RuntimeError(f"{e}\n{self._missing_message()}") from None
        return [paths[name + ".gz"] for name in self.files]

    def _missing_message(self):
        names = " and ".join(n + "[.gz]" for n in self.files)
        dirs = "\n  ".join(str(d) for d in self.search_dirs())
        return (f"{type(self).__name__}: {names} not found. Put them in one of these folders "
                f"(or set TINYTORCH_DATA, or pass download=True when online):\n  {dirs}")

    # ---- the dataset interface -------------------------------------------------------
    def __len__(self):
        return self.data._data.shape[0]

    def _images(self, index):
        pixels = self.data._data[index]
        out = np.empty(pixels.shape, np.float32)
        kimg.to_unit_float_kernel(pixels.reshape(-1), out.reshape(-1))
        return out

    def __getitem__(self, index):
        n = len(self)
        if not isinstance(index, (int, np.integer)) or isinstance(index, bool):
            raise TypeError(f"{type(self).__name__} indices must be integers, not {type(index).__name__}")
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of range for a dataset of {n} images")
        image = Tensor._make(self._images(int(index))[None])
        label = int(self.targets._data[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label

    def fetch_batch(self, indices):
        """[images (B, 1, 28, 28) float32, labels (B,) int64] for an int array of indices."""
        if self.transform is not None or self.target_transform is not None:
            from ..utils.data import default_collate
            return default_collate([self[int(i)] for i in indices])
        images = self._images(indices)
        return [Tensor._make(images[:, None]), Tensor._make(self.targets._data[indices])]

    def __repr__(self):
        return dataset_repr(self, [f"Number of datapoints: {len(self)}",
                                   f"Root location: {self.root if self.root is not None else self.location}",
                                   f"Split: {'Train' if self.train else 'Test'}"])


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST: 28 x 28 grey images of 10 kinds of clothing, in MNIST's format."""

    folder = "fashion-mnist"
    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    }
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]


def _existing(path):
    """``path`` or ``path.gz``, whichever exists (the uncompressed file first), else None."""
    for candidate in (path, path.with_name(path.name + ".gz")):
        if candidate.is_file():
            return str(candidate)
    return None


def bundled_split(transform=None):
    """The bundled real MNIST test set (10,000 digits) split for offline training:
    (train, held_out) = (8,000 images, 2,000 images), the held-out ones being every fifth
    image (index % 5 == 4), so both halves mix the set's two writer populations alike."""
    from ..utils.data import Subset
    full = MNIST(root=str(BUNDLED), train=False, transform=transform)
    idx = np.arange(len(full))
    return Subset(full, idx[idx % 5 != 4]), Subset(full, idx[idx % 5 == 4])
