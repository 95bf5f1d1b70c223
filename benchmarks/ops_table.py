"""W11: every op of the op table (and the nn activations and norms), forward and forward+backward,
at two sizes, tinytorch vs PyTorch in the same run, sorted by ratio.

Sizes: 16 elements (where per-op overhead dominates) and 512x512 (where the kernel does).  The
inputs are drawn inside each row's test domain (``Unary.domain`` / ``Binary.domain``), the same
arrays for both libraries.  Forward+backward is ``y = op(x); y.backward(ones)`` (no reduction in
the timing).  Each sample is the median time of a few calls; the libraries alternate between
samples, as everywhere in ``benchmarks``.
"""
import statistics
import time

import numpy as np

SIZES = {"16": (16,), "512x512": (512, 512)}
CALLS = {"16": 50, "512x512": 3}      # calls per sample (the sample is their median)


def _ops(tt):
    """[(name, arity, (lo, hi) per input, function(lib) -> callable, has_backward)]."""
    from tinytorch.ops import table

    ops = []
    for row in table.UNARY:
        if row.public:
            ops.append((row.name, 1, (row.domain,), lambda lib, n=row.name: getattr(lib, n), True))
    for row in table.BINARY:
        ops.append((row.name, 2, row.domain, lambda lib, n=row.name: getattr(lib, n), row.grads is not None))
    nn_ops = [
        ("F.gelu", lambda lib: lib.nn.functional.gelu),
        ("F.gelu(tanh)", lambda lib: lambda x: lib.nn.functional.gelu(x, approximate="tanh")),
        ("F.silu", lambda lib: lib.nn.functional.silu),
        ("F.leaky_relu", lambda lib: lambda x: lib.nn.functional.leaky_relu(x, 0.01)),
        ("F.softmax(-1)", lambda lib: lambda x: lib.nn.functional.softmax(x, -1)),
        ("F.log_softmax(-1)", lambda lib: lambda x: lib.nn.functional.log_softmax(x, -1)),
        ("F.layer_norm(last)", lambda lib: lambda x: lib.nn.functional.layer_norm(x, x.shape[-1:])),
        ("F.dropout(train)", lambda lib: lambda x: lib.nn.functional.dropout(x, 0.1, training=True)),
    ]
    for name, fn in nn_ops:
        ops.append((name, 1, ((-2.0, 2.0),), fn, True))
    return ops


def _inputs(arity, domains, shape, seed):
    rng = np.random.default_rng(seed)
    return [(lo + (hi - lo) * rng.random(shape)).astype(np.float32) for (lo, hi) in domains[:arity]]


def _sample(fn, calls):
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def _callables(lib, op, arrays, backward):
    from_numpy = lib.from_numpy
    if backward:
        tensors = [from_numpy(a.copy()).requires_grad_() for a in arrays]
    else:
        tensors = [from_numpy(a.copy()) for a in arrays]
    f = op(lib)
    if not backward:
        return lambda: f(*tensors)
    ones = lib.ones(arrays[0].shape)

    def step():
        for t in tensors:
            t.grad = None
        f(*tensors).backward(ones)
    return step


def w11(libs, row, reps=5):
    """The rows of W11 (``row``: the core module's row maker), sorted by ratio, largest first."""
    rows = []
    for name, arity, domains, op, has_backward in _ops(libs["tinytorch"]):
        for size, shape in SIZES.items():
            arrays = _inputs(arity, domains, shape, seed=len(name))
            modes = ("fwd", "fwd+bwd") if has_backward else ("fwd",)
            for mode in modes:
                fns = {}
                for lib_name, lib in libs.items():
                    if lib is None:
                        continue
                    call = _callables(lib, op, arrays, mode == "fwd+bwd")
                    call()   # first use: compiles tinytorch's kernel, warms PyTorch's
                    fns[lib_name] = lambda c=call, n=CALLS[size]: _sample(c, n)
                samples = {n: [] for n in fns}
                for r in range(reps):
                    for n in (list(fns) if r % 2 == 0 else list(fns)[::-1]):
                        samples[n].append(fns[n]())
                target = ("ratio<=", 2.0) if size == "512x512" else None
                rows.append(row("W11", f"{name} {size} {mode}", "us", samples, target=target))
    rows.sort(key=lambda r: -(r["ratio"] or 0))
    return rows
