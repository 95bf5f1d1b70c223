"""The seed notebook run as a real ``.ipynb`` by a real kernel (nbclient + ipykernel), with the
extension loaded the way a learner would: ``%load_ext tinytorch_repl`` and ``%torch_alias on``
first, then the document's cells unchanged (``import torch`` included), then the magics.

Each document cell's output must be the document's text: to the character where it does not
depend on the random generator; for the random cells (an object address, the doubling loop of
In [11], ``print(y)`` in In [17]) the same number of lines in the same format, with the values
PyTorch printed for the same cells after ``manual_seed(0)`` (``test_seed_document``).  The
kernel runs this interpreter (a kernelspec in tmp_path points to ``sys.executable``).
"""
import base64
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from test_repl_pictures import decode_png
from test_seed_document import DOUBLING, NODE_ADDRESS, PYTORCH_SEED0_RANDOM_CELLS

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = (ROOT / "tests" / "data" / "seed_notebook.txt").read_text(encoding="utf-8")
#: How the document's output lines begin (a cell's code ends before the first one).
OUTPUT_START = ("tensor(", "True", "False", "None", "<SumBackward0", "RuntimeError:")
JUPYTER_EXTRA = ("IPython", "ipykernel", "nbclient", "nbformat")
MISSING = [name for name in JUPYTER_EXTRA if importlib.util.find_spec(name) is None]
needs_extra = pytest.mark.skipif(
    bool(MISSING), reason=f"the jupyter extra is not installed (no {', '.join(MISSING)}): "
                          "pip install -e '.[jupyter]' (CI installs it with the test extra)")

SETUP = "%load_ext tinytorch_repl\n%torch_alias on\nimport torch\ntorch.manual_seed(0);"
#: After the document's cells: (name, source) of the cells that try the extension.
EXTRA_CELLS = [
    ("graph", "%graph y"),
    ("graph_quiet", "%graph y;"),
    ("show", "%show torch.arange(6.).reshape(2, 3)"),
    ("code", "%code MulBackward0"),
    ("names", "x.dtype, x.grad.shape"),
    ("alias_off", "%torch_alias off\ntry:\n    import torch as t2\nexcept ImportError:\n    t2 = None\n"
                  "print(getattr(t2, '__name__', None) != 'tinytorch')"),
    ("unload", "%unload_ext tinytorch_repl\nx.dtype"),
]


def document_cells(text):
    """[(code, output lines)] of each ``In [n]:`` cell of the document: the code, and the lines of
    its output (they start with one of OUTPUT_START and end at the first blank line)."""
    cells = []
    for block in re.split(r"^In \[[^\]]*\]:\n", text, flags=re.M)[1:]:
        lines = block.split("\n")
        code, blank, start = [], False, len(lines)
        for i, line in enumerate(lines):
            if (blank or not code) and line.startswith(OUTPUT_START):
                start = i
                break
            code.append(line)
            blank = not line.strip()
        output = []
        for line in lines[start:]:
            if not line.strip():
                break
            output.append(line)
        cells.append(("\n".join(code).strip(), output))
    return cells


def test_the_document_has_the_cells_the_test_expects():
    cells = document_cells(DOCUMENT)
    assert [c for c, _ in cells][0] == "import torch" and len(cells) == 12
    assert cells[6][0].startswith("print(out.backward())") and cells[6][1][0].startswith("RuntimeError: ")
    assert len(cells[8][1]) == 9 and all(DOUBLING.match(line) for line in cells[8][1])  # In [11]
    assert cells[-1] == ("import torch", [])


def _kernelspec(tmp_path):
    """A kernel named python3 that runs this interpreter, and the manager that finds it."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    folder = tmp_path / "kernels" / "python3"
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tinytorch tests)", "language": "python"}))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    assert specs.get_kernel_spec("python3").argv[0] == sys.executable
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The executed notebook: {name: its cell}, names "setup", "In [k]" (the k-th document cell,
    1-based), "explain_45", "explain_vjp" and those of EXTRA_CELLS."""
    import nbformat
    from nbclient import NotebookClient

    tmp_path = tmp_path_factory.mktemp("jupyter")
    names, cells = ["setup"], [nbformat.v4.new_code_cell(SETUP)]
    for k, (code, _) in enumerate(document_cells(DOCUMENT), 1):
        cell = nbformat.v4.new_code_cell(code)
        if code.startswith("print(out.backward())"):
            cell.metadata["tags"] = ["raises-exception"]  # the document shows its RuntimeError
        names.append(f"In [{k}]")
        cells.append(cell)
        if code.startswith("print(x)\nprint(x.grad)"):            # In [10]: x.grad is 4.5
            names.append("explain_45")
            cells.append(nbformat.v4.new_code_cell("%explain x.grad"))
        if "y.backward(gradients)" in code:                       # In [17]: a vector-Jacobian product
            names.append("explain_vjp")
            cells.append(nbformat.v4.new_code_cell("%explain x.grad"))
    for name, source in EXTRA_CELLS:
        names.append(name)
        cells.append(nbformat.v4.new_code_cell(source))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "seed.ipynb"
    nbformat.write(notebook, path)

    mp = pytest.MonkeyPatch()
    mp.setenv("IPYTHONDIR", str(tmp_path / "ipython"))         # no history or profile outside tmp_path
    mp.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    try:
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, km=_kernelspec(tmp_path), timeout=120, allow_errors=False,
                                resources={"metadata": {"path": str(tmp_path)}})
        client.execute()
    finally:
        mp.undo()
    nbformat.write(notebook, path)
    return dict(zip(names, notebook.cells))


