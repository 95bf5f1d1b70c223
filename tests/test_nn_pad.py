"""nn.functional.pad: PyTorch 2.13's values, node names and errors for the four modes, and
finite-difference gradients (crops, wrap-arounds and mirrored reads included)."""
import numpy as np
import pytest

import tinytorch as tt
import tinytorch.nn.functional as F
from tinytorch.autograd import gradcheck


def _x():
    return tt.arange(6.).reshape(1, 2, 3).requires_grad_()


@pytest.mark.parametrize("pad,kwargs,text", [
    ((1, 2), {}, "tensor([[[0., 0., 1., 2., 0., 0.],\n         [0., 3., 4., 5., 0., 0.]]], "
                 "grad_fn=<ConstantPadNdBackward0>)"),
    ((1, -1, 0, 1), {"value": 9.0}, "tensor([[[9., 0., 1.],\n         [9., 3., 4.],\n         [9., 9., 9.]]], "
                                    "grad_fn=<ConstantPadNdBackward0>)"),
    ((2, 1), {"mode": "reflect"}, "tensor([[[2., 1., 0., 1., 2., 1.],\n         [5., 4., 3., 4., 5., 4.]]], "
                                  "grad_fn=<ReflectionPad1DBackward0>)"),
    ((2, 1), {"mode": "replicate"}, "tensor([[[0., 0., 0., 1., 2., 2.],\n         [3., 3., 3., 4., 5., 5.]]], "
                                    "grad_fn=<ReplicationPad1DBackward0>)"),
    ((2, 1), {"mode": "circular"}, "tensor([[[1., 2., 0., 1., 2., 0.],\n         [4., 5., 3., 4., 5., 3.]]], "
                                   "grad_fn=<CopySlices>)"),
])
def test_values_and_nodes_match_pytorch(pad, kwargs, text):
    assert repr(F.pad(_x(), pad, **kwargs)) == text


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_two_and_three_dimensional_node_names(mode):
    names = {"reflect": "ReflectionPad", "replicate": "ReplicationPad", "circular": None}[mode]
    y2 = F.pad(tt.arange(16.).reshape(1, 1, 4, 4).requires_grad_(), (1, 1, 1, 0), mode=mode)
    y3 = F.pad(tt.ones(1, 2, 3, 3, requires_grad=True), (1, 1, 1, 1, 1, 0), mode=mode)
    assert y2.grad_fn.name() == (f"{names}2DBackward0" if names else "CopySlices")
    assert y3.grad_fn.name() == (f"{names}3DBackward0" if names else "CopySlices")


@pytest.mark.parametrize("mode,pad", [
    ("constant", (1, 2, -1, 1)), ("constant", (-1, -1, 2, 0, 1, 1)), ("reflect", (2, 1)), ("reflect", (1, 2, 2, 1)),
    ("replicate", (3, -1, 1, 2)), ("replicate", (2, 2, 1, 1, 1, 0)), ("circular", (3, 2)), ("circular", (1, 2, 3, 0)),
])
def test_gradcheck(mode, pad):
    x = tt.tensor(np.random.default_rng(0).standard_normal((2, 3, 4, 3)), requires_grad=True)
    kwargs = {"value": 1.5} if mode == "constant" else {}
    one_pair = mode != "constant" and len(pad) == 2          # 1-D padding takes 2-D or 3-D input
    assert gradcheck(lambda a: F.pad((a[0] if one_pair else a).transpose(-1, -2), pad, mode=mode, **kwargs).sin(),
                     (x,))


