"""``%graph EXPR [--dot FILE]``: the backward graph of a tensor, as a text tree or Graphviz DOT
(in a notebook, ``session.inline_images``: an SVG drawing, see ``pictures``).

Each line is one node, from the tensor down to the leaves (``MAX_DEPTH`` levels at most): the session's name for its
tensor (if it has one), the ``grad_fn`` name, the output shape, its op attributes and what
it saved.  Inputs that need no gradient appear as ``constant``; a node reached a second
time (``y * y``) is printed once and then referred to.  With ``--dot FILE`` the same graph
is written as DOT, and rendered to PNG beside it when the ``dot`` program is installed.
"""
import os
import shlex
import shutil
import subprocess

import numpy as np

from . import derivatives as dv
from . import graphmodel as gm
from . import i18n
from .magics import UsageError, magic, tensor_arg, usage_of

i18n.register(
    {"graph_shown_above": "shown above", "graph_more": "… {n} more nodes below (the DOT output has them all)"},
    {"graph_shown_above": "위에 나옴", "graph_more": "… 아래에 노드 {n}개 더 (DOT 출력에는 모두 있습니다)"},
)

USAGE = "%graph EXPR [--dot FILE]"
#: Deeper nodes are counted instead of drawn (a loop can build thousands of levels).
MAX_DEPTH = 30


def parse_args(args):
    """(expression, dot file or None) from ``EXPR [--dot FILE]``."""
    expr, _, dot = args.partition("--dot")
    expr = expr.strip()
    if not expr:
        raise UsageError(USAGE)
    dot_path = None
    if _:
        parts = shlex.split(dot)
        if len(parts) != 1:
            raise UsageError(USAGE)
        dot_path = parts[0]
    return expr, dot_path


class GraphView:
    """Everything one drawing needs: nodes in order, names, shapes, saved arrays."""

    def __init__(self, session, tensor):
        self.session = session
        self.tensor = tensor
        self.named, self.leaves = gm.names(session)
        self.root = tensor.grad_fn
        saved_of = session.recorder.saved_arrays
        self.saved_of = saved_of
        grad = np.zeros(tuple(tensor.shape), tensor.detach().numpy().dtype)
        self.replay = gm.replay(self.root, grad, saved_of)

    def name(self, node):
        return gm.node_name(node, self.named, self.leaves)

    def shape(self, node):
        if gm.is_leaf_node(node):
            return tuple(node.variable.shape)
        if node is self.root:
            return tuple(self.tensor.shape)
        return self.replay.shape(node)

    def details(self, node):
        """The text after a node's name: shape, attributes, saved arrays or leaf state."""
        text = self.session.text
        parts = [gm.format_shape(self.shape(node))]
        if gm.is_leaf_node(node):
            grad = node.variable.grad
            parts.append(text("graph_leaf_grad", grad=gm.describe_array(grad.detach().numpy()))
                         if grad is not None else text("graph_leaf_nograd"))
            return "  ".join(parts)
        parts.extend(gm.attributes(node))
        saved = self.saved_of(node)
        if saved:
            parts.append(text("graph_saved") + ": " + ", ".join(gm.describe_array(a) for a in saved))
        if getattr(node, "_freed", False):
            parts.append(f"[{text('graph_freed')}]")
        return "  ".join(parts)

    def constants(self, node):
        """Per input: the value of a constant number input when the node saved it, else None."""
        rule = dv.rule(node)
        if rule is None or not rule.saved_inputs:
            return []
        out = []
        for a in self.saved_of(node):
            arr = None if a is None else np.asarray(a)
            uniform = arr is not None and arr.size and np.all(arr == arr.flat[0])
            out.append(float(arr.flat[0]) if uniform else None)
        return out

    def label(self, node):
        name = self.name(node)
        return f"{name}  {node.name()}" if name else node.name()