def _stdout(cell):
    return "".join(o["text"] for o in cell.outputs if o["output_type"] == "stream" and o["name"] == "stdout")


def _result(cell, mime="text/plain"):
    found = [o["data"][mime] for o in cell.outputs if o["output_type"] == "execute_result"]
    assert len(found) == 1, cell.outputs
    return found[0]


def _printed(cell):
    """What the cell shows as text, as the document writes it: printed lines, the value, the error."""
    lines = _stdout(cell).splitlines()
    for o in cell.outputs:
        if o["output_type"] == "execute_result":
            lines += o["data"]["text/plain"].splitlines()
        elif o["output_type"] == "error":
            lines.append(f"{o['ename']}: {o['evalue']}")
    return lines


@needs_extra
def test_every_deterministic_cell_prints_the_document_text(executed):
    seed_random = PYTORCH_SEED0_RANDOM_CELLS.splitlines()
    for k, (code, expected) in enumerate(document_cells(DOCUMENT), 1):
        cell = executed[f"In [{k}]"]
        assert cell.source == code
        got = _printed(cell)
        if "while y.data.norm() < 1000:" in code:            # In [11]: random values, doubled each line
            assert len(got) == len(expected) and all(DOUBLING.match(line) for line in got)
            assert got == seed_random[:9]
        elif "y.backward(gradients)" in code:                # In [17]: print(y) is random, x.grad is not
            assert got == seed_random[9:11] and got[1] == expected[1]
        else:
            assert len(got) == len(expected), (k, got, expected)
            for line, want in zip(got, expected):
                if NODE_ADDRESS.match(want):
                    assert NODE_ADDRESS.match(line), (k, line)
                else:
                    assert line == want, (k, line, want)


@needs_extra
def test_the_setup_cell_loads_the_extension_and_the_alias(executed):
    out = _stdout(executed["setup"])
    assert out.startswith("import torch now gives tinytorch") and not executed["setup"].outputs[1:]


@needs_extra
def test_explain_in_a_cell_shows_the_chain_rule(executed):
    first = _stdout(executed["explain_45"])
    number = executed["In [6]"].execution_count   # In [8] of the document: out.backward()
    assert first.startswith(f"x.grad = d out/d x: out.backward() in In [{number}] applied the chain rule")
    assert "d out/d z = 1/4" in first and "d z/d y = 6y = 18" in first and "x.grad = 1/4 · 18 · 1 = 4.5" in first
    vjp = _stdout(executed["explain_vjp"])
    assert vjp.startswith("x.grad = vᵀ·J: y.backward(gradients) in In [")
    assert "J = 1024·I" in vjp and "1024 · gradients = tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])" in vjp


@needs_extra
def test_graph_is_an_inline_svg(executed):
    cell = executed["graph"]
    svg = _result(cell, "image/svg+xml")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "MulBackward0" in texts and "AccumulateGrad" in texts and "(3,)" in texts
    # Graphviz draws it when its dot program is on PATH (its SVG names the graph), else the built-in layout
    assert ("<title>backward</title>" in svg) == (shutil.which("dot") is not None)
    assert _result(cell).startswith("y  MulBackward0  (3,)")  # the plain-text form: the terminal's tree
    assert executed["graph_quiet"].outputs == []  # a trailing ; hides it


@needs_extra
def test_show_is_an_inline_png(executed):
    cell = executed["show"]
    assert _stdout(cell) == "2×3 pixels, black = 0, white = 5\n"
    width, height, color, pixels = decode_png(base64.b64decode(_result(cell, "image/png")))
    assert (width, height, color) == (48, 32, 0)  # each value a 16 x 16 square
    np.testing.assert_array_equal(pixels[::16, ::16], [[0, 51, 102], [153, 204, 255]])


@needs_extra
def test_code_and_torch_module_names(executed):
    assert _stdout(executed["code"]).startswith("MulBackward0: tinytorch/ops/")
    assert _result(executed["names"]) == "(torch.float32, torch.Size([3]))"


@needs_extra
def test_alias_off_and_unload(executed):
    assert _stdout(executed["alias_off"]) == ("import torch imports what plain Python finds (PyTorch, if installed).\n"
                                              "True\n")
    assert _result(executed["unload"]) == "tinytorch.float32"


def test_the_terminal_repl_and_the_extension_modules_never_import_ipython():
    script = ("import sys, tinytorch_repl, tinytorch_repl.__main__, tinytorch_repl.shell, tinytorch_repl.notebook, "
              "tinytorch_repl.pictures, tinytorch_repl.magics as m; m._load_all(); "
              "print(sorted(n for n in sys.modules if n.split('.')[0] in "
              "('IPython', 'ipykernel', 'nbclient', 'nbformat', 'jupyter_client')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout == "[]\n"
