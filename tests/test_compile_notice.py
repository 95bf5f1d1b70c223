"""A kernel's first compilation (cold cache) prints a one-line notice on stderr; a warm run is silent."""
import subprocess
import sys

SCRIPT = "import tinytorch as t; print(t.ones(3, dtype=t.float64).exp().sum().item() > 0)"


def _run(cache_dir):
    env = {"NUMBA_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=300)


def test_cold_cache_prints_compiling_notice_and_warm_cache_does_not(tmp_path):
    cold = _run(tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout.strip() == "True"
    assert "tinytorch: compiling unary_kernel(float64, float64)" in cold.stderr
    warm = _run(tmp_path)
    assert warm.returncode == 0, warm.stderr
    assert "compiling" not in warm.stderr


def test_notice_can_be_silenced(tmp_path):
    silenced = subprocess.run(
        [sys.executable, "-c", "import tinytorch.kernels as k; k.set_compile_notice(False); " + SCRIPT],
        capture_output=True, text=True, env={"NUMBA_CACHE_DIR": str(tmp_path / "other"), "PATH": "/usr/bin:/bin"},
        timeout=300)
    assert silenced.returncode == 0, silenced.stderr
    assert "compiling" not in silenced.stderr
