"""``tinytorch.utils.data``: datasets, samplers of indices and the ``DataLoader``.

A dataset is anything with ``__getitem__`` and ``__len__``.  The loader draws indices from a
sampler (``sampler.py``: in order, or shuffled with a ``tinytorch.Generator`` when asked),
groups them into batches (``BatchSampler``, or the user's ``batch_sampler``) and turns each
group of samples into batched tensors with ``default_collate``.  A dataset may also
define ``fetch_batch(indices)`` returning the collated batch directly (``TensorDataset`` and
the MNIST datasets do: one vectorised gather instead of one sample at a time); the loader
uses it when no custom ``collate_fn`` is given.
"""
import collections.abc
import math
import numbers

import numpy as np

from .. import _checks, _creation, _sampling
from .._tensor import Tensor
from . import _workers
from ._workers import WorkerInfo, get_worker_info  # noqa: F401
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,  # noqa: F401
                      WeightedRandomSampler)


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
        n = len(self)
        bad = (indices >= n) | (indices < -n)
        if bad.any():
            raise IndexError(f"index {indices[bad.argmax()]} is out of bounds for dimension 0 with size {n}")
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


def _index_array(indices):
    """The indices a sampler yields (Python or NumPy ints, or integer 0-d tensors) as an int64 array.

    Anything else is refused as PyTorch's indexing refuses it (IndexError): a float such as
    0.5 must not load sample 0."""
    items = list(indices)
    array = np.asarray(items) if items else np.zeros(0, np.int64)
    if array.ndim == 1 and array.dtype.kind in "iu" and array.dtype != np.uint64:
        return array.astype(np.int64, copy=False)
    return np.array([_index(i) for i in items], dtype=np.int64).reshape(len(items))


def _index(i):
    if isinstance(i, Tensor) and i.dim() == 0 and i._data.dtype.kind in "iu":
        i = i.item()
    if isinstance(i, str):
        raise TypeError("new(): invalid data type 'str'")
    if not _checks.is_int(i) or isinstance(i, (bool, np.bool_)):
        raise IndexError(f"only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                         f"indices (got {type(i).__name__})")
    try:
        return _checks.int64(i)
    except ValueError:
        raise IndexError(f"index {i} is out of bounds") from None


class _Fetch:
    """Loads one batch from a list of indices (or one sample from one index, when not batched).

    A picklable object rather than a closure, so that worker processes can receive it.
    """

    def __init__(self, dataset, collate_fn, batched):
        self.dataset, self.collate_fn, self.batched = dataset, collate_fn, batched

    def __call__(self, indices):
        if not self.batched:
            return self.dataset[int(indices)]
        fetch_batch = getattr(self.dataset, "fetch_batch", None) if self.collate_fn is None else None
        if fetch_batch is not None:
            return fetch_batch(indices)
        return (self.collate_fn or default_collate)([self.dataset[int(i)] for i in indices])


class DataLoader:
    """Iterates over ``dataset`` in batches of ``batch_size`` samples.

    shuffle: a new random order every epoch, drawn from ``generator`` (default: the global
    generator, so ``tinytorch.manual_seed`` makes it reproducible); drop_last: skip a final
    short batch; collate_fn: turns a list of samples into a batch (``default_collate``).
    batch_size=None yields single samples, uncollated.

    num_workers > 0 loads batches in that many worker processes (``tinytorch/utils/_workers.py``),
    ``prefetch_factor`` (default 2) batches ahead per worker, and yields the same batches, in the
    same order, as num_workers=0 would.  With ``persistent_workers`` the processes serve every
    epoch whose batches were all received; an epoch left earlier stops them, and the next one
    starts fresh workers (PyTorch keeps them).  The dataset, ``collate_fn`` and
    ``worker_init_fn`` must be picklable when the start method is ``spawn`` or ``forkserver``,
    as in PyTorch.  pin_memory is accepted and does nothing (there is no accelerator).
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if not isinstance(num_workers, numbers.Integral) or isinstance(num_workers, bool) or num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size = None
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last")
        if sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.multiprocessing_context = _workers.resolve_context(multiprocessing_context, num_workers)
        self.dataset, self.batch_size, self.drop_last, self.generator = dataset, batch_size, drop_last, generator
        self.collate_fn = collate_fn
        self.num_workers, self.timeout, self.worker_init_fn = int(num_workers), timeout, worker_init_fn
        self.prefetch_factor = 2 if num_workers > 0 and prefetch_factor is None else prefetch_factor
        self.persistent_workers, self.in_order = persistent_workers, in_order
        self.pin_memory, self.pin_memory_device = pin_memory, pin_memory_device
        self._pool = None   # the worker processes kept between epochs (persistent_workers)

    def _jobs(self):
        """One array of indices per batch (or one index per sample, with batch_size=None)."""
        if self.batch_size is None and self.batch_sampler is not None:   # the user's batch_sampler
            return [_index_array(batch) for batch in self.batch_sampler]
        order = _index_array(self.sampler)
        if self.batch_sampler is None:
            return order
        bs = self.batch_size
        stop = len(order) - (len(order) % bs if self.drop_last else 0)
        return [order[start:start + bs] for start in range(0, stop, bs)]

    def __iter__(self):
        pool = self._pool
        reuse = pool is not None and not pool.closed and not pool.busy   # persistent workers, free
        # Like PyTorch, every new iterator draws the workers' base seed from the loader's
        # generator, with or without workers, so num_workers never changes the random numbers.
        base_seed = None if reuse else _sampling.random_(_creation.empty((), dtype=_creation._dtype.int64),
                                                          generator=self.generator).item()
        jobs = self._jobs()
        fetch = _Fetch(self.dataset, self.collate_fn, self.batch_sampler is not None)
        if self.num_workers == 0:
            return (fetch(job) for job in jobs)
        if reuse:
            return _workers.WorkerEpoch(pool, jobs, own_pool=False)
        pool = _workers.WorkerPool(fetch, self.dataset, self.num_workers, base_seed, self.worker_init_fn,
                                   self.multiprocessing_context, self.prefetch_factor, self.timeout, self.in_order)
        keep = self.persistent_workers and (self._pool is None or self._pool.closed)
        if keep:
            self._pool = pool
        # Without persistent workers, or while another iterator still reads the persistent pool,
        # this epoch's workers stop with it.
        return _workers.WorkerEpoch(pool, jobs, own_pool=not keep)

    def __del__(self):
        if getattr(self, "_pool", None) is not None:
            self._pool.stop()

    def __len__(self):
        return len(self.batch_sampler) if self.batch_sampler is not None else len(self.sampler)
