"""Convolutions (1-D, transposed), pooling, upsampling, normalisation and misc nn modules against
PyTorch 2.13's recorded results (``tests/convpool_cases.py``, recorded by
``tools/record_convpool.py``), and float64 finite-difference gradient checks."""
import json
import pathlib
import re

import numpy as np
import pytest

import tinytorch as torch
from convpool_cases import cases
from test_nn_surface import _normalise, _same_structure, _same_tensor
from tinytorch.autograd import gradcheck, gradgradcheck

F = torch.nn.functional
RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "convpool_pytorch.json").read_text())["cases"]
CASES = cases(torch)


def test_every_recorded_case_has_a_program():
    assert set(RECORDED) == set(CASES)


def _same_gradient(got, want):
    """Like ``_same_tensor``; a float32 gradient sums terms in another order than PyTorch's, so its
    absolute tolerance scales with the gradient's largest entry (cancellation leaves small
    entries with the rounding error of the large terms)."""
    if want["dtype"] != "float32":
        return _same_tensor(got, want)
    assert got["dtype"] == want["dtype"] and got["shape"] == want["shape"]
    a, b = np.array(got["tensor"], dtype=float), np.array(want["tensor"], dtype=float)
    assert np.allclose(a, b, rtol=2e-6, atol=1e-6 * max(1.0, np.abs(b).max(initial=0))), (a, b)


def _own(warning):
    """A PyTorch warning without the C++ source location it names."""
    return re.sub(r" \(Triggered internally at .*\)$", "", warning)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_case_equals_pytorch(name):
    want, got = RECORDED[name], CASES[name]()
    if name.startswith("program/"):
        _same_structure(got, want)
        return
    if "error" in want:
        assert got.get("error") == want["error"], got
        if want["error"] is not None:
            assert _normalise(got["message"]) == want["message"]
        return
    if "repr" in want:
        assert _normalise(got["repr"]) == want["repr"]
    if "out" not in want:
        assert got["warnings"] == want["warnings"]
        return
    assert "error" not in got, got
    assert got["node"] == want["node"]
    _same_tensor(got["out"], want["out"])
    assert [_normalise(w) for w in got["warnings"]] == [_own(w) for w in want["warnings"]]
    assert ("grads" in got) == ("grads" in want)
    for g, w in zip(got.get("grads", ()), want.get("grads", ())):
        assert (g is None) == (w is None)
        if w is not None:
            _same_gradient(g, w)
    if "params" in want:
        assert set(got["params"]) == set(want["params"])
        for k in want["params"]:
            assert np.allclose(got["params"][k], want["params"][k], rtol=1e-6, atol=1e-7), k


# ---- float64 finite-difference checks ----------------------------------------------------------

def _r(*shape, seed=0):
    torch.manual_seed(seed)
    return torch.randn(*shape, dtype=torch.float64, requires_grad=True)


def _swapped(fn):
    """fn applied to its inputs' transposed views (last two dimensions swapped): non-contiguous
    arguments for gradcheck's contiguous leaves."""
    return lambda *ts: fn(*[t.transpose(-1, -2) for t in ts])


@pytest.mark.parametrize("fn, shapes, twice", [
    (lambda x, w, b: F.conv1d(x, w, b, 2, 1, 2, 2), [(2, 4, 7), (6, 2, 3), (6,)], False),
    (lambda x, w: F.conv1d(x, w, None, 1, "same", 3), [(1, 2, 6), (3, 2, 2)], True),
    (lambda x, w, b: F.conv_transpose1d(x, w, b, 2, 1, 1, 2, 2), [(2, 4, 4), (4, 3, 3), (6,)], False),
    (lambda x, w, b: F.conv_transpose2d(x, w, b, (2, 1), (1, 0), (1, 0), 1, (1, 2)), [(1, 2, 3, 4), (2, 3, 3, 2), (3,)],
     True),
])
@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_convolution_gradients(fn, shapes, twice):
    """Grouped ones are differentiable once (conv2d's grouped double backward refuses)."""
    tensors = [_r(*s, seed=i) for i, s in enumerate(shapes)]
    assert gradcheck(fn, tensors)
    if twice:
        assert gradgradcheck(fn, tensors)


def test_convolution_gradients_of_noncontiguous_inputs():
    assert gradcheck(_swapped(lambda x, w: F.conv_transpose2d(x, w, stride=2)), (_r(1, 3, 5, 4), _r(3, 2, 3, 2)))
    assert gradcheck(_swapped(lambda x, w: F.conv1d(x, w, padding=1)), (_r(2, 5, 3), _r(2, 2, 3)))


