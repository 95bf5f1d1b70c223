"""Second derivatives through the fused nn nodes: convolution, pooling, embedding, the norms and
the activations with their own kernels.  Each is checked by gradgradcheck (float64 finite
differences of the recorded backward), on transposed (non-contiguous) and broadcast inputs,
and the gradient's node is PyTorch's (names recorded from PyTorch 2.13: see the comments)."""
import pytest

import tinytorch as torch
import tinytorch.nn.functional as F
from tinytorch.autograd import gradcheck, gradgradcheck


def _t(*shape, seed=0, positive=False):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*shape, generator=g, dtype=torch.float64)
    return (x.abs() + 0.5 if positive else x).requires_grad_()


X = _t(2, 3, 6, 5)
X_T = _t(2, 3, 5, 6, seed=1)   # used transposed: the op sees a non-contiguous input
W = _t(4, 3, 3, 2, seed=2)
B = _t(4, seed=3)
IDX = torch.tensor([[0, 2, 2], [5, 1, 0]])
EMB = _t(6, 4, seed=4)
LN_W, LN_B = _t(6, 5, seed=5), _t(6, 5, seed=6)
BN_X, BN_W, BN_B = _t(4, 3, 2, 2, seed=7), _t(3, seed=8), _t(3, seed=9)
RUN_MEAN, RUN_VAR = torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64), torch.tensor([0.5, 1.5, 2.0],
                                                                                       dtype=torch.float64)

CASES = {
    "conv2d": (lambda x, w, b: F.conv2d(x, w, b, padding=1), (X, W, B)),
    "conv2d strided input, stride, dilation": (lambda x, w: F.conv2d(x.transpose(2, 3), w, stride=2, dilation=(1, 2), padding=(0, 2)), (X_T, W)),
    "max_pool2d": (lambda x: F.max_pool2d(x, 2), (X,)),
    "max_pool2d padded, strided input": (lambda x: F.max_pool2d(x.transpose(2, 3), 3, stride=2, padding=1), (X_T,)),
    "avg_pool2d": (lambda x: F.avg_pool2d(x, 2, stride=1, padding=1, count_include_pad=False), (X,)),
    "embedding": (lambda e: F.embedding(IDX, e), (EMB,)),
    "layer_norm": (lambda x, w, b: F.layer_norm(x, (6, 5), w, b), (X, LN_W, LN_B)),
    "layer_norm strided, no affine": (lambda x: F.layer_norm(x.transpose(2, 3), (5,)), (X_T,)),
    "layer_norm weight only": (lambda x, w: F.layer_norm(x, (6, 5), w), (X, LN_W)),
    "batch_norm training": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (BN_X, BN_W, BN_B)),
    "batch_norm training, no affine": (lambda x: F.batch_norm(x, None, None, training=True), (BN_X,)),
    "batch_norm evaluation": (lambda x, w, b: F.batch_norm(x, RUN_MEAN, RUN_VAR, w, b, training=False),
                              (BN_X, BN_W, BN_B)),
    "gelu": (lambda x: F.gelu(x.transpose(2, 3)), (X_T,)),
    "gelu tanh": (lambda x: F.gelu(x, approximate="tanh"), (X,)),
    "silu": (lambda x: F.silu(x.transpose(2, 3)), (X_T,)),
    "leaky_relu": (lambda x: F.leaky_relu(x.transpose(2, 3), 0.1), (X_T,)),
    "gelu broadcast": (lambda x, b: F.gelu(x + b), (X, _t(5, seed=10))),
}


@pytest.mark.parametrize("name", CASES)
def test_fused_node_is_differentiable_twice(name):
    fn, inputs = CASES[name]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_embedding_with_padding_idx_is_differentiable_twice():
    # (first derivatives leave the padding row out, so only the second-order check applies)
    assert gradgradcheck(lambda e: F.embedding(IDX, e, padding_idx=2), (EMB,))


@pytest.mark.parametrize("name, fn, inputs, node", [
    ("conv", lambda x, w: F.conv2d(x, w), (X, W), "ConvolutionBackwardBackward0"),
    ("max_pool", lambda x: F.max_pool2d(x, 2), (X,), "MaxPool2DWithIndicesBackwardBackward0"),
    ("avg_pool", lambda x: F.avg_pool2d(x, 2), (X,), "AvgPool2DBackwardBackward0"),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.1), (X,), "LeakyReluBackwardBackward0"),
    ("embedding", lambda e: F.embedding(IDX, e), (EMB,), "EmbeddingDenseBackwardBackward0"),
])
def test_the_gradients_node_is_named_as_pytorch_names_it(name, fn, inputs, node):
    y = fn(*inputs)
    (g,) = torch.autograd.grad((y ** 2).sum(), inputs[0], create_graph=True)
    assert g.grad_fn.name() == node


