"""Recurrent cells and layer stacks (RNN tanh/relu, LSTM with optional projection, GRU).

Everything is composed from recorded tinytorch ops, the way PyTorch's CPU path composes
them (``aten/src/ATen/native/RNN.cpp``): the input-to-hidden product of a whole layer is one
``linear`` over all time steps, then each step adds ``linear(h, w_hh, b_hh)`` and applies the
gate nonlinearities; a layer's outputs are ``stack``-ed (``cat``-ed for packed data), the
directions of a bidirectional layer ``cat``-ed along the feature dimension, and the final
hidden states of all layers ``stack``-ed.  So gradients, double backward and the ``grad_fn``
names of the results are those of PyTorch's CPU path; a float32 LSTM layer without projection
(which PyTorch's CPU build hands to oneDNN) is one fused node instead (``rnn_fused``).

Shapes (T steps, B batch, I input, H hidden, P projection, G gates * H):
  cell weights: w_ih (G, I), w_hh (G, H or P), b_ih, b_hh (G,), w_hr (P, H)
  full input (T, B, I); packed data (sum(batch_sizes), I) with ``batch_sizes`` non-increasing.
"""
from .. import _dtype
from . import rnn_fused
from . import shape as _shape
from .split import chunk
from . import table as _table
from .nn import dropout, linear

#: Gates per mode (the multiple of hidden_size in w_ih's first dimension).
GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class CellParams:
    """One layer-direction's weights: w_ih, w_hh, b_ih, b_hh (None without bias), w_hr (None
    without projection)."""

    __slots__ = ("w_ih", "w_hh", "b_ih", "b_hh", "w_hr")

    def __init__(self, w_ih, w_hh, b_ih=None, b_hh=None, w_hr=None):
        self.w_ih, self.w_hh, self.b_ih, self.b_hh, self.w_hr = w_ih, w_hh, b_ih, b_hh, w_hr

    def linear_ih(self, x):
        return linear(x, self.w_ih, self.b_ih)

    def linear_hh(self, h):
        return linear(h, self.w_hh, self.b_hh)


def _step(mode, gates_x, hidden, p):
    """One time step from the precomputed input gates ``gates_x`` (B, G): the new hidden
    (a Tensor, or (h, c) for LSTM)."""
    if mode == "LSTM":
        h, c = hidden
        gates = p.linear_hh(h) + gates_x
        i, f, g, o = chunk(gates, 4, 1)
        c = f.sigmoid() * c + i.sigmoid() * g.tanh()
        h = o.sigmoid() * c.tanh()
        if p.w_hr is not None:
            h = h.matmul(p.w_hr.t())
        return h, c
    if mode == "GRU":
        xr, xz, xn = chunk(gates_x, 3, 1)
        hr, hz, hn = chunk(p.linear_hh(hidden), 3, 1)
        r = (hr + xr).sigmoid()
        z = (hz + xz).sigmoid()
        n = (xn + hn * r).tanh()
        return (hidden - n) * z + n
    pre = p.linear_hh(hidden) + gates_x
    return _table.tanh(pre) if mode == "RNN_TANH" else _table.relu(pre)


def cell(mode, input, hidden, p):
    """One step of a cell on a batch: input (B, I), hidden (B, H) (LSTM: (h, c)) -> new hidden."""
    return _step(mode, p.linear_ih(input), hidden, p)


def _output(mode, hidden):
    return hidden[0] if mode == "LSTM" else hidden


def _rows(mode, hidden, start, stop):
    """Rows start:stop of a hidden state (both parts for LSTM)."""
    if mode == "LSTM":
        return tuple(t.narrow(0, start, stop - start) for t in hidden)
    return hidden.narrow(0, start, stop - start)


def _join(mode, parts):
    """Hidden states of several row blocks joined along the batch dimension."""
    if len(parts) == 1:
        return parts[0]
    if mode == "LSTM":
        return tuple(_shape.cat([p[k] for p in parts], 0) for k in range(2))
    return _shape.cat(parts, 0)


