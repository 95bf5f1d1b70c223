"""IPython's habits in the REPL: obj?/obj??, !cmd, %time/%%time/%timeit, In/Out/_n/_, %history, %whos,
a trailing `;`, hints for IPython syntax it does not have, and the command line's exit status."""
import pathlib
import re
import subprocess
import sys

import pytest

from tinytorch_repl import cells, syntax, timing, whos
from tinytorch_repl.runner import Session

from conftest import run_cells as run

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEF_F = 'def f(x, y=1):\n    """Add y to x."""\n    return x + y'


@pytest.fixture
def session():
    return Session()


# ---- obj? and obj?? -----------------------------------------------------------------------------------

def test_question_mark_shows_signature_and_docstring(session):
    run(session, DEF_F)
    expected = ("Signature: f(x, y=1)\nDocstring: Add y to x.\nFile:      <In [1]>\nType:      function\n")
    assert run(session, "f?") == expected
    assert run(session, "?f") == expected
    assert run(session, "f ?  ") == expected


def test_two_question_marks_show_the_source(session):
    run(session, DEF_F)
    assert run(session, "f??") == (f"Signature: f(x, y=1)\nSource:   \n{DEF_F}\nFile:      <In [1]>\nType:      function\n")
    assert run(session, "??f") == run(session, "f??")


def test_question_mark_on_classes_instances_and_missing_names(session):
    run(session, "class A:\n    '''An A.'''\n    def __init__(self, n):\n        '''Make one.'''", "a = [1, 2]")
    assert run(session, "A?") == ("Init signature: A(n)\nDocstring:      An A.\nInit docstring: Make one.\n"
                                  "File:           <In [1]>\nType:           type\nSubclasses:     \n")
    out = run(session, "a?")
    assert out.startswith("Type:        list\nString form: [1, 2]\nLength:      2\nDocstring:  \n")
    assert run(session, "nope?") == "Object `nope` not found.\n"
    assert run(session, "torch.ones?").startswith("Signature: torch.ones(*size, dtype=None")
    assert run(session, "%time?") == ("Usage:     %time STMT\nDocstring: run a statement and print how long it took\n")
    assert run(session, "x = 5\nx?\ny = 1").startswith("Type:        int\nString form: 5\nDocstring:  \nint(")


def test_backward_shows_its_own_source_not_the_sessions_recorder(session):
    run(session, "y = torch.ones(2, requires_grad=True).sum()")
    out = run(session, "y.backward??")
    assert out.startswith("Signature: y.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)")
    assert "_tensor.py" in out and "recorder" not in out
    assert "recorder" not in run(session, "torch.autograd.backward??")


def test_long_string_forms_are_cut_for_one_question_mark(session):
    run(session, "s = 'a' * 150 + 'b' * 150")
    short = run(session, "s?").split("\n")[1]
    assert short == "String form: " + "a" * 97 + " <...> " + "b" * 97
    assert ("a" * 150 + "b" * 150) in run(session, "s??")


def test_question_mark_in_the_shell_and_in_a_file_alike(tmp_path):
    from test_repl_shell import PASTE_END, PASTE_START, drive

    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        session = drive(PASTE_START + DEF_F + PASTE_END + "\r\rf?\r%%time\ry = 6\ry * 7\r\r!echo hi\r\x04")
    assert "Signature: f(x, y=1)\nDocstring: Add y to x." in out.getvalue()
    assert re.search(TIMES + r"\n42\n\nhi\n", out.getvalue())  # %%time waited for the blank line
    assert session.namespace["In"][3] == "%%time\ny = 6\ny * 7\n"
    path = tmp_path / "cells.py"
    path.write_text(DEF_F + "\n\nf?\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tinytorch_repl", str(path), "--no-echo"], capture_output=True,
                            text=True, timeout=120, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert result.stdout == "Signature: f(x, y=1)\nDocstring: Add y to x.\nFile:      <In [1]>\nType:      function\n"
    assert result.returncode == 0 and result.stderr == ""


