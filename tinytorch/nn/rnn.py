"""Recurrent layers ``RNN``, ``LSTM``, ``GRU`` and their cells ``RNNCell``, ``LSTMCell``, ``GRUCell``.

Parameters are named, shaped, ordered and initialised as PyTorch's: for each layer l and
direction (suffix ``_reverse``) ``weight_ih_l{l}`` (G*H, I), ``weight_hh_l{l}`` (G*H, H_out),
``bias_ih_l{l}``, ``bias_hh_l{l}`` (G*H,) and, for an LSTM with ``proj_size``, ``weight_hr_l{l}``
(P, H); G = 1 (RNN), 4 (LSTM: gates i, f, g, o), 3 (GRU: r, z, n).  ``reset_parameters`` fills
every parameter, in ``parameters()`` order, with U(-1/sqrt(H), 1/sqrt(H)), so after
``manual_seed(s)`` a fresh layer has PyTorch's weights bit for bit.  The computation is in
``tinytorch.ops.rnn``.
"""
import math
import numbers
import warnings

from .. import _creation
from .._tensor import Tensor
from ..ops import rnn as _rnn
from . import init
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence


def _permute(hx, permutation):
    """Hidden state(s) with the batch dimension (1) reordered by ``permutation`` (None: as is)."""
    if permutation is None:
        return hx
    if isinstance(hx, tuple):
        return tuple(h.index_select(1, permutation) for h in hx)
    return hx.index_select(1, permutation)


class RNNBase(Module):
    """The shared machinery of RNN, LSTM and GRU (``mode``: RNN_TANH, RNN_RELU, LSTM or GRU).

    forward(input, hx=None): input (T, B, I) ((B, T, I) with ``batch_first``), unbatched (T, I),
    or a PackedSequence; hx (L*D, B, H_out) (LSTM: a pair, c of size H), zeros when omitted.
    Returns (output, h_n) (LSTM: (output, (h_n, c_n))); output (T, B, D*H_out), or a
    PackedSequence for packed input.
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, proj_size
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and "
                          f"num_layers={num_layers}", stacklevel=3)
        for name, value in (("bias", bias), ("batch_first", batch_first)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} should be of type bool, got: {type(value).__name__}")
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(value, int):
                raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
            if value <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _rnn.GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = _rnn.GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        dirs = 2 if bidirectional else 1
        self._flat_weights_names, self._all_weights = [], []
        for layer in range(num_layers):
            for direction in range(dirs):
                layer_input = input_size if layer == 0 else real_hidden * dirs
                suffix = f"l{layer}" + ("_reverse" if direction == 1 else "")
                shapes = [("weight_ih_", (gate_size, layer_input)), ("weight_hh_", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih_", (gate_size,)), ("bias_hh_", (gate_size,))]
                if proj_size > 0:
                    shapes.append(("weight_hr_", (proj_size, hidden_size)))
                names = []
                for prefix, shape in shapes:
                    setattr(self, prefix + suffix, Parameter(_creation.empty(*shape, dtype=dtype)))
                    names.append(prefix + suffix)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def flatten_parameters(self):
        """A no-op on the CPU, as in PyTorch (which only repacks weights for cuDNN)."""

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters as one list per layer and direction, in PyTorch's order."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def _cell_params(self):
        by_name = self._parameters
        out = []
        for names in self._all_weights:
            w = {n.split("_l")[0]: by_name[n] for n in names}
            out.append(_rnn.CellParams(w["weight_ih"], w["weight_hh"], w.get("bias_ih"), w.get("bias_hh"),
                                       w.get("weight_hr")))
        return out

    # ---- argument checks (PyTorch's messages) ------------------------------------------
    def _real_hidden(self):
        return self.proj_size if self.proj_size > 0 else self.hidden_size

    def _check_input(self, input, packed):
        wdt = self._parameters[self._flat_weights_names[0]].dtype
        if input.dtype != wdt:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype ({wdt}). Convert input: "
                             f"input.to({wdt}), or convert model: model.to({input.dtype})")
        expected = 2 if packed else 3
        if input.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.size(-1)}")

    def _expected(self, batch, size):
        return (self.num_layers * (2 if self.bidirectional else 1), batch, size)

    @staticmethod
    def _check_size(hx, expected, msg="Expected hidden size {}, got {}"):
        if tuple(hx.shape) != expected:
            raise RuntimeError(msg.format(expected, list(hx.shape)))

    def _check_hidden(self, hx, batch):
        if self.mode == "LSTM":
            self._check_size(hx[0], self._expected(batch, self._real_hidden()), "Expected hidden[0] size {}, got {}")
            self._check_size(hx[1], self._expected(batch, self.hidden_size), "Expected hidden[1] size {}, got {}")
        else:
            self._check_size(hx, self._expected(batch, self.hidden_size))

    def _zeros(self, batch, dtype):
        h = _creation.zeros(*self._expected(batch, self._real_hidden()), dtype=dtype)
        if self.mode == "LSTM":
            return h, _creation.zeros(*self._expected(batch, self.hidden_size), dtype=dtype)
        return h

    def _check_hx_dims(self, hx, batched):
        want, kind = (3, "batched 3-D") if batched else (2, "unbatched 2-D")
        if self.mode == "LSTM":
            if hx[0].dim() != want or hx[1].dim() != want:
                raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but got "
                                   f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
        elif hx.dim() != want:
            raise RuntimeError(f"For {kind} input, hx should also be {want}-D but got {hx.dim()}-D tensor")

    # ---- forward -------------------------------------------------------------------------
    def forward(self, input, hx=None):
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        name = "RNN" if self.mode.startswith("RNN") else self.mode
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}.forward: expected a Tensor or PackedSequence, got {type(input).__name__}")
        if input.dim() not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D"
                             + (" tensor instead" if name == "RNN" else " instead"))
        batched = input.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if not batched:
            input = input.unsqueeze(batch_dim)
        if hx is not None:
            self._check_hx_dims(hx, batched)
            if not batched:
                hx = tuple(h.unsqueeze(1) for h in hx) if self.mode == "LSTM" else hx.unsqueeze(1)
        batch = input.size(batch_dim)
        if hx is None:
            hx = self._zeros(batch, input.dtype)
        self._check_input(input, False)
        self._check_hidden(hx, batch)
        if input.size(1 if self.batch_first else 0) == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        output, hidden = _rnn.run(self.mode, input, hx, self._cell_params(), self.num_layers, self.dropout,
                                  self.training, self.bidirectional, self.batch_first)
        if not batched:
            output = output.squeeze(batch_dim)
            hidden = tuple(h.squeeze(1) for h in hidden) if self.mode == "LSTM" else hidden.squeeze(1)
        return output, hidden

    def _forward_packed(self, packed, hx):
        data, batch_sizes, sorted_indices, unsorted_indices = packed
        sizes = [int(b) for b in batch_sizes.tolist()]
        batch = sizes[0]
        if hx is None:
            hx = self._zeros(batch, data.dtype)
        else:
            hx = _permute(hx, sorted_indices)
        self._check_input(data, True)
        self._check_hidden(hx, batch)
        output, hidden = _rnn.run(self.mode, data, hx, self._cell_params(), self.num_layers, self.dropout,
                                  self.training, self.bidirectional, batch_sizes=sizes)
        return (PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices),
                _permute(hidden, unsorted_indices))

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


class RNN(RNNBase):
    """Elman RNN: h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), act = tanh or relu
    (``nonlinearity``, the fourth positional argument as in PyTorch)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.__dict__["nonlinearity"] = args[3]
            args = args[:3] + args[4:]
        else:
            self.__dict__["nonlinearity"] = kwargs.pop("nonlinearity", "tanh")
        modes = {"tanh": "RNN_TANH", "relu": "RNN_RELU"}
        if self.nonlinearity not in modes:
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(modes[self.nonlinearity], *args, **kwargs)


