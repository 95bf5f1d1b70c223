"""``tinytorch-repl`` as a program: stdin that is not a terminal, FILE mode, the options."""
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = (ROOT / "tests" / "data" / "seed_notebook.txt").read_text(encoding="utf-8")
#: How the document's output lines begin (the code of a cell ends before the first one).
OUTPUT_START = ("tensor(", "True", "False", "None", "<SumBackward0", "RuntimeError:")
CONTROL = re.compile(r"\x1b\[")


def notebook_cells(text):
    """The code of each ``In [n]:`` cell of the seed notebook, without its output."""
    cells = []
    for block in re.split(r"^In \[[^\]]*\]:\n", text, flags=re.M)[1:]:
        code, blank = [], False
        for line in block.split("\n"):
            if (blank or not code) and line.startswith(OUTPUT_START):
                break
            code.append(line)
            blank = not line.strip()
        cells.append("\n".join(code).strip())
    return cells


#: ``python -m tinytorch_repl`` with the default generator seeded first: the document draws random
#: numbers (its vector-Jacobian cell doubles y until its norm passes 1000; seed 0 gives the
#: document's 2**10), and the default generator otherwise starts from fresh entropy, as PyTorch's.
SEEDED_REPL = ("import sys, tinytorch; tinytorch.manual_seed(0); from tinytorch_repl.__main__ import main; "
               "sys.exit(main(sys.argv[1:]))")


def repl(*args, stdin="", env=None, status=0):
    """stdout of the REPL run on ``args`` and ``stdin``; its exit status must be ``status`` (1 when a
    cell raised, as ``python`` exits)."""
    result = subprocess.run([sys.executable, "-c", SEEDED_REPL, *args], input=stdin, capture_output=True,
                            text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == status, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    """The seed notebook's cells as a ``# In[n]`` file, with %explain after In [10] and In [17]."""
    cells = notebook_cells(NOTEBOOK)
    assert cells[0] == "import torch" and cells[-1] == "import torch" and len(cells) == 12
    cells.insert(8, "%explain x.grad")   # after In [10]: print(x.grad)
    cells.insert(11, "%explain x.grad")  # after In [17]: y.backward(gradients)
    path = tmp_path_factory.mktemp("replay") / "seed.py"
    path.write_text("".join(f"# In[{i + 1}]:\n{c}\n\n" for i, c in enumerate(cells)), encoding="utf-8")
    return path, cells


def test_file_mode_replays_the_document(replay):
    path, cells = replay
    out = repl(str(path), status=1)  # In [7] raises, as in the document
    assert not CONTROL.search(out)
    assert out.startswith("In [1]: import torch\n\nIn [2]: x = torch.ones(2,2,requires_grad=True)\n"
                          "   ...: #tensor를 생성하고 requires_grad=True로 연산을 기록합니다.\n   ...: print(x)\n"
                          "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)\n\nIn [3]: ")
    assert ("tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>) tensor(27., grad_fn=<MeanBackward1>)"
            in out)
    assert ("In [7]: print(out.backward())\nRuntimeError: Trying to backward through the graph a second time, but "
            "the buffers have already been freed. Specify retain_graph=True when calling backward the first time.\n"
            in out)
    assert "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])" in out
    explain_45 = out.split("In [9]: %explain x.grad\n")[1].split("\n\n")[0]
    assert "d out/d z = 1/4" in explain_45 and "d z/d y = 6y = 18" in explain_45
    assert "x.grad = 1/4 · 18 · 1 = 4.5" in explain_45
    assert "y.backward(gradients)\n    ...: print(x.grad) # d(y)/d(x) 를 출력합니다\n" in out
    assert out.count("tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])") == 2
    vjp = out.split("In [12]: %explain x.grad\n")[1]
    assert "J = 1024·I" in vjp and "1024 · gradients = tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])" in vjp
    assert out.endswith("True\nTrue\nFalse\nTrue\n\nIn [14]: import torch\n\n")


def test_no_echo_prints_only_the_output(replay):
    path, _ = replay
    out = repl(str(path), "--no-echo", status=1)
    assert out.startswith("tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)\ntensor([[3., 3.],")
    assert not any(line.startswith("In [") for line in out.splitlines())
    assert out.endswith("True\nTrue\nFalse\nTrue\n")


def test_piped_stdin_prints_the_transcript_in_korean():
    out = repl("--lang", "ko", stdin="import torch\n\nx = torch.ones(2, requires_grad=True)\n"
               "out = (x * x).sum()\n\nout\n\n%explain out\n\nprint(undefined)\n\n%bogus\n\nexit()\n\n1 + 1\n", status=1)
    assert not CONTROL.search(out)
    assert out.startswith("In [1]: import torch\n\nIn [2]: x = torch.ones(2, requires_grad=True)\n"
                          "   ...: out = (x * x).sum()\n\nIn [3]: out\ntensor(2., grad_fn=<SumBackward0>)\n\n")
    assert "연쇄 법칙" in out and "d out/d x = 2x = 2" in out
    assert "NameError: name 'undefined' is not defined\n" in out
    assert "UsageError: %bogus라는 매직은 없습니다" in out
    assert out.endswith("In [7]: exit()\n\n")


def test_without_the_alias_there_is_no_torch():
    # --no-torch-alias is fully off: `torch` is not bound, and `import torch` does what it does without the
    # REPL: PyTorch when installed, else ModuleNotFoundError (this test never imports torch itself)
    import importlib.util

    out = repl("--no-torch-alias", stdin="print('bound:', 'torch' in dir())\n\nimport sys\n\n"
               "try:\n    import torch\n    print('imported', torch.__name__, torch is sys.modules['tinytorch'])\n"
               "except ImportError as error:\n    print(type(error).__name__, error)\n\n"
               "import tinytorch\n\ntinytorch.ones(1)\n")
    assert "bound: False\n" in out and "tensor([1.])\n" in out
    if importlib.util.find_spec("torch") is None:
        assert "ModuleNotFoundError No module named 'torch'\n" in out
    else:
        assert "imported torch False\n" in out
    help_text = subprocess.run([sys.executable, "-m", "tinytorch_repl", "--help"], capture_output=True, text=True,
                               timeout=60).stdout
    assert "the name `torch` is not bound and `import torch` imports what it would without the REPL" in " ".join(
        help_text.split())


def test_missing_file_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "tinytorch_repl", "/no/such.py"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "no such file: /no/such.py" in result.stderr


# ---- piped stdin is run as it arrives; -i continues on the terminal ---------------------------------

def test_stream_cells_gives_the_cells_of_split_cells():
    from tinytorch_repl import cells

    seed = notebook_cells(NOTEBOOK)
    texts = ["\n\n".join(seed), "".join(f"# In[{i}]:\n{c}\n\n" for i, c in enumerate(seed)),
             "for i in range(3):\n    x = i\n\n    print(x)\n\nprint('a')\nprint('b')\n\n\nif 1:\n    pass\n\n"
             "else:\n    pass\n\nx=1\n\n\n",
             "def f():\n\n    return 1\n\ntry:\n    1/0\nexcept Exception:\n    pass\n\nfinally:\n    pass\n"
             "x = (1,\n\n2)\n\n%explain x\n\nx = = 1\n\ny=2",
             "\tif 1:\n\t\tpass\n\nz=3\n"]
    for text in texts:
        assert list(cells.stream_cells(cells.text_lines(text))) == cells.split_cells(text)


def test_a_compound_statement_waits_for_the_next_line_only_while_more_input_is_coming():
    from tinytorch_repl import cells

    lines = iter(["for i in range(2):", "    pass", "", "    print(i)", "", "x = 1", ""])
    asked = []

    def ready(timeout):
        asked.append(timeout)
        return len(asked) == 1  # more input at the first blank line, the producer pauses at the second

    out = cells.stream_cells(lambda: next(lines, None), ready, pause=0.1)
    assert next(out) == "for i in range(2):\n    pass\n\n    print(i)"
    assert asked == [0.1, 0.1]
    assert list(out) == ["x = 1"]


class _Reader:
    """Lines of a child's stdout, readable with a timeout."""

    def __init__(self, stream):
        import queue
        import threading

        self.queue = queue.Queue()
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()

    def until(self, text, timeout=60):
        import queue

        seen = ""
        while text not in seen:
            try:
                seen += self.queue.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"{text!r} did not appear; got {seen!r}") from None
        return seen


