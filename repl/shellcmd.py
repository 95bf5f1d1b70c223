"""``!cmd`` (``%system``) and ``!!cmd`` / ``name = !cmd`` (``%sx``): shell commands, as in IPython.

The command runs in ``/bin/sh`` (``subprocess`` with ``shell=True``) in the current directory.
``!cmd`` prints its output (stdout and stderr, in the order they come) line by line as it
arrives and sets ``_exit_code``; ``%sx`` gives back the output's lines as a list.  Before it
runs, ``{expr}`` is replaced by the value of a Python expression of the session and ``$name``
(``$name.attr``) by a variable's value, ``{{`` and ``}}`` are braces and ``$$name`` stays as
typed; when one of them does not evaluate, the shell gets the command as typed (so ``$HOME``,
``${HOME}`` and ``{a,b}`` reach it), as in IPython.  The command's stdin is not the REPL's
(piped cells stay the REPL's).  Ctrl-C stops the command.
"""
import re
import subprocess

from .magics import UsageError, magic, usage_of

_EXPANSION = re.compile(r"\$\$[\w.]*|\{\{|\}\}|\$([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)|\{([^{}]+)\}")


class _NotPython(Exception):
    pass


def expand(session, command):
    """``command`` with ``{expr}`` and ``$name`` expanded, ``{{``/``}}`` as ``{``/``}`` and ``$$name``
    kept as typed; when one of them does not evaluate, ``command`` unchanged (as IPython)."""
    def replace(m):
        text = m.group(0)
        if text.startswith("$$"):
            return text
        if text in ("{{", "}}"):
            return text[0]
        try:
            return str(session.evaluate(m.group(1) or m.group(2)))
        except Exception:  # noqa: BLE001 - not Python: the shell gets the command as typed
            raise _NotPython from None
    try:
        return _EXPANSION.sub(replace, command)
    except _NotPython:
        return command


def _run(session, command, keep):
    """Run ``command``; print its lines (``keep=False``) or return them."""
    lines = []
    child = subprocess.Popen(expand(session, command), shell=True, stdout=subprocess.PIPE,  # noqa: S602
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, errors="replace")
    try:
        for line in child.stdout:
            if keep:
                lines.append(line.rstrip("\n"))
            else:
                print(line, end="", flush=True)
        status = child.wait()
    except KeyboardInterrupt:
        child.kill()
        child.wait()
        raise
    finally:
        child.stdout.close()
    session.namespace["_exit_code"] = status
    return lines


@magic("system", "!CMD")
def system(session, args):
    if not args.strip():
        raise UsageError(usage_of("system"))
    _run(session, args, keep=False)


@magic("sx", "!!CMD / NAME = !CMD")
def sx(session, args):
    if not args.strip():
        raise UsageError(usage_of("sx"))
    return _run(session, args, keep=True)
