"""``tinytorch.autograd.profiler``: time every tinytorch op while a ``profile`` is active.

While a profile is on, the public functions of ``tinytorch`` and ``tinytorch.nn.functional``
and the Tensor methods and operators are replaced by timing wrappers (names as PyTorch's:
``aten::mul`` for ``torch.mul``, ``x.mul`` and ``x * y``), and the autograd engine times
every node's backward as ``autograd::engine::evaluate_function: MulBackward0`` enclosing
``MulBackward0``.  ``record_function("name")`` adds a block of one's own.  Leaving the
profile restores the originals, so when no profile is active nothing is wrapped and the
cost is nil (the engine checks one variable per backward pass).  Only the thread that
started the profile is recorded; times are wall-clock (``time.perf_counter_ns``) in us.
Calls through a reference taken before the profile began (``from torch import mul``) go
to the unwrapped function and are not seen; internal calls between tinytorch modules are
seen only where they go through the public names.
"""
import functools
import threading
import time
import types

from .profiler_util import EventList, FunctionEvent

__all__ = ["EventList", "FunctionEvent", "profile", "record_function"]

#: Tensor methods that are metadata or machinery, not ops: never wrapped.
_NOT_OPS = {"backward", "register_hook", "register_post_accumulate_grad_hook", "retain_grad", "size", "dim",
            "ndimension", "nelement", "numel", "stride", "storage_offset", "is_contiguous", "is_floating_point",
            "is_complex", "is_signed", "element_size", "data_ptr", "tolist", "numpy", "type", "get_device",
            "requires_grad_", "is_set_to", "untyped_storage", "storage", "dim_order", "is_shared", "share_memory_",
            "is_pinned", "pin_memory", "is_inference", "__torch_function__"}
#: The operators that run ops, and their names (``x * y`` is aten::mul).
_DUNDERS = {"__add__": "add", "__radd__": "add", "__iadd__": "add_", "__sub__": "sub", "__rsub__": "rsub",
            "__isub__": "sub_", "__mul__": "mul", "__rmul__": "mul", "__imul__": "mul_", "__truediv__": "div",
            "__rtruediv__": "div", "__itruediv__": "div_", "__floordiv__": "floor_divide",
            "__rfloordiv__": "floor_divide", "__mod__": "remainder", "__rmod__": "remainder", "__pow__": "pow",
            "__rpow__": "pow", "__ipow__": "pow_", "__matmul__": "matmul", "__rmatmul__": "matmul",
            "__neg__": "neg", "__abs__": "abs", "__invert__": "bitwise_not", "__and__": "bitwise_and",
            "__or__": "bitwise_or", "__xor__": "bitwise_xor", "__eq__": "eq", "__ne__": "ne", "__lt__": "lt",
            "__le__": "le", "__gt__": "gt", "__ge__": "ge", "__getitem__": "index", "__setitem__": "index_put_"}
#: tinytorch functions that are settings or queries, not ops.
_NOT_FUNCTIONS = {"manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state", "set_printoptions",
                  "is_tensor", "is_storage", "is_grad_enabled", "set_grad_enabled", "get_default_dtype",
                  "set_default_dtype", "is_floating_point", "is_complex", "numel", "compile", "is_nonzero",
                  "typename", "get_num_threads", "set_num_threads", "use_deterministic_algorithms",
                  "is_inference_mode_enabled", "promote_types", "result_type", "can_cast"}

_active = [None]   # the recording profile's _Recorder
_lock = threading.Lock()


class _Recorder:
    """Collects events: an open-event stack gives each event its parent."""

    def __init__(self, record_shapes):
        self.record_shapes = record_shapes
        self.thread = threading.get_ident()
        self.events, self.stack = [], []
        self.origin = time.perf_counter_ns()

    def push(self, name, args=()):
        shapes = [list(a.shape) if hasattr(a, "_data") else [] for a in args] if self.record_shapes else None
        event = FunctionEvent(len(self.events), name, (time.perf_counter_ns() - self.origin) / 1e3,
                              input_shapes=shapes)
        if self.stack:
            event.cpu_parent = self.stack[-1]
            self.stack[-1].cpu_children.append(event)
        self.events.append(event)
        self.stack.append(event)
        return event

    def pop(self, event):
        event.end_us = (time.perf_counter_ns() - self.origin) / 1e3
        while self.stack and self.stack.pop() is not event:   # a child left open by an exception
            pass

    # the engine's interface (see engine.profiling)
    def enter_node(self, node):
        if threading.get_ident() != self.thread:
            return None
        name = "torch::autograd::AccumulateGrad" if type(node).__name__ == "AccumulateGrad" else node.name()
        return self.push("autograd::engine::evaluate_function: " + name), self.push(name)

    def exit_node(self, events):
        outer, inner = events
        self.pop(inner)
        self.pop(outer)


