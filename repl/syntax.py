"""IPython's input syntax, turned into Python a cell can run.

``transform(source)`` rewrites, line by line (each line stays on its line, so line numbers
in tracebacks and ``inspect.getsource`` match what was typed):

* ``%name args``                  -> ``__magic__('name', 'args')``  (a line magic)
* ``obj?`` / ``?obj``             -> ``__magic__('pinfo', 'obj')``  (docstring and signature)
* ``obj??`` / ``??obj``           -> ``__magic__('pinfo2', 'obj')`` (and the source)
* ``%name?``                      -> ``__magic__('pinfo', '%name')`` (what the magic does)
* a line that is only ``?``       -> ``__magic__('help', '')``
* ``!cmd``                        -> ``__magic__('system', 'cmd')`` (runs ``cmd`` in a shell)
* ``!!cmd``, ``name = !cmd``      -> ``__magic__('sx', 'cmd')``     (its output lines as a list)
* ``name = %name args``           -> ``name = __magic__('name', 'args')``

Lines that continue a statement (inside brackets or a triple-quoted string, after a backslash)
stay as they are, so ``!= b`` on a line of its own stays Python.
A cell whose first line is ``%%name args`` is a cell magic: the whole cell becomes the one
line ``__magic__('name', 'args', 'the rest of the cell')``.

``is_quiet(source)``: whether the cell ends with ``;`` (its value is then not printed).
``body_of_cell_magic(source)``: the lines after ``%%name`` (None for other cells).
``hint(source, lineno)``: what to write instead, for a line of IPython syntax this REPL has
no rewriting for (``print(!ls)``, ``%%time`` below the first line, IPython's autocall
``/f x``...), or None.
"""
import io
import re
import tokenize

MAGIC_FUNCTION = "__magic__"
MAGIC_LINE = re.compile(r"^(\s*)%([A-Za-z_]\w*)(.*)$")
CELL_MAGIC = re.compile(r"^%%([A-Za-z_]\w*)(.*)$")
#: ``obj?``, ``?obj``, ``obj??``, ``%magic?``: a dotted name (subscripts allowed) with ``?`` or ``??``.
_TARGET = r"%{0,2}[A-Za-z_][\w.]*(?:\[[^\]]*\][\w.]*)*"
HELP_LINE = re.compile(rf"^(\s*)(?:(\?\??)\s*({_TARGET})|({_TARGET})\s*(\?\??))\s*$")
ONLY_QUESTION = re.compile(r"^(\s*)\?\s*$")
SHELL_LINE = re.compile(r"^(\s*)(!!?)(?!=)(.*)$")
#: ``name = %magic args`` / ``a, b = !cmd``: an assignment to names whose value is IPython syntax.
ASSIGNED = re.compile(r"^(\s*)([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*([%!])(.*)$")


def _call(name, args, cell=None):
    if cell is None:
        return f"{MAGIC_FUNCTION}({name!r}, {args.strip()!r})"
    return f"{MAGIC_FUNCTION}({name!r}, {args.strip()!r}, {cell!r})"


def transform_line(line):
    """One line of IPython syntax as Python (other lines unchanged)."""
    m = ONLY_QUESTION.match(line)
    if m:
        return m.group(1) + _call("help", "")
    m = HELP_LINE.match(line)
    if m:
        indent, before, target, target2, after = m.groups()
        marks = before or after
        return indent + _call("pinfo2" if marks == "??" else "pinfo", target or target2)
    m = MAGIC_LINE.match(line)
    if m:
        indent, name, args = m.groups()
        return indent + _call(name, args)
    m = SHELL_LINE.match(line)
    if m:
        indent, bangs, command = m.groups()
        return indent + _call("system" if bangs == "!" else "sx", command)
    m = ASSIGNED.match(line)
    if m:
        indent, names, kind, rest = m.groups()
        if kind == "!":
            return f"{indent}{names} = {_call('sx', rest)}"
        inner = MAGIC_LINE.match("%" + rest)
        if inner:
            return f"{indent}{names} = {_call(inner.group(2), inner.group(3))}"
    return line


def body_of_cell_magic(source):
    """The lines below a first line ``%%name args`` (a leading newline keeps their line
    numbers those of the cell), or None when the cell is not a cell magic."""
    first, _, rest = source.partition("\n")
    return "\n" + rest if CELL_MAGIC.match(first) and not HELP_LINE.match(first) else None


def transform(source):
    """``source`` (a cell) with IPython's syntax rewritten as Python calls (see the module docstring)."""
    first, _, rest = source.partition("\n")
    m = CELL_MAGIC.match(first)
    if m and not HELP_LINE.match(first):  # ``%%time?`` asks about the cell magic
        return _call(m.group(1), m.group(2), rest)
    out, state = [], _Scan()
    for line in source.split("\n"):
        if state.continues():
            out.append(line)
            state.scan(line)
            continue
        python = transform_line(line)
        out.append(python)
        if python == line:  # a rewritten line is one call: its text is a string literal, not scanned
            state.scan(line)
    return "\n".join(out)


class _Scan:
    """Where the lines seen so far leave the next one: inside a triple-quoted string, inside open
    brackets, or after a backslash.  Such a line continues a statement and is left as it is, so
    that ``!= b``, ``%b`` or ``Why?`` there stay Python."""

    def __init__(self):
        self.quote, self.depth, self.backslash = None, 0, False

    def continues(self):
        return self.quote is not None or self.depth > 0 or self.backslash

    def scan(self, line):
        i = 0
        while i < len(line):
            char = line[i]
            if self.quote is None:
                if char == "#":
                    break
                if char in "'\"":
                    self.quote = line[i:i + 3] if line[i:i + 3] in ("'''", '"""') else char
                    i += len(self.quote)
                    continue
                if char in "([{":
                    self.depth += 1
                elif char in ")]}":
                    self.depth = max(0, self.depth - 1)
            elif char == "\\":
                i += 2
                continue
            elif line.startswith(self.quote, i):
                i += len(self.quote)
                self.quote = None
                continue
            i += 1
        if self.quote is not None and len(self.quote) == 1:
            self.quote = None  # a one-line string does not go on to the next line
        self.backslash = self.quote is None and line.endswith("\\") and "#" not in line


def is_quiet(source):
    """True when the cell's last token (comments aside) is ``;``, as IPython decides it."""
    body = body_of_cell_magic(source)
    text = transform(source if body is None else body)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return False
    skip = (tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.DEDENT, tokenize.INDENT)
    for token in reversed(tokens):
        if token.type in skip:
            continue
        return token.type == tokenize.OP and token.string == ";"
    return False


def hint(source, lineno):
    """The key of a hint for the IPython-looking line ``lineno`` (1-based) of a cell that did not
    compile, with its fields, or None when that line does not look like IPython syntax."""
    lines = source.split("\n")
    if not lineno or lineno > len(lines):
        return None
    line = lines[lineno - 1].strip()
    if line.startswith("%%"):
        return "hint_cell_magic_first", {}
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "''", line).split("#")[0]  # strings and comments aside
    if "?" in line:
        return "hint_question", {}
    if re.search(r"(^|[(\[{,=:]\s*)!(?!=)", line):
        return "hint_bang", {}
    if re.search(r"(^|[(\[{,:]\s*)%[A-Za-z_]", line):
        return "hint_percent", {}
    m = re.match(r"^([/,;])([A-Za-z_][\w.]*)\s*(.*)$", line)
    if m:
        return "hint_autocall", {"call": f"{m.group(2)}({', '.join(m.group(3).split())})"}
    return None
