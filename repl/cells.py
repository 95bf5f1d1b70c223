"""Cells: how source text is cut into cells and how a cell's magic lines become calls.

* ``split_cells(text)``: a file or piped input as a list of cells.  When the text has
  ``# In[n]`` markers (Jupyter's "export as Python" style) a cell is whatever lies between
  markers; otherwise a blank line ends a cell when what came before is a complete statement
  and the next line starts a new top-level statement (column 0, not ``else``/``except``...),
  so blank lines inside an indented block stay inside it.
* ``is_complete(source)``: whether the interactive prompt should run ``source`` on Enter.
* ``transform_magics(source)``: ``%name args`` lines become ``__magic__('name', 'args')``.
"""
import codeop
import re
import warnings

MARKER = re.compile(r"^#\s*In\s*\[\s*[0-9 ]*\]\s*:?\s*$")
MAGIC_LINE = re.compile(r"^(\s*)%([A-Za-z_]\w*)(.*)$")
#: Lines that continue the compound statement above them even after a blank line.
CONTINUATIONS = re.compile(r"^(else|elif|except|finally)\b")
MAGIC_FUNCTION = "__magic__"


def transform_magics(source):
    """``source`` with every ``%name args`` line replaced by a call of ``__magic__``."""
    lines = []
    for line in source.split("\n"):
        m = MAGIC_LINE.match(line)
        if m:
            indent, name, args = m.groups()
            line = f"{indent}{MAGIC_FUNCTION}({name!r}, {args.strip()!r})"
        lines.append(line)
    return "\n".join(lines)


def _status(source):
    """"complete", "incomplete" or "invalid" for Python ``source`` (magic lines allowed)."""
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
