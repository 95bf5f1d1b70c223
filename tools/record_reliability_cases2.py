"""Record PyTorch 2.13's outcome of the wide reliability cases (tools/reliability_cases2.py): a value
described as data, or an exception type and message.  Writes tests/data/reliability_cases2.json,
which tests/test_reliability_differential2.py replays against tinytorch.

    /work/torchenv/bin/python tools/record_reliability_cases2.py            # record PyTorch
    PYTHONPATH=. /work/torchenv/bin/python tools/record_reliability_cases2.py --compare
        # run the cases on tinytorch and print the figures against the recording: cases, crashes,
        # hangs, wrong values, wrong exception types, wrong messages, errors where PyTorch computes
    PYTHONPATH=. /work/torchenv/bin/python tools/record_reliability_cases2.py --update-open
        # the same, and rewrite the open cases listed in tests/test_reliability_differential2.py

Cases run in a child process, one after another, each under a time limit: a case that kills the
child is counted as a crash (and the child restarted after it), one over the limit as a hang.
"""
import json
import os
import signal
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, HERE)
from differential_values import run_case, same_value  # noqa: E402
from reliability_cases2 import all_cases  # noqa: E402

DATA = os.path.join(HERE, "..", "tests", "data", "reliability_cases2.json")
TIME_LIMIT = 20


class Hang(BaseException):
    pass


def environment(library):
    import numpy
    if library == "torch":
        import torch
        import torch.nn.functional as F
        from torch import nn
        from torch.utils.data import DataLoader, TensorDataset
    else:
        import tinytorch as torch
        from tinytorch import nn
        from tinytorch.utils.data import DataLoader, TensorDataset
        F = nn.functional
    return {"torch": torch, "nn": nn, "F": F, "np": numpy, "DataLoader": DataLoader, "TensorDataset": TensorDataset}


def child(library, start):
    """Run cases from ``start`` on, one JSON line each on stdout."""
    base = environment(library)

    def on_alarm(signum, frame):
        raise Hang()

    signal.signal(signal.SIGALRM, on_alarm)
    out = sys.stdout
    sys.stdout = open(os.devnull, "w")  # a case's prints must not mix with the outcomes
    for i, (name, code) in enumerate(all_cases()):
        if i < start:
            continue
        signal.alarm(TIME_LIMIT)
        try:
            outcome = run_case(dict(base), code)
        except Hang:
            outcome = {"hang": True}
        finally:
            signal.alarm(0)
        out.write(json.dumps({"i": i, "outcome": outcome}) + "\n")
        out.flush()


def run_all(library):
    """[outcome] for every case, crashes as {"crash": returncode}."""
    cases = all_cases()
    outcomes = [None] * len(cases)
    start = 0
    while start < len(cases):
        p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", library, str(start)],
                             stdout=subprocess.PIPE, text=True)
        last = start - 1
        for line in p.stdout:
            row = json.loads(line)
            outcomes[row["i"]] = row["outcome"]
            last = row["i"]
        p.wait()
        if last + 1 < len(cases):
            outcomes[last + 1] = {"crash": p.returncode}
            print(f"crash in {cases[last + 1][0]} (exit {p.returncode})", file=sys.stderr)
        start = last + 2
    return outcomes


def classify(recorded, got):
    """'same', 'wrong value', 'wrong type', 'wrong message', 'error where PyTorch computes',
    'computes where PyTorch raises', 'crash' or 'hang'."""
    if "crash" in got:
        return "crash"
    if "hang" in got:
        return "hang"
    if "error" in recorded:
        if "error" not in got:
            return "computes where PyTorch raises"
        if got["error"] != recorded["error"]:
            return "wrong type"
        return "same" if got["message"] == recorded["message"] else "wrong message"
    if "error" in got:
        return "error where PyTorch computes"
    return "same" if same_value(recorded["value"], got["value"]) else "wrong value"


TEST = os.path.join(HERE, "..", "tests", "test_reliability_differential2.py")

#: Why a case of each family is still open, by how it differs.
REASONS = {
    "wrong message": "message wording not yet PyTorch's",
    "wrong type": "exception type not yet PyTorch's",
    "computes where PyTorch raises": "argument not yet refused",
    "error where PyTorch computes": "not yet supported",
    "wrong value": "value differs",
}
FAMILIES = [("unary_", "unary elementwise functions"), ("binary_", "binary elementwise functions"),
            ("operator", "Python operators"), ("reduce", "reductions"), ("factory_", "factories"),
            ("shape_", "shape functions"), ("getitem_", "indexing"), ("setitem_", "index assignment"),
            ("setvalue_", "index assignment"), ("expanded_", "writes into expanded tensors"),
            ("overlap_", "overlapping in-place"), ("clamp_", "clamp"), ("F_", "nn.functional"),
            ("module_forward_", "module use"), ("module_", "module constructors"), ("autograd_", "autograd misuse"),
            ("misc_", "miscellaneous"), ("", "integer division extremes")]


