"""The magic commands: ``%name args`` lines of a cell.

``run(session, name, args, cell=None)`` calls the magic registered under ``name`` (a cell
magic ``%%name`` when ``cell``, the lines below it, is given).  A magic is a function
``(session, args: str)`` (a cell magic: ``(session, args, cell)``) that prints its answer; it
raises ``UsageError`` for bad arguments, which prints one line (``UsageError: <usage>``) and
leaves the session as it was.  An unknown name prints that it is unknown and the magics there
are, and for IPython's magics this REPL does not have (``%pip``, ``%cd``...) what to do instead.
Any other exception (a NameError in EXPR...) is the cell's exception, reported as usual.
Usage errors and unknown magics count in ``session.errors``.
The magics that need more room live in their own modules and register here on import.
"""
import collections
import contextlib
import io
import os

from . import cells, wrap

Magic = collections.namedtuple("Magic", "function usage help_key")
MAGICS = {}
CELL_MAGICS = {}
#: IPython magics this REPL does not have, each with a message saying what to do instead.
IPYTHON_ONLY = {"pip": "instead_pip", "conda": "instead_conda", "mamba": "instead_conda",
                "cd": "instead_cd", "pwd": "instead_cd", "ls": "instead_cd", "env": "instead_env",
                "matplotlib": "instead_matplotlib", "load_ext": "instead_ext", "reload_ext": "instead_ext",
                "autoreload": "instead_ext", "aimport": "instead_ext", "debug": "instead_debug",
                "pdb": "instead_debug", "prun": "instead_prun", "load": "instead_load", "lsmagic": "instead_lsmagic",
                "pdoc": "instead_pinfo", "pdef": "instead_pinfo", "psource": "instead_pinfo2",
                "pfile": "instead_pinfo2", "paste": "instead_paste", "cpaste": "instead_paste",
                "rerun": "instead_rerun", "recall": "instead_rerun", "save": "instead_save"}


class UsageError(Exception):
    """A magic's arguments are wrong; the message is the one line to print."""


def magic(name, usage):
    """Register the decorated function as ``%name``; ``usage`` is its one-line synopsis."""
    def register(function):
        MAGICS[name] = Magic(function, usage, f"help_{name}")
        return function
    return register


def cell_magic(name, usage):
    """Register the decorated function ``(session, args, cell)`` as the cell magic ``%%name``."""
    def register(function):
        CELL_MAGICS[name] = Magic(function, usage, f"help_cell_{name}")
        return function
    return register


#: Magics whose prose output is wrapped to the terminal's width in the interactive shell.
WRAPPED = ("explain", "graph", "help")


def run(session, name, args, cell=None):
    """Run ``%name args`` (``%%name args`` on ``cell``) in ``session``; unknown names and usage
    errors print what is wrong."""
    _load_all()
    entry = (MAGICS if cell is None else CELL_MAGICS).get(name)
    if entry is None:
        session.errors += 1
        _unknown(session, name, args, cell is not None)
        return None
    try:
        if name in WRAPPED and session.wrap_width is not None:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                result = entry.function(session, args) if cell is None else entry.function(session, args, cell)
            text = out.getvalue()
            print(wrap.wrap_text(text[:-1] if text.endswith("\n") else text, session.wrap_width()),
                  end="\n" if text else "")
            return result
        return entry.function(session, args) if cell is None else entry.function(session, args, cell)
    except UsageError as error:
        session.errors += 1
        session.say("usage", usage=str(error) or entry.usage)
        return None


def _unknown(session, name, args, is_cell):
    import sys

    listed = ", ".join("%" + n for n in sorted(MAGICS)) if not is_cell else ", ".join(
        "%%" + n for n in sorted(CELL_MAGICS))
    if is_cell:
        session.say("unknown_cell_magic", name=name, magics=listed)
        if name in MAGICS:
            session.say("cell_is_line_magic", name=name)
        return
    session.say("unknown_magic", name=name, magics=listed)
    if name in IPYTHON_ONLY:
        key = IPYTHON_ONLY[name]
        default = {"instead_pip": "install PACKAGE", "instead_conda": "install PACKAGE", "instead_pinfo": "OBJ",
                   "instead_pinfo2": "OBJ"}.get(key, "")
        session.say(key, name=name, args=args.strip() or default, python=sys.executable)
    elif name in CELL_MAGICS:
        session.say("line_is_cell_magic", name=name)


def usage_of(name):
    return MAGICS[name].usage


