"""Cells: how source text is cut into cells and how a cell's magic lines become calls.

* ``split_cells(text)``: a file or piped input as a list of cells.  When the text has
  ``# In[n]`` markers (Jupyter's "export as Python" style) a cell is whatever lies between
  markers; otherwise a blank line ends a cell when what came before is a complete statement
  and the next line starts a new top-level statement (column 0, not ``else``/``except``...),
  so blank lines inside an indented block stay inside it.
* ``stream_cells(read_line, ready)``: the same cells, produced while the input is still
  arriving (a pipe from a slow program): a cell is run as soon as it is known to be over —
  at a blank line after a complete simple statement at once; at a blank line after a
  complete compound statement (``for``/``if``/``def``... whose body might go on after the
  blank line) when the next line starts a new top-level statement, or when the producer
  pauses (nothing more within ``PAUSE`` seconds), or at the end of the input.
  ``FdLines`` reads lines from a file descriptor without waiting for more than a line.
* ``is_complete(source)``: whether the interactive prompt should run ``source`` on Enter.
* ``transform_magics(source)``: ``%name args`` lines become ``__magic__('name', 'args')``, and
  the rest of IPython's syntax likewise (``syntax``).  A ``%%name`` cell goes on to a blank line.
"""
import ast
import codecs
import codeop
import os
import re
import select
import warnings

from . import syntax

MARKER = re.compile(r"^#\s*In\s*\[\s*[0-9 ]*\]\s*:?\s*$")
#: Lines that continue the compound statement above them even after a blank line.
CONTINUATIONS = re.compile(r"^(else|elif|except|finally)\b")
MAGIC_FUNCTION = syntax.MAGIC_FUNCTION
#: How long a pipe may stay silent after a blank line that may end a compound statement before
#: the statement is taken as finished (seconds).
PAUSE = 0.25


def transform_magics(source):
    """``source`` with IPython's syntax (``%name args`` lines, ``obj?``, ``!cmd``, ``%%name`` cells...)
    rewritten as calls of ``__magic__`` (see ``syntax``)."""
    return syntax.transform(source)


def _status(source):
    """"complete", "incomplete" or "invalid" for Python ``source`` (magic lines allowed; for a
    ``%%name`` cell, the status of the lines below it)."""
    body = syntax.body_of_cell_magic(source)
    if body is not None:
        source = body
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        try:
            code = codeop.compile_command(transform_magics(source), "<cell>", "exec")
        except (SyntaxError, ValueError, OverflowError):
            return "invalid"
    return "incomplete" if code is None else "complete"


def is_complete(source):
    """True when an interactive cell is ready to run at Enter.

    Complete statements run when the last line is blank, or when it is a top-level line
    (not indented) that opens no block — so ``x = 1`` runs at once, a pasted block of
    top-level statements runs at the next Enter, and an indented block waits for a blank
    line, as in Python's own prompt.  Invalid input runs too, so its SyntaxError is
    reported instead of waiting forever.
    """
    if not source.strip():
        return False
    body = syntax.body_of_cell_magic(source)
    if body is not None:  # ``%%time``: the cell goes on until a blank line, as in IPython
        return bool(body.strip()) and not source.split("\n")[-1].strip() and _status(body) != "incomplete"
    status = _status(source)
    if status == "invalid":
        return True
    if status == "incomplete":
        return False
    last = source.split("\n")[-1]
    if not last.strip():
        return True
    return not last[0].isspace() and not last.rstrip().endswith(":") and not last.startswith("@")


def split_cells(text):
    """The cells of ``text`` (a file or piped input), each without trailing blank lines."""
    lines = text.expandtabs(8).split("\n") if "\t" in text else text.split("\n")
    if any(MARKER.match(line) for line in lines):
        return _split_at_markers(lines)
    return _split_at_blank_lines(lines)


def _clean(cell_lines):
    while cell_lines and not cell_lines[-1].strip():
        cell_lines.pop()
    while cell_lines and not cell_lines[0].strip():
        cell_lines.pop(0)
    return "\n".join(line.rstrip() for line in cell_lines)


def _split_at_markers(lines):
    cells, current = [], []
    for line in lines:
        if MARKER.match(line):
            cells.append(_clean(current))
            current = []
        else:
            current.append(line)
    cells.append(_clean(current))
    return [c for c in cells if c and not _only_comments(c)]


