"""The interactive shell: driven through prompt_toolkit's pipe input, then end to end in a pty."""
import os
import re
import sys
import time

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import tinytorch
from tinytorch_repl.completion import NamespaceCompleter, callee_before
from tinytorch_repl.runner import Session
from tinytorch_repl.shell import Shell, history_path, next_indent

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def drive(keys, history=None, lang="en"):
    """Run a shell on ``keys`` (ending with Ctrl-D); returns the session."""
    session = Session(lang=lang)
    with create_pipe_input() as pipe:
        with create_app_session(input=pipe, output=DummyOutput()):
            shell = Shell(session, "BANNER", history=history or InMemoryHistory(), input=pipe, output=DummyOutput())
            pipe.send_text(keys)
            shell.run()
    return session


def test_cells_typed_at_the_prompt_run_in_order(capsys):
    session = drive("x = torch.ones(2,2,requires_grad=True)\r"
                    "y = x + 2\r"
                    "y\r"
                    "\x04")
    out = capsys.readouterr().out
    assert out == "BANNER\n\n\n\ntensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)\n\n"
    assert session.count == 4


def test_enter_auto_indents_and_a_blank_line_ends_a_block(capsys):
    session = drive("total = 0\rfor i in range(3):\rtotal += i\rprint(total)\r\r\x04")
    assert capsys.readouterr().out.endswith("\n0\n1\n3\n\n")
    assert session.count == 3


def test_a_pasted_block_is_one_cell(capsys):
    block = "x = torch.ones(2, requires_grad=True)\n\nout = (x * 3).sum()\nout.backward()\nprint(x.grad)"
    session = drive(PASTE_START + block + PASTE_END + "\r\x04")
    assert capsys.readouterr().out.endswith("tensor([3., 3.])\n\n")
    assert session.count == 2


def test_ctrl_c_cancels_the_input_and_exit_quits(capsys):
    session = drive("1/0 and half typed\x03exit()\r2 + 2\r")
    out = capsys.readouterr().out
    assert "ZeroDivisionError" not in out and "4" not in out
    assert session.exit_requested and session.count == 2


def test_errors_do_not_end_the_session(capsys):
    drive("x = = 1\rundefined_name\r%graph\r1 + 1\r\x04")
    out = capsys.readouterr().out.splitlines()
    assert out[2].startswith("SyntaxError: invalid syntax")
    assert out[4] == "NameError: name 'undefined_name' is not defined"
    assert out[6] == "UsageError: %graph EXPR [--dot FILE]"
    assert out[8] == "2"


def test_history_is_written_to_the_history_file(tmp_path, capsys):
    path = tmp_path / "history"
    drive("a = 41\ra + 1\r\x04", history=FileHistory(str(path)))
    assert "42" in capsys.readouterr().out
    assert re.findall(r"^\+(.*)$", path.read_text(), flags=re.M) == ["a = 41", "a + 1"]


