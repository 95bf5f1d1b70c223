"""Worker interpreter for W8 and W10: ``python -m benchmarks.gpt_worker LIB``.

LIB is ``tinytorch`` or ``torch``; only that library is imported (and NumPy).  Reads one JSON
command per line on stdin and answers one JSON line:

- ``{"cmd": "steps", "config": "W8", "steps": K, "warmup": W}``: K training steps of that
  configuration's GPT (``benchmarks.gpt``; built once per configuration, seed 0), each timed on
  its own, after W untimed ones; answers the step times and the last loss.
- ``{"cmd": "profile", "config": "W8", "steps": K}``: the same steps under ``cProfile``;
  answers the top functions by total (own) time.
"""
import cProfile
import json
import pstats
import sys

from benchmarks.gpt import GPTSteps


def _profile(steps_obj, steps, top=15):
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(steps):
        steps_obj.step()
    prof.disable()
    stats = pstats.Stats(prof)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    return [{"function": f"{_short(k[0])}:{k[1]}({k[2]})", "calls": v[1], "tottime": v[2], "cumtime": v[3]}
            for k, v in rows]


def _short(path):
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def main(argv):
    lib = __import__(argv[0])
    print(json.dumps({"threads": lib.get_num_threads() if hasattr(lib, "get_num_threads") else None}), flush=True)
    models = {}
    for line in sys.stdin:
        cmd = json.loads(line)
        name = cmd.get("config")
        if name not in models:
            models[name] = GPTSteps(lib, name)
        if cmd["cmd"] == "steps":
            times, loss = models[name].timed(cmd["steps"], cmd.get("warmup", 0))
            reply = {"times": times, "loss": loss}
        elif cmd["cmd"] == "profile":
            reply = {"top": _profile(models[name], cmd["steps"])}
        else:
            reply = {"error": f"unknown command {cmd['cmd']!r}"}
        print(json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
