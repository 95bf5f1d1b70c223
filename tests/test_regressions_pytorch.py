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


# ---- errors: PyTorch's exception types, messages and check order ------------------------------------

def _raises(exc, message, f):
    with pytest.raises(exc) as info:
        f()
    assert str(info.value) == message


def test_conversion_errors():
    _raises(ValueError, "only one element tensors can be converted to Python scalars", lambda: int(torch.tensor([1., 2.])))
    _raises(ValueError, "only one element tensors can be converted to Python scalars", lambda: float(torch.zeros(0)))
    _raises(RuntimeError, "Boolean value of Tensor with no values is ambiguous", lambda: bool(torch.zeros(0)))
    _raises(RuntimeError, "a Tensor with 2 elements cannot be converted to Scalar", lambda: torch.zeros(2).item())


def test_shape_errors_report_the_rightmost_mismatch():
    _raises(RuntimeError, "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 2",
            lambda: torch.zeros(2, 3) + torch.zeros(2, 3, 4))
    _raises(RuntimeError, "The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 0",
            lambda: torch.where(torch.zeros(5, 1) > 0, torch.zeros(3, 2), torch.zeros(4, 1, 1)))
    _raises(RuntimeError, "The expanded size of the tensor (2) must match the existing size (3) at non-singleton "
            "dimension 2.  Target sizes: [2, 2, 2].  Tensor sizes: [3, 2, 3]", lambda: torch.zeros(3, 2, 3).expand(2, 2, 2))
    _raises(RuntimeError, "The expanded size of the tensor (2) must match the existing size (6) at non-singleton "
            "dimension 1.  Target sizes: [-1, 2].  Tensor sizes: [6]", lambda: torch.zeros(6).expand(-1, 2))
    assert torch.zeros(3, 1).expand(2, -1, 4).shape == (2, 3, 4)
    _raises(RuntimeError, "unflatten: Provided sizes [1, 3] don't multiply up to the size of dim 0 (4) in the "
            "input tensor", lambda: torch.zeros(4).unflatten(0, (1, 3)))
    _raises(RuntimeError, "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.",
            lambda: torch.zeros(3).mT)


def test_matrix_products_check_shapes_before_dtypes():
    _raises(RuntimeError, "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x1)",
            lambda: torch.mm(torch.zeros(1, 3), torch.zeros(4, 1, dtype=torch.float64)))
    _raises(RuntimeError, "size mismatch, got input (2), mat (2x3), vec (4)",
            lambda: torch.matmul(torch.zeros(2, 3), torch.zeros(4, dtype=torch.float64)))
    _raises(RuntimeError, "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].",
            lambda: torch.bmm(torch.zeros(2, 1, 3), torch.zeros(2, 4, 1, dtype=torch.float64)))
    _raises(RuntimeError, "expected m1 and m2 to have the same dtype, but got: float != double",
            lambda: torch.mm(torch.zeros(1, 3), torch.zeros(3, 1, dtype=torch.float64)))


