"""tinytorch.utils.data: datasets, default_collate, DataLoader batching, shuffling, drop_last."""
import numpy as np
import pytest

import tinytorch as torch
from tinytorch.utils.data import (ConcatDataset, DataLoader, Dataset, Subset, TensorDataset, default_collate,
                                  random_split)


class Squares(Dataset):
    def __len__(self):
        return 7

    def __getitem__(self, i):
        return {"x": float(i), "y": i * i, "name": f"s{i}"}


def test_tensor_dataset_and_batches():
    x, y = torch.arange(10).float().reshape(10, 1), torch.arange(10)
    ds = TensorDataset(x, y)
    assert len(ds) == 10 and ds[3][1].item() == 3
    batches = list(DataLoader(ds, batch_size=4))
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert batches[0][0].shape == (4, 1) and batches[0][0].dtype == torch.float32
    assert len(DataLoader(ds, batch_size=4)) == 3 and len(DataLoader(ds, batch_size=4, drop_last=True)) == 2
    assert [b[1].tolist() for b in DataLoader(ds, batch_size=4, drop_last=True)] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):   # PyTorch 2.13's assert
        TensorDataset(x, torch.arange(3))


def test_shuffle_is_a_reproducible_permutation():
    ds = TensorDataset(torch.arange(50))
    torch.manual_seed(3)
    first = [v for (b,) in DataLoader(ds, batch_size=8, shuffle=True) for v in b.tolist()]
    torch.manual_seed(3)
    again = [v for (b,) in DataLoader(ds, batch_size=8, shuffle=True) for v in b.tolist()]
    assert first == again and sorted(first) == list(range(50)) and first != list(range(50))
    g = torch.Generator().manual_seed(5)
    with_gen = [v for (b,) in DataLoader(ds, batch_size=50, shuffle=True, generator=g) for v in b.tolist()]
    g.manual_seed(5)
    assert with_gen == [v for (b,) in DataLoader(ds, batch_size=50, shuffle=True, generator=g) for v in b.tolist()]
    loader = DataLoader(ds, batch_size=50, shuffle=True)
    assert next(iter(loader))[0].tolist() != next(iter(loader))[0].tolist()


def test_default_collate_rules():
    batch = default_collate([(torch.ones(2), 1, 2.0, True), (torch.zeros(2), 3, 4.0, False)])
    assert isinstance(batch, list) and batch[0].shape == (2, 2)
    assert batch[1].dtype == torch.int64 and batch[2].dtype == torch.float64 and batch[3].dtype == torch.bool
    dicts = list(DataLoader(Squares(), batch_size=3))
    assert dicts[0]["y"].tolist() == [0, 1, 4] and dicts[0]["name"] == ["s0", "s1", "s2"] and len(dicts) == 3
    arrays = default_collate([np.ones(3), np.zeros(3)])
    assert arrays.shape == (2, 3) and arrays.dtype == torch.float64
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        default_collate([torch.ones(2), torch.ones(3)])


def test_subset_random_split_concat_and_custom_collate():
    ds = TensorDataset(torch.arange(10))
    sub = Subset(ds, [9, 2, 4])
    assert [sub[i][0].item() for i in range(3)] == [9, 2, 4]
    assert next(iter(DataLoader(sub, batch_size=3)))[0].tolist() == [9, 2, 4]
    torch.manual_seed(0)
    a, b = random_split(ds, [7, 3])
    assert sorted([a[i][0].item() for i in range(7)] + [b[i][0].item() for i in range(3)]) == list(range(10))
    assert [len(s) for s in random_split(ds, [0.5, 0.5])] == [5, 5]
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(ds, [3, 3])
    both = ConcatDataset([ds, sub])
    assert len(both) == 13 and both[11][0].item() == 2
    raw = next(iter(DataLoader(ds, batch_size=2, collate_fn=lambda samples: samples)))
    assert isinstance(raw, list) and raw[1][0].item() == 1
    assert next(iter(DataLoader(ds, batch_size=None)))[0].item() == 0


def test_loader_rejects_what_it_cannot_do():
    ds = TensorDataset(torch.arange(4))
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        DataLoader(ds, batch_size=0)
