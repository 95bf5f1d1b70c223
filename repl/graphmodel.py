"""What %graph and %explain know about a backward graph, read through the public node API.

A node is a ``tensor.grad_fn``: ``name()``, ``next_functions`` (pairs ``(node or None, 0)``,
None for an input that needs no gradient), ``AccumulateGrad`` with ``.variable`` at leaves,
its saved arrays (``_saved``; after a backward pass, the copy the session's recorder kept)
and op attributes such as ``dims`` or ``exponent``.

* ``names(session)``: {node: session variable name} for named tensors and leaves.
* ``topological(root)``: the nodes reachable from ``root``, each before its inputs.
* ``replay(root, grad, saved_of)``: the gradient arriving at every node when ``grad`` is
  propagated from ``root`` by the nodes' own ``backward`` methods — the chain rule with
  numbers.  A node whose saved arrays were freed runs as a copy holding the recorded
  arrays, so the session's graph is never modified; one whose arrays are gone for good
  is listed in ``freed`` and the replay does not go past it.
"""
import copy

import numpy as np


def is_leaf_node(node):
    return node.name() == "AccumulateGrad"


def names(session):
    """{node: name}: a tensor's ``grad_fn`` and a leaf's ``AccumulateGrad`` get its name (a variable,
    or a module's parameter such as ``model[0].weight``)."""
    result, leaves = {}, {}
    for name, value in session.named_tensors():
        if value.grad_fn is not None:
            result.setdefault(value.grad_fn, name)
        elif value.requires_grad:
            leaves.setdefault(id(value), name)
    return result, leaves


def node_name(node, named, leaves):
    """The session's name for ``node``'s tensor, or None."""
    if is_leaf_node(node):
        return leaves.get(id(node.variable))
    return named.get(node)


def topological(root):
    """Nodes reachable from ``root``, every node before all of its inputs (Kahn's order)."""
    from tinytorch.autograd.engine import dependencies

    indegree, order = {root: 0, **dependencies([root])}, []
    ready = [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return order


def runnable(node, saved_of):
    """``node`` itself, or a copy holding its recorded saved arrays; None if they are gone."""
    if not getattr(node, "_freed", False):
        return node
    saved = saved_of(node)
    if not saved:
        return None
    revived = copy.copy(node)
    revived._saved, revived._freed = saved, False
    return revived


class Replay:
    """The result of ``replay``: ``grads`` {node: gradient array}, ``freed``: nodes not run."""

    def __init__(self, grads, freed, errors):
        self.grads, self.freed, self.errors = grads, freed, errors

    def shape(self, node):
        g = self.grads.get(node)
        return None if g is None else tuple(g.shape)


def replay(root, grad, saved_of, stop=(), within=None):
    """Propagate array ``grad`` from node ``root`` to the leaves (see the module docstring),
    by the library's own engine in its observing mode: no ``.grad``, hook or saved array of
    the session changes.

    ``stop``: nodes that receive their gradient but do not pass it on; ``within``: if given,
    the only nodes that receive gradients (the others are cut off)."""
    from tinytorch.autograd.engine import run_backward

    capture = {node: None for node in topological(root)}
    freed, errors = [], {}

    def apply(node, g):
        nothing = (None,) * len(node.next_functions)
        if node in stop:
            return nothing
        runner = runnable(node, saved_of)
        if runner is None:
            freed.append(node)
            return nothing
        try:
            inputs = runner.backward(g)
        except RuntimeError as error:
            errors[node] = str(error)
            return nothing
        if within is None:
            return inputs
        return [gi if nxt in within else None for (nxt, _), gi in zip(node.next_functions, inputs)]

    run_backward([root], [grad], retain_graph=True, capture=capture, apply=apply)
    grads = {node: np.asarray(g) for node, g in capture.items() if g is not None}
    return Replay(grads, freed, errors)


def reaching(root, target):
    """The nodes below ``root`` from which ``target`` can be reached (``target`` included)."""
    order = topological(root)
    can = {target}
    for node in reversed(order):
        if any(n in can for n, _ in node.next_functions if n is not None):
            can.add(node)
    return can


def dominates(top, middle, target, nodes):
    """True when every path from ``top`` to ``target`` inside ``nodes`` goes through ``middle``."""
    stack, seen = [top], {top}
    while stack:
        node = stack.pop()
        if node is target:
            return False
        for nxt, _ in node.next_functions:
            if nxt is not None and nxt is not middle and nxt in nodes and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return True


def format_number(value):
    """A float the short way a person writes it: 4.5, 0.25, 1024, 1e-04."""
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def describe_array(array):
    """``()`` 3 / ``(2, 2)`` all 9 / ``(3,) float32``: an array's shape and value when simple
    (``-`` for a slot the node left empty because no gradient needs it)."""
    if array is None:
        return "-"
    array = np.asarray(array)
    shape = "(" + ", ".join(str(s) for s in array.shape) + ("," if array.ndim == 1 else "") + ")"
    if array.size and array.dtype.kind in "fiub":
        first = array.flat[0]
        if array.size == 1:
            return f"{shape} {format_number(first)}"
        if np.all(array == first):
            return f"{shape} all {format_number(first)}"
    return f"{shape} {array.dtype}"


def format_shape(shape):
    if shape is None:
        return "?"
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def attributes(node):
    """The node's simple op attributes (numbers, flags, tuples of ints) as ``k=v`` strings."""
    out = []
    for key, value in sorted(vars(node).items()):
        if key.startswith("_") or key == "variable":
            continue
        if isinstance(value, bool) or value is None:
            out.append(f"{key}={value}")
        elif isinstance(value, (int, float, np.integer, np.floating)):
            out.append(f"{key}={format_number(value)}")
        elif isinstance(value, tuple) and all(isinstance(v, (int, np.integer)) for v in value):
            out.append(f"{key}={format_shape(value)}")
    return out
