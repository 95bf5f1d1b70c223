"""The cell runner: executes cells in one namespace and prints what a notebook shows.

Contract of ``Session.run_cell(source)``:
* an empty cell does nothing and does not use a number; any other cell gets the next number
  ``n`` (``session.count`` before the call) and is compiled as ``<In [n]>``;
* statements run in order; if the last one is an expression whose value is not None, its
  ``repr`` is printed, as in the document, unless the cell ends with ``;``;
* as in IPython: the cell's text is ``In[n]`` (``In[0]`` is ``''``) and ``_in`` (``_i``,
  ``_ii``, ``_iii``: the three before it); a printed value is ``Out[n]`` and ``_n``, and
  ``_``, ``__``, ``___`` are the last three (they stop following once the user assigns one);
* ``%name args`` lines call the magics (see ``magics``), and IPython's other syntax
  (``obj?``, ``!cmd``, ``%%time`` cells...) is rewritten by ``syntax``;
* an exception (including a SyntaxError or a KeyboardInterrupt) prints one line,
  ``TypeName: message`` (a SyntaxError on a line of IPython syntax this REPL does not know
  adds a ``Hint:`` line), keeps its traceback for ``%tb``, counts in ``session.errors``, and
  leaves the session as it was after the statements that ran;
* ``exit()``, ``quit()``, a bare ``exit`` / ``quit`` (as in IPython) or ``SystemExit`` set
  ``session.exit_requested`` (and ``session.exit_status``, as ``python`` would exit) instead
  of exiting.
Everything is printed on ``sys.stdout`` (looked up at each call), which the front ends own.
"""
import ast
import builtins
import contextlib
import linecache
import sys
import traceback
import weakref

