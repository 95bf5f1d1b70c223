"""How a user reaches each op, said where the op is defined.

``@public`` above an op's ``def`` (or ``register`` for generated ops such as the op table's
rows) records it as a ``tinytorch.`` function, a ``Tensor`` method and an in-place
``Tensor.<name>_``, under its own name and any aliases.  ``ops/__init__`` binds the methods
and in-place forms to ``Tensor``; ``tinytorch/__init__`` exports the functions.  No other
module keeps a list of op names.

In-place kinds: ``"checked"`` (PyTorch's in-place checks: leaf, version, dtype, shape),
``"unaliased"`` (also refuses a written tensor that repeats elements or overlaps an argument,
as PyTorch's index ops do) and ``"unaliased_expanded_ok"`` (the overlap check only).

``out=``: the function form also takes PyTorch's keyword-only ``out=`` tensor, written by the
named dtype rule of ``ops/out.py`` (``True`` is ``"cast"``); ``ops/__init__`` wraps it.
``inplace_function=True``: ``tinytorch.<name>_(t, ...)`` is also a function (``torch.sin_``),
the in-place method called on its first argument.
"""
FUNCTIONS = {}   # tinytorch.<name> -> callable
METHODS = {}     # Tensor.<name> -> callable
INPLACE = {}     # Tensor.<name>_ is made from METHODS[<name>]: name -> kind
OUT = {}         # tinytorch.<name>(..., out=t): name -> dtype rule of ops/out.py
INPLACE_FUNCTIONS = set()   # names with a function tinytorch.<name>_ (PyTorch's torch.sin_, torch.clamp_...)

_KINDS = ("checked", "unaliased", "unaliased_expanded_ok")


def register(fn, name=None, *, aliases=(), function=True, method=True, inplace=None, out=None,
             inplace_function=False):
    """Record ``fn`` under ``name`` (default: its ``__name__``) and ``aliases``; returns ``fn``."""
    if inplace is True:
        inplace = "checked"
    if inplace not in (None, False) + _KINDS:
        raise ValueError(f"unknown in-place kind {inplace!r}")
    if out is True:
        out = "cast"
    if out not in (None, False, "cast", "convert", "exact", "dtype", "tuple"):
        raise ValueError(f"unknown out= rule {out!r}")
    for n in (name or fn.__name__,) + tuple(aliases):
        if function:
            FUNCTIONS[n] = fn
        if method:
            METHODS[n] = fn
        if inplace:
            INPLACE[n] = inplace
        if out and function:
            OUT[n] = out
        if inplace_function:
            INPLACE_FUNCTIONS.add(n)
    return fn


def public(fn=None, **options):
    """Decorator form of ``register``: ``@public`` or ``@public(method=False, aliases=("concat",))``."""
    if fn is None:
        return lambda f: register(f, **options)
    return register(fn)


def register_all(functions, *, function=True, method=True, inplace=(), kind="checked", out=(), inplace_functions=()):
    """Record a mapping name -> callable (generated ops); ``inplace``: the names with an in-place
    form of ``kind``; ``out``: the names taking ``out=`` (a mapping name -> rule, or names for
    the ``"cast"`` rule); ``inplace_functions``: the names that also have ``tinytorch.<name>_``."""
    rules = out if isinstance(out, dict) else dict.fromkeys(out, "cast")
    for n, fn in functions.items():
        register(fn, n, function=function, method=method, inplace=kind if n in inplace else None,
                 out=rules.get(n), inplace_function=n in inplace_functions)
