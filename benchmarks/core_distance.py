"""How far apart the first two CPUs are: the round trip of a cache line between them, in ns.

The shared 2-vCPU machines alternate between two states (``benchmarks/README.md``): the two
vCPUs 55-80 ns apart, or 320-370 ns apart.  Two-thread BLAS products that share data between
their threads slow down in the second state, so every benchmark run records which state each
workload ran in.  The probe is ``core_distance.c``, compiled once per run with the system's C
compiler; without a compiler, on Linux without ``sched_getaffinity`` or with one CPU, the
distance is reported as unknown (None).
"""
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

SOURCE = Path(__file__).with_name("core_distance.c")
_binary = None   # path of the compiled probe, or False when it cannot be built


def _build():
    global _binary
    if _binary is None:
        _binary = False
        compiler = shutil.which("cc") or shutil.which("gcc")
        if compiler is not None and hasattr(os, "sched_getaffinity"):
            folder = tempfile.mkdtemp(prefix="tinytorch-core-distance-")
            path = os.path.join(folder, "core_distance")
            done = subprocess.run([compiler, "-O2", "-pthread", str(SOURCE), "-o", path], capture_output=True)
            if done.returncode == 0:
                _binary = path
    return _binary


def round_trip_ns():
    """Median round trip (ns) between the first two CPUs this process may run on, or None."""
    binary = _build()
    if not binary:
        return None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None
    done = subprocess.run([binary, str(cpus[0]), str(cpus[1])], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return None
    return statistics.median(float(v) for v in done.stdout.split())


def cleanup():
    """Delete the compiled probe."""
    if _binary:
        shutil.rmtree(os.path.dirname(_binary), ignore_errors=True)