def test_a_third_derivative_through_pooling_works():
    x = _t(1, 1, 4, 4, seed=11)
    (g,) = torch.autograd.grad((F.avg_pool2d(x, 2) ** 3).sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad((g ** 2).sum(), x, create_graph=True)
    (ggg,) = torch.autograd.grad(gg.sum(), x)
    assert ggg.shape == x.shape


def _conv_gradients(conv):
    """The first gradients (x, w) of sum(conv(x, w)^3), recorded: gradgradcheck of this function
    checks the third derivatives of the convolution."""
    def fn(x, w):
        return torch.autograd.grad((conv(x, w) ** 3).sum(), (x, w), create_graph=True)
    return fn


THIRD_ORDER = {
    "conv2d padded, strided": (lambda x, w: F.conv2d(x, w, padding=1, stride=(2, 1)),
                               (_t(1, 2, 4, 5, seed=30), _t(3, 2, 2, 3, seed=31))),
    "conv2d non-contiguous, dilated": (lambda x, w: F.conv2d(x.transpose(2, 3), w.transpose(2, 3), dilation=(2, 1)),
                                       (_t(1, 2, 5, 5, seed=32), _t(2, 2, 2, 2, seed=33))),
    "conv2d grouped": (lambda x, w: F.conv2d(x, w, groups=2, padding=(0, 1)),
                       (_t(1, 4, 3, 4, seed=34), _t(4, 2, 2, 2, seed=35))),
    "conv1d": (lambda x, w: F.conv1d(x, w, stride=2, padding=1), (_t(2, 2, 6, seed=36), _t(3, 2, 3, seed=37))),
    "conv_transpose2d": (lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1),
                         (_t(1, 2, 3, 3, seed=38), _t(2, 3, 3, 3, seed=39))),
}


@pytest.mark.parametrize("name", THIRD_ORDER)
def test_convolution_is_differentiable_three_times(name):
    conv, inputs = THIRD_ORDER[name]
    assert gradgradcheck(_conv_gradients(conv), inputs)


