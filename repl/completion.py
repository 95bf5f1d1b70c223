"""Tab completion from the live namespace: names, attributes and keyword arguments.

``NamespaceCompleter(namespace)`` is a prompt_toolkit ``Completer``:
* ``tor`` -> ``torch`` (the session's names, builtins, keywords);
* ``torch.on`` -> ``ones``, ``x.requires`` -> ``requires_grad``... (attributes of the object
  a dotted name refers to; nothing is called to get there, only attribute lookups);
* inside ``torch.ones(2, req`` -> ``requires_grad=`` (keyword parameters of the callable).
Names starting with ``_`` are offered only when the typed prefix starts with ``_``.
"""
import builtins
import inspect
import keyword
import re

from prompt_toolkit.completion import Completer, Completion

TOKEN = re.compile(r"([A-Za-z_][\w.]*)$")
CALL = re.compile(r"([A-Za-z_][\w.]*)\s*\($")


def resolve(namespace, dotted):
    """The object ``dotted`` (``a.b.c``) names in ``namespace``, or None when it cannot be reached."""
    parts = dotted.split(".")
    if parts[0] in namespace:
        obj = namespace[parts[0]]
    elif hasattr(builtins, parts[0]):
        obj = getattr(builtins, parts[0])
    else:
        return None
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - a property may raise anything; no completion then
            return None
    return obj


def _visible(name, prefix):
    return name.startswith(prefix) and (prefix.startswith("_") or not name.startswith("_"))


def callee_before(text):
    """The dotted name of the innermost call still open at the end of ``text``, or None."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        c = text[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                if c != "(":
                    return None
                m = CALL.search(text[:i + 1])
                return m.group(1) if m else None
            depth -= 1
    return None


def keyword_names(obj):
    """The names that can be passed as keywords to callable ``obj`` ([] if unknown)."""
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in params if p.kind in kinds and p.name != "self"]


class NamespaceCompleter(Completer):
    """Completes from ``namespace`` (a dict that the session keeps up to date)."""

    def __init__(self, namespace):
        self.namespace = namespace

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        m = TOKEN.search(text)
        token = m.group(1) if m else ""
        head, prefix = token.rsplit(".", 1) if "." in token else (None, token)
        if head == "" or (head is not None and head.endswith(".")):
            return
        seen = set()
        for word in self._words(text, head, prefix):
            if word not in seen:
                seen.add(word)
                yield Completion(word, start_position=-len(prefix))

    def _words(self, text, head, prefix):
        if head is not None:
            obj = resolve(self.namespace, head)
            if obj is None:
                return
            yield from sorted(n for n in dir(obj) if _visible(n, prefix))
            return
        callee = callee_before(text[:len(text) - len(prefix)])
        if callee is not None:
            func = resolve(self.namespace, callee)
            if func is not None:
                yield from (f"{n}=" for n in keyword_names(func) if n.startswith(prefix))
        names = set(self.namespace) | set(dir(builtins)) | set(keyword.kwlist)
        yield from sorted(n for n in names if _visible(n, prefix))
