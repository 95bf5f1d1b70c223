"""Worker interpreter for W3, W4 and W7: ``python -m benchmarks.nn_worker LIB DATA_DIR [--rss]``.

LIB is ``tinytorch`` or ``torch``; only that library is imported (and NumPy), so the
PyTorch worker's memory and threads are PyTorch's alone.  DATA_DIR holds the arrays the
parent wrote (``train_images.npy`` uint8 (N, 28, 28), ``train_labels.npy`` int64, and the
same for ``test``), so both libraries train on identical data.  Batches are cut the same
way for both: one NumPy gather of uint8 pixels per batch, scaled to float32 in [0, 1]
(what ``ToTensor`` does), then ``from_numpy``.

Driven mode (default): reads one JSON command per line on stdin and answers one JSON line:

- ``{"cmd": "w3", "seed": S}``: a fresh MLP (``manual_seed(S)``), one epoch over the
  training set in the order ``default_rng(S).permutation``, batch 64, SGD lr 0.1; answers
  the epoch's wall time and the test accuracy afterwards.
- ``{"cmd": "w4", "steps": K, "warmup": W}``: K training steps of the CNN (built once),
  each timed on its own, after W untimed ones; answers the K step times.

``--rss`` mode (W7): one W3 epoch in this fresh interpreter, then prints the peak resident
set size (``VmHWM``) after the import, after loading the data and after training.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

from examples.train_mnist import build_model, evaluate, train_epoch

BATCH, LR = 64, 0.1


def _status_kb(field):
    """A ``/proc/self/status`` field in kB (VmHWM: peak RSS so far; VmRSS: current RSS)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def load(data_dir):
    d = Path(data_dir)
    return {name: np.load(d / f"{name}.npy") for name in ("train_images", "train_labels", "test_images",
                                                          "test_labels")}


def batches(lib, images, labels, order, batch=BATCH):
    """(x, y) batches in ``order``: x float32 (B, 1, 28, 28) in [0, 1], y int64 (B,)."""
    scale = np.float32(1 / 255)
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        x = images[idx].astype(np.float32)
        x *= scale
        yield lib.from_numpy(x.reshape(len(idx), 1, 28, 28)), lib.from_numpy(labels[idx])


def w3_epoch(lib, data, seed):
    """(seconds for one training epoch, test accuracy, mean training loss) of a fresh MLP."""
    lib.manual_seed(seed)
    model = build_model(lib.nn, "mlp")
    optimizer = lib.optim.SGD(model.parameters(), lr=LR)
    loss_fn = lib.nn.CrossEntropyLoss()
    order = np.random.default_rng(seed).permutation(len(data["train_labels"]))
    t0 = time.perf_counter()
    mean_loss, _ = train_epoch(model, optimizer, loss_fn, batches(lib, data["train_images"], data["train_labels"],
                                                                  order))
    seconds = time.perf_counter() - t0
    test_order = np.arange(len(data["test_labels"]))
    accuracy = evaluate(lib, model, batches(lib, data["test_images"], data["test_labels"], test_order, 1000))
    return seconds, accuracy, mean_loss


class CNNSteps:
    """The W4 model and optimiser, built once, and a fixed list of real training batches."""

    def __init__(self, lib, data, seed=0, n_batches=32):
        lib.manual_seed(seed)
        self.model = build_model(lib.nn, "cnn")
        self.optimizer = lib.optim.SGD(self.model.parameters(), lr=LR)
        self.loss_fn = lib.nn.CrossEntropyLoss()
        order = np.random.default_rng(seed).permutation(len(data["train_labels"]))[:n_batches * BATCH]
        self.batches = list(batches(lib, data["train_images"], data["train_labels"], order))
        self.k = 0

    def step(self):
        x, y = self.batches[self.k % len(self.batches)]
        self.k += 1
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss

    def timed(self, steps, warmup):
        self.model.train()
        for _ in range(warmup):
            self.step()
        times = []
        for _ in range(steps):
            t0 = time.perf_counter()
            self.step()
            times.append(time.perf_counter() - t0)
        return times


def main(argv):
    module, data_dir = argv[0], argv[1]
    rss_mode = "--rss" in argv[2:]
    baseline = _status_kb("VmHWM") if rss_mode else None
    lib = __import__(module)
    after_import = _status_kb("VmHWM") if rss_mode else None
    data = load(data_dir)
    if rss_mode:
        after_data = _status_kb("VmHWM")
        seconds, accuracy, _ = w3_epoch(lib, data, 0)
        print(json.dumps({"interpreter_kb": baseline, "import_kb": after_import, "data_kb": after_data,
                          "peak_kb": _status_kb("VmHWM"), "seconds": seconds, "accuracy": accuracy}), flush=True)
        return 0
    threads = lib.get_num_threads() if hasattr(lib, "get_num_threads") else None
    print(json.dumps({"threads": threads}), flush=True)
    cnn = None
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "w3":
            seconds, accuracy, loss = w3_epoch(lib, data, cmd["seed"])
            reply = {"seconds": seconds, "accuracy": accuracy, "loss": loss}
        elif cmd["cmd"] == "w4":
            if cnn is None:
                cnn = CNNSteps(lib, data)
            reply = {"times": cnn.timed(cmd["steps"], cmd.get("warmup", 0))}
        else:
            reply = {"error": f"unknown command {cmd['cmd']!r}"}
        print(json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