def _load_all():
    from . import code, explain, graph, history, inspection, shellcmd, show, timing, whos  # noqa: F401 (they register)


def expression_arg(args, name):
    """``args`` stripped, or UsageError with ``%name``'s usage when it is empty."""
    if not args.strip():
        raise UsageError(usage_of(name))
    return args.strip()


def tensor_arg(session, expr, value=None):
    """The tensor that ``expr`` evaluates to (``value`` when already evaluated), or UsageError
    naming what it is instead."""
    import tinytorch

    if value is None:
        value = session.evaluate(expr)
    if not isinstance(value, tinytorch.Tensor):
        kind = "None" if value is None else type(value).__name__
        raise UsageError(session.text("not_tensor", expr=expr, kind=kind))
    return value


class Reference:
    """How a magic's answer refers to the tensor of expression ``expr``.

    ``code``: the expression as it can be followed by ``.backward()``, ``.grad`` or an
    operator in a generated snippet — as typed when it is a name, attribute, call or
    subscript (``x``, ``x.grad``, ``torch.ones(3)``), else in parentheses
    (``(torch.ones(3)*2).backward()``, not ``torch.ones(3)*2.backward()``);
    ``first``: the first mention in prose (the expression as typed); ``prose``: later
    mentions — the expression when it is short and plain (``x``, ``model.weight``,
    ``images[0]``), else "this tensor".  ``fields()`` gives them as X, x, c and s (the
    symbol in formulas such as ``d out/d s``, which is ``code``).
    """

    def __init__(self, session, expr):
        import ast

        self.first = " ".join(expr.split()) if "\n" in expr else expr.strip()
        try:
            tree = ast.parse(self.first, mode="eval").body
        except SyntaxError:
            tree = None
        self.code = code_form(self.first)
        self.prose = self.first if _plain(tree) and len(self.first) <= 30 else session.text("this_tensor")

    def fields(self):
        return {"X": self.first, "x": self.prose, "c": self.code, "s": self.code}


def code_form(expr):
    """``expr`` ready to be followed by ``.attr``, ``(...)`` or an operator: as is when it is a
    name, attribute, call or subscript, else in parentheses."""
    import ast

    try:
        tree = ast.parse(expr, mode="eval").body
    except SyntaxError:
        return f"({expr})"
    return expr if isinstance(tree, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)) else f"({expr})"


def _plain(tree):
    """A name, or attributes and constant/name subscripts of one: ``x``, ``net.fc.weight``, ``xs[0]``."""
    import ast

    while isinstance(tree, (ast.Attribute, ast.Subscript)):
        if isinstance(tree, ast.Subscript) and not isinstance(tree.slice, (ast.Constant, ast.Name)):
            return False
        tree = tree.value
    return isinstance(tree, ast.Name)


# ---- the small magics -------------------------------------------------------------------------

@magic("help", "%help")
def help_(session, args):
    _load_all()
    session.say("help_header")
    entries = list(MAGICS.values()) + list(CELL_MAGICS.values())
    width = max(len(m.usage) for m in entries)
    for m in sorted(MAGICS.values(), key=lambda m: m.usage) + sorted(CELL_MAGICS.values(), key=lambda m: m.usage):
        print(f"  {m.usage:<{width}}  {session.text(m.help_key)}")
    session.say("help_footer")


@magic("tb", "%tb")
def tb(session, args):
    if session.last_traceback is None:
        session.say("no_traceback")
    else:
        print(session.last_traceback, end="")


@magic("who", "%who")
def who(session, args):
    import tinytorch

    rows = [(name, value) for name, value in session.user_names().items()
            if isinstance(value, tinytorch.Tensor)]
    if not rows:
        session.say("who_none")
        return
    table = [session.text("who_columns").split("|")]
    for name, t in rows:
        shape = "(" + ", ".join(str(s) for s in t.shape) + ("," if t.dim() == 1 else "") + ")"
        grad_fn = t.grad_fn.name() if t.grad_fn is not None else "-"
        table.append([name, shape, t.dtype.name, str(t.requires_grad), grad_fn])
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


@magic("reset", "%reset")
def reset(session, args):
    session.reset()
    session.say("reset_done")


@magic("run", "%run FILE")
def run_file(session, args):
    path = os.path.expanduser(expression_arg(args, "run"))
    if not os.path.isfile(path):
        raise UsageError(session.text("run_missing", path=path))
    with open(path, encoding="utf-8") as f:
        source = cells.transform_magics(f.read())
    session.namespace["__file__"] = path
    exec(compile(source, path, "exec"), session.namespace)
