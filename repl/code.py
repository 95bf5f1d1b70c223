"""``%code NODE_OR_EXPR``: where an autograd node's forward, derivative formula and kernel live,
as ``file:line`` and the code itself, so a learner goes from the REPL straight into the library.

NODE_OR_EXPR is a node's name (``%code MulBackward0``), a node (``%code y.grad_fn``) or a tensor
whose ``grad_fn`` is meant (``%code y``).  Printed, in order:

* the node: for an op-table row, the row (name, node, kernel, the derivative formula); otherwise
  the node class's source (its ``forward`` and its derivative, one formula per input);
* the kernel: for an elementwise op, its branch of ``unary_kernel`` / ``binary_kernel``; for
  other nodes, the kernel functions their forward calls, with their locations;
* the ops that make the node: the public functions (``tinytorch.mul``) whose code names it.
"""
import inspect
import os
import re
import textwrap

from . import i18n
from .magics import UsageError, magic

USAGE = "%code NODE_OR_EXPR   (a node's name such as MulBackward0, a grad_fn, or a tensor)"

i18n.register(
    {"help_code": "where a node's forward, derivative formula and kernel live (file:line), and their code",
     "code_unknown": "%code: {arg} is neither a node's name nor an expression ({error})",
     "code_leaf": "%code: {arg} has no grad_fn (a leaf, or made without grad): no node to show",
     "code_not_node": "%code: {arg} is a {kind}, not a tensor or an autograd node",
     "code_row": "{node}: a row of the op table, {where} (name, node, kernel, derivative formula):",
     "code_node": "{node}: {where} (forward and derivative):",
     "code_no_source": "source not available",
     "code_kernel": "kernel: the branch of {name}, {where}:",
     "code_kernels": "kernels its forward calls:",
     "code_made_by": "made by:"},
    {"help_code": "노드의 순전파, 미분 공식, 커널이 있는 곳 (파일:줄)과 그 코드",
     "code_unknown": "%code: {arg}은(는) 노드 이름도 식도 아닙니다 ({error})",
     "code_leaf": "%code: {arg}에는 grad_fn이 없습니다 (잎 텐서이거나 기울기 없이 만들어짐): 보여 줄 노드가 없습니다",
     "code_not_node": "%code: {arg}은(는) {kind}입니다. 텐서나 autograd 노드가 아닙니다",
     "code_row": "{node}: 연산 표의 한 줄, {where} (이름, 노드, 커널, 미분 공식):",
     "code_node": "{node}: {where} (순전파와 미분):",
     "code_no_source": "소스를 찾을 수 없음",
     "code_kernel": "커널: {name}의 분기, {where}:",
     "code_kernels": "순전파가 부르는 커널:",
     "code_made_by": "만드는 함수:"})


def _where(path, line):
    import tinytorch
    base = os.path.dirname(os.path.dirname(os.path.abspath(tinytorch.__file__)))
    path = os.path.abspath(path)
    return f"{os.path.relpath(path, base) if path.startswith(base) else path}:{line}"


def _node_classes():
    """Every node class of the library (and of the session), by name."""
    import tinytorch.nn.functional  # noqa: F401  (its ops' nodes)
    from tinytorch.autograd.node import Node
    found, stack = {}, [Node]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            found.setdefault(sub.__name__, sub)
            stack.append(sub)
    return found


def node_class(session, arg):
    """The node class ``arg`` names or evaluates to."""
    from tinytorch import Tensor
    from tinytorch.autograd.node import Node
    arg = arg.strip()
    if not arg:
        raise UsageError()
    classes = _node_classes()
    if arg in classes:
        return classes[arg]
    try:
        value = session.evaluate(arg)
    except Exception as error:  # noqa: BLE001 - any failure to evaluate is a usage error here
        raise UsageError(session.text("code_unknown", arg=arg, error=f"{type(error).__name__}: {error}")) from None
    if isinstance(value, Tensor):
        if value.grad_fn is None:
            raise UsageError(session.text("code_leaf", arg=arg))
        value = value.grad_fn
    if isinstance(value, Node):
        return type(value)
    if isinstance(value, type) and issubclass(value, Node):
        return value
    raise UsageError(session.text("code_not_node", arg=arg, kind=type(value).__name__))


def _table_row(name):
    from tinytorch.ops import table
    for row in table.UNARY + table.BINARY:
        if name in (row.node, getattr(row, "scalar_node", None), getattr(row, "scalar_first_node", None)):
            return row
    return None


