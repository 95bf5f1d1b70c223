"""``tinytorch.utils.data``: datasets, samplers of indices and the ``DataLoader``.

A dataset is anything with ``__getitem__`` and ``__len__``.  The loader draws indices
(shuffled with a ``tinytorch.Generator`` when asked), groups them into batches and turns
each group of samples into batched tensors with ``default_collate``.  A dataset may also
define ``fetch_batch(indices)`` returning the collated batch directly (``TensorDataset`` and
the MNIST datasets do: one vectorised gather instead of one sample at a time); the loader
uses it when no custom ``collate_fn`` is given.
"""
import collections.abc
import math
import numbers

import numpy as np

from .. import _creation
from .._tensor import Tensor


class Dataset:
    """Base class of map-style datasets: subclasses define ``__getitem__(i)`` and ``__len__()``."""

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __add__(self, other):
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    """Samples are tuples ``(t[i] for t in tensors)``; all tensors share their first dimension."""

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        for t in tensors:
            if not isinstance(t, Tensor):
                raise TypeError(f"TensorDataset takes tensors, got {type(t).__name__}")
        if any(t.dim() == 0 or t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise ValueError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].shape[0]

    def fetch_batch(self, indices):
        """[t[indices] for t in tensors]: the batch in one gather per tensor (a copy)."""
        return [Tensor._make(t._data[indices]) for t in self.tensors]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, renumbered from 0."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = np.asarray(indices, dtype=np.int64)
        n = len(dataset)
        if self.indices.ndim != 1:
            raise ValueError("Subset indices must be a 1-D sequence of ints")
        bad = [int(i) for i in self.indices if not -n <= i < n]
        if bad:
            raise IndexError(f"Subset index {bad[0]} is out of range for a dataset of {n} samples")

    def __getitem__(self, index):
        if isinstance(index, (list, tuple)):
            return [self.dataset[int(self.indices[i])] for i in index]
        return self.dataset[int(self.indices[index])]

    def __len__(self):
        return len(self.indices)

    def fetch_batch(self, indices):
        inner = getattr(self.dataset, "fetch_batch", None)
        picked = self.indices[indices]
        if inner is not None:
            return inner(picked)
        return default_collate([self.dataset[int(i)] for i in picked])


class ConcatDataset(Dataset):
    """The samples of several datasets one after another."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("datasets should not be an empty iterable")
        self.cumulative_sizes = list(np.cumsum([len(d) for d in self.datasets]))

    def __len__(self):
        return int(self.cumulative_sizes[-1]) if self.cumulative_sizes else 0

    def __getitem__(self, index):
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of range for a dataset of {n} samples")
        index %= n
        k = int(np.searchsorted(self.cumulative_sizes, index, side="right"))
        start = int(self.cumulative_sizes[k - 1]) if k else 0
        return self.datasets[k][index - start]


def random_split(dataset, lengths, generator=None):
    """Split ``dataset`` into non-overlapping ``Subset``s of the given lengths (or fractions summing to 1)."""
    n = len(dataset)
    lengths = list(lengths)
    if lengths and all(isinstance(x, float) and 0 <= x <= 1 for x in lengths) and math.isclose(sum(lengths), 1):
        sizes = [int(math.floor(n * f)) for f in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    perm = _creation.randperm(n, generator=generator)._data
    out, start = [], 0
    for length in lengths:
        out.append(Subset(dataset, perm[start:start + length]))
        start += length
    return out


def default_collate(batch):
    """Turn a list of samples into batched tensors, recursively, as PyTorch's default_collate does:
    tensors and arrays are stacked; ints -> int64, floats -> float64, bools -> bool tensors;
    mappings, namedtuples, tuples and lists are collated field by field (tuples become lists)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        shapes = {b._data.shape for b in batch}
        if len(shapes) != 1:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {sorted(shapes)} in the batch")
        return Tensor._make(np.stack([b._data for b in batch]))
    if isinstance(elem, np.ndarray):
        return default_collate([_creation.from_numpy(np.asarray(b)) for b in batch])
    if isinstance(elem, (bool, np.bool_)):
        return _creation.tensor(list(batch), dtype=_creation._dtype.bool_)
    if isinstance(elem, numbers.Integral):
        return _creation.tensor([int(b) for b in batch], dtype=_creation._dtype.int64)
    if isinstance(elem, numbers.Real):
        return _creation.tensor([float(b) for b in batch], dtype=_creation._dtype.float64)
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        return {key: default_collate([b[key] for b in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(list(fields)) for fields in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(fields)) for fields in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                    f"found {type(elem).__name__}")


class DataLoader:
    """Iterates over ``dataset`` in batches of ``batch_size`` samples.

    shuffle: a new random order every epoch, drawn from ``generator`` (default: the global
    generator, so ``tinytorch.manual_seed`` makes it reproducible); drop_last: skip a final
    short batch; collate_fn: turns a list of samples into a batch (``default_collate``).
    batch_size=None yields single samples, uncollated.  Loading happens in this process
    (num_workers must be 0).
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 generator=None, **kwargs):
        if num_workers != 0:
            raise NotImplementedError("tinytorch's DataLoader loads in the main process only (num_workers=0)")
        if batch_sampler is not None or kwargs:
            raise NotImplementedError("tinytorch's DataLoader has no batch_sampler or " + ", ".join(kwargs))
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        self.dataset, self.batch_size, self.shuffle = dataset, batch_size, shuffle
        self.sampler, self.drop_last, self.generator = sampler, drop_last, generator
        self.collate_fn = collate_fn
        self.num_workers = 0

    def _indices(self):
        if self.sampler is not None:
            return np.asarray(list(self.sampler), dtype=np.int64)
        n = len(self.dataset)
        if self.shuffle:
            return _creation.randperm(n, generator=self.generator)._data
        return np.arange(n, dtype=np.int64)

    def __iter__(self):
        order = self._indices()
        if self.batch_size is None:
            for i in order:
                yield self.dataset[int(i)]
            return
        fetch = getattr(self.dataset, "fetch_batch", None) if self.collate_fn is None else None
        collate = self.collate_fn or default_collate
        bs = self.batch_size
        stop = len(order) - (len(order) % bs if self.drop_last else 0)
        for start in range(0, stop, bs):
            idx = order[start:start + bs]
            if fetch is not None:
                yield fetch(idx)
            else:
                yield collate([self.dataset[int(i)] for i in idx])

    def __len__(self):
        n = len(self.sampler) if self.sampler is not None else len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
