"""Every third-party module the installed packages import is a declared dependency.

The imports of ``tinytorch`` and ``tinytorch_repl`` are read from their source with ``ast``
(no code runs).  A module-level import of a third-party module must name a distribution in
``[project] dependencies``; an import inside a function (loaded on first use) may instead
name one of a non-test optional extra, and must then sit in a ``try`` that turns the
``ImportError`` into a message naming the extra.  ``torch`` is never imported.
"""
import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"tinytorch": ROOT / "tinytorch", "tinytorch_repl": ROOT / "repl"}
#: Import names that differ from the distribution's normalised name.
IMPORT_NAMES = {"pillow": "PIL", "ipython": "IPython", "pyyaml": "yaml"}


def _requirement_name(req):
    return re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].strip().lower().replace("-", "_")


def _import_names(requirements):
    names = set()
    for req in requirements:
        dist = _requirement_name(req)
        names.add(IMPORT_NAMES.get(dist, dist))
        try:
            top = metadata.distribution(dist).read_text("top_level.txt") or ""
            names.update(top.split())
        except metadata.PackageNotFoundError:
            pass
    return names


def _project():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _imports(path):
    """[(top-level module name, at module level?, inside a try that catches ImportError?)]."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []

    def visit(node, in_function, guarded):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((a.name.split(".")[0], not in_function, guarded) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module.split(".")[0], not in_function, guarded))
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True, guarded)
            elif isinstance(child, ast.Try) and any(_catches_import_error(h) for h in child.handlers):
                for stmt in child.body:
                    visit(ast.Module(body=[stmt], type_ignores=[]), in_function, True)
                for part in child.handlers + child.orelse + child.finalbody:
                    visit(part, in_function, guarded)
            else:
                visit(child, in_function, guarded)

    visit(tree, False, False)
    return found


def _catches_import_error(handler):
    names = []
    t = handler.type
    for e in (t.elts if isinstance(t, ast.Tuple) else [t]):
        if isinstance(e, ast.Name):
            names.append(e.id)
    return t is None or bool({"ImportError", "ModuleNotFoundError", "Exception"} & set(names))


def _third_party_imports():
    own = set(PACKAGES)
    for package, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            for name, module_level, guarded in _imports(path):
                if name in sys.stdlib_module_names or name in own or name == "__future__":
                    continue
                yield path.relative_to(ROOT), name, module_level, guarded


def test_the_import_walk_sees_the_known_dependencies():
    names = {name for _, name, _, _ in _third_party_imports()}
    assert {"numpy", "numba", "prompt_toolkit", "pygments"} <= names


def test_module_level_imports_are_declared_dependencies():
    declared = _import_names(_project()["dependencies"])
    missing = sorted({(str(p), n) for p, n, module_level, _ in _third_party_imports()
                      if module_level and n not in declared})
    assert missing == [], f"imported at module level but not in [project] dependencies: {missing}"


def test_lazy_imports_are_dependencies_or_a_guarded_optional_extra():
    project = _project()
    declared = _import_names(project["dependencies"])
    extras = {name: _import_names(reqs) for name, reqs in project.get("optional-dependencies", {}).items()
              if name != "test"}
    optional = set().union(*extras.values()) if extras else set()
    bad = []
    for path, name, module_level, guarded in _third_party_imports():
        if module_level or name in declared:
            continue
        if name not in optional or not guarded:
            bad.append((str(path), name))
    assert bad == [], ("imported lazily but neither a dependency nor a guarded import of an optional "
                       f"extra: {sorted(set(bad))}")


def test_torch_is_never_imported():
    assert [(str(p), n) for p, n, _, _ in _third_party_imports() if n == "torch"] == []


def test_the_walk_classifies_imports(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("import numpy as np\n"
                   "def f():\n"
                   "    try:\n"
                   "        import IPython\n"
                   "    except ImportError as e:\n"
                   "        raise ImportError('pip install tinytorch-numba[jupyter]') from e\n"
                   "    import scipy.linalg\n")
    assert _imports(src) == [("numpy", True, False), ("IPython", False, True), ("scipy", False, False)]
