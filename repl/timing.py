"""Timing magics: ``%time STMT``, the cell magic ``%%time``, ``%timeit STMT`` and ``%%timeit``.

``%time`` runs once and prints, as IPython does on Linux, ``CPU times: user ..., sys: ...,
total: ...`` (the process's user and system CPU time, from ``getrusage``) and ``Wall time: ...``,
in IPython's duration format; an expression's value (for ``%%time``, the
value of the cell's final expression) is given back, so the cell prints it as usual.
``%timeit [-n N] [-r R] [-p P] [-q] [-o] STMT`` follows IPython: without ``-n`` the number of
loops per run is the first power of ten whose run takes at least 0.2 s; ``R`` runs (7 by
default) are timed with the garbage collector off, and it prints

    X μs ± Y ns per loop (mean ± std. dev. of R runs, N loops each)

(mean and population standard deviation of the per-loop times, ``P`` significant digits, 3 by
default), after a warning when the slowest run took over 4 times the fastest.  ``-q`` prints
nothing, ``-o`` gives back a ``TimeitResult``.  ``%%timeit [options] [SETUP]`` times the cell's
lines, with SETUP run before each run (not timed).  Names the statement assigns stay local to
the timing, as in IPython.
"""
import ast
import gc
import math
import re
import resource
import textwrap
import time

from . import syntax
from .magics import CELL_MAGICS, UsageError, cell_magic, expression_arg, magic, usage_of

#: The clock of %timeit (a test can replace it).
clock = time.perf_counter
#: %time's clocks: wall time, and (user, system) CPU seconds of the process (tests replace them).
wall_clock = time.perf_counter


def cpu_clock():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def _say_times(session, cpu_start, wall_start):
    user, system = (end - start for end, start in zip(cpu_clock(), cpu_start))
    session.say("cpu_line", user=format_timespan(user), sys=format_timespan(system),
                total=format_timespan(user + system))
    session.say("time_line", seconds=format_timespan(wall_clock() - wall_start))
#: A run of %timeit's automatic loop count must take at least this long (seconds).
AUTORANGE_SECONDS = 0.2
DEFAULT_RUNS = 7