def _unpool(x):
    _, idx = F.max_pool2d(x.detach(), 2, return_indices=True)
    return F.max_unpool2d(x[:, :, :2, :2], idx, 2, output_size=(5, 4))


@pytest.mark.parametrize("fn, shape", [
    (lambda x: F.max_pool1d(x, 3, 2, 1, 2, True), (2, 2, 9)),
    (lambda x: F.avg_pool1d(x, 4, 3, 2, True, False), (2, 2, 9)),
    (lambda x: F.adaptive_avg_pool1d(x, 4), (2, 7)),
    (lambda x: F.adaptive_max_pool1d(x, 3), (1, 2, 7)),
    (lambda x: F.adaptive_avg_pool2d(x, (3, 4)), (2, 2, 5, 7)),
    (lambda x: F.adaptive_avg_pool2d(x, 1), (2, 5, 7)),
    (lambda x: F.adaptive_max_pool2d(x, (3, 2)), (2, 2, 5, 7)),
    (lambda x: F.adaptive_max_pool2d(x, 6), (2, 4, 5)),
    (_unpool, (1, 2, 5, 4)),
])
def test_pooling_gradients_twice(fn, shape):
    x = _r(*shape)
    assert gradcheck(fn, (x,)) and gradgradcheck(fn, (x,))
    assert gradcheck(_swapped(fn), (_r(*shape[:-2], shape[-1], shape[-2]) if len(shape) > 2 else _r(*shape),))


@pytest.mark.parametrize("fn, shape", [
    (lambda x: F.interpolate(x, scale_factor=1.7), (1, 2, 3, 4)),
    (lambda x: F.interpolate(x, size=(5, 3), mode="bilinear"), (1, 2, 3, 4)),
    (lambda x: F.interpolate(x, scale_factor=2.5, mode="bilinear", align_corners=True), (1, 1, 3, 2)),
    (lambda x: F.interpolate(x, size=7, mode="linear"), (2, 1, 4)),
    (lambda x: F.interpolate(x, scale_factor=0.6, mode="nearest-exact"), (1, 2, 5)),
    (lambda x: F.pixel_shuffle(x, 2), (1, 8, 2, 3)),
    (lambda x: F.pixel_unshuffle(x, 2), (2, 1, 4, 2)),
    (lambda x: F.unfold(x, (2, 3), dilation=(2, 1), padding=1, stride=(1, 2)), (1, 2, 4, 5)),
    (lambda x: F.fold(x, (4, 5), 3, padding=1, stride=2), (1, 18, 6)),
    (lambda x: F.fold(x, 3, 2), (8, 4)),
    (lambda x: torch.nn.ReflectionPad2d((1, 1, 2, 0))(x), (1, 2, 3, 3)),
    (lambda x: torch.nn.ReplicationPad1d(3)(x), (2, 3)),
    (lambda x: torch.nn.ConstantPad2d(1, -1.0)(x), (2, 3, 3)),
])
def test_resampling_gradients_twice(fn, shape):
    x = _r(*shape)
    assert gradcheck(fn, (x,)) and gradgradcheck(fn, (x,))
    swapped = _r(*shape[:-2], shape[-1], shape[-2])
    assert gradcheck(_swapped(fn), (swapped,))


@pytest.mark.parametrize("fn, shapes", [
    (lambda x, w, b: F.group_norm(x, 2, w, b), [(2, 4, 3), (4,), (4,)]),
    (lambda x: F.group_norm(x, 1), [(2, 3, 2, 2)]),
    (lambda x, w, b: F.instance_norm(x, weight=w, bias=b), [(2, 3, 4), (3,), (3,)]),
    (lambda x, w: F.rms_norm(x, (3, 2), w), [(2, 3, 2), (3, 2)]),
    (lambda x: F.local_response_norm(x, 3, 0.1, 0.75, 1.5), [(2, 4, 3)]),
    (lambda x: F.local_response_norm(x, 2, 0.2), [(1, 3, 2, 2)]),
])
def test_normalisation_gradients_twice(fn, shapes):
    tensors = [_r(*s, seed=i) for i, s in enumerate(shapes)]
    assert gradcheck(fn, tensors) and gradgradcheck(fn, tensors)
    x = _r(*shapes[0][:-2], shapes[0][-1], shapes[0][-2])   # the input as a transposed (non-contiguous) view
    assert gradcheck(lambda x, *rest: fn(x.transpose(-1, -2), *rest), [x] + tensors[1:])


