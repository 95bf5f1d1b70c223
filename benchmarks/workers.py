"""A worker interpreter spoken to in JSON lines: one request per line on its stdin, one reply per
line on its stdout (the first line, read at start, describes the worker)."""
import json
import subprocess
import sys


class JsonWorker:
    """``python <args>`` in ``cwd`` with ``env``; ``name`` says which worker died in an error."""

    def __init__(self, args, cwd, env, name):
        self.name = name
        self.proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.info = self._read()

    def _read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} worker died (see its stderr above)")
        return json.loads(line)

    def ask(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()