def format_timespan(seconds, precision=3):
    """IPython's duration format: ``precision`` significant digits of s, ms, µs or ns; from a
    minute on, whole days, hours, minutes and seconds (``1min 5s``)."""
    if seconds >= 60.0:
        parts = []
        left = seconds
        for suffix, length in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
            value = int(left // length)
            if value > 0:
                left = left % length
                parts.append(f"{value}{suffix}")
            if left < 1:
                break
        return " ".join(parts)
    order = min(-(math.floor(math.log10(seconds)) // 3), 3) if seconds > 0 else 3
    return f"{seconds * 1000 ** order:.{precision}g} {('s', 'ms', 'μs', 'ns')[order]}"  # IPython's μ (U+03BC)


class TimeitResult:
    """What ``%timeit -o`` gives back: ``loops``, ``repeat``, ``all_runs`` (seconds per run),
    ``timings`` (seconds per loop), ``average``, ``stdev``, ``best``, ``worst``."""

    def __init__(self, loops, repeat, all_runs, precision=3):
        self.loops, self.repeat, self.all_runs, self._precision = loops, repeat, list(all_runs), precision
        self.timings = [t / loops for t in self.all_runs]
        self.best, self.worst = min(self.timings), max(self.timings)
        self.average = math.fsum(self.timings) / len(self.timings)
        self.stdev = math.sqrt(math.fsum((t - self.average) ** 2 for t in self.timings) / len(self.timings))

    def __str__(self):
        runs = f"{self.repeat} run{'' if self.repeat == 1 else 's'}"
        loops = f"{self.loops:,} loop{'' if self.loops == 1 else 's'}"
        return (f"{format_timespan(self.average, self._precision)} ± {format_timespan(self.stdev, self._precision)} "
                f"per loop (mean ± std. dev. of {runs}, {loops} each)")

    def __repr__(self):
        return f"<TimeitResult : {self}>"


# ---- %time -------------------------------------------------------------------------------------

def _parse(source, filename):
    try:
        return ast.parse(syntax.transform(source), filename, "exec")
    except SyntaxError as error:
        raise UsageError(f"SyntaxError: {error.msg} — {usage_of('time')}") from None


@magic("time", "%time STMT")
def time_(session, args):
    source = expression_arg(args, "time")
    tree = _parse(source, "<%time>")
    is_expr = len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
    code = compile(ast.Expression(tree.body[0].value) if is_expr else tree, "<%time>", "eval" if is_expr else "exec")
    cpu_start, wall_start = cpu_clock(), wall_clock()
    value = eval(code, session.namespace)
    _say_times(session, cpu_start, wall_start)
    return value if is_expr else None


@cell_magic("time", "%%time")
def time_cell(session, args, cell):
    """Run the cell's lines once and print the wall time; gives back the final expression's value."""
    if args.strip():
        raise UsageError(session.text("cell_time_args"))
    filename = session.filename or "<%%time>"
    tree = ast.parse(syntax.transform("\n" + cell), filename, "exec")  # line n of the cell stays line n
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = compile(ast.Expression(tree.body.pop().value), filename, "eval")
    body = compile(tree, filename, "exec")
    cpu_start, wall_start = cpu_clock(), wall_clock()
    try:
        exec(body, session.namespace)
        value = eval(last, session.namespace) if last is not None else None
    finally:
        _say_times(session, cpu_start, wall_start)
    return value


# ---- %timeit -----------------------------------------------------------------------------------

OPTION = re.compile(r"^\s*-(?:([nrp])\s*(\d+)|([qo]))(?=\s|$)")


def _options(args, name):
    """({"n": int, "r": int, "p": int, "q": True, "o": True}, the rest of ``args``)."""
    options = {}
    while True:
        m = OPTION.match(args)
        if m is None:
            break
        if m.group(1):
            options[m.group(1)] = int(m.group(2))
        else:
            options[m.group(3)] = True
        args = args[m.end():]
    if options.get("n") == 0 or options.get("r") == 0:
        raise UsageError(usage_of(name))
    return options, args.strip()


def _timer(session, stmt, setup, name):
    """A function ``run(loops)`` giving the seconds ``loops`` executions of ``stmt`` take, in the
    session's namespace (``setup`` runs first, untimed)."""
    source = ("def __timeit_inner(__loops, __clock):\n"
              f"{textwrap.indent(syntax.transform(setup) or 'pass', '    ')}\n"
              "    __start = __clock()\n"
              "    for _ in __loops:\n"
              f"{textwrap.indent(syntax.transform(stmt), '        ')}\n"
              "    return __clock() - __start\n")
    try:
        code = compile(source, f"<%{name}>", "exec")
    except SyntaxError as error:
        raise UsageError(f"SyntaxError: {error.msg} — {usage_of(name)}") from None
    scope = {}
    exec(code, session.namespace, scope)
    inner = scope["__timeit_inner"]

    def run(loops):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return inner(range(loops), clock)
        finally:
            if enabled:
                gc.enable()
    return run


def _timeit(session, options, stmt, setup, name):
    run = _timer(session, stmt, setup, name)
    loops = options.get("n")
    if loops is None:
        for power in range(10):
            loops = 10 ** power
            if run(loops) >= AUTORANGE_SECONDS:
                break
    repeat = options.get("r", DEFAULT_RUNS)
    result = TimeitResult(loops, repeat, [run(loops) for _ in range(repeat)], options.get("p", 3))
    if not options.get("q"):
        if result.worst > 4 * result.best and result.best > 0 and result.worst > 1e-6:
            session.say("timeit_slowest", ratio=f"{result.worst / result.best:0.2f}")
        print(result)
    return result if options.get("o") else None


@magic("timeit", "%timeit [-n N] [-r R] [-q] [-o] STMT")
def timeit_(session, args):
    options, stmt = _options(args, "timeit")
    if not stmt:
        raise UsageError(usage_of("timeit"))
    return _timeit(session, options, stmt, "", "timeit")


@cell_magic("timeit", "%%timeit [-n N] [-r R] [SETUP]")
def timeit_cell(session, args, cell):
    options, setup = _options(args, "timeit")
    if not cell.strip():
        raise UsageError(CELL_MAGICS["timeit"].usage)
    return _timeit(session, options, textwrap.dedent(cell.strip("\n")), setup, "timeit")

