"""tinytorch benchmarks: ``python -m benchmarks [W1 W2 W5 W6]`` from the repository root.

Each workload is measured for tinytorch and, when it is importable, for PyTorch in the same
run, alternating the two libraries between repetitions.  See ``benchmarks/README.md``.
"""