def test_lines_that_continue_a_statement_stay_python(session):
    source = ('s = """\nWhy?\n!not a command\n"""\nt = "%time?"\nok = (\n    s\n    != t\n)\n'
              'r = (7\n%3)\nq = 7 \\\n%5')
    assert syntax.transform(source) == source
    assert run(session, source, "ok, r, q") == "(True, 1, 2)\n"
    assert syntax.transform("!echo (\nx?") == "__magic__('system', 'echo (')\n__magic__('pinfo', 'x')"


# ---- !cmd ---------------------------------------------------------------------------------------------

def test_bang_runs_a_shell_command_with_the_sessions_values(session):
    run(session, "x = 3")
    assert run(session, "!echo hello $x {x + 1} '$$x' '{{x}}'") == "hello 3 4 $$x {x}\n"
    assert run(session, "!echo {nope} $x") == "{nope}\n"  # one failed expansion: the shell gets it as typed
    assert run(session, "!exit 3", "_exit_code") == "3\n"
    assert run(session, "!echo out; echo err 1>&2") == "out\nerr\n"
    assert run(session, "lines = !printf 'a\\nb\\n'", "lines") == "['a', 'b']\n"
    assert run(session, "!!echo c") == "['c']\n"
    assert run(session, "for i in range(2):\n    !echo $i") == "0\n1\n"


# ---- %time, %%time, %timeit ---------------------------------------------------------------------------

#: IPython's two lines (on Linux) after %time and %%time
TIMES = (r"CPU times: user [0-9.e+]+ (ns|μs|ms|s), sys: [0-9.e+]+ (ns|μs|ms|s), total: [0-9.e+]+ (ns|μs|ms|s)\n"
         r"Wall time: [0-9.e+]+ (ns|μs|ms|s)")

def test_cell_magic_time_prints_the_wall_time_and_the_value(session):
    out = run(session, "%%time\na = 20\na + 1").splitlines()
    assert re.fullmatch(TIMES, "\n".join(out[:2])) and out[2] == "21"
    assert session.namespace["a"] == 20 and session.outputs[1] == 21
    out = run(session, "%%time\n1/0")
    assert re.fullmatch(TIMES + r"\nZeroDivisionError: division by zero\n", out)
    assert 'File "<In [2]>", line 2' in run(session, "%tb")
    assert run(session, "%%time\nx = 1\nx = = 2") == "SyntaxError: invalid syntax (<In [4]>, line 3)\n"
    assert re.fullmatch(TIMES + r"\n", run(session, "%%time\nb = 2\nb;"))


def test_cell_magic_time_waits_for_a_blank_line_at_the_prompt_and_in_a_pipe():
    assert not cells.is_complete("%%time")
    assert not cells.is_complete("%%time\nx = 1")
    assert cells.is_complete("%%time\nx = 1\n")
    assert not cells.is_complete("%%time\nfor i in range(3):\n    pass")
    assert cells.is_complete("x?") and cells.is_complete("!ls")
    text = "%%time\nx = 1\ny = 2\n\nprint(y)\n"
    assert cells.split_cells(text) == ["%%time\nx = 1\ny = 2", "print(y)"]
    assert list(cells.stream_cells(cells.text_lines(text))) == cells.split_cells(text)


def test_timeit_prints_ipythons_line(session):
    out = run(session, "%timeit -n 20 -r 3 sum(range(10))")
    assert re.fullmatch(r"(The slowest run took [0-9.]+ times longer than the fastest\. [^\n]*\n)?"  # a busy machine
                        r"[0-9.e+]+ (ns|μs|ms|s) ± [0-9.e+]+ (ns|μs|ms|s) per loop \(mean ± std\. dev\. of 3 runs, "
                        r"20 loops each\)\n", out), out
    assert run(session, "%timeit -q -n 1 -r 1 y = 1") == "" and "y" not in session.namespace
    run(session, "r = %timeit -o -q -n 2 -r 4 pass")
    result = session.namespace["r"]
    assert result.loops == 2 and result.repeat == 4 and len(result.timings) == 4
    out = run(session, "%%timeit -n 3 -r 2 z = [1, 2]\nz.append(3)\nlen(z)")
    assert "of 2 runs, 3 loops each)" in out
    assert run(session, "%timeit").startswith("UsageError: %timeit")


