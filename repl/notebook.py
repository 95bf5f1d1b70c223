"""``%load_ext tinytorch_repl``: the REPL's magics inside IPython and Jupyter.

``load(ipython)`` (called by ``tinytorch_repl.load_ipython_extension``) registers the line magics
``%explain``, ``%graph``, ``%show`` and ``%code`` -- the REPL's own implementations (``magics.run``),
run by a ``NotebookSession``, a ``runner.Session`` whose namespace is the notebook's user namespace --
and ``%torch_alias``.  While the extension is loaded:

* every cell runs with the session's recorder active (IPython's ``pre_run_cell`` /
  ``post_run_cell`` events), so ``%explain x.grad`` finds the backward pass that made it, named
  after the cell's ``In [n]``; after each cell the top-level assignments are remembered, as in
  the terminal (``y = x+2`` explains as ``y = x+2``);
* reprs name ``torch`` as PyTorch's do (``torch.Size([2])``, ``dtype=torch.float64``), as in the
  terminal REPL under its torch alias; ``%unload_ext`` brings the previous name back.
* ``%graph`` returns the graph as SVG (Graphviz's ``dot`` when installed, else the built-in
  layout of ``pictures``) and ``%show`` a PNG, shown inline; their plain-text form is the
  terminal's text.

``import torch`` is left alone: in a notebook it is the user's PyTorch (when installed) until
they ask otherwise.  ``import tinytorch as torch`` needs nothing; ``%torch_alias on`` makes
``import torch``, ``import torch.nn``... and ``import torchvision`` give tinytorch for the rest of
the kernel (as the terminal REPL does), ``%torch_alias off`` undoes it, ``%torch_alias`` says
which is in effect.  Nothing here imports IPython: the shell object IPython passes is used
through its methods.
"""
import ast
import contextlib
import os
import sys

from . import alias, i18n, magics
from .runner import Session

#: The REPL magics the notebook gets (IPython has its own %who, %time, %reset, %run, %tb...).
LINE_MAGICS = ("explain", "graph", "show", "code")
ALIAS_MAGIC = "torch_alias"
#: IPython reads these attributes of a magic function: no ``$var``/``{var}`` expansion of its
#: argument (it is Python), and a trailing ``;`` hides its value.
NO_VAR_EXPAND = "_ipython_magic_no_var_expand"
CAN_BE_SILENCED = "_ipython_magic_output_can_be_silenced"

i18n.register(
    {"nb_alias_on": ("import torch now gives tinytorch (torch.nn, torch.utils.data... too) and import "
                     "torchvision tinytorch.vision, for the rest of this kernel; %torch_alias off undoes it."),
     "nb_alias_off": "import torch imports what plain Python finds (PyTorch, if installed).",
     "nb_alias_real_torch": ("Note: PyTorch was already imported in this kernel; names bound to it before "
                             "(torch, nn...) still refer to PyTorch until their import runs again."),
     "nb_alias_usage": "%torch_alias [on|off]"},
    {"nb_alias_on": ("이제 이 커널에서 import torch는 tinytorch를 (torch.nn, torch.utils.data...도), import "
                     "torchvision은 tinytorch.vision을 가져옵니다. %torch_alias off로 되돌립니다."),
     "nb_alias_off": "import torch는 보통의 파이썬이 찾는 모듈을 가져옵니다 (설치되어 있으면 PyTorch).",
     "nb_alias_real_torch": ("참고: 이 커널에서 PyTorch를 이미 가져왔습니다. 그때 묶인 이름 (torch, nn...)은 "
                             "import를 다시 실행할 때까지 PyTorch를 가리킵니다."),
     "nb_alias_usage": "%torch_alias [on|off]"},
)


