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
from tinytorch.ops import rnn as rnn_ops
from tinytorch.ops import rnn_fused

from rnn_cases import cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "data" / "rnn_pytorch.json").read_text())["cases"]
CASES = cases(torch)
TOLERANCE = {"float64": (1e-10, 1e-12), "float32": (3e-5, 3e-6), "int64": (0, 0)}

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


# ---- the fused float32 LSTM layer (MkldnnRnnLayerBackward0), checked in float64 ---------------------

def _fused_args(T=4, B=3, I=2, H=3, bias=True):
    shapes = [(T, B, I), (B, H), (B, H), (4 * H, I), (4 * H, H)] + ([(4 * H,), (4 * H,)] if bias else [])
    return [_t(*s, seed=k) for k, s in enumerate(shapes)]


@pytest.mark.parametrize("reverse", [False, True])
def test_fused_lstm_layer_equals_composed_and_gradchecks(reverse):
    args = _fused_args()
    out, (h, c) = rnn_fused.lstm_layer(*args, reverse=reverse)
    assert type(out.grad_fn).__name__ == "MkldnnRnnLayerBackward0" and h.grad_fn is out.grad_fn
    ref, (rh, rc) = rnn_ops.full_layer("LSTM", args[0], (args[1], args[2]), rnn_ops.CellParams(*args[3:]), reverse,
                                       fused=False)
    for a, b in ((out, ref), (h, rh), (c, rc)):
        assert np.allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-13, atol=1e-14)

    def f(*a):
        o, (hn, cn) = rnn_fused.lstm_layer(*a, reverse=reverse)
        return torch.cat([o[1:].reshape(-1), hn.reshape(-1), (2 * cn).reshape(-1)])
    assert gradcheck(f, args)
    assert gradcheck(lambda *a: rnn_fused.lstm_layer(*a, reverse=reverse)[1][1], _fused_args(bias=False))


def test_fused_lstm_layer_gradgradcheck():
    def f(*a):
        o, (hn, cn) = rnn_fused.lstm_layer(*a, reverse=True)
        return torch.cat([o.reshape(-1), (2 * cn).reshape(-1)])
    assert gradgradcheck(f, _fused_args(T=2, B=2, I=1, H=2))


def test_fused_lstm_layer_saved_values_are_guarded():
    args = _fused_args()
    out, _ = rnn_fused.lstm_layer(*args)
    with torch.no_grad():
        args[4].mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()
    out, _ = rnn_fused.lstm_layer(*_fused_args())
    out.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        out.sum().backward()
    with torch.no_grad():
        plain, (h, _) = rnn_fused.lstm_layer(*_fused_args())
    assert plain.grad_fn is None and h.grad_fn is None


def test_float32_lstm_module_uses_the_fused_layer_and_matches_the_composed_one():
    torch.manual_seed(0)
    m = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    x = _t(5, 2, 3, grad=False).float().requires_grad_()
    out, (h, c) = m(x)
    loss = (out * out).sum() + h.sum() + c.sum()
    grads = torch.autograd.grad(loss, [x] + list(m.parameters()))
    p = m._cell_params()
    finals, layer_in = [], x
    for layer in range(2):
        outs = []
        for d in range(2):
            hd = (h.new_zeros(2, 4), c.new_zeros(2, 4))
            o, fin = rnn_ops.full_layer("LSTM", layer_in, hd, p[2 * layer + d], d == 1, fused=False)
            outs.append(o)
            finals.append(fin)
        layer_in = torch.cat(outs, 2)
    ref = (layer_in * layer_in).sum() + sum(f[0].sum() + f[1].sum() for f in finals)
    ref_grads = torch.autograd.grad(ref, [x] + list(m.parameters()))
    assert np.allclose(loss.item(), ref.item(), rtol=1e-6)
    for g, r in zip(grads, ref_grads):
        assert np.allclose(g.numpy(), r.numpy(), rtol=1e-4, atol=1e-6)


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