def test_convolution_derivatives_of_any_order_are_recorded_convolutions():
    x, w = _t(1, 1, 4, 4, seed=11), _t(1, 1, 2, 2, seed=12)
    (g,) = torch.autograd.grad((F.conv2d(x, w) ** 3).sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad((g ** 2).sum(), w, create_graph=True)
    (ggg,) = torch.autograd.grad(gg.sum(), w, create_graph=True)
    assert g.grad_fn.name() == "ConvolutionBackwardBackward0"
    assert ggg.requires_grad and ggg.shape == w.shape
    (g4,) = torch.autograd.grad((ggg ** 2).sum(), x)
    assert g4.shape == x.shape


def test_grouped_convolution_is_differentiable_twice():
    x, w, b = _t(1, 4, 4, 4, seed=13), _t(6, 2, 2, 2, seed=14), _t(6, seed=15)
    fn = lambda x, w, b: F.conv2d(x.transpose(2, 3), w, b, groups=2, padding=(1, 0), dilation=(1, 2))  # noqa: E731
    assert gradcheck(fn, (x, w, b))
    assert gradgradcheck(fn, (x, w, b))


def test_grouped_convolution_second_derivative_equals_pytorchs():
    """PyTorch 2.13, same inputs (torch.manual_seed(0); randn x (2,4,5,5), w (6,2,3,3), b (6) in
    float64): the sums of x.grad, w.grad, b.grad after the program below."""
    torch.manual_seed(0)
    x = torch.randn(2, 4, 5, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(6, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    b = torch.randn(6, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b, groups=2, padding=1, stride=(2, 1))
    gx, gw = torch.autograd.grad((y ** 2).sum(), (x, w), create_graph=True)
    assert gx.grad_fn.name() == gw.grad_fn.name() == "ConvolutionBackwardBackward0"
    (gx.pow(2).sum() + (gw * gw.detach()).sum()).backward()
    for got, expected in ((x.grad, -649085.4486700459), (w.grad, -125604.79948070011), (b.grad, 27148.993282505508)):
        assert abs(got.sum().item() - expected) <= 1e-9 * abs(expected)


R = _t(3, 4, seed=20)
R_POS = _t(3, 4, seed=21, positive=True)
REDUCTIONS = {
    "var": (lambda x: x.var(), R), "var dim": (lambda x: x.var(1), R),
    "var keepdim, correction 0": (lambda x: x.var(0, keepdim=True, correction=0), R),
    "std": (lambda x: x.std(), R), "std dim keepdim": (lambda x: x.std(1, keepdim=True), R),
    "std transposed": (lambda x: x.t().std(1), R),
    "logsumexp": (lambda x: x.logsumexp(1), R), "logsumexp keepdim": (lambda x: x.logsumexp((0, 1), keepdim=True), R),
    "max": (lambda x: x.max(), R), "min": (lambda x: x.min(), R), "max dim": (lambda x: x.max(1)[0], R),
    "min dim keepdim": (lambda x: x.min(0, keepdim=True)[0], R), "amax": (lambda x: x.amax(1), R),
    "amin": (lambda x: x.amin((0, 1)), R), "prod": (lambda x: x.prod(), R_POS),
    "prod dim": (lambda x: x.prod(1), R_POS), "prod keepdim": (lambda x: x.prod(0, keepdim=True), R_POS),
    "norm dim": (lambda x: x.norm(dim=1), R),
}


@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_is_differentiable_twice(name):
    fn, x = REDUCTIONS[name]
    assert gradcheck(fn, (x,))
    assert gradgradcheck(fn, (x,))


def _zero_case(values, fn, weights):
    x = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(fn(x), x, create_graph=True)
    (g * torch.tensor(weights, dtype=torch.float64)).sum().backward()
    return g.tolist(), g.grad_fn.name(), x.grad.tolist()


#: prod and cumprod of tensors with zeros (where g * out / x would divide by zero): the gradient,
#: its node and the second derivative, as PyTorch 2.13 printed them for the same programs.
ZERO_CASES = {
    "prod, one zero": (([1., 0., 3.], lambda x: x.prod(), [1., 2., 3.]),
                       ([0.0, 3.0, 0.0], "ViewBackward0", [6.0, 6.0, 2.0])),
    "prod, two zeros": (([1., 0., 3., 0.], lambda x: x.prod(), [1., 2., 3., 4.]),
                        ([0.0, 0.0, 0.0, 0.0], "ViewBackward0", [0.0, 12.0, 0.0, 6.0])),
    "prod dim": (([[1., 0., 3.], [2., 0., 0.]], lambda x: x.prod(1).sum(), [[1., 2, 3], [4, 5, 6]]),
                 ([[0.0, 3.0, 0.0], [0.0, 0.0, 0.0]], "MulBackward0", [[6.0, 6.0, 2.0], [0.0, 12.0, 10.0]])),
    "prod squared": (([[1., 0.], [2., 5.]], lambda x: (x.prod(1) ** 2).sum(), [[1., 2], [4, 5]]),
                     ([[0.0, 0.0], [100.0, 40.0]], "MulBackward0", [[0.0, 4.0], [400.0, 200.0]])),
    "cumprod": (([1., 0., 3., 0.5], lambda x: x.cumprod(0).sum(), [1., 2., 3., 4.]),
                ([1.0, 5.5, 0.0, 0.0], "CopySlices", [11.0, 22.0, 3.0, 6.0])),
    "cumprod rows, weighted": (([[1., 0., 3., 0.5], [0., 2., 0., 1.5]],
                                lambda x: (x.cumprod(1) * torch.tensor([1., -1., 2., 0.5], dtype=torch.float64)).sum(),
                                [[1., 2., 3., 4.], [0.5, 1, 1, 2]]),
                               ([[1.0, 5.75, 0.0, 0.0], [-1.0, 0.0, 0.0, 0.0]], "CopySlices",
                                [[11.5, 18.5, 4.5, 3.0], [4.5, -0.5, 2.75, 0.0]])),
    "cumprod columns, squared": (([[1., 0.], [3., 0.5], [2., 2.]], lambda x: (x.cumprod(0) ** 2).sum(),
                                  [[1., 2.], [3., 4.], [0.5, 1.]]),
                                 ([[92.0, 0.0], [30.0, 0.0], [36.0, 0.0]], "CopySlices",
                                  [[308.0, 9.0], [102.0, 0.0], [153.0, 0.0]])),
}


@pytest.mark.parametrize("name", ZERO_CASES)
def test_prod_and_cumprod_with_zeros_twice_differentiable_as_pytorch(name):
    (values, fn, weights), expected = ZERO_CASES[name]
    assert _zero_case(values, fn, weights) == expected


@pytest.mark.parametrize("fn", [lambda x: x.prod(), lambda x: x.prod(1), lambda x: x.t().cumprod(0),
                                lambda x: x.cumprod(1)], ids=["prod", "prod dim", "cumprod transposed", "cumprod"])
def test_prod_and_cumprod_with_zeros_pass_gradgradcheck(fn):
    x = torch.tensor([[0.7, 0.0, -1.3], [0.0, 2.0, 0.4]], dtype=torch.float64, requires_grad=True)
    assert gradcheck(fn, (x,))
    assert gradgradcheck(fn, (x,))


M = torch.tensor([True, False, True, False])
V = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
B4 = _t(4, seed=22, positive=True)
LO, HI = torch.full((4,), -0.5, dtype=torch.float64).requires_grad_(), torch.full((3, 1), 0.6,
                                                                                  dtype=torch.float64).requires_grad_()
MASKS_AND_INDEXING = {
    "index with a tensor": (lambda x: x[torch.tensor([0, 2, 2])] ** 2, (R,), "IndexPutImplBackward0"),
    "index with a mask": (lambda x: x[x.detach() > 0] ** 2, (R,), "IndexPutImplBackward0"),
    "index with two tensors": (lambda x: x[torch.tensor([0, 1]), torch.tensor([3, 3])] ** 2, (R,),
                               "IndexPutImplBackward0"),
    "masked_fill": (lambda x: x.masked_fill(M, 0.5) ** 2, (R,), "MaskedFillBackward0"),
    "masked_fill with a tensor": (lambda x, v: x.masked_fill(M, v) ** 2, (R, V), "MaskedFillBackward0"),
    "clamp": (lambda x: x.clamp(-0.5, 0.5) ** 2, (R,), "WhereBackward0"),
    "clamp with broadcast tensors": (lambda x, lo, hi: x.clamp(lo, hi) ** 2, (R, LO, HI), "WhereBackward0"),
    "remainder": (lambda x: x.remainder(0.3) ** 2, (R,), None),
    "remainder broadcast": (lambda x, b: x.remainder(b) ** 2, (R, B4), None),
    "floor division": (lambda x, b: x.div(b, rounding_mode="floor") + x ** 2, (R, B4), None),
    "constant pad, a crop too": (lambda x: F.pad(x, (1, 2, -1, 1), value=0.3) ** 2, (R,), "ConstantPadNdBackward0"),
    "reflection pad": (lambda x: F.pad(x.unsqueeze(0), (2, 1), mode="reflect") ** 2, (R,), None),
    "replication pad": (lambda x: F.pad(x.unsqueeze(0).unsqueeze(0), (1, 1, 2, 0), mode="replicate") ** 2, (R,),
                        None),
    "fill_": (lambda x: x.clone().fill_(2.0) * x, (R,), None),
    "fill_ with a tensor": (lambda x, v: x.clone().fill_(v) * x, (R, V), None),
    "zero_": (lambda x: x.clone().zero_() + x ** 2, (R,), None),
}


@pytest.mark.parametrize("name", MASKS_AND_INDEXING)
def test_masks_indexing_and_padding_are_differentiable_twice(name):
    fn, inputs, node = MASKS_AND_INDEXING[name]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)
    if node is not None:   # the gradient's node, as PyTorch 2.13 names it for the same program
        y = fn(*inputs)
        (g,) = torch.autograd.grad(y.sum(), inputs[0], create_graph=True)
        assert g.grad_fn.name() == node


def _set_row(x, v):
    b = x.clone()
    b[1] = v * 2
    return b ** 2


def _set_rows_by_index(x, v):
    b = x.clone()
    b[torch.tensor([0, 2])] = v
    return b ** 2


def _set_by_mask(x, v):
    b = x.clone()
    b[x.detach() > 0] = v.sum()
    return b ** 2


def _scale_base_then_read_view(x):
    b = x.clone()
    view = b[1:]
    b.mul_(2)   # the view's history is rebuilt from its base (AsStridedBackward0)
    return view ** 2


def _set_through_transposed_view(x, v):
    b = x.clone()
    b.t()[0] = v[:3]
    return b ** 2


V4 = _t(4, seed=23)


@pytest.mark.parametrize("fn, inputs", [(_set_row, (R, V4)), (_set_rows_by_index, (R, V4)), (_set_by_mask, (R, V4)),
                                        (_scale_base_then_read_view, (R,)), (_set_through_transposed_view, (R, V4))],
                         ids=["row", "rows by index", "mask", "view of a changed base", "through a view"])
def test_in_place_assignment_is_differentiable_twice(fn, inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)
