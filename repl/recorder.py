"""Remembers the backward passes a session runs, so ``%explain`` can show their numbers.

A backward pass without ``retain_graph=True`` frees the arrays each node saved (its
``_saved``), and those are exactly the numbers the chain rule needs.  While a cell runs,
``Recorder.active()`` wraps ``Tensor.backward`` and ``autograd.backward``: before the real
call it notes the root tensor, the gradient it starts from, a reference to every reachable
node's saved arrays (no copies: freeing only drops the node's reference) and which leaves
had no ``.grad`` yet; the pass is kept only when the real call returns, so a backward that
raised (a second ``out.backward()`` after the buffers were freed) is never taken for the
source of a gradient.  The wrappers are removed when the cell ends, so nothing changes
outside the REPL.  The last ``KEEP`` passes are kept, newest last.
"""
import collections
import contextlib
import functools
import weakref

KEEP = 16

BackwardPass = collections.namedtuple("BackwardPass", "root gradient retain_graph saved nodes cell fresh")
BackwardPass.__doc__ = """One successful backward call: ``root`` tensor, the ``gradient`` passed (or
None), ``saved``: {node: its saved arrays at the time}, ``nodes``: every reachable node, ``cell``:
the cell number it ran in, ``fresh``: the ids of the leaves whose ``.grad`` was None before it
(for them this pass started the sum; for the others it added to an existing gradient)."""


def reachable(node):
    """Every node reachable from ``node`` through ``next_functions`` (``node`` included)."""
    seen, stack = {node}, [node]
    while stack:
        for nxt, _ in stack.pop().next_functions:
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _root_node(tensor):
    if tensor.grad_fn is not None:
        return tensor.grad_fn
    from tinytorch.autograd.node import accumulator_of

    return accumulator_of(tensor)


class Recorder:
    """The backward passes of one session (``passes``, oldest first)."""

    def __init__(self):
        self.passes = collections.deque(maxlen=KEEP)
        self.cell = None

    def note(self, root, gradient, retain_graph):
        """What a backward pass from ``root`` is about to use (call before the real backward), or
        None when ``root`` has no graph; ``keep()`` it once the real call has returned."""
        node = _root_node(root)
        if node is None:
            return None
        nodes = reachable(node)
        saved = weakref.WeakKeyDictionary()
        fresh = set()
        for n in nodes:
            if getattr(n, "_saved", ()):
                saved[n] = tuple(n._saved)
            variable = getattr(n, "variable", None)
            if variable is not None and getattr(variable, "grad", None) is None:
                fresh.add(id(variable))
        return BackwardPass(root, gradient, bool(retain_graph), saved, nodes, self.cell, frozenset(fresh))

    def keep(self, *passes):
        """Record ``passes`` (from ``note``) as done; None entries are skipped."""
        self.passes.extend(p for p in passes if p is not None)

    def passes_reaching(self, node):
        """The recorded passes (newest first) whose graph contains ``node``."""
        return [p for p in reversed(self.passes) if node in p.nodes]

    def saved_arrays(self, node):
        """``node``'s saved arrays: live if not freed, else as recorded before a backward pass."""
        live = getattr(node, "_saved", ())
        if live:
            return tuple(live)
        for p in reversed(self.passes):
            if node in p.saved:
                return p.saved[node]
        return ()

    def clear(self):
        self.passes.clear()

    @contextlib.contextmanager
    def active(self, cell=None):
        """Record every ``backward`` called inside the ``with`` block."""
        import tinytorch
        from tinytorch import autograd

        self.cell = cell
        tensor_backward, autograd_backward = tinytorch.Tensor.backward, autograd.backward
        recorder = self

        def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
            noted = recorder.note(self, gradient, retain_graph)
            result = tensor_backward(self, gradient, retain_graph, create_graph, inputs)
            recorder.keep(noted)  # not reached when backward raised
            return result

        def autograd_bw(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
            roots = tensors if isinstance(tensors, (list, tuple)) else [tensors]
            grads = grad_tensors if isinstance(grad_tensors, (list, tuple)) else [grad_tensors] * len(roots)
            noted = [recorder.note(root, grad, retain_graph) for root, grad in zip(roots, grads)]
            result = autograd_backward(tensors, grad_tensors, retain_graph, create_graph, inputs)
            recorder.keep(*noted)
            return result

        # the wrappers look like what they wrap (name, docstring, signature, source for obj??)
        functools.update_wrapper(backward, tensor_backward)
        functools.update_wrapper(autograd_bw, autograd_backward)
        tinytorch.Tensor.backward, autograd.backward = backward, autograd_bw
        try:
            yield self
        finally:
            tinytorch.Tensor.backward, autograd.backward = tensor_backward, autograd_backward
