"""tinytorch's random numbers against PyTorch 2.13's, bit for bit.

tests/data/random_cases.json holds PyTorch's results for every case of random_recipes.py
(recorded by tools/record_random.py); each case runs here with tinytorch and must give the
same tensors (same dtype, shape and bit patterns) and the same Python data.
"""
import json
import pathlib

import pytest

import tinytorch
from tinytorch.utils._workers import numpy_worker_seed

import random_recipes

DATA = json.loads((pathlib.Path(__file__).parent / "data" / "random_cases.json").read_text())
CASES = DATA["cases"]


def _case_id(case):
    return case["recipe"] + "-" + "-".join(f"{k}={v}" for k, v in case["kwargs"].items())


def test_every_recipe_case_is_recorded():
    recorded = [(c["recipe"], c["kwargs"]) for c in CASES]
    expected = [(name, json.loads(json.dumps(kwargs))) for name, kwargs in random_recipes.CASES]
    assert recorded == expected


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
@pytest.mark.filterwarnings("ignore:.* is out of bounds \\[-\\(2\\^:UserWarning")  # tested in test_random_arguments
def test_same_numbers_as_pytorch(case):
    assert random_recipes.run(tinytorch, case["recipe"], case["kwargs"]) == case["result"]


@pytest.mark.parametrize("entry", DATA["worker_numpy_seeds"])
def test_worker_numpy_seed_as_pytorch(entry):
    assert numpy_worker_seed(entry["base_seed"], entry["worker_id"]) == entry["numpy_seed"]
