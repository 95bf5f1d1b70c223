"""The interactive shell: a prompt_toolkit session in front of a ``runner.Session``.

Prompt ``In [n]: `` and continuation ``   ...: `` (none on a soft-wrapped line); Python
highlighting (Pygments); Enter with the cursor anywhere on the cell's last line runs the cell
when ``cells.is_complete`` says so and otherwise opens a new line indented like the last one
(one level more after ``:``); Escape-Enter runs it regardless.  Ctrl-R searches the history
backwards; Enter there takes the match and runs it.  Tab
completes from the live namespace (``completion``; Enter in the menu takes the selected
completion) or, at the start of a line, indents.
History is kept in ``history_path()`` and suggested as you type (→ accepts).  Ctrl-C
clears the input (or interrupts a running cell: the runner prints ``KeyboardInterrupt``);
Ctrl-D on an empty prompt or ``exit()`` quits.  Pasted text (bracketed paste) is inserted
whole and runs as one cell.
The library's one-line notices on stderr (``tinytorch: compiling ...`` on a cold Numba
cache) are shown as a dimmed line of their own: in the output when a cell is running,
above the prompt (``run_in_terminal``) when they come while the prompt is being edited.
"""
import asyncio
import os
import pathlib
import shutil
import sys

from prompt_toolkit import PromptSession, search
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.filters import Condition, has_completions, is_searching
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.styles import Style

from . import cells
from .completion import NamespaceCompleter

INDENT = "    "
DEDENTERS = ("return", "pass", "break", "continue", "raise")
STYLE = Style.from_dict({"prompt": "ansigreen", "prompt.number": "ansigreen bold",
                         "continuation": "ansigreen"})


def history_path(environ=None):
    """``$XDG_STATE_HOME/tinytorch/history``, by default ``~/.local/state/tinytorch/history``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return pathlib.Path(base) / "tinytorch" / "history"


def _history(path):
    """A FileHistory at ``path``, or an in-memory one when the directory cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
        return FileHistory(str(path))
    except OSError:
        return InMemoryHistory()


def next_indent(text):
    """The indentation of a new line typed after ``text``."""
    last = text.split("\n")[-1]
    indent = last[:len(last) - len(last.lstrip())]
    stripped = last.strip()
    if stripped.endswith(":"):
        return indent + INDENT
    if stripped.split(" ")[0] in DEDENTERS:
        return indent[:-len(INDENT)]
    return indent


def key_bindings():
    kb = KeyBindings()

    @kb.add("enter", filter=is_searching)
    def _(event):
        """Enter in Ctrl-R search: take the match and run it, as IPython does."""
        search.accept_search()
        buffer = event.app.current_buffer
        if cells.is_complete(buffer.document.text):
            buffer.validate_and_handle()

    @kb.add("enter", filter=~is_searching)
    def _(event):
        buffer = event.current_buffer
        if buffer.complete_state is not None:
            chosen = buffer.complete_state.current_completion
            if chosen is not None:  # Enter in the completion menu takes the completion
                buffer.apply_completion(chosen)
                return
            buffer.complete_state = None
        document = buffer.document
        text = document.text
        on_last_line = document.cursor_position_row == document.line_count - 1
        if not text.strip() or on_last_line and cells.is_complete(text):  # Enter at an empty prompt: a new prompt
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n" + next_indent(buffer.document.text_before_cursor))

    @kb.add("escape", "enter")
    def _(event):
        event.current_buffer.validate_and_handle()

    at_line_start = Condition(lambda: _line_start_is_blank())

    @kb.add("tab", filter=at_line_start & ~has_completions)
    def _(event):
        event.current_buffer.insert_text(INDENT)

    @kb.add("backspace", filter=Condition(lambda: _in_indent()))
    def _(event):
        buffer = event.current_buffer
        before = buffer.document.current_line_before_cursor
        buffer.delete_before_cursor(len(before) % len(INDENT) or len(INDENT))

    return kb


def _line_start_is_blank():
    from prompt_toolkit.application.current import get_app

    return not get_app().current_buffer.document.current_line_before_cursor.strip()


def _in_indent():
    from prompt_toolkit.application.current import get_app

    before = get_app().current_buffer.document.current_line_before_cursor
    return len(before) >= len(INDENT) and not before.strip()


#: How the library's notices on stderr begin (tinytorch/kernels: "tinytorch: compiling ...").
NOTICE_PREFIX = "tinytorch: "
DIM, UNDIM = "\x1b[2m", "\x1b[22m"


class NoticeStream:
    """Stands in for ``sys.stderr`` while the shell runs: a write that starts with
    ``NOTICE_PREFIX`` (and the newline ``print`` writes after it) goes to ``show(line)``;
    everything else goes to the real stream unchanged."""

    def __init__(self, stream, show):
        self.stream, self.show = stream, show
        self._swallow_newline = False

    def write(self, text):
        if text.startswith(NOTICE_PREFIX):
            line, newline, rest = text.partition("\n")
            self.show(line)
            self._swallow_newline = not newline
            return len(text) if not rest else len(line) + 1 + self.write(rest)
        if self._swallow_newline and text == "\n":
            self._swallow_newline = False
            return 1
        self._swallow_newline = False
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


def show_notice(line):
    """Print a library notice as a dimmed line: at once between prompts, above the prompt while
    one is being edited (from any thread)."""
    from prompt_toolkit.application import get_app_or_none, run_in_terminal

    out = sys.stdout
    text = f"{DIM}{line}{UNDIM}" if getattr(out, "isatty", lambda: False)() else line

    def show():
        print(text, file=out, flush=True)

    app = get_app_or_none()
    if app is None or not app.is_running or app.loop is None:
        show()
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is app.loop:
        run_in_terminal(show)
    else:
        app.loop.call_soon_threadsafe(lambda: run_in_terminal(show))


class Shell:
    """Reads cells at the prompt and runs them in ``session`` until exit."""

    def __init__(self, session, banner, history=None, input=None, output=None):
        from pygments.lexers.python import PythonLexer

        self.session = session
        self.banner = banner
        session.wrap_width = lambda: shutil.get_terminal_size((80, 24)).columns
        self.prompt_session = PromptSession(
            multiline=True, lexer=PygmentsLexer(PythonLexer), completer=NamespaceCompleter(session.namespace),
            complete_while_typing=False, auto_suggest=AutoSuggestFromHistory(),
            history=history if history is not None else _history(history_path()),
            key_bindings=key_bindings(), prompt_continuation=self._continuation, style=STYLE,
            enable_history_search=False, input=input, output=output)

    def _message(self):
        return FormattedText([("class:prompt", "In ["), ("class:prompt.number", str(self.session.count)),
                              ("class:prompt", "]: ")])

    def _continuation(self, width, line_number, is_soft_wrap):
        if is_soft_wrap:
            return FormattedText([("", " " * width)])
        return FormattedText([("class:continuation", "...: ".rjust(width))])

    def run(self):
        """The read-run loop; returns when the user quits."""
        print(self.banner + "\n", flush=True)
        stderr, sys.stderr = sys.stderr, NoticeStream(sys.stderr, show_notice)
        try:
            self._loop()
        finally:
            sys.stderr = stderr

    def _loop(self):
        while not self.session.exit_requested:
            try:
                text = self.prompt_session.prompt(self._message)
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if self.session.run_cell(text):
                print(flush=True)
