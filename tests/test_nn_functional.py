"""tinytorch.nn.functional: values against NumPy references, node names, float64 gradient checks
(including stride / padding / dilation variants) and input validation."""
import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck
from tinytorch.nn import functional as F

RNG = np.random.default_rng(1234)


def t64(*shape, grad=True):
    return torch.tensor(RNG.standard_normal(shape), dtype=torch.float64, requires_grad=grad)


def conv_reference(x, w, b, stride, padding, dilation):
    """Direct definition of 2-D cross-correlation (loops over output positions)."""
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    N, C, H, W = x.shape
    O, _, KH, KW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    OH = (H + 2 * ph - dh * (KH - 1) - 1) // sh + 1
    OW = (W + 2 * pw - dw * (KW - 1) - 1) // sw + 1
    out = np.zeros((N, O, OH, OW))
    for i in range(OH):
        for j in range(OW):
            patch = xp[:, :, i * sh:i * sh + dh * (KH - 1) + 1:dh, j * sw:j * sw + dw * (KW - 1) + 1:dw]
            out[:, :, i, j] = np.einsum("nckl,ockl->no", patch, w)
    return out + (b[None, :, None, None] if b is not None else 0)


CONV_CASES = [((1, 1), (0, 0), (1, 1)), ((2, 1), (1, 2), (1, 1)), ((2, 2), (1, 1), (2, 1)), ((1, 3), (2, 0), (1, 2))]


@pytest.mark.parametrize("stride,padding,dilation", CONV_CASES)
def test_conv2d_matches_reference_and_gradcheck(stride, padding, dilation):
    x, w, b = t64(2, 3, 7, 6), t64(4, 3, 3, 2), t64(4)
    out = F.conv2d(x, w, b, stride, padding, dilation)
    assert out.grad_fn.name() == "ConvolutionBackward0"
    expected = conv_reference(x.detach().numpy(), w.detach().numpy(), b.detach().numpy(), stride, padding, dilation)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12, atol=1e-12)
    assert gradcheck(lambda x, w, b: F.conv2d(x, w, b, stride, padding, dilation), (x, w, b))


def test_conv2d_without_bias_unbatched_and_same_padding():
    x, w = t64(2, 5, 5), t64(3, 2, 3, 3)
    out = F.conv2d(x, w, padding="same")
    assert out.shape == (3, 5, 5)
    expected = conv_reference(x.detach().numpy()[None], w.detach().numpy(), None, (1, 1), (1, 1), (1, 1))[0]
    np.testing.assert_allclose(out.detach().numpy(), expected, atol=1e-12)
    assert gradcheck(lambda x, w: F.conv2d(x, w, padding=1), (x, w))


def test_conv2d_errors():
    x = torch.randn(1, 3, 5, 5)
    with pytest.raises(RuntimeError, match="expected input.*to have 2 channels, but got 3"):
        F.conv2d(x, torch.randn(4, 2, 3, 3))
    with pytest.raises(RuntimeError, match="Kernel size can't be greater than actual input size"):
        F.conv2d(x, torch.randn(4, 3, 7, 7))
    with pytest.raises(RuntimeError, match="^expected scalar type Double but found Float$"):
        F.conv2d(x.double(), torch.randn(4, 3, 3, 3))


def pool_reference(x, k, s, p, d, ceil_mode, op):
    N, C, H, W = x.shape

    def out_size(n):
        span = n + 2 * p - d * (k - 1) - 1
        o = (span + (s - 1 if ceil_mode else 0)) // s + 1
        return o - 1 if ceil_mode and (o - 1) * s >= n + p else o

    OH, OW = out_size(H), out_size(W)
    out = np.zeros((N, C, OH, OW))
    for i in range(OH):
        for j in range(OW):
            rows = [r for r in range(i * s - p, i * s - p + d * (k - 1) + 1, d) if 0 <= r < H]
            cols = [c for c in range(j * s - p, j * s - p + d * (k - 1) + 1, d) if 0 <= c < W]
            window = x[:, :, rows][:, :, :, cols]
            if op == "max":
                out[:, :, i, j] = window.max(axis=(2, 3))
            else:
                hend, wend = min(i * s - p + k, H + p), min(j * s - p + k, W + p)
                out[:, :, i, j] = window.sum(axis=(2, 3)) / ((hend - (i * s - p)) * (wend - (j * s - p)))
    return out


