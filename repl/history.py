"""``%history``: the session's input cells (``In``), as IPython prints them.

``%history [-n] [-o] [-p] [RANGE ...]``: every cell of the session so far (this one too) or the
cells of RANGE (``4``, ``4-6``: both ends included), each with tabs expanded to 4 spaces.
``-n`` puts its number in front (``   4: x = 1``; a cell of several lines starts on the line
after ``   4:``), ``-o`` prints each printed value (``repr``) after its cell, ``-p`` adds
``>>> `` / ``... `` prompts.
"""
import re

from .magics import UsageError, magic, usage_of

WIDTH = 4
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def _numbers(session, words):
    last = len(session.inputs) - 1
    if not words:
        return list(range(1, last + 1))
    numbers = []
    for word in words:
        m = _RANGE.match(word)
        if m is None:
            raise UsageError(usage_of("history"))
        start = int(m.group(1))
        stop = int(m.group(2)) if m.group(2) else start
        numbers.extend(n for n in range(start, stop + 1) if 1 <= n <= last)
    return numbers


@magic("history", "%history [-n] [-o] [-p] [N | N-M ...]")
def history(session, args):
    words = args.split()
    flags = {w for w in words if w.startswith("-")}
    if flags - {"-n", "-o", "-p"}:
        raise UsageError(usage_of("history"))
    for number in _numbers(session, [w for w in words if not w.startswith("-")]):
        text = session.inputs[number].expandtabs(4).rstrip()
        multiline = "\n" in text
        if "-n" in flags:
            print(f"{str(number).rjust(WIDTH)}:{chr(10) if multiline else ' '}", end="")
        if "-p" in flags:
            print(">>> ", end="")
            if multiline:
                text = "\n... ".join(text.splitlines()) + "\n..."
        print(text)
        if "-o" in flags and number in session.outputs:
            print(repr(session.outputs[number]))
