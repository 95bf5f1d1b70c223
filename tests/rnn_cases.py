"""The programs of the recurrent-layer differential test, written once for both libraries:
``cases(torch)`` returns {name: thunk}, each thunk returning a JSON-able description of what the
library did (weights after seeded initialisation, outputs, grad_fn names, gradients of a fixed
loss with respect to the input, the initial state and every parameter; or the exception).

``tools/record_rnn.py`` runs them on PyTorch 2.13 and writes ``tests/data/rnn_pytorch.json``;
``tests/test_nn_rnn.py`` runs them on tinytorch and compares."""
import math
import warnings

from differential_values import describe


def _data(torch, shape, seed, dtype):
    """Deterministic values in (-1.5, 1.5) that need no generator (the same in both libraries)."""
    n = math.prod(shape)
    return torch.tensor([1.5 * math.sin(0.37 * i + 1.1 * seed + 0.2) for i in range(n)],
                        dtype=dtype).reshape(shape)


def _coef(torch, t):
    """A fixed, non-uniform weighting of ``t``'s elements for the loss."""
    n = t.numel()
    return torch.tensor([(-1.0) ** i * (0.5 + 0.1 * (i % 7)) for i in range(n)], dtype=t.dtype).reshape(t.shape)


def _node(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def _errors(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn()
        except Exception as e:   # the recorded outcome is the exception
            return {"error": type(e).__name__, "message": str(e)}
    return {"error": None, "value": value if isinstance(value, str) else None,
            "warnings": [str(w.message) for w in caught]}


def _layer(torch, cls, args, kwargs, shape, dtype="float64", hx=False, packed=None, train=False, seed=0):
    """Build ``nn.<cls>(*args, **kwargs)`` after manual_seed(seed), run it on deterministic input
    of ``shape`` (packed with ``packed`` = (lengths, enforce_sorted) when given) and differentiate
    sum(coef * output) + sum(coef * each final state)."""
    def run():
        dt = getattr(torch, dtype)
        torch.manual_seed(seed)
        m = getattr(torch.nn, cls)(*args, **kwargs, dtype=dt)
        if not train:
            m.eval()
        params = list(m.parameters())
        result = {"weights": [describe(torch, p.detach()) for p in params], "repr": str(m),
                  "names": [n for n, _ in m.named_parameters()],
                  "all_weights": [[list(w.shape) for w in ws] for ws in m.all_weights]}
        x = _data(torch, shape, seed, dt).requires_grad_()
        leaves = [x]
        inp = x
        if packed is not None:
            lengths, enforce = packed
            inp = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=m.batch_first,
                                                          enforce_sorted=enforce)
        state = None
        if hx:
            dirs = 2 if m.bidirectional else 1
            batch = shape[0] if (m.batch_first and len(shape) == 3) else (shape[1] if len(shape) == 3 else None)
            lead = (m.num_layers * dirs,) + (() if batch is None else (batch,))
            real = m.proj_size if getattr(m, "proj_size", 0) else m.hidden_size
            h0 = _data(torch, lead + (real,), seed + 5, dt).requires_grad_()
            leaves.append(h0)
            state = h0
            if cls == "LSTM":
                c0 = _data(torch, lead + (m.hidden_size,), seed + 9, dt).requires_grad_()
                leaves.append(c0)
                state = (h0, c0)
        torch.manual_seed(seed + 100)   # the dropout masks' draws
        out, hidden = m(inp, state)
        if packed is not None:
            result["batch_sizes"] = out.batch_sizes.tolist()
            out = out.data
        finals = list(hidden) if isinstance(hidden, tuple) else [hidden]
        result["out"] = describe(torch, out.detach())
        result["hidden"] = [describe(torch, h.detach()) for h in finals]
        result["nodes"] = [_node(out)] + [_node(h) for h in finals]
        loss = (out * _coef(torch, out)).sum()
        for h in finals:
            loss = loss + (h * _coef(torch, h)).sum()
        grads = torch.autograd.grad(loss, leaves + params, allow_unused=True)
        result["grads"] = [None if g is None else describe(torch, g) for g in grads]
        return result
    return run


def _cell(torch, cls, args, kwargs, shape, dtype="float64", hx=True, seed=0):
    def run():
        dt = getattr(torch, dtype)
        torch.manual_seed(seed)
        m = getattr(torch.nn, cls)(*args, **kwargs, dtype=dt)
        params = list(m.parameters())
        result = {"weights": [describe(torch, p.detach()) for p in params], "repr": str(m),
                  "names": [n for n, _ in m.named_parameters()]}
        x = _data(torch, shape, seed, dt).requires_grad_()
        leaves, state = [x], None
        if hx:
            hshape = shape[:-1] + (m.hidden_size,)
            state = _data(torch, hshape, seed + 3, dt).requires_grad_()
            leaves.append(state)
            if cls == "LSTMCell":
                c = _data(torch, hshape, seed + 4, dt).requires_grad_()
                leaves.append(c)
                state = (state, c)
        out = m(x, state)
        outs = list(out) if isinstance(out, tuple) else [out]
        result["out"] = [describe(torch, o.detach()) for o in outs]
        result["nodes"] = [_node(o) for o in outs]
        loss = sum((o * _coef(torch, o)).sum() for o in outs)
        grads = torch.autograd.grad(loss, leaves + params, allow_unused=True)
        result["grads"] = [None if g is None else describe(torch, g) for g in grads]
        return result
    return run


def _layer_cases(torch):
    c = {}
    c["rnn_tanh"] = _layer(torch, "RNN", (3, 4), {}, (5, 2, 3))
    c["rnn_relu_2layer_bidir_hx"] = _layer(torch, "RNN", (3, 4), {"nonlinearity": "relu", "num_layers": 2,
                                                                "bidirectional": True}, (4, 3, 3), hx=True, seed=1)
    c["rnn_positional_relu_nobias"] = _layer(torch, "RNN", (3, 4, 1, "relu", False), {}, (4, 2, 3), seed=2)
    c["rnn_batch_first_unbatched"] = _layer(torch, "RNN", (3, 4), {"batch_first": True}, (6, 3), hx=True, seed=3)
    c["lstm"] = _layer(torch, "LSTM", (3, 4), {}, (5, 2, 3))
    c["lstm_float32"] = _layer(torch, "LSTM", (3, 4), {}, (5, 2, 3), dtype="float32", seed=4)
    c["lstm_2layer_bidir_batch_first_hx"] = _layer(torch, "LSTM", (3, 4), {"num_layers": 2, "bidirectional": True,
                                                                        "batch_first": True}, (2, 5, 3), hx=True,
                                                   seed=5)
    c["lstm_proj"] = _layer(torch, "LSTM", (3, 5), {"proj_size": 2, "num_layers": 2}, (4, 2, 3), hx=True, seed=6)
    c["lstm_proj_bidir_nobias"] = _layer(torch, "LSTM", (3, 5), {"proj_size": 3, "bidirectional": True,
                                                              "bias": False}, (3, 2, 3), seed=7)
    c["lstm_unbatched_hx"] = _layer(torch, "LSTM", (3, 4), {"num_layers": 2}, (5, 3), hx=True, seed=8)
    c["lstm_dropout_train"] = _layer(torch, "LSTM", (3, 4), {"num_layers": 3, "dropout": 0.4}, (4, 2, 3),
                                     train=True, seed=9)
    c["gru"] = _layer(torch, "GRU", (3, 4), {}, (5, 2, 3))
    c["gru_nobias"] = _layer(torch, "GRU", (3, 4), {"bias": False}, (5, 2, 3), seed=10)
    c["gru_2layer_bidir_hx"] = _layer(torch, "GRU", (3, 4), {"num_layers": 2, "bidirectional": True}, (4, 3, 3),
                                      hx=True, seed=11)
    c["gru_float32_batch_first"] = _layer(torch, "GRU", (3, 4), {"batch_first": True}, (2, 4, 3), dtype="float32",
                                          seed=12)
    c["packed_lstm_sorted"] = _layer(torch, "LSTM", (3, 4), {}, (5, 3, 3), packed=([5, 3, 2], True), seed=13)
    c["packed_lstm_unsorted_bidir_hx"] = _layer(torch, "LSTM", (3, 4), {"bidirectional": True, "num_layers": 2},
                                                (4, 3, 3), hx=True, packed=([2, 4, 1], False), seed=14)
    c["packed_gru_batch_first_bidir"] = _layer(torch, "GRU", (3, 4), {"bidirectional": True, "batch_first": True},
                                               (3, 4, 3), packed=([1, 4, 2], False), seed=15)
    c["packed_rnn_relu_hx"] = _layer(torch, "RNN", (3, 4), {"nonlinearity": "relu"}, (3, 3, 3), hx=True,
                                     packed=([3, 3, 1], True), seed=16)
    c["packed_lstm_proj_unsorted"] = _layer(torch, "LSTM", (3, 5), {"proj_size": 2}, (4, 3, 3),
                                            packed=([2, 4, 3], False), seed=17)
    return c


def _cell_cases(torch):
    c = {}
    c["cell_rnn"] = _cell(torch, "RNNCell", (3, 4), {}, (2, 3))
    c["cell_rnn_relu_nobias"] = _cell(torch, "RNNCell", (3, 4), {"bias": False, "nonlinearity": "relu"}, (2, 3),
                                      seed=1)
    c["cell_rnn_unbatched_nohx"] = _cell(torch, "RNNCell", (3, 4), {}, (3,), hx=False, seed=2)
    c["cell_lstm"] = _cell(torch, "LSTMCell", (3, 4), {}, (2, 3), seed=3)
    c["cell_lstm_unbatched"] = _cell(torch, "LSTMCell", (3, 4), {}, (3,), seed=4)
    c["cell_lstm_nohx_float32"] = _cell(torch, "LSTMCell", (3, 4), {}, (2, 3), dtype="float32", hx=False, seed=5)
    c["cell_gru"] = _cell(torch, "GRUCell", (3, 4), {}, (2, 3), seed=6)
    c["cell_gru_nobias_unbatched"] = _cell(torch, "GRUCell", (3, 4), {"bias": False}, (3,), seed=7)
    return c


def _utils_cases(torch):
    rnn = torch.nn.utils.rnn
    f64 = torch.float64

    def seqs():
        return [_data(torch, (n, 2), n, f64).requires_grad_() for n in (3, 1, 4)]

    def pad(**kwargs):
        def run():
            s = seqs()
            out = rnn.pad_sequence(s, **kwargs)
            g = torch.autograd.grad((out * _coef(torch, out)).sum(), s)
            return {"out": describe(torch, out.detach()), "node": _node(out), "grads": describe(torch, list(g))}
        return run

    def pack(lengths, batch_first=False, enforce_sorted=True, total_length=None, padding_value=0.0):
        def run():
            x = _data(torch, (4, 3, 2), 1, f64).requires_grad_()
            p = rnn.pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
            out, lens = rnn.pad_packed_sequence(p, batch_first=batch_first, padding_value=padding_value,
                                                total_length=total_length)
            g = torch.autograd.grad((p.data * _coef(torch, p.data)).sum() + (out * _coef(torch, out)).sum(), x)
            return {"data": describe(torch, p.data.detach()), "batch_sizes": describe(torch, p.batch_sizes),
                    "sorted": describe(torch, p.sorted_indices), "unsorted": describe(torch, p.unsorted_indices),
                    "data_node": _node(p.data), "padded": describe(torch, out.detach()), "padded_node": _node(out),
                    "lengths": describe(torch, lens), "grad": describe(torch, g[0])}
        return run

    def pack_sequence(enforce_sorted):
        def run():
            s = seqs()
            if enforce_sorted:
                s = sorted(s, key=lambda t: -t.shape[0])
            p = rnn.pack_sequence(s, enforce_sorted=enforce_sorted)
            back = rnn.unpack_sequence(p)
            return {"repr": repr(p), "back": [describe(torch, b.detach()) for b in back],
                    "back_nodes": [_node(b) for b in back]}
        return run

    c = {"pad_default": pad(), "pad_batch_first_value": pad(batch_first=True, padding_value=-2.5),
         "pad_left": pad(padding_side="left"), "pad_left_batch_first": pad(batch_first=True, padding_side="left"),
         "pack_sorted": pack([4, 2, 1]), "pack_unsorted_batch_first": pack([1, 3, 2], batch_first=True,
                                                                           enforce_sorted=False),
         "pack_total_length_value": pack([3, 3, 2], total_length=6, padding_value=7.0),
         "pack_sequence_sorted": pack_sequence(True), "pack_sequence_unsorted": pack_sequence(False)}
    return c


def _error_cases(torch):
    nn, rnn = torch.nn, torch.nn.utils.rnn

    def x(*shape):
        return torch.zeros(*shape)

    def lstm_call(*a):
        return lambda: nn.LSTM(3, 4)(*a)

    def gru_call(*a):
        return lambda: nn.GRU(3, 4)(*a)

    table = {
        "lstm_input_size": lstm_call(x(5, 2, 5)),
        "lstm_dtype": lstm_call(x(5, 2, 3).double()),
        "lstm_h_batch": lstm_call(x(5, 2, 3), (x(1, 3, 4), x(1, 2, 4))),
        "lstm_c_size": lstm_call(x(5, 2, 3), (x(1, 2, 4), x(1, 2, 5))),
        "lstm_batched_hx_dims": lstm_call(x(5, 2, 3), (x(2, 4), x(1, 2, 4))),
        "lstm_unbatched_hx_dims": lstm_call(x(5, 3), (x(1, 2, 4), x(1, 2, 4))),
        "lstm_4d": lstm_call(x(2, 3, 3, 4)),
        "gru_hidden_size": gru_call(x(5, 2, 3), x(1, 3, 4)),
        "gru_unbatched_hx_dims": gru_call(x(5, 3), x(1, 3, 4)),
        "gru_batched_hx_dims": gru_call(x(5, 2, 3), x(3, 4)),
        "rnn_1d": lambda: nn.RNN(3, 4)(x(3)),
        "lstm_empty_sequence": lstm_call(x(0, 2, 3)),
        "gru_empty_sequence_batch_first": lambda: nn.GRU(3, 4, batch_first=True)(x(2, 0, 3)),
        "packed_input_size": lambda: nn.GRU(3, 4)(rnn.pack_sequence([x(2, 5)])),
        "ctor_dropout_range": lambda: nn.LSTM(3, 4, dropout=2),
        "ctor_dropout_bool": lambda: nn.LSTM(3, 4, dropout=True),
        "ctor_dropout_one_layer_warns": lambda: str(nn.GRU(3, 4, dropout=0.25)),
        "ctor_proj_too_big": lambda: nn.LSTM(3, 4, proj_size=4),
        "ctor_proj_negative": lambda: nn.LSTM(3, 4, proj_size=-1),
        "ctor_layers": lambda: nn.LSTM(3, 4, num_layers=0),
        "ctor_bias_type": lambda: nn.LSTM(3, 4, bias=1),
        "ctor_batch_first_type": lambda: nn.RNN(3, 4, batch_first=None),
        "ctor_hidden_type": lambda: nn.RNN(3, 4.0),
        "ctor_input_zero": lambda: nn.GRU(0, 4),
        "ctor_gru_proj": lambda: nn.GRU(3, 4, proj_size=2),
        "ctor_rnn_nonlinearity": lambda: nn.RNN(3, 4, nonlinearity="sigmoid"),
        "cell_input_size": lambda: nn.LSTMCell(3, 4)(x(2, 5)),
        "cell_batch": lambda: nn.LSTMCell(3, 4)(x(2, 3), (x(3, 4), x(3, 4))),
        "cell_hidden0": lambda: nn.LSTMCell(3, 4)(x(2, 3), (x(2, 5), x(2, 4))),
        "cell_hidden1": lambda: nn.LSTMCell(3, 4)(x(2, 3), (x(2, 4), x(2, 5))),
        "cell_3d": lambda: nn.GRUCell(3, 4)(x(1, 2, 3)),
        "cell_hx_3d": lambda: nn.LSTMCell(3, 4)(x(2, 3), (x(2, 4), x(1, 2, 4))),
        "cell_gru_hidden_3d": lambda: nn.GRUCell(3, 4)(x(2, 3), x(1, 2, 4)),
        "cell_rnn_nonlinearity": lambda: nn.RNNCell(3, 4, nonlinearity="gelu")(x(2, 3)),
        "cell_rnn_repr": lambda: str(nn.RNNCell(3, 4, bias=False, nonlinearity="relu")),
        "pack_unsorted": lambda: rnn.pack_sequence([x(1, 2), x(2, 2)]),
        "pack_zero_length": lambda: rnn.pack_padded_sequence(x(3, 2, 1), [3, 0]),
        "pack_lengths_count": lambda: rnn.pack_padded_sequence(x(3, 2, 1), [3, 2, 1]),
        "pad_packed_total_length": lambda: rnn.pad_packed_sequence(rnn.pack_sequence([x(3, 2)]), total_length=2),
        "pad_side": lambda: rnn.pad_sequence([x(2, 2)], padding_side="middle"),
        "repr_lstm": lambda: str(nn.LSTM(10, 20, num_layers=2, batch_first=True)),
        "repr_rnn": lambda: str(nn.RNN(10, 20, 2, "relu", False, True, 0.5, True)),
        "repr_lstm_proj": lambda: str(nn.LSTM(10, 20, proj_size=5, dropout=0.0)),
    }
    return {"error/" + k: (lambda fn=fn: _errors(fn)) for k, fn in table.items()}


def cases(torch):
    out = {}
    for group in (_layer_cases, _cell_cases, _utils_cases, _error_cases):
        out.update(group(torch))
    return out