POOL_CASES = [(2, 2, 0, 1, False), (3, 2, 1, 1, False), (3, 2, 1, 1, True), (2, 1, 1, 2, False), (3, 3, 1, 1, True)]


@pytest.mark.parametrize("k,s,p,d,ceil_mode", POOL_CASES)
def test_max_pool2d_values_indices_and_gradcheck(k, s, p, d, ceil_mode):
    x = t64(2, 2, 7, 6)
    out, idx = F.max_pool2d(x, k, s, p, d, ceil_mode, return_indices=True)
    assert out.grad_fn.name() == "MaxPool2DWithIndicesBackward0"
    assert idx.dtype is torch.int64 and idx.shape == out.shape   # PyTorch's indices are int64
    np.testing.assert_array_equal(out.detach().numpy(), pool_reference(x.detach().numpy(), k, s, p, d, ceil_mode, "max"))
    flat = x.detach().numpy().reshape(2, 2, -1)
    np.testing.assert_array_equal(np.take_along_axis(flat, idx.numpy().reshape(2, 2, -1), 2).reshape(out.shape),
                                  out.detach().numpy())
    assert gradcheck(lambda x: F.max_pool2d(x, k, s, p, d, ceil_mode), (x,))


@pytest.mark.parametrize("k,s,p,_,ceil_mode", POOL_CASES)
def test_avg_pool2d_values_and_gradcheck(k, s, p, _, ceil_mode):
    x = t64(2, 2, 7, 6)
    out = F.avg_pool2d(x, k, s, p, ceil_mode)
    assert out.grad_fn.name() == "AvgPool2DBackward0"
    np.testing.assert_allclose(out.detach().numpy(), pool_reference(x.detach().numpy(), k, s, p, 1, ceil_mode, "avg"),
                               atol=1e-12)
    assert gradcheck(lambda x: F.avg_pool2d(x, k, s, p, ceil_mode), (x,))


def test_avg_pool2d_count_include_pad_false_and_divisor_override():
    x = torch.ones(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    assert F.avg_pool2d(x, 3, 2, 1, count_include_pad=False).detach().numpy().ravel().tolist() == [1.0] * 4
    assert F.avg_pool2d(x, 3, 2, 1).detach().numpy().ravel().tolist() == [4 / 9, 6 / 9, 6 / 9, 1.0]
    assert F.avg_pool2d(x, 2, divisor_override=2).detach().numpy().ravel().tolist() == [2.0] * 4
    assert gradcheck(lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), (x,))


def test_pool_errors():
    with pytest.raises(RuntimeError, match="pad should be at most half"):
        F.max_pool2d(torch.randn(1, 1, 4, 4), 2, padding=2)
    with pytest.raises(RuntimeError, match="Output size is too small"):
        F.avg_pool2d(torch.randn(1, 1, 2, 2), 3)


def test_linear_node_names_values_and_gradcheck():
    x, w, b = t64(4, 3), t64(2, 3), t64(2)
    out = F.linear(x, w, b)
    assert out.grad_fn.name() == "AddmmBackward0"
    np.testing.assert_allclose(out.detach().numpy(), x.detach().numpy() @ w.detach().numpy().T + b.detach().numpy())
    assert F.linear(x, w).grad_fn.name() == "MmBackward0"
    assert F.linear(t64(2, 4, 3), w, b).shape == (2, 4, 2)
    assert gradcheck(F.linear, (x, w, b))
    assert gradcheck(lambda x, w, b: F.linear(x, w, b), (t64(2, 2, 3), w, b))
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(4x3 and 4x2\)"):
        F.linear(x, t64(2, 4))


def test_cross_entropy_value_node_and_gradcheck():
    logits, target = t64(5, 4), torch.tensor([0, 3, 1, 1, 2])
    z = logits.detach().numpy()
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    per = -logp[np.arange(5), target.numpy()]
    loss = F.cross_entropy(logits, target)
    assert loss.grad_fn.name() == "NllLossBackward0"
    assert loss.grad_fn.next_functions[0][0].name() == "LogSoftmaxBackward0"
    assert loss.item() == pytest.approx(per.mean(), rel=1e-12)
    assert F.cross_entropy(logits, target, reduction="sum").item() == pytest.approx(per.sum(), rel=1e-12)
    np.testing.assert_allclose(F.cross_entropy(logits, target, reduction="none").detach().numpy(), per, rtol=1e-12)
    for reduction in ("mean", "sum", "none"):
        assert gradcheck(lambda z: F.cross_entropy(z, target, reduction=reduction), (logits,))


