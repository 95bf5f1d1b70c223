"""nn.Embedding / F.embedding: lookups, gradients (repeated indices, padding_idx), PyTorch's
initialisation, repr and errors."""
import json
import pathlib

import numpy as np
import pytest

import tinytorch as torch
import tinytorch.nn as nn
import tinytorch.nn.functional as F
from tinytorch.autograd import gradcheck

import embedding_norm_cases


def test_lookup_values_shape_and_node():
    weight = torch.tensor(np.arange(12.0).reshape(4, 3), requires_grad=True)
    idx = torch.tensor([[0, 2], [2, 3]])
    out = F.embedding(idx, weight)
    assert out.shape == (2, 2, 3) and out.grad_fn.name() == "EmbeddingBackward0"
    np.testing.assert_array_equal(out.detach().numpy(), weight.detach().numpy()[idx.numpy()])
    assert F.embedding(torch.tensor([1, 3], dtype=torch.int32), weight).detach().tolist() == [[3, 4, 5], [9, 10, 11]]


def test_gradients_accumulate_for_repeated_indices_and_skip_the_padding_row():
    weight = torch.tensor(np.random.default_rng(0).standard_normal((5, 3)), requires_grad=True)
    idx = torch.tensor([[0, 2, 2], [4, 0, 2]])
    assert gradcheck(lambda w: F.embedding(idx, w).sin(), (weight,))
    F.embedding(idx, weight, padding_idx=2).sum().backward()
    assert weight.grad.tolist() == [[2.0] * 3, [0.0] * 3, [0.0] * 3, [0.0] * 3, [1.0] * 3]


def test_module_init_padding_repr_and_from_pretrained():
    torch.manual_seed(0)
    emb = nn.Embedding(1000, 4, padding_idx=-1)
    assert repr(emb) == "Embedding(1000, 4, padding_idx=999)" and repr(nn.Embedding(10, 3)) == "Embedding(10, 3)"
    values = emb.weight.detach().numpy()
    assert values[999].tolist() == [0.0] * 4 and 0.9 < values[:999].std() < 1.1   # N(0, 1), padding row zero
    out = emb(torch.tensor([3, 999]))
    out.sum().backward()
    assert emb.weight.grad[999].tolist() == [0.0] * 4 and emb.weight.grad[3].tolist() == [1.0] * 4
    assert list(emb.state_dict()) == ["weight"]
    table = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    frozen = nn.Embedding.from_pretrained(table)
    assert frozen(torch.tensor([1])).tolist() == [[3.0, 4.0]] and not frozen.weight.requires_grad
    assert nn.Embedding.from_pretrained(table, freeze=False).weight.requires_grad


@pytest.mark.parametrize("call,error,message", [
    (lambda e: e(torch.tensor([1.5])), RuntimeError,
     "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
     "torch.FloatTensor instead (while checking arguments for embedding)"),
    (lambda e: e(torch.tensor([10])), IndexError, "index out of range in self"),
    (lambda e: e(torch.tensor([-1])), IndexError, "index out of range in self"),
    (lambda e: nn.Embedding(10, 3, padding_idx=10), AssertionError, "Padding_idx must be within num_embeddings"),
    (lambda e: nn.Embedding(10, 3, padding_idx=-11), AssertionError, "Padding_idx must be within num_embeddings"),
    (lambda e: F.embedding(torch.tensor([1]), torch.ones(3)), RuntimeError, "'weight' must be 2-D"),
])
def test_errors_like_pytorch(call, error, message):
    with pytest.raises(error) as info:
        call(nn.Embedding(10, 3, padding_idx=0))
    assert str(info.value) == message


def test_functional_padding_idx_options_and_weight_checks():
    weight = torch.ones(4, 3)
    with pytest.raises(AssertionError, match="Padding_idx must be within num_embeddings"):
        F.embedding(torch.tensor([0]), weight, padding_idx=7)
    with pytest.raises(TypeError, match=r"embedding\(\): argument 'indices' \(position 2\) must be Tensor, not list"):
        F.embedding([0, 1], weight)
    with pytest.raises(NotImplementedError, match="no sparse tensors"):
        nn.Embedding(5, 3, sparse=True)
    with pytest.raises(NotImplementedError, match="no sparse tensors"):
        F.embedding(torch.tensor([0]), weight, sparse=True)
    with pytest.raises(AssertionError, match="Shape of weight does not match num_embeddings and embedding_dim"):
        nn.Embedding(5, 3, _weight=torch.ones(2, 2))


NORM_RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "embedding_norm_pytorch.json").read_text())["results"]
NORM_OURS = embedding_norm_cases.run(torch)


@pytest.mark.parametrize("name", sorted(NORM_RECORDED))
def test_max_norm_and_scale_grad_by_freq_as_pytorch(name):
    """Recorded from PyTorch 2.13 (tools/record_embedding_norm.py).  The renorm factor comes from
    a norm reduction, whose summation order may differ in the last bit; the rest is exact."""
    expected, got = NORM_RECORDED[name], NORM_OURS[name]
    if isinstance(expected, list) and name != "module_repr":
        tol = 1e-6 if "float64" not in name else 1e-14
        np.testing.assert_allclose(np.array(got), np.array(expected), rtol=tol, atol=0)
    else:
        assert got == expected


def test_scale_grad_by_freq_double_backward_is_the_transpose():
    """scale_grad_by_freq is not a true derivative (gradcheck would fail, as in PyTorch), but the
    recorded backward is linear in the incoming gradient v: its own vjp with u is u's rows at the
    indices divided by the counts (0 at padding_idx)."""
    idx = torch.tensor([[0, 2, 2], [4, 0, 2]])
    counts = np.array([[2, 3, 3], [1, 2, 3]], dtype=np.float64)[..., None]
    rng = np.random.default_rng(1)
    weight = torch.tensor(rng.standard_normal((5, 3)), requires_grad=True)
    u = rng.standard_normal((5, 3))
    for padding_idx in (None, 2):
        v = torch.tensor(rng.standard_normal((2, 3, 3)), requires_grad=True)
        y = F.embedding(idx, weight, padding_idx=padding_idx, scale_grad_by_freq=True)
        (gw,) = torch.autograd.grad(y, weight, v, create_graph=True)
        (gv,) = torch.autograd.grad((gw * torch.tensor(u)).sum(), v)
        want = u[idx.numpy()] / counts
        if padding_idx is not None:
            want = want * (idx.numpy() != padding_idx)[..., None]
        np.testing.assert_allclose(gv.numpy(), want, rtol=1e-12, atol=1e-15)
