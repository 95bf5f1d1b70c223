"""tinytorch.utils.data: IterableDataset (with worker sharding through get_worker_info),
ChainDataset, StackDataset and default_collate, against PyTorch's results for the same
program (tests/data_iterable_program.py, recorded by tools/record_data_iterable.py)."""
import json
import multiprocessing
import os

import numpy as np
import pytest

import tinytorch
import tinytorch.utils.data as data

import data_iterable_program as program

with open(os.path.join(os.path.dirname(__file__), "data", "data_iterable.json")) as f:
    EXPECTED = json.load(f)


@pytest.fixture(scope="module")
def results():
    return program.run_all(tinytorch)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_same_results_as_pytorch(results, name):
    assert results[name] == EXPECTED[name]


def test_loader_options_refused_for_iterable_datasets():
    Range, _ = program.datasets(tinytorch)
    with pytest.raises(ValueError, match="DataLoader with IterableDataset: expected unspecified shuffle option, "
                                         "but got shuffle=True"):
        data.DataLoader(Range(0, 3), shuffle=True)
    with pytest.raises(ValueError, match="expected unspecified sampler option"):
        data.DataLoader(Range(0, 3), sampler=[0, 1])
    with pytest.raises(ValueError, match="expected unspecified batch_sampler option"):
        data.DataLoader(Range(0, 3), batch_sampler=[[0]])
    with pytest.raises(AssertionError, match="ConcatDataset does not support IterableDataset"):
        data.ConcatDataset([Range(0, 3)])
    with pytest.raises(AssertionError, match="ChainDataset only supports IterableDataset"):
        list(data.ChainDataset([[1, 2]]))
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        data.StackDataset([1, 2], [1])
    with pytest.raises(ValueError, match="At least one dataset should be passed"):
        data.StackDataset()


class _Failing(data.IterableDataset):
    def __iter__(self):
        yield 1
        raise KeyError("boom")


def test_worker_errors_reach_the_main_process():
    loader = data.DataLoader(_Failing(), batch_size=None, num_workers=1)
    it = iter(loader)
    assert next(it) == 1
    with pytest.raises(KeyError, match="Caught KeyError in DataLoader worker process 0"):
        next(it)
    assert list(it) == []   # the generator is finished: the epoch ends and its worker is joined
    assert not multiprocessing.active_children()


def test_iterable_without_workers_sees_no_worker_info_and_stops_cleanly():
    Range, _ = program.datasets(tinytorch)
    loader = data.DataLoader(Range(0, 5), batch_size=2, collate_fn=lambda b: np.array(b))
    assert [b.tolist() for b in loader] == [[0, 1], [2, 3], [4]]
    assert [b.tolist() for b in loader] == [[0, 1], [2, 3], [4]]   # a new iterator each epoch
    assert data.get_worker_info() is None