def test_nll_loss_weight_ignore_index_and_spatial_input():
    logp, target = t64(6, 3), torch.tensor([0, 2, 1, 2, 0, 1])
    w = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)
    z = logp.detach().numpy()
    keep = target.numpy() != 1
    picked = -z[np.arange(6), target.numpy()] * w.numpy()[target.numpy()]
    expected = picked[keep].sum() / w.numpy()[target.numpy()][keep].sum()
    assert F.nll_loss(logp, target, w, ignore_index=1).item() == pytest.approx(expected, rel=1e-12)
    assert gradcheck(lambda z: F.nll_loss(z, target, w, ignore_index=1), (logp,))
    spatial, starget = t64(2, 3, 2, 2), torch.tensor(RNG.integers(0, 3, (2, 2, 2)))
    assert F.cross_entropy(spatial, starget, reduction="none").shape == (2, 2, 2)
    assert gradcheck(lambda z: F.cross_entropy(z, starget), (spatial,))
    assert gradcheck(lambda z: F.cross_entropy(z, torch.tensor(1)), (t64(3),))


def test_nll_loss_rejects_bad_targets():
    logits = torch.randn(3, 10)
    with pytest.raises(IndexError, match=r"Target 10 is out of bounds"):
        F.cross_entropy(logits, torch.tensor([1, 10, 2]))
    with pytest.raises(IndexError, match=r"Target -3 is out of bounds"):
        F.cross_entropy(logits, torch.tensor([1, -3, 2]))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Int"):
        F.cross_entropy(logits, torch.tensor([1, 2, 3], dtype=torch.int32))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Int"):
        F.nll_loss(logits, torch.tensor([1, 2, 3], dtype=torch.int32))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target batch_size \(2\)"):
        F.cross_entropy(logits, torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="is not a valid value for reduction"):
        F.cross_entropy(logits, torch.tensor([1, 2, 3]), reduction="avg")


def test_mse_loss_values_node_gradcheck_and_broadcast_warning():
    x, y = t64(3, 4), t64(3, 4)
    d = x.detach().numpy() - y.detach().numpy()
    loss = F.mse_loss(x, y)
    assert loss.grad_fn.name() == "MseLossBackward0"
    assert loss.item() == pytest.approx((d ** 2).mean(), rel=1e-12)
    assert F.mse_loss(x, y, reduction="sum").item() == pytest.approx((d ** 2).sum(), rel=1e-12)
    for reduction in ("mean", "sum", "none"):
        assert gradcheck(lambda x, y: F.mse_loss(x, y, reduction=reduction), (x, y))
    with pytest.warns(UserWarning, match="different to the input size"):
        F.mse_loss(x, t64(4))


def test_batch_norm_training_statistics_running_update_and_gradcheck():
    x = t64(4, 3, 2, 2)
    rm, rv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    w, b = t64(3), t64(3)
    out = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.25)
    assert out.grad_fn.name() == "NativeBatchNormBackward0"
    a = x.detach().numpy()
    mean, var = a.mean(axis=(0, 2, 3)), a.var(axis=(0, 2, 3))
    expected = (a - mean[None, :, None, None]) / np.sqrt(var + 1e-5)[None, :, None, None]
    expected = expected * w.detach().numpy()[None, :, None, None] + b.detach().numpy()[None, :, None, None]
    np.testing.assert_allclose(out.detach().numpy(), expected, atol=1e-12)
    np.testing.assert_allclose(rm.numpy(), 0.25 * mean)
    np.testing.assert_allclose(rv.numpy(), 0.75 + 0.25 * var * 16 / 15)
    assert gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (x, w, b))
    assert gradcheck(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False), (x, w, b))
    assert gradcheck(lambda x: F.batch_norm(x, None, None, training=True), (t64(5, 2),))


