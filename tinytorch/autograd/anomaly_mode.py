"""Anomaly detection: find the forward op whose backward produced a NaN.

While it is on (``detect_anomaly()`` as a context manager or decorator, or
``set_detect_anomaly(True)``), every recorded node keeps the stack of the forward call that
created it, and the engine checks each gradient a node returns: a NaN raises PyTorch's
``RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.`` after a
warning that shows where that op was called in the forward pass.
"""
import functools
import os
import traceback
import warnings

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

#: [enabled, check_nan], read by Node.apply and the engine without a function call.
_state = [False, True]


def is_anomaly_enabled():
    return _state[0]


def is_anomaly_check_nan_enabled():
    return _state[1]


class detect_anomaly:
    """Turn anomaly detection on inside a ``with`` block (or for a decorated function)."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only "
                      "be enabled for debugging.", UserWarning, stacklevel=2)

    def __enter__(self):
        self._prev = tuple(_state)
        _state[0], _state[1] = True, self.check_nan

    def __exit__(self, *exc):
        _state[0], _state[1] = self._prev
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """``set_detect_anomaly(True)`` turns detection on at once; used with ``with``, the previous
    setting comes back at the end of the block."""

    def __init__(self, mode, check_nan=True):
        self._prev = tuple(_state)
        _state[0], _state[1] = bool(mode), bool(check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _state[0], _state[1] = self._prev
        return False


def forward_stack():
    """The user's frames of the current call (tinytorch's own frames dropped)."""
    frames = traceback.extract_stack()[:-2]
    return [f for f in frames if not os.path.abspath(f.filename).startswith(_PACKAGE)] or frames


def check(node, grads):
    """Raise PyTorch's error when a gradient ``node`` returned holds a NaN (arrays or Tensors)."""
    import numpy as np

    for i, g in enumerate(grads):
        if g is None:
            continue
        data = getattr(g, "_data", None)
        data = data if data is not None else getattr(g, "values", g)   # a SparseGrad's values
        if data.dtype.kind == "f" and np.isnan(data).any():
            stack = node.__dict__.get("_forward_stack")
            if stack is not None:
                warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                              + "".join(traceback.format_list(stack)), UserWarning, stacklevel=2)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
