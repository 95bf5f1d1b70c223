"""Recurrent layers, cells and ``nn.utils.rnn`` against PyTorch 2.13's recorded results
(``tests/rnn_cases.py``, recorded by ``tools/record_rnn.py``), plus float64 gradient checks."""
import json
import pathlib
import warnings

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck, gradgradcheck
from tinytorch.nn.utils import rnn as rnn_utils

from rnn_cases import cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "rnn_pytorch.json").read_text())["cases"]
CASES = cases(torch)
TOLERANCE = {"float64": (1e-10, 1e-12), "float32": (3e-5, 3e-6), "int64": (0, 0)}

#: Where PyTorch's CPU build routes a float32 LSTM layer through oneDNN, its output's node is
#: MkldnnRnnLayerBackward0; tinytorch composes the layer as PyTorch's non-oneDNN path does.
ONEDNN_NODE = ("MkldnnRnnLayerBackward0", "StackBackward0")


def _same_tensor(got, want):
    assert got["dtype"] == want["dtype"] and got["shape"] == want["shape"], (got, want)
    rtol, atol = TOLERANCE[want["dtype"]]
    a, b = np.array(got["tensor"], dtype=float), np.array(want["tensor"], dtype=float)
    assert np.allclose(a, b, rtol=rtol, atol=atol), (a, b)


def _same(got, want):
    if isinstance(want, dict) and "tensor" in want:
        _same_tensor(got, want)
    elif isinstance(want, dict):
        assert set(got) == set(want), (set(got), set(want))
        for k in want:
            _same(got[k], want[k])
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            _same(g, w)
    elif isinstance(want, str):
        assert got.replace("tinytorch.", "torch.") == want
    else:
        assert got == want


def test_every_recorded_case_has_a_program():
    assert set(RECORDED) == set(CASES) and len(CASES) >= 75


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_case_equals_pytorch(name):
    want, got = RECORDED[name], CASES[name]()
    if "nodes" in want and want["nodes"][0] == ONEDNN_NODE[0]:
        assert got["nodes"][0] == ONEDNN_NODE[1]
        got["nodes"][0] = ONEDNN_NODE[0]
    if "weights" in want:   # seeded initialisation: PyTorch's values bit for bit
        for g, w in zip(got["weights"], want["weights"]):
            assert g["tensor"] == w["tensor"]
    _same(got, want)


# ---- float64 finite-difference checks ------------------------------------------------------------

def _t(*shape, seed=0, grad=True):
    rng = np.random.default_rng(seed)
    return torch.tensor(rng.uniform(-1, 1, shape)).requires_grad_(grad)


def _module_fn(m, packed=None):
    """f(x, *params) -> concatenated flattened outputs of module ``m`` with its parameters replaced."""
    names = [n for n, _ in m.named_parameters()]

    def f(x, h, *params):
        for n, p in zip(names, params):
            m._parameters[n] = p
        inp = x if packed is None else rnn_utils.pack_padded_sequence(x, packed[0], enforce_sorted=packed[1])
        state = (h, h * 0.5) if m.mode == "LSTM" else h
        out, hidden = m(inp, state)
        out = out if packed is None else out.data
        hs = list(hidden) if isinstance(hidden, tuple) else [hidden]
        return torch.cat([out.reshape(-1)] + [t.reshape(-1) for t in hs])
    return f, [p.detach().clone().requires_grad_() for p in m.parameters()]


@pytest.mark.parametrize("cls,kwargs,packed", [
    ("RNN", {"nonlinearity": "tanh", "bidirectional": True}, None),
    ("LSTM", {"num_layers": 2}, None),
    ("LSTM", {"bidirectional": True}, ([3, 1], False)),
    ("GRU", {"bidirectional": True}, ([3, 2], True)),
])
def test_layers_gradcheck(cls, kwargs, packed):
    torch.manual_seed(0)
    m = getattr(torch.nn, cls)(2, 3, dtype=torch.float64, **kwargs)
    dirs = 2 if m.bidirectional else 1
    f, params = _module_fn(m, packed)
    x = _t(3, 2, 2)
    h = _t(m.num_layers * dirs, 2, 3, seed=1)
    assert gradcheck(f, (x, h, *params))


def test_lstm_projection_gradcheck_with_separate_states():
    torch.manual_seed(0)
    m = torch.nn.LSTM(2, 3, proj_size=2, dtype=torch.float64)
    names = [n for n, _ in m.named_parameters()]

    def f(x, h, c, *params):
        for n, p in zip(names, params):
            m._parameters[n] = p
        out, (hn, cn) = m(rnn_utils.pack_padded_sequence(x, [3, 1], enforce_sorted=False), (h, c))
        return torch.cat([out.data.reshape(-1), hn.reshape(-1), cn.reshape(-1)])
    params = [p.detach().clone().requires_grad_() for p in m.parameters()]
    assert gradcheck(f, (_t(3, 2, 2), _t(1, 2, 2, seed=1), _t(1, 2, 3, seed=2), *params))


