"""The user-written ctx-style ``autograd.Function`` (PyTorch's API and messages, recorded
from PyTorch 2.13), tensor hooks, and higher-order gradients through formula nodes."""
import math

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import Function, once_differentiable


class ClampedReLU(Function):
    """relu(x) * k with a non-tensor argument k."""

    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        return x.clamp(min=0) * k

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x > 0) * ctx.k, None


class Cubic(Function):
    """P3(x) = (5x^3 - 3x)/2, the Legendre polynomial of degree 3: P3'(x) = 1.5 (5x^2 - 1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * x ** 2 - 1)


def test_a_custom_function_records_one_named_node():
    x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    y = ClampedReLU.apply(x, 2.0)
    node = y.grad_fn
    assert type(node).__name__ == "ClampedReLUBackward" and node.name() == "ClampedReLUBackward"
    assert repr(node).startswith("<tinytorch.autograd.function.ClampedReLUBackward object at 0x")
    assert node.needs_input_grad == (True, False)
    assert node.next_functions[0][0] is x.grad_fn or type(node.next_functions[0][0]).__name__ == "AccumulateGrad"
    assert len(node.next_functions) == 1
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 2.0]


def test_saved_tensors_are_freed_after_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = ClampedReLU.apply(x, 1.0)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.sum().backward()


def test_a_saved_tensor_modified_in_place_is_refused():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    y = ClampedReLU.apply(a, 1.0)
    a.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_legendre_polynomial_fit_step_matches_the_formula():
    x = torch.linspace(-1, 1, 5, dtype=torch.float64, requires_grad=True)
    y = Cubic.apply(x)
    assert np.allclose(y.detach().numpy(), 0.5 * (5 * x.detach().numpy() ** 3 - 3 * x.detach().numpy()))
    y.sum().backward()
    assert np.allclose(x.grad.numpy(), 1.5 * (5 * x.detach().numpy() ** 2 - 1))
    assert torch.autograd.gradcheck(Cubic.apply, (torch.tensor([0.3, -0.7], dtype=torch.float64,
                                                                requires_grad=True),))


def test_a_custom_function_is_differentiable_twice():
    x = torch.tensor([0.5, -0.25], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(Cubic.apply(x).sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert np.allclose(h.numpy(), 15 * x.detach().numpy())   # P3'' = 15 x


def test_once_differentiable_refuses_a_second_derivative():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = torch.tensor([3.0], requires_grad=True)
    (g,) = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    assert g.tolist() == [6.0]
    with pytest.raises(RuntimeError, match="trying to differentiate twice a function that was marked with "
                                           "@once_differentiable"):
        g.sum().backward()


def test_wrong_gradient_counts_and_shapes_read_like_pytorch():
    class TwoGrads(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g, g

    class WrongShape(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g[:1]

    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"^function TwoGradsBackward returned an incorrect number of "
                                           r"gradients \(expected 1, got 2\)$"):
        TwoGrads.apply(x).sum().backward()
    with pytest.raises(RuntimeError, match=r"^Function WrongShapeBackward returned an invalid gradient at index 0 "
                                           r"- got \[1\] but expected shape compatible with \[3\]$"):
        WrongShape.apply(x).sum().backward()


def test_several_outputs_materialized_or_not():
    seen = []

    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1, g2))
            return g1 * 2 + (0 if g2 is None else g2 * 3)

    x = torch.ones(3, requires_grad=True)
    a, b = Two.apply(x)
    assert a.grad_fn is b.grad_fn and (a._output_nr, b._output_nr) == (0, 1)
    a.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0] and seen[-1][1].tolist() == [0.0, 0.0, 0.0]
    x.grad = None
    (a.sum() + b.sum()).backward()
    assert x.grad.tolist() == [5.0, 5.0, 5.0]

    class Lazy(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1, g2))
            return g2 * 3

    a, b = Lazy.apply(x)
    b.sum().backward()
    assert seen[-1][0] is None


def test_no_grad_and_no_input_needing_grad_record_nothing():
    with torch.no_grad():
        y = Cubic.apply(torch.ones(2, requires_grad=True))
    assert y.grad_fn is None and not y.requires_grad
    assert Cubic.apply(torch.ones(2)).grad_fn is None


def test_mark_dirty_and_mark_non_differentiable():
    class Double_(Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class ValueAndArgmax(Function):
        @staticmethod
        def forward(ctx, x):
            i = x.argmax()
            ctx.mark_non_differentiable(i)
            return x * 1, i

        @staticmethod
        def backward(ctx, g, gi):
            return g

    x = torch.tensor([1.0, 3.0], requires_grad=True)
    z = x.clone()
    w = Double_.apply(z)
    assert w is z and type(z.grad_fn).__name__ == "Double_Backward"
    w.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used in an in-place"):
        Double_.apply(x)
    v, i = ValueAndArgmax.apply(x)
    assert not i.requires_grad and i.grad_fn is None and v.requires_grad


def test_setup_context_form():
    class Scale(Function):
        @staticmethod
        def forward(x, k):
            return x * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.k = inputs[1]

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None

    x = torch.ones(2, requires_grad=True)
    Scale.apply(x, 4.0).sum().backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_legacy_instances_warn_and_refuse():
    class Legacy(Function):
        def forward(self, x):
            return x

    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        f = Legacy()
    with pytest.raises(RuntimeError, match="Legacy autograd function with non-static forward method is deprecated"):
        f(torch.ones(1))


# ---- tensor hooks ---------------------------------------------------------------------------

def test_tensor_hooks_change_and_observe_gradients():
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    h = t.register_hook(lambda g: g * 2)
    (t * 3).sum().backward()
    assert t.grad.tolist() == [6.0, 6.0]
    h.remove()
    t.grad = None
    (t * 3).sum().backward()
    assert t.grad.tolist() == [3.0, 3.0]
    seen = []
    u = t * 1
    u.register_hook(lambda g: seen.append(g.tolist()))
    (u * 5).sum().backward()
    assert seen == [[5.0, 5.0]]
    posted = []
    t.register_post_accumulate_grad_hook(lambda p: posted.append(p.grad.tolist()))
    t.grad = None
    (t * 1).sum().backward()
    assert posted == [[1.0, 1.0]]


def test_hook_errors_read_like_pytorch():
    with pytest.raises(RuntimeError, match="^cannot register a hook on a tensor that doesn't require gradient$"):
        torch.ones(2).register_hook(lambda g: g)
    t = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="^post accumulate grad hooks cannot be registered on non-leaf tensors$"):
        (t * 1).register_post_accumulate_grad_hook(lambda p: None)
    u = t * 1

    def shrink(g):
        return g[:1]

    u.register_hook(shrink)
    with pytest.raises(RuntimeError, match="^hook 'shrink' has changed the size of value$"):
        u.sum().backward()


# ---- higher-order gradients (values recorded from PyTorch 2.13) -----------------------------

def test_second_derivative_of_a_cube():
    x = torch.tensor([0.5, 1.5, -2.0], requires_grad=True)
    (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    assert repr(g) == "tensor([ 0.7500,  6.7500, 12.0000], grad_fn=<MulBackward0>)"
    (h,) = torch.autograd.grad(g.sum(), x)
    assert repr(h) == "tensor([  3.,   9., -12.])"


def test_backward_create_graph_on_the_seed_graph():
    x = torch.ones(2, 2, requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    with pytest.warns(UserWarning, match="create a reference cycle"):
        out.backward(create_graph=True)
    assert repr(x.grad) == ("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]], "
                            "grad_fn=<CopyBackwards>)")
    x.grad.sum().backward()
    assert repr(x.grad) == "tensor([[6., 6.],\n        [6., 6.]], grad_fn=<CopyBackwards>)"


def test_second_derivatives_of_unary_formulas():
    x = torch.tensor([0.3, -1.2], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(x.tanh().sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert repr(h) == "tensor([-0.5332,  0.5086], dtype=tinytorch.float64)"
    x = torch.tensor([0.3, -1.2], requires_grad=True)
    (g,) = torch.autograd.grad((x.sigmoid() * x.exp() / (x * x + 1)).sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert repr(g) == "tensor([0.6225, 0.0786], grad_fn=<AddBackward0>)"
    assert repr(h) == "tensor([-0.7189,  0.2156])"


@pytest.mark.parametrize("f, d2", [
    (lambda x: x.exp(), lambda x: np.exp(x)),
    (lambda x: x.log(), lambda x: -1 / x ** 2),
    (lambda x: x.sqrt(), lambda x: -0.25 * x ** -1.5),
    (lambda x: x.sin(), lambda x: -np.sin(x)),
    (lambda x: x.cos(), lambda x: -np.cos(x)),
    (lambda x: x.sigmoid(), lambda x: (s := 1 / (1 + np.exp(-x))) * (1 - s) * (1 - 2 * s)),
    (lambda x: 1 / x, lambda x: 2 / x ** 3),
    (lambda x: 2 - x * x, lambda x: -2 + 0 * x),
    (lambda x: (x.reshape(2, 2).t() * 3).relu().mean(dim=0).sum() * x.sum(), None),
])
def test_hessian_diagonal_against_the_analytic_second_derivative(f, d2):
    xv = np.array([0.4, 1.3, 2.2, 0.7])
    x = torch.tensor(xv, requires_grad=True)
    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    if d2 is None:   # f = s(x) * sum(x) with s piecewise linear: Hessian = ds/dx_i + ds/dx_j, summed
        (h,) = torch.autograd.grad(g.sum(), x)
        eps = 1e-6

        def grad_sum(v):   # sum_j df/dx_j at v; h_i is its derivative along x_i
            t = torch.tensor(v, requires_grad=True)
            (gt,) = torch.autograd.grad(f(t).sum(), t)
            return gt.sum().item()
        fd = [(grad_sum(xv + eps * np.eye(4)[i]) - grad_sum(xv - eps * np.eye(4)[i])) / (2 * eps) for i in range(4)]
        assert np.allclose(h.numpy(), fd, atol=1e-5)
        return
    # elementwise f: the gradient of sum(f'(x)) is f''(x)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert np.allclose(h.numpy(), d2(xv), rtol=1e-10, atol=1e-12)


def test_hessian_vector_product_of_a_tanh_layer():
    rng = np.random.default_rng(0)
    wv, xv, vv = rng.normal(size=(3, 4)), rng.normal(size=(4,)), rng.normal(size=(3, 4))
    w = torch.tensor(wv, requires_grad=True)
    x = torch.tensor(xv)

    def loss(w):
        return ((w * x).sum(dim=1).tanh() ** 2).sum()

    (g,) = torch.autograd.grad(loss(w), w, create_graph=True)
    (hv,) = torch.autograd.grad((g * torch.tensor(vv)).sum(), w)
    eps = 1e-6

    def grad_at(m):
        t = torch.tensor(m, requires_grad=True)
        return torch.autograd.grad(loss(t), t)[0].numpy()

    fd = (grad_at(wv + eps * vv) - grad_at(wv - eps * vv)) / (2 * eps)
    assert np.allclose(hv.numpy(), fd, atol=1e-6)


def test_prod_with_a_zero_is_differentiated_twice_as_pytorch_does():
    x = torch.tensor([0.0, 2.0], requires_grad=True)   # a zero: no dividing by x in the formula
    (g,) = torch.autograd.grad(x.prod(), x, create_graph=True)
    assert g.tolist() == [2.0, 0.0] and g.grad_fn.name() == "ViewBackward0"   # PyTorch 2.13's node
    g.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_second_derivatives_through_indexing_cat_stack_clone_and_casts():
    """Values printed by PyTorch 2.13 for the same program."""
    x = torch.tensor([[0.5, 1.0, -2.0], [1.5, 0.3, 0.7], [2.0, -1.0, 0.1]], dtype=torch.float64,
                     requires_grad=True)
    y = ((x[0] ** 3).sum() + (x[:, 1] ** 2).sum() + torch.cat([x[1], x[2]]).exp().sum()
         + torch.stack([x[0], x[2]]).clone().double().sin().sum())
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert repr(h) == ("tensor([[  2.5206,   7.1585, -11.0907],\n"
                       "        [  4.4817,   3.3499,   2.0138],\n"
                       "        [  6.4798,   3.2094,   1.0053]], dtype=tinytorch.float64)")
    assert g.grad_fn.name() == "AddBackward0"


@pytest.mark.parametrize("fn", [
    lambda x: torch.where(x > 0, x * x, x.exp())[1:].sum(0),
    lambda x: torch.cat([x[0], x[:, 2] * 2]).tanh(),
    lambda x: torch.stack([x[1], x[2]], dim=1).sigmoid(),
    lambda x: x[..., 1:].clone().log1p(),
])
def test_gradgradcheck_through_views_and_joins(fn):
    from tinytorch.autograd import gradgradcheck
    x = torch.tensor([[0.5, 1.0, 2.0], [1.5, 0.3, 0.7], [2.0, 0.4, 0.1]], dtype=torch.float64,
                     requires_grad=True)
    assert gradgradcheck(fn, (x,))


def test_a_slice_gradient_under_create_graph_has_pytorchs_node():
    x = torch.ones(3, requires_grad=True)
    (g,) = torch.autograd.grad((x[1:] * x[1:]).sum(), x, create_graph=True)
    assert g.tolist() == [0.0, 2.0, 2.0]
    assert "SliceBackwardBackward0" in {n.name() for n, _ in g.grad_fn.next_functions if n is not None} | {
        g.grad_fn.name()}


def test_second_derivative_through_a_dtype_conversion():
    x = torch.tensor([0.5, -1.25], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad((x.float() ** 3).sum(), x, create_graph=True)
    assert g.dtype == torch.float64 and g.grad_fn.name() == "ToCopyBackward0"
    (h,) = torch.autograd.grad(g.sum(), x)
    assert np.allclose(h.numpy(), 6 * x.detach().numpy(), rtol=1e-6)


def test_detect_anomaly_names_the_op_and_its_forward_line():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        mode = torch.autograd.detect_anomaly()
    with mode:
        assert torch.is_anomaly_enabled() and torch.is_anomaly_check_nan_enabled()
        y = (x.sqrt() * 0).sum()   # d sqrt/dx at 0 is inf; times 0: nan
        with pytest.warns(UserWarning, match=r"(?s)Error detected in SqrtBackward0\. Traceback of forward call "
                                             r"that caused the error:\n.*test_autograd_function\.py.*x\.sqrt\(\)"):
            with pytest.raises(RuntimeError, match=r"^Function 'SqrtBackward0' returned nan values in its 0th "
                                                   r"output\.$"):
                y.backward()
    assert not torch.is_anomaly_enabled()
    y = (x.sqrt() * 0).sum()
    y.backward()   # without detection the nan is silently accumulated, as in PyTorch
    assert np.isnan(x.grad.numpy()[0])


def test_set_detect_anomaly_acts_at_once_and_restores_in_a_with_block():
    with torch.autograd.set_detect_anomaly(True):
        assert torch.is_anomaly_enabled()
    assert not torch.is_anomaly_enabled()


def test_saved_tensors_hooks_pack_and_unpack_every_saved_value():
    """PyTorch 2.13 packs 3 values here (mul's two inputs, exp's result) and unpacks each once."""
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    log = []

    def pack(t):
        log.append("pack")
        return t * 1

    def unpack(t):
        log.append("unpack")
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = (x * x).exp().sum()
    y.backward()
    assert repr(x.grad) == "tensor([5.4366e+00, 2.1839e+02, 4.8619e+04])"
    assert log.count("pack") == 3 and log.count("unpack") == 3
    with torch.autograd.graph.saved_tensors_hooks(lambda t: 3, lambda p: torch.ones(3)):
        y = (x * x).sum()
    x.grad = None
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]   # backward used what unpack returned
    seen = []
    with torch.autograd.graph.saved_tensors_hooks(lambda t: seen.append(t.tolist()) or t, lambda p: p):
        z = Cubic.apply(x)
    z.sum().backward()
    assert seen == [[1.0, 2.0, 3.0]]
