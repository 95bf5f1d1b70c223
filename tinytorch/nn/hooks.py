"""Module hooks: ``register_forward_pre_hook``, ``register_forward_hook``,
``register_full_backward_pre_hook`` and ``register_full_backward_hook``, as in PyTorch.

Forward hooks run around ``forward`` in ``Module.__call__``.  Backward hooks wrap the
module's tensor inputs and outputs in an identity ``BackwardHookFunction`` (PyTorch's node,
``BackwardHookFunctionBackward``): the outputs' node sees the gradients of the outputs
(``grad_output``) first, the inputs' node then sees those of the inputs (``grad_input``),
and the hooks may replace either.
"""
import warnings

from .._tensor import Tensor
from ..autograd.function import Function
from ..autograd.hooks import RemovableHandle


class ModuleHooks:
    """The hook lists of one module (created on the first registration)."""

    __slots__ = ("forward_pre", "forward", "backward_pre", "backward")

    def __init__(self):
        self.forward_pre, self.forward = [], []          # (hook, with_kwargs)
        self.backward_pre, self.backward = [], []


def hooks_of(module):
    hooks = module.__dict__.get("_module_hooks")
    if hooks is None:
        hooks = ModuleHooks()
        object.__setattr__(module, "_module_hooks", hooks)
    return hooks


def add(hook_list, entry, prepend):
    if prepend:
        hook_list.insert(0, entry)
    else:
        hook_list.append(entry)
    return RemovableHandle(hook_list, entry)


class _Pass:
    """What one call with backward hooks shares between its output and input nodes."""

    __slots__ = ("module", "hooks", "n_inputs", "grad_outputs", "inputs_wrapped")

    def __init__(self, module, hooks, n_inputs):
        self.module, self.hooks, self.n_inputs = module, hooks, n_inputs
        self.grad_outputs, self.inputs_wrapped = None, False


class BackwardHookFunction(Function):
    """Identity on tensors; its backward runs the module's backward hooks."""

    @staticmethod
    def forward(ctx, state, is_input, *tensors):
        ctx.state, ctx.is_input = state, is_input
        ctx.mark_non_differentiable(*[t for t in tensors if not t.requires_grad])
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        state = ctx.state
        if ctx.is_input:
            grads = _call_backward_hooks(state, grads)
        else:
            for hook in state.hooks.backward_pre:
                result = hook(state.module, grads)
                if result is not None:
                    grads = _as_tuple(result)
            state.grad_outputs = grads
            if not state.inputs_wrapped and state.hooks.backward:   # no input needs grad: hook now
                warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                              "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/"
                              "generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for "
                              "more details.", UserWarning, stacklevel=2)
                _call_backward_hooks(state, (None,) * state.n_inputs)
        return (None, None) + tuple(grads)


def _call_backward_hooks(state, grad_input):
    for hook in state.hooks.backward:
        result = hook(state.module, grad_input, state.grad_outputs)
        if result is not None:
            result = _as_tuple(result)
            if len(result) != len(grad_input):
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {len(result)}, "
                                   f"but expected {len(grad_input)}")
            grad_input = result
    return grad_input


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


def call(module, hooks, args, kwargs):
    """``module(*args, **kwargs)`` with its hooks."""
    for hook, with_kwargs in list(hooks.forward_pre):
        result = hook(module, args, kwargs) if with_kwargs else hook(module, args)
        if result is not None:
            if with_kwargs:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                       f"but got {result}.")
                args, kwargs = result
            else:
                args = _as_tuple(result)
    state = None
    if hooks.backward or hooks.backward_pre:
        args, state = _wrap_inputs(module, hooks, args)
    output = module.forward(*args, **kwargs)
    for hook, with_kwargs in list(hooks.forward):
        result = hook(module, args, kwargs, output) if with_kwargs else hook(module, args, output)
        if result is not None:
            output = result
    if state is not None:
        output = _wrap_outputs(state, output)
    return output


def _wrap_inputs(module, hooks, args):
    tensors = [a for a in args if isinstance(a, Tensor)]
    state = _Pass(module, hooks, len(tensors))
    if any(t.requires_grad for t in tensors):
        wrapped = iter(BackwardHookFunction.apply(state, True, *tensors))
        state.inputs_wrapped = True
        args = tuple(next(wrapped) if isinstance(a, Tensor) else a for a in args)
    return args, state


def _wrap_outputs(state, output):
    if isinstance(output, Tensor):
        return BackwardHookFunction.apply(state, False, output)[0] if output.requires_grad else output
    if isinstance(output, tuple) and all(isinstance(o, Tensor) for o in output) and any(o.requires_grad
                                                                                          for o in output):
        return tuple(BackwardHookFunction.apply(state, False, *output))
    return output