def test_dtype_errors():
    _raises(NotImplementedError, "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'",
            lambda: torch.softmax(torch.tensor([1, 2]), 0))
    _raises(NotImplementedError, "\"log_softmax_kernel_impl\" not implemented for 'Long'",
            lambda: torch.log_softmax(torch.tensor([[1, 2]]), 0))
    _raises(NotImplementedError, "\"bitwise_xor_cpu\" not implemented for 'Float'",
            lambda: torch.tensor([1.]) ^ torch.tensor([2.]))
    _raises(NotImplementedError, "\"bitwise_and_cpu\" not implemented for 'Float'",
            lambda: torch.tensor([True]) & torch.tensor([2.5]))
    _raises(TypeError, "~ (operator.invert) is only implemented on integer and Boolean-type tensors",
            lambda: ~torch.tensor([1.5]))
    _raises(RuntimeError, "argmax(): does not support bool input", lambda: torch.tensor([True, False]).argmax())
    _raises(RuntimeError, "argmin(): does not support bool input", lambda: torch.tensor([True, False]).argmin(0))
    _raises(TypeError, "maximum(): argument 'other' (position 2) must be Tensor, not float",
            lambda: torch.maximum(torch.tensor([1.]), 2.4))
    _raises(TypeError, "minimum(): argument 'other' (position 2) must be Tensor, not bool",
            lambda: torch.minimum(torch.tensor([1.]), False))
    sub_bool = ("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert "
                "a mask, use the `~` or `logical_not()` operator instead.")
    _raises(RuntimeError, sub_bool, lambda: torch.tensor([1.]) - False)
    _raises(RuntimeError, sub_bool, lambda: True - torch.tensor([1.]))
    _raises(TypeError, "prod(): argument 'dim' must be int, not tuple", lambda: torch.ones(2, 2).prod(dim=(0, 1)))
    _raises(RuntimeError, "value cannot be converted to type uint8_t without overflow",
            lambda: torch.clamp(torch.tensor([9, 3], dtype=torch.uint8), 1, 300))


def test_where_saves_its_condition():
    x = torch.tensor([1.8], requires_grad=True)
    y = torch.where(x > 0, x, 0.)
    loss = y.sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="^Trying to backward through the graph a second time"):
        loss.backward()


def test_values_pytorch_computes():
    assert repr(torch.any(torch.tensor([9, 0], dtype=torch.uint8))) == "tensor(1, dtype=tinytorch.uint8)"
    assert repr(torch.tensor([[9, 0]], dtype=torch.uint8).all(1, keepdim=True)) == "tensor([[0]], dtype=tinytorch.uint8)"
    assert repr(torch.clamp(torch.tensor([9, 3], dtype=torch.uint8), 1, -2)) == "tensor([9, 3], dtype=tinytorch.uint8)"
    x = torch.tensor([[-4.0, 2., 0.], [1., 2., -3.]], requires_grad=True)
    n = torch.norm(x, -1, dim=1)
    assert repr(n) == "tensor([0.0000, 0.5455], grad_fn=<LinalgVectorNormBackward0>)"
    n.sum().backward()
    assert repr(x.grad) == "tensor([[-0.0000,  0.0000,  0.0000],\n        [ 0.2975,  0.0744, -0.0331]])"
    x = torch.tensor([[-4.0, 2., 0.]], requires_grad=True)
    torch.norm(x, 0.5).backward()
    assert repr(x.grad) == "tensor([[-1.7071,  2.4142,  0.0000]])"


# ---- rounding ops under autograd ------------------------------------------------------------------

