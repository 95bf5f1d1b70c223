"""``autograd.functional`` (jacobian, hessian, vjp, jvp, hvp, vhp) and ``gradgradcheck``.

The expected text was printed by PyTorch 2.13 for the same program (``torch`` in place of
``tinytorch``, dtype names aside), recorded by running this file's ``_program`` there.
"""
import contextlib
import io

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradgradcheck

EXPECTED = 'tensor([[ 0.0569, -0.1138,  0.0228],\n        [ 1.9715,  0.0986, -0.2957]], dtype=tinytorch.float64)\ntensor([[ 2.5791,  0.0000,  0.0000],\n        [ 0.0000,  0.2183,  0.0000],\n        [ 0.0000,  0.0000, -6.1499]], dtype=tinytorch.float64)\n(tensor([ 0.9414, -0.1194], dtype=tinytorch.float64), tensor([-3.8860, -0.3110,  0.6142], dtype=tinytorch.float64))\n(tensor([ 0.9414, -0.1194], dtype=tinytorch.float64), tensor([-0.0228,  2.3165], dtype=tinytorch.float64))\n(tensor(6.8370, dtype=tinytorch.float64), tensor([2.5791, 0.1091, 6.1499], dtype=tinytorch.float64))\n(tensor(6.8370, dtype=tinytorch.float64), tensor([2.5791, 0.1091, 6.1499], dtype=tinytorch.float64))\n(tensor([-0.6870, -2.6502, -0.1488], dtype=tinytorch.float64), tensor([-2.9740, -2.9740], dtype=tinytorch.float64))\n((tensor([[0.6183, 0.0000, 0.0000],\n        [0.0000, 2.3852, 0.0000],\n        [0.0000, 0.0000, 0.1339]], dtype=tinytorch.float64), tensor([[ 0.5573,  0.5573],\n        [ 6.1249,  6.1249],\n        [-0.1322, -0.1322]], dtype=tinytorch.float64)), (tensor([[ 0.5573,  6.1249, -0.1322],\n        [ 0.5573,  6.1249, -0.1322]], dtype=tinytorch.float64), tensor([[4.9702, 4.9702],\n        [4.9702, 4.9702]], dtype=tinytorch.float64)))\n'


def _program():
    F = torch.autograd.functional
    x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64)
    w = torch.tensor([[0.5, -1.0, 0.2], [2.0, 0.1, -0.3]], dtype=torch.float64)

    def f(x):
        return (w * x).sum(1).tanh()

    def g(x):
        return (x.sin() * x.exp()).sum()

    def h2(x, y):
        return (x * y.sum()).exp().sum()

    v3 = torch.tensor([1.0, 0.5, -1.0], dtype=torch.float64)
    print(F.jacobian(f, x))
    print(F.hessian(g, x))
    print(F.vjp(f, x, torch.tensor([1.0, -2.0], dtype=torch.float64)))
    print(F.jvp(f, x, v3))
    print(F.hvp(g, x, v3))
    print(F.vhp(g, x, v3))
    print(F.jacobian(h2, (x, x[:2])))
    print(F.hessian(h2, (x, x[:2])))


def test_functional_derivatives_print_what_pytorch_prints():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _program()
    assert out.getvalue() == EXPECTED


def test_functional_argument_errors():
    F = torch.autograd.functional
    with pytest.raises(TypeError, match="must be either a Tensor or a tuple of Tensors"):
        F.vjp(lambda x: x, [1.0])
    with pytest.raises(RuntimeError, match="The vector v can only be None if the user-provided function returns"):
        F.vjp(lambda x: x * 2, torch.ones(3))
    with pytest.raises(RuntimeError, match="independent of input 0. This is not allowed in strict mode"):
        F.vjp(lambda x: torch.ones(1) * 1, torch.ones(1), strict=True)


