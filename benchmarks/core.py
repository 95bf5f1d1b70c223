"""The benchmark workloads, the table and the JSON report.

Every workload is measured for tinytorch and, when ``import torch`` works, for PyTorch in
the same run.  The two libraries alternate between repetitions (tinytorch first on even
repetitions, PyTorch first on odd ones) so that a noisy neighbour on the shared machine
hits both alike; each row reports median, min and max over the repetitions and the
tinytorch/PyTorch ratio of the medians.

- W1  microseconds per iteration of the seed graph (create x, forward, backward).
- W2  float32 ``a @ b`` GFLOP/s (2*N^3 / time), N = 256, 512, 1024, 2048, no grad; worker
      interpreters per library (a fresh pair per repetition); plus N=1024 on one thread.
- W5  ``import`` wall time, each repetition in a fresh interpreter.
- W3  seconds per epoch of the 784-128-10 MLP (SGD lr 0.1, batch 64) over the Fashion-MNIST
      training set (else the digits tinytorch bundles), and the test accuracy after it.
- W4  milliseconds per training step of the LeNet-style CNN, batch 64 (median over steps).
- W6  wall time of ``examples/autograd_tutorial.py`` in a fresh interpreter, on a cold
      Numba cache (a fresh ``NUMBA_CACHE_DIR``) and then warm (same cache dir again);
      PyTorch runs the same script with ``tinytorch`` aliased to ``torch``.
- W7  peak resident memory (VmHWM) of a fresh interpreter training one W3 epoch, and the
      peak after the import alone.
- W8  milliseconds per training step of a character-level GPT (4 layers, 4 heads, width 128,
      context 64, batch 32; ``benchmarks/core_gpt.py``); W10 the same model code at nanoGPT's
      Shakespeare-char shape scaled down (6 layers, 6 heads, width 384, context 128, batch 4).
- W9  milliseconds per training step of an LSTM character language model (embedding 65 -> 2-layer
      LSTM, hidden 256 -> linear 65; batch 32 x 64 characters, cross-entropy, Adam).
- W11 every op of the op table and the nn activations/norms, forward and forward+backward, at
      16 elements and 512x512 (``benchmarks/ops_table.py``), sorted by ratio.

W3 and W4 run each library in its own worker interpreter (``benchmarks/nn_worker.py``),
like W2, and W7 starts a fresh one per repetition.

The garbage collector is disabled inside the timed loops of W1 and W2 (as ``timeit``
does) and a full collection runs before each repetition, outside the timing.  Before each
workload the round trip of a cache line between the first two CPUs is measured
(``core_distance``) and reported: it tells which of the shared machine's two states the
workload ran in.
"""
import argparse
import datetime
import gc
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .workers import JsonWorker
from . import core_distance, core_gpt, ops_table

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
TUTORIAL = REPO / "examples" / "autograd_tutorial.py"
WORKLOADS = ("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11")