def test_rounding_ops_record_pytorch_nodes():
    a = torch.tensor([3.5, -2.], requires_grad=True)
    b = torch.tensor([2., 3.], requires_grad=True)
    r = a % b
    assert repr(r) == "tensor([1.5000, 1.0000], grad_fn=<RemainderBackward1>)"
    r.sum().backward()
    assert repr(a.grad) == "tensor([1., 1.])" and repr(b.grad) == "tensor([-1.,  1.])"
    a.grad = b.grad = None
    r = a % 2
    assert r.grad_fn.name() == "RemainderBackward0" and len(r.grad_fn.next_functions) == 1
    r = torch.div(a, b, rounding_mode="trunc")
    assert repr(r) == "tensor([1., -0.], grad_fn=<DivBackward2>)"
    r.sum().backward()
    assert repr(a.grad) == "tensor([0., 0.])" and repr(b.grad) == "tensor([0., 0.])"
    assert torch.div(a, 2, rounding_mode="floor").grad_fn.next_functions[1] == (None, 0)
    for r, aten in ((a // b, "floor_divide"), (a // 2, "floor_divide"), (2 % a, "remainder")):
        assert r.grad_fn.name() == "NotImplemented"
        with pytest.raises(RuntimeError, match=f"^derivative for aten::{aten} is not implemented$"):
            r.sum().backward()


# ---- setitem: PyTorch's value rules ---------------------------------------------------------------

def test_setitem_value_rules():
    a = torch.zeros(3)
    a[a > -1] = torch.tensor(2., dtype=torch.float64)      # a mask with a 0-d value: any dtype
    assert a.tolist() == [2., 2., 2.]
    _raises(RuntimeError, "Index put requires the source and destination dtypes match, got Float for the "
            "destination and Long for the source.", lambda: a.__setitem__([0, 1], torch.tensor(2)))
    _raises(RuntimeError, "shape mismatch: value tensor of shape [2, 1] cannot be broadcast to indexing result "
            "of shape [2]", lambda: a.__setitem__([0, 1], torch.tensor([[2.], [3.]])))
    a[0] = torch.tensor([[5.]], dtype=torch.float64)        # leading size-1 dims of the value are dropped
    a[[1, 2]] = torch.tensor([[[6., 7.]]])
    assert a.tolist() == [5., 6., 7.]
    i = torch.zeros(3, dtype=torch.int64)
    i[0] = torch.tensor(2.5, requires_grad=True)
    assert repr(i) == "tensor([2, 0, 0])"
    w = torch.ones(3, requires_grad=True)
    f = w * 1
    v = torch.tensor([[7.]], requires_grad=True)
    f[0] = v
    f.sum().backward()
    assert repr(v.grad) == "tensor([[1.]])" and repr(w.grad) == "tensor([0., 1., 1.])"


# ---- more autograd details ------------------------------------------------------------------------

def test_minimum_selects_the_gradient_instead_of_multiplying():
    x0 = torch.tensor([3.0, 1.0, 0.0, 0.0], dtype=torch.float64, requires_grad=True)
    x1 = torch.tensor(-2.6, requires_grad=True)
    x2 = torch.tensor([-4.0, 0.0, 2.0, 0.0], requires_grad=True)
    (torch.minimum(x0, x1) / (x2 / x1)).mean().backward()
    assert repr(x0.grad) == "tensor([0., 0., 0., 0.], dtype=tinytorch.float64)"
    a = torch.tensor([1., float("nan"), 2.], requires_grad=True)
    b = torch.tensor([1., 0., 3.], requires_grad=True)
    torch.maximum(a, b).sum().backward()
    assert repr(a.grad) == "tensor([0.5000, 1.0000, 0.0000])"
    assert repr(b.grad) == "tensor([0.5000, 1.0000, 1.0000])"


def test_neg_saves_nothing_so_a_second_backward_is_allowed():
    x = torch.tensor([[-4.0, 0.0], [0.0, -1.52]], requires_grad=True)
    loss = torch.neg(x - x).mean()
    loss.backward()
    loss.backward()
    assert repr(x.grad) == "tensor([[0., 0.],\n        [0., 0.]])"


def test_slices_written_as_full_are_skipped():
    a = torch.zeros(3, 1, requires_grad=True)
    assert a[0, 0:].grad_fn.name() == "SelectBackward0"
    assert a[0, :5].grad_fn.name() == "SelectBackward0"
    assert a[0, -2:].grad_fn.name() == "SliceBackward0"
    b = torch.tensor([1.88, 3.0], requires_grad=True)
    assert b.flatten(-1) is b and b.flatten() is b


def test_broadcasting_errors_of_logical_ops_index_tensors_and_clamp():
    _raises(RuntimeError, "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0",
            lambda: torch.logical_and(torch.zeros(4), torch.zeros(3)))
    _raises(IndexError, "shape mismatch: indexing tensors could not be broadcast together with shapes [3], [2]",
            lambda: torch.zeros(2, 3, 2)[torch.tensor([1, 0, 0]), 0:2, [1, 0]])
    r = torch.tensor([[-0.17, 2.2, 5.0]]).clamp(min=torch.tensor([0.9]).reshape(1, 1, 1))
    assert repr(r) == "tensor([[[0.9000, 2.2000, 5.0000]]])"


def test_float32_softmax_rounds_like_pytorch():
    a = torch.tensor([-2.4106, 5.0])
    assert repr(torch.log_softmax(a, 0)) == "tensor([-7.4112e+00, -6.0457e-04])"
    a = torch.tensor([[2.2574, -1.9, 2.0]], requires_grad=True)
    torch.softmax(a, dim=1).sum().backward()
    assert repr(a.grad) == "tensor([[0., 0., 0.]])"


def test_inplace_checks_and_messages():
    a = torch.tensor([-4, -6])
    _raises(RuntimeError, "output with shape [2] doesn't match the broadcast shape [2, 2]",
            lambda: a.mul_(torch.tensor([[0.5, 1.0], [2.0, 3.0]])))
    _raises(RuntimeError, "result type Byte can't be cast to the desired output type Bool",
            lambda: torch.tensor([True]).floor_divide_(torch.tensor([11], dtype=torch.uint8)))
    _raises(RuntimeError, "result type Double can't be cast to the desired output type Long",
            lambda: a.add_(torch.tensor([0.5, 1.0], dtype=torch.float64)))
    v = torch.tensor([1.6, 2.0]).reshape((2,)).requires_grad_()
    _raises(RuntimeError, "a view of a leaf Variable that requires grad is being used in an in-place operation.",
            lambda: v.abs_())
    r = torch.tensor([-0.0, 0.0, -3.0]) % -0.5
    assert repr(r) == "tensor([-0., 0., -0.])"


# ---- creation ----------------------------------------------------------------------------------

def test_creation_matches_pytorch():
    _raises(ValueError, "expected sequence of length 2 at dim 1 (got 1)", lambda: torch.tensor([[1, 2], [3]]))
    _raises(ValueError, "expected sequence of length 2 at dim 2 (got 1)",
            lambda: torch.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]))
    _raises(TypeError, "not a sequence", lambda: torch.tensor([[1, 2], 3]))
    assert repr(torch.linspace(2, -2.01, 5, dtype=torch.int64)) == "tensor([ 2,  1,  0, -1, -2])"
    assert repr(torch.arange(0.5, 8, 1.5, dtype=torch.int64)) == "tensor([0, 1, 2, 3, 4, 5, 6, 7])"
    assert repr(torch.arange(0, 7.5, dtype=torch.int64)) == "tensor([0, 1, 2, 3, 4, 5, 6])"
    _raises(ValueError, "step must be nonzero", lambda: torch.arange(0, 8, 0.3, dtype=torch.int64))
    _raises(NotImplementedError, "\"arange_cpu\" not implemented for 'Bool'", lambda: torch.arange(5, dtype=torch.bool))
    _raises(RuntimeError, "value cannot be converted to type uint8_t without overflow",
            lambda: torch.full((2,), -0.3, dtype=torch.uint8))
    assert repr(torch.full((2,), -1, dtype=torch.uint8)) == "tensor([255, 255], dtype=tinytorch.uint8)"
    _raises(ValueError, "torch.cat(): expected a non-empty list of Tensors", lambda: torch.cat([]))
    _raises(RuntimeError, "stack expects a non-empty TensorList", lambda: torch.stack([]))
    assert repr(torch.zeros(())) == "tensor(0.)"