@pytest.mark.parametrize("cls", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_gradcheck_and_gradgradcheck(cls):
    torch.manual_seed(0)
    m = getattr(torch.nn, cls)(2, 3, dtype=torch.float64)
    names = [n for n, _ in m.named_parameters()]

    def f(x, h, *params):
        for n, p in zip(names, params):
            m._parameters[n] = p
        out = m(x, (h, h.tanh()) if cls == "LSTMCell" else h)
        return torch.cat([o.reshape(-1) for o in out]) if isinstance(out, tuple) else out
    params = [p.detach().clone().requires_grad_() for p in m.parameters()]
    args = (_t(2, 2), _t(2, 3, seed=1), *params)
    assert gradcheck(f, args)
    assert gradgradcheck(f, args)


def test_gru_layer_gradgradcheck_non_contiguous_input():
    torch.manual_seed(0)
    m = torch.nn.GRU(2, 2, dtype=torch.float64)
    f, params = _module_fn(m)

    def g(x, h, *params):   # the layer reads a strided (T=3, B=2, I=2) view
        strided = x.transpose(0, 1)
        assert not strided.is_contiguous()
        return f(strided, h, *params)
    assert gradgradcheck(g, (_t(2, 3, 2), _t(1, 2, 2, seed=1), *params))


# ---- module surface --------------------------------------------------------------------------------

def test_lstm_module_surface():
    m = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    assert [n for n, _ in m.named_parameters()][:5] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                                        "weight_ih_l0_reverse"]
    assert len(m.all_weights) == 4 and m.all_weights[2][0] is m.weight_ih_l1
    assert m.flatten_parameters() is None
    assert list(m.weight_ih_l1.shape) == [16, 8]
    m.double()
    assert m._flat_weights[0].dtype == torch.float64
    out, (h, c) = m(torch.zeros(2, 1, 3, dtype=torch.float64))
    assert out.dtype == torch.float64 and list(h.shape) == [4, 1, 4]


def test_no_grad_and_eval_give_plain_tensors():
    m = torch.nn.GRU(3, 4, num_layers=2, dropout=0.5)
    m.eval()
    x = torch.ones(3, 2, 3)
    with torch.no_grad():
        out, h = m(x)
    assert out.grad_fn is None and not out.requires_grad
    again, _ = m(x)   # eval: no dropout, same values
    assert np.array_equal(again.detach().numpy(), out.numpy())


def test_packed_output_matches_each_sequence_run_alone():
    torch.manual_seed(0)
    m = torch.nn.LSTM(2, 3, bidirectional=True)
    seqs = [_t(n, 2, seed=n, grad=False).float() for n in (2, 4, 3)]
    out, (h, _) = m(rnn_utils.pack_sequence(seqs, enforce_sorted=False))
    padded, lengths = rnn_utils.pad_packed_sequence(out)
    assert lengths.tolist() == [2, 4, 3]
    for i, s in enumerate(seqs):
        alone, (h1, _) = m(s.unsqueeze(1))
        assert np.allclose(padded[:len(s), i].detach().numpy(), alone[:, 0].detach().numpy(), atol=1e-6)
        assert np.allclose(h[:, i].detach().numpy(), h1[:, 0].detach().numpy(), atol=1e-6)


def test_packed_sequence_is_a_namedtuple_with_to():
    p = rnn_utils.pack_sequence([torch.ones(2, 1), torch.ones(1, 1)])
    data, batch_sizes, s, u = p
    assert p._fields == ("data", "batch_sizes", "sorted_indices", "unsorted_indices")
    assert batch_sizes.tolist() == [2, 1] and s is None and u is None
    assert p.double().data.dtype == torch.float64 and p.to(torch.float32) is p
    assert rnn_utils.invert_permutation(torch.tensor([2, 0, 1])).tolist() == [1, 2, 0]


def test_pack_rejects_lengths_beyond_the_padded_length():
    with pytest.raises(RuntimeError, match="exceeds the padded sequence length"):
        rnn_utils.pack_padded_sequence(torch.zeros(3, 2, 1), [4, 2])


def test_dropout_on_one_layer_warns_once_at_construction():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.nn.RNN(2, 2, dropout=0.3)
    assert len(caught) == 1 and "num_layers=1" in str(caught[0].message)