class FakeClock:
    """Each ``tick()`` of the timed statement takes ``step`` seconds."""

    def __init__(self, steps):
        self.now, self.steps = 0.0, steps

    def __call__(self):
        return self.now

    def tick(self):
        self.now += self.steps[0] if len(self.steps) == 1 else self.steps.pop(0)


def test_timeit_picks_the_loop_count_as_ipython(session, monkeypatch):
    clock = FakeClock([2.0 ** -10])  # a binary fraction: the fake durations add up exactly
    monkeypatch.setattr(timing, "clock", clock)
    session.namespace["clock"] = clock
    # 1, 10, 100 loops take under 0.2 s; 1000 loops take 0.98 s: 7 runs of 1,000 loops
    assert run(session, "%timeit clock.tick()") == (
        "977 μs ± 0 ns per loop (mean ± std. dev. of 7 runs, 1,000 loops each)\n")
    clock.steps = [2.0 ** -10, 2.0 ** -10, 5 * 2.0 ** -10]
    assert run(session, "%timeit -n 1 -r 3 clock.tick()") == (
        "The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate result is "
        "being cached.\n2.28 ms ± 1.84 ms per loop (mean ± std. dev. of 3 runs, 1 loop each)\n")


@pytest.mark.parametrize("seconds, text", [
    (0.0, "0 ns"), (1.5e-9, "1.5 ns"), (1e-7, "100 ns"), (2.5e-6, "2.5 μs"), (999e-6, "999 μs"), (1e-3, "1 ms"),
    (0.5, "500 ms"), (1.0, "1 s"), (12.3456, "12.3 s"), (65.0, "1min 5s"), (3661.5, "1h 1min 1s"),
    (90000.0, "1d 1h"),
])
def test_timespans_are_formatted_as_ipython(seconds, text):
    assert timing.format_timespan(seconds) == text


# ---- In, Out, _n, _, __, ___, ; -----------------------------------------------------------------------

def test_in_out_and_underscores_as_ipython(session):
    run(session, "x = 3", "x * 2", "x + 1", "print('no value')", "x - 1")
    ns = session.namespace
    assert ns["Out"] == {2: 6, 3: 4, 5: 2} and ns["_2"] == 6 and ns["_5"] == 2
    assert (ns["_"], ns["__"], ns["___"]) == (2, 4, 6)
    assert ns["In"] == ["", "x = 3", "x * 2", "x + 1", "print('no value')", "x - 1"]
    assert run(session, "_i, _ii, _iii, _i6") == "('x - 1', \"print('no value')\", 'x + 1', '_i, _ii, _iii, _i6')\n"
    assert run(session, "Out[2] + _3") == "10\n"
    run(session, "_ = 'mine'", "100")
    assert ns["_"] == "mine" and ns["Out"][9] == 100 and ns["_9"] == 100  # `_` is the user's now


def test_a_trailing_semicolon_suppresses_the_value(session):
    assert run(session, "x = 5\nx * 2;") == ""
    assert run(session, "x * 2;  # quiet") == ""
    assert run(session, "x * 2 # not quiet ;") == "10\n"
    assert run(session, "'a;'") == "'a;'\n"
    assert session.namespace["Out"] == {3: 10, 4: "a;"} and session.namespace["_"] == "a;"


def test_reset_forgets_out_but_keeps_in(session):
    run(session, "1 + 1", "%reset")
    assert session.namespace["Out"] == {} and session.namespace["In"][1] == "1 + 1"
    assert run(session, "In[2]") == "'%reset'\n"


