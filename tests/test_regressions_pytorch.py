"""Regressions found by differential testing against PyTorch: each case is a tiny program
whose output (shapes, values, node names, messages) is written here as PyTorch prints it."""
import pytest

import tinytorch as torch


# ---- indexing: integers next to index tensors are selects, applied first -------------------------

def test_int_and_index_tensor_separated_by_slice_keep_dimension_order():
    a = torch.arange(12.).reshape(2, 3, 2).requires_grad_()
    r = a[0, :, [1, 0]]
    assert r.shape == (3, 2)
    assert repr(r) == ("tensor([[1., 0.],\n        [3., 2.],\n        [5., 4.]], grad_fn=<IndexBackward0>)")
    assert type(r.grad_fn.next_functions[0][0]).__name__ == "SelectBackward0"
    r.sum().backward()
    assert a.grad.tolist() == [[[1., 1.], [1., 1.], [1., 1.]], [[0., 0.], [0., 0.], [0., 0.]]]


def test_int_and_none_and_empty_index_tensor():
    a = torch.tensor([[-1.8, -0.2]])
    assert a[0, None, torch.tensor([], dtype=torch.int64)].shape == (1, 0)
    assert torch.zeros(2, 0, 2)[0, 0:, torch.tensor([1, 0])].shape == (0, 2)
    assert torch.arange(12.).reshape(2, 3, 2)[[1, 0], 0, [1, 0]].tolist() == [7., 0.]


def test_setitem_int_and_index_list_separated_by_slice():
    b = torch.zeros(2, 3, 2)
    b[0, :, [1, 0]] = torch.tensor([[1., 2.]])
    assert b[0].tolist() == [[2., 1.], [2., 1.], [2., 1.]]
    assert b[1].abs().sum().item() == 0


def test_selected_element_is_a_view():
    a = torch.zeros(3)
    a[0].add_(1)
    a[1].fill_(4)
    assert a.tolist() == [1., 4., 0.]


# ---- fill_ / zero_ record nodes: the overwritten value gets no gradient -----------------------------

def test_zero_and_fill_on_non_leaf_are_recorded():
    w = torch.tensor([2.9, 0.8962], requires_grad=True)
    a = w * torch.tensor([1., 1.])
    a.zero_()
    assert repr(a) == "tensor([0., 0.], grad_fn=<ZeroBackward0>)"
    a.sum().backward()
    assert w.grad.tolist() == [0., 0.]

    a = w * 2
    a.fill_(3.)
    assert repr(a) == "tensor([3., 3.], grad_fn=<FillBackward2>)"


def test_fill_with_tensor_value_gets_the_summed_gradient():
    w = torch.ones(2, requires_grad=True)
    b = torch.tensor(2., requires_grad=True)
    a = w * 2
    a.fill_(b)
    assert repr(a) == "tensor([2., 2.], grad_fn=<FillBackward3>)"
    a.sum().backward()
    assert repr(b.grad) == "tensor(2.)"
    assert repr(w.grad) == "tensor([0., 0.])"


def test_fill_value_checks():
    with pytest.raises(RuntimeError, match="^fill_ only supports 0-dimension value tensor but got tensor "
                                           "with 1 dimensions.$"):
        torch.zeros(2).fill_(torch.tensor([9]))
    a = torch.zeros(2, dtype=torch.uint8)
    a.fill_(-1)
    assert repr(a) == "tensor([255, 255], dtype=tinytorch.uint8)"
    for bad in (300, -0.47, 255.5):
        with pytest.raises(RuntimeError, match="^value cannot be converted to type uint8_t without overflow$"):
            a.fill_(bad)
        with pytest.raises(RuntimeError, match="^value cannot be converted to type uint8_t without overflow$"):
            a[0] = bad
    i = torch.zeros(2, dtype=torch.int32)
    i.fill_(-0.47)
    assert i.tolist() == [0, 0]
    with pytest.raises(RuntimeError, match="^value cannot be converted to type int without overflow$"):
        i[[0]] = 1e10


# ---- gradients at edge points, as PyTorch defines them ---------------------------------------------

def test_pow_gradients_at_zero():
    a = torch.tensor([0., 2., -1.], requires_grad=True)
    (a ** 0).sum().backward()
    assert repr(a.grad) == "tensor([0., 0., 0.])"
    a.grad = None
    b = torch.tensor([0., 0., 2.], requires_grad=True)
    (a ** b).sum().backward()
    assert repr(a.grad) == "tensor([ 0.,  0., -2.])"
    assert repr(b.grad) == "tensor([0.0000, 0.6931,    nan])"
    a = torch.tensor([0., 0., 2.], requires_grad=True)
    b = torch.tensor([-3., 2., 1.], requires_grad=True)
    (a ** b).sum().backward()
    assert repr(a.grad) == "tensor([-inf, 0., 1.])"
    assert repr(b.grad) == "tensor([  -inf, 0.0000, 1.3863])"
    b = torch.tensor([-3., 0., 1.], requires_grad=True)
    (0 ** b).sum().backward()
    assert repr(b.grad) == "tensor([-inf, 0., 0.])"


def test_relu_passes_the_gradient_of_nan():
    x = torch.tensor([float("nan"), -1., 1., 0.], requires_grad=True)
    torch.relu(x).sum().backward()
    assert repr(x.grad) == "tensor([1., 0., 1., 0.])"
    x = torch.tensor([-4., 3.], requires_grad=True)
    torch.log1p(x).relu().sum().backward()
    assert repr(x.grad) == "tensor([-0.3333,  0.2500])"


def test_std_gradient_is_zero_where_std_is_zero():
    x = torch.tensor([2.3], requires_grad=True)
    x.std(dim=-1, unbiased=False).sum().backward()
    assert repr(x.grad) == "tensor([0.])"
    x = torch.tensor([[1., 1.], [2., 3.]], requires_grad=True)
    x.std(dim=1).sum().backward()
    assert repr(x.grad) == "tensor([[ 0.0000,  0.0000],\n        [-0.7071,  0.7071]])"


def test_div_gradient_rounds_like_pytorch():
    x = torch.tensor([0.01, 0.0, 0.4, -0.7181, -1.08, -4.0], dtype=torch.float64, requires_grad=True)
    (x / x).mean().backward()
    assert repr(x.grad) == ("tensor([ 0.0000e+00,         nan,  0.0000e+00,  2.7756e-17, -2.7756e-17,\n"
                            "         0.0000e+00], dtype=tinytorch.float64)")


def test_float_remainder_zero_takes_the_sign_of_the_dividend():
    r = torch.tensor([-3., 3., -3., 3.]) % torch.tensor([1., 1., -1., -1.])
    assert repr(r) == "tensor([-0., 0., -0., 0.])"
    assert repr(-3 % torch.tensor([1.0, 0.808])) == "tensor([-0.0000, 0.2320])"
