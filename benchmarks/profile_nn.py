"""Where tinytorch's time goes in a training step of W3 (MLP) and W4 (CNN):
``python -m benchmarks.profile_nn [mlp|cnn ...]``.

One training step (zero_grad, forward, cross-entropy, backward, SGD step) on a fixed
batch of 64 random images, as in W4, so data loading is left out.

1. The plain step: milliseconds per step (median), no instrumentation.
2. Time inside Numba kernels and inside BLAS: every ``@njit`` dispatcher in
   ``tinytorch.kernels`` and the BLAS entry ``kernels.matmul.matmul`` are wrapped (in this
   process only) by a timer, so each kernel's share of a step is measured directly; the
   rest of the step is Python-level overhead (graph nodes, argument checks, NumPy
   allocation and copies made outside the kernels).
3. cProfile of the same loop: the top functions by own time.  cProfile slows Python code
   more than C code, so read its shares as a ranking rather than exact fractions.
"""
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from benchmarks.kernel_timer import timed_kernels

REPO = Path(__file__).resolve().parent.parent


def make_step(torch, kind, batch=64, seed=0):
    """A closure running one training step of the W3 (``mlp``) or W4 (``cnn``) model."""
    from examples.train_mnist import build_model

    torch.manual_seed(seed)
    model = build_model(torch.nn, kind)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    rng = np.random.default_rng(seed)
    x = torch.from_numpy(rng.random((batch, 1, 28, 28), dtype=np.float32))
    y = torch.from_numpy(rng.integers(0, 10, batch).astype(np.int64))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return step


def plain_ms(step, n, reps=5):
    out = []
    for _ in range(reps):
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        out.append((time.perf_counter() - t0) / n * 1e3)
    return statistics.median(out)


def kernel_time(step, n):
    """{name: (calls per step, ms per step)} for every kernel and for BLAS (``matmul``)."""
    stats = defaultdict(lambda: [0, 0.0])
    with timed_kernels(stats, blas=True):
        for _ in range(20):
            step()
        stats.clear()
        for _ in range(n):
            step()
    return {k: (c / n, t / n * 1e3) for k, (c, t) in stats.items()}


def profile(step, n, top=18):
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        step()
    prof.disable()
    st = pstats.Stats(prof)
    total = st.total_tt
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in st.stats.items():
        where = os.path.relpath(file, REPO) if file.startswith(str(REPO)) else file
        rows.append((tt, nc / n, f"{where}:{line}({func})" if line else func))
    rows.sort(reverse=True)
    print(f"  cProfile: {total / n * 1e3:.2f} ms/step under the profiler; top {top} by own time")
    print(f"  {'own %':>6} {'ms/step':>8} {'calls':>6}  function")
    for tt, calls, name in rows[:top]:
        print(f"  {100 * tt / total:6.1f} {tt / n * 1e3:8.3f} {calls:6.1f}  {name}")
    print(f"  Python function calls per step: {sum(v[1] for v in st.stats.values()) / n:.0f}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import tinytorch as torch

    for kind in argv or ["mlp", "cnn"]:
        n = 300 if kind == "cnn" else 2000
        step = make_step(torch, kind)
        for _ in range(30):
            step()
        ms = plain_ms(step, n)
        detail = kernel_time(step, n)
        kms = sum(t for _, t in detail.values())
        calls = sum(c for c, _ in detail.values())
        print(f"{kind}: {ms:.3f} ms/step (median of 5 x {n} steps, batch 64)")
        print(f"  inside kernels + BLAS: {kms:.3f} ms/step in {calls:.0f} calls = {100 * kms / ms:.0f}%; "
              f"the rest (Python, graph, NumPy allocation/copies) = {ms - kms:.3f} ms/step")
        for k, (c, t) in sorted(detail.items(), key=lambda kv: -kv[1][1]):
            print(f"    {k:40s} {c:4.1f} calls {t:7.3f} ms ({100 * t / ms:4.1f}%)")
        profile(step, max(n // 3, 50))
        print()


if __name__ == "__main__":
    main()
