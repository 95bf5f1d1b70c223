"""Lines of Python per folder at two git revisions (issue 11's size report).

    python tools/loc_report.py 4444cb4 HEAD

Counts every line of the ``.py`` files under each folder (comments, docstrings and blank lines
included: what a reader has to page through), read from git, so neither revision needs to be
checked out.
"""
import subprocess
import sys

FOLDERS = ("tinytorch", "tinytorch/ops", "tinytorch/kernels", "tinytorch/autograd", "tinytorch/nn",
           "tinytorch/optim", "repl", "tests", "tools", "benchmarks")


def _git(*args):
    return subprocess.run(("git",) + args, check=True, capture_output=True, text=True).stdout


def lines_per_folder(rev):
    """{folder: (files, lines)} at ``rev``."""
    paths = [p for p in _git("ls-tree", "-r", "--name-only", rev).splitlines() if p.endswith(".py")]
    counts = {}
    for folder in FOLDERS:
        inside = [p for p in paths if p.startswith(folder + "/")]
        total = sum(_git("show", f"{rev}:{p}").count("\n") for p in inside)
        counts[folder] = (len(inside), total)
    return counts


def main(before, after):
    a, b = lines_per_folder(before), lines_per_folder(after)
    print(f"| folder | {before} files | {before} lines | {after} files | {after} lines |")
    print("|---|---|---|---|---|")
    for folder in FOLDERS:
        print(f"| {folder} | {a[folder][0]} | {a[folder][1]:,} | {b[folder][0]} | {b[folder][1]:,} |")


if __name__ == "__main__":
    main(*(sys.argv[1:3] if len(sys.argv) >= 3 else ("4444cb4", "HEAD")))
