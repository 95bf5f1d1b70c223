"""Losses and activations with PyTorch's analytic derivatives (binary_cross_entropy_with_logits,
softplus, logsigmoid and their modules), and the generic ``autograd.composite`` helper.

The expected texts were printed by PyTorch 2.13 for the same programs (run
``tools/record_composites.py``); one difference is kept on purpose: PyTorch's double-backward
node of the mean's division is ``DivBackward1`` (its C++ formula divides by a Scalar), which
tinytorch's Tensor formula records as ``DivBackward0``.
"""
import contextlib
import io

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck
from tinytorch.autograd.composite import composite


def program_bce_softplus_logsigmoid(torch):
    F = torch.nn.functional
    x = torch.tensor([[0.5, -1.0, 20.0], [-30.0, 0.3, 0.0]], requires_grad=True)
    t = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]])
    for kw in [{}, {'reduction': 'sum'}, {'reduction': 'none'}, {'pos_weight': torch.tensor([1.0, 2.0, 0.5])}, {'weight': torch.tensor([2.0, 1.0, 1.0])}]:
        x.grad = None
        l = F.binary_cross_entropy_with_logits(x, t, **kw); print(l); l.sum().backward(); print(x.grad)
    print(torch.nn.BCEWithLogitsLoss(), torch.nn.BCEWithLogitsLoss()(x, t))
    try: F.binary_cross_entropy_with_logits(x, t[:1, :2])
    except Exception as e: print(type(e).__name__, e)
    print(F.softplus(x), F.logsigmoid(x), torch.nn.Softplus(beta=2), torch.nn.LogSigmoid())
    x.grad = None; F.softplus(x, beta=2.0).sum().backward(); print(x.grad)
    x.grad = None; F.logsigmoid(x).sum().backward(); print(x.grad)
    x64 = torch.tensor([[0.5, -1.0, 2.0]], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(F.binary_cross_entropy_with_logits(x64, torch.tensor([[1.0, 0.0, 0.3]], dtype=torch.float64)), x64, create_graph=True)
    print(g, torch.autograd.grad(g.sum(), x64))


def program_bce_target_gradients(torch):
    F = torch.nn.functional
    x = torch.tensor([[0.5, -1.0, 3.0], [-2.0, 0.3, 0.0]], dtype=torch.float64)
    t = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]], dtype=torch.float64, requires_grad=True)
    for kw in [{}, {'reduction': 'none'}, {'pos_weight': torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)}, {'weight': torch.tensor([2.0, 1.0, 1.0], dtype=torch.float64), 'reduction': 'sum'}]:
        t.grad = None
        F.binary_cross_entropy_with_logits(x, t, **kw).sum().backward(); print(t.grad)


EXPECTED_BCE = 'tensor(0.3391, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\ntensor([[-6.2923e-02,  4.4824e-02,  0.0000e+00],\n        [ 1.5596e-14, -7.0926e-02,  0.0000e+00]])\ntensor(2.0348, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\ntensor([[-3.7754e-01,  2.6894e-01,  0.0000e+00],\n        [ 9.3576e-14, -4.2556e-01,  0.0000e+00]])\ntensor([[4.7408e-01, 3.1326e-01, 2.0612e-09],\n        [0.0000e+00, 5.5436e-01, 6.9315e-01]],\n       grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\ntensor([[-3.7754e-01,  2.6894e-01,  0.0000e+00],\n        [ 9.3576e-14, -4.2556e-01,  0.0000e+00]])\ntensor(0.4027, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\ntensor([[-6.2923e-02,  4.4824e-02,  0.0000e+00],\n        [ 1.5596e-14, -1.4185e-01,  2.0833e-02]])\ntensor(0.4182, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\ntensor([[-1.2585e-01,  4.4824e-02,  0.0000e+00],\n        [ 3.1192e-14, -7.0926e-02,  0.0000e+00]])\nBCEWithLogitsLoss() tensor(0.3391, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\nValueError Target size (torch.Size([1, 2])) must be the same as input size (torch.Size([2, 3]))\ntensor([[9.7408e-01, 3.1326e-01, 2.0000e+01],\n        [9.3576e-14, 8.5436e-01, 6.9315e-01]], grad_fn=<SoftplusBackward0>) tensor([[-4.7408e-01, -1.3133e+00, -2.0612e-09],\n        [-3.0000e+01, -5.5436e-01, -6.9315e-01]],\n       grad_fn=<LogSigmoidBackward0>) Softplus(beta=2, threshold=20.0) LogSigmoid()\ntensor([[7.3106e-01, 1.1920e-01, 1.0000e+00],\n        [8.7565e-27, 6.4566e-01, 5.0000e-01]])\ntensor([[3.7754e-01, 7.3106e-01, 2.0612e-09],\n        [1.0000e+00, 4.2556e-01, 5.0000e-01]])\ntensor([[-0.1258,  0.0896,  0.1936]], dtype=torch.float64,\n       grad_fn=<DivBackward0>) (tensor([[0.0783, 0.0655, 0.0350]], dtype=torch.float64),)\n'

