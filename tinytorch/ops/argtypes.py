"""PyTorch's TypeError for an argument of the wrong type, as its argument parser words it:
``gather(): argument 'index' (position 3) must be Tensor, not list``.

The position (of an argument passed by position) counts from 1 in the function form
(``torch.gather(x, 1, idx)``) and leaves out ``self`` in the method form (``x.gather(1, idx)``),
so each op gets two wrappers.
"""
import inspect
import numbers

import numpy as np

from .._tensor import Tensor

_TESTS = {
    "Tensor": lambda v: isinstance(v, Tensor),
    "int": lambda v: isinstance(v, (int, np.integer)),
    "bool": lambda v: isinstance(v, (bool, np.bool_)),
    "str": lambda v: isinstance(v, str),
    "tuple of Tensors": lambda v: isinstance(v, (tuple, list)),   # (the elements are checked by the op)
    "Number": lambda v: isinstance(v, (numbers.Number, np.number, np.bool_)),
}


def checked(fn, name, spec, method=False):
    """``fn`` with its arguments' types checked first.

    spec: (parameter name, kind) pairs; kind is a key of ``_TESTS``.  An argument left out is
    not checked, nor None for a parameter whose default is None.  As in PyTorch, the message
    gives the position of an argument passed by position, not of one passed by keyword.
    """
    params = inspect.signature(fn).parameters
    index = {p: i for i, p in enumerate(params)}
    checks = [(p, index[p], _TESTS[kind], kind, params[p].default is None) for p, kind in spec
              if not (method and index[p] == 0)]

    def wrapper(*args, **kwargs):
        for p, i, test, kind, optional in checks:
            if i < len(args):
                v, where = args[i], f" (position {i if method else i + 1})"
            elif p in kwargs:
                v, where = kwargs[p], ""
            else:
                continue
            if not test(v) and not (v is None and optional):
                raise TypeError(f"{name}(): argument '{p}'{where} must be {kind}, not {type(v).__name__}")
        return fn(*args, **kwargs)
    wrapper.__name__, wrapper.__qualname__, wrapper.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    wrapper.__wrapped__ = fn
    return wrapper


def surface(specs, overloads=None):
    """(functions, methods): the checked public functions and Tensor methods of ``specs``
    (name -> (function, spec)) and of ``overloads`` (name -> (function, signatures, out))."""
    functions = {n: checked(f, n, s) for n, (f, s) in specs.items()}
    methods = {n: checked(f, n, s, method=True) for n, (f, s) in specs.items()}
    for n, (f, sigs, out) in (overloads or {}).items():
        functions[n] = overloaded(f, n, sigs, out=out)
        methods[n] = overloaded(f, n, sigs, method=True)
    return functions, methods


def _given(v):
    return "list" if isinstance(v, list) else type(v).__name__


def _marked(v):
    if isinstance(v, list):
        kinds = list(dict.fromkeys(type(e).__name__ for e in v))
        return f"list of [{', '.join(kinds)}]"
    return type(v).__name__


def overloaded(fn, name, signatures, method=False, out=False):
    """``fn`` (a function of several PyTorch signatures, like ``scatter``) with PyTorch's
    "received an invalid combination of arguments" TypeError when no signature fits.

    signatures: tuples of (kind, parameter name) for the method form; a ``"*"`` entry starts
    the keyword-only ones (all required).  The function form prepends ``Tensor input`` (and,
    with ``out``, ends with ``Tensor out = None``), as PyTorch lists them.  Like PyTorch, the
    message explains a signature only when it has no keyword-only parameter and got as many
    positional arguments; it then marks every Number parameter, whatever it was given.
    """
    forms = []
    for sig in signatures:
        cut = sig.index("*") if "*" in sig else len(sig)
        positional, keyword = list(sig[:cut]), list(sig[cut + 1:])
        if not method:
            positional = [("Tensor", "input")] + positional
        listed = [f"{k} {p}" for k, p in keyword] + (["Tensor out = None"] if out and not method else [])
        forms.append((positional, keyword, listed))

    def fits(positional, keyword, args, kwargs):
        names = [p for _, p in positional] + [p for _, p in keyword]
        if len(args) > len(positional) or any(k not in names for k in kwargs):
            return False
        bound = dict(zip([p for _, p in positional], args), **kwargs)
        return all(p in bound and _TESTS[k](bound[p]) for k, p in positional + keyword)

    def wrapper(*args, **kwargs):
        given = args[1:] if method else args
        if not any(fits(p, k, given, kwargs) for p, k, _ in forms):
            got = ", ".join([_given(v) for v in given] + [f"{k}={_given(v)}" for k, v in kwargs.items()])
            lines = [f"{name}() received an invalid combination of arguments - got ({got}), but expected one of:"]
            for positional, keyword, listed in forms:
                lines.append(f" * ({', '.join([f'{k} {p}' for k, p in positional] + (['*'] + listed if listed else []))})")
                if not listed and not kwargs and len(given) == len(positional):
                    marks = [f"!{_marked(v)}!" if k == "Number" or not _TESTS[k](v) else _marked(v)
                             for (k, _), v in zip(positional, given)]
                    lines.append(f"      didn't match because some of the arguments have invalid types: "
                                 f"({', '.join(marks)})")
            raise TypeError("\n".join(lines) + "\n")
        return fn(*args, **kwargs)
    wrapper.__name__, wrapper.__qualname__, wrapper.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    wrapper.__wrapped__ = fn
    return wrapper
