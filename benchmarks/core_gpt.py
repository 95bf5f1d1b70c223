"""W8 and W10: milliseconds per training step of a character-level GPT (``benchmarks/gpt.py``),
each library in its own worker interpreter (``benchmarks/gpt_worker.py``), alternating.

- W8  4 layers, 4 heads, width 128, context 64, batch 32 (0.81 M parameters).
- W10 nanoGPT's Shakespeare-char model scaled down to run in seconds: 6 layers, 6 heads,
      width 384 (as nanoGPT), context 128 (nanoGPT: 256), batch 4 (nanoGPT: 64); 10.7 M parameters.

After the timed repetitions, one short cProfile run per library records the functions with the
most own time (the report's ``profile`` field).
"""
import statistics

from .gpt import CONFIGS
from .workers import JsonWorker

STEPS = {"W8": (5, 2), "W10": (3, 1)}   # (timed steps per repetition, warm-up steps)


def _gpt_worker(module, repo, env):
    return JsonWorker(["-m", "benchmarks.gpt_worker", module], repo, env, "GPT")


def gpt_workload(name, libs, row, alternate, repo, env, reps=3, profile_steps=2):
    """One result row for workload ``name`` ("W8" or "W10")."""
    steps, warmup = STEPS[name]
    workers = {"tinytorch": _gpt_worker("tinytorch", repo, env)}
    if libs["pytorch"] is not None:
        workers["pytorch"] = _gpt_worker("torch", repo, env)
    losses, profiles = {n: [] for n in workers}, {}
    try:
        for worker in workers.values():   # warm-up: compilation, caches, the model built once
            worker.ask(cmd="steps", config=name, steps=1, warmup=warmup)
        fns = {}
        for lib_name, worker in workers.items():
            def rep(lib_name=lib_name, worker=worker):
                reply = worker.ask(cmd="steps", config=name, steps=steps, warmup=0)
                losses[lib_name].append(reply["loss"])
                return statistics.median(reply["times"]) * 1e3
            fns[lib_name] = rep
        samples = alternate(reps, fns)
        for lib_name, worker in workers.items():
            profiles[lib_name] = worker.ask(cmd="profile", config=name, steps=profile_steps)["top"]
    finally:
        for worker in workers.values():
            worker.close()
    n_layer, n_head, n_embd, block, batch = CONFIGS[name]
    result = row(name, f"GPT training step ({n_layer}L {n_head}H {n_embd}C, T={block}, B={batch})", "ms/step",
                 samples, target=("ratio<=", 1.0), note=f"char-level GPT (benchmarks/gpt.py), AdamW, pre-LayerNorm blocks, causal SDPA, "
                               f"GELU MLP x4, tied head; {reps} reps x {steps} steps, each sample the median step")
    result["losses"] = losses
    result["profile"] = profiles
    return [result]