def test_history_path_follows_xdg_state_home(tmp_path):
    assert history_path({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "tinytorch" / "history"
    assert history_path({}).parts[-4:] == (".local", "state", "tinytorch", "history")


@pytest.mark.parametrize("text, indent", [("for i in x:", "    "), ("    y = 1", "    "),
                                          ("    return y", ""), ("x = 1", ""), ("        if a:", "            ")])
def test_next_indent(text, indent):
    assert next_indent(text) == indent


def _completions(namespace, text):
    return [c.text for c in NamespaceCompleter(namespace).get_completions(Document(text), None)]


def test_completion_of_names_attributes_and_keyword_arguments():
    ns = {"torch": tinytorch, "x": tinytorch.ones(2), "xs": [1]}
    assert _completions(ns, "tor") == ["torch"]
    assert _completions(ns, "torch.on") == ["ones", "ones_like"]
    assert _completions(ns, "y = x.requires") == ["requires_grad", "requires_grad_"]
    assert _completions(ns, "torch.ones(2, 2, requi")[0] == "requires_grad="
    assert _completions(ns, "x") == ["x", "xs"]
    assert "_data" not in _completions(ns, "x.") and "_data" in _completions(ns, "x._")
    assert _completions(ns, "nothing.att") == []
    assert callee_before("torch.ones(2, (3 + 1), ") == "torch.ones"
    assert callee_before("[x, ") is None


# ---- end to end in a pseudo-terminal ------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]|\r")


@pytest.fixture
def terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1",
               LANG="en_US.UTF-8", LC_ALL="", NO_COLOR="")
    child = pexpect.spawn(sys.executable, ["-m", "tinytorch_repl"], env=env, encoding="utf-8", timeout=120,
                          dimensions=(50, 120))
    yield child
    child.terminate(force=True)


def _screen(child, expected, timeout=120):
    """Wait until the text (control codes removed) contains ``expected``; returns the text so far."""
    seen = ""
    deadline = time.monotonic() + timeout
    while expected not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{expected!r} not on screen:\n{seen}")
        try:
            chunk = child.read_nonblocking(4096, timeout=1)
        except Exception as error:  # noqa: BLE001 - pexpect.TIMEOUT: keep waiting; EOF: report
            if type(error).__name__ == "TIMEOUT":
                continue
            raise AssertionError(f"{expected!r} not on screen before {type(error).__name__}:\n{seen}") from None
        seen = ANSI.sub("", seen + chunk)
    return seen


def test_seed_cells_in_a_terminal(terminal):
    child = terminal
    started = time.monotonic()
    _screen(child, "In [1]:")
    assert time.monotonic() - started < 30
    child.send("import torch\r")
    _screen(child, "In [2]:")
    child.send(PASTE_START + "x = torch.ones(2,2,requires_grad=True)\nprint(x)" + PASTE_END + "\r")
    assert "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)" in _screen(child, "In [3]:").replace("\r", "")
    child.send("y = x+2\r")
    _screen(child, "In [4]:", timeout=8)
    child.send(PASTE_START + "z = y*y*3\nout = z.mean()\nprint(z,out)" + PASTE_END + "\r")
    screen = _screen(child, "In [5]:")
    assert "grad_fn=<MulBackward0>) tensor(27., grad_fn=<MeanBackward1>)" in screen
    child.send("out.backward()\r")
    _screen(child, "In [6]:")
    child.send("print(out.backward())\r")
    assert "RuntimeError: Trying to backward through the graph a second time" in _screen(child, "In [7]:")
    child.send("%explain x.grad\r")
    assert "x.grad = 1/4 · 18 · 1 = 4.5" in _screen(child, "In [8]:")
    child.send("x.requires_gr\t")
    _screen(child, "requires_grad")
    child.send("\r")
    assert "True" in _screen(child, "In [9]:")
    child.send("import time\r")
    _screen(child, "In [10]:")
    child.send("time.sleep(60)\r")
    time.sleep(1.0)
    child.sendintr()
    assert "KeyboardInterrupt" in _screen(child, "In [11]:")
    child.send("exit()\r")
    child.expect(__import__("pexpect").EOF)


def test_history_auto_suggestion_in_a_terminal(terminal):
    child = terminal
    _screen(child, "In [1]:")
    child.send("print('from history')\r")
    _screen(child, "In [2]:")
    child.send("print('fr")
    time.sleep(0.5)
    child.send("\x1b[C\r")  # → accepts the suggestion
    screen = _screen(child, "In [3]:")
    assert screen.count("from history") >= 2
    child.sendcontrol("d")
    child.expect(__import__("pexpect").EOF)


def test_library_notices_on_stderr_become_a_line_of_the_output(capsys):
    notice = "tinytorch: compiling unary_kernel(float32, float32) — first use only, cached on disk"
    drive(f"import sys\rprint('before')\rprint({notice!r}, file=sys.stderr, flush=True)\r"
          "print('other', file=sys.stderr)\r\x04")
    captured = capsys.readouterr()
    assert f"before\n\n{notice}\n\n" in captured.out  # its own line, in order with the output
    assert "compiling" not in captured.err and "other" in captured.err


def test_cold_cache_compiling_notice_is_a_dimmed_line_in_the_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1",
               NUMBA_CACHE_DIR=str(tmp_path / "numba"), NO_COLOR="")
    child = pexpect.spawn(sys.executable, ["-m", "tinytorch_repl"], env=env, encoding="utf-8", timeout=120,
                          dimensions=(40, 120))
    try:
        _screen(child, "In [1]:")
        child.send("x = torch.ones(3, dtype=torch.float64)\r")
        _screen(child, "In [2]:")
        child.send("x.exp().sum()\r")
        raw = ""
        while "In [3]:" not in ANSI.sub("", raw):
            raw += child.read_nonblocking(4096, timeout=120)
    finally:
        child.terminate(force=True)
    assert "\x1b[2mtinytorch: compiling unary_kernel(float64, float64)" in raw
    text = ANSI.sub("", raw)
    assert text.index("tinytorch: compiling") < text.index("tensor(8.1548")


