"""Long output lines broken at word boundaries to the terminal's width, measured in terminal
columns (Korean and other wide characters take two), never inside a word.

Only prose is wrapped: a line that shows a value (a tensor's repr, a bracketed row of numbers)
keeps its layout, and a word longer than the width stays whole on a line of its own.  A
wrapped line's continuation keeps the line's indentation, so explanations stay readable.
"""
import unicodedata

_LAYOUT_STARTS = ("tensor(", "[", "Parameter containing", "<", "|", "+")


def display_width(text):
    """The number of terminal columns ``text`` takes (wide and full-width characters two,
    combining marks none)."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def wrap_line(line, width):
    """``line`` as one or more lines of at most ``width`` columns (where it has spaces to break at)."""
    if width is None or display_width(line) <= width:
        return [line]
    body = line.lstrip(" ")
    indent = line[:len(line) - len(body)]
    if body.startswith(_LAYOUT_STARTS):
        return [line]
    lines, current = [], indent
    for word in body.split(" "):
        candidate = current + word if current.strip() == "" else current + " " + word
        if display_width(candidate) <= width or current.strip() == "":
            current = candidate
        else:
            lines.append(current)
            current = indent + word
    lines.append(current)
    return lines


def wrap_text(text, width):
    """Every line of ``text`` wrapped by ``wrap_line``."""
    if width is None:
        return text
    return "\n".join(part for line in text.split("\n") for part in wrap_line(line, width))