class NotebookSession(Session):
    """A ``Session`` over an IPython shell's user namespace: IPython runs the cells, counts them
    and owns ``In``/``Out``; this session answers the magics and records the backward passes."""

    inline_images = True

    def __init__(self, ipython, lang):
        super().__init__(lang=lang, torch_alias=False, import_torch=False)
        self.ipython = ipython
        self.namespace = ipython.user_ns
        self._recording = None

    def reset(self, import_torch=True):
        """IPython's ``%reset`` owns the namespace; the session forgets only its records."""
        self.recorder.clear()
        self.sources.clear()

    def user_names(self):
        """The notebook's own variables: not starting with ``_``, minus what IPython put there."""
        hidden = getattr(self.ipython, "user_ns_hidden", {})
        return {k: v for k, v in self.namespace.items()
                if not k.startswith("_") and not (k in hidden and hidden[k] is v)}

    # ---- IPython's events --------------------------------------------------------------------
    def pre_run_cell(self, info=None):
        self.stop_recording()
        # IPython has already counted a cell that goes into the history: its In [n] is one less
        number = self.ipython.execution_count - (1 if getattr(info, "store_history", False) else 0)
        stack = contextlib.ExitStack()
        stack.enter_context(self.recorder.active(number))
        self._recording = stack

    def post_run_cell(self, result=None):
        self.stop_recording()
        raw = getattr(getattr(result, "info", None), "raw_cell", None)
        if raw:
            try:
                code = self.ipython.transform_cell(raw)
                self._remember_sources(ast.parse(code), code)
            except (SyntaxError, ValueError):
                pass

    def stop_recording(self):
        if self._recording is not None:
            self._recording.close()
            self._recording = None

    # ---- the magics --------------------------------------------------------------------------
    def line_magic(self, name):
        """The function IPython calls for ``%name line``: the REPL's magic, run in this session."""
        def run(line):
            quiet = line.rstrip().endswith(";")  # IPython hides the value of ``%graph y;``; the ; is not Python
            return magics.run(self, name, line.rstrip()[:-1] if quiet else line)
        run.__name__ = name
        run.__doc__ = f"{magics.usage_of(name)}\n\n{self.text(f'help_{name}')} (tinytorch_repl)"
        setattr(run, NO_VAR_EXPAND, True)
        setattr(run, CAN_BE_SILENCED, True)
        return run

    def alias_magic(self, line):
        """%torch_alias [on|off]: whether ``import torch`` gives tinytorch (off when loaded)."""
        choice = line.strip().lower()
        if choice not in ("", "on", "off"):
            self.errors += 1
            self.say("usage", usage=self.text("nb_alias_usage"))
            return
        if choice == "on":
            real = sys.modules.get("torch")
            alias.install()
            self.say("nb_alias_on")
            if real is not None and not getattr(real, "__name__", "").startswith("tinytorch"):
                self.say("nb_alias_real_torch")
        elif choice == "off":
            alias.uninstall()
            self.say("nb_alias_off")
        else:
            self.say("nb_alias_on" if alias.installed() else "nb_alias_off")


_loaded = {}


def load(ipython):
    """Register the magics and events on ``ipython`` (an ``InteractiveShell``); idempotent."""
    if id(ipython) in _loaded:
        return
    from tinytorch import _printing

    magics._load_all()
    session = NotebookSession(ipython, i18n.language(None, os.environ))
    for name in LINE_MAGICS:
        ipython.register_magic_function(session.line_magic(name), magic_kind="line", magic_name=name)
    ipython.register_magic_function(session.alias_magic, magic_kind="line", magic_name=ALIAS_MAGIC)
    ipython.events.register("pre_run_cell", session.pre_run_cell)
    ipython.events.register("post_run_cell", session.post_run_cell)
    session.previous_module_name = _printing.set_module_name("torch")
    session.alias_was_installed = alias.installed()
    _loaded[id(ipython)] = session


def unload(ipython):
    """Undo ``load``: the magics and events go, reprs print the module name they printed before,
    and ``import torch`` is what it was before loading."""
    session = _loaded.pop(id(ipython), None)
    if session is None:
        return
    from tinytorch import _printing

    session.stop_recording()
    for event, callback in (("pre_run_cell", session.pre_run_cell), ("post_run_cell", session.post_run_cell)):
        with contextlib.suppress(ValueError):
            ipython.events.unregister(event, callback)
    table = ipython.magics_manager.magics["line"]
    for name in LINE_MAGICS + (ALIAS_MAGIC,):
        table.pop(name, None)
        with contextlib.suppress(AttributeError):
            delattr(ipython.magics_manager.user_magics, name)
    _printing.set_module_name(session.previous_module_name)
    if alias.installed() and not session.alias_was_installed:
        alias.uninstall()


def session_of(ipython):
    """The ``NotebookSession`` of a shell with the extension loaded, else None."""
    return _loaded.get(id(ipython))
