"""Package list for setuptools (everything else is in pyproject.toml).

The packages are every ``tinytorch*`` package found on disk plus ``tinytorch_repl``, the
REPL, which lives in the folder ``repl/`` (mapped in ``[tool.setuptools.package-dir]``).
A ``[tool.setuptools.packages.find]`` table cannot add a renamed folder, hence this file.
"""
from setuptools import find_packages, setup

setup(packages=find_packages(include=["tinytorch*"]) + ["tinytorch_repl"])
