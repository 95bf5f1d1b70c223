"""The backward pass: an iterative topological walk of the graph (no recursion limit).

1. Count, for every node reachable from the roots, how many edges point at it.
2. Start from the roots with their given gradients; a node runs once every edge into it
   has delivered its gradient (Kahn's algorithm), so each node's incoming gradients are
   summed before its ``backward`` sees them.
3. ``AccumulateGrad`` nodes add the total into ``leaf.grad``; non-leaf tensors that asked
   for ``retain_grad()`` get theirs as it passes.  After its ``backward``, a node frees its
   saved arrays unless ``retain_graph`` is set.

Gradients are NumPy arrays in a first-order pass.  With ``create_graph=True`` they are
Tensors and grad mode stays on, so every formula's ops are recorded and the gradients can
be differentiated again (each node's ``backward_graph``).  Tensor hooks
(``register_hook``) see and may replace a gradient as it arrives at its tensor.
"""
import sys

import numpy as np

from ..kernels import elementwise as ew
from . import anomaly_mode
from . import node as _node
from .anomaly_mode import _state as _anomaly
from .grad_mode import _enabled
from .node import AccumulateGrad, SparseGrad

#: The active profiler's recorder (``autograd/profiler.py``) or None: when set, every node's
#: backward (and every leaf's accumulation) is timed as an event.
profiling = [None]


def _add(a, b):
    if type(a) is SparseGrad:   # (a view's gradient for one output of a node with several)
        a = a.dense()
    if type(b) is SparseGrad:
        b = b.dense()
    return ew.binary(ew.ADD, a, b, a.dtype)


def _add_tensors(a, b):
    if type(a) is SparseGrad:
        a = _node._Tensor._make(a.dense())
    if type(b) is SparseGrad:
        b = _node._Tensor._make(b.dense())
    return a + b


def _sum(total, g, node, owned):
    """``total + g`` for the buffer of ``node``; either may be a ``SparseGrad``.

    Dense + dense is a new array, as always.  With a sparse part, the sum goes into a dense
    buffer the engine owns (``owned``: made here, so adding in place is safe), and a sparse
    gradient is added only over its own region.
    """
    if type(total) is not SparseGrad and type(g) is not SparseGrad:
        return _add(total, g)
    if type(total) is SparseGrad and type(g) is not SparseGrad:
        total, g = g, total
    if type(total) is SparseGrad:
        total = total.dense()
        owned.add(node)
    elif node not in owned:
        total = np.array(total, order="C")   # a copy: the array may be referred to elsewhere
        owned.add(node)
    if type(g) is SparseGrad:
        region = total[g.key]
        region[...] = ew.binary(ew.ADD, region, g.values, total.dtype)
    else:
        total = _add(total, g)
    return total


def dependencies(roots):
    """{node: how many edges point at it} for every node reachable from ``roots`` (the roots
    themselves only if another reachable node points at them)."""
    deps = {}
    stack = list(roots)
    roots = set(roots)
    while stack:
        node = stack.pop()
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            if nxt in deps:
                deps[nxt] += 1
            else:  # first seen: walk its edges once (a root was walked already)
                deps[nxt] = 1
                if nxt not in roots:
                    stack.append(nxt)
    return deps


def _deliver(buffers, nxt, index, gi, add):
    """Add gradient ``gi`` for output ``index`` of ``nxt`` into its buffer (a list of one
    slot per output for a node with several)."""
    if nxt.num_outputs == 1:
        buffers[nxt] = add(buffers[nxt], gi) if nxt in buffers else gi
        return
    slots = buffers.get(nxt)
    if slots is None:
        slots = buffers[nxt] = [None] * nxt.num_outputs
    slots[index] = gi if slots[index] is None else add(slots[index], gi)


