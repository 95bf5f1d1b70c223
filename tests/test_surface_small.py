"""Small pieces of PyTorch's surface that learner programs use: isclose/allclose, one_hot,
gradient clipping, parameters_to_vector, tril/triu, ModuleDict, keepdims.  Each program's
expected text was printed by PyTorch 2.13 running the same code (recorded with
``tools/record_surface_small.py``); here it runs on tinytorch and is compared with the module
prefix normalised."""
import contextlib
import io
import math
import re

import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck


def program_close_onehot_clip(torch):
    F = torch.nn.functional
    a = torch.tensor([1.0, float('nan'), float('inf'), 2.0, 1e-9]); b = torch.tensor([1.0+1e-6, float('nan'), float('inf'), 2.1, 0.0])
    print(torch.isclose(a, b), torch.isclose(a, b, equal_nan=True), torch.allclose(a, a), torch.allclose(a, a, equal_nan=True), torch.isclose(torch.tensor([1,2]), torch.tensor([1,3])))
    for bad in (lambda: torch.isclose(a, b.double()), lambda: torch.isclose(a, b, rtol=-1), lambda: torch.isclose(a, b, atol=-1), lambda: torch.allclose(a, torch.ones(3))):
        try: bad()
        except Exception as e: print(type(e).__name__, e)
    print(a.isclose(b), a.allclose(a), torch.isclose(torch.tensor([float('-inf')]), torch.tensor([float('inf')])))
    print(F.one_hot(torch.tensor([0, 2, 1])), F.one_hot(torch.tensor([[0], [3]]), 5).shape)
    for bad in (lambda: F.one_hot(torch.tensor([0., 1.])), lambda: F.one_hot(torch.tensor([-1, 1])), lambda: F.one_hot(torch.tensor([0, 3]), 3), lambda: F.one_hot(torch.tensor([], dtype=torch.long))):
        try: print(bad())
        except Exception as e: print(type(e).__name__, e)
    print(F.one_hot(torch.tensor([], dtype=torch.long), 3))
    torch.manual_seed(0)
    m = torch.nn.Linear(3, 2)
    with torch.no_grad():
        m.weight[...] = torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]); m.bias[...] = torch.tensor([0.1, 0.2])
    (m(torch.tensor([[1.0, 2.0, 3.0]])) ** 2).sum().backward()
    print(torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0), m.weight.grad, m.bias.grad)
    print(torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5, norm_type=math.inf), m.weight.grad)
    torch.nn.utils.clip_grad_value_(m.parameters(), 0.1); print(m.weight.grad)
    v = torch.nn.utils.parameters_to_vector(m.parameters()); print(v)
    torch.nn.utils.vector_to_parameters(v * 2, m.parameters()); print(m.weight, m.bias)
    print(torch.nn.utils.clip_grad_norm_([], 1.0))


def program_tril_triu(torch):
    a = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    print(torch.tril(a), a.triu(1), torch.tril(a, -1), a.t().tril())
    x = torch.ones(2, 3, 3, requires_grad=True)
    y = torch.triu(x, -1); print(y.grad_fn); (y * torch.arange(9.).reshape(3, 3)).sum().backward(); print(x.grad)
    for bad in (lambda: torch.tril(torch.ones(3)), lambda: torch.tril(a, 1.5)):
        try: bad()
        except Exception as e: print(type(e).__name__, e)
    b = torch.ones(3, 3); b.tril_(); print(b)
    print(torch.tril(torch.ones(2, 2, dtype=torch.bool)), torch.tril(torch.ones(0, 3)))


def program_legacy_constructors(torch):
    import numpy as np
    print(torch.Tensor([1, 2]), torch.Tensor(2, 3).shape, torch.Tensor(), torch.Tensor(np.array([1,2])), torch.Tensor((1.5,)))
    t = torch.tensor([1., 2.]); print(torch.Tensor(t) is t, torch.Tensor(t).data_ptr() == t.data_ptr())
    print(torch.FloatTensor([1,2]), torch.LongTensor([1.7, 2]), torch.DoubleTensor(2).shape, torch.IntTensor([1]), torch.BoolTensor([1, 0]), torch.ByteTensor([3]))
    print(isinstance(torch.ones(2), torch.FloatTensor), isinstance(torch.ones(2).long(), torch.FloatTensor), isinstance(torch.ones(2), torch.Tensor))
    v = torch.autograd.Variable(torch.ones(2), requires_grad=True); print(v, type(v).__name__)
    for bad in (lambda: torch.Tensor('a'), lambda: torch.LongTensor(-1), lambda: torch.Tensor(2.5)):
        try: print(bad())
        except Exception as e: print(type(e).__name__, e)
    with torch.inference_mode():
        y = torch.ones(2, requires_grad=True) * 2; print(y.requires_grad, torch.is_inference_mode_enabled())
    print(torch.is_inference_mode_enabled(), torch.compile(lambda x: x + 1)(torch.ones(1)))
    print(type(torch.Tensor([1])).__name__, torch.Tensor([1]).dtype, torch.Tensor([True]).dtype, torch.Tensor(torch.Size([2, 1])).shape)


