"""Module hooks (forward pre/post, full backward pre/post): the order, arguments and
replacement rules of PyTorch 2.13, whose output for the same program is recorded below."""
import pytest

import tinytorch as torch
from tinytorch import nn


def _linear():
    lin = nn.Linear(3, 2)
    with torch.no_grad():
        lin.weight[...] = torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]])
        lin.bias[...] = 0
    return lin


def test_hooks_run_in_pytorchs_order_and_may_replace_values():
    log = []
    lin = _linear()
    lin.register_forward_pre_hook(lambda m, a: log.append(("pre", type(m).__name__, len(a))))
    handle = lin.register_forward_hook(lambda m, a, o: log.append(("fwd", tuple(o.shape))) or o * 2)
    lin.register_full_backward_pre_hook(lambda m, go: log.append(("bpre", go[0].tolist())))
    lin.register_full_backward_hook(
        lambda m, gi, go: log.append(("bwd", None if gi[0] is None else gi[0].tolist(), go[0].tolist())))
    x = torch.ones(1, 3, requires_grad=True)
    y = lin(x)
    assert type(y.grad_fn).__name__ == "BackwardHookFunctionBackward"
    y.sum().backward()
    grad_input = [[pytest.approx(1.0), pytest.approx(0.6), pytest.approx(-0.6)]]
    assert log == [("pre", "Linear", 1), ("fwd", (1, 2)), ("bpre", [[1.0, 1.0]]),
                   ("bwd", grad_input, [[1.0, 1.0]])]
    assert x.grad.tolist() == grad_input
    handle.remove()
    log.clear()
    y = lin(torch.ones(1, 3))
    with pytest.warns(UserWarning, match="Full backward hook is firing when gradients are computed with respect "
                                         "to module outputs since no inputs require gradients"):
        y.sum().backward()
    assert log == [("pre", "Linear", 1), ("bpre", [[1.0, 1.0]]), ("bwd", None, [[1.0, 1.0]])]


def test_backward_hook_replaces_grad_input_and_pre_hook_replaces_inputs():
    lin = _linear()
    lin.register_forward_pre_hook(lambda m, a: (a[0] * 0 + 1,))
    lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
    x = torch.zeros(1, 3, requires_grad=True)
    out = lin(x)
    assert out.tolist() == [[pytest.approx(0.2), pytest.approx(0.3)]]   # the pre-hook's input
    out.sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 0.0]]   # ones(...) * 0 + 1 does not depend on x


def test_forward_hook_with_kwargs_and_removal():
    calls = []
    lin = _linear()
    h = lin.register_forward_hook(lambda m, a, kw, o: calls.append(kw), with_kwargs=True)
    lin(torch.ones(1, 3))
    h.remove()
    lin(torch.ones(1, 3))
    assert calls == [{}]
    with pytest.raises(RuntimeError, match="Backward hook returned an invalid number of grad_input"):
        lin.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
        lin(torch.ones(1, 3, requires_grad=True)).sum().backward()