def _reseeded(fn):
    """fn after re-seeding the generator, so every call of gradcheck draws the same mask / noise."""
    def run(*xs):
        torch.manual_seed(3)
        return fn(*xs)
    return run


@pytest.mark.parametrize("fn, shapes", [
    (lambda a, b, w, c: F.bilinear(a, b, w, c), [(4, 3), (4, 2), (2, 3, 2), (2,)]),
    (lambda a, b, w: F.bilinear(a, b, w), [(2, 2, 3), (2, 2, 2), (1, 3, 2)]),
    (_reseeded(lambda x: F.dropout1d(x, 0.4)), [(3, 4, 2)]),
    (_reseeded(lambda x: F.dropout2d(x, 0.5)), [(2, 3, 2, 2)]),
    (_reseeded(lambda x: F.alpha_dropout(x, 0.3, True)), [(3, 4)]),
    (_reseeded(lambda x: F.feature_alpha_dropout(x, 0.3, True)), [(3, 4, 2)]),
    (_reseeded(lambda x: F.gumbel_softmax(x, 0.7)), [(2, 4)]),
])
def test_misc_gradients_twice(fn, shapes):
    tensors = [_r(*s, seed=i) for i, s in enumerate(shapes)]
    assert gradcheck(fn, tensors) and gradgradcheck(fn, tensors)
    x = _r(*shapes[0][:-2], shapes[0][-1], shapes[0][-2])   # the first input as a transposed (non-contiguous) view
    assert gradcheck(lambda x, *rest: fn(x.transpose(-1, -2), *rest), [x] + tensors[1:])


def test_hard_gumbel_softmax_is_one_hot_with_the_soft_gradient():
    """Straight-through: the forward value is the one-hot (finite differences see a constant), the
    gradient the soft sample's."""
    x = _r(3, 5)
    w = _r(3, 5, seed=1).detach()
    hard = _reseeded(lambda x: F.gumbel_softmax(x, 0.5, hard=True))(x)
    soft = _reseeded(lambda x: F.gumbel_softmax(x, 0.5))(x)
    assert hard.sum(-1).tolist() == [1.0] * 3 and ((hard == 0) | (hard == 1)).all()
    assert hard.argmax(-1).tolist() == soft.argmax(-1).tolist()
    g_hard, = torch.autograd.grad((hard * w).sum(), x)
    g_soft, = torch.autograd.grad((soft * w).sum(), x)
    assert np.allclose(g_hard.numpy(), g_soft.numpy(), rtol=1e-12, atol=1e-14)


def test_parameter_containers_register_tensors_as_parameters():
    pl = torch.nn.ParameterList([torch.ones(2)])
    pd = torch.nn.ParameterDict({"w": torch.zeros(3)})
    m = torch.nn.Module()
    m.pl, m.pd = pl, pd
    assert [n for n, _ in m.named_parameters()] == ["pl.0", "pd.w"]
    assert isinstance(pl[0], torch.nn.Parameter) and pd["w"].requires_grad


def _points(*shape):
    torch.manual_seed(12)
    return (torch.rand(*shape, dtype=torch.float64) * 2.8 - 1.4).requires_grad_()


@pytest.mark.parametrize("padding", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("corners", [False, True])
def test_grid_sample_gradients(padding, corners):
    """Bilinear in both the input and the grid; nearest in the input (its grid gradient is zero).
    The array backward is differentiable once, as documented."""
    x, g = _r(1, 2, 3, 4), _points(1, 2, 5, 2)
    assert gradcheck(lambda x, g: F.grid_sample(x, g, "bilinear", padding, corners), (x, g))
    assert gradcheck(lambda x: F.grid_sample(x, g.detach(), "nearest", padding, corners), (x,))
    xt = _r(1, 2, 4, 3)
    assert gradcheck(lambda x, g: F.grid_sample(x.transpose(2, 3), g, "bilinear", padding, corners), (xt, g))


def test_affine_grid_gradients_twice():
    theta = _r(2, 2, 3)
    fn = lambda t: F.affine_grid(t, (2, 1, 3, 4), align_corners=False)   # noqa: E731
    assert gradcheck(fn, (theta,)) and gradgradcheck(fn, (theta,))
    t = _r(2, 3, 2)
    assert gradcheck(lambda t: F.affine_grid(t.transpose(1, 2), (2, 1, 2, 3), align_corners=True), (t,))
