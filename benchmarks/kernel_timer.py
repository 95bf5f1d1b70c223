"""Time spent inside tinytorch's kernels, for the profile scripts.

``timed_kernels(stats)`` replaces, for the duration of a ``with`` block, every Numba
dispatcher in ``tinytorch.kernels`` (and, with ``blas=True``, the BLAS entry
``kernels.matmul.matmul``) by a wrapper that adds one call and its seconds to
``stats[name] = [calls, seconds]``; the originals are restored afterwards.
"""
import contextlib
import sys
import time


def _timed(fn, key, stats):
    def wrapper(*args, **kw):
        t0 = time.perf_counter()
        r = fn(*args, **kw)
        s = stats[key]
        s[0] += 1
        s[1] += time.perf_counter() - t0
        return r
    return wrapper


@contextlib.contextmanager
def timed_kernels(stats, blas=False):
    """``stats``: a ``defaultdict(lambda: [0, 0.0])`` filled as kernels run."""
    from numba.core.registry import CPUDispatcher

    import tinytorch.kernels as pkg
    from tinytorch.kernels import matmul as km

    patched = []
    for name, mod in list(sys.modules.items()):
        if not name.startswith(pkg.__name__ + ".") or mod is None:
            continue
        for attr, obj in list(vars(mod).items()):
            if isinstance(obj, CPUDispatcher):
                setattr(mod, attr, _timed(obj, f"{name.rsplit('.', 1)[-1]}.{attr}", stats))
                patched.append((mod, attr, obj))
    if blas:  # the Python wrapper is the entry point (it calls np.matmul for floats)
        patched.append((km, "matmul", km.matmul))
        km.matmul = _timed(km.matmul, "matmul.matmul (BLAS)", stats)
    try:
        yield stats
    finally:
        for mod, attr, obj in patched:
            setattr(mod, attr, obj)