def test_create_graph_keeps_the_result_differentiable():
    x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
    _, hv = torch.autograd.functional.hvp(lambda x: (x ** 4).sum(), x, torch.ones(2, dtype=torch.float64),
                                          create_graph=True)
    assert hv.requires_grad
    hv.sum().backward()   # d/dx of 12 x^2 is 24 x
    assert np.allclose(x.grad.numpy(), 24 * x.detach().numpy())


@pytest.mark.parametrize("fn", [
    lambda x, w: ((x * w).tanh().sum(0) / x.exp()).sigmoid(),
    lambda x, w: (w.t() * x.reshape(1, 2)).permute(1, 0).mean(dim=1) ** 3,
    lambda x, w: (x.sin() - w.cos().sum(1) + 3).sqrt(),
    lambda x, w: (1 / (x + 2)).log() * w.sum(),
])
def test_gradgradcheck_through_formula_nodes(fn):
    x = torch.tensor([0.3, 1.2], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[0.5, -1.0], [2.0, 0.1]], dtype=torch.float64, requires_grad=True)
    assert gradgradcheck(fn, (x, w))


def test_gradgradcheck_detects_a_wrong_second_derivative():
    class WrongSecond(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x.detach() ** 2   # right value, but constant in x: d2 is lost

    x = torch.tensor([0.7, -0.4], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(WrongSecond.apply, (x,))
    assert gradgradcheck(WrongSecond.apply, (x,), raise_exception=False) is False


def _mlp_inputs():
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.3, 0.7]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[0.2, -0.4, 0.1], [0.3, 0.5, -0.6], [1.0, 0.2, 0.3], [-0.7, 0.4, 0.9]], dtype=torch.float64,
                     requires_grad=True)
    b = torch.tensor([0.1, -0.2, 0.3, 0.0], dtype=torch.float64, requires_grad=True)
    return x, w, b


@pytest.mark.parametrize("name, fn", [
    ("linear + tanh + cross_entropy", lambda x, w, b: torch.nn.functional.cross_entropy(
        torch.nn.functional.linear(x, w, b).tanh(), torch.tensor([1, 3]))),
    ("matmul + mse_loss", lambda x, w, b: torch.nn.functional.mse_loss(x @ w.t() + b, torch.ones(2, 4,
                                                                                             dtype=torch.float64))),
    ("softmax", lambda x, w, b: torch.nn.functional.softmax(x @ w.t(), 1) * b),
    ("log_softmax + nll_loss(none)", lambda x, w, b: torch.nn.functional.nll_loss(
        torch.nn.functional.log_softmax(x @ w.t(), 1), torch.tensor([0, 2]), reduction="none")),
    ("mv + dot", lambda x, w, b: (w @ x[0]).exp() * b + x[1].dot(x[0])),
    ("bmm", lambda x, w, b: torch.bmm(x.unsqueeze(0), w.t().unsqueeze(0)).sin()),
])
def test_fused_nodes_are_differentiable_twice(name, fn):
    assert gradgradcheck(fn, _mlp_inputs())


def test_hessian_of_a_small_classifier_is_symmetric_and_matches_finite_differences():
    x, w, b = _mlp_inputs()
    F = torch.nn.functional

    def loss(w):
        return F.cross_entropy(F.linear(x.detach(), w, b.detach()).tanh(), torch.tensor([1, 3]))

    h = torch.autograd.functional.hessian(loss, w.detach()).reshape(12, 12).numpy()
    assert np.allclose(h, h.T, atol=1e-10)
    eps, w0 = 1e-6, w.detach().numpy()

    def grad_at(m):
        t = torch.tensor(m, requires_grad=True)
        return torch.autograd.grad(loss(t), t)[0].numpy().reshape(-1)

    fd = np.stack([(grad_at(w0 + eps * e.reshape(4, 3)) - grad_at(w0 - eps * e.reshape(4, 3))) / (2 * eps)
                   for e in np.eye(12)], axis=1)
    assert np.allclose(h, fd, atol=1e-6)