def test_dropout_mask_scale_and_eval_identity():
    torch.manual_seed(0)
    x = torch.ones(1000, dtype=torch.float64, requires_grad=True)
    y = F.dropout(x, 0.3)
    kept = y.detach().numpy() != 0
    assert y.grad_fn.name() == "MulBackward0"
    np.testing.assert_allclose(y.detach().numpy()[kept], 1 / 0.7)
    assert 0.6 < kept.mean() < 0.8
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), y.detach().numpy())
    assert F.dropout(x, 0.3, training=False) is x
    assert not F.dropout(x, 1.0).detach().numpy().any()
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(x, 1.5)


def test_activations_and_softmax_implicit_dim_warning():
    x = t64(2, 3)
    assert gradcheck(F.relu, (x,)) and gradcheck(F.sigmoid, (x,)) and gradcheck(F.tanh, (x,))
    assert gradcheck(lambda x: F.log_softmax(x, 1), (x,)) and gradcheck(lambda x: F.softmax(x, 0), (x,))
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        s = F.softmax(x)
    np.testing.assert_allclose(s.detach().numpy().sum(1), 1)


# ---- the conv / pool kernels directly ------------------------------------------------------

@pytest.mark.parametrize("stride,dilation,ones_row", [((1, 1), (1, 1), True), ((2, 1), (1, 2), False),
                                                      ((1, 3), (2, 1), True)])
def test_im2col_and_col2im_kernels_against_numpy(stride, dilation, ones_row):
    from tinytorch.kernels import conv as kc

    (sh, sw), (dh, dw) = stride, dilation
    x = RNG.standard_normal((3, 2, 9, 8)).astype(np.float32)
    KH, KW = 3, 2
    OH, OW = (9 - dh * (KH - 1) - 1) // sh + 1, (8 - dw * (KW - 1) - 1) // sw + 1
    cols = np.full((3, 2 * KH * KW + ones_row, OH * OW), np.nan, np.float32)
    kc.im2col_kernel(x, KH, KW, sh, sw, dh, dw, ones_row, cols)
    expected = np.empty((3, 2, KH, KW, OH, OW), np.float32)
    for i in range(KH):
        for j in range(KW):
            expected[:, :, i, j] = x[:, :, i * dh:i * dh + sh * (OH - 1) + 1:sh, j * dw:j * dw + sw * (OW - 1) + 1:sw]
    np.testing.assert_array_equal(cols[:, :2 * KH * KW], expected.reshape(3, 2 * KH * KW, OH * OW))
    if ones_row:
        np.testing.assert_array_equal(cols[:, -1], 1)
    # col2im is the adjoint of im2col: <im2col(x), c> == <x, col2im(c)>
    c = RNG.standard_normal((3, 2 * KH * KW, OH * OW)).astype(np.float64)
    gx = np.full(x.shape, np.nan)
    kc.col2im_kernel(c, KH, KW, sh, sw, dh, dw, gx)
    assert np.isclose((cols[:, :2 * KH * KW].astype(np.float64) * c).sum(), (x.astype(np.float64) * gx).sum())


def test_conv2d_float32_with_bias_and_padding_matches_reference_and_pytorch_layout():
    x = torch.tensor(RNG.standard_normal((4, 3, 10, 9)), dtype=torch.float32, requires_grad=True)
    w = torch.tensor(RNG.standard_normal((5, 3, 3, 3)), dtype=torch.float32, requires_grad=True)
    b = torch.tensor(RNG.standard_normal(5), dtype=torch.float32, requires_grad=True)
    out = F.conv2d(x, w, b, 1, 1)
    xn, wn, bn = (t.detach().numpy().astype(np.float64) for t in (x, w, b))
    np.testing.assert_allclose(out.detach().numpy(), conv_reference(xn, wn, bn, (1, 1), (1, 1), (1, 1)),
                               rtol=1e-5, atol=1e-5)
    g = RNG.standard_normal(out.shape)
    out.backward(torch.tensor(g, dtype=torch.float32))
    np.testing.assert_allclose(b.grad.numpy(), g.sum(axis=(0, 2, 3)), rtol=1e-4, atol=1e-4)
    assert x.grad.shape == x.shape and w.grad.shape == w.shape


