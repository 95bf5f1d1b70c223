"""``tinytorch-repl`` / ``python -m tinytorch_repl``: the command line.

    tinytorch-repl                    interactive shell (a terminal) or a transcript of stdin (a pipe)
    tinytorch-repl FILE.py            run FILE cell by cell, echoing ``In [n]:`` and the output
    tinytorch-repl FILE.py -i         ... then stay in the interactive shell
    --no-echo                         print only the output of FILE and of piped stdin
    --lang en|ko                      language of the banner, help and explanations
    --no-torch-alias                  ``torch`` is not bound and ``import torch`` is not redirected

Piped stdin is read and run cell by cell as it arrives (``cells.stream_cells``).
``-i`` always ends in the interactive shell: FILE runs first, then any piped stdin, then the
shell reads from the terminal — stdin when it is one, else ``/dev/tty`` (the shell's prompt
and output then go to the terminal too).  With no terminal at all it says so and exits with
status 1 before running anything.  FILE with piped stdin but without ``-i`` runs FILE only and
says on stderr that stdin is ignored.
Returns the process exit status: 0; 1 when a cell of FILE or piped stdin raised (or a magic
was misused), as ``python`` exits after an uncaught exception (the transcript still runs every
cell), or when ``-i`` has no terminal; ``sys.exit(n)`` in a cell ends with ``n``; 2 for bad
arguments or a missing file; 130 after Ctrl-C between cells.  After the interactive shell the
status is 0 unless a cell called ``sys.exit(n)``.
"""
import argparse
import os
import sys
import threading

from . import i18n


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="tinytorch-repl",
        description="An interactive tinytorch shell that prints like the PyTorch tutorials and explains gradients.",
        epilog=("Without FILE, a terminal gets the interactive shell; piped stdin (tinytorch-repl < cells.py, "
                "python gen.py | tinytorch-repl) is run cell by cell as it arrives and printed as a transcript "
                "(a blank line ends a cell). -i runs FILE, then any piped stdin, and then continues in the "
                "interactive shell on the terminal (/dev/tty when stdin is a pipe); when there is no terminal "
                "it exits with status 1 before running anything. FILE with piped stdin and no -i ignores stdin "
                "(it says so on stderr). Exit status: 0; 1 when a cell of FILE or stdin raised an exception "
                "(every cell still runs) or -i has no terminal; n after sys.exit(n); "
                "2 (bad arguments, missing FILE); 130 (Ctrl-C)."))
    parser.add_argument("file", nargs="?", help="a Python file to run cell by cell")
    parser.add_argument("-i", dest="interactive", action="store_true",
                        help="after FILE and any piped stdin, continue in the interactive shell (needs a terminal)")
    parser.add_argument("--no-echo", action="store_true",
                        help="print only the output of FILE and piped stdin, not their cells")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="language (default: from the locale)")
    parser.add_argument("--no-torch-alias", action="store_true",
                        help=("no torch at all: the name `torch` is not bound and `import torch` imports what it "
                              "would without the REPL (PyTorch if installed, else ModuleNotFoundError); "
                              "use `import tinytorch`"))
    return parser.parse_args(argv)


def banner(session):
    import platform

    alias = session.text("alias_on" if session.torch_alias else "alias_off")
    return session.text("banner", python=platform.python_version(), alias=alias)


def main(argv=None):
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C between cells of a transcript
        return 130
    except BrokenPipeError:  # the reader went away (``tinytorch-repl FILE | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    lang = i18n.language(args.lang, os.environ)
    if args.file and not os.path.isfile(args.file):
        print(f"tinytorch-repl: {i18n.text(lang, 'run_missing', path=args.file)}", file=sys.stderr)
        return 2
    from . import alias, cells, transcript
    from .runner import Session

    terminal = None
    if args.interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
        terminal = _open_terminal()
        if terminal is None:
            print(f"tinytorch-repl: {i18n.text(lang, 'no_terminal')}", file=sys.stderr)
            return 1
    if not args.no_torch_alias:
        alias.install()
    shell = args.interactive or (not args.file and sys.stdin.isatty() and sys.stdout.isatty())
    read_stdin = (not args.file and not shell) or (args.interactive and not sys.stdin.isatty())
    shell_first = shell and not args.file and not read_stdin  # show the prompt at once, import meanwhile
    session = Session(lang=lang, torch_alias=not args.no_torch_alias, import_torch=not shell_first)
    if shell_first:
        threading.Thread(target=session.bind_torch, daemon=True).start()
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.file)) if args.file else "")
    if args.file and not args.interactive and _stdin_has_input():
        print(f"tinytorch-repl: {i18n.text(lang, 'stdin_ignored', path=args.file)}", file=sys.stderr)
    if args.file:
        with open(args.file, encoding="utf-8") as f:
            session.namespace["__file__"] = args.file
            transcript.run_text(session, f.read(), echo=not args.no_echo)
    if read_stdin and not session.exit_requested:
        lines = cells.FdLines(sys.stdin.fileno(), sys.stdin.encoding)
        transcript.run_cells(session, cells.stream_cells(lines.read_line, lines.ready), echo=not args.no_echo)
    if shell and not session.exit_requested:
        session.errors = 0  # the shell's own mistakes do not fail the process, as in IPython
        _run_shell(session, terminal)
        return session.exit_status
    return session.exit_status or (1 if session.errors else 0)


def _stdin_has_input():
    """Whether stdin brings input: a non-empty file, or a pipe that is not already at its end
    (a terminal or /dev/null does not).  Reads at most one byte of a pipe (stdin is then unused)."""
    import select
    import stat

    try:
        fd = sys.stdin.fileno()
        info = os.fstat(fd)
    except (OSError, ValueError, AttributeError):
        return False
    if stat.S_ISREG(info.st_mode):
        return info.st_size > 0
    if not stat.S_ISFIFO(info.st_mode):
        return False
    try:
        readable, _, _ = select.select([fd], [], [], 0.05)
        return not readable or os.read(fd, 1) != b""
    except (OSError, ValueError):
        return True


def _open_terminal():
    """(input, output) files of the controlling terminal for ``-i`` when stdin or stdout is not
    one: the standard stream where it is a terminal, ``/dev/tty`` otherwise; None without one."""
    try:
        tty_in = sys.stdin if sys.stdin.isatty() else open("/dev/tty", encoding="utf-8")  # noqa: SIM115
        tty_out = sys.stdout if sys.stdout.isatty() else open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None
    return tty_in, tty_out


def _run_shell(session, terminal):
    from .shell import Shell

    if terminal is None:
        Shell(session, banner(session)).run()
        return
    from prompt_toolkit.input import create_input
    from prompt_toolkit.output import create_output

    tty_in, tty_out = terminal
    saved = sys.stdout
    sys.stdout = tty_out  # the cells' output goes to the screen the user is typing at
    try:
        Shell(session, banner(session), input=create_input(tty_in), output=create_output(tty_out)).run()
    finally:
        sys.stdout = saved


if __name__ == "__main__":
    sys.exit(main())