EXPECTED_BCE_TARGET = 'tensor([[-0.0833,  0.1667, -0.5000],\n        [ 0.3333, -0.0500, -0.0000]], dtype=torch.float64)\ntensor([[-0.5000,  1.0000, -3.0000],\n        [ 2.0000, -0.3000, -0.0000]], dtype=torch.float64)\ntensor([[-0.0833,  0.3855, -0.5040],\n        [ 0.3333,  0.0424, -0.0578]], dtype=torch.float64)\ntensor([[-1.0000,  1.0000, -3.0000],\n        [ 4.0000, -0.3000, -0.0000]], dtype=torch.float64)\n'


def _run(program):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        program(torch)
    return out.getvalue().replace("tinytorch.", "torch.")


def test_bce_with_logits_softplus_logsigmoid_print_what_pytorch_prints():
    assert _run(program_bce_softplus_logsigmoid) == EXPECTED_BCE


def test_bce_with_logits_target_gradients_equal_pytorchs():
    assert _run(program_bce_target_gradients) == EXPECTED_BCE_TARGET


@pytest.mark.parametrize("fn", [
    lambda x, t: torch.nn.functional.binary_cross_entropy_with_logits(x, t),
    lambda x, t: torch.nn.functional.binary_cross_entropy_with_logits(
        x, t, pos_weight=torch.tensor([2.0, 0.5], dtype=torch.float64), reduction="none"),
    lambda x, t: torch.nn.functional.softplus(x * t, beta=2.0) + torch.nn.functional.logsigmoid(x),
])
def test_gradients_of_the_analytic_nodes(fn):
    x = torch.tensor([[0.5, -1.0], [2.0, -0.3]], dtype=torch.float64, requires_grad=True)
    t = torch.tensor([[1.0, 0.2], [0.0, 0.7]], dtype=torch.float64, requires_grad=True)
    assert gradcheck(fn, (x, t)) and gradgradcheck(fn, (x, t))


def _smooth_max(a, b, k=4.0):
    """log(e^(k a) + e^(k b)) / k."""
    return ((a * k).exp() + (b * k).exp()).log() / k


smooth_max = composite("SmoothMaxBackward0", _smooth_max)


def test_composite_records_one_node_and_differentiates_through_its_primitives():
    a = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([0.1, 0.3, 1.5], dtype=torch.float64, requires_grad=True)
    y = smooth_max(a, b, k=3.0)
    assert y.grad_fn.name() == "SmoothMaxBackward0" and len(y.grad_fn.next_functions) == 2
    assert np.allclose(y.detach().numpy(), _smooth_max(a.detach(), b.detach(), 3.0).numpy())
    assert gradcheck(lambda a, b: smooth_max(a, b), (a, b))
    assert gradgradcheck(lambda a, b: smooth_max(a, b), (a, b))
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.sum().backward()
    with torch.no_grad():
        assert smooth_max(a, b).grad_fn is None