@pytest.mark.parametrize("idx_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("k,s", [(2, 2), (3, 2), (2, 1)])
def test_max_pool_forward_kernel_ties_and_nans_as_pytorch(k, s, idx_dtype):
    """First maximum wins a tie; a NaN wins over numbers (the last NaN of the window), as
    PyTorch's kernel does; (2, 2) takes the unrolled fast path, the others the general loops."""
    from tinytorch.kernels import pool as kp

    x = RNG.integers(0, 3, (6, 8, 10)).astype(np.float32)  # many ties
    x[0, 0, 1] = x[1, 3, 3] = x[1, 2, 3] = x[2, 5, 4] = np.nan
    x[3, 4, 4] = -np.inf
    OH, OW = (8 - k) // s + 1, (10 - k) // s + 1
    out, idx = np.empty((6, OH, OW), np.float32), np.empty((6, OH, OW), idx_dtype)
    kp.max_pool_forward_kernel(x, k, k, s, s, 0, 0, 1, 1, out, idx)
    ref_out, ref_idx = np.empty_like(out), np.empty_like(idx)
    for p in range(6):
        for oh in range(OH):
            for ow in range(OW):
                best, pos = None, -1
                for i in range(k):
                    for j in range(k):
                        v = x[p, s * oh + i, s * ow + j]
                        if pos < 0 or v > best or v != v:
                            best, pos = v, (s * oh + i) * 10 + s * ow + j
                ref_out[p, oh, ow], ref_idx[p, oh, ow] = best, pos
    np.testing.assert_array_equal(out, ref_out)
    np.testing.assert_array_equal(idx, ref_idx)


def test_max_pool_backward_kernel_overwrites_its_output():
    from tinytorch.kernels import pool as kp

    g = RNG.standard_normal((3, 4)).astype(np.float32)
    idx = np.array([[0, 0, 5, 7], [1, 2, 3, 4], [8, 8, 8, 8]])
    gx = np.full((3, 9), np.nan, np.float32)
    kp.max_pool_backward_kernel(g, idx, gx)
    expected = np.zeros((3, 9), np.float32)
    for p in range(3):
        np.add.at(expected[p], idx[p], g[p])
    np.testing.assert_allclose(gx, expected, rtol=1e-6)


def test_keep_freed_heap_is_a_no_op_when_disabled():
    import sys

    from tinytorch._memory import keep_freed_heap

    assert keep_freed_heap(0) is False
    result = keep_freed_heap(64)
    assert isinstance(result, bool)
    if sys.platform.startswith("linux") and "glibc" in " ".join(__import__("platform").libc_ver()):
        assert result is True


_FAULTS_PER_PRODUCT = """
import resource
import numpy as np
import tinytorch as tt
import tinytorch.nn  # noqa: F401  (the import that used to freeze glibc's mmap threshold at 128 KB)
for n in (384, 512):
    a = tt.from_numpy(np.ones((n, n), np.float32))
    for _ in range(5):
        a @ a
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        a @ a
    print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20)
"""


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="glibc malloc settings")
def test_repeated_large_products_reuse_their_pages():
    # Each 512 x 512 float32 result is 1 MB; a fresh mapping per product costs 256+ page faults
    # (measured before the fix: 509 per product at n=512, 287 at n=384).
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _FAULTS_PER_PRODUCT], capture_output=True, text=True, check=True)
    faults = [float(v) for v in out.stdout.split()]
    assert len(faults) == 2 and max(faults) < 20, faults


def test_mse_loss_shapes_that_do_not_broadcast_raise_pytorchs_error():
    with pytest.warns(UserWarning, match="different to the input size"):
        with pytest.raises(RuntimeError, match=r"The size of tensor a \(3\) must match the size of tensor b \(4\) "
                                               r"at non-singleton dimension 0"):
            F.mse_loss(torch.zeros(3), torch.zeros(4))


def test_mse_loss_gradient_only_for_what_requires_it():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.tensor([0.0, 4.0], requires_grad=True)
    F.mse_loss(x, y).backward()
    assert x.grad.tolist() == [1.0, -2.0] and y.grad.tolist() == [-1.0, 2.0]
    x2 = torch.tensor([1.0, 2.0], requires_grad=True)
    F.mse_loss(x2, torch.tensor([0.0, 4.0])).backward()
    assert x2.grad.tolist() == [1.0, -2.0]