def text_tree(view):
    """The graph below ``view.root`` as lines of a tree (an explicit stack: any depth works)."""
    lines, shown = [], set()
    # (node or None, indentation so far, connector, indentation for its children, constant value)
    stack = [(view.root, "", "", "", None)]
    while stack:
        node, prefix, connector, child_prefix, constant = stack.pop()
        if node is None:
            value = "" if constant is None else f" {gm.format_number(constant)}"
            lines.append(f"{prefix}{connector}{view.session.text('graph_const')}{value}")
            continue
        if len(prefix) >= 3 * MAX_DEPTH:
            hidden = sum(1 for n in gm.topological(node) if n not in shown)
            lines.append(f"{prefix}{connector}{view.session.text('graph_more', n=hidden)}")
            continue
        if node in shown:
            lines.append(f"{prefix}{connector}{view.label(node)}  ({view.session.text('graph_shown_above')})")
            continue
        shown.add(node)
        lines.append(f"{prefix}{connector}{view.label(node)}  {view.details(node)}")
        children = [n for n, _ in node.next_functions]
        constants = view.constants(node)
        for i in reversed(range(len(children))):
            last = i == len(children) - 1
            stack.append((children[i], prefix + child_prefix, "└─ " if last else "├─ ", "   " if last else "│  ",
                          constants[i] if i < len(constants) else None))
    return lines


def graph_items(view):
    """The drawing of the graph below ``view.root``, shared by DOT and the built-in SVG layout:
    (boxes, edges).  A box is (id, label lines, kind), kind "leaf", "node" or "constant" (an
    input that needs no gradient); an edge (from id, to id) goes from a node to one of its inputs."""
    ids, boxes, edges = {}, [], []
    order = gm.topological(view.root)
    for node in order:
        ids[node] = f"n{len(ids)}"
        name = view.name(node)
        lines = [x for x in (name, node.name(), gm.format_shape(view.shape(node))) if x]
        boxes.append((ids[node], lines, "leaf" if gm.is_leaf_node(node) else "node"))
    consts = 0
    for node in order:
        values = view.constants(node)
        for i, (child, _) in enumerate(node.next_functions):
            if child is None:
                consts += 1
                value = values[i] if i < len(values) else None
                label = view.session.text("graph_const") + ("" if value is None else f" {gm.format_number(value)}")
                boxes.append((f"c{consts}", [label], "constant"))
                edges.append((ids[node], f"c{consts}"))
            else:
                edges.append((ids[node], ids[child]))
    return boxes, edges


def dot_source(view):
    """The graph as Graphviz DOT: one box per node, arrows from each node to its inputs."""
    boxes, edges = graph_items(view)
    out = ["digraph backward {", '  node [shape=box, fontname="monospace"];']
    for box_id, lines, kind in boxes:
        if kind == "constant":
            continue
        label = "\\n".join(_dot_escape(x) for x in lines)
        style = ', style=filled, fillcolor="lightblue"' if kind == "leaf" else ""
        out.append(f'  {box_id} [label="{label}"{style}];')
    constants = {box_id: lines for box_id, lines, kind in boxes if kind == "constant"}
    for source, target in edges:
        if target in constants:
            out.append(f'  {target} [label="{_dot_escape(constants[target][0])}", shape=plaintext];')
        out.append(f"  {source} -> {target};")
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def write_dot(view, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(dot_source(view))
    view.session.say("graph_dot_written", path=path)
    if shutil.which("dot"):
        png = os.path.splitext(path)[0] + ".png"
        result = subprocess.run(["dot", "-Tpng", path, "-o", png], capture_output=True, timeout=60)
        if result.returncode == 0:
            view.session.say("graph_png_written", path=png)


@magic("graph", USAGE)
def graph(session, args):
    expr, dot_path = parse_args(args)
    tensor = tensor_arg(session, expr)
    if tensor.grad_fn is None:
        name = expr
        if tensor.requires_grad:
            grad = tensor.grad
            state = (session.text("graph_leaf_grad", grad=gm.describe_array(grad.detach().numpy())) if grad is not None
                     else session.text("graph_leaf_nograd"))
            session.say("graph_leaf", name=name, state=state)
        else:
            session.say("graph_no_grad", name=name)
        return
    view = GraphView(session, tensor)
    if dot_path:
        try:
            write_dot(view, dot_path)
        except OSError as error:
            raise UsageError(f"{usage_of('graph')}: {error.strerror}: {dot_path}") from None
        return
    lines = text_tree(view)
    if session.inline_images:  # a notebook: the drawing inline, the tree as its text form
        from . import pictures

        svg, renderer = pictures.graph_svg(view)
        return pictures.GraphPicture(svg, "\n".join(lines), renderer)
    print("\n".join(lines))
