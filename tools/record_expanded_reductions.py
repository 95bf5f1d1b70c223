"""Record PyTorch's reductions of expanded tensors (the literals in tests/test_ops_reduce.py).

Run with PyTorch installed: ``/work/torchenv/bin/python tools/record_expanded_reductions.py``.
"""
import torch


def main():
    x = torch.tensor([[1., 2.], [3., 4.]])[:, None, :].expand(2, 3, 2)
    grid = torch.tensor([[1., -2.], [3., 4.]])[:, None, :].expand(2, 10 ** 6, 2)
    cases = {
        "ones(1.5).expand(1e7).sum": torch.tensor([1.5]).expand(10 ** 7).sum(),
        "grid.max": grid.max(), "grid.sum(1)": grid.sum(1), "grid.min(1)": grid.min(1),
        "x.sum((0, 2))": x.sum((0, 2)), "x.sum(0, keepdim=True)": x.sum(0, keepdim=True),
        "x.mean(1)": x.mean(1), "tensor(2).expand(1e10).sum": torch.tensor(2).expand(10 ** 10).sum(),
        "tensor([3]).expand(100).prod": torch.tensor([3]).expand(100).prod(),
        "tensor([1.01]).expand(100).prod": torch.tensor([1.01]).expand(100).prod(),
        "tensor([0.1]).expand(1e10).mean": torch.tensor([0.1]).expand(10 ** 10).mean(),
        "bool[None].expand(5, 2).sum(0)": torch.tensor([True, False])[None].expand(5, 2).sum(0),
        "ones(0, 1).expand(0, 4).sum(0)": torch.ones(0, 1).expand(0, 4).sum(0),
    }
    for name, value in cases.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