# ---- cross entropy with label smoothing and with class probabilities (PyTorch 2.13's values) ----

_CE_X = [[1.0, 2.0, 0.5], [0.1, -1.0, 3.0], [0.3, 0.2, 0.1], [2.0, 1.0, -1.0]]
_CE_Y = [1, 2, 0, 1]
_CE_P = [[0.2, 0.5, 0.3], [0.0, 0.0, 1.0], [1 / 3, 1 / 3, 1 / 3], [0.9, 0.1, 0.0]]
_CE_W = [1.0, 2.0, 0.5]


@pytest.mark.parametrize("kwargs,expected,node", [
    (dict(target="y", label_smoothing=0.1), 0.810691, "AddBackward0"),
    (dict(target="y", weight=True, label_smoothing=0.2), 0.957824, "AddBackward0"),
    (dict(target="y", weight=True, ignore_index=2, label_smoothing=0.2, reduction="none"),
     [0.968009, 0.0, 1.055341, 2.473189], "AddBackward0"),
    (dict(target="y", ignore_index=0, label_smoothing=0.3, reduction="sum"), 2.924155, "AddBackward0"),
    (dict(target="p"), 0.684025, "DivBackward1"),
    (dict(target="p", weight=True, reduction="sum"), 2.940132, "NegBackward0"),
    (dict(target="p", label_smoothing=0.1, reduction="none"), [1.132702, 0.300774, 1.101943, 0.572345],
     "NegBackward0"),
])
def test_cross_entropy_smoothing_and_probabilities_match_pytorch(kwargs, expected, node):
    x = torch.tensor(_CE_X, requires_grad=True)
    target = torch.tensor(_CE_Y) if kwargs.pop("target") == "y" else torch.tensor(_CE_P)
    if kwargs.pop("weight", False):
        kwargs["weight"] = torch.tensor(_CE_W)
    loss = F.cross_entropy(x, target, **kwargs)
    np.testing.assert_allclose(loss.detach().numpy(), expected, atol=2e-6)
    assert loss.grad_fn.name() == node
    module = torch.nn.CrossEntropyLoss(**kwargs)
    np.testing.assert_allclose(module(x, target).detach().numpy(), expected, atol=2e-6)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_smoothing_and_probabilities_gradcheck(reduction):
    rng = np.random.default_rng(0)
    probs = rng.random((5, 4))
    probs = torch.tensor(probs / probs.sum(1, keepdims=True))
    labels = torch.tensor([0, 3, 1, 1, 2])
    weight = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=torch.float64)
    x = torch.tensor(rng.standard_normal((5, 4)), requires_grad=True)
    assert gradcheck(lambda a: F.cross_entropy(a, probs, reduction=reduction, label_smoothing=0.2), (x,))
    assert gradcheck(lambda a: F.cross_entropy(a, labels, weight=weight, ignore_index=1, reduction=reduction,
                                               label_smoothing=0.3), (x,))
    images = torch.tensor(rng.standard_normal((2, 3, 2, 2)), requires_grad=True)   # (N, C, d1, d2)
    image_probs = torch.softmax(torch.tensor(rng.standard_normal((2, 3, 2, 2))), 1)
    assert gradcheck(lambda a: F.cross_entropy(a, image_probs, reduction=reduction), (images,))


@pytest.mark.parametrize("call,message", [
    (lambda x, y, p: F.cross_entropy(x, y, label_smoothing=1.5), "label_smoothing must be between 0.0 and 1.0. Got: 1.5"),
    (lambda x, y, p: F.cross_entropy(x, p, ignore_index=1), "ignore_index is not supported for floating point target"),
    (lambda x, y, p: F.cross_entropy(x, p.long()), "Expected floating point type for target with class probabilities, "
                                                   "got Long"),
    (lambda x, y, p: F.cross_entropy(x, torch.ones(4)), "expected target dtype to be Long or Byte, but got Float"),
    (lambda x, y, p: F.cross_entropy(x, torch.ones(4, 2).long()), "0D or 1D target tensor expected, multi-target not "
                                                                  "supported"),
])
def test_cross_entropy_target_errors_like_pytorch(call, message):
    with pytest.raises(RuntimeError) as info:
        call(torch.tensor(_CE_X), torch.tensor(_CE_Y), torch.tensor(_CE_P))
    assert str(info.value) == message


