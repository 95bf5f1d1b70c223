"""``obj?`` and ``obj??`` (the magics ``%pinfo`` and ``%pinfo2``): what an object is, as IPython shows it.

Fields, each ``Head:`` padded to the longest head, the body after a space (or on the next
lines when it has several):

* functions and classes: Signature (a class: Init signature), Docstring (``<no docstring>``),
  Init docstring (classes), File, Type, Subclasses (classes; printed empty too, as IPython);
* other objects: Signature (when callable), Type, String form (shortened in the middle past
  200 characters for ``?``), Length (when it has one), File (of its class), Docstring, Class
  docstring (when it differs), Init docstring (when not object's).

``obj??`` adds Source (``inspect.getsource``; a function or class typed into a cell has its
cell's source) when it can be found, and leaves out a docstring the source shows (and a
class's Init docstring).  ``%name?`` tells what the
magic does.  A name that does not evaluate prints ``Object `name` not found.``
"""
import ast
import inspect
import linecache

from .magics import CELL_MAGICS, MAGICS, _load_all, magic

STRING_MAX = 200
NO_DOCSTRING = "<no docstring>"


def fields_text(fields):
    """``[(head, body), ...]`` laid out as IPython does (bodies None or empty left out, but
    ``Subclasses`` of a class, which IPython prints empty too)."""
    fields = [(head, body.strip("\n")) for head, body in fields if body or (head == "Subclasses" and body == "")]
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


def _init_doc(cls):
    """The docstring of ``cls.__init__`` unless it is object's."""
    doc = inspect.getdoc(getattr(cls, "__init__", None))
    return None if doc == inspect.getdoc(object.__init__) else doc


def info(obj, name, detail=0):
    """The text ``name?`` (``detail=0``) or ``name??`` (``detail=1``) prints for ``obj``."""
    docstring = inspect.getdoc(obj)
    source = _source(obj) if detail else ""
    if docstring is None:
        docstring = NO_DOCSTRING
    elif source and docstring in inspect.cleandoc(source):
        docstring = None  # the source shows it
    if inspect.isclass(obj) or inspect.isroutine(obj):
        is_class = inspect.isclass(obj)
        subclasses = ", ".join(c.__name__ for c in type.__subclasses__(obj)) if is_class else None
        fields = [("Init signature" if is_class else "Signature", _signature(obj, name)), ("Docstring", docstring),
                  ("Source", source), ("Init docstring", _init_doc(obj) if is_class and not source else None),
                  ("File", _file(obj)), ("Type", type(obj).__name__), ("Subclasses", subclasses)]
        return fields_text(fields)
    try:
        length = str(len(obj))
    except Exception:  # noqa: BLE001 - objects without a length (or with a failing one)
        length = ""
    class_doc = inspect.getdoc(type(obj))
    fields = [("Signature", _signature(obj, name) if callable(obj) else ""), ("Type", type(obj).__name__),
              ("String form", _string_form(obj, detail)), ("Length", length), ("File", _file(obj)),
              ("Source", source), ("Docstring", None if source else docstring),
              ("Class docstring", class_doc if class_doc and class_doc != docstring else None),
              ("Init docstring", _init_doc(type(obj)))]
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