class LSTM(RNNBase):
    """LSTM: gates i, f, g, o; c_t = f c_{t-1} + i g, h_t = o tanh(c_t) (times W_hr^T with
    ``proj_size`` > 0)."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """GRU: r, z = sigmoid(...), n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1 - z) n + z h."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """One step of a recurrent layer: weight_ih (G*H, I), weight_hh (G*H, H), bias_ih/bias_hh (G*H,)."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.weight_ih = Parameter(_creation.empty(num_chunks * hidden_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(_creation.empty(num_chunks * hidden_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(_creation.empty(num_chunks * hidden_size, dtype=dtype))
            self.bias_hh = Parameter(_creation.empty(num_chunks * hidden_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        nonlinearity = self.__dict__.get("nonlinearity", "tanh")
        if nonlinearity != "tanh":
            s += f", nonlinearity={nonlinearity}"
        return s

    def _params(self):
        return _rnn.CellParams(self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)

    def _check_dims(self, input, hidden, what):
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        for label, h in zip(what, hidden):
            if h is not None and h.dim() not in (1, 2):
                raise ValueError(f"{name}: Expected {label} to be 1D or 2D, got {h.dim()}D instead")

    def _check_sizes(self, input, hidden):
        """PyTorch's cell checks (after batching): input width, then each hidden's batch and width."""
        if input.size(1) != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} expected {self.input_size}")
        for i, h in enumerate(hidden):
            if input.size(0) != h.size(0):
                raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{i} batch size {h.size(0)}")
            if h.size(1) != self.hidden_size:
                raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {h.size(1)}, "
                                   f"expected {self.hidden_size}")

    def _step(self, mode, input, hx):
        """Batch, default and check ``hx`` (a tuple of one or two states), run one step, unbatch."""
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            zeros = _creation.zeros(input.size(0), self.hidden_size, dtype=input.dtype)
            hx = (zeros, zeros) if mode == "LSTM" else (zeros,)
        elif not batched:
            hx = tuple(h.unsqueeze(0) for h in hx)
        self._check_sizes(input, hx)
        out = _rnn.cell(mode, input, hx if mode == "LSTM" else hx[0], self._params())
        if mode == "LSTM":
            return out if batched else tuple(t.squeeze(0) for t in out)
        return out if batched else out.squeeze(0)


class RNNCell(RNNCellBase):
    """h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), act = tanh or relu; input (B, I) or (I,), hx like h'."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        self._check_dims(input, (hx,), ("hidden",))
        modes = {"tanh": "RNN_TANH", "relu": "RNN_RELU"}
        if self.nonlinearity not in modes:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return self._step(modes[self.nonlinearity], input, None if hx is None else (hx,))


class LSTMCell(RNNCellBase):
    """(h', c') from input (B, I) or (I,) and hx = (h, c) (zeros when omitted)."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        self._check_dims(input, hx or (), ("hx[0]", "hx[1]"))
        return self._step("LSTM", input, None if hx is None else tuple(hx))


class GRUCell(RNNCellBase):
    """h' from input (B, I) or (I,) and hx (zeros when omitted)."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        self._check_dims(input, (hx,), ("hidden",))
        return self._step("GRU", input, None if hx is None else (hx,))