def full_layer(mode, input, hidden, p, reverse, fused=True):
    """A whole (T, B, I) sequence through one direction: (output (T, B, H_out), final hidden).

    A float32 LSTM without projection runs as one fused node (``rnn_fused``, where PyTorch's
    CPU build uses oneDNN) unless ``fused`` is False."""
    if fused and mode == "LSTM" and p.w_hr is None and input.dtype == _dtype.float32:
        return rnn_fused.lstm_layer(input, hidden[0], hidden[1], p.w_ih, p.w_hh, p.b_ih, p.b_hh, reverse)
    steps = p.linear_ih(input).unbind(0)
    order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
    outputs = [None] * len(steps)
    for t in order:
        hidden = _step(mode, steps[t], hidden, p)
        outputs[t] = _output(mode, hidden)
    return _shape.stack(outputs, 0), hidden


def packed_layer(mode, data, batch_sizes, hidden, p, reverse):
    """Packed data (N, I) through one direction: (output data (N, H_out), final hidden (B, ...)).

    Step t uses the first ``batch_sizes[t]`` rows of the hidden state.  Forward, rows whose
    sequence has ended are set aside as they drop out; in reverse, rows join (from the initial
    hidden state) as their sequences begin."""
    gates = p.linear_ih(data)
    offsets = [0]
    for b in batch_sizes:
        offsets.append(offsets[-1] + b)
    outputs = [None] * len(batch_sizes)
    if not reverse:
        finished = []
        last = batch_sizes[0]
        for t, b in enumerate(batch_sizes):
            if b < last:
                finished.append(_rows(mode, hidden, b, last))
                hidden = _rows(mode, hidden, 0, b)
            last = b
            hidden = _step(mode, gates.narrow(0, offsets[t], b), hidden, p)
            outputs[t] = _output(mode, hidden)
        finished.append(hidden)
        return _shape.cat(outputs, 0), _join(mode, finished[::-1])
    initial = hidden
    last = batch_sizes[-1]
    hidden = _rows(mode, initial, 0, last)
    for t in range(len(batch_sizes) - 1, -1, -1):
        b = batch_sizes[t]
        if b > last:
            hidden = _join(mode, [hidden, _rows(mode, initial, last, b)])
        last = b
        hidden = _step(mode, gates.narrow(0, offsets[t], b), hidden, p)
        outputs[t] = _output(mode, hidden)
    return _shape.cat(outputs, 0), hidden


def _stack_hidden(mode, finals):
    if mode == "LSTM":
        return _shape.stack([f[0] for f in finals], 0), _shape.stack([f[1] for f in finals], 0)
    return _shape.stack(finals, 0)


def run(mode, input, hx, params, num_layers, dropout_p, train, bidirectional, batch_first=False,
        batch_sizes=None):
    """The layer stack: (output, h_n) (LSTM: (output, (h_n, c_n))).

    input: (T, B, I) ((B, T, I) with ``batch_first``), or packed data (N, I) with
    ``batch_sizes`` (a list of ints); hx: (L*D, B, H_out) (LSTM: (h_0, c_0)); params: one
    CellParams per layer and direction, in PyTorch's order (l0, l0_reverse, l1, ...).
    Dropout with probability ``dropout_p`` is applied to every layer's output but the last
    when ``train``."""
    dirs = 2 if bidirectional else 1
    if batch_sizes is None and batch_first:
        input = input.transpose(0, 1)
    if mode == "LSTM":
        hs, cs = hx[0].unbind(0), hx[1].unbind(0)
        hiddens = list(zip(hs, cs))
    else:
        hiddens = list(hx.unbind(0))
    finals = []
    x = input
    for layer in range(num_layers):
        outs = []
        for d in range(dirs):
            k = layer * dirs + d
            if batch_sizes is None:
                out, final = full_layer(mode, x, hiddens[k], params[k], d == 1)
            else:
                out, final = packed_layer(mode, x, batch_sizes, hiddens[k], params[k], d == 1)
            outs.append(out)
            finals.append(final)
        x = outs[0] if dirs == 1 else _shape.cat(outs, outs[0].dim() - 1)
        if dropout_p != 0 and train and layer < num_layers - 1:
            x = dropout(x, dropout_p, True)
    if batch_sizes is None and batch_first:   # (PyTorch transposes RNN and GRU outputs in place)
        x = x.transpose(0, 1) if mode == "LSTM" else x.transpose_(0, 1)
    return x, _stack_hidden(mode, finals)
