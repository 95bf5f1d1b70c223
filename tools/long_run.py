"""Long-run reliability check (issue 15): memory stays flat over a long training run, and
DataLoader worker epochs left early leave no processes or file descriptors behind.

    python tools/long_run.py                  # 5,000 steps, RSS sampled at steps 500 and 5,000
    python tools/long_run.py --steps 1500 --first 300

A small MLP (20 -> 64 -> 10) trains with SGD on a fixed synthetic data set through a shuffling
DataLoader (a new epoch whenever one ends).  The process's resident set size is read from
/proc/self/statm at step ``first`` (after warm-up: kernels compiled, buffers allocated) and at the
last step; the growth must stay under ``--max-growth-mib`` (default 4).  Then a DataLoader with
two worker processes is started and left after two batches, several epochs in a row: after each
abandoned iterator is dropped, no child process of this one and no extra file descriptor may
remain.  Prints one JSON line of figures; exits 1 when a check fails.  tests/test_reliability_long_run.py
runs the same checks at CI size.
"""
import argparse
import gc
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import tinytorch as torch  # noqa: E402
from tinytorch import nn  # noqa: E402
from tinytorch.utils.data import DataLoader, TensorDataset  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2 ** 20


def children():
    """PIDs of this process's live children (from /proc)."""
    me, out = str(os.getpid()), []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            out.append(int(pid))
    return out


def open_fds():
    return len(os.listdir("/proc/self/fd"))


def train(steps, first, seed=0):
    """Train for ``steps`` steps; RSS (MiB) at step ``first`` and at the end, and the last loss."""
    torch.manual_seed(seed)
    x = torch.randn(2048, 20)
    y = (x[:, :10].argmax(1) + x[:, 10:].argmax(1)) % 10
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    step, rss_first, loss = 0, None, None
    while step < steps:
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            step += 1
            if step == first:
                gc.collect()
                rss_first = rss_mib()
            if step == steps:
                break
    gc.collect()
    return rss_first, rss_mib(), loss.item()


def abandoned_worker_epochs(epochs=4, workers=2):
    """Start ``epochs`` worker epochs, each left after two batches; children and fds left after each."""
    data = TensorDataset(torch.arange(400.).reshape(100, 4))
    loader = DataLoader(data, batch_size=5, num_workers=workers)
    fds_before, left = open_fds(), []
    before = set(children())   # (processes started earlier, e.g. multiprocessing's resource tracker)
    for _ in range(epochs):
        it = iter(loader)
        next(it)
        next(it)
        during = len(set(children()) - before)   # the workers are there (so the check below can see them)
        del it   # the epoch is left early
        gc.collect()
        deadline = time.monotonic() + 5
        while set(children()) - before and time.monotonic() < deadline:
            time.sleep(0.05)
        left.append({"children_during": during, "children": len(set(children()) - before),
                     "extra_fds": open_fds() - fds_before})
    return left


def run(steps, first, max_growth_mib, epochs=4):
    rss_first, rss_last, loss = train(steps, first)
    left = abandoned_worker_epochs(epochs)
    figures = {"steps": steps, "rss_mib_at_first": round(rss_first, 2), "rss_mib_at_end": round(rss_last, 2),
               "growth_mib": round(rss_last - rss_first, 2), "max_growth_mib": max_growth_mib, "loss": round(loss, 4),
               "abandoned_epochs": left}
    figures["ok"] = (rss_last - rss_first <= max_growth_mib
                     and all(e["children_during"] > 0 and e["children"] == 0 and e["extra_fds"] <= 0 for e in left))
    return figures


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--first", type=int, default=500)
    p.add_argument("--max-growth-mib", type=float, default=4.0)
    p.add_argument("--epochs", type=int, default=4)
    a = p.parse_args()
    figures = run(a.steps, a.first, a.max_growth_mib, a.epochs)
    print(json.dumps(figures))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