@pytest.mark.parametrize("call,error,message", [
    (lambda x: F.pad(x, (1,)), RuntimeError, "Padding length must be divisible by 2"),
    (lambda x: F.pad(x, (1,) * 8), RuntimeError, "Padding length should be less than or equal to two times the "
                                                 "input dimension but got padding length 8 and input of dimension 3"),
    (lambda x: F.pad(x, (3, 0), mode="reflect"), RuntimeError,
     "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at "
     "dimension 2 of input [1, 2, 3]"),
    (lambda x: F.pad(x, (4, 0), mode="circular"), RuntimeError, "Padding value causes wrapping around more than once."),
    (lambda x: F.pad(x, (1, 1), mode="bogus"), NotImplementedError, "Unrecognised padding mode bogus"),
    (lambda x: F.pad(x, (1, 1), mode="reflect", value=2), RuntimeError,
     "Padding mode \"reflect\" doesn't take in value argument"),
    (lambda x: F.pad(x, (-4, 0)), RuntimeError, "narrow(): length must be non-negative."),
    (lambda x: F.pad(tt.ones(3, 4), (-2, -2), mode="replicate"), RuntimeError,
     "input (W: 4) is too small. Calculated output W: 0"),
    (lambda x: F.pad(tt.ones(1, 1, 4, 4), (-3, -2, 0, 0), mode="replicate"), RuntimeError,
     "Trying to create tensor with negative dimension -1: [1, 1, 4, -1]"),
])
def test_errors_read_like_pytorch(call, error, message):
    with pytest.raises(error) as info:
        call(_x())
    assert str(info.value).split("\n")[0] == message


@pytest.mark.parametrize("mode,np_mode", [("reflect", "reflect"), ("replicate", "edge"), ("circular", "wrap")])
@pytest.mark.parametrize("padding,kernel,dilation", [((1, 2), 3, 1), ("same", 4, 1), ("same", 3, 2), ("valid", 3, 1)])
def test_conv2d_padding_modes_pad_the_input_first(mode, np_mode, padding, kernel, dilation):
    tt.manual_seed(0)
    conv = tt.nn.Conv2d(2, 3, kernel, padding=padding, padding_mode=mode, dilation=dilation, dtype=tt.float64)
    x = np.random.default_rng(1).standard_normal((2, 2, 6, 7))
    if padding == "same":
        amounts = [(dilation * (kernel - 1)) // 2, dilation * (kernel - 1) - (dilation * (kernel - 1)) // 2]
        widths = [(0, 0), (0, 0), amounts, amounts]
    elif padding == "valid":
        widths = [(0, 0)] * 4
    else:
        widths = [(0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2]
    expected = F.conv2d(tt.tensor(np.pad(x, widths, mode=np_mode)), conv.weight, conv.bias, dilation=dilation)
    out = conv(tt.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    if padding == "same":
        assert out.shape[2:] == (6, 7)
    assert repr(conv).endswith(f"padding_mode={mode})")
    small = tt.tensor(x[:1, :, :4, :5], requires_grad=True)
    assert gradcheck(lambda a: conv(a), (small,))


def test_conv2d_rejects_unknown_padding_modes():
    with pytest.raises(ValueError) as info:
        tt.nn.Conv2d(1, 8, 3, padding_mode="bogus")
    assert str(info.value) == ("padding_mode must be one of {'reflect', 'replicate', 'circular', 'zeros'}, but got "
                               "padding_mode='bogus'")


def test_circular_padding_crops_before_it_wraps():
    row = tt.arange(4.)[None]
    assert F.pad(row, (-1, 1), mode="circular").tolist() == [[1.0, 2.0, 3.0, 1.0]]
    assert F.pad(row, (1, -1), mode="circular").tolist() == [[2.0, 0.0, 1.0, 2.0]]
    assert F.pad(tt.arange(3.)[None], (-2, -1), mode="circular").shape == (1, 0)
    with pytest.raises(NotImplementedError, match="more than once"):
        F.pad(tt.arange(4.)[None], (3, -2), mode="circular")


def test_same_padding_with_an_even_kernel_pads_the_end_first():
    x = tt.tensor(np.random.default_rng(2).standard_normal((1, 2, 5, 6)), requires_grad=True)
    w = tt.tensor(np.random.default_rng(3).standard_normal((3, 2, 2, 4)), requires_grad=True)
    out = F.conv2d(x, w, padding="same")
    assert out.shape == (1, 3, 5, 6) and out.grad_fn.name() == "ConvolutionBackward0"
    expected = F.conv2d(F.pad(x, (1, 2, 0, 1)), w)       # total 3 across: 1 before, 2 after; 1 down: after
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12)
    assert gradcheck(lambda a, b: F.conv2d(a, b, padding="same"), (x, w))
    with pytest.raises(ValueError, match="padding='same' is not supported for strided convolutions"):
        tt.nn.Conv2d(2, 3, 3, padding="same", stride=2)
