"""``tinytorch.utils.data``: datasets (map-style and ``IterableDataset``), samplers of indices and the ``DataLoader``.

A dataset is anything with ``__getitem__`` and ``__len__``.  The loader draws indices from a
sampler (``sampler.py``: in order, or shuffled with a ``tinytorch.Generator`` when asked),
groups them into batches (``BatchSampler``, or the user's ``batch_sampler``) and turns each
group of samples into batched tensors with ``default_collate``.  A dataset may also
define ``fetch_batch(indices)`` returning the collated batch directly (``TensorDataset`` and
the MNIST datasets do: one vectorised gather instead of one sample at a time); the loader
uses it when no custom ``collate_fn`` is given.
"""
import collections.abc
import copy
import itertools
import math
import numbers
import warnings

import numpy as np

from ... import _checks, _creation, _sampling
from ..._tensor import Tensor
from .. import _workers
from .._workers import WorkerInfo, get_worker_info  # noqa: F401
from ..sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,  # noqa: F401
                      WeightedRandomSampler)


class Dataset:
    """Base class of map-style datasets: subclasses define ``__getitem__(i)`` and ``__len__()``."""

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """Base class of iterable-style datasets: subclasses define ``__iter__`` yielding samples.

    With ``num_workers > 0`` every worker process iterates its own copy of the dataset, so
    without sharding each sample arrives once per worker; ``__iter__`` shards by reading
    ``get_worker_info()`` (``id``, ``num_workers``), as in PyTorch."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must define __iter__")

    def __add__(self, other):
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """The samples of several iterable datasets one after the other."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class StackDataset(Dataset):
    """Sample i is ``(d[i] for d in args)`` as a tuple, or ``{k: d[i]}`` for keyword datasets."""

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like "
                             "input/output, but both types are given.")
        datasets = args or kwargs
        if not datasets:
            raise ValueError("At least one dataset should be passed")
        sizes = [len(d) for d in (args or kwargs.values())]
        if any(n != sizes[0] for n in sizes):
            raise ValueError("Size mismatch between datasets")
        self._length = sizes[0]
        self.datasets = datasets

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices):
        return [self[i] for i in indices]

    def __len__(self):
        return self._length


class TensorDataset(Dataset):
    """Samples are tuples ``(t[i] for t in tensors)``; all tensors share their first dimension."""

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        for t in tensors:
            if not isinstance(t, Tensor):
                raise TypeError(f"TensorDataset takes tensors, got {type(t).__name__}")
        if any(t.dim() == 0 or t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise AssertionError("Size mismatch between tensors")   # (PyTorch's assert)
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
    """The samples of ``dataset`` at ``indices``, renumbered from 0.  ``indices`` is kept as
    given (``random_split`` gives a list of ints, as PyTorch's does)."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices
        self._array = np.asarray(indices, dtype=np.int64)
        n = len(dataset)
        if self._array.ndim != 1:
            raise ValueError("Subset indices must be a 1-D sequence of ints")
        bad = [int(i) for i in self._array if not -n <= i < n]
        if bad:
            raise IndexError(f"Subset index {bad[0]} is out of range for a dataset of {n} samples")

    def __getitem__(self, index):
        if isinstance(index, (list, tuple)):
            return [self.dataset[int(self._array[i])] for i in index]
        return self.dataset[int(self._array[index])]

    def __len__(self):
        return len(self._array)

    def fetch_batch(self, indices):
        inner = getattr(self.dataset, "fetch_batch", None)
        picked = self._array[indices]
        if inner is not None:
            return inner(picked)
        return default_collate([self.dataset[int(i)] for i in picked])


class ConcatDataset(Dataset):
    """The samples of several datasets one after another."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
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
    """Split ``dataset`` into non-overlapping ``Subset``s of the given lengths, or of fractions
    summing to 1 (each floor(n * fraction), the remainder handed out one by one from the first).
    The order is ``randperm(n, generator=generator)``; each Subset's ``indices`` is a list of ints."""
    n = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        sizes = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            sizes.append(int(math.floor(n * frac)))
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        for i, length in enumerate(sizes):
            if length == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.",
                              stacklevel=2)
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    indices = _creation.randperm(sum(lengths), generator=generator).tolist()
    return [Subset(dataset, indices[end - length:end]) for end, length in zip(itertools.accumulate(lengths), lengths)]


