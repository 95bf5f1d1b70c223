"""Worker interpreter for W9: ``python -m benchmarks.rnn_worker LIB``.

LIB is ``tinytorch`` or ``torch``; only that library is imported (and NumPy).  The model is an
LSTM character language model: Embedding(65, 64) -> LSTM(64, 256, num_layers=2,
batch_first=True) -> Linear(256, 65), cross-entropy over every position, Adam (lr 2e-3), on
batches of 32 sequences of 64 characters.  The batches are cut from a fixed random "text" of
65 symbols (NumPy's ``default_rng(0)``), the targets being the inputs shifted by one, so both
libraries see identical data; the model is built once after ``manual_seed(0)`` (the same
initial weights in both libraries).

Reads one JSON command per line on stdin and answers one JSON line:
``{"cmd": "w9", "steps": K, "warmup": W}``: K training steps (zero_grad, forward, loss,
backward, Adam step), each timed on its own, after W untimed ones; answers the K step times
and the last loss.
"""
import json
import sys
import time

import numpy as np

VOCAB, EMBED, HIDDEN, LAYERS, BATCH, SEQ = 65, 64, 256, 2, 32, 64


def build(lib):
    nn = lib.nn

    class CharLM(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(VOCAB, EMBED)
            self.lstm = nn.LSTM(EMBED, HIDDEN, num_layers=LAYERS, batch_first=True)
            self.head = nn.Linear(HIDDEN, VOCAB)

        def forward(self, x):
            out, _ = self.lstm(self.embed(x))
            return self.head(out)

    lib.manual_seed(0)
    return CharLM()


class CharSteps:
    """The W9 model, optimiser and a fixed list of batches, built once."""

    def __init__(self, lib, n_batches=8):
        self.lib = lib
        self.model = build(lib)
        self.optimizer = lib.optim.Adam(self.model.parameters(), lr=2e-3)
        self.loss_fn = lib.nn.CrossEntropyLoss()
        text = np.random.default_rng(0).integers(0, VOCAB, n_batches * BATCH * SEQ + 1).astype(np.int64)
        self.batches = []
        for b in range(n_batches):
            start = b * BATCH * SEQ
            x = text[start:start + BATCH * SEQ].reshape(BATCH, SEQ)
            y = text[start + 1:start + 1 + BATCH * SEQ].reshape(BATCH, SEQ)
            self.batches.append((lib.from_numpy(x.copy()), lib.from_numpy(y.copy())))
        self.k = 0

    def step(self):
        x, y = self.batches[self.k % len(self.batches)]
        self.k += 1
        self.optimizer.zero_grad()
        logits = self.model(x)
        loss = self.loss_fn(logits.reshape(-1, VOCAB), y.reshape(-1))
        loss.backward()
        self.optimizer.step()
        return loss

    def timed(self, steps, warmup):
        for _ in range(warmup):
            self.step()
        times = []
        loss = None
        for _ in range(steps):
            t0 = time.perf_counter()
            loss = self.step()
            times.append(time.perf_counter() - t0)
        return times, loss.item()


def main(argv):
    lib = __import__(argv[0])
    threads = lib.get_num_threads() if hasattr(lib, "get_num_threads") else None
    print(json.dumps({"threads": threads}), flush=True)
    steps = None
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "w9":
            if steps is None:
                steps = CharSteps(lib)
            times, loss = steps.timed(cmd["steps"], cmd.get("warmup", 0))
            reply = {"times": times, "loss": loss}
        else:
            reply = {"error": f"unknown command {cmd['cmd']!r}"}
        print(json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