# ---- %history, %whos ------------------------------------------------------------------------------------

def test_history_prints_the_cells(session):
    run(session, "a = 1", "for i in range(2):\n\tb = i", "a + 1")
    assert run(session, "%history") == "a = 1\nfor i in range(2):\n    b = i\na + 1\n%history\n"
    assert run(session, "%history -n 1-3") == "   1: a = 1\n   2:\nfor i in range(2):\n    b = i\n   3: a + 1\n"
    assert run(session, "%history -n -o 3 1") == "   3: a + 1\n2\n   1: a = 1\n"
    assert run(session, "%history -p 2") == ">>> for i in range(2):\n...     b = i\n...\n"
    assert run(session, "%history -x").startswith("UsageError: %history")


def test_whos_prints_ipythons_table(session):
    assert run(session, "%whos") == "Interactive namespace is empty.\n"
    run(session, "import numpy as np", "n = 3\nname = 'tinytorch'\nxs = [1, 2, 3]\narr = np.zeros((2, 3))",
        "long = 'x' * 60\n_hidden = 1")
    out = run(session, "%whos")
    lines = out.splitlines()
    assert lines[:2] == ["Variable   Type       Data/Info", "-" * 31]
    assert lines[2] == "arr        ndarray    2x3: 6 elems, type `float64`, 48 bytes"
    assert lines[3] == "long       str        " + "x" * 25 + "<...>" + "x" * 25
    assert lines[4] == "n          int        3"
    assert lines[5] == "name       str        tinytorch"
    assert lines[6].startswith("np         module     <module 'numpy' from")
    assert lines[7] == "xs         list       n=3"
    assert len(lines) == 8  # torch, In, Out, exit, _hidden are not listed
    assert run(session, "%whos int list") == ("Variable   Type    Data/Info\n----------------------------\n"
                                              "n          int     3\nxs         list    n=3\n")


def test_whos_aligns_korean_names_by_display_width(session):
    run(session, "값 = 1\n손실값 = 0.5\nabc = '한글'")
    lines = run(session, "%whos").splitlines()
    assert lines == ["Variable   Type     Data/Info", "-" * 29,
                     "abc        str      한글", "값         int      1", "손실값     float    0.5"]
    for line, type_name in zip(lines[2:], ("str", "int", "float")):  # each Type starts in terminal column 11
        assert whos.display_width(line[:line.index(" " + type_name) + 1]) == 11
    assert whos.display_width("한글a") == 5 and whos.display_width("e\u0301") == 1


# ---- hints instead of a bare SyntaxError or "unknown" -----------------------------------------------------

def test_unknown_magics_list_the_magics(session):
    out = run(session, "%unknownmagic")
    assert out.startswith("UsageError: unknown magic %unknownmagic; the magics are %code, %explain, %graph, %help, %history")
    assert "%timeit" in out and "%whos" in out and out.count("\n") == 1
    out = run(session, "%%bogus\nx")
    assert out.startswith("UsageError: unknown cell magic %%bogus; the cell magics are %%time, %%timeit")
    assert run(session, "%%who\n").endswith("Hint: %who is a line magic: write `%who ...` on one line\n")
    assert session.errors == 3


def test_ipython_only_magics_say_what_to_do_instead(session):
    out = run(session, "%pip install numpy").splitlines()
    assert out[0].startswith("UsageError: unknown magic %pip;")
    assert out[1] == (f"Hint: %pip is IPython's; here install from a terminal with the Python that runs this REPL: "
                      f"{sys.executable} -m pip install numpy (or in a cell: !{sys.executable} -m pip install numpy)")
    assert "os.chdir" in run(session, "%cd /tmp") and "plt.show()" in run(session, "%matplotlib inline")
    assert "importlib.reload" in run(session, "%load_ext autoreload") and "%tb" in run(session, "%debug")
    assert run(session, "%pdoc len").endswith("Hint: %pdoc is IPython's; here write len? (signature and docstring)\n")
    assert run(session, "%psource").endswith("here write OBJ?? (source)\n")


