"""``Optimizer``: parameter groups, per-parameter state, ``zero_grad`` and the state dict.

Subclasses implement ``_update(group, param, grad, state)`` with an in-place kernel from
``tinytorch.kernels.optim``; ``step`` walks the groups and skips parameters without grad.
"""
import copy

import numpy as np

from .._tensor import Tensor, zero_grads
from ..autograd.grad_mode import enable_grad


def flat(array, what):
    """A 1-D view of a C-contiguous array (the kernels update parameters through it)."""
    if not array.flags.c_contiguous:
        raise RuntimeError(f"the optimiser needs a contiguous {what}; call .contiguous() on it first")
    return array.reshape(-1)


def cpu_flags(**flags):
    """PyTorch's implementation switches (multi-tensor, CUDA-graph, differentiable and fused kernels).

    tinytorch has one CPU implementation: they are recorded at their defaults, so the
    optimiser prints and saves like PyTorch's, and any other value raises.
    """
    for key, value in flags.items():
        if value not in (None, False):
            raise NotImplementedError(f"tinytorch's optimisers have no {key}={value!r} implementation")
    return flags


class Optimizer:
    """Base class: ``params`` is an iterable of tensors or of dicts (parameter groups with their own options)."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = {}
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got {params.type()}")
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group: its 'params' plus any option not given taken from the defaults."""
        group = dict(param_group)
        params = group["params"]
        group["params"] = [params] if isinstance(params, Tensor) else list(params)
        for p in group["params"]:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for key, value in self.defaults.items():
            group.setdefault(key, value)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Reset every parameter's gradient: to None (the default) or to zeros."""
        zero_grads((p for group in self.param_groups for p in group["params"]), set_to_none)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns ``closure()`` if given."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                grad = p._grad    # the attribute itself: a parameter is a leaf, no property needed
                if grad is None:
                    continue
                g = grad._data
                if g.shape != p._data.shape:
                    raise RuntimeError(f"gradient shape {tuple(g.shape)} does not match parameter shape "
                                       f"{tuple(p._data.shape)}")
                g = np.ascontiguousarray(g, dtype=p._data.dtype)
                self._update(group, p, g.reshape(-1), self.state.setdefault(p, {}))
                p._vc[0] += 1
        return loss

    def _update(self, group, param, grad, state):
        raise NotImplementedError

    # ---- state dict --------------------------------------------------------------------
    def state_dict(self):
        """{'state': {index: {name: value}}, 'param_groups': [options with 'params' as indices]}."""
        index, groups = {}, []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = [index.setdefault(id(p), len(index)) for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)]: dict(s) for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Restore options and state saved by ``state_dict`` (tensors are copied)."""
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for mine, saved in zip(self.param_groups, groups):
            if len(mine["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                                 "optimizer's group")
        self.state = {}
        saved_state = state_dict["state"]
        for mine, saved in zip(self.param_groups, groups):
            for key, value in saved.items():
                if key != "params":
                    mine[key] = copy.deepcopy(value) if not isinstance(value, Tensor) else value.clone()
            for p, i in zip(mine["params"], saved["params"]):
                if i in saved_state:
                    self.state[p] = {k: self._restore(k, v, p) for k, v in saved_state[i].items()}

    @staticmethod
    def _restore(key, value, param):
        """A copy of a saved state value; floating tensors take the parameter's dtype, except 'step'
        (PyTorch's rule, so a 0-d float32 'eta' or 'mu_product' of a float64 parameter loads as float64)."""
        if not isinstance(value, Tensor):
            return value
        if value._data.ndim and value._data.shape != param._data.shape:
            raise ValueError(f"optimizer state of shape {tuple(value.shape)} does not fit a parameter of shape "
                             f"{tuple(param.shape)}")
        cast = key != "step" and value._data.dtype.kind == "f" and param._data.dtype.kind == "f"
        dt = param._data.dtype if cast else value._data.dtype
        return Tensor._make(np.array(value._data, dtype=dt, copy=True))

    def __repr__(self):
        text = f"{type(self).__name__} ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            text += "".join(f"    {key}: {group[key]}\n" for key in sorted(group) if key != "params")
        return text + ")"
