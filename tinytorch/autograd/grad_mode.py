"""Grad mode: whether new operations are recorded in the graph.

``no_grad``, ``enable_grad`` and ``set_grad_enabled`` work as context managers and as
decorators, like PyTorch's.  The flag is a one-element list so the hot path reads it
without a function call.
"""
import functools

_enabled = [True]
_inference = [False]


def is_grad_enabled():
    return _enabled[0]


class _GradMode:
    """Base for the context managers: sets the flag on entry, restores it on exit."""

    mode = True

    def __enter__(self):
        self._prev = _enabled[0]
        _enabled[0] = self.mode

    def __exit__(self, *exc):
        _enabled[0] = self._prev
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return func(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """Disable graph recording inside the block (evaluation, optimizer updates)."""

    mode = False


class enable_grad(_GradMode):
    """Re-enable graph recording inside a ``no_grad`` block."""

    mode = True


class set_grad_enabled(_GradMode):
    """``set_grad_enabled(False)``: like ``no_grad`` when used with ``with``; as a plain
    call it sets the mode immediately (PyTorch's behaviour)."""

    def __init__(self, mode):
        if not isinstance(mode, bool):   # PyTorch's parser: a bool, not anything truthy
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not {type(mode).__name__}")
        self.mode = mode
        self._prev = _enabled[0]
        _enabled[0] = self.mode

    def __enter__(self):
        pass

    def __call__(self, func):
        _enabled[0] = self._prev
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)
        return wrapper


def is_inference_mode_enabled():
    return _inference[0]


class inference_mode(_GradMode):
    """``no_grad`` for inference (PyTorch's faster no-grad mode; here the same as no_grad);
    ``inference_mode(False)`` leaves grad mode as it is."""

    def __init__(self, mode=True):
        self.mode_on = bool(mode)

    def __enter__(self):
        self._prev = (_enabled[0], _inference[0])
        if self.mode_on:
            _enabled[0], _inference[0] = False, True

    def __exit__(self, *exc):
        _enabled[0], _inference[0] = self._prev
        return False

    def __call__(self, func):
        mode = self.mode_on

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return func(*args, **kwargs)
        return wrapper