from . import cells, i18n, magics, recorder, syntax, wrap
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

    #: True where the front end shows pictures (a notebook: ``notebook.NotebookSession``): then
    #: ``%graph`` and ``%show`` return an SVG / PNG picture object instead of printing text.
    inline_images = False

    def __init__(self, lang="en", torch_alias=True, import_torch=True):
        """``import_torch=False`` defers importing tinytorch to ``bind_torch()`` or the first cell
        (the interactive shell shows its prompt first and imports in the background)."""
        self.lang = lang
        self.torch_alias = torch_alias
        self.count = 1
        self.last_traceback = None
        self.filename = None
        self.exit_requested = False
        self.exit_status = 0
        self.errors = 0
        #: None, or a function giving the terminal's width: errors and explanations are then
        #: wrapped to it at word boundaries (the interactive shell sets it; transcripts do not)
        self.wrap_width = None
        self.recorder = Recorder()
        self.sources = {}
        self.namespace = {}
        self.inputs = [""]    # In: the text of cell n at index n
        self.outputs = {}     # Out: {n: the value cell n printed}
        self._unders = ("", "", "")  # what _, __ and ___ were last set to
        self.reset(import_torch)

    # ---- state ---------------------------------------------------------------------------
    def reset(self, import_torch=True):
        """Forget every variable, printed value (``Out``) and recorded backward pass; ``torch``
        stays bound (when the alias is on) and ``In`` keeps the cells."""
        self.namespace.clear()
        self.outputs.clear()
        self._unders = ("", "", "")
        self.namespace.update({
            "__name__": "__main__", "__builtins__": builtins,
            cells.MAGIC_FUNCTION: self.magic, "exit": _Exit("exit"), "quit": _Exit("quit"),
            "In": self.inputs, "_ih": self.inputs, "Out": self.outputs, "_oh": self.outputs,
            "_": "", "__": "", "___": "",
        })
        self.recorder.clear()
        self.sources.clear()
        if import_torch:
            self.bind_torch()

    def bind_torch(self):
        """Import tinytorch (if not yet) and, when the alias is on, bind it to ``torch`` unless
        the user rebound that name (``--no-torch-alias``: ``torch`` is not bound at all)."""
        import tinytorch

        if self.torch_alias:
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
        import tinytorch

        own = {"torch": tinytorch, "exit": None, "quit": None, "In": self.inputs, "Out": self.outputs}
        return {k: v for k, v in self.namespace.items()
                if not k.startswith("_") and not (k in own and (own[k] is v or isinstance(v, _Exit)))}

    def named_tensors(self):
        """[(how the learner reaches it, tensor)] for the session's tensors: variables first, then
        the parameters of its modules as Python code (``model[0].weight``, ``lin.bias``)."""
        import tinytorch
        from tinytorch import nn

        found, modules = [], []
        for name, value in self.user_names().items():
            if isinstance(value, tinytorch.Tensor):
                found.append((name, value))
            elif isinstance(value, nn.Module):
                modules.append((name, value))
        for name, module in modules:
            for path, param in module.named_parameters():
                found.append((name + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split(".")), param))
        return found

    def tensor_names(self):
        """{id(tensor): its name (``named_tensors``)} (first name wins)."""
        names = {}
        for name, value in self.named_tensors():
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
        self._remember_input(number, source)
        word = source.strip()
        if word in ("exit", "quit") and isinstance(self.namespace.get(word), _Exit):
            self.exit_requested = True   # a bare exit / quit ends the session, as in IPython
            return True
        filename = f"<In [{number}]>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        code_text = cells.transform_magics(source)
        self.filename = filename
        with self._module_names():
            self._run(source, code_text, number, filename)
        sys.stdout.flush()
        return True

    @contextlib.contextmanager
    def _module_names(self):
        """Under the torch alias, reprs name ``torch`` (``torch.Size``, ``dtype=torch.float64``),
        as PyTorch prints them, while a cell runs; the previous name comes back afterwards."""
        from tinytorch import _printing

        previous = _printing.set_module_name("torch" if self.torch_alias else "tinytorch")
        try:
            yield
        finally:
            _printing.set_module_name(previous)

    def _run(self, source, code_text, number, filename):
        try:
            try:
                tree, body, last = self._compile(code_text, filename)
                with self.recorder.active(number):
                    try:
                        exec(body, self.namespace)
                        if last is not None:
                            value = eval(last, self.namespace)
                            if not syntax.is_quiet(source):
                                self._display(number, value)
                    finally:
                        self._remember_sources(tree, code_text)
            except SystemExit as error:
                self._exit(error.code)
            except BaseException as error:  # noqa: B036 - KeyboardInterrupt must not end the session
                if not isinstance(error, (Exception, KeyboardInterrupt)):
                    raise
                self._report(error, source)
        except KeyboardInterrupt as error:  # Ctrl-C while the error itself was being printed
            self._report(error)

    @staticmethod
    def _compile(source, filename):
        """(syntax tree, code of all statements but a final expression, code of that expression or None)."""
        tree = ast.parse(source, filename, "exec")
        body = ast.Module(list(tree.body), [])
        last = None
        if body.body and isinstance(body.body[-1], ast.Expr):
            last = compile(ast.Expression(body.body.pop().value), filename, "eval")
        return tree, compile(body, filename, "exec"), last

    def _remember_input(self, number, source):
        """``In[number]``, ``_i<number>`` and ``_i``/``_ii``/``_iii`` (the cells before), as IPython."""
        del self.inputs[number:]
        self.inputs.extend([""] * (number - len(self.inputs)))
        self.inputs.append(source)
        before = [self.inputs[n] if n >= 1 else "" for n in (number - 1, number - 2, number - 3)]
        self.namespace.update({"_i": before[0], "_ii": before[1], "_iii": before[2], f"_i{number}": source})

    def _display(self, number, value):
        """Print ``value`` and keep it as ``Out[number]``, ``_number`` and ``_`` (see the module docstring)."""
        if value is None:
            return
        print(repr(value))
        if value is self.outputs:
            return
        self.outputs[number] = value
        self.namespace[f"_{number}"] = value
        names = ("_", "__", "___")
        if all(self.namespace.get(name) is old for name, old in zip(names, self._unders)):
            self._unders = (value, *self._unders[:2])
            self.namespace.update(zip(names, self._unders))

    def _exit(self, code):
        """``SystemExit(code)``: end the session with the status ``python`` would exit with."""
        self.exit_requested = True
        if code is None or isinstance(code, int):
            self.exit_status = code or 0
        else:
            print(code, file=sys.stderr)
            self.exit_status = 1

    def _report(self, error, source=None):
        """Print ``TypeName: message`` (and a hint for IPython syntax this REPL does not have) and
        keep the traceback (without the runner's frames)."""
        self.errors += 1
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
            line = f"{name}: {message}" if message else name
            print(wrap.wrap_text(line, self.wrap_width()) if self.wrap_width is not None else line)
        if (isinstance(error, SyntaxError) and not isinstance(error, IndentationError) and source is not None
                and error.filename == self.filename):
            found = syntax.hint(source, error.lineno)
            if found is not None:
                self.say(found[0], **found[1])

    # ---- magics ------------------------------------------------------------------------------
    def magic(self, name, args, cell=None):
        """Run magic ``%name args`` (or the cell magic ``%%name args`` on the lines ``cell``; called
        by the transformed cell); usage errors print one line."""
        return magics.run(self, name, args, cell)