_COLLATE_ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def default_collate(batch):
    """Turn a list of samples into batched tensors, recursively, as PyTorch's default_collate does:
    tensors and NumPy arrays are stacked (arrays of strings or objects are refused); NumPy scalars
    keep their dtype; ints -> int64, floats -> float64, bools -> bool tensors; strings and bytes
    stay a list; mappings and namedtuples keep their type with each field collated; tuples become
    lists of collated fields, other sequences keep their type where it can be rebuilt."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        shapes = [b._data.shape for b in batch]
        for i, shape in enumerate(shapes):
            if shape != shapes[0]:
                raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shapes[0])} at entry 0 "
                                   f"and {list(shape)} at entry {i}")
        return Tensor._make(np.stack([b._data for b in batch]))
    if type(elem).__module__ == "numpy" and not isinstance(elem, (np.str_, np.bytes_)):
        if isinstance(elem, np.ndarray):
            if elem.dtype.kind in "SaUO":
                raise TypeError(_COLLATE_ERROR.format(elem.dtype.str))
            return default_collate([_creation.from_numpy(np.asarray(b)) for b in batch])
        if getattr(elem, "shape", None) == ():   # a NumPy scalar: its dtype is kept
            return _creation.from_numpy(np.array(batch, dtype=elem.dtype))
    if isinstance(elem, (bool, np.bool_)):
        return _creation.tensor(list(batch), dtype=_creation._dtype.bool_)
    if isinstance(elem, numbers.Integral):
        return _creation.tensor([int(b) for b in batch], dtype=_creation._dtype.int64)
    if isinstance(elem, numbers.Real):
        return _creation.tensor([float(b) for b in batch], dtype=_creation._dtype.float64)
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        fields = {key: default_collate([b[key] for b in batch]) for key in elem}
        if isinstance(elem, collections.abc.MutableMapping):
            clone = copy.copy(elem)
            clone.update(fields)
            return clone
        try:
            return type(elem)(fields)
        except TypeError:
            return fields
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(list(fields)) for fields in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        collated = [default_collate(list(fields)) for fields in zip(*batch)]
        if isinstance(elem, tuple):
            return collated
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, field in enumerate(collated):
                    clone[i] = field
                return clone
            return type(elem)(collated)
        except TypeError:
            return collated
    raise TypeError(_COLLATE_ERROR.format(type(elem)))


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


class _IterableFetch:
    """Loads the next batch (or sample) from an iterable dataset; made in the main process or,
    with workers, one per worker, each iterating its own copy (the iterator starts on the
    first request, after ``get_worker_info()`` is set).  Returns ``_workers.EXHAUSTED`` at the end."""

    def __init__(self, dataset, collate_fn, batch_size, drop_last):
        self.dataset, self.collate_fn, self.batch_size, self.drop_last = dataset, collate_fn, batch_size, drop_last
        self.iterator, self.finished = None, False

    def __call__(self, _job=None):
        if self.finished:
            return _workers.EXHAUSTED
        if self.iterator is None:
            self.iterator = iter(self.dataset)
        if self.batch_size is None:
            try:
                sample = next(self.iterator)
            except StopIteration:
                self.finished = True
                return _workers.EXHAUSTED
            return sample if self.collate_fn is None else self.collate_fn(sample)
        batch = list(itertools.islice(self.iterator, self.batch_size))
        if not batch or (self.drop_last and len(batch) < self.batch_size):
            self.finished = True
            return _workers.EXHAUSTED
        return (self.collate_fn or default_collate)(batch)


def _iterate(fetch):
    while True:
        data = fetch()
        if data is _workers.EXHAUSTED:
            return
        yield data


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
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in (False, None):
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 f"shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 f"sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler option, but "
                                 f"got batch_sampler={batch_sampler}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size = None
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last")
        if sampler is None and not self._iterable:   # an iterable dataset yields its samples itself: no indices
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and not self._iterable:
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
        if self._iterable:
            return self._iter_iterable(base_seed)
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

    def _iter_iterable(self, base_seed):
        """Batches of an ``IterableDataset``: from the main process, or from the workers in turn
        (round robin, a worker that ran out skipped from then on).  The workers of an iterable
        dataset are started afresh every epoch, even with ``persistent_workers``."""
        fetch = _IterableFetch(self.dataset, self.collate_fn, self.batch_size, self.drop_last)
        if self.num_workers == 0:
            return _iterate(fetch)
        pool = _workers.WorkerPool(fetch, self.dataset, self.num_workers, base_seed, self.worker_init_fn,
                                   self.multiprocessing_context, self.prefetch_factor, self.timeout, self.in_order)
        return _workers.IterableWorkerEpoch(pool)

    def __del__(self):
        if getattr(self, "_pool", None) is not None:
            self._pool.stop()

    def __len__(self):
        if self._iterable:   # as PyTorch: the dataset's own length, in batches
            length = len(self.dataset)
            if self.batch_size is not None:
                length = length // self.batch_size if self.drop_last else math.ceil(length / self.batch_size)
            return length
        return len(self.batch_sampler) if self.batch_sampler is not None else len(self.sampler)
