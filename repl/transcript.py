"""The transcript front end: runs a list of cells and prints them the way the document shows.

With ``echo`` each cell is printed first as ``In [n]: <first line>`` and ``   ...: <line>``
for the rest, its output follows, then a blank line.  Without ``echo`` only the cells'
output is printed (what ``python FILE`` would print).  No terminal control codes are used.
"""
from . import cells as cells_mod


def prompt(number):
    return f"In [{number}]: "


def continuation(number):
    """``   ...: `` right-aligned under ``In [n]: ``."""
    return "...: ".rjust(len(prompt(number)))


def echo_text(number, cell):
    lines = cell.split("\n")
    return "\n".join([prompt(number) + lines[0]] + [continuation(number) + ln for ln in lines[1:]])


def run_cells(session, cells, echo=True):
    """Run ``cells`` (any iterable, also one still being read) in ``session`` in order, printing
    as it goes; stops early when a cell asks to exit."""
    for cell in cells:
        if echo:
            print(echo_text(session.count, cell), flush=True)
        session.run_cell(cell)
        if echo:
            print(flush=True)
        if session.exit_requested:
            break


def run_text(session, text, echo=True):
    """Split ``text`` into cells (``cells.split_cells``) and run them."""
    run_cells(session, cells_mod.split_cells(text), echo)
