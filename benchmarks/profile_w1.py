"""Where tinytorch's time goes in W1 (the seed graph): ``python -m benchmarks.profile_w1``.

1. The plain loop: microseconds per iteration, no instrumentation.
2. Time inside Numba kernels: every ``@njit`` dispatcher in ``tinytorch.kernels`` is
   wrapped (in this process only) by a timer, so the share of an iteration spent in
   dispatch + machine code is measured directly; the rest is Python-level overhead.
3. cProfile of the same loop: the top functions by own time (``tottime``) and the own
   time summed per source file.  cProfile slows Python code more than C code, so read its
   shares as a ranking rather than exact fractions.
"""
import cProfile
import gc
import inspect
import os
import pstats
import time
from collections import defaultdict

from benchmarks.kernel_timer import timed_kernels

ITERS = 2000


def seed(torch, n):
    for _ in range(n):
        x = torch.ones(2, 2, requires_grad=True)
        y = x + 2
        z = y * y * 3
        out = z.mean()
        out.backward()
    return x


def plain_us(torch, n=ITERS, reps=5):
    best = []
    for _ in range(reps):
        gc.collect()
        gc.disable()
        t0 = time.perf_counter()
        seed(torch, n)
        best.append((time.perf_counter() - t0) / n * 1e6)
        gc.enable()
    return sorted(best)[len(best) // 2]


def kernel_time(torch, n=ITERS):
    """(kernel calls per iteration, us per iteration inside kernels, per-kernel detail)."""
    stats = defaultdict(lambda: [0, 0.0])
    with timed_kernels(stats):
        seed(torch, 200)
        stats.clear()
        gc.collect()
        gc.disable()
        seed(torch, n)
        gc.enable()
    calls = sum(c for c, _ in stats.values()) / n
    us = sum(t for _, t in stats.values()) / n * 1e6
    detail = {k: (c / n, t / n * 1e6) for k, (c, t) in stats.items()}
    return calls, us, detail


def profile(torch, n=ITERS, top=15):
    prof = cProfile.Profile()
    gc.collect()
    gc.disable()
    prof.enable()
    seed(torch, n)
    prof.disable()
    gc.enable()
    st = pstats.Stats(prof)
    total = st.total_tt
    root = os.path.dirname(os.path.dirname(inspect.getfile(torch)))
    rows, per_file = [], defaultdict(float)
    for (file, line, func), (cc, nc, tt, ct, _) in st.stats.items():
        where = os.path.relpath(file, root) if file.startswith(root) else file
        if where.startswith("~"):
            where = "builtins / C"
        rows.append((tt, nc / n, ct, f"{where}:{line}({func})" if line else func))
        per_file[where] += tt
    rows.sort(reverse=True)
    print(f"\ncProfile: {total / n * 1e6:.0f} us/iter under the profiler; top {top} by own time")
    print(f"{'own %':>6} {'own us/it':>9} {'calls/it':>8} {'cum us/it':>9}  function")
    for tt, calls, ct, name in rows[:top]:
        print(f"{100 * tt / total:6.1f} {tt / n * 1e6:9.2f} {calls:8.1f} {ct / n * 1e6:9.1f}  {name}")
    cum = sorted(((st.stats[k][3], k) for k in st.stats if k[2] != "seed" and k[0].startswith(root)),
                 reverse=True)
    print("\ntinytorch functions by cumulative time (own time + everything they call)")
    for ct, (file, line, func) in cum[:top]:
        print(f"{100 * ct / total:6.1f}% {ct / n * 1e6:9.1f} us/it  {os.path.relpath(file, root)}:{line}({func})")
    print("\nown time per source file")
    for where, tt in sorted(per_file.items(), key=lambda kv: -kv[1])[:12]:
        print(f"{100 * tt / total:6.1f}%  {where}")
    print(f"\nfunction calls per iteration: {sum(v[1] for v in st.stats.values()) / n:.0f}")


def main():
    import tinytorch as torch

    seed(torch, 300)
    us = plain_us(torch)
    calls, kus, detail = kernel_time(torch)
    print(f"W1 seed graph: {us:.1f} us/iter (median of 5 x {ITERS}, gc off)")
    print(f"inside Numba kernels (dispatch + machine code): {kus:.1f} us/iter in {calls:.0f} calls "
          f"= {100 * kus / us:.0f}% of the plain loop; Python-level overhead = {us - kus:.1f} us/iter")
    for k, (c, t) in sorted(detail.items(), key=lambda kv: -kv[1][1]):
        print(f"    {k:32s} {c:4.1f} calls/iter {t:6.2f} us/iter ({t / max(c, 1e-9):.2f} us/call)")
    profile(torch)


if __name__ == "__main__":
    main()