EXPECTED_LEGACY = "tensor([1., 2.]) torch.Size([2, 3]) tensor([]) tensor([1., 2.]) tensor([1.5000])\nFalse True\ntensor([1., 2.]) tensor([1, 2]) torch.Size([2]) tensor([1], dtype=torch.int32) tensor([ True, False]) tensor([3], dtype=torch.uint8)\nTrue False True\ntensor([1., 1.], requires_grad=True) Tensor\nTypeError new(): invalid data type 'str'\nRuntimeError Trying to create tensor with negative dimension -1: [-1]\nTypeError new(): data must be a sequence (got float)\nFalse True\nFalse tensor([2.])\nTensor torch.float32 torch.float32 torch.Size([2, 1])\n"

def program_finite_and_clamp(torch):
    x = torch.tensor([float('nan'), float('inf'), -float('inf'), 1.0, -2.0], requires_grad=True)
    y = torch.nan_to_num(x, nan=0.5); print(y); y.sum().backward(); print(x.grad)
    x.grad = None; y = torch.clamp_min(x, 0.); y.sum().backward(); print(y, x.grad)
    x.grad = None; y = torch.clamp_max(x, 0.); y.sum().backward(); print(y, x.grad)
    print(torch.tensor([1, 5]).clamp_min(3), torch.nan_to_num(torch.tensor([1, 2])), torch.nan_to_num(torch.tensor([float('inf')], dtype=torch.float64)))
    print(torch.isposinf(x), torch.isneginf(x), torch.isnan(x), torch.isinf(x), torch.isfinite(x))
    print(x.isnan(), torch.isnan(torch.tensor([1, 2])), torch.isfinite(torch.tensor([True])), torch.tensor([1.5, 3.]).clamp_max(2))
    try: torch.clamp_min(x, None)
    except Exception as e: print(type(e).__name__, e)
    z = torch.tensor([1.0, -1.0]); z.clamp_min_(0); print(z)


EXPECTED_FINITE = 'tensor([ 5.0000e-01,  3.4028e+38, -3.4028e+38,  1.0000e+00, -2.0000e+00],\n       grad_fn=<NanToNumBackward0>)\ntensor([0., 0., 0., 1., 1.])\ntensor([nan, inf, 0., 1., 0.], grad_fn=<ClampMinBackward0>) tensor([0., 1., 0., 1., 0.])\ntensor([nan,  0., -inf,  0., -2.], grad_fn=<ClampMaxBackward0>) tensor([0., 0., 1., 0., 1.])\ntensor([3, 5]) tensor([1, 2]) tensor([1.7977e+308], dtype=torch.float64)\ntensor([False,  True, False, False, False]) tensor([False, False,  True, False, False]) tensor([ True, False, False, False, False]) tensor([False,  True,  True, False, False]) tensor([False, False, False,  True,  True])\ntensor([ True, False, False, False, False]) tensor([False, False]) tensor([True]) tensor([1.5000, 2.0000])\nTypeError clamp_min() received an invalid combination of arguments - got (Tensor, NoneType), but expected one of:\n * (Tensor input, Tensor min, *, Tensor out = None)\n * (Tensor input, Number min, *, Tensor out = None)\n\ntensor([1., 0.])\n'

EXPECTED_CLOSE_ONEHOT_CLIP = 'tensor([ True, False,  True, False,  True]) tensor([ True,  True,  True, False,  True]) False True tensor([ True, False])\nRuntimeError Float did not match Double\nRuntimeError rtol must be greater than or equal to zero, but got -1\nRuntimeError atol must be greater than or equal to zero, but got -1\nRuntimeError The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 0\ntensor([ True, False,  True, False,  True]) False tensor([False])\ntensor([[1, 0, 0],\n        [0, 0, 1],\n        [0, 1, 0]]) torch.Size([2, 1, 5])\nRuntimeError one_hot is only applicable to index tensor of type LongTensor.\nRuntimeError Class values must be non-negative.\nRuntimeError Class values must be smaller than num_classes.\nRuntimeError Can not infer total number of classes from empty tensor.\ntensor([], size=(0, 3), dtype=torch.int64)\ntensor(5.6391) tensor([[ 0.2483,  0.4965,  0.7448],\n        [-0.0709, -0.1419, -0.2128]]) tensor([ 0.2483, -0.0709])\ntensor(0.7448) tensor([[ 0.1667,  0.3333,  0.5000],\n        [-0.0476, -0.0952, -0.1429]])\ntensor([[ 0.1000,  0.1000,  0.1000],\n        [-0.0476, -0.0952, -0.1000]])\ntensor([ 0.1000, -0.2000,  0.3000,  0.4000,  0.5000, -0.6000,  0.1000,  0.2000],\n       grad_fn=<CatBackward0>)\nParameter containing:\ntensor([[ 0.2000, -0.4000,  0.6000],\n        [ 0.8000,  1.0000, -1.2000]], requires_grad=True) Parameter containing:\ntensor([0.2000, 0.4000], requires_grad=True)\ntensor(0.)\n'