def test_a_cell_magic_with_a_question_mark_tells_what_it_does(session):
    assert run(session, "%%time?") == (
        "Usage:     %%time\nDocstring: (first line of a cell) run the cell and print how long it took\n")


@pytest.mark.parametrize("cell, hint", [
    ("print(!ls)", "Hint: !cmd runs a shell command at the start of a line"),
    ("x = 1\n%%time\nx", "Hint: a cell magic (%%time, %%timeit) must be the first line of its cell"),
    ("torch.*rand*?", "Hint: ? must stand alone on its line with a name"),
    ("print(%time 1)", "Hint: %magic goes at the start of a line"),
    ("/print 1 2", "Hint: IPython's autocall is not supported here: write print(1, 2)"),
])
def test_ipython_syntax_it_cannot_run_gets_a_hint(session, cell, hint):
    out = run(session, cell).splitlines()
    assert out[0].startswith("SyntaxError: ") and out[1].startswith(hint) and len(out) == 2


def test_plain_syntax_errors_get_no_hint(session):
    assert run(session, "x = = 1").count("\n") == 1
    assert run(session, "'what?' +").count("\n") == 1
    assert run(session, "x = = 1  # why? !ls %time").count("\n") == 1
    assert run(session, "print('%time', \"!x\") +").count("\n") == 1


# ---- the command line ------------------------------------------------------------------------------------

def repl(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "tinytorch_repl", *args], input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=ROOT, stdin=None if stdin is not None else subprocess.DEVNULL)


def test_no_echo_applies_to_piped_stdin():
    result = repl("--no-echo", stdin="x = 41\n\nx + 1\n\nprint('done')\n")
    assert result.stdout == "42\ndone\n" and result.returncode == 0


def test_a_piped_transcript_with_errors_exits_1_after_running_every_cell():
    result = repl(stdin="1/0\n\nprint('after')\n")
    assert "ZeroDivisionError: division by zero\n" in result.stdout and "after\n" in result.stdout
    assert result.returncode == 1
    assert repl(stdin="import sys\n\nsys.exit(3)\n\nprint('not run')\n").returncode == 3
    result = repl(stdin="raise SystemExit('bye')\n")
    assert result.returncode == 1 and result.stderr == "bye\n"


def test_file_with_piped_stdin_and_no_dash_i_says_stdin_is_ignored(tmp_path):
    path = tmp_path / "f.py"
    path.write_text("print('file')\n", encoding="utf-8")
    result = repl(str(path), stdin="print('piped')\n")
    assert result.stdout == "In [1]: print('file')\nfile\n\n" and result.returncode == 0
    assert result.stderr == (f"tinytorch-repl: piped stdin is ignored: without -i only {path} runs "
                             "(add -i to run the piped cells after it, or pipe them without FILE)\n")
    assert repl(str(path)).stderr == ""  # stdin is /dev/null: nothing to say
    assert repl(str(path), stdin="").stderr == ""  # an empty pipe neither


def test_without_the_alias_the_session_has_no_torch():
    s = Session(torch_alias=False)
    assert "torch" not in s.namespace
    assert run(s, "torch").startswith("NameError: name 'torch' is not defined")
    run(s, "%reset")
    assert "torch" not in s.namespace


def test_time_reports_cpu_and_wall_time_in_ipythons_format(session, monkeypatch):
    from tinytorch_repl import timing
    cpu = iter([(1.0, 0.5), (1.0 + 2.5e-3, 0.5 + 1e-6)])
    wall = iter([10.0, 10.0 + 3.81e-6])
    monkeypatch.setattr(timing, "cpu_clock", lambda: next(cpu))
    monkeypatch.setattr(timing, "wall_clock", lambda: next(wall))
    assert run(session, "%time 6 * 7") == ("CPU times: user 2.5 ms, sys: 1 μs, total: 2.5 ms\n"
                                          "Wall time: 3.81 μs\n42\n")
