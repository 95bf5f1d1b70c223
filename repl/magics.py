"""The magic commands: ``%name args`` lines of a cell.

``run(session, name, args)`` calls the magic registered under ``name``.  A magic is a
function ``(session, args: str)`` that prints its answer; it raises ``UsageError`` for bad
arguments, which prints one line (``UsageError: <usage>``) and leaves the session as it was.
Any other exception (a NameError in EXPR...) is the cell's exception, reported as usual.
The magics that need more room (%graph, %explain, %show) live in their own modules and
register here on import.
"""
import collections
import os
import time

from . import cells

Magic = collections.namedtuple("Magic", "function usage help_key")
MAGICS = {}


class UsageError(Exception):
    """A magic's arguments are wrong; the message is the one line to print."""


def magic(name, usage):
    """Register the decorated function as ``%name``; ``usage`` is its one-line synopsis."""
    def register(function):
        MAGICS[name] = Magic(function, usage, f"help_{name}")
        return function
    return register


def run(session, name, args):
    """Run ``%name args`` in ``session``; unknown names and usage errors print one line."""
    _load_all()
    entry = MAGICS.get(name)
    if entry is None:
        session.say("unknown_magic", name=name)
        return None
    try:
        return entry.function(session, args)
    except UsageError as error:
        session.say("usage", usage=str(error) or entry.usage)
        return None


def usage_of(name):
    return MAGICS[name].usage


def _load_all():
    from . import explain, graph, show  # noqa: F401  (they register their magics)


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
    width = max(len(m.usage) for m in MAGICS.values())
    for m in sorted(MAGICS.values(), key=lambda m: m.usage):
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
        table.append([name, shape, str(t.dtype).replace("tinytorch.", ""), str(t.requires_grad), grad_fn])
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


def format_seconds(seconds):
    """A duration the way a person reads it: µs, ms or s with three significant digits."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


@magic("time", "%time STMT")
def time_(session, args):
    import ast

    source = expression_arg(args, "time")
    try:
        tree = ast.parse(source, "<%time>", "exec")
    except SyntaxError as error:
        raise UsageError(f"SyntaxError: {error.msg} — {usage_of('time')}") from None
    is_expr = len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
    code = compile(source, "<%time>", "eval" if is_expr else "exec")
    start = time.perf_counter()
    value = eval(code, session.namespace)
    elapsed = time.perf_counter() - start
    session.say("time_line", seconds=format_seconds(elapsed))
    return value if is_expr else None


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