def test_piped_cells_run_as_they_arrive():
    child = subprocess.Popen([sys.executable, "-m", "tinytorch_repl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        out = _Reader(child.stdout)
        child.stdin.write("print('first')\n\n")
        child.stdin.flush()
        assert "In [1]: print('first')\nfirst\n" in out.until("first\n")  # stdin still open
        child.stdin.write("for i in range(2):\n    print('loop', i)\n\n")
        child.stdin.flush()
        out.until("loop 1\n")  # a compound statement runs once the producer pauses
        child.stdin.write("x = 41\nx + 1\n")
        child.stdin.close()
        assert "In [3]: x = 41\n   ...: x + 1\n42\n" in out.until("42\n")
        assert child.wait(timeout=60) == 0
    finally:
        child.kill()


def test_dash_i_without_a_terminal_says_so_and_fails():
    result = subprocess.run([sys.executable, "-m", "tinytorch_repl", "-i"], input="print('ran')\n",
                            capture_output=True, text=True, timeout=60, cwd=ROOT, start_new_session=True)
    assert result.returncode == 1
    assert "-i needs a terminal" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_dash_i_with_piped_cells_continues_on_the_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    import os

    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1")
    command = f"printf 'a = 41\\n\\nprint(a)\\n' | {sys.executable} -m tinytorch_repl -i"
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=60, cwd=str(ROOT))
    try:
        child.expect("In \\[2\\]: print\\(a\\)")
        child.expect("41")
        child.expect("In \\[[^\n]{0,40}?3[^\n]{0,40}?\\]: ")  # the shell's prompt (coloured), reading /dev/tty
        child.send("a + 1\r")
        child.expect("42")
        child.send("exit()\r")
        child.expect(pexpect.EOF)
    finally:
        child.terminate(force=True)
    child.close()
    assert child.exitstatus == 0