def test_transcript_keeps_the_compiling_notice_on_stderr(tmp_path):
    import subprocess

    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "tinytorch_repl"], input="torch.ones(3, dtype=torch.float64).exp()\n",
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0
    assert result.stdout == ("In [1]: torch.ones(3, dtype=torch.float64).exp()\n"
                             "tensor([2.7183, 2.7183, 2.7183], dtype=torch.float64)\n\n")
    assert "tinytorch: compiling unary_kernel(float64, float64)" in result.stderr


def test_enter_at_an_empty_prompt_gives_a_new_prompt(capsys):
    history = InMemoryHistory()
    session = drive("\r\r1 + 1\r\x04", history=history)
    assert capsys.readouterr().out == "BANNER\n\n2\n\n"
    assert session.count == 2
    assert list(history.load_history_strings()) == ["1 + 1"]  # not "\n\n1 + 1": the blank Enters added no lines


def test_enter_runs_a_complete_cell_with_the_cursor_mid_line(capsys):
    left = "\x1b[D"
    session = drive("1 + 2" + left * 3 + "\r\x03\x04")   # (Ctrl-C, Ctrl-D: a failure ends, never hangs)
    assert capsys.readouterr().out == "BANNER\n\n3\n\n"
    assert session.count == 2


def test_up_fix_a_typo_enter_runs_the_fixed_line(capsys):
    home, delete = "\x01", "\x1b[3~"
    drive("\x1b[A" + home + delete * 5 + "print\r\x03\x04", history=InMemoryHistory(["pirnt(41)"]))
    assert capsys.readouterr().out == "BANNER\n\n41\n\n"


def test_ctrl_r_enter_accepts_the_match_and_runs_it(capsys):
    history = InMemoryHistory(["print('found it')", "1 + 1"])
    session = drive("\x12found\r\x03\x04", history=history)
    assert capsys.readouterr().out == "BANNER\n\nfound it\n\n"
    assert session.count == 2


def test_a_soft_wrapped_line_gets_no_continuation_prompt():
    shell = Shell(Session(), "BANNER", history=InMemoryHistory(), output=DummyOutput())
    assert "".join(t for _, t in shell._continuation(8, 0, True)) == " " * 8
    assert "".join(t for _, t in shell._continuation(8, 1, False)) == "   ...: "



# ---- the IPython keys, end to end in a pseudo-terminal ------------------------------------------

def test_enter_mid_line_runs_the_complete_cell_in_a_terminal(terminal):
    child = terminal
    _screen(child, "In [1]:")
    child.send("40 + 2")
    time.sleep(0.3)
    child.send("\x1b[D" * 3 + "\r")  # cursor back to just after "40", then Enter
    screen = _screen(child, "In [2]:", timeout=8)
    assert "In [1]: 40 + 2\n42\n" in screen
    child.sendcontrol("d")
    child.expect(__import__("pexpect").EOF)


def test_up_fix_a_typo_enter_runs_the_fixed_line_in_a_terminal(terminal):
    child = terminal
    _screen(child, "In [1]:")
    child.send("pirnt('fixed')\r")
    assert "NameError" in _screen(child, "In [2]:")
    child.send("\x1b[A")  # Up: the previous cell
    time.sleep(0.3)
    child.send("\x01" + "\x1b[3~" * 5 + "print\r")  # Home, delete "pirnt", type "print", Enter
    screen = _screen(child, "In [3]:")
    assert "\nfixed\n" in screen.split("In [2]:")[-1]
    child.sendcontrol("d")
    child.expect(__import__("pexpect").EOF)


def test_ctrl_r_enter_runs_the_match_in_a_terminal(terminal):
    child = terminal
    _screen(child, "In [1]:")
    child.send("print('found ' + 'it')\r")
    _screen(child, "In [2]:")
    child.send("1 + 1\r")
    _screen(child, "In [3]:")
    child.sendcontrol("r")
    time.sleep(0.3)
    child.send("found")
    _screen(child, "I-search backward", timeout=15)
    time.sleep(0.3)
    child.send("\r")
    screen = _screen(child, "In [4]:", timeout=8)
    assert "found it" in screen.split("In [3]:")[-1]
    child.sendcontrol("d")
    child.expect(__import__("pexpect").EOF)
