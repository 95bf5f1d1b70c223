"""A whole LSTM layer (one direction, full sequences, no projection) as one graph node.

PyTorch's CPU build runs a float32 LSTM layer through oneDNN as one node,
``MkldnnRnnLayerBackward0``, with three outputs (the layer's output sequence, the last h and
the last c); tinytorch does the same for float32, so the layer costs one node instead of a
dozen per time step.  Forward: one BLAS product for the input gates of all steps, then per step
one product with w_hh and the gate kernel.  Backward: per step the gate kernel and one product
with w_hh; the weight gradients are then single products over all steps.

Under ``create_graph=True`` the gradient is recomputed through the composed layer
(``tinytorch.ops.rnn``), so it is differentiable again, as PyTorch's is.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd import api as _api
from ..autograd import grad_mode
from ..autograd.node import Node, SparseGrad, edge_to
from ..kernels import linear as kl
from ..kernels import matmul as km
from ..kernels import rnn as kr
from . import shape as _shape


def _c(a):
    return np.ascontiguousarray(a)


class MkldnnRnnLayerBackward0(Node):
    """(out (T, B, H), h_T (B, H), c_T (B, H)) from x (T, B, I), h0, c0 (B, H), w_ih (4H, I),
    w_hh (4H, H) and optionally b_ih, b_hh (4H,); ``reverse`` runs the steps from T-1 to 0."""

    num_outputs = 3

    def __init__(self, reverse):
        self.reverse = reverse

    def forward(self, x, h0, c0, w_ih, w_hh, b_ih=None, b_hh=None):
        T, B, I = x.shape
        H = h0.shape[1]
        dt = x.dtype
        xg = km.matmul(_c(x).reshape(T * B, I), w_ih.T, dt)
        if b_ih is not None:
            kl.add_bias_rows_kernel(xg, _c(b_ih))
            kl.add_bias_rows_kernel(xg, _c(b_hh))
        xg = xg.reshape(T, B, 4 * H)
        gates = np.empty((T, B, 4 * H), dt)
        cs = np.empty((T, B, H), dt)
        hs = np.empty((T, B, H), dt)
        h, c = _c(h0), _c(c0)
        w_hh_t = w_hh.T
        for t in self._order(T):
            kr.lstm_step_forward(km.matmul(h, w_hh_t, dt), xg[t], c, gates[t], cs[t], hs[t])
            h, c = hs[t], cs[t]
        self.save_for_backward(x, h0, c0, w_ih, w_hh, gates, cs, hs)
        return hs, h.copy(), c.copy()

    def _order(self, T):
        return range(T - 1, -1, -1) if self.reverse else range(T)

    def _previous(self, first, seq):
        """The state before each step: ``first`` before the first step taken, else its neighbour."""
        if self.reverse:
            return np.concatenate([seq[1:], first[None]], axis=0)
        return np.concatenate([first[None], seq[:-1]], axis=0)

    def backward(self, grads):
        x, h0, c0, w_ih, w_hh, gates, cs, hs = self.saved_arrays   # (raises once freed or modified in place)
        T, B, H = hs.shape
        dt = hs.dtype
        g_out, g_h, g_c = [g.dense() if type(g) is SparseGrad else g for g in grads]
        dh = np.zeros((B, H), dt) if g_h is None else _c(g_h).astype(dt, copy=True)
        dc = np.zeros((B, H), dt) if g_c is None else _c(g_c).astype(dt, copy=True)
        g_out = np.zeros((T, B, H), dt) if g_out is None else _c(g_out)
        c_prev = self._previous(_c(c0), cs)
        dgates = np.empty((T, B, 4 * H), dt)
        w_hh_c = _c(w_hh)
        for t in reversed(self._order(T)):
            kr.lstm_step_backward(dh, g_out[t], dc, gates[t], cs[t], c_prev[t], dgates[t])
            dh = km.matmul(dgates[t], w_hh_c, dt)
        flat = dgates.reshape(T * B, 4 * H)
        out = [None] * len(self.next_functions)
        if self.needs_input_grad(0):
            out[0] = km.matmul(flat, _c(w_ih), dt).reshape(x.shape)
        out[1], out[2] = (dh if self.needs_input_grad(1) else None), (dc if self.needs_input_grad(2) else None)
        if self.needs_input_grad(3):
            out[3] = km.matmul(flat.T, _c(x).reshape(T * B, x.shape[2]), dt)
        if self.needs_input_grad(4):
            out[4] = km.matmul(flat.T, self._previous(_c(h0), hs).reshape(T * B, H), dt)
        if len(out) > 5 and (self.needs_input_grad(5) or self.needs_input_grad(6)):
            db = np.empty(4 * H, dt)
            kl.sum_over_rows_kernel(flat, db)
            out[5] = db if self.needs_input_grad(5) else None
            out[6] = db.copy() if self.needs_input_grad(6) else None
        return out

    def backward_graph(self, grads):
        """The gradient recomputed through the composed layer, recorded (differentiable again)."""
        from . import rnn as _rnn

        self.saved_arrays   # (raises once freed or modified in place)
        wanted = [i for i in range(len(self.next_functions)) if self.needs_input_grad(i)]
        # single-output views of the inputs, so autograd.grad captures exactly their gradients
        proxies = {i: _shape.expand(t, *t.shape) for i, t in enumerate(self._inputs) if i in wanted}
        args = [proxies.get(i, t) for i, t in enumerate(self._inputs)]
        x, h0, c0, w_ih, w_hh = args[:5]
        p = _rnn.CellParams(w_ih, w_hh, *(args[5:7] if len(args) > 5 else (None, None)))
        with grad_mode.enable_grad():
            out, (h, c) = _rnn.full_layer("LSTM", x, (h0, c0), p, self.reverse, fused=False)
        pairs = [(o, g) for o, g in zip((out, h, c), grads) if g is not None]
        result = _api.grad([o for o, _ in pairs], [proxies[i] for i in wanted], [g for _, g in pairs],
                           create_graph=True, allow_unused=True)
        out = [None] * len(self.next_functions)
        for i, r in zip(wanted, result):
            out[i] = r
        return out


def lstm_layer(x, h0, c0, w_ih, w_hh, b_ih=None, b_hh=None, reverse=False):
    """One LSTM direction over full sequences: (out (T, B, H), (h_T, c_T)); Tensors in and out.

    Recorded as one ``MkldnnRnnLayerBackward0`` node when grad mode is on and an input
    requires grad."""
    tensors = [x, h0, c0, w_ih, w_hh] + ([b_ih, b_hh] if b_ih is not None else [])
    node = MkldnnRnnLayerBackward0(reverse)
    record = grad_mode.is_grad_enabled() and any(t._requires_grad for t in tensors)
    node.next_functions = tuple(edge_to(t) for t in tensors) if record else ((None, 0),) * len(tensors)
    node._saved = ()
    outs = node.forward(*[t._data for t in tensors])
    if not record:
        return Tensor._make(outs[0]), (Tensor._make(outs[1]), Tensor._make(outs[2]))
    node._inputs = tensors   # (for the recomputation under create_graph=True)
    node._versions = [(id(t._data), t._vc, t._vc[0]) for t in tensors]
    results = []
    for k, a in enumerate(outs):
        t = Tensor._make(a, node, True)
        t._output_nr = k
        results.append(t)
    return results[0], (results[1], results[2])
