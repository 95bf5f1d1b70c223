"""``%whos [TYPE ...]``: the session's variables as a Variable / Type / Data/Info table, as IPython
prints it.

Names in sorted order (only those whose type name is one of TYPE, when given); the columns
are as wide as their longest entry plus 3, measured in terminal columns (``display_width``:
East Asian wide and full-width characters, such as Korean, take two, combining marks none),
so the table stays aligned with Korean names.  Data/Info: ``n=<len>`` for a dict, list or
tuple; for a NumPy array ``<shape>: <size> elems, type `<dtype>`, <bytes> bytes`` (and the
size in kb or Mb from 100000 bytes on); else ``str(value)`` with newlines as ``\\n``,
cut to its first and last 25 characters around ``<...>`` from 50 characters on.
"""
from .magics import magic
from .wrap import display_width

SEPARATION = 3
SEQUENCES = ("dict", "list", "tuple")


def ljust(text, width):
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - display_width(text))


def _data(value, type_name):
    if type_name in SEQUENCES:
        return f"n={len(value)}"
    if type_name == "ndarray" and hasattr(value, "itemsize"):
        shape = str(value.shape).replace(",", "").replace(" ", "x")[1:-1]
        size, nbytes = value.size, value.size * value.itemsize
        text = f"{shape}: {size} elems, type `{value.dtype}`, {nbytes} bytes"
        if nbytes >= 100000:
            text += f" ({nbytes / 1024} kb)" if nbytes < 1048576 else f" ({nbytes / 1048576} Mb)"
        return text
    try:
        text = str(value)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the table
        text = f"<object with id {id(value)} (str() failed)>"
    text = text.replace("\n", "\\n")
    return text if len(text) < 50 else text[:25] + "<...>" + text[-25:]


@magic("whos", "%whos [TYPE ...]")
def whos(session, args):
    wanted = set(args.split())
    names = sorted(name for name, value in session.user_names().items()
                   if not wanted or type(value).__name__ in wanted)
    if not names:
        session.say("whos_empty")
        return
    values = [session.namespace[name] for name in names]
    types = [type(value).__name__ for value in values]
    header = ("Variable", "Type", "Data/Info")  # IPython's words, in every language
    name_width = max(display_width(s) for s in names + [header[0]]) + SEPARATION
    type_width = max(display_width(s) for s in types + [header[1]]) + SEPARATION
    print(ljust(header[0], name_width) + ljust(header[1], type_width) + " " + header[2])
    print("-" * (name_width + type_width + display_width(header[2]) + 1))
    for name, value, type_name in zip(names, values, types):
        print(ljust(name, name_width) + ljust(type_name, type_width) + " " + _data(value, type_name))