def run_backward(roots, grads, retain_graph=False, capture=None, create_graph=False, apply=None):
    """Propagate ``grads`` from the ``roots`` edges ((node, output index) pairs, or nodes for
    output 0) to the leaves.

    grads: arrays, or Tensors when ``create_graph`` (then every formula is recorded).
    capture: None to accumulate into leaves' ``.grad``; otherwise a dict {node: None}
    whose values are filled with the total gradient arriving at each of those nodes
    (``autograd.grad``, ``backward(inputs=...)``), no leaf's ``.grad`` is touched, and only
    the nodes on a path to a captured node run (the others keep their saved arrays).
    Non-leaf tensors that asked for ``retain_grad()`` get theirs in both modes.
    apply: None, or ``apply(node, g) -> input gradients`` run instead of ``node.backward(g)``,
    with ``capture``: a pass that only observes (the REPL's replay of a graph with numbers):
    no hook runs, no retained gradient changes, nothing is freed.
    """
    observe = apply is not None
    buffers = {}
    owned = set()   # nodes whose buffer is an array the engine made (see _sum)
    add = _add_tensors if create_graph else _add
    for root, g in zip(roots, grads):
        node, index = root if type(root) is tuple else (root, 0)
        _deliver(buffers, node, index, g, add)
    deps = dependencies(list(buffers))
    ready = [n for n in buffers if n not in deps]
    leading = None if capture is None else _leading_to(list(buffers), capture)
    grad_mode = _enabled[0]
    _enabled[0] = create_graph  # a first-order backward records nothing
    recorder = profiling[0] if not observe else None
    if capture is None and not observe and recorder is None and not create_graph and not _anomaly[0]:
        try:
            _plain_pass(buffers, deps, ready, owned, retain_graph)
        finally:
            _enabled[0] = grad_mode
        return
    try:
        while ready:
            node = ready.pop()
            g = buffers.pop(node)
            if owned:
                owned.discard(node)
            if type(g) is SparseGrad:
                g = g.dense() if not create_graph else _node._Tensor._make(g.dense())
            if node._hooks is not None and not observe:
                g = _run_hooks(node._hooks, g, create_graph)
            if type(node) is AccumulateGrad:
                leaf = node.variable
                if leaf._hooks is not None and leaf._hooks.pre and not observe:
                    g = _run_hooks(leaf._hooks.pre, g, create_graph)
            if leading is not None:
                if node not in leading:
                    continue  # no captured node below: nothing to compute here
                if node in capture:
                    capture[node] = g
            if type(node) is AccumulateGrad:
                if capture is None:
                    events = recorder.enter_node(node) if recorder is not None else None
                    if create_graph:
                        accumulate_graph(leaf, g)
                    else:
                        adopt = _unshared(g)   # (before the call: its arguments would hold g too)
                        accumulate(leaf, g, adopt)
                    if leaf._hooks is not None:
                        for hook in leaf._hooks.post:
                            hook(leaf)
                    if events is not None:
                        recorder.exit_node(events)
                continue
            if node._retained is not None and not observe:
                if create_graph:
                    accumulate_graph(node._retained, g)
                else:
                    accumulate(node._retained, g)
            if leading is not None and not any(nxt in leading for nxt, _ in node.next_functions):
                continue  # a captured node with nothing captured below it
            if observe:
                input_grads = apply(node, g)
            else:
                events = recorder.enter_node(node) if recorder is not None else None
                input_grads = node.backward_graph(g) if create_graph else node.backward(g)
                if events is not None:
                    recorder.exit_node(events)
                if _anomaly[0] and _anomaly[1]:
                    anomaly_mode.check(node, input_grads)
                if node._saved and not retain_graph:
                    node.release()
            _pass_on(node, input_grads, buffers, deps, ready, owned, add, create_graph)
            input_grads = None  # drop this reference before the next node (see _unshared)
    finally:
        _enabled[0] = grad_mode


def _plain_pass(buffers, deps, ready, owned, retain_graph):
    """``run_backward``'s loop for a plain first-order ``backward()`` (no capture, observer,
    profiler, anomaly mode or ``create_graph``): the same steps with the other cases' branches
    left out, as most backward passes are this one."""
    while ready:
        node = ready.pop()
        g = buffers.pop(node)
        if owned:
            owned.discard(node)
        if type(g) is SparseGrad:
            g = g.dense()
        if node._hooks is not None:
            g = _run_hooks(node._hooks, g, False)
        if type(node) is AccumulateGrad:
            leaf = node.variable
            hooks = leaf._hooks
            if hooks is not None and hooks.pre:
                g = _run_hooks(hooks.pre, g, False)
            adopt = _unshared(g)   # (before the call: its arguments would hold g too)
            accumulate(leaf, g, adopt)
            if hooks is not None:
                for hook in hooks.post:
                    hook(leaf)
            continue
        if node._retained is not None:
            accumulate(node._retained, g)
        input_grads = node.backward(g)
        if node._saved and not retain_graph:
            node.release()
        _pass_on(node, input_grads, buffers, deps, ready, owned, _add, False)
        input_grads = None  # drop this reference before the next node (see _unshared)


