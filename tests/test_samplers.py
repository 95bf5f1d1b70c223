"""Samplers and the DataLoader's sampler / batch_sampler arguments, against PyTorch's behaviour
and messages."""
import numpy as np
import pytest

import tinytorch as torch
from tinytorch.utils.data import (BatchSampler, DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler,
                                  TensorDataset, WeightedRandomSampler)


def test_sequential_and_batch_samplers():
    assert list(SequentialSampler(range(5))) == [0, 1, 2, 3, 4]
    assert list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)) == \
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert list(BatchSampler(range(10), 3, True)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert len(BatchSampler(range(10), 3, True)) == 3 and len(BatchSampler(range(10), 3, False)) == 4


def test_random_samplers_are_permutations_and_reproducible():
    g = torch.Generator().manual_seed(0)
    first = list(RandomSampler(range(20), generator=g))
    assert sorted(first) == list(range(20)) and first != list(range(20))
    torch.manual_seed(5)
    a = list(RandomSampler(range(20)))
    torch.manual_seed(5)
    assert list(RandomSampler(range(20))) == a
    drawn = list(RandomSampler(range(3), replacement=True, num_samples=50))
    assert len(drawn) == 50 and set(drawn) <= {0, 1, 2}
    assert len(RandomSampler(range(5), replacement=True, num_samples=7)) == 7
    part = list(RandomSampler(range(10), num_samples=4))
    assert len(part) == 4 and len(set(part)) == 4
    more = list(RandomSampler(range(3), num_samples=7))
    assert len(more) == 7 and sorted(more[:3]) == [0, 1, 2]
    subset = list(SubsetRandomSampler([5, 6, 7]))
    assert sorted(subset) == [5, 6, 7] and len(SubsetRandomSampler([5, 6, 7])) == 3


def test_weighted_random_sampler_follows_the_weights():
    counts = np.bincount(list(WeightedRandomSampler([0.0, 1.0, 3.0], 4000)), minlength=3)
    assert counts[0] == 0 and 0.2 < counts[1] / 4000 < 0.3
    assert sorted(WeightedRandomSampler(torch.tensor([1.0, 1.0, 1.0]), 3, replacement=False)) == [0, 1, 2]


@pytest.mark.parametrize("make,error,message", [
    (lambda: BatchSampler(range(10), 0, False), ValueError,
     "batch_size should be a positive integer value, but got batch_size=0"),
    (lambda: BatchSampler(range(10), 3, 1), ValueError, "drop_last should be a boolean value, but got drop_last=1"),
    (lambda: RandomSampler(range(5), replacement=1), TypeError,
     "replacement should be a boolean value, but got replacement=1"),
    (lambda: RandomSampler(range(5), num_samples=0), ValueError,
     "num_samples should be a positive integer value, but got num_samples=0"),
    (lambda: WeightedRandomSampler([0.1, 0.9], 0), ValueError,
     "num_samples should be a positive integer value, but got num_samples=0"),
    (lambda: WeightedRandomSampler([[0.1], [0.9]], 2), ValueError,
     "weights should be a 1d sequence but given weights have shape (2, 1)"),
    (lambda: list(WeightedRandomSampler([0.1, 0.9], 5, replacement=False)), RuntimeError,
     "cannot sample n_sample > prob_dist.size(-1) samples without replacement"),
    (lambda: list(WeightedRandomSampler([-1.0, 2.0], 2)), RuntimeError,
     "invalid multinomial distribution (encountering probability entry < 0)"),
    (lambda: list(WeightedRandomSampler([0.0, 0.0], 2)), RuntimeError,
     "invalid multinomial distribution (sum of probabilities <= 0)"),
    (lambda: list(WeightedRandomSampler([float("inf"), 1.0], 2)), RuntimeError,
     "invalid multinomial distribution (encountering probability entry = infinity or NaN)"),
    (lambda: DataLoader(range(10), batch_sampler=[[0, 1]], batch_size=2), ValueError,
     "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"),
    (lambda: DataLoader(range(10), batch_sampler=[[0, 1]], drop_last=True), ValueError,
     "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"),
    (lambda: DataLoader(range(4), batch_size=None, drop_last=True), ValueError,
     "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"),
    (lambda: DataLoader(range(4), batch_size=2.5), ValueError,
     "batch_size should be a positive integer value, but got batch_size=2.5"),
])
def test_errors_read_like_pytorch(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value) == message


def test_loader_sampler_and_batch_sampler():
    ds = TensorDataset(torch.arange(10))
    loader = DataLoader(ds, batch_size=3)
    assert type(loader.sampler) is SequentialSampler and type(loader.batch_sampler) is BatchSampler
    assert type(DataLoader(ds, batch_size=3, shuffle=True).sampler) is RandomSampler
    custom = DataLoader(ds, batch_sampler=BatchSampler(range(10), 4, False))
    assert custom.batch_size is None and len(custom) == 3
    assert [b[0].tolist() for b in custom] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [b[0].tolist() for b in DataLoader(ds, batch_sampler=[[9, 0], [3]])] == [[9, 0], [3]]
    picked = DataLoader(ds, sampler=SubsetRandomSampler([1, 3, 5, 7]), batch_size=2)
    assert len(picked) == 2 and sorted(sum((b[0].tolist() for b in picked), [])) == [1, 3, 5, 7]
    few = DataLoader(ds, sampler=RandomSampler(ds, num_samples=4), batch_size=3)
    assert len(few) == 2 and [len(b[0]) for b in few] == [3, 1]
    assert [b[0].tolist() for b in DataLoader(ds, batch_sampler=[[9, 0], [3]], num_workers=2)] == [[9, 0], [3]]


def test_shuffled_loader_orders_are_permutations_reproducible_by_seed():
    ds = TensorDataset(torch.arange(12))

    def two_epochs():
        torch.manual_seed(11)
        loader = DataLoader(ds, batch_size=5, shuffle=True)
        return [[i for b in loader for i in b[0].tolist()] for _ in range(2)]
    first = two_epochs()
    assert first == two_epochs()
    assert sorted(first[0]) == list(range(12)) and first[0] != first[1]