#: Known reasons for particular open cases (the others get their family's and kind's reason).
SPECIFIC = {
    **dict.fromkeys(("autograd_backward_twice", "autograd_backward_twice_exp", "autograd_autograd_grad_twice"),
                    "kept: the freed-graph wording of the seed notebook (older PyTorch), which the seed-document "
                    "and REPL tests print"),
    **dict.fromkeys(("autograd_saved_modified_mul", "autograd_saved_modified_sigmoid", "autograd_saved_modified_tanh_out",
                     "autograd_inplace_relu_after_exp", "autograd_detach_inplace_shared",
                     "autograd_backward_after_no_grad_leaf_modify"),
                    "PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it"),
    **dict.fromkeys(("module_Conv1d_7", "module_Conv1d_9", "module_Conv2d_8", "F_conv1d_4"),
                    "PyTorch prints a Python set of the allowed strings: its order changes with PYTHONHASHSEED"),
    **dict.fromkeys(("factory_zeros_like_tr", "factory_ones_like_tr", "factory_empty_like_tr", "factory_rand_like_tr",
                     "factory_randn_like_tr"),
                    "*_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order "
                    "(memory_format=torch.preserve_format): same values and shape, other strides"),
    "F_conv1d_8": "PyTorch 2.13 returns shape (1, 0, 4) for 0 input channels and 1 output channel; tinytorch "
                  "(1, 1, 4) of zeros, the empty sum",
    **dict.fromkeys(("binary_pow_i64_i64max", "binary_pow_i64max_tneg1", "operator6_i64_i64max"),
                    "integer tensor ** negative integer tensor: PyTorch computes (1, -1 or 0), tinytorch refuses"),
    **dict.fromkeys(("shape_index_select_1", "shape_index_select_2"),
                    "PyTorch's exception type depends on its kernel path (IndexError along dim 0, RuntimeError "
                    "along dim 1 of a matrix); tinytorch always raises the RuntimeError"),
    **dict.fromkeys(("getitem_m23_list_float", "getitem_tr_list_float", "setitem_list_float"),
                    "PyTorch truncates a list of floats used as an index; tinytorch refuses it"),
    **dict.fromkeys(("module_Conv2d_1", "module_Conv2d_6", "module_ZeroPad2d_3", "module_Embedding_8",
                     "module_ParameterList_1", "module_Linear_9"),
                    "PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses "
                    "the argument at construction"),
    **dict.fromkeys(("F_linear_5", "F_mse_loss_0", "misc_matmul_nd", "misc_view_dtype", "F_conv2d_12",
                     "setitem_ellipsis_twice"),
                    "not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), "
                    "a 1-element stride list, two ellipses in an assignment)"),
}


def family(name):
    return next(label for prefix, label in FAMILIES if name.startswith(prefix))


def write_open_cases(open_cases):
    """Rewrite the test's block of open cases: {name: reason}, grouped and commented by reason."""
    lines = ["# BEGIN OPEN CASES (written by tools/record_reliability_cases2.py --update-open)"]
    for title, kinds in (("MESSAGE_DIFFERS", ("wrong message",)),
                         ("EXCLUDED", tuple(k for k in REASONS if k != "wrong message"))):
        groups = {}
        for name, kind in open_cases:
            if kind in kinds:
                groups.setdefault(SPECIFIC.get(name) or f"{family(name)}: {REASONS[kind]}", []).append(name)
        lines.append(f"{title} = {{")
        for reason in sorted(groups):
            lines += ["    # " + part for part in textwrap.wrap(f"{reason} ({len(groups[reason])})", 110)]
            for name in groups[reason]:
                lines.append(f"    {name!r}: {reason!r},")
        lines.append("}")
    lines.append("# END OPEN CASES")
    text = open(TEST).read()
    start, end = text.index("# BEGIN OPEN CASES"), text.index("# END OPEN CASES") + len("# END OPEN CASES")
    with open(TEST, "w") as f:
        f.write(text[:start] + "\n".join(lines) + text[end:])


def compare(update_open=False):
    recorded = {c["name"]: c for c in json.load(open(DATA))["cases"]}
    outcomes = run_all("tinytorch")
    figures = {}
    open_cases = []
    for (name, code), got in zip(all_cases(), outcomes):
        kind = classify(recorded[name], got)
        figures.setdefault(kind, []).append(name)
        if kind in REASONS:
            open_cases.append((name, kind))
    if update_open:
        write_open_cases(open_cases)
    print(f"cases: {len(outcomes)}")
    for kind, names in sorted(figures.items()):
        print(f"{kind}: {len(names)}")
    for kind, names in sorted(figures.items()):
        if kind != "same":
            print(f"\n== {kind}:")
            for n in names:
                print("  ", n)


def main():
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2], int(sys.argv[3]))
    if sys.argv[1:2] in (["--compare"], ["--update-open"]):
        return compare(update_open=sys.argv[1] == "--update-open")
    import torch
    outcomes = run_all("torch")
    cases = [{"name": name, "code": code, **outcome} for (name, code), outcome in zip(all_cases(), outcomes)]
    bad = [c["name"] for c in cases if "crash" in c or "hang" in c]
    if bad:
        print(f"PyTorch crashed or hung in {bad}", file=sys.stderr)
    with open(DATA, "w") as f:
        json.dump({"recorded_with": f"torch {torch.__version__}", "cases": cases}, f, indent=0)
        f.write("\n")
    print(f"{len(cases)} cases recorded in {os.path.normpath(DATA)}", file=sys.stderr)


if __name__ == "__main__":
    main()