def _pass_on(node, input_grads, buffers, deps, ready, owned, add, create_graph):
    """Deliver ``node``'s input gradients along its edges; a successor whose every edge has
    delivered becomes ready (or, having received nothing, is skipped)."""
    for (nxt, index), gi in zip(node.next_functions, input_grads):
        if nxt is None:
            continue
        if gi is not None:
            if nxt.num_outputs == 1 and not create_graph:
                buffers[nxt] = _sum(buffers[nxt], gi, nxt, owned) if nxt in buffers else gi
            else:
                _deliver(buffers, nxt, index, gi, add)
        left = deps[nxt] - 1
        deps[nxt] = left
        if left == 0:
            if nxt in buffers:
                ready.append(nxt)
            else:
                _skip(nxt, deps, ready, buffers)


def _run_hooks(hooks, g, create_graph):
    """Call each tensor hook on the gradient (a Tensor); a hook that returns a tensor replaces it."""
    Tensor = _node._Tensor
    if type(g) is list:   # a node with several outputs: {output index: hooks}
        return [g_i if g_i is None or i not in hooks else _run_hooks(hooks[i], g_i, create_graph)
                for i, g_i in enumerate(g)]
    if type(hooks) is dict:
        hooks = hooks.get(0, ())
    t = g if create_graph else Tensor._make(g)
    for hook in list(hooks):
        with_grad = _enabled[0]
        _enabled[0] = create_graph
        try:
            result = hook(t)
        finally:
            _enabled[0] = with_grad
        if result is not None:
            if not isinstance(result, Tensor):
                raise TypeError(f"expected a Tensor or None returned by a hook, got {type(result).__name__}")
            if result._data.shape != t._data.shape:
                name = getattr(hook, "__name__", type(hook).__name__)
                raise RuntimeError(f"hook '{name}' has changed the size of value")
            t = result
    return t if create_graph else t._data


def _leading_to(roots, targets):
    """The nodes reachable from ``roots`` that are in ``targets`` or have a path to one."""
    parents = {}
    stack, seen = list(roots), set(roots)
    while stack:
        node = stack.pop()
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            parents.setdefault(nxt, []).append(node)
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    found = {t for t in targets if t in seen}
    stack = list(found)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


def _skip(node, deps, ready, buffers):
    """A node that received no gradient at all: release its successors' counts too."""
    stack = [node]
    while stack:
        n = stack.pop()
        for nxt, _ in n.next_functions:
            if nxt is None:
                continue
            deps[nxt] -= 1
            if deps[nxt] == 0:
                if nxt in buffers:
                    ready.append(nxt)
                else:
                    stack.append(nxt)


def _unshared(g):
    """True when array ``g`` owns its C-contiguous memory and nothing but the engine's loop
    variable refers to it (references: that variable, this parameter, getrefcount's own
    argument), so a leaf can keep it as its ``.grad`` without a copy, as PyTorch steals a
    gradient nobody else holds.  A gradient also sent to another leaf, still held by the
    caller (``backward(gradient=t)``), or a view of another array is copied instead."""
    return g.base is None and g.flags.c_contiguous and sys.getrefcount(g) <= 3


def accumulate(tensor, g, adopt=False):
    """leaf.grad += g, in place when a grad already exists (PyTorch keeps the same tensor).
    adopt: ``g`` is not referenced elsewhere and may become the new ``.grad`` uncopied."""
    Tensor = _node._Tensor
    if g.dtype != tensor._data.dtype:
        g, adopt = g.astype(tensor._data.dtype), True
    grad = tensor._grad   # (the engine's gradients have the tensor's dtype and shape: no setter checks)
    if grad is None:
        tensor._grad = Tensor._make(g if adopt else g.copy())
    elif grad._data.flags.c_contiguous and grad._data.shape == g.shape:
        ew.binary(ew.ADD, grad._data, g, g.dtype, out=grad._data)
        grad._vc[0] += 1
    else:
        tensor._grad = Tensor._make(_add(grad._data, g))


class CopyBackwards(_node.FormulaNode):
    """A leaf's first gradient under ``create_graph=True``: a copy of the incoming gradient
    that keeps its history (PyTorch's node name)  ->  d/dg = 1."""

    grads = (lambda n, g: g,)

    def forward(self, g):
        self.in_meta = ((g.shape, g.dtype),)
        return np.array(g, order="C")


def accumulate_graph(tensor, g):
    """leaf.grad = copy(g), or leaf.grad + g, recorded (``create_graph=True``): the gradient
    keeps its history, as PyTorch's does, so it can be differentiated again."""
    if g._data.dtype != tensor._data.dtype:
        g = g.to(tensor.dtype)
    tensor._grad = CopyBackwards().apply(g) if tensor._grad is None else tensor._grad + g
