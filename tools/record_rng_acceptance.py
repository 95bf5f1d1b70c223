"""Record PyTorch 2.13's run of ``tests/rng_acceptance_program.py`` into
``tests/data/rng_acceptance_pytorch.json`` (run from the repository root; needs PyTorch)."""
import json
import pathlib
import sys

import torch

root = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(root / "tests"))
sys.path.insert(0, str(root))
import rng_acceptance_program  # noqa: E402

digests, batches, losses = rng_acceptance_program.run(torch)
(root / "tests" / "data" / "rng_acceptance_pytorch.json").write_text(
    json.dumps({"digests": digests, "batches": batches, "losses": losses}, indent=1) + "\n")
print(losses)
