"""The gate arithmetic of one LSTM time step, forward and backward (the fused LSTM layer in
``tinytorch.ops.rnn_fused``; the matrix products around it go to BLAS).

Gate order along the 4H columns is PyTorch's: input i, forget f, cell g, output o.
All arrays C-contiguous, one row per batch element.
"""
import math

from . import kernel


@kernel
def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


@kernel
def lstm_step_forward(hh, xg, c_prev, gates, c, h):
    """gates = [sigmoid(i), sigmoid(f), tanh(g), sigmoid(o)] of the pre-activations hh + xg;
    c = f c_prev + i g; h = o tanh(c).  hh, xg, gates (B, 4H); c_prev, c, h (B, H)."""
    B, H = c.shape
    for b in range(B):
        for j in range(H):
            i = _sigmoid(hh[b, j] + xg[b, j])
            f = _sigmoid(hh[b, H + j] + xg[b, H + j])
            g = math.tanh(hh[b, 2 * H + j] + xg[b, 2 * H + j])
            o = _sigmoid(hh[b, 3 * H + j] + xg[b, 3 * H + j])
            cn = f * c_prev[b, j] + i * g
            gates[b, j] = i
            gates[b, H + j] = f
            gates[b, 2 * H + j] = g
            gates[b, 3 * H + j] = o
            c[b, j] = cn
            h[b, j] = o * math.tanh(cn)


@kernel
def lstm_step_backward(dh, dh_out, dc, gates, c, c_prev, dgates):
    """One step back: with dh_total = dh + dh_out (the recurrent and the output gradient of h)
    and dc the gradient of c arriving from the next step, writes the pre-activation gradients
    into dgates (B, 4H) and replaces dc by the gradient of c_prev (in place)."""
    B, H = c.shape
    for b in range(B):
        for j in range(H):
            i = gates[b, j]
            f = gates[b, H + j]
            g = gates[b, 2 * H + j]
            o = gates[b, 3 * H + j]
            tc = math.tanh(c[b, j])
            d = dh[b, j] + dh_out[b, j]
            dct = dc[b, j] + d * o * (1.0 - tc * tc)
            dgates[b, j] = dct * g * i * (1.0 - i)
            dgates[b, H + j] = dct * c_prev[b, j] * f * (1.0 - f)
            dgates[b, 2 * H + j] = dct * i * (1.0 - g * g)
            dgates[b, 3 * H + j] = d * tc * o * (1.0 - o)
            dc[b, j] = dct * f
