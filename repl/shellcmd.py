"""``!cmd`` (``%system``) and ``!!cmd`` / ``name = !cmd`` (``%sx``): shell commands, as in IPython.

The command runs in ``/bin/sh`` (``subprocess`` with ``shell=True``) in the current directory.
``!cmd`` prints its output (stdout and stderr, in the order they come) line by line as it
arrives and sets ``_exit_code``; ``%sx`` gives back the output's lines as a list.  Before it
runs, ``{expr}`` is replaced by the value of a Python expression of the session and ``$name``
(``$name.attr``) by a variable's value; ``$$`` is a ``$``; what does not evaluate stays as
typed (so ``${HOME}`` and ``{a,b}`` reach the shell).  Ctrl-C stops the command.
"""
import re
import subprocess

from .magics import UsageError, magic, usage_of

_EXPANSION = re.compile(r"\$\$|\$([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)|\{([^{}]+)\}")


def expand(session, command):
    """``command`` with ``{expr}``, ``$name`` and ``$$`` expanded (see the module docstring)."""
    def replace(m):
        if m.group(0) == "$$":
            return "$"
        expr = m.group(1) or m.group(2)
        try:
            return str(session.evaluate(expr))
        except Exception:  # noqa: BLE001 - not Python: leave it for the shell
            return m.group(0)
    return _EXPANSION.sub(replace, command)


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
