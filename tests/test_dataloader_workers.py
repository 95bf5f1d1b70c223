"""DataLoader with worker processes: the same batches as in one process, PyTorch's worker
seeding and ``get_worker_info``, errors from workers, dead workers, timeouts, persistent
workers, argument checks, and pickling of tensors (how batches travel between processes)."""
import copy
import dataclasses
import gc
import itertools
import multiprocessing
import os
import pickle
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.utils.data import DataLoader, Dataset, TensorDataset, WorkerInfo, get_worker_info

REPO = Path(__file__).resolve().parent.parent


class Samples(Dataset):
    """Sample i is a dict with i, the pid and worker info of the process that loaded it."""

    def __init__(self, n=12):
        self.n = n
        self.offset = 0

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = get_worker_info()
        return {"i": i + self.offset, "pid": os.getpid(), "worker": -1 if info is None else info.id,
                "seed": -1 if info is None else info.seed, "rand": torch.rand(()).item(), "py": random.random(),
                "np": float(np.random.rand())}


class Failing(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise ValueError("bad sample")
        return i


class Dying(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 3:
            os._exit(3)
        return i


class Slow(Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        time.sleep(60)
        return i


def _set_offset(worker_id):
    get_worker_info().dataset.offset = 100 * (worker_id + 1)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_workers_yield_the_batches_of_one_process(workers):
    x, y = torch.arange(30.).reshape(15, 2), torch.arange(15)
    ds = TensorDataset(x, y)
    for kwargs in (dict(batch_size=4, shuffle=True), dict(batch_size=4, drop_last=True), dict(batch_size=None)):
        torch.manual_seed(7)
        expected = list(DataLoader(ds, **kwargs))
        torch.manual_seed(7)
        got = list(DataLoader(ds, num_workers=workers, **kwargs))
        assert len(got) == len(expected) > 0
        for a, b in zip(got, expected):
            assert all(torch.equal(p, q) for p, q in zip(a, b))


def test_batches_come_from_workers_in_turn_with_consecutive_seeds():
    torch.manual_seed(0)
    batches = list(DataLoader(Samples(), batch_size=2, num_workers=3))
    assert [b["i"].tolist() for b in batches] == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]]
    assert [b["worker"].tolist() for b in batches] == [[k % 3] * 2 for k in range(6)]
    pids = {b["pid"][0].item() for b in batches}
    assert len(pids) == 3 and os.getpid() not in pids
    seeds = sorted({b["seed"][0].item() for b in batches})
    assert seeds == [seeds[0], seeds[0] + 1, seeds[0] + 2]
    assert get_worker_info() is None
    assert not multiprocessing.active_children()        # the workers are gone after the epoch


def test_worker_random_streams_are_seeded_and_reproducible():
    def draws():
        torch.manual_seed(3)
        return [(b["rand"].tolist(), b["py"].tolist(), b["np"].tolist())
                for b in DataLoader(Samples(8), batch_size=2, num_workers=2)]
    first, second = draws(), draws()
    assert first == second
    assert first[0] != first[1]                          # the two workers draw different numbers


def test_worker_init_fn_runs_in_each_worker():
    batches = list(DataLoader(Samples(6), batch_size=3, num_workers=2, worker_init_fn=_set_offset))
    assert [b["i"].tolist() for b in batches] == [[100, 101, 102], [203, 204, 205]]


def test_an_error_in_a_worker_is_raised_with_its_traceback():
    with pytest.raises(ValueError) as info:
        list(DataLoader(Failing(), batch_size=2, num_workers=2))
    message = str(info.value)
    assert message.startswith("Caught ValueError in DataLoader worker process 1.\nOriginal Traceback "
                              "(most recent call last):\n")
    assert message.endswith("ValueError: bad sample\n")


def test_a_dead_worker_ends_the_epoch_with_an_error():
    with pytest.raises(RuntimeError, match=r"DataLoader worker \(pid\(s\) \d+\) exited unexpectedly"):
        list(DataLoader(Dying(), batch_size=2, num_workers=2))


def test_timeout():
    start = time.perf_counter()
    with pytest.raises(RuntimeError, match="DataLoader timed out after 1 seconds"):
        list(DataLoader(Slow(), batch_size=1, num_workers=1, timeout=1))
    assert time.perf_counter() - start < 30      # the sleeping worker is stopped, not awaited for 60 s


def test_persistent_workers_serve_every_epoch_read_to_its_end():
    loader = DataLoader(Samples(8), batch_size=2, num_workers=2, persistent_workers=True)
    pids = [{b["pid"][0].item() for b in loader} for _ in range(2)]
    assert pids[0] == pids[1] and len(pids[0]) == 2
    in_hand = [b["pid"][0].item() for b in itertools.islice(loader, len(loader))]   # no final next()
    assert set(in_hand) == pids[0]
    for batch in loader:        # leave an epoch early: the next one starts fresh workers
        break
    third = {b["pid"][0].item() for b in loader}
    assert len(third) == 2 and third.isdisjoint(pids[0])
    pairs = list(zip(loader, loader))   # two iterators at once: the second gets its own workers
    assert [a["i"].tolist() for a, _ in pairs] == [b["i"].tolist() for _, b in pairs] == [[0, 1], [2, 3], [4, 5], [6, 7]]
    del loader
    gc.collect()
    _wait_for_no_children()


def test_num_workers_does_not_change_random_numbers():
    ds = TensorDataset(torch.arange(8))

    def run(workers):
        torch.manual_seed(0)
        loader = DataLoader(ds, batch_size=4, shuffle=True, num_workers=workers)
        epochs = [[b[0].tolist() for b in loader] for _ in range(2)]
        return epochs, torch.rand(3).tolist()
    assert run(0) == run(2) == run(1)


class Large(Dataset):
    def __len__(self):
        return 40

    def __getitem__(self, i):
        return np.full(250_000, i, np.float32)      # 1 MB per sample: batches fill any pipe


def test_leaving_an_epoch_early_does_not_wait_for_the_batches_in_flight():
    loader = DataLoader(Large(), batch_size=4, num_workers=2)
    start = time.perf_counter()
    for _ in range(3):
        for batch in loader:
            break
    assert time.perf_counter() - start < 15        # it used to wait 5 s per worker each time
    _wait_for_no_children()


class KeyErrorOnTwo(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        if i == 2:
            raise KeyError("missing")
        return i


def test_the_epoch_goes_on_after_a_worker_error_and_key_errors_read_plainly():
    it = iter(DataLoader(KeyErrorOnTwo(), batch_size=2, num_workers=2))
    assert next(it).tolist() == [0, 1]
    with pytest.raises(KeyError) as info:
        next(it)
    assert str(info.value).startswith("Caught KeyError in DataLoader worker process 1.\nOriginal Traceback")
    assert next(it).tolist() == [4, 5]
    with pytest.raises(StopIteration):
        next(it)


def test_a_batch_that_cannot_be_pickled_is_an_error_not_a_hang():
    loader = DataLoader(Samples(4), batch_size=2, num_workers=1, collate_fn=lambda batch: (lambda: batch))
    with pytest.raises(Exception, match="Caught .* in DataLoader worker process 0"):
        next(iter(loader))


ORPHAN_SCRIPT = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
import tinytorch as torch
from tinytorch.utils.data import DataLoader, TensorDataset
loader = DataLoader(TensorDataset(torch.arange(8.)), batch_size=2, num_workers=2, persistent_workers=True)
next(iter(loader))
print(" ".join(str(p.pid) for p in loader._pool.processes), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT)
    done = subprocess.run([sys.executable, str(script), str(REPO)], capture_output=True, text=True, timeout=120)
    pids = [int(p) for p in done.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)


def _wait_for_no_children(seconds=10):
    """Workers asked to stop without waiting (loop left early, loader collected) exit soon after."""
    deadline = time.monotonic() + seconds
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


def _alive(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()     # a zombie has exited
    except FileNotFoundError:
        return False


def test_worker_info_is_read_only():
    info = WorkerInfo(id=0, num_workers=1, seed=5, dataset=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.id = 3


def test_batches_out_of_order_when_asked():
    got = list(DataLoader(Samples(10), batch_size=2, num_workers=2, in_order=False))
    assert sorted(b["i"][0].item() for b in got) == [0, 2, 4, 6, 8]


def test_spawn_start_method():
    torch.manual_seed(1)
    expected = [b["i"].tolist() for b in DataLoader(Samples(6), batch_size=2, shuffle=True)]
    torch.manual_seed(1)
    loader = DataLoader(Samples(6), batch_size=2, shuffle=True, num_workers=2, multiprocessing_context="spawn")
    assert [b["i"].tolist() for b in loader] == expected


@pytest.mark.parametrize("kwargs,error,message", [
    (dict(num_workers=-1), ValueError, "num_workers option should be non-negative; use num_workers=0 to disable "
                                       "multiprocessing."),
    (dict(timeout=-1), ValueError, "timeout option should be non-negative"),
    (dict(prefetch_factor=2), ValueError, "prefetch_factor option could only be specified in multiprocessing.let "
                                          "num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor "
                                          "to None."),
    (dict(num_workers=1, prefetch_factor=-1), ValueError, "prefetch_factor option should be non-negative"),
    (dict(persistent_workers=True), ValueError, "persistent_workers option needs num_workers > 0"),
    (dict(multiprocessing_context="fork"), ValueError, "multiprocessing_context can only be used with multi-process "
                                                       "loading (num_workers > 0), but got num_workers=0"),
    (dict(num_workers=1, multiprocessing_context="bogus"), ValueError,
     "multiprocessing_context option should specify a valid start method in ['fork', 'spawn', 'forkserver'], but "
     "got multiprocessing_context='bogus'"),
    (dict(num_workers=1, multiprocessing_context=3), TypeError,
     "multiprocessing_context option should be a valid context object or a string specifying the start method, "
     "but got multiprocessing_context=3"),
])
def test_arguments_are_checked_like_pytorch(kwargs, error, message):
    with pytest.raises(error) as info:
        DataLoader(TensorDataset(torch.arange(4.)), **kwargs)
    assert str(info.value) == message


def test_pickling_keeps_values_dtype_and_requires_grad_only():
    w = torch.ones(2, requires_grad=True)
    w.grad = torch.ones(2)
    copied = pickle.loads(pickle.dumps(w))
    assert repr(copied) == "tensor([1., 1.], requires_grad=True)" and copied.grad is None and copied.is_leaf
    assert repr(pickle.loads(pickle.dumps(w * 2))) == "tensor([2., 2.], requires_grad=True)"
    view = pickle.loads(pickle.dumps(torch.arange(1000.)[2:4]))
    assert view.tolist() == [2.0, 3.0] and view.numpy().base is None and view.numpy().nbytes == 8
    assert pickle.loads(pickle.dumps(torch.tensor([3], dtype=torch.uint8))).dtype == torch.uint8
    p = pickle.loads(pickle.dumps(torch.nn.Parameter(torch.zeros(2))))
    assert type(p) is torch.nn.Parameter and p.requires_grad


def test_deepcopy_of_leaves_and_modules():
    model = torch.nn.Linear(3, 2)
    model(torch.ones(1, 3)).sum().backward()
    clone = copy.deepcopy(model)
    assert type(clone.weight) is torch.nn.Parameter and torch.equal(clone.weight, model.weight)
    assert clone.weight.grad is None and clone.weight.requires_grad          # as PyTorch's Parameter
    leaf = torch.ones(2, requires_grad=True)
    leaf.grad = torch.full((2,), 3.0)
    grad_copy, leaf_copy = copy.deepcopy([leaf.grad, leaf])
    assert torch.equal(leaf_copy.grad, leaf.grad) and leaf_copy.grad is grad_copy   # one copy, through the memo
    clone.weight.data.fill_(0.0)
    assert model.weight.abs().sum().item() > 0      # the copy has its own memory
    with pytest.raises(RuntimeError, match="Only Tensors created explicitly by the user"):
        copy.deepcopy(model.weight * 2)


def _zombie_or_alive(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return True                              # running, or exited but not reaped
    except FileNotFoundError:
        return False


def _pipes_and_sockets():
    """The process's open pipe and socket descriptors (what a worker pool holds)."""
    out = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue   # (the descriptor listdir itself used, closed by now)
        if target.startswith(("pipe:", "socket:")):
            out.add(fd)
    return out


def test_workers_of_an_epoch_left_early_are_reaped_and_their_pipes_closed():
    list(DataLoader(Samples(4), batch_size=2, num_workers=2))   # multiprocessing's own helpers start once, keeping fds
    gc.collect()
    fds = _pipes_and_sockets()
    loader = DataLoader(Samples(16), batch_size=2, num_workers=2)
    epoch = iter(loader)
    next(epoch)
    pids = [p.pid for p in epoch.pool.processes]
    del epoch                                        # the epoch is left early: its pool is stopped
    gc.collect()
    deadline = time.monotonic() + 10                 # (without asking multiprocessing, which would reap them)
    while any(_zombie_or_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_zombie_or_alive(pid) for pid in pids)
    while _pipes_and_sockets() != fds and time.monotonic() < deadline:   # (the pool's threads close theirs as they end)
        gc.collect()
        time.sleep(0.05)
    assert _pipes_and_sockets() == fds   # (files the process opens meanwhile, a compiled kernel's cache, don't count)
