"""``tinytorch-repl`` / ``python -m tinytorch_repl``: the command line.

    tinytorch-repl                    interactive shell (a terminal) or a transcript of stdin (a pipe)
    tinytorch-repl FILE.py            run FILE cell by cell, echoing ``In [n]:`` and the output
    tinytorch-repl FILE.py -i         ... then stay in the interactive shell
    --no-echo                         print only the output of FILE
    --lang en|ko                      language of the banner, help and explanations
    --no-torch-alias                  ``import torch`` is not redirected to tinytorch

Returns the process exit status: 0, or 2 for bad arguments or a missing file.
"""
import argparse
import os
import sys
import threading

from . import i18n


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="tinytorch-repl",
        description="An interactive tinytorch shell that prints like the PyTorch tutorials and explains gradients.")
    parser.add_argument("file", nargs="?", help="a Python file to run cell by cell")
    parser.add_argument("-i", dest="interactive", action="store_true", help="stay in the shell after FILE")
    parser.add_argument("--no-echo", action="store_true", help="print only FILE's output, not its cells")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="language (default: from the locale)")
    parser.add_argument("--no-torch-alias", action="store_true", help="do not make `import torch` give tinytorch")
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
    from . import alias, transcript
    from .runner import Session

    if not args.no_torch_alias:
        alias.install()
    interactive = sys.stdin.isatty() and sys.stdout.isatty() and (args.interactive or not args.file)
    session = Session(lang=lang, torch_alias=not args.no_torch_alias, import_torch=not interactive)
    if interactive:
        threading.Thread(target=session.bind_torch, daemon=True).start()
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.file)) if args.file else "")
    if args.file:
        with open(args.file, encoding="utf-8") as f:
            session.namespace["__file__"] = args.file
            transcript.run_text(session, f.read(), echo=not args.no_echo)
        if not args.interactive or session.exit_requested:
            return 0
    if interactive:
        from .shell import Shell

        Shell(session, banner(session)).run()
    elif not args.file:
        transcript.run_text(session, sys.stdin.read(), echo=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