def _statement_lines(path, line):
    """The source lines of the table row (a ``Unary(...)``/``Binary(...)`` call) around ``line``."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = line - 1
    while start > 0 and not re.match(r"\s*(Unary|Binary)\(", lines[start]):
        start -= 1
    depth, end = 0, start
    for end in range(start, len(lines)):
        depth += lines[end].count("(") - lines[end].count(")")
        if depth <= 0:
            break
    return start + 1, lines[start:end + 1]


def _kernel_branch(code, kernel_name):
    """(location, lines) of the ``op == NAME`` branch for op code ``code`` in ``kernel_name``."""
    from tinytorch.kernels import elementwise as ew
    function = getattr(ew, kernel_name)
    function = getattr(function, "py_func", function)
    lines, first = inspect.getsourcelines(function)
    names = {n for n, v in vars(ew).items() if n.isupper() and isinstance(v, int) and v == code}
    for i, text in enumerate(lines):
        match = re.match(r"(\s*)(?:el)?if op == ([A-Z0-9_]+)\b", text)
        if match and match.group(2) in names:
            indent, j = match.group(1), i + 1
            while j < len(lines) and (lines[j].startswith(indent + " ") or not lines[j].strip()):
                j += 1
            return _where(inspect.getsourcefile(function), first + i), [t.rstrip("\n") for t in lines[i:j]]
    return None


def _called_kernels(cls):
    """(name, location) of the kernel functions that ``cls``'s forward (and its helpers) call."""
    import tinytorch.kernels as kernels
    module = inspect.getmodule(cls)
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return []
    found = []
    for alias, attr in re.findall(r"\b([a-z_]\w*)\.([a-z_]\w*)\(", source):
        target = getattr(module, alias, None)
        if inspect.ismodule(target) and target.__name__.startswith(kernels.__name__ + "."):
            function = getattr(target, attr, None)
            function = getattr(function, "py_func", function)
            if inspect.isfunction(function):
                entry = (f"{target.__name__.rsplit('.', 1)[1]}.{attr}",
                         _where(inspect.getsourcefile(function), inspect.getsourcelines(function)[1]))
                if entry not in found:
                    found.append(entry)
    return found


def _makers(name):
    """``tinytorch.<f>`` and ``F.<f>`` for the public functions whose own code names node ``name``."""
    import tinytorch.nn.functional as F
    from tinytorch.ops import registry
    functional = {n: f for n, f in vars(F).items() if not n.startswith("_") and inspect.isfunction(f)}
    found = []
    for prefix, functions in (("tinytorch", registry.FUNCTIONS), ("F", functional)):
        for public, function in sorted(functions.items()):
            code = getattr(function, "__code__", None)
            if code is not None and (name in code.co_names or name in code.co_consts):
                found.append((f"{prefix}.{public}", _where(code.co_filename, code.co_firstlineno)))
    return found


def describe(session, cls):
    """The lines ``%code`` prints for node class ``cls``."""
    out = []
    row = _table_row(cls.__name__)
    if row is not None:
        path = inspect.getsourcefile(row.grad if callable(row.grad) else row.grads[0])
        first = (row.grad if callable(row.grad) else row.grads[0]).__code__.co_firstlineno
        start, lines = _statement_lines(path, first)
        out.append(session.text("code_row", node=cls.__name__, where=_where(path, start)))
        out += textwrap.indent(textwrap.dedent("\n".join(lines)), "    ").split("\n")
        code = row.kernel if isinstance(row.kernel, int) else None
        kernel_name = "unary_kernel" if hasattr(row, "numpy") else "binary_kernel"
    else:
        try:
            lines, first = inspect.getsourcelines(cls)
            path = inspect.getsourcefile(cls)
        except (OSError, TypeError):
            lines, first, path = [], 0, None
        out.append(session.text("code_node", node=cls.__name__,
                                where=_where(path, first) if path else session.text("code_no_source")))
        out += ["    " + line.rstrip("\n") for line in lines]
        from tinytorch.ops.elementwise import _Binary
        code, kernel_name = (cls.op if issubclass(cls, _Binary) else None), "binary_kernel"
    branch = _kernel_branch(code, kernel_name) if isinstance(code, int) else None
    if branch is not None:
        out.append(session.text("code_kernel", name=kernel_name, where=branch[0]))
        out += textwrap.indent(textwrap.dedent("\n".join(branch[1])), "    ").split("\n")
    else:
        kernels = _called_kernels(cls)
        if kernels:
            out.append(session.text("code_kernels"))
            out += [f"    {name}  {where}" for name, where in kernels]
    makers = _makers(cls.__name__) or ([(f"tinytorch.{row.name}", "")] if row is not None else [])
    if makers:
        out.append(session.text("code_made_by") + " " + ", ".join(
            f"{name} ({where})" if where else name for name, where in makers))
    return out


@magic("code", USAGE)
def code(session, args):
    print("\n".join(describe(session, node_class(session, args))))
