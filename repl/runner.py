"""The cell runner: executes cells in one namespace and prints what a notebook shows.

Contract of ``Session.run_cell(source)``:
* an empty cell does nothing and does not use a number; any other cell gets the next number
  ``n`` (``session.count`` before the call) and is compiled as ``<In [n]>``;
* statements run in order; if the last one is an expression whose value is not None, its
  ``repr`` is printed (and kept as ``_``), as in the document;
* ``%name args`` lines call the magics (see ``magics``);
* an exception (including a SyntaxError or a KeyboardInterrupt) prints one line,
  ``TypeName: message``, keeps its traceback for ``%tb``, and leaves the session as it was
  after the statements that ran;
* ``exit()``, ``quit()``, a bare ``exit`` / ``quit`` (as in IPython) or ``SystemExit`` set
  ``session.exit_requested`` instead of exiting.
Everything is printed on ``sys.stdout`` (looked up at each call), which the front ends own.
"""
import ast
import builtins
import linecache
import sys
import traceback
import weakref

from . import cells, i18n, magics, recorder
from .recorder import Recorder


class _Exit:
    """``exit``/``quit`` in the session: calling it ends the session."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Use {self.name}() or Ctrl-D (i.e. EOF) to exit"

    def __call__(self, code=None):
        raise SystemExit(code)


class Session:
    """One REPL session: its namespace, cell counter, last traceback and recorded backward passes."""

    def __init__(self, lang="en", torch_alias=True, import_torch=True):
        """``import_torch=False`` defers importing tinytorch to ``bind_torch()`` or the first cell
        (the interactive shell shows its prompt first and imports in the background)."""
        self.lang = lang
        self.torch_alias = torch_alias
        self.count = 1
        self.last_traceback = None
        self.exit_requested = False
        self.recorder = Recorder()
        self.sources = {}
        self.namespace = {}
        self.reset(import_torch)

    # ---- state ---------------------------------------------------------------------------
    def reset(self, import_torch=True):
        """Forget every variable and recorded backward pass; ``torch`` stays bound."""
        self.namespace.clear()
        self.namespace.update({
            "__name__": "__main__", "__builtins__": builtins,
            cells.MAGIC_FUNCTION: self.magic, "exit": _Exit("exit"), "quit": _Exit("quit"),
        })
        self.recorder.clear()
        self.sources.clear()
        if import_torch:
            self.bind_torch()

    def bind_torch(self):
        """Import tinytorch (if not yet) and bind it to ``torch`` unless the user rebound that name."""
        import tinytorch

        self.namespace.setdefault("torch", tinytorch)

    def source_of(self, name, value):
        """The expression text of the top-level assignment that gave ``name`` its current ``value``."""
        text, ref = self.sources.get(name, (None, None))
        return text if ref is not None and ref() is value else None

    def _remember_sources(self, tree, source):
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                value = self.namespace.get(name)
                try:
                    ref = weakref.ref(value)
                except TypeError:
                    continue
                text = ast.get_source_segment(source, stmt.value)
                if text and "\n" not in text:
                    self.sources[name] = (text, ref)

    def user_names(self):
        """The session's own variables: names not starting with ``_``, minus the built-in helpers."""
        hidden = {"torch", "exit", "quit"}
        return {k: v for k, v in self.namespace.items() if not k.startswith("_") and k not in hidden}

    def tensor_names(self):
        """{id(tensor): variable name} for the session's tensors (first name wins)."""
        import tinytorch

        names = {}
        for name, value in self.user_names().items():
            if isinstance(value, tinytorch.Tensor):
                names.setdefault(id(value), name)
        return names

    def evaluate(self, expr):
        """The value of Python expression ``expr`` in the session's namespace."""
        return eval(compile(expr.strip(), "<magic>", "eval"), self.namespace)

    def text(self, key, **fields):
        return i18n.text(self.lang, key, **fields)

    def say(self, key, **fields):
        print(self.text(key, **fields))

    # ---- running cells ---------------------------------------------------------------------
    def run_cell(self, source):
        """Run one cell (see the module docstring); returns False for an empty cell."""
        if not source.strip():
            return False
        self.bind_torch()
        number, self.count = self.count, self.count + 1
        word = source.strip()
        if word in ("exit", "quit") and isinstance(self.namespace.get(word), _Exit):
            self.exit_requested = True   # a bare exit / quit ends the session, as in IPython
            return True
        filename = f"<In [{number}]>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        code_text = cells.transform_magics(source)
        try:
            try:
                tree, body, last = self._compile(code_text, filename)
                with self.recorder.active(number):
                    try:
                        exec(body, self.namespace)
                        if last is not None:
                            self._display(eval(last, self.namespace))
                    finally:
                        self._remember_sources(tree, code_text)
            except SystemExit:
                self.exit_requested = True
            except BaseException as error:  # noqa: B036 - KeyboardInterrupt must not end the session
                if not isinstance(error, (Exception, KeyboardInterrupt)):
                    raise
                self._report(error)
        except KeyboardInterrupt as error:  # Ctrl-C while the error itself was being printed
            self._report(error)
        sys.stdout.flush()
        return True

    @staticmethod
    def _compile(source, filename):
        """(syntax tree, code of all statements but a final expression, code of that expression or None)."""
        tree = ast.parse(source, filename, "exec")
        body = ast.Module(list(tree.body), [])
        last = None
        if body.body and isinstance(body.body[-1], ast.Expr):
            last = compile(ast.Expression(body.body.pop().value), filename, "eval")
        return tree, compile(body, filename, "exec"), last

    def _display(self, value):
        if value is None:
            return
        self.namespace["_"] = value
        print(repr(value))

    def _report(self, error):
        """Print ``TypeName: message`` and keep the traceback (without the runner's frames)."""
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next
        summary = traceback.TracebackException(type(error), error, tb)
        # the recorder's backward wrapper is the REPL's, not the learner's: leave it out
        summary.stack = traceback.StackSummary.from_list(
            [frame for frame in summary.stack if frame.filename != recorder.__file__])
        self.last_traceback = "".join(summary.format())
        message = str(error)
        name = type(error).__name__
        if isinstance(error, KeyboardInterrupt):
            print(self.text("interrupted"))
        else:
            print(f"{name}: {message}" if message else name)

    # ---- magics ------------------------------------------------------------------------------
    def magic(self, name, args):
        """Run magic ``%name args`` (called by the transformed cell); usage errors print one line."""
        return magics.run(self, name, args)