EXPECTED_TRIL_TRIU = "tensor([[ 0.,  0.,  0.,  0.],\n        [ 4.,  5.,  0.,  0.],\n        [ 8.,  9., 10.,  0.]]) tensor([[ 0.,  1.,  2.,  3.],\n        [ 0.,  0.,  6.,  7.],\n        [ 0.,  0.,  0., 11.]]) tensor([[0., 0., 0., 0.],\n        [4., 0., 0., 0.],\n        [8., 9., 0., 0.]]) tensor([[ 0.,  0.,  0.],\n        [ 1.,  5.,  0.],\n        [ 2.,  6., 10.],\n        [ 3.,  7., 11.]])\n<TriuBackward0 object at ADDR>\ntensor([[[0., 1., 2.],\n         [3., 4., 5.],\n         [0., 7., 8.]],\n\n        [[0., 1., 2.],\n         [3., 4., 5.],\n         [0., 7., 8.]]])\nRuntimeError tril: input tensor must have at least 2 dimensions\nTypeError tril(): argument 'diagonal' (position 2) must be int, not float\ntensor([[1., 0., 0.],\n        [1., 1., 0.],\n        [1., 1., 1.]])\ntensor([[ True, False],\n        [ True,  True]]) tensor([], size=(0, 3))\n"


def _run(program):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        program(torch)
    text = out.getvalue().replace("tinytorch.", "torch.")
    return re.sub(r"object at 0x[0-9a-f]+", "object at ADDR", text)


def test_isclose_allclose_one_hot_and_clipping_print_what_pytorch_prints():
    assert _run(program_close_onehot_clip) == EXPECTED_CLOSE_ONEHOT_CLIP


def test_tril_triu_print_what_pytorch_prints():
    assert _run(program_tril_triu) == EXPECTED_TRIL_TRIU


@pytest.mark.parametrize("fn", [lambda x: x.tril(), lambda x: x.triu(1) * x, lambda x: torch.tril(x.t(), -1)])
def test_tril_triu_gradients(fn):
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.3, 0.7], [2.0, -0.4, 0.1]], dtype=torch.float64,
                     requires_grad=True)
    assert gradcheck(fn, (x,)) and gradgradcheck(fn, (x,))


def test_module_dict():
    nn = torch.nn
    d = nn.ModuleDict({"a": nn.Linear(2, 3), "b": nn.ReLU()})
    assert repr(d) == "ModuleDict(\n  (a): Linear(in_features=2, out_features=3, bias=True)\n  (b): ReLU()\n)"
    assert list(d.keys()) == ["a", "b"] and len(d) == 2 and "a" in d and len(list(d.parameters())) == 2
    d["c"] = nn.Tanh()
    d.update([("e", nn.Identity())])
    assert type(d.pop("b")).__name__ == "ReLU" and list(d) == ["a", "c", "e"]
    assert repr(nn.ModuleDict()) == "ModuleDict()"
    with pytest.raises(TypeError, match="^int is not a Module subclass$"):
        d["x"] = 3
    with pytest.raises(TypeError, match="^module name should be a string. Got int$"):
        d[1] = nn.ReLU()
    with pytest.raises(KeyError):
        d["missing"]


def test_keepdims_is_accepted_as_in_pytorch():
    x = torch.ones(2, 3)
    assert x.sum(1, keepdims=True).shape == (2, 1) and torch.mean(x, 0, keepdims=True).shape == (1, 3)
    assert x.max(1, keepdims=True)[0].shape == (2, 1) and x.var(0, keepdims=True).shape == (1, 3)
    assert x.amax(1, keepdims=True).shape == (2, 1) and x.argmax(1, keepdims=True).shape == (2, 1)
    assert x.logsumexp(1, keepdims=True).shape == (2, 1) and x.all(1, keepdims=True).shape == (2, 1)
    assert math.isclose(x.std(keepdims=False).item(), 0.0)


def test_legacy_constructors_variable_inference_mode_and_compile_print_what_pytorch_prints():
    assert _run(program_legacy_constructors) == EXPECTED_LEGACY


def test_isnan_isinf_isfinite_nan_to_num_clamp_min_max_print_what_pytorch_prints():
    assert _run(program_finite_and_clamp) == EXPECTED_FINITE


@pytest.mark.parametrize("fn", [lambda x: torch.clamp_min(x, 0.3) * x, lambda x: x.clamp_max(1.0).exp(),
                                lambda x: torch.nan_to_num(x.log()) * x])
def test_clamp_min_max_and_nan_to_num_gradients(fn):
    x = torch.tensor([0.1, 0.5, 1.7, 2.2], dtype=torch.float64, requires_grad=True)
    assert gradcheck(fn, (x,)) and gradgradcheck(fn, (x,))