def test_cross_entropy_argument_checks_like_pytorch():
    x = torch.tensor([[0.1, 0.5, -0.3]])
    with pytest.raises(RuntimeError, match=r"^weight tensor should be defined either for all 3 classes or no classes "
                                           r"but got weight tensor of shape: \[2\]$"):
        F.cross_entropy(x, torch.tensor([1]), weight=torch.tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match=r"^cross_entropy: weight tensor should be defined either for all 3 classes"):
        F.cross_entropy(x, torch.tensor([[0.2, 0.3, 0.5]]), weight=torch.tensor([[1.0, 2.0, 3.0]]))
    plain = F.cross_entropy(x, torch.tensor([1])).item()
    assert F.cross_entropy(x, torch.tensor([1]), label_smoothing=-0.1).item() == plain   # only > 0 is checked
    assert F.cross_entropy(x, torch.tensor([1], dtype=torch.uint8)).item() == plain      # Byte targets work
    with pytest.raises(RuntimeError, match=r"^label_smoothing must be between 0.0 and 1.0. Got: 2$"):
        F.cross_entropy(x, torch.tensor([1]), label_smoothing=2.0)
    with pytest.raises(RuntimeError, match=r"^expected target dtype to be Long or Byte, but got Int$"):
        F.cross_entropy(x, torch.tensor([1], dtype=torch.int32))
    with pytest.raises(RuntimeError, match=r"^Expected floating point type for target with class probabilities, got Long$"):
        F.cross_entropy(torch.tensor(1.0), torch.tensor(1))


@pytest.mark.parametrize("groups,stride,padding,dilation,bias", [
    (2, (1, 1), (0, 0), (1, 1), True), (3, (2, 1), (1, 2), (1, 1), False), (6, (1, 2), (1, 1), (2, 1), True)])
def test_grouped_conv2d_is_independent_convolutions_per_group(groups, stride, padding, dilation, bias):
    C, O = 6, 6 if groups == 6 else 4 if groups == 2 else 9
    x, w = t64(2, C, 7, 6), t64(O, C // groups, 3, 2)
    b = t64(O) if bias else None
    out = F.conv2d(x, w, b, stride, padding, dilation, groups)
    assert out.grad_fn.name() == "ConvolutionBackward0"
    xs, ws = x.detach().numpy(), w.detach().numpy()
    Cg, Og = C // groups, O // groups
    expected = np.concatenate([conv_reference(xs[:, j * Cg:(j + 1) * Cg], ws[j * Og:(j + 1) * Og], None, stride,
                                              padding, dilation) for j in range(groups)], axis=1)
    if bias:
        expected = expected + b.detach().numpy()[None, :, None, None]
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12, atol=1e-12)
    inputs = (x, w, b) if bias else (x, w)
    assert gradcheck(lambda *a: F.conv2d(a[0], a[1], a[2] if bias else None, stride, padding, dilation, groups),
                     inputs)


def test_grouped_conv2d_module_and_errors_like_pytorch():
    conv = torch.nn.Conv2d(4, 8, 3, groups=4, bias=False)
    assert repr(conv) == "Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), groups=4, bias=False)"
    assert conv.weight.shape == (8, 1, 3, 3) and conv.weight.abs().max().item() <= 1 / 3
    assert conv(torch.randn(2, 4, 5, 5)).shape == (2, 8, 3, 3)
    for kwargs, message in [(dict(groups=2), "in_channels must be divisible by groups")]:
        with pytest.raises(ValueError, match=message):
            torch.nn.Conv2d(3, 4, 3, **kwargs)
    with pytest.raises(ValueError, match="out_channels must be divisible by groups"):
        torch.nn.Conv2d(4, 3, 3, groups=2)
    with pytest.raises(ValueError, match="groups must be a positive integer"):
        torch.nn.Conv2d(4, 4, 3, groups=0)
    with pytest.raises(RuntimeError, match=r"^Given groups=2, weight of size \[4, 1, 3, 3\], expected input\[1, 3, 5, 5\] "
                                           r"to have 2 channels, but got 3 channels instead$"):
        F.conv2d(torch.randn(1, 3, 5, 5), torch.randn(4, 1, 3, 3), groups=2)
    with pytest.raises(RuntimeError, match=r"^Given groups=2, expected weight to be divisible by 2 at dimension 0, but "
                                           r"got weight of size \[\[3, 2, 3, 3\]\] instead$"):
        F.conv2d(torch.randn(1, 4, 5, 5), torch.randn(3, 2, 3, 3), groups=2)
    with pytest.raises(RuntimeError, match="^non-positive groups is not supported$"):
        F.conv2d(torch.randn(1, 4, 5, 5), torch.randn(4, 2, 3, 3), groups=0)


