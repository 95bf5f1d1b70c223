"""Autograd semantics: accumulation, retain_grad, retain_graph, vector-Jacobian products,
in-place safety (leaves, version counters), grad mode, ``autograd.grad``, deep graphs,
PyTorch's node names and ``next_functions``, and gradients at ties and kinks (literals
from PyTorch 2.13)."""
import re

import numpy as np
import pytest

import tinytorch as tt
from tinytorch.autograd import AccumulateGrad
from conftest import assert_tensor, to_np

FREED = ("Trying to backward through the graph a second time, but the buffers have already been freed. "
         "Specify retain_graph=True when calling backward the first time.")


def x3():
    return tt.tensor([1.0, 2.0, 3.0], requires_grad=True)


def test_grad_accumulates_across_backward_calls():
    x = x3()
    (x * 2).sum().backward()
    first = x.grad
    (x * 3).sum().backward()
    assert_tensor(x.grad, [5.0, 5.0, 5.0])
    assert x.grad is first                       # accumulated in place, like PyTorch
    x.grad.zero_()
    (x * x).sum().backward()
    assert_tensor(x.grad, [2.0, 4.0, 6.0])
    x.grad = None
    x.sum().backward()
    assert_tensor(x.grad, [1.0, 1.0, 1.0])


def test_non_leaf_grad_is_none_unless_retained():
    x = x3()
    z = x * 2
    w = x * 3
    w.retain_grad()
    assert not z.retains_grad and w.retains_grad
    (z * w).sum().backward()
    assert z.grad is None
    assert_tensor(w.grad, to_np(z))
    assert_tensor(x.grad, 12 * to_np(x))
    assert x.is_leaf and not z.is_leaf and z.requires_grad


def test_retain_grad_on_leaf_and_twice():
    x = x3()
    x.retain_grad()                              # a no-op on leaves
    y = x * 2
    y.retain_grad()
    y.retain_grad()
    (y * y).sum().backward()
    assert_tensor(y.grad, [4.0, 8.0, 12.0])
    with pytest.raises(RuntimeError, match="can't retain_grad on Tensor that has requires_grad=False"):
        tt.ones(2).retain_grad()


