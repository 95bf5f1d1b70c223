"""``tinytorch.profiler``: PyTorch's ``torch.profiler`` names over ``tinytorch.autograd.profiler``.

``with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:`` times every
tinytorch op and backward node (see ``tinytorch/autograd/profiler.py``);
``prof.key_averages().table(sort_by="cpu_time_total", row_limit=10)`` prints PyTorch's table.
Only CPU activity exists; ``schedule`` and ``on_trace_ready`` are refused with a clear error.
"""
import enum

from ..autograd import profiler as _legacy
from ..autograd.profiler import record_function  # noqa: F401
from ..autograd.profiler_util import EventList  # noqa: F401

__all__ = ["ProfilerActivity", "profile", "record_function"]


class ProfilerActivity(enum.Enum):
    CPU = 0
    CUDA = 2
    XPU = 3
    MTIA = 4
    PrivateUse1 = 5


class profile(_legacy.profile):
    """CPU profiling of tinytorch ops, with torch.profiler.profile's arguments."""

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None, record_shapes=False,
                 profile_memory=False, with_stack=False, with_flops=False, with_modules=False,
                 experimental_config=None, execution_trace_observer=None, acc_events=False, use_cuda=None,
                 custom_trace_id_callback=None):
        if activities is not None and any(a is not ProfilerActivity.CPU for a in activities):
            raise NotImplementedError("tinytorch's profiler records ProfilerActivity.CPU only (there is no device)")
        if schedule is not None or on_trace_ready is not None:
            raise NotImplementedError("tinytorch's profiler has no schedule or on_trace_ready: profile the steps "
                                      "you want inside one `with profile()` block")
        super().__init__(record_shapes=record_shapes, profile_memory=profile_memory, with_stack=with_stack,
                         with_flops=with_flops, with_modules=with_modules, use_cuda=bool(use_cuda))

    def start(self):
        self.__enter__()

    def stop(self):
        self.__exit__(None, None, None)

    def step(self):
        """Without a schedule there are no steps to mark: does nothing."""

    def events(self):
        return self._events()

    def __repr__(self):
        return object.__repr__(self)

    __str__ = __repr__