# --- helpers -----------------------------------------------------------------------------
def _load_libs(use_torch):
    """{'tinytorch': module, 'pytorch': module or None} (tinytorch from this checkout)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import tinytorch

    torch = None
    if use_torch:
        try:
            import torch
        except ImportError:
            torch = None
    return {"tinytorch": tinytorch, "pytorch": torch}


def _alternate(reps, fns, start=0):
    """Run each callable of ``fns`` (name -> fn returning one sample) ``reps`` times,
    alternating which library goes first (counting repetitions from ``start``); returns
    name -> list of samples."""
    names = [n for n, f in fns.items() if f is not None]
    samples = {n: [] for n in names}
    for r in range(start, start + reps):
        for name in (names if r % 2 == 0 else names[::-1]):
            samples[name].append(fns[name]())
    return samples


def _stats(samples):
    if not samples:
        return None
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "samples": samples}


def _row(workload, label, unit, samples, higher_is_better=False, target=None, note=""):
    """One result row; ``target`` is (kind, value) with kind 'ratio<=', 'ratio>=' or 'abs<='."""
    tt, pt = _stats(samples.get("tinytorch")), _stats(samples.get("pytorch"))
    ratio = tt["median"] / pt["median"] if tt and pt else None
    # The ratio of the best repetitions: noise only ever slows a run down, so on a busy
    # machine this is the steadier estimate of what each library can do.
    best = (max if higher_is_better else min)
    best_ratio = best(tt["samples"]) / best(pt["samples"]) if tt and pt else None
    met = None
    if target is not None and tt is not None:
        kind, value = target
        if kind == "ratio<=":
            met = ratio <= value if ratio is not None else None
        elif kind == "ratio>=":
            met = ratio >= value if ratio is not None else None
        else:
            met = tt["median"] <= value
    return {"workload": workload, "label": label, "unit": unit, "higher_is_better": higher_is_better,
            "tinytorch": tt, "pytorch": pt, "ratio": ratio, "best_ratio": best_ratio,
            "target": _target_text(target), "met": met, "note": note}


def _target_text(target):
    if target is None:
        return None
    kind, value = target
    return {"ratio<=": f"ratio <= {value}x", "ratio>=": f"ratio >= {value}x"}.get(kind, f"<= {value} s")


def _fmt(v):
    if v is None:
        return "n/a"
    a = abs(v)
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def _cell(st):
    if st is None:
        return "n/a"
    return f"{_fmt(st['median'])} [{_fmt(st['min'])}-{_fmt(st['max'])}]"


def _subprocess_env(cache_dir=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = str(cache_dir)
    return env


# --- W1: the seed graph ------------------------------------------------------------------
def _seed_loop(lib, n):
    """Microseconds per iteration of the seed graph, ``n`` iterations, gc disabled."""
    ones = lib.ones
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in range(n):
            x = ones(2, 2, requires_grad=True)
            y = x + 2
            z = y * y * 3
            out = z.mean()
            out.backward()
        elapsed = time.perf_counter() - t0
    finally:
        gc.enable()
    grad = x.grad.numpy()
    if not np.allclose(grad, 4.5):
        raise AssertionError(f"{lib.__name__}: seed graph gave x.grad = {grad}, expected 4.5")
    return elapsed / n * 1e6


def w1(libs, reps=7, iters=2000, warmup=300):
    for lib in libs.values():
        if lib is not None:
            _seed_loop(lib, warmup)
    fns = {name: (lambda lib=lib: _seed_loop(lib, iters)) if lib is not None else None
           for name, lib in libs.items()}
    samples = _alternate(reps, fns)
    return [_row("W1", "seed graph fwd+bwd", "us/iter", samples, target=("ratio<=", 0.7),
                 note=f"{reps} reps x {iters} iters, gc disabled in the loop")]


# --- W2: float32 matmul ------------------------------------------------------------------
# Each library runs in its own worker interpreter: PyTorch's OpenMP pool and NumPy's
# OpenBLAS pthread pool in one process oversubscribe the cores (measured: both drop from
# ~180 to 3-20 GFLOP/s at N=256 on the 2-core machine), and a user runs one library anyway.
# The parent drives both workers, alternating between repetitions as elsewhere.
_MATMUL_WORKER = r"""
import gc, json, sys, time
import numpy as np
lib = __import__(sys.argv[1])
mats = {}
print(json.dumps({"threads": lib.get_num_threads() if hasattr(lib, "get_num_threads") else None}), flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    n = cmd["n"]
    if n not in mats:
        rng = np.random.default_rng(n)
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        mats = {n: (lib.from_numpy(a), lib.from_numpy(b))}
    a, b = mats[n]
    reply = {}
    with lib.no_grad():
        if cmd.get("calibrate"):
            c = a @ b  # warm-up (and, for tinytorch, any compilation)
            reply["corner"] = c.numpy()[:4, :4].tolist()
            number = 1
        else:
            number = cmd["number"]
        gc.collect()
        gc.disable()
        t0 = time.perf_counter()
        for _ in range(number):
            a @ b
        reply["seconds"] = time.perf_counter() - t0
        gc.enable()
    print(json.dumps(reply), flush=True)
"""


class _Worker(JsonWorker):
    """A fresh interpreter importing ``module`` that times ``a @ b`` on request."""

    def __init__(self, module, threads=None):
        env = _subprocess_env()
        if threads is not None:
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                env[var] = str(threads)
        super().__init__(["-c", _MATMUL_WORKER, module], REPO, env, "W2")


def w2(libs, sizes=(256, 512, 1024, 2048), reps=7, rep_seconds=0.15, pause=0.2, single_thread=(1024,)):
    """All cores (the libraries' default thread counts) at each size, then one thread at the
    ``single_thread`` sizes: a single-threaded GEMM is far less disturbed by another process
    on a shared 2-core machine, so that row is the steadier comparison of the kernels.

    Every repetition runs in a fresh pair of worker interpreters.  On the shared machine NumPy's
    two-thread OpenBLAS product at N=256 sometimes runs about 35% slower (115-122 against
    170-180 GFLOP/s) for a worker's whole life, in stretches that catch several successive
    processes, while PyTorch's drops less (to 147-176); a single long-lived process once ran
    200 bursts over 40 s without a slow one.  Spreading the repetitions over processes keeps
    one unlucky process from deciding a row."""
    rows = []
    for threads, ns in ((None, sizes), (1, single_thread)):
        for n in ns or ():
            samples = {}
            for r in range(reps if n < 2048 else max(3, reps - 2)):
                workers = {"tinytorch": _Worker("tinytorch", threads)}
                if libs["pytorch"] is not None:
                    workers["pytorch"] = _Worker("torch", threads)
                try:
                    for name, got in _w2_samples(workers, n, 1, rep_seconds, pause, start=r).items():
                        samples.setdefault(name, []).extend(got)
                finally:
                    for worker in workers.values():
                        worker.close()
            suffix = "" if threads is None else f", {threads} thread"
            rows.append(_row("W2", f"matmul f32 N={n}{suffix}", "GFLOP/s", samples, higher_is_better=True,
                             target=("ratio>=", 1.0) if threads is None else None,
                             note="a fresh pair of worker interpreters per repetition" + suffix))
    return rows


def _w2_samples(workers, n, reps, rep_seconds, pause, start=0):
    """GFLOP/s samples of ``a @ b`` at size ``n`` from each worker, alternating; the workers'
    results are checked against each other first."""
    fns, corners = {}, {}
    for name, worker in workers.items():
        reply = worker.ask(n=n, calibrate=True)
        corners[name] = np.array(reply["corner"])
        once = worker.ask(n=n, number=1)["seconds"]
        number = max(1, math.ceil(rep_seconds / max(once, 1e-9)))

        def rep(worker=worker, number=number):
            time.sleep(pause)  # let the other worker's BLAS/OpenMP threads stop spinning
            return 2.0 * n ** 3 * number / worker.ask(n=n, number=number)["seconds"] / 1e9
        fns[name] = rep
    if len(corners) == 2 and not np.allclose(corners["tinytorch"], corners["pytorch"], rtol=1e-4,
                                             atol=1e-4 * math.sqrt(n)):
        raise AssertionError(f"W2: tinytorch and PyTorch disagree on a @ b at N={n}")
    return _alternate(reps, fns, start)


# --- W5: import time ---------------------------------------------------------------------
_IMPORT_CODE = "import time; t=time.perf_counter(); import {mod}; print(time.perf_counter()-t)"


def _import_time(module):
    proc = subprocess.run([sys.executable, "-c", _IMPORT_CODE.format(mod=module)], cwd=REPO,
                          env=_subprocess_env(), capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def w5(libs, reps=7):
    modules = {"tinytorch": "tinytorch", "pytorch": "torch" if libs["pytorch"] is not None else None}
    for mod in modules.values():  # warm the OS file cache and the .pyc files
        if mod is not None:
            _import_time(mod)
    fns = {name: (lambda mod=mod: _import_time(mod)) if mod is not None else None
           for name, mod in modules.items()}
    samples = _alternate(reps, fns)
    return [_row("W5", "import", "s", samples, target=("abs<=", 0.5),
                 note=f"{reps} fresh interpreters each")]


# --- W6: the autograd tutorial script ----------------------------------------------------
# PyTorch reference: the same script with ``tinytorch`` resolving to real torch.
_AS_TORCH = ("import runpy, sys, torch; sys.modules['tinytorch'] = torch; p = sys.argv[1]; "
             "sys.argv = [p]; runpy.run_path(p, run_name='__main__')")


def _run_script(script, lib, cache_dir):
    """Wall time (s) of the script in a fresh interpreter; raises with stderr on failure."""
    cmd = [sys.executable, str(script)] if lib == "tinytorch" else [sys.executable, "-c", _AS_TORCH, str(script)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=_subprocess_env(cache_dir), capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"{script.name} failed under {lib} (exit {proc.returncode}):\n{tail}")
    return elapsed


def w6(libs, script=TUTORIAL, cold_reps=2, warm_reps=5):
    script = Path(script)
    if not script.exists():
        msg = f"skipped: {script.relative_to(REPO) if script.is_relative_to(REPO) else script} does not exist yet"
        print(f"W6 {msg}")
        return [_row("W6", "tutorial script (cold)", "s", {}, note=msg)]
    use_torch = libs["pytorch"] is not None
    torch_note = ""
    if use_torch:
        try:
            _run_script(script, "pytorch", None)  # warm the OS file cache; checks it runs
        except RuntimeError as err:
            use_torch, torch_note = False, "PyTorch reference failed: " + str(err).splitlines()[0]
    cache_dirs = []
    try:
        def cold():
            d = Path(tempfile.mkdtemp(prefix="tinytorch-numba-cold-"))
            cache_dirs.append(d)
            return _run_script(script, "tinytorch", d)

        def pytorch():
            return _run_script(script, "pytorch", None)

        cold_samples = _alternate(cold_reps, {"tinytorch": cold, "pytorch": pytorch if use_torch else None})
        warm_dir = cache_dirs[-1]
        warm_samples = _alternate(warm_reps, {"tinytorch": lambda: _run_script(script, "tinytorch", warm_dir),
                                              "pytorch": pytorch if use_torch else None})
    finally:
        for d in cache_dirs:
            shutil.rmtree(d, ignore_errors=True)
    note = ("fresh interpreter; cold = empty NUMBA_CACHE_DIR; PyTorch runs the same script with "
            "tinytorch aliased to torch")
    if torch_note:
        note += "; " + torch_note
    return [_row("W6", "tutorial script (cold)", "s", cold_samples, target=("ratio<=", 1.0), note=note),
            _row("W6", "tutorial script (warm)", "s", warm_samples, target=("abs<=", 1.5), note=note)]


# --- W9: LSTM character language model -------------------------------------------------------
class _RNNWorker(JsonWorker):
    """A fresh interpreter running ``benchmarks.rnn_worker`` for one library."""

    def __init__(self, module):
        super().__init__(["-m", "benchmarks.rnn_worker", module], REPO, _subprocess_env(), "W9")


def w9(libs, reps=5, steps=5, warmup=2):
    """Each repetition times ``steps`` training steps one by one; its sample is their median.
    The note gives each rep's last loss per library (same data and initial weights in both)."""
    workers = {"tinytorch": _RNNWorker("tinytorch")}
    if libs["pytorch"] is not None:
        workers["pytorch"] = _RNNWorker("torch")
    losses = {name: [] for name in workers}
    try:
        for worker in workers.values():
            worker.ask(cmd="w9", steps=1, warmup=warmup)
        fns = {}
        for name, worker in workers.items():
            def rep(name=name, worker=worker):
                reply = worker.ask(cmd="w9", steps=steps, warmup=0)
                losses[name].append(reply["loss"])
                return statistics.median(reply["times"]) * 1e3
            fns[name] = rep
        samples = _alternate(reps, fns)
    finally:
        for worker in workers.values():
            worker.close()
    note = (f"LSTM 2x256 char LM, batch 32 x 64, Adam; one worker interpreter per library; {reps} reps x {steps} "
            f"steps, each sample the median step of its rep; last losses {losses}")
    return [_row("W9", "LSTM char-LM training step", "ms/step", samples, target=("ratio<=", 1.0), note=note)]


# --- W3, W4, W7: training on (Fashion-)MNIST ------------------------------------------------
class _Data:
    """The training and test arrays written once to a temporary folder for the workers.

    Found with ``examples/train_mnist.py``'s ``load_data`` (so with tinytorch.datasets'
    search path): Fashion-MNIST when installed, else MNIST, else the bundled real MNIST
    test set split 8,000 / 2,000.  ``description`` says which."""

    def __init__(self):
        from examples.train_mnist import load_data

        try:
            train, test, description = load_data("fashion")
        except FileNotFoundError:
            train, test, description = load_data("mnist")
            description = "Fashion-MNIST not installed; using " + description
        self.description = description
        self.dir = Path(tempfile.mkdtemp(prefix="tinytorch-bench-data-"))
        for split, ds in (("train", train), ("test", test)):
            images, labels = self._arrays(ds)
            np.save(self.dir / f"{split}_images.npy", images)
            np.save(self.dir / f"{split}_labels.npy", labels.astype(np.int64))
        self.n_train, self.n_test = len(train), len(test)

    @staticmethod
    def _arrays(ds):
        """uint8 images (N, 28, 28) and labels of an MNIST dataset or a Subset of one."""
        indices = None
        while hasattr(ds, "indices"):
            indices = ds.indices if indices is None else ds.indices[indices]
            ds = ds.dataset
        images, labels = ds.data.numpy(), ds.targets.numpy()
        if indices is not None:
            images, labels = images[indices], labels[indices]
        return np.ascontiguousarray(images), np.ascontiguousarray(labels)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


_DATA = None


def _data():
    global _DATA
    if _DATA is None:
        _DATA = _Data()
        print(f"  data: {_DATA.description}", flush=True)
    return _DATA


class _NNWorker(JsonWorker):
    """A fresh interpreter running ``benchmarks.nn_worker`` for one library."""

    def __init__(self, module, data):
        super().__init__(["-m", "benchmarks.nn_worker", module, str(data.dir)], REPO, _subprocess_env(), "nn")


def _nn_workers(libs, data):
    workers = {"tinytorch": _NNWorker("tinytorch", data)}
    if libs["pytorch"] is not None:
        workers["pytorch"] = _NNWorker("torch", data)
    return workers


def w3(libs, reps=5):
    """One MLP epoch per repetition, a fresh model each time (same seed for both libraries:
    the same shuffling order; each library's own weight initialisation)."""
    data = _data()
    workers = _nn_workers(libs, data)
    accuracy = {name: [] for name in workers}
    try:
        for worker in workers.values():  # warm-up: compilation, caches, page faults
            worker.ask(cmd="w3", seed=1000)
        fns = {}
        for name, worker in workers.items():
            def rep(name=name, worker=worker):
                reply = worker.ask(cmd="w3", seed=len(accuracy[name]))
                accuracy[name].append(100 * reply["accuracy"])
                return reply["seconds"]
            fns[name] = rep
        samples = _alternate(reps, fns)
    finally:
        for worker in workers.values():
            worker.close()
    note = (f"{data.description}; {data.n_train} training images per epoch, batch 64, SGD lr 0.1; "
            f"one worker interpreter per library; {reps} epochs each, fresh model every epoch")
    return [_row("W3", f"MLP epoch ({data.n_train} images)", "s/epoch", samples, target=("ratio<=", 1.0),
                 note=note),
            _row("W3", "MLP test accuracy after 1 epoch", "%", accuracy, higher_is_better=True,
                 target=("ratio>=", 0.99), note=f"{data.n_test} test images; " + note)]


def w4(libs, reps=7, steps=40, warmup=20):
    """Each repetition times ``steps`` training steps one by one; its sample is their median."""
    data = _data()
    workers = _nn_workers(libs, data)
    every = {name: [] for name in workers}
    try:
        for worker in workers.values():
            worker.ask(cmd="w4", steps=1, warmup=warmup)
        fns = {}
        for name, worker in workers.items():
            def rep(name=name, worker=worker):
                times = worker.ask(cmd="w4", steps=steps, warmup=2)["times"]
                every[name].extend(times)
                return statistics.median(times) * 1e3
            fns[name] = rep
        samples = _alternate(reps, fns)
    finally:
        for worker in workers.values():
            worker.close()
    row = _row("W4", "CNN training step", "ms/step", samples, target=("ratio<=", 0.9),
               note=f"batch 64 of {data.description.split(' (')[0]}; one worker interpreter per library; "
                    f"{reps} reps x {steps} steps, each sample the median step of its rep")
    row["all_steps_median_ms"] = {name: statistics.median(t) * 1e3 for name, t in every.items()}
    return [row]


def _rss_run(module, data):
    proc = subprocess.run([sys.executable, "-m", "benchmarks.nn_worker", module, str(data.dir), "--rss"],
                          cwd=REPO, env=_subprocess_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"W7 worker for {module} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def w7(libs, reps=3):
    """Peak RSS of one W3 epoch in a fresh interpreter per repetition, and after the import."""
    data = _data()
    modules = {"tinytorch": "tinytorch", "pytorch": "torch" if libs["pytorch"] is not None else None}
    runs = {name: [] for name, mod in modules.items() if mod is not None}

    def peak_mb(name):
        runs[name].append(_rss_run(modules[name], data))
        return runs[name][-1]["peak_kb"] / 1024
    for mod in runs:  # warm the OS file cache (and, for tinytorch, the Numba cache)
        _rss_run(modules[mod], data)
    samples = _alternate(reps, {name: (lambda name=name: peak_mb(name)) for name in runs})
    after_import = {name: [r["import_kb"] / 1024 for r in rs] for name, rs in runs.items()}
    data_mb = (data.dir / "train_images.npy").stat().st_size / 2 ** 20
    note = (f"VmHWM of a fresh interpreter per rep; the worker holds the uint8 images ({data_mb:.0f} MB "
            f"training set) in both")
    return [_row("W7", "peak RSS training W3", "MB", samples, target=("ratio<=", 1.0), note=note),
            _row("W7", "RSS peak after import", "MB", after_import, note="VmHWM right after `import` in the same runs")]


# --- report ------------------------------------------------------------------------------
def _table(rows):
    header = ("workload", "unit", "tinytorch median [min-max]", "PyTorch median [min-max]", "ratio tt/pt",
              "(best)", "target", "met")
    lines = [header]
    for r in rows:
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "n/a"
        best = f"{r['best_ratio']:.2f}x" if r["best_ratio"] is not None else "n/a"
        unit = r["unit"] + (" (higher=better)" if r["higher_is_better"] else "")
        lines.append((f"{r['workload']} {r['label']}", unit,
                      _cell(r["tinytorch"]), _cell(r["pytorch"]), ratio, best, r["target"] or "-", met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for k, line in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def _ns(value):
    return "unknown" if value is None else f"{value:.0f} ns"


def _loadavg():
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def _machine(libs):
    info = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpu_count": os.cpu_count(), "numpy": np.__version__}
    try:
        import numba
        info["numba"] = numba.__version__
    except ImportError:
        pass
    if libs["pytorch"] is not None:
        info["torch"] = libs["pytorch"].__version__
        info["torch_threads"] = libs["pytorch"].get_num_threads()
    for var in ("PYTHONDONTWRITEBYTECODE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMBA_NUM_THREADS"):
        if var in os.environ:
            info[var] = os.environ[var]
    try:
        info["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                                            capture_output=True, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--", "tinytorch", "examples"], cwd=REPO,
                                text=True, capture_output=True, check=True).stdout
        info["tinytorch_uncommitted_changes"] = bool(status.strip())
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workloads", nargs="*", metavar="W", help="workloads to run (default: all of "
                        + " ".join(WORKLOADS) + ")")
    parser.add_argument("--reps", type=int, default=None, help="repetitions for W1-W5 and W7 (defaults: W1 W2 W4 W5 7, "
                        "W2 at N=2048 5, W3 5, W7 3)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions everywhere (about 1.5 minutes)")
    parser.add_argument("--no-torch", action="store_true", help="measure tinytorch only")
    parser.add_argument("--script", default=str(TUTORIAL), help="script for W6 (default: %(default)s)")
    parser.add_argument("--output", default=str(RESULTS), help="JSON output (default: %(default)s)")
    args = parser.parse_args(argv)
    chosen = [w.upper() for w in args.workloads] or list(WORKLOADS)
    unknown = [w for w in chosen if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {unknown}; choose from {' '.join(WORKLOADS)}")

    libs = _load_libs(not args.no_torch)
    if libs["pytorch"] is None and not args.no_torch:
        print("PyTorch is not importable: measuring tinytorch only.")
    quick = args.quick

    def reps(full, fast):
        return {"reps": args.reps or (fast if quick else full)}
    runners = {"W1": lambda: w1(libs, **reps(7, 3), **({"iters": 1000} if quick else {})),
               "W2": lambda: w2(libs, **reps(7, 3), **({"sizes": (256, 1024)} if quick else {})),
               "W3": lambda: w3(libs, **reps(5, 2)),
               "W4": lambda: w4(libs, **reps(7, 3)),
               "W5": lambda: w5(libs, **reps(7, 3)),
               "W6": lambda: w6(libs, script=args.script, **({"cold_reps": 1, "warm_reps": 2} if quick else {})),
               "W7": lambda: w7(libs, **reps(3, 1)),
               "W8": lambda: core_gpt.gpt_workload("W8", libs, _row, _alternate, REPO, _subprocess_env(), **reps(3, 1)),
               "W9": lambda: w9(libs, **reps(5, 2)),
               "W10": lambda: core_gpt.gpt_workload("W10", libs, _row, _alternate, REPO, _subprocess_env(),
                                                    **reps(3, 1)),
               "W11": lambda: ops_table.w11(libs, _row, **reps(5, 3))}
    load_before = _loadavg()
    rows, t_start = [], time.perf_counter()
    round_trips = {}   # CPU-to-CPU round trip (ns) before each workload and at the end
    try:
        for w in chosen:
            t0 = time.perf_counter()
            round_trips[w] = core_distance.round_trip_ns()
            print(f"running {w} ... (CPU round trip {_ns(round_trips[w])})", flush=True)
            rows.extend(runners[w]())
            print(f"  {w} done in {time.perf_counter() - t0:.1f} s", flush=True)
        round_trips["end"] = core_distance.round_trip_ns()
    finally:
        core_distance.cleanup()
        if _DATA is not None:
            _DATA.close()
    total = time.perf_counter() - t_start

    print()
    print(_table(rows))
    print("\nratio = tinytorch median / PyTorch median; (best) = ratio of the best repetitions (min time,\n"
          "max GFLOP/s).  For GFLOP/s a higher ratio is better for tinytorch; for times, lower is.")
    if _DATA is not None:
        print(f"W3/W4/W7 data: {_DATA.description}")
    print(f"load average before/after: {load_before} / {_loadavg()}")
    print("CPU-to-CPU round trip before each workload: "
          + ", ".join(f"{w} {_ns(ns)}" for w, ns in round_trips.items())
          + " (55-80 ns: the two vCPUs are close; 320-370 ns: far apart, see benchmarks/README.md)")
    print(f"total benchmark time {total:.1f} s")
    report = {"machine": _machine(libs), "loadavg_before": load_before, "loadavg_after": _loadavg(),
              "cpu_round_trip_ns": round_trips,
              "workloads": chosen, "quick": quick, "data": _DATA.description if _DATA is not None else None, "total_seconds": total, "results": rows}
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")
    return 0