def test_setitem_checks_index_then_shape_then_dtype():
    a = torch.tensor([1.957, 0.146], dtype=torch.float64)
    _raises(IndexError, "too many indices for tensor of dimension 1",
            lambda: a.__setitem__((torch.tensor([0, -2]), 0), torch.tensor(-3.0)))
    e = torch.tensor([], dtype=torch.uint8).reshape((1, 0, 1))
    _raises(RuntimeError, "shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of "
            "shape [0]", lambda: e.__setitem__(e > 0, torch.tensor([-6, 5], dtype=torch.int32)))


def test_reductions_and_cat_dtype_rules():
    assert repr(torch.cat([torch.zeros(0), torch.zeros(0, dtype=torch.float64)])) == \
        "tensor([], dtype=tinytorch.float64)"
    x = torch.ones(2, requires_grad=True)
    _raises(RuntimeError, "Autograd not support dtype: Long", lambda: x.sum(dtype=torch.int64))
    _raises(RuntimeError, "Autograd not support dtype: Bool", lambda: x.prod(0, dtype=torch.bool))
    assert repr(x.detach().sum(dtype=torch.int64)) == "tensor(2)"
    _raises(TypeError, "must be real number, not list", lambda: torch.tensor([1., [2]]))
    _raises(TypeError, "'list' object cannot be interpreted as an integer", lambda: torch.tensor([1, [2]]))


