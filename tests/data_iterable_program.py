"""Iterable-dataset loading and default_collate cases, run on PyTorch by
tools/record_data_iterable.py and on tinytorch by tests/test_data_iterable.py.

``run_all(torch)`` takes the torch-like module to use and returns {case: description}, each
result described structurally (tensors as dtype, shape and values) so both sides compare."""
import collections
import math

import numpy as np

Point = collections.namedtuple("Point", "x y")


def describe(obj, torch):
    if isinstance(obj, torch.Tensor):
        return {"tensor": str(obj.dtype).split(".")[-1], "shape": list(obj.shape), "values": obj.tolist()}
    if isinstance(obj, dict):
        return {"type": type(obj).__name__, "items": [[k, describe(v, torch)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return {"type": type(obj).__name__, "items": [describe(v, torch) for v in obj]}
    return {"value": obj if not isinstance(obj, bytes) else obj.decode(), "type": type(obj).__name__}


def datasets(torch):
    data = torch.utils.data

    class Range(data.IterableDataset):
        """range(start, end), split into contiguous shards across workers when ``shard``."""

        def __init__(self, start, end, shard=True):
            self.start, self.end, self.shard = start, end, shard

        def __iter__(self):
            info = data.get_worker_info()
            if info is None or not self.shard:
                return iter(range(self.start, self.end))
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            return iter(range(lo, min(lo + per, self.end)))

        def __len__(self):
            return self.end - self.start

    class Records(data.IterableDataset):
        """Dict samples, every worker's k-th sample tagged with the worker id."""

        def __iter__(self):
            info = data.get_worker_info()
            wid = -1 if info is None else info.id
            for k in range(3):
                yield {"worker": wid, "k": k, "x": np.full(2, k, np.float32)}

    return Range, Records


LOADER_CASES = {
    "w0": ("Range", (3, 10), dict(batch_size=2)),
    "w2": ("Range", (3, 10), dict(batch_size=2, num_workers=2)),
    "w2_drop": ("Range", (0, 11), dict(batch_size=2, num_workers=2, drop_last=True)),
    "w2_noshard": ("Range", (0, 3, False), dict(batch_size=2, num_workers=2)),
    "w2_nobatch": ("Range", (0, 5), dict(batch_size=None, num_workers=2)),
    "uneven": ("Range", (0, 7), dict(batch_size=1, num_workers=2, prefetch_factor=1)),
    "records": ("Records", (), dict(batch_size=2, num_workers=2)),
    "records_w0": ("Records", (), dict(batch_size=4)),
}


def run_loaders(torch, names=None):
    Range, Records = datasets(torch)
    kinds = {"Range": Range, "Records": Records}
    out = {}
    for name, (kind, args, kwargs) in LOADER_CASES.items():
        if names is not None and name not in names:
            continue
        loader = torch.utils.data.DataLoader(kinds[kind](*args), **kwargs)
        out["loader_" + name] = [describe(b, torch) for b in loader]
    chain = torch.utils.data.ChainDataset([Range(0, 3), Range(10, 12)])
    out["chain"] = [describe(b, torch) for b in torch.utils.data.DataLoader(chain, batch_size=2)]
    out["chain_add"] = list(Range(0, 2) + Range(5, 6))
    out["lengths"] = [len(torch.utils.data.DataLoader(Range(0, 7), batch_size=2)),
                      len(torch.utils.data.DataLoader(Range(0, 7), batch_size=2, drop_last=True)),
                      len(torch.utils.data.DataLoader(Range(0, 7), batch_size=None)), len(chain)]
    return out


def collate_cases(torch):
    t = torch.tensor
    return {
        "np_scalars_f32": [np.float32(1.5), np.float32(2)],
        "np_scalars_i32": [np.int32(1), np.int32(2)],
        "np_0d": [np.array(1.0), np.array(2.0)],
        "np_arrays_u8": [np.zeros((2,), np.uint8), np.ones((2,), np.uint8)],
        "dicts": [{"a": 1, "b": "s"}, {"a": 2, "b": "t"}],
        "ordered": [collections.OrderedDict(a=1.0), collections.OrderedDict(a=2.0)],
        "tuples": [(1, 2.0), (3, 4.0)],
        "lists": [[1, 2], [3, 4]],
        "namedtuples": [Point(1, 2.0), Point(3, 4.0)],
        "bools": [True, False],
        "np_bools": [np.bool_(True), np.bool_(False)],
        "bytes": [b"a", b"b"],
        "mixed_numbers": [1.5, 2],
        "nested": [(t(1.0), {"k": [1, 2]}), (t(2.0), {"k": [3, 4]})],
        "tensors": [t([1, 2]), t([3, 4])],
        "err_object": [object(), object()],
        "err_strings": [np.array(["a"]), np.array(["b"])],
        "err_ragged": [[1, 2], [3]],
        "err_shapes": [torch.zeros(2), torch.zeros(3)],
    }


def run_collate(torch):
    out = {}
    for name, batch in collate_cases(torch).items():
        try:
            out["collate_" + name] = describe(torch.utils.data.default_collate(batch), torch)
        except Exception as e:   # the error type and message are the result
            out["collate_" + name] = {"error": type(e).__name__, "message": str(e)}
    return out


def run_stack(torch):
    data = torch.utils.data
    s = data.StackDataset(a=data.TensorDataset(torch.arange(3)), b=[10, 11, 12])
    p = data.StackDataset([1, 2], ["x", "y"])
    return {"stack_dict": describe(s[1], torch), "stack_tuple": describe(p[0], torch), "stack_len": len(s)}


def run_all(torch):
    """Every case; ``torch.utils.data`` must be imported already."""
    return {**run_loaders(torch), **run_collate(torch), **run_stack(torch)}
