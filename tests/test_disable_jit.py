"""``NUMBA_DISABLE_JIT=1`` (the README's way to debug kernels) runs the same code as plain Python."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_seed_example_prints_the_same_without_the_jit():
    def run(env_extra):
        env = {"PATH": "/usr/bin:/bin", **env_extra}
        # the default generator starts from fresh entropy, as PyTorch's does: seed it first
        script = ("import runpy, tinytorch; tinytorch.manual_seed(0); "
                  f"runpy.run_path({str(ROOT / 'examples' / 'autograd_tutorial.py')!r}, run_name='__main__')")
        result = subprocess.run([sys.executable, "-c", script],
                                capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if "object at 0x" not in line]

    plain = run({"NUMBA_DISABLE_JIT": "1"})
    assert plain[-6:-4] == ["tensor([-1110.5509, -1432.1617,   413.0272], grad_fn=<MulBackward0>)",
                            "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])"]
    assert plain == run({})