def test_cat_promotes_with_skipped_empty_tensors():
    r = torch.cat([torch.ones(2, dtype=torch.bool), torch.zeros(0, dtype=torch.int64)])
    assert repr(r) == "tensor([1, 1])"


def test_outer_product_matmul_keeps_negative_zero():
    a = torch.tensor([[-4.0], [0.0]])
    b = torch.tensor([[-2.5, 0.0]])
    assert repr(a @ b) == "tensor([[10., -0.],\n        [-0.,  0.]])"


def test_trunc_division_keeps_infinities():
    r = torch.div(torch.tensor([-6, 6, -2, 0, 5]), torch.tensor([0.0, -1.9, -2.85, 0., 0.]), rounding_mode="trunc")
    assert repr(r) == "tensor([-inf, -3.,  0., nan, inf])"


def test_maximum_minimum_keep_the_first_operand_on_signed_zero_ties():
    a = torch.tensor([0.0, -0.0, 1., float("nan")])
    b = torch.tensor([-0.0, 0.0, float("nan"), 1.])
    assert repr(torch.maximum(a, b)) == "tensor([0., -0., nan, nan])"
    assert repr(torch.minimum(a, b)) == "tensor([0., -0., nan, nan])"
    x = torch.tensor([False, True])
    assert repr(x.clamp(max=torch.tensor([-0.0, -0.0], dtype=torch.float64))) == \
        "tensor([0., -0.], dtype=tinytorch.float64)"


def test_bool_rounding_and_pow_are_not_implemented():
    b = torch.tensor([True, False])
    _raises(NotImplementedError, "\"div_floor_cpu\" not implemented for 'Bool'", lambda: b // b)
    _raises(NotImplementedError, "\"remainder_cpu\" not implemented for 'Bool'", lambda: b % True)
    _raises(NotImplementedError, "\"pow\" not implemented for 'Bool'", lambda: b ** b)
    _raises(NotImplementedError, "\"pow\" not implemented for 'Bool'", lambda: True ** b)
    _raises(NotImplementedError, "\"div_trunc_cpu\" not implemented for 'Bool'",
            lambda: torch.div(b, b, rounding_mode="trunc"))
    assert repr(b ** 2) == "tensor([1, 0])"


def test_subtracting_two_bools_names_xor():
    b = torch.tensor([True])
    msg = ("Subtraction, the `-` operator, with two bool tensors is not supported. "
           "Use the `^` or `logical_xor()` operator instead.")
    _raises(RuntimeError, msg, lambda: b - b)
    _raises(RuntimeError, msg, lambda: True - b)
    _raises(RuntimeError, msg, lambda: torch.sub(b, True))


def test_amax_amin_name_the_empty_dim_as_given():
    _raises(IndexError, "amin(): Expected reduction dim -2 to have non-zero size.",
            lambda: torch.zeros(0, 4).amin(dim=-2))
    _raises(IndexError, "amax(): Expected reduction dim -1 to have non-zero size.",
            lambda: torch.zeros(4, 0).amax(dim=(0, -1)))
    assert repr(torch.zeros(()).amax(dim=0)) == "tensor(0.)"