def _only_comments(cell):
    return all(not line.strip() or line.lstrip().startswith("#") for line in cell.split("\n"))


def _split_at_blank_lines(lines):
    cells, current = [], []
    for i, line in enumerate(lines):
        if line.strip() or not current:
            current.append(line)
            continue
        following = next((ln for ln in lines[i + 1:] if ln.strip()), None)
        starts_statement = (following is not None and not following[0].isspace()
                            and not CONTINUATIONS.match(following))
        if (following is None or starts_statement) and _status("\n".join(current)) != "incomplete":
            cells.append(_clean(current))
            current = []
        else:
            current.append(line)
    cells.append(_clean(current))
    return [c for c in cells if c]


def _ends_in_block(cell_lines):
    """Whether the cell's last statement is compound (``for``/``if``/``def``...), so an indented
    line or ``else``/``except`` after a blank line could still continue it."""
    source = "\n".join(cell_lines)
    source = transform_magics(syntax.body_of_cell_magic(source) or source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source)
    except (SyntaxError, ValueError):
        last = next((ln for ln in reversed(cell_lines) if ln.strip()), "")
        return last[:1].isspace()
    return bool(tree.body) and hasattr(tree.body[-1], "body")


def stream_cells(read_line, ready=lambda timeout: True, pause=None):
    """Yield the cells of the lines ``read_line()`` returns (None at the end), each as soon as it
    is known to be complete (see the module docstring).  ``ready(timeout)``: whether another line
    (or the end) arrives within ``timeout`` seconds.  With all the input at hand (``ready``
    always true) the cells are those of ``split_cells``."""
    pause = PAUSE if pause is None else pause
    current, blanks, markers, waiting = [], [], False, False
    while True:
        line = read_line()
        if line is None:
            break
        if "\t" in line:
            line = line.expandtabs(8)
        if MARKER.match(line):
            markers = True
            cell = _clean(current + blanks)
            current, blanks, waiting = [], [], False
            if cell and not _only_comments(cell):
                yield cell
            continue
        if markers:
            current.append(line)
            continue
        if not line.strip():
            if not current:
                continue
            blanks.append(line)
            if waiting or _status("\n".join(current)) == "incomplete":
                continue
            if _ends_in_block(current) and ready(pause):
                waiting = True  # the next line decides
                continue
            yield _clean(current)
            current, blanks, waiting = [], [], False
            continue
        if waiting and not line[0].isspace() and not CONTINUATIONS.match(line):
            yield _clean(current)
            current, blanks = [], []
        waiting = False
        current.extend(blanks)
        blanks = []
        current.append(line)
    cell = _clean(current)
    if cell and not (markers and _only_comments(cell)):
        yield cell


def text_lines(text):
    """A ``read_line`` for ``stream_cells`` over a whole text."""
    lines = iter(text.split("\n"))
    return lambda: next(lines, None)


class FdLines:
    """Lines of a file descriptor (a pipe), read as they arrive: ``read_line()`` returns one line
    without its newline, or None at the end; ``ready(timeout)`` tells whether a line (or the end)
    is available within ``timeout`` seconds."""

    def __init__(self, fd, encoding="utf-8"):
        self.fd = fd
        self.decoder = codecs.getincrementaldecoder(encoding or "utf-8")(errors="replace")
        self.buffer = ""
        self.eof = False

    def _fill(self):
        data = os.read(self.fd, 65536)
        if not data:
            self.eof = True
            self.buffer += self.decoder.decode(b"", final=True)
        else:
            self.buffer += self.decoder.decode(data)

    def read_line(self):
        while "\n" not in self.buffer and not self.eof:
            self._fill()
        if "\n" in self.buffer:
            line, self.buffer = self.buffer.split("\n", 1)
            return line.rstrip("\r")
        if self.buffer:
            line, self.buffer = self.buffer, ""
            return line.rstrip("\r")
        return None

    def ready(self, timeout):
        if "\n" in self.buffer or self.eof:
            return True
        try:
            readable, _, _ = select.select([self.fd], [], [], timeout)
        except (OSError, ValueError):  # no select on this descriptor: wait for the line
            return True
        return bool(readable)
