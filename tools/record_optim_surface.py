"""Record PyTorch's results of the programs in ``tests/optim_surface_program.py`` (needs PyTorch 2.13)
into ``tests/data/optim_surface_pytorch.json``, which ``tests/test_optim_surface.py`` compares against.

Run: /work/torchenv/bin/python tools/record_optim_surface.py
"""
import importlib.util
import json
import pathlib
import re

import torch

root = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("optim_surface_program", root / "tests" / "optim_surface_program.py")
program = importlib.util.module_from_spec(spec)
spec.loader.exec_module(program)

optimizers = []
for name, options, steps, grouped in program.OPTIMIZER_CASES:
    for dtype in ("float64", "float32"):
        result = program.run_optimizer(torch, name, options, steps, grouped, dtype)
        optimizers.append({"name": name, "options": options, "steps": steps, "grouped": grouped, "dtype": dtype,
                           **result})
schedulers = {case_id: program.run_scheduler(torch, spec, opt) for case_id, opt, spec in program.SCHEDULER_CASES}
out = {
    "optimizers": optimizers,
    "optimizer_errors": [[name, options, program.run_optimizer_error(torch, name, options)]
                         for name, options in program.OPTIMIZER_ERRORS],
    "lbfgs": [{"options": options, "dtype": dtype, **program.run_lbfgs(torch, options, dtype)}
              for options in program.LBFGS_CASES for dtype in ("float64", "float32")],
    "lbfgs_errors": program.run_lbfgs_errors(torch),
    "misc": program.run_misc(torch),
    "schedulers": schedulers,
    "epoch_steps": program.run_epoch_steps(torch),
    "warnings": program.run_warnings(torch),
    "scheduler_errors": program.run_scheduler_errors(torch),
}
text = json.dumps(out, indent=1, sort_keys=True)
text = re.sub(r"object at 0x[0-9a-f]+", "object at ADDR", text)
(root / "tests" / "data" / "optim_surface_pytorch.json").write_text(text + "\n")
print(f"{len(optimizers)} optimizer runs, {len(out['optimizer_errors'])} optimizer errors, {len(schedulers)} "
      f"schedulers, {len(out['scheduler_errors'])} scheduler errors, {len(out['lbfgs'])} LBFGS runs")