def test_retain_grad_then_in_place_reports_the_new_value():
    x = tt.ones(2, requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.add_(1)
    (y * y).sum().backward()
    assert_tensor(y.grad, [6.0, 6.0])
    assert_tensor(x.grad, [12.0, 12.0])


@pytest.mark.parametrize("make", [lambda x: (x * x).sum(), lambda x: x.exp().sum(), lambda x: (x * 2).sum(),
                                  lambda x: (x @ x), lambda x: x.sigmoid().mean()])
def test_second_backward_raises(make):
    x = x3()
    y = make(x)
    y.backward()
    with pytest.raises(RuntimeError) as e:
        y.backward()
    assert str(e.value) == FREED


def test_second_backward_without_saved_tensors_is_allowed():
    x = x3()
    y = (x + 1).sum()
    y.backward()
    y.backward()
    assert_tensor(x.grad, [2.0, 2.0, 2.0])


def test_retain_graph():
    x = x3()
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert_tensor(x.grad, [4.0, 8.0, 12.0])
    with pytest.raises(RuntimeError, match=re.escape(FREED)):
        y.backward()


def test_non_scalar_backward_needs_gradient():
    x = x3()
    with pytest.raises(RuntimeError) as e:
        (x * 2).backward()
    assert str(e.value) == "grad can be implicitly created only for scalar outputs"


def test_backward_with_gradient_is_a_vector_jacobian_product():
    x = x3()
    (x * x).backward(tt.tensor([1.0, 0.1, 0.01]))
    assert_tensor(x.grad, [2.0, 0.4, 0.06])
    a = tt.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    v = tt.tensor([[1.0, -1.0], [0.5, 2.0]])
    (a @ a).backward(v)
    a_np, v_np = to_np(a), to_np(v)
    assert_tensor(a.grad, v_np @ a_np.T + a_np.T @ v_np)
    s = tt.ones(2, requires_grad=True)
    s.sum().backward(tt.tensor(2.0))
    assert_tensor(s.grad, [2.0, 2.0])


def test_backward_errors():
    x = x3()
    with pytest.raises(RuntimeError) as e:
        (x * 2).backward(tt.ones(2))
    assert str(e.value) == ("Mismatch in shape: grad_output[0] has a shape of tinytorch.Size([2]) and output[0] has "
                            "a shape of tinytorch.Size([3]).")
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad and does not have a grad_fn"):
        tt.ones(2).sum().backward()


def test_backward_on_a_leaf():
    x = x3()
    x.backward(tt.ones(3))
    assert_tensor(x.grad, [1.0, 1.0, 1.0])


def test_gradient_dtype_follows_the_leaf():
    x = tt.ones(2, dtype=tt.float64, requires_grad=True)
    (x.float() * 2).sum().backward()
    assert x.grad.dtype is tt.float64
    y = tt.ones(2, requires_grad=True)
    (y * tt.ones(2, dtype=tt.float64)).sum().backward()
    assert y.grad.dtype is tt.float32


# ---- in-place safety ---------------------------------------------------------------------------

LEAF_MSG = "a leaf Variable that requires grad is being used in an in-place operation."


@pytest.mark.parametrize("op", [lambda x: x.add_(1), lambda x: x.mul_(2), lambda x: x.zero_(), lambda x: x.fill_(1.0),
                                lambda x: x.exp_(), lambda x: x.clamp_(0, 1), lambda x: x.__iadd__(1)])
def test_in_place_on_leaf_requiring_grad(op):
    x = x3()
    with pytest.raises(RuntimeError) as e:
        op(x)
    assert str(e.value) == LEAF_MSG


def test_in_place_on_leaf_views_and_setitem():
    x = x3()
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an in-place"):
        x[0] = 5.0
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an in-place"):
        x[1:].mul_(2)


def test_in_place_on_leaf_allowed_under_no_grad_and_on_detached():
    x = x3()
    with tt.no_grad():
        x.add_(1)
        x[0] = 0.0
    assert_tensor(x, [0.0, 3.0, 4.0])
    assert x.requires_grad and x.is_leaf
    d = x.detach()
    d.mul_(2)                                    # shares memory with x
    assert_tensor(x, [0.0, 6.0, 8.0])
    x.data.add_(1)
    assert_tensor(x, [1.0, 7.0, 9.0])


def test_modified_saved_tensor_raises():
    x = x3()
    y = x.exp()
    y.add_(1)                                    # exp saved its output
    with pytest.raises(RuntimeError, match="one of the variables needed for gradient computation has been modified by "
                                           "an inplace operation: .* is at version 1; expected version 0 instead"):
        y.sum().backward()
    z = x * 1
    w = z * z
    z.mul_(2)                                    # mul saved its inputs
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        w.sum().backward()
    v = x * 1
    u = v.sin()
    v[1:] = 0.0                                  # setitem bumps the version of v
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        u.sum().backward()


def test_modifying_unsaved_tensor_is_fine():
    x = x3()
    z = x * 1
    y = z + z                                    # add saves nothing
    z.mul_(2)
    y.sum().backward()
    assert_tensor(x.grad, [2.0, 2.0, 2.0])
    a = x3()
    c = a * 1
    d = c * 2                                    # only the constant is saved
    c.add_(1)
    d.sum().backward()
    assert_tensor(a.grad, [2.0, 2.0, 2.0])


def test_in_place_on_non_leaf_gradients():
    x = x3()
    z = x * 2
    z.mul_(x)
    z.add_(1)
    z.exp_()
    z.sum().backward()
    xn = to_np(x)
    assert_tensor(x.grad, np.exp(2 * xn * xn + 1) * 4 * xn, rtol=1e-5)
    assert z.grad_fn.name() == "ExpBackward0"


def test_setitem_records_copy_slices():
    x = x3()
    z = x.clone()
    z[1:] = z[:2] * 2
    z.sum().backward()
    assert_tensor(x.grad, [3.0, 2.0, 0.0])
    assert z.grad_fn.name() == "CopySlices"
    w = tt.zeros(3)
    w[0] = x[1] * 3                              # a plain tensor starts requiring grad
    assert w.requires_grad and not w.is_leaf
    w.sum().backward()
    assert_tensor(x.grad, [3.0, 5.0, 0.0])
    p = tt.zeros(3)
    p += x
    assert p.grad_fn.name() == "AddBackward0"


def test_in_place_through_a_view_of_a_non_leaf():
    # PyTorch rebases the base's history: CopySlices(old base, op(view of old base))
    x = x3()
    z = x * 2
    v = z[1:]
    v.mul_(2)
    assert z.grad_fn.name() == "CopySlices" and v.grad_fn.name() == "AsStridedBackward0"
    assert_tensor(z, [2.0, 8.0, 12.0])
    z.sum().backward()
    assert_tensor(x.grad, [2.0, 4.0, 4.0])
    y = x3()
    w = y * 1
    w.t()[0:2].exp_()                        # a view of a view
    (w * 1).sum().backward()
    assert_tensor(y.grad, [np.e, np.e ** 2, 1.0], rtol=1e-6)
    p = tt.zeros(3)
    p[1:].add_(x3()[:2])                     # a plain tensor starts requiring grad through its view
    assert p.requires_grad and p.grad_fn.name() == "CopySlices"


def test_views_made_before_an_in_place_change_of_their_base_see_it():
    x = x3()
    z = x * 2
    a = z[:2]
    z.mul_(3)
    a.sum().backward()
    assert_tensor(x.grad, [6.0, 6.0, 0.0])
    x.grad = None
    z = x * 2
    a = z[:2]
    z[1] = 7.0
    a.sum().backward()
    assert_tensor(x.grad, [2.0, 0.0, 0.0])
    x.grad = None
    z = x * 2
    a, b = z[:2], z[1:]
    b.mul_(5)
    (a * tt.tensor([1.0, 10.0])).sum().backward()
    assert_tensor(x.grad, [2.0, 100.0, 0.0])


def test_in_place_through_a_view_invalidates_saved_base():
    x = x3()
    z = x * 1
    y = z.sin()                              # saves z
    z[1:].mul_(3)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_version_counter_shared_by_views():
    x = tt.zeros(3)
    v = x[1:]
    assert x._version == 0
    v.add_(1)
    assert x._version == v._version == 1 and v._vc is x._vc   # PyTorch 2.13 gives 1 and 1
    x[0] = 5.0
    assert v._version == 2 and x.detach()._version == 2
    assert x.detach()._vc is x._vc


# ---- grad mode -----------------------------------------------------------------------------------

def test_grad_mode_context_managers_and_decorators():
    x = x3()
    with tt.no_grad():
        y = x * 2
        assert not tt.is_grad_enabled()
        with tt.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad

    @tt.no_grad()
    def f():
        return x * 2

    @tt.enable_grad()
    def g():
        return x * 2

    @tt.set_grad_enabled(False)
    def h():
        return x * 2

    assert not f().requires_grad and not h().requires_grad
    with tt.no_grad():
        assert g().requires_grad
    with tt.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    with tt.set_grad_enabled(True):
        assert (x * 2).requires_grad
    tt.set_grad_enabled(False)
    assert not (x * 2).requires_grad
    tt.set_grad_enabled(True)
    assert tt.is_grad_enabled()
    with tt.autograd.no_grad():
        pass
    assert tt.is_grad_enabled()


def test_grad_mode_restored_after_exception():
    with pytest.raises(ZeroDivisionError):
        with tt.no_grad():
            1 / 0
    assert tt.is_grad_enabled()


# ---- autograd.grad -------------------------------------------------------------------------------

def test_autograd_grad():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = tt.tensor([3.0, 4.0], requires_grad=True)
    gx, gy = tt.autograd.grad((x * y).sum(), [x, y])
    assert_tensor(gx, [3.0, 4.0])
    assert_tensor(gy, [1.0, 2.0])
    assert x.grad is None and y.grad is None
    (g,) = tt.autograd.grad(x * x, x, grad_outputs=tt.ones(2))
    assert_tensor(g, [2.0, 4.0])
    z = x * 3
    (gz,) = tt.autograd.grad((z * z).sum(), z)
    assert_tensor(gz, [6.0, 12.0])


def test_autograd_grad_unused_and_errors():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = tt.tensor([3.0, 4.0], requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        tt.autograd.grad((x * 2).sum(), [x, y])
    assert str(e.value) == ("The differentiated Tensor at index 1 appears to not have been used in the graph. "
                            "Set allow_unused=True if this is the desired behavior.")
    gx, gy = tt.autograd.grad((x * 2).sum(), [x, y], allow_unused=True)
    assert_tensor(gx, [2.0, 2.0])
    assert gy is None
    with pytest.raises(RuntimeError, match="One of the differentiated Tensors does not require grad"):
        tt.autograd.grad((x * 2).sum(), [tt.ones(2)])


def test_autograd_backward_function():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    tt.autograd.backward([(x * x).sum(), (x * 3).sum()])
    assert_tensor(x.grad, [5.0, 7.0])


# ---- graph size ------------------------------------------------------------------------------

def test_backward_inputs_accumulates_only_into_the_given_tensors():
    # PyTorch 2.13: with inputs=, only those tensors' .grad is filled (a non-leaf included)
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    b = tt.tensor([3.0, 4.0], requires_grad=True)
    h = a * b
    (h * h).sum().backward(inputs=[a, h], retain_graph=True)
    np.testing.assert_allclose(a.grad.numpy(), [2 * 3 * 3, 2 * 8 * 4])   # 2 h b
    np.testing.assert_allclose(h.grad.numpy(), [6.0, 16.0])              # 2 h
    assert b.grad is None
    (h * h).sum().backward(inputs=b)
    np.testing.assert_allclose(b.grad.numpy(), [2 * 3 * 1, 2 * 8 * 2])   # 2 h a
    np.testing.assert_allclose(a.grad.numpy(), [18.0, 64.0])             # unchanged
    tt.autograd.backward([(a * 2).sum()], inputs=[a])
    np.testing.assert_allclose(a.grad.numpy(), [20.0, 66.0])
    with pytest.raises(RuntimeError, match=re.escape("`inputs` argument to `backward()` cannot be empty.")):
        (a * 2).sum().backward(inputs=[])
    with pytest.raises(RuntimeError, match="can't retain_grad on Tensor that has requires_grad=False"):
        (a * 2).sum().backward(inputs=[tt.ones(2)])


def test_backward_inputs_runs_only_the_part_of_the_graph_leading_to_them():
    # PyTorch 2.13 runs (and frees) only the nodes on a path to `inputs`
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    b = tt.tensor([0.5, 0.25], requires_grad=True)
    loss = (a * a + b.exp()).sum()
    loss.backward(inputs=[a])
    loss.backward(inputs=[b])   # ExpBackward0 still has its saved result
    assert_tensor(a.grad, [2.0, 4.0])
    np.testing.assert_allclose(b.grad.numpy(), np.exp([0.5, 0.25]), rtol=1e-6)
    # a node below the inputs is not run, so a later in-place change there does not matter
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    w = a * 1
    h = w.sin() * 2
    loss = (h * h).sum()
    w.add_(1)
    loss.backward(inputs=[h])
    np.testing.assert_allclose(h.grad.numpy(), 4 * np.sin([1.0, 2.0]), rtol=1e-6)
    assert a.grad is None


def test_retained_grads_are_filled_when_inputs_are_given_and_by_autograd_grad():
    # PyTorch 2.13: h.grad = [4, 8] in both cases; an input that also retains its grad gets it once
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    h = a * 2
    h.retain_grad()
    (h * h).sum().backward(inputs=[a])
    assert_tensor(h.grad, [4.0, 8.0])
    assert_tensor(a.grad, [8.0, 16.0])
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    h = a * 2
    h.retain_grad()
    (ga,) = tt.autograd.grad((h * h).sum(), [a])
    assert_tensor(ga, [8.0, 16.0])
    assert_tensor(h.grad, [4.0, 8.0])
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    h = a * 2
    h.retain_grad()
    w = h * 3
    w.retain_grad()
    (w * w).sum().backward(inputs=[h])
    assert_tensor(h.grad, [36.0, 72.0])
    assert_tensor(w.grad, [12.0, 24.0])
    assert a.grad is None


def test_backward_with_many_roots():
    x = tt.tensor([1.0], requires_grad=True)
    ys = [x * float(i) for i in range(3000)]
    tt.autograd.backward([y.sum() for y in ys])
    assert_tensor(x.grad, [float(sum(range(3000)))])


def test_leaf_grads_never_share_memory_with_other_arrays():
    # The engine keeps an unshared gradient array as .grad without copying it; whenever the
    # array is also on its way to another leaf, held by the caller, or a view, it must copy.
    a = tt.ones(3, requires_grad=True)
    b = tt.ones(3, requires_grad=True)
    (a + b).sum().backward()   # AddBackward0 hands the same array to both leaves
    assert not np.shares_memory(a.grad.numpy(), b.grad.numpy())
    a.grad.add_(1)
    assert_tensor(b.grad, [1.0, 1.0, 1.0])
    x = tt.ones(3, requires_grad=True)
    t = tt.tensor([1.0, 2.0, 3.0])
    x.backward(t)
    assert not np.shares_memory(x.grad.numpy(), t.numpy())
    x.grad.mul_(10)
    assert_tensor(t, [1.0, 2.0, 3.0])
    w = tt.ones(2, 1, requires_grad=True)
    v = tt.ones(1, 3, requires_grad=True)
    (w.expand(2, 3) * v).sum().backward()
    assert_tensor(w.grad, [[3.0], [3.0]])
    assert_tensor(v.grad, [[2.0, 2.0, 2.0]])
    w.grad.zero_()
    assert_tensor(v.grad, [[2.0, 2.0, 2.0]])


def test_very_deep_graph_has_no_recursion_limit():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(20000):
        y = y + 1
    y.sum().backward()
    assert_tensor(x.grad, [1.0, 1.0])


def test_wide_fan_out_accumulates():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    total = x * 0
    for i in range(200):
        total = total + x * i
    total.sum().backward()
    assert_tensor(x.grad, [19900.0, 19900.0])


def test_diamond_graph():
    x = tt.tensor(2.0, requires_grad=True)
    a = x * 3
    b = a.exp()
    c = a.sin()
    (b + c).backward()
    assert_tensor(x.grad, 3 * np.exp(6.0) + 3 * np.cos(6.0), rtol=1e-6)


# ---- node names and structure ---------------------------------------------------------------------

def _leaf():
    return tt.ones(2, 3, requires_grad=True)


NAMES = [
    ("add", lambda x, y: x + y, "AddBackward0"), ("add_scalar", lambda x, y: x + 1, "AddBackward0"),
    ("radd", lambda x, y: 1 + x, "AddBackward0"), ("sub", lambda x, y: x - y, "SubBackward0"),
    ("rsub", lambda x, y: 1 - x, "RsubBackward1"), ("mul", lambda x, y: x * y, "MulBackward0"),
    ("rmul", lambda x, y: 2 * x, "MulBackward0"), ("div", lambda x, y: x / y, "DivBackward0"),
    ("rdiv", lambda x, y: 2 / x, "MulBackward0"), ("pow_scalar", lambda x, y: x ** 2, "PowBackward0"),
    ("pow_tensor", lambda x, y: x ** y, "PowBackward1"), ("rpow", lambda x, y: 2 ** x, "PowBackward2"),
    ("neg", lambda x, y: -x, "NegBackward0"), ("abs", lambda x, y: x.abs(), "AbsBackward0"),
    ("exp", lambda x, y: x.exp(), "ExpBackward0"), ("log", lambda x, y: x.log(), "LogBackward0"),
    ("sqrt", lambda x, y: x.sqrt(), "SqrtBackward0"), ("sin", lambda x, y: x.sin(), "SinBackward0"),
    ("cos", lambda x, y: x.cos(), "CosBackward0"), ("tanh", lambda x, y: x.tanh(), "TanhBackward0"),
    ("sigmoid", lambda x, y: x.sigmoid(), "SigmoidBackward0"), ("relu", lambda x, y: x.relu(), "ReluBackward0"),
    ("reciprocal", lambda x, y: x.reciprocal(), "ReciprocalBackward0"),
    ("rsqrt", lambda x, y: x.rsqrt(), "RsqrtBackward0"), ("clamp", lambda x, y: x.clamp(0, 1), "ClampBackward1"),
    ("clamp_tensor", lambda x, y: x.clamp(y, 2.0), "ClampBackward0"),
    ("maximum", lambda x, y: tt.maximum(x, y), "MaximumBackward0"),
    ("minimum", lambda x, y: tt.minimum(x, y), "MinimumBackward0"),
    ("where", lambda x, y: tt.where(x > 0, x, y), "WhereBackward0"),
    ("sum", lambda x, y: x.sum(), "SumBackward0"), ("sum_dim", lambda x, y: x.sum(0), "SumBackward1"),
    ("mean", lambda x, y: x.mean(), "MeanBackward1"), ("mean_dim", lambda x, y: x.mean(0), "MeanBackward0"),
    ("max", lambda x, y: x.max(), "MaxBackward1"), ("max_dim", lambda x, y: x.max(0)[0], "MaxBackward0"),
    ("min", lambda x, y: x.min(), "MinBackward1"), ("min_dim", lambda x, y: x.min(1).values, "MinBackward0"),
    ("amax", lambda x, y: x.amax(0), "AmaxBackward0"), ("amin", lambda x, y: x.amin(), "AminBackward0"),
    ("prod", lambda x, y: x.prod(), "ProdBackward0"), ("prod_dim", lambda x, y: x.prod(0), "ProdBackward1"),
    ("var", lambda x, y: x.var(), "VarBackward0"), ("std", lambda x, y: x.std(1), "StdBackward0"),
    ("norm", lambda x, y: x.norm(), "LinalgVectorNormBackward0"),
    ("logsumexp", lambda x, y: x.logsumexp(0), "LogsumexpBackward0"),
    ("softmax", lambda x, y: x.softmax(0), "SoftmaxBackward0"),
    ("log_softmax", lambda x, y: x.log_softmax(1), "LogSoftmaxBackward0"),
    ("mm", lambda x, y: x @ y.t(), "MmBackward0"), ("dot", lambda x, y: x[0] @ y[0], "DotBackward0"),
    ("mv", lambda x, y: x @ y[0], "MvBackward0"), ("bmm", lambda x, y: tt.bmm(x[None], y.t()[None]), "BmmBackward0"),
    ("matmul_batched", lambda x, y: x[None] @ y.t()[None], "UnsafeViewBackward0"),
    ("view", lambda x, y: x.view(3, 2), "ViewBackward0"), ("reshape", lambda x, y: x.reshape(6), "ViewBackward0"),
    ("reshape_copy", lambda x, y: x.t().reshape(6), "UnsafeViewBackward0"),
    ("flatten", lambda x, y: x.flatten(), "ViewBackward0"), ("t", lambda x, y: x.t(), "TBackward0"),
    ("transpose", lambda x, y: x.transpose(0, 1), "TransposeBackward0"),
    ("permute", lambda x, y: x.permute(1, 0), "PermuteBackward0"), ("T", lambda x, y: x.T, "PermuteBackward0"),
    ("squeeze", lambda x, y: x[None].squeeze(), "SqueezeBackward0"),
    ("squeeze_dim", lambda x, y: x[None].squeeze(0), "SqueezeBackward1"),
    ("unsqueeze", lambda x, y: x.unsqueeze(0), "UnsqueezeBackward0"),
    ("expand", lambda x, y: x[:1].expand(4, 3), "ExpandBackward0"), ("cat", lambda x, y: tt.cat([x, y]), "CatBackward0"),
    ("stack", lambda x, y: tt.stack([x, y]), "StackBackward0"), ("select", lambda x, y: x[0], "SelectBackward0"),
    ("slice", lambda x, y: x[:, 1:], "SliceBackward0"), ("slice_all", lambda x, y: x[:], "SliceBackward0"),
    ("alias", lambda x, y: x[...], "AliasBackward0"), ("index_none", lambda x, y: x[None], "UnsqueezeBackward0"),
    ("index_mask", lambda x, y: x[x > 0], "IndexBackward0"),
    ("index_tensor", lambda x, y: x[tt.tensor([1, 0])], "IndexBackward0"),
    ("to", lambda x, y: x.double(), "ToCopyBackward0"), ("clone", lambda x, y: x.clone(), "CloneBackward0"),
    ("split", lambda x, y: x.split(1)[1], "SplitBackward0"),
    ("split_sizes", lambda x, y: x.split([1, 2], 1)[1], "SplitWithSizesBackward0"),
    ("chunk", lambda x, y: x.chunk(2, 1)[0], "SplitBackward0"), ("unbind", lambda x, y: x.unbind(1)[2], "UnbindBackward0"),
    ("iteration", lambda x, y: next(iter(x)), "UnbindBackward0"),
    ("vector_matrix", lambda x, y: x[0] @ y.t(), "SqueezeBackward4"),
    ("batch_vector", lambda x, y: x[None] @ y[0], "UnsafeViewBackward0"),
    ("vector_batch", lambda x, y: x[0] @ y.t()[None], "UnsafeViewBackward0"),
]


@pytest.mark.parametrize("fn,name", [n[1:] for n in NAMES], ids=[n[0] for n in NAMES])
def test_grad_fn_names(fn, name):
    out = fn(_leaf(), _leaf())
    assert out.grad_fn.name() == name
    assert type(out.grad_fn).__name__ == name
    assert re.fullmatch(f"<{name} object at 0x[0-9a-f]+>", repr(out.grad_fn))
    assert f"grad_fn=<{name}>" in repr(out)


def _structure(node):
    return [None if n is None else type(n).__name__ for n, _ in node.next_functions]


def test_next_functions_structure():
    x, y = _leaf(), _leaf()
    assert _structure((x + y).grad_fn) == ["AccumulateGrad", "AccumulateGrad"]
    assert _structure((x + 1).grad_fn) == ["AccumulateGrad", None]
    assert _structure((x * tt.ones(2, 3)).grad_fn) == ["AccumulateGrad", None]
    assert _structure((1 - x).grad_fn) == ["AccumulateGrad"]
    assert _structure((2 ** x).grad_fn) == ["AccumulateGrad"]
    assert _structure(tt.where(x > 0, x, y).grad_fn) == ["AccumulateGrad", "AccumulateGrad"]
    assert _structure((2 / x).grad_fn) == ["ReciprocalBackward0", None]
    assert _structure(x.clamp(tt.zeros(3)).grad_fn) == ["AccumulateGrad", None, None]
    assert _structure(tt.add(x, y, alpha=2).grad_fn) == ["AccumulateGrad", "AccumulateGrad"]
    assert _structure(x[0, 1:].grad_fn) == ["SelectBackward0"]
    assert _structure(x[1:, 0].grad_fn) == ["SliceBackward0"]
    assert _structure(((x * 2).sum()).grad_fn) == ["MulBackward0"]
    assert _structure(tt.cat([x, x * 2, tt.ones(1, 3)]).grad_fn) == ["AccumulateGrad", "MulBackward0", None]
    acc = (x * 2).grad_fn.next_functions[0][0]
    assert isinstance(acc, AccumulateGrad) and acc.variable is x
    assert acc.next_functions == ()
    assert (x + y).grad_fn.next_functions[0][0] is acc        # one AccumulateGrad per leaf
    assert (x + y).grad_fn.next_functions[0][1] == 0
    assert x.grad_fn is None and tt.ones(2).grad_fn is None


def test_no_graph_without_requires_grad():
    a = tt.ones(2) * 3
    assert a.grad_fn is None and not a.requires_grad and a.is_leaf


# ---- requires_grad, detach ---------------------------------------------------------------------

def test_requires_grad_flags_and_errors():
    x = tt.ones(2)
    assert x.requires_grad_() is x and x.requires_grad
    x.requires_grad = False
    assert not x.requires_grad
    y = tt.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        y.requires_grad_(False)
    with pytest.raises(RuntimeError) as e:
        tt.ones(2, dtype=tt.int64, requires_grad=True)
    assert str(e.value) == "Only Tensors of floating point and complex dtype can require gradients"
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require gradients"):
        tt.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        tt.tensor([1, 2]).requires_grad_()
    assert str(e.value) == "only Tensors of floating point dtype can require gradients"


def test_int_results_do_not_require_grad():
    x = _leaf()
    assert not x.long().requires_grad
    assert not (x > 0).requires_grad
    assert not x.argmax().requires_grad
    assert not x.max(0).indices.requires_grad


def test_detach():
    x = x3()
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None and d.is_leaf
    y2 = x * 2
    assert y2.detach_() is y2 and y2.grad_fn is None and not y2.requires_grad
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        x.numpy()


# ---- gradients at ties and kinks (PyTorch's conventions) ------------------------------------------

def _grad(fn, values):
    x = tt.tensor(values, requires_grad=True)
    fn(x).sum().backward()
    return to_np(x.grad)


def test_ties_and_kinks():
    m = [[1.0, 3.0, 3.0], [3.0, 0.0, 1.0]]
    third = 1 / 3
    np.testing.assert_allclose(_grad(lambda x: x.max(), m), [[0, third, third], [third, 0, 0]])
    np.testing.assert_allclose(_grad(lambda x: x.amax(), m), [[0, third, third], [third, 0, 0]])
    np.testing.assert_allclose(_grad(lambda x: x.amax(1), m), [[0, 0.5, 0.5], [1, 0, 0]])
    np.testing.assert_allclose(_grad(lambda x: x.max(1).values, m), [[0, 1, 0], [1, 0, 0]])
    np.testing.assert_allclose(_grad(lambda x: x.amin(0), m), [[1, 0, 0], [0, 1, 1]])
    np.testing.assert_allclose(_grad(lambda x: x.abs(), [-1.0, 0.0, 2.0]), [-1, 0, 1])
    np.testing.assert_allclose(_grad(lambda x: x.relu(), [-1.0, 0.0, 2.0]), [0, 0, 1])
    np.testing.assert_allclose(_grad(lambda x: x.clamp(0, 1), [-1.0, 0.0, 0.5, 1.0, 2.0]), [0, 1, 1, 1, 0])
    np.testing.assert_allclose(_grad(lambda x: tt.maximum(x, tt.tensor([1.0, 1.0, 1.0])), [0.0, 1.0, 2.0]),
                               [0, 0.5, 1])
    np.testing.assert_allclose(_grad(lambda x: x.sqrt(), [0.0, 4.0]), [np.inf, 0.25])
    np.testing.assert_allclose(_grad(lambda x: x.norm(), [0.0, 0.0]), [0, 0])
    np.testing.assert_allclose(_grad(lambda x: x.prod(), [2.0, 0.0, 3.0]), [0, 6, 0])
    np.testing.assert_allclose(_grad(lambda x: x.prod(), [2.0, 0.0, 0.0]), [0, 0, 0])
    np.testing.assert_allclose(_grad(lambda x: x ** 2, [0.0, -1.0]), [0, -2])
    np.testing.assert_allclose(_grad(lambda x: 0.0 ** x, [1.0, 2.0]), [0, 0])
    np.testing.assert_allclose(_grad(lambda x: x.sign(), [-1.0, 2.0]), [0, 0])


def test_clamp_with_tensor_bounds_at_ties_and_crossed_bounds():
    x = tt.tensor([[-1.0, 0.0, 0.5, 1.0, 2.0]], requires_grad=True)
    lo = tt.tensor([0.0, 0.0, 0.0, 0.0, 0.0], requires_grad=True)
    hi = tt.tensor([1.0, 1.0, 0.4, -1.0, 3.0], requires_grad=True)
    y = x.clamp(lo, hi)
    (y * tt.arange(5.0)).sum().backward()
    assert_tensor(y, [[0.0, 0.0, 0.4, -1.0, 2.0]])
    assert_tensor(x.grad, [[0.0, 1.0, 0.0, 0.0, 4.0]])
    assert_tensor(lo.grad, [0.0, 0.0, 0.0, 0.0, 0.0])
    assert_tensor(hi.grad, [0.0, 0.0, 2.0, 3.0, 0.0])
    assert x.clamp(lo, tt.ones(2, 1)).shape == (2, 5)   # out of place, all three broadcast (as in PyTorch)
    with pytest.raises(RuntimeError, match=r"output with shape \[1, 5\] doesn't match the broadcast shape \[2, 5\]"):
        x.detach().clamp_(lo, tt.ones(2, 1))


def test_index_with_repeated_indices_accumulates():
    x = x3()
    x[tt.tensor([0, 0, 2, 0])].sum().backward()
    assert_tensor(x.grad, [3.0, 0.0, 1.0])
    m = tt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = m[tt.tensor([[0, 0], [1, 0]]), tt.tensor([2, 2])]
    (y * tt.tensor([1.0, 10.0])).sum().backward()
    assert_tensor(m.grad, [[0, 0, 21.0], [0, 0, 1.0]])
    n = x3()
    n[[1, 1]].sum().backward()
    assert_tensor(n.grad, [0.0, 2.0, 0.0])


def test_gradient_of_broadcast_sums_back():
    a = tt.ones(3, 1, requires_grad=True)
    b = tt.ones(4, requires_grad=True)
    (a * b).sum().backward()
    assert_tensor(a.grad, [[4.0], [4.0], [4.0]])
    assert_tensor(b.grad, [3.0, 3.0, 3.0, 3.0])
    c = tt.tensor(2.0, requires_grad=True)
    (c * tt.ones(2, 3)).sum().backward()
    assert_tensor(c.grad, 6.0)


# ---- sparse gradients of views: many pieces of one tensor sum into one buffer -------------

def test_sparse_and_dense_gradients_sum_without_touching_other_arrays():
    from tinytorch.autograd.engine import _sum
    from tinytorch.autograd.node import SparseGrad
    dense = np.ones((3, 4))
    row = SparseGrad((3, 4), (1, Ellipsis), np.full(4, 2.0))
    col = SparseGrad((3, 4), (slice(None), 2, Ellipsis), np.full(3, 5.0))
    owned = set()
    total = _sum(dense, row, "node", owned)
    assert total is not dense and dense.sum() == 12.0          # the dense input is never added into
    assert "node" in owned and total.tolist()[1] == [3.0, 3.0, 3.0, 3.0]
    again = _sum(total, col, "node", owned)
    assert again is total and total[:, 2].tolist() == [6.0, 8.0, 6.0]   # an owned buffer grows in place
    both = _sum(row, col, "other", set())
    assert both.tolist() == [[0, 0, 5, 0], [2, 2, 7, 2], [0, 0, 5, 0]]
    assert _sum(col, dense, "third", set()).tolist() == [[1, 1, 6, 1]] * 3


def test_rows_and_whole_tensor_gradients_add_up():
    x = tt.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    rows = list(x)
    out = (x * 2).sum() + (rows[0] * 3).sum() + rows[2].sum() + x[:, 1].sum() + x[1, 1]
    out.backward()
    expected = np.full((3, 4), 2.0)
    expected[0] += 3
    expected[2] += 1
    expected[:, 1] += 1
    expected[1, 1] += 1
    assert x.grad.tolist() == expected.tolist()
    y = tt.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    mid = y * 1
    mid.retain_grad()
    (g,) = tt.autograd.grad(sum(r.sum() * (i + 1) for i, r in enumerate(mid.unbind(1))), [y], retain_graph=True)
    assert g.tolist() == [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]


def test_whole_views_of_a_0d_tensor_sum_their_gradients():
    x = tt.tensor(3.0, requires_grad=True)
    (x[()] + x).backward()
    assert x.grad.item() == 2.0
    y = tt.tensor(3.0, requires_grad=True)
    (y[...] * 2 + y[...]).backward()
    assert y.grad.item() == 3.0
