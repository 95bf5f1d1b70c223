"""CI smoke test: the interactive REPL of a plain ``pip install .`` starts and computes.

Usage: python .ci/repl_smoke.py PATH/TO/tinytorch-repl
Starts the REPL in a pseudo-terminal (pexpect), types ``print(torch.ones(2) + 2)`` and
Enter, expects ``tensor([3., 3.])``, then Ctrl-D and a clean exit.  Exits non-zero with
the screen's text when a step fails.
"""
import re
import sys
import time

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]|\r")


class Failed(Exception):
    pass


def wait_for(child, text, seen, timeout=180):
    """Read until ``text`` appears in the screen's text (control codes removed) since the last
    match; what was read after ``text`` stays in ``seen[-1]`` for the next wait (one read may
    bring the output and the next prompt together)."""
    deadline = time.monotonic() + timeout
    screen = seen.pop() if seen else ""
    while text not in screen:
        if time.monotonic() > deadline:
            seen.append(screen)
            raise Failed(f"{text!r} did not appear within {timeout} s")
        try:
            screen = ANSI.sub("", screen + child.read_nonblocking(4096, timeout=1))
        except pexpect.TIMEOUT:
            continue
        except pexpect.EOF:
            seen.append(screen)
            raise Failed(f"the REPL ended before {text!r} appeared") from None
    cut = screen.index(text) + len(text)
    seen.extend([screen[:cut], screen[cut:]])
    return screen


def main(repl):
    env = {"TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
           "PROMPT_TOOLKIT_NO_CPR": "1", "XDG_STATE_HOME": "/tmp/tinytorch-repl-smoke"}
    child = pexpect.spawn(repl, encoding="utf-8", env=env, dimensions=(24, 100))
    seen = []
    try:
        wait_for(child, "In [1]: ", seen)
        child.send("print(torch.ones(2) + 2)\r")
        wait_for(child, "tensor([3., 3.])", seen)
        wait_for(child, "In [2]: ", seen)
        child.sendcontrol("d")
        child.expect(pexpect.EOF, timeout=30)
    except (Failed, pexpect.TIMEOUT) as e:
        print(f"REPL smoke test failed: {e}; the terminal showed:\n{''.join(seen)}", file=sys.stderr)
        child.terminate(force=True)
        return 1
    child.close()
    if child.exitstatus != 0:
        print(f"REPL smoke test failed: the REPL exited with status {child.exitstatus}; it showed:\n"
              f"{''.join(seen)}", file=sys.stderr)
        return 1
    print("REPL smoke test: a plain install starts tinytorch-repl, prints tensor([3., 3.]) and exits on Ctrl-D")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