# ---- GELU, SiLU, leaky ReLU ------------------------------------------------------------------

def _gelu_reference(x, approximate):
    import math
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


@pytest.mark.parametrize("name", ["gelu", "gelu_tanh", "silu", "leaky_relu"])
def test_activations_values_nodes_and_gradcheck(name):
    x = t64(4, 5)
    xs = x.detach().numpy()
    fn, expected, node = {
        "gelu": (lambda a: F.gelu(a), _gelu_reference(xs, "none"), "GeluBackward0"),
        "gelu_tanh": (lambda a: F.gelu(a, approximate="tanh"), _gelu_reference(xs, "tanh"), "GeluBackward0"),
        "silu": (lambda a: F.silu(a), xs / (1 + np.exp(-xs)), "SiluBackward0"),
        "leaky_relu": (lambda a: F.leaky_relu(a, 0.2), np.where(xs > 0, xs, 0.2 * xs), "LeakyReluBackward0"),
    }[name]
    out = fn(x)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12, atol=1e-12)
    assert out.grad_fn.name() == node
    assert gradcheck(lambda a: fn(a.t()), (x,))
    f32 = fn(torch.tensor(xs, dtype=torch.float32))
    assert f32.dtype == torch.float32
    np.testing.assert_allclose(f32.numpy(), expected, rtol=1e-5, atol=1e-6)


def test_activation_modules_and_errors_like_pytorch():
    x = torch.tensor([-1.5, 0.0, 2.0], requires_grad=True)
    assert repr(F.gelu(x)) == "tensor([-0.1002,  0.0000,  1.9545], grad_fn=<GeluBackward0>)"
    assert repr(F.gelu(x, approximate="tanh")) == "tensor([-0.1004,  0.0000,  1.9546], grad_fn=<GeluBackward0>)"
    assert repr(F.silu(x)) == "tensor([-0.2736,  0.0000,  1.7616], grad_fn=<SiluBackward0>)"
    assert repr(F.leaky_relu(x, 0.1)) == "tensor([-0.1500,  0.0000,  2.0000], grad_fn=<LeakyReluBackward0>)"
    assert [repr(m) for m in (torch.nn.GELU(), torch.nn.GELU(approximate="tanh"), torch.nn.SiLU(),
                              torch.nn.SiLU(inplace=True), torch.nn.LeakyReLU(), torch.nn.LeakyReLU(0.2, inplace=True))] == [
        "GELU(approximate='none')", "GELU(approximate='tanh')", "SiLU()", "SiLU(inplace=True)",
        "LeakyReLU(negative_slope=0.01)", "LeakyReLU(negative_slope=0.2, inplace=True)"]
    y = torch.tensor([-1.0, 3.0])
    torch.nn.LeakyReLU(0.5, inplace=True)(y)
    assert y.tolist() == [-0.5, 3.0]
    for call, message in [(lambda: F.gelu(torch.tensor([1, 2])), "\"GeluKernelImpl\" not implemented for 'Long'"),
                          (lambda: F.silu(torch.tensor([1, 2])), "\"silu_cpu\" not implemented for 'Long'"),
                          (lambda: F.leaky_relu(torch.tensor([1, 2])), "\"leaky_relu_cpu\" not implemented for 'Long'")]:
        with pytest.raises(NotImplementedError) as info:
            call()
        assert str(info.value) == message
    with pytest.raises(RuntimeError, match="^approximate argument must be either none or tanh.$"):
        F.gelu(x, approximate="bogus")


def test_gelu_approximate_is_keyword_only():
    with pytest.raises(TypeError):
        F.gelu(torch.ones(2), "tanh")