def _timed(fn, name):
    """``fn`` timed as event ``name`` while a profile records on this thread."""
    @functools.wraps(fn)
    def timed(*args, **kwargs):
        recorder = _active[0]
        if recorder is None or threading.get_ident() != recorder.thread:
            return fn(*args, **kwargs)
        event = recorder.push(name, args)
        try:
            return fn(*args, **kwargs)
        finally:
            recorder.pop(event)
    return timed


def _targets():
    """(owner, attribute, original, event name) for every op entry point to wrap."""
    import tinytorch
    from .. import _tensor
    from ..nn import functional as nnf
    out = []
    for name, value in list(vars(_tensor.Tensor).items()):
        if not isinstance(value, types.FunctionType):
            continue
        if name in _DUNDERS:
            out.append((_tensor.Tensor, name, value, "aten::" + _DUNDERS[name]))
        elif not name.startswith("_") and name not in _NOT_OPS:
            out.append((_tensor.Tensor, name, value, "aten::" + name))
    for module, prefixes in ((tinytorch, ("tinytorch.ops", "tinytorch._creation", "tinytorch._sampling",
                                          "tinytorch.autograd.composite")),
                             (nnf, ("tinytorch.",))):
        for name, value in list(vars(module).items()):
            if (isinstance(value, types.FunctionType) and not name.startswith("_") and name not in _NOT_FUNCTIONS
                    and (value.__module__ or "").startswith(prefixes)):
                out.append((module, name, value, "aten::" + name))
    return out


_installed = []


def _install():
    for owner, name, original, event in _targets():
        setattr(owner, name, _timed(original, event))
        _installed.append((owner, name, original))


def _uninstall():
    while _installed:
        owner, name, original = _installed.pop()
        setattr(owner, name, original)


def _start(record_shapes):
    from . import engine
    with _lock:
        if _active[0] is not None:
            raise RuntimeError("Profiler is already enabled on this thread")
        recorder = _Recorder(record_shapes)
        _install()
        _active[0] = recorder
        engine.profiling[0] = recorder
    return recorder


def _stop(recorder):
    from . import engine
    with _lock:
        if _active[0] is recorder:
            _active[0] = None
            engine.profiling[0] = None
            _uninstall()


class profile:
    """``with profile() as prof: ...`` then ``prof.key_averages().table(sort_by="cpu_time_total")``.

    CPU only: ``use_cuda``/``use_device`` are refused, and so are ``profile_memory``,
    ``with_stack``, ``with_flops`` and ``with_modules`` (nothing measures them here).
    ``record_shapes`` keeps the shapes of each op's positional tensor arguments (``[]`` for
    other arguments) for ``key_averages(group_by_input_shape=True)``.  ``enabled=False``
    records nothing."""

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 experimental_config=None, acc_events=False, custom_trace_id_callback=None):
        _refuse_unsupported(use_cuda=use_cuda, use_device=use_device, with_flops=with_flops,
                            profile_memory=profile_memory, with_stack=with_stack, with_modules=with_modules)
        self.enabled, self.record_shapes = enabled, record_shapes
        self.function_events = None
        self._recorder = None

    def __enter__(self):
        if self.enabled:
            self._recorder = _start(self.record_shapes)
        return self

    def __exit__(self, *exc):
        if self._recorder is not None:
            _stop(self._recorder)
            self.function_events = EventList(self._recorder.events)
            self._recorder = None
        return False

    def _events(self):
        if self.function_events is None:
            raise RuntimeError("Profiler didn't finish running")
        return self.function_events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        return self._events().key_averages(group_by_input_shape)

    def table(self, *args, **kwargs):
        return self._events().table(*args, **kwargs)

    def total_average(self):
        return self._events().key_averages()

    @property
    def self_cpu_time_total(self):
        return self._events().self_cpu_time_total

    def export_chrome_trace(self, path):
        self._events().export_chrome_trace(path)

    def __str__(self):
        return self.table()

    __repr__ = __str__


def _refuse_unsupported(**options):
    for name, value in options.items():
        if value:
            raise NotImplementedError(f"tinytorch's profiler measures CPU time only: {name}={value!r} is not "
                                      "supported")


class record_function:
    """Time a block (``with record_function("step"):``) or a function (as a decorator) as one
    event named ``name``; nothing happens when no profile is recording."""

    def __init__(self, name, args=None):
        self.name, self.args = name, args
        self._event = None

    def __enter__(self):
        recorder = _active[0]
        if recorder is not None and threading.get_ident() == recorder.thread:
            self._event = (recorder, recorder.push(self.name))
        return self

    def __exit__(self, *exc):
        if self._event is not None:
            recorder, event = self._event
            recorder.pop(event)
            self._event = None
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with record_function(self.name, self.args):
                return fn(*args, **kwargs)
        return wrapped
