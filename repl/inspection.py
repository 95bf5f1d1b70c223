"""``obj?`` and ``obj??`` (the magics ``%pinfo`` and ``%pinfo2``): what an object is, as IPython shows it.

Fields, each ``Head:`` padded to the longest head, the body after a space (or on the next
lines when it has several):

* functions and classes: Signature (a class: Init signature), Docstring, Init docstring
  (classes), File, Type;
* other objects: Signature (when callable), Type, String form (shortened in the middle past
  200 characters for ``?``), Length (when it has one), File (of its class), Docstring, Class
  docstring (when it differs).

``obj??`` shows Source (``inspect.getsource``; a function defined in a cell has its cell's
source) instead of the docstring when the source can be found.  ``%name?`` tells what the
magic does.  A name that does not evaluate prints ``Object `name` not found.``
"""
import ast
import inspect
import linecache

from .magics import CELL_MAGICS, MAGICS, _load_all, magic

STRING_MAX = 200
NO_DOCSTRING = "<no docstring>"


def fields_text(fields):
    """``[(head, body), ...]`` laid out as IPython does (empty bodies left out)."""
    fields = [(head, body.strip("\n")) for head, body in fields if body]
    width = max(len(head) for head, _ in fields)
    return "\n".join(f"{head}:{' ' * (width - len(head))}{chr(10) if chr(10) in body else ' '}{body}"
                     for head, body in fields)


def _signature(obj, name):
    try:
        return f"{name}{inspect.signature(obj)}"
    except (TypeError, ValueError):
        return ""


def _method_code(cls):
    """The code object of one of ``cls``'s own functions (where the class was written), or None."""
    for value in vars(cls).values():
        function = getattr(value, "__func__", value)
        code = getattr(inspect.unwrap(function), "__code__", None) if callable(function) else None
        if code is not None:
            return code
    return None


def _file(obj):
    for candidate in (obj, type(obj)):
        if inspect.isclass(candidate) and _method_code(candidate) is not None:
            # a class's module file is the wrong one for a class typed into a cell (its module is __main__)
            return _method_code(candidate).co_filename
        try:
            return inspect.getfile(inspect.unwrap(candidate) if callable(candidate) else candidate)
        except (TypeError, OSError, ValueError):
            continue
    return ""


def _class_source(cls):
    """The source of class ``cls``, found where one of its methods was written (a cell too)."""
    code = _method_code(cls)
    if code is None:
        return inspect.getsource(cls)
    lines = linecache.getlines(code.co_filename)
    tree = ast.parse("".join(lines))
    around = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and node.name == cls.__name__
              and node.lineno <= code.co_firstlineno <= node.end_lineno]
    if not around:
        raise OSError("class source not found")
    node = min(around, key=lambda n: n.end_lineno - n.lineno)
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return "".join(lines[start - 1:node.end_lineno])


def _source(obj):
    try:
        return (_class_source(obj) if inspect.isclass(obj) else inspect.getsource(obj)).rstrip()
    except (TypeError, OSError, SyntaxError):
        return ""


def _string_form(obj, detail):
    try:
        text = str(obj)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the inspection
        return f"<object with id {id(obj)} (str() failed)>"
    if not detail and len(text) > STRING_MAX:
        half = (STRING_MAX - 5) // 2
        text = text[:half] + " <...> " + text[-half:]
        text = ("\n" + " " * len("string_form")).join(line.strip() for line in text.split("\n"))
    return text


def info(obj, name, detail=0):
    """The text ``name?`` (``detail=0``) or ``name??`` (``detail=1``) prints for ``obj``."""
    docstring = inspect.getdoc(obj)
    source = _source(obj) if detail else ""
    if source and docstring and docstring in inspect.cleandoc(source):
        docstring = None  # the source shows it
    if inspect.isclass(obj) or inspect.isroutine(obj):
        init = getattr(obj, "__init__", None) if inspect.isclass(obj) else None
        init_doc = inspect.getdoc(init) if init is not None and init is not object.__init__ else None
        if init_doc is not None and init_doc == inspect.getdoc(object.__init__):
            init_doc = None
        fields = [("Init signature" if inspect.isclass(obj) else "Signature", _signature(obj, name)),
                  ("Docstring", docstring or ("" if source else NO_DOCSTRING)),
                  ("Source", source), ("Init docstring", "" if source else init_doc or ""),
                  ("File", _file(obj)), ("Type", type(obj).__name__)]
        return fields_text(fields)
    try:
        length = str(len(obj))
    except Exception:  # noqa: BLE001 - objects without a length (or with a failing one)
        length = ""
    class_doc = inspect.getdoc(type(obj))
    fields = [("Signature", _signature(obj, name) if callable(obj) else ""), ("Type", type(obj).__name__),
              ("String form", _string_form(obj, detail)), ("Length", length), ("File", _file(obj)),
              ("Source", source), ("Docstring", "" if source else docstring or NO_DOCSTRING),
              ("Class docstring", class_doc if class_doc and class_doc != docstring else "")]
    return fields_text(fields)


def _magic_info(session, name):
    _load_all()
    cell = name.startswith("%%")
    entry = (CELL_MAGICS if cell else MAGICS).get(name.lstrip("%"))
    if entry is None:
        session.say("pinfo_not_found", name=name)
        return
    print(fields_text([("Usage", entry.usage), ("Docstring", session.text(entry.help_key))]))


def _pinfo(session, args, detail):
    name = args.strip()
    if not name:
        session.say("pinfo_not_found", name=name)
        return
    if name.startswith("%"):
        _magic_info(session, name)
        return
    try:
        obj = session.evaluate(name)
    except Exception:  # noqa: BLE001 - IPython says "not found" for any failing lookup
        session.say("pinfo_not_found", name=name)
        return
    print(info(obj, name, detail))


@magic("pinfo", "OBJ? / ?OBJ")
def pinfo(session, args):
    _pinfo(session, args, 0)


@magic("pinfo2", "OBJ?? / ??OBJ")
def pinfo2(session, args):
    _pinfo(session, args, 1)
