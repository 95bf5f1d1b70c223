"""nn.LayerNorm / F.layer_norm against a NumPy definition, by finite differences, and PyTorch's
node name, repr and errors."""
import numpy as np
import pytest

import tinytorch as torch
import tinytorch.nn as nn
import tinytorch.nn.functional as F
from tinytorch.autograd import gradcheck


def _reference(x, shape, w, b, eps):
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    out = (x - mean) / np.sqrt(var + eps)
    return out * (1 if w is None else w) + (0 if b is None else b)


@pytest.mark.parametrize("shape,normalized,affine", [((4, 5), (5,), "both"), ((2, 3, 4), (3, 4), "weight"),
                                                     ((3, 4), (4,), "none"), ((2, 2, 3), (2, 2, 3), "both")])
def test_values_and_gradcheck(shape, normalized, affine):
    rng = np.random.default_rng(0)
    ns = (normalized,) if isinstance(normalized, int) else normalized
    x = torch.tensor(rng.standard_normal(shape), requires_grad=True)
    w = torch.tensor(rng.standard_normal(ns), requires_grad=True) if affine != "none" else None
    b = torch.tensor(rng.standard_normal(ns), requires_grad=True) if affine == "both" else None
    out = F.layer_norm(x, normalized, w, b, eps=1e-3)
    assert out.grad_fn.name() == "NativeLayerNormBackward0"
    expected = _reference(x.detach().numpy(), ns, None if w is None else w.detach().numpy(),
                          None if b is None else b.detach().numpy(), 1e-3)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-10, atol=1e-10)
    inputs = tuple(t for t in (x, w, b) if t is not None)
    assert gradcheck(lambda *a: F.layer_norm(a[0], normalized, *(list(a[1:]) + [None] * (3 - len(a))), eps=1e-3),
                     inputs)


def test_module_repr_parameters_and_errors():
    ln = nn.LayerNorm(4)
    assert repr(ln) == "LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)"
    assert ln.weight.tolist() == [1.0] * 4 and ln.bias.tolist() == [0.0] * 4
    assert repr(nn.LayerNorm((2, 3), elementwise_affine=False)) == \
        "LayerNorm((2, 3), eps=1e-05, elementwise_affine=False, bias=False)"
    out = ln(torch.tensor([[1.0, 2.0, 3.0, 4.0]]))
    np.testing.assert_allclose(out.detach().numpy(), [[-1.3416, -0.4472, 0.4472, 1.3416]], atol=1e-4)
    with pytest.raises(RuntimeError, match=r"^Given normalized_shape=\[4\], expected input with shape \[\*, 4\], but got "
                                           r"input of size\[2, 3\]$"):
        F.layer_norm(torch.ones(2, 3), (4,))
    with pytest.raises(RuntimeError, match=r"^Expected weight to be of same shape as normalized_shape, but got weight of "
                                           r"shape \[2\] and normalized_shape = \[3\]$"):
        F.layer_norm(torch.ones(2, 3), (3,), torch.ones(2))


def test_constant_rows_empty_inputs_and_argument_errors():
    out = F.layer_norm(torch.full((2, 6), 3.7, dtype=torch.float64), (6,))
    assert out.abs().max().item() == 0.0                       # the mean is exact, as in PyTorch
    assert F.layer_norm(torch.ones(2, 0), (0,)).shape == (2, 0)
    with pytest.raises(RuntimeError, match=r"^Expected normalized_shape to be at least 1-dimensional"):
        F.layer_norm(torch.ones(2, 3), ())
    with pytest.raises(NotImplementedError, match="\"LayerNormKernelImpl\" not implemented for 'Long'"):
        F.layer_norm(torch.ones(2, 4, dtype=torch.int64), (4,))
    with pytest.raises(RuntimeError, match=r"^mixed dtype \(CPU\): expect parameter to have scalar type of Float$"):
        F.layer_norm(torch.ones(2, 3), (3,), torch.ones(3, dtype=torch.float64))
    ln = nn.LayerNorm(3)
    ln.weight.data.fill_(2.0)
    ln.reset_parameters()
    assert ln.weight.tolist() == [1.0] * 3
