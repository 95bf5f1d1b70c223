"""Issue 12's acceptance scenario: torch.manual_seed(0), a 784-128-10 MLP, a shuffling DataLoader
over 2,000 bundled real MNIST digits, 20 SGD steps.  PyTorch 2.13's run is recorded in
``tests/data/rng_acceptance_pytorch.json`` by ``tools/record_rng_acceptance.py``: the initial
weights must be the same bits (SHA-256 of each parameter), the batches the same samples in the
same order, and the printed losses equal at 4 digits."""
import json
import pathlib
import sys

import tinytorch

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import rng_acceptance_program  # noqa: E402

RECORDED = json.loads((HERE / "data" / "rng_acceptance_pytorch.json").read_text())


def test_seeded_training_run_is_pytorchs():
    digests, batches, losses = rng_acceptance_program.run(tinytorch)
    assert digests == RECORDED["digests"]      # initial weights, bit for bit
    assert batches == RECORDED["batches"]      # the shuffled order of the DataLoader
    assert losses == RECORDED["losses"]        # the 20 printed losses
    assert len(losses) == 20 and float(losses[-1]) < float(losses[0])
