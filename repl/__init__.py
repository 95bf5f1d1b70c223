"""tinytorch-repl: a prompt_toolkit shell for tinytorch that prints like the document and
answers the learner's questions (%graph, %explain, %show...).

Modules, one concern each: ``__main__`` (command line), ``shell`` (the interactive
prompt_toolkit session), ``transcript`` (files and pipes), ``runner`` (executes cells),
``cells`` (splitting and magic lines), ``syntax`` (IPython's ``obj?``, ``!cmd``, ``%%cell``
syntax as Python), ``magics`` (the small magics and the registry), ``graph``/``explain``/``show``
(the big magics), ``inspection`` (``obj?``), ``shellcmd`` (``!cmd``), ``timing`` (``%time``,
``%timeit``), ``history`` and ``whos`` (IPython's magics of those names), ``graphmodel`` and ``derivatives``
(reading the backward graph), ``recorder`` (keeps backward passes for %explain),
``completion`` (Tab completion), ``alias`` (``import torch``), ``i18n`` (English, Korean),
``notebook`` (the IPython extension) and ``pictures`` (its SVG and PNG drawings).

In IPython or Jupyter, ``%load_ext tinytorch_repl`` calls ``load_ipython_extension`` (see ``notebook``).
"""


def load_ipython_extension(ipython):
    """``%load_ext tinytorch_repl``: %explain, %graph, %show, %code and %torch_alias in ``ipython``."""
    from . import notebook

    notebook.load(ipython)


def unload_ipython_extension(ipython):
    """``%unload_ext tinytorch_repl``: the magics go and reprs print as before loading."""
    from . import notebook

    notebook.unload(ipython)
