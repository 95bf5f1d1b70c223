"""Second and third derivatives through the fused nodes, written once for both libraries:
``cases(torch)`` returns {name: thunk}; each thunk runs one small float64 program and returns a
JSON-able record of what the library did.

The program: y = op(inputs); L1 = sum(c * y^3); g = dL1/d(inputs) (recorded);
L2 = sum(c * g^2); gg = dL2/d(inputs) (recorded); L3 = sum(c * gg^2); ggg = dL3/d(inputs), where
each c is a fixed pattern of weights cos(0.7 k) of its tensor's shape.  The record holds gg and ggg
(the second and third derivatives, as values; None for an input a gradient does not reach) or,
where the library refuses, the stage that raised and the exception's type and message.

``tools/record_higher_order.py`` runs them on PyTorch 2.13 and writes
``tests/data/higher_order_pytorch.json``; ``tests/test_higher_order.py`` replays them on tinytorch."""
import numpy as np


def _values(n, seed, positive=False, low=None):
    v = np.random.default_rng(seed).standard_normal(n)
    if positive:
        v = np.abs(v) + 0.5
    if low is not None:   # strictly inside (low, 1 - low): probabilities
        v = low + (1 - 2 * low) / (1 + np.exp(-v))
    return v.tolist()


def _weights(torch, t):
    return torch.arange(t.numel(), dtype=torch.float64).reshape(t.shape).mul(0.7).cos()


def third_order_check(torch, fn, xs, wrt):
    """The library's own gradgradcheck of the recorded first gradients: whether its third derivatives
    agree with finite differences of its second ones."""
    positions = [i for i, x in enumerate(xs) if any(x is w for w in wrt)]

    def first(*ws):
        inputs = list(xs)
        for i, w in zip(positions, ws):
            inputs[i] = w
        y = fn(*inputs)
        g = torch.autograd.grad((_weights(torch, y) * y ** 3).sum(), ws, create_graph=True, allow_unused=True)
        return tuple(t for t in g if t is not None)

    return bool(torch.autograd.gradgradcheck(first, tuple(wrt), raise_exception=False))


def _record(torch, fn, xs, wrt, check):
    grad = torch.autograd.grad
    out = {}
    stage = "forward"
    try:
        y = fn(*xs)
        stage = "first"
        g = grad((_weights(torch, y) * y ** 3).sum(), wrt, create_graph=True, allow_unused=True)
        stage = "second"
        l2 = sum((_weights(torch, t) * t ** 2).sum() for t in g if t is not None)
        gg = grad(l2, wrt, create_graph=True, allow_unused=True)
        out["order2"] = [None if t is None else t.tolist() for t in gg]
        stage = "third"
        l3 = sum((_weights(torch, t) * t ** 2).sum() for t in gg if t is not None)
        ggg = grad(l3, wrt, allow_unused=True)
        out["order3"] = [None if t is None else t.tolist() for t in ggg]
        if check:
            out["third_order_consistent"] = third_order_check(torch, fn, xs, wrt)
    except Exception as e:   # (the refusal is what is recorded)
        out["error"] = {"stage": stage, "type": type(e).__name__, "message": str(e).split("\n")[0]}
    return out


def cases(torch, check=False):
    """check: also run the library's gradgradcheck of the first gradients (``third_order_consistent``)."""
    F = torch.nn.functional
    out = {}

    def t(*shape, seed=0, grad=True, positive=False, low=None):
        n = int(np.prod(shape))
        x = torch.tensor(_values(n, seed, positive, low), dtype=torch.float64).reshape(shape)
        return x.requires_grad_(grad)

    def case(name, fn, *make, wrt=None):
        """``make``: thunks building the inputs; ``wrt``: which of them are differentiated (the
        ones requiring grad when None)."""
        def run():
            xs = [m() for m in make]
            chosen = [x for i, x in enumerate(xs) if (wrt is None and x.requires_grad) or (wrt and i in wrt)]
            return _record(torch, fn, xs, chosen, check)
        out[name] = run

    def cls(values):
        return lambda: torch.tensor(values)

    # ---- convolutions -----------------------------------------------------------------------
    case("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
         lambda: t(2, 2, 6), lambda: t(3, 2, 3, seed=1), lambda: t(3, seed=2))
    case("conv2d", lambda x, w, b: F.conv2d(x, w, b, padding=1),
         lambda: t(1, 2, 4, 4), lambda: t(3, 2, 2, 2, seed=1), lambda: t(3, seed=2))
    case("conv2d strided, dilated, non-contiguous", lambda x, w: F.conv2d(x.transpose(2, 3), w, stride=(2, 1),
                                                                          dilation=(1, 2), padding=(1, 2)),
         lambda: t(1, 2, 5, 4), lambda: t(2, 2, 2, 2, seed=1))
    case("conv2d grouped", lambda x, w, b: F.conv2d(x, w, b, groups=2, padding=(0, 1)),
         lambda: t(1, 4, 3, 4), lambda: t(4, 2, 2, 2, seed=1), lambda: t(4, seed=2))
    case("conv2d padding same", lambda x, w: F.conv2d(x, w, padding="same"),
         lambda: t(1, 1, 4, 4), lambda: t(2, 1, 2, 3, seed=1))
    case("conv_transpose1d", lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1),
         lambda: t(1, 2, 4), lambda: t(2, 3, 3, seed=1), lambda: t(3, seed=2))
    case("conv_transpose2d", lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1),
         lambda: t(1, 2, 3, 3), lambda: t(2, 2, 3, 3, seed=1))
    case("conv_transpose2d output_padding, grouped", lambda x, w: F.conv_transpose2d(x, w, stride=2,
                                                                                  output_padding=(1, 0), groups=2),
         lambda: t(1, 2, 2, 3), lambda: t(2, 1, 2, 2, seed=1))
    case("linear", lambda x, w, b: F.linear(x, w, b), lambda: t(3, 4), lambda: t(2, 4, seed=1), lambda: t(2, seed=2))
    case("bilinear", lambda a, b, w: F.bilinear(a, b, w), lambda: t(3, 2), lambda: t(3, 3, seed=1),
         lambda: t(2, 2, 3, seed=2))

    # ---- pooling ----------------------------------------------------------------------------
    case("max_pool1d", lambda x: F.max_pool1d(x, 2), lambda: t(2, 2, 6))
    case("max_pool2d", lambda x: F.max_pool2d(x, 2), lambda: t(1, 2, 4, 4))
    case("max_pool2d padded, strided, non-contiguous", lambda x: F.max_pool2d(x.transpose(2, 3), 3, 2, 1),
         lambda: t(1, 2, 5, 4))
    case("max_pool2d dilated, ceil_mode", lambda x: F.max_pool2d(x, 2, 2, 0, 2, ceil_mode=True),
         lambda: t(1, 1, 6, 5))
    case("avg_pool1d", lambda x: F.avg_pool1d(x, 3, 2, 1), lambda: t(2, 2, 6))
    case("avg_pool2d", lambda x: F.avg_pool2d(x, 2), lambda: t(1, 2, 4, 4))
    case("avg_pool2d padded, no count_include_pad",
         lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), lambda: t(1, 2, 5, 4))
    case("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 3), lambda: t(2, 2, 7))
    case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (2, 3)), lambda: t(1, 2, 5, 4))
    case("adaptive_max_pool1d", lambda x: F.adaptive_max_pool1d(x, 3), lambda: t(2, 2, 7))
    case("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (2, 3)), lambda: t(1, 2, 5, 4))
    case("max_unpool2d", lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
         lambda: t(1, 2, 4, 4))

    # ---- normalisation ----------------------------------------------------------------------
    case("batch_norm training", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
         lambda: t(4, 3, 2), lambda: t(3, seed=1), lambda: t(3, seed=2))
    case("batch_norm training, no affine", lambda x: F.batch_norm(x, None, None, training=True),
         lambda: t(4, 3, 2, 2))
    case("batch_norm evaluation", lambda x, w, b: F.batch_norm(
        x, torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64), torch.tensor([0.5, 1.5, 2.0], dtype=torch.float64),
        w, b, training=False), lambda: t(4, 3, 2), lambda: t(3, seed=1), lambda: t(3, seed=2))
    case("layer_norm", lambda x, w, b: F.layer_norm(x, (4,), w, b), lambda: t(3, 4), lambda: t(4, seed=1),
         lambda: t(4, seed=2))
    case("layer_norm non-contiguous, no affine", lambda x: F.layer_norm(x.t(), (3,)), lambda: t(3, 4))
    case("group_norm", lambda x, w, b: F.group_norm(x, 2, w, b), lambda: t(2, 4, 3), lambda: t(4, seed=1),
         lambda: t(4, seed=2))
    case("instance_norm", lambda x: F.instance_norm(x), lambda: t(2, 2, 4))
    case("rms_norm", lambda x, w: F.rms_norm(x, (4,), w), lambda: t(3, 4), lambda: t(4, seed=1))
    case("local_response_norm", lambda x: F.local_response_norm(x, 2), lambda: t(1, 3, 4))
    case("normalize", lambda x: F.normalize(x, dim=1), lambda: t(3, 4))

    # ---- embedding --------------------------------------------------------------------------
    case("embedding", lambda e: F.embedding(torch.tensor([[0, 2, 2], [3, 1, 0]]), e), lambda: t(4, 3))
    case("embedding padding_idx", lambda e: F.embedding(torch.tensor([0, 2, 2, 1]), e, padding_idx=2),
         lambda: t(4, 3))

    # ---- softmax and losses -----------------------------------------------------------------
    case("softmax", lambda x: F.softmax(x, 1), lambda: t(3, 4))
    case("softmax non-contiguous", lambda x: F.softmax(x.t(), 0), lambda: t(3, 4))
    case("log_softmax", lambda x: F.log_softmax(x, -1), lambda: t(3, 4))
    case("softmin", lambda x: F.softmin(x, 0), lambda: t(3, 4))
    case("cross_entropy", lambda x, y: F.cross_entropy(x, y), lambda: t(3, 4), cls([0, 3, 1]))
    case("cross_entropy weight, label smoothing, sum",
         lambda x, y: F.cross_entropy(x, y, torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=torch.float64),
                                      reduction="sum", label_smoothing=0.2), lambda: t(3, 4), cls([0, 3, 1]))
    case("cross_entropy probabilities", lambda x, p: F.cross_entropy(x, p.softmax(1)), lambda: t(3, 4),
         lambda: t(3, 4, seed=1, grad=False))
    case("cross_entropy 2-d, ignore_index", lambda x, y: F.cross_entropy(x, y, ignore_index=1),
         lambda: t(2, 3, 2, 2), cls([[[0, 1], [2, 2]], [[1, 0], [0, 2]]]))
    case("nll_loss", lambda x, y: F.nll_loss(x, y), lambda: t(3, 4), cls([0, 3, 1]))
    case("nll_loss weight, none", lambda x, y: F.nll_loss(
        x, y, torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=torch.float64), reduction="none"),
        lambda: t(3, 4), cls([0, 3, 1]))
    case("mse_loss", lambda x, y: F.mse_loss(x, y), lambda: t(3, 4), lambda: t(3, 4, seed=1))
    case("l1_loss", lambda x, y: F.l1_loss(x, y), lambda: t(3, 4), lambda: t(3, 4, seed=1))
    case("huber_loss", lambda x, y: F.huber_loss(x, y, delta=0.7), lambda: t(3, 4), lambda: t(3, 4, seed=1))
    case("smooth_l1_loss", lambda x, y: F.smooth_l1_loss(x, y, beta=0.7), lambda: t(3, 4), lambda: t(3, 4, seed=1))
    case("binary_cross_entropy", lambda p, y: F.binary_cross_entropy(p, y), lambda: t(3, 4, low=0.05),
         lambda: t(3, 4, seed=1, low=0.1, grad=False))
    case("binary_cross_entropy target grad", lambda p, y: F.binary_cross_entropy(p, y), lambda: t(3, 4, low=0.05),
         lambda: t(3, 4, seed=1, low=0.1))
    case("binary_cross_entropy_with_logits",
         lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=torch.tensor([1.0, 2.0, 0.5, 1.5],
                                                                                       dtype=torch.float64)),
         lambda: t(3, 4), lambda: t(3, 4, seed=1, low=0.1))
    case("kl_div", lambda x, y: F.kl_div(x, y, reduction="batchmean"), lambda: t(3, 4),
         lambda: t(3, 4, seed=1, positive=True))
    case("kl_div log_target", lambda x, y: F.kl_div(x, y, reduction="sum", log_target=True), lambda: t(3, 4),
         lambda: t(3, 4, seed=1))
    case("soft_margin_loss", lambda x, y: F.soft_margin_loss(x, y), lambda: t(3, 4),
         lambda: torch.tensor([[1.0, -1.0, 1.0, 1.0]] * 3, dtype=torch.float64))
    case("multi_margin_loss", lambda x, y: F.multi_margin_loss(x, y), lambda: t(3, 4), cls([0, 3, 1]))
    case("multilabel_soft_margin_loss", lambda x, y: F.multilabel_soft_margin_loss(x, y), lambda: t(3, 4),
         lambda: torch.tensor([[1.0, 0.0, 1.0, 0.0]] * 3, dtype=torch.float64))
    case("margin_ranking_loss", lambda a, b: F.margin_ranking_loss(a, b, torch.tensor([1.0, -1.0, 1.0],
                                                                                      dtype=torch.float64), 0.1),
         lambda: t(3), lambda: t(3, seed=1))
    case("hinge_embedding_loss", lambda x: F.hinge_embedding_loss(x, torch.tensor([1.0, -1.0, 1.0, -1.0],
                                                                                   dtype=torch.float64)),
         lambda: t(4))
    case("cosine_embedding_loss", lambda a, b: F.cosine_embedding_loss(a, b, torch.tensor([1.0, -1.0, 1.0])),
         lambda: t(3, 4), lambda: t(3, 4, seed=1))
    case("triplet_margin_loss", lambda a, p, n: F.triplet_margin_loss(a, p, n), lambda: t(3, 4),
         lambda: t(3, 4, seed=1), lambda: t(3, 4, seed=2))
    case("poisson_nll_loss", lambda x, y: F.poisson_nll_loss(x, y), lambda: t(3, 4),
         lambda: t(3, 4, seed=1, positive=True))
    case("gaussian_nll_loss", lambda x, y, v: F.gaussian_nll_loss(x, y, v), lambda: t(3, 4),
         lambda: t(3, 4, seed=1), lambda: t(3, 4, seed=2, positive=True))
    case("cosine_similarity", lambda a, b: F.cosine_similarity(a, b), lambda: t(3, 4), lambda: t(3, 4, seed=1))
    case("pairwise_distance", lambda a, b: F.pairwise_distance(a, b), lambda: t(3, 4), lambda: t(3, 4, seed=1))

    # ---- resampling, padding, folding -------------------------------------------------------
    case("interpolate nearest", lambda x: F.interpolate(x, scale_factor=2, mode="nearest"), lambda: t(1, 2, 3, 3))
    case("interpolate bilinear", lambda x: F.interpolate(x, size=(4, 5), mode="bilinear"), lambda: t(1, 2, 3, 3))
    case("interpolate bilinear align_corners", lambda x: F.interpolate(x, size=(4, 5), mode="bilinear",
                                                                       align_corners=True), lambda: t(1, 1, 3, 3))
    case("interpolate linear", lambda x: F.interpolate(x, size=5, mode="linear"), lambda: t(1, 2, 3))
    case("grid_sample", lambda x, g: F.grid_sample(x, g, align_corners=False), lambda: t(1, 2, 3, 3),
         lambda: t(1, 2, 2, 2, seed=1).mul(0.5).detach().requires_grad_())
    case("affine_grid", lambda th: F.affine_grid(th, (1, 1, 2, 3), align_corners=False), lambda: t(1, 2, 3))
    case("pad reflect", lambda x: F.pad(x, (1, 2), mode="reflect"), lambda: t(1, 2, 4))
    case("pad replicate", lambda x: F.pad(x, (1, 1, 2, 0), mode="replicate"), lambda: t(1, 1, 3, 3))
    case("pad circular", lambda x: F.pad(x, (1, 2), mode="circular"), lambda: t(1, 2, 4))
    case("pad constant", lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), lambda: t(2, 3))
    case("unfold", lambda x: F.unfold(x, 2, padding=1), lambda: t(1, 2, 3, 3))
    case("fold", lambda x: F.fold(x, (3, 3), 2), lambda: t(1, 8, 4))
    case("pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), lambda: t(1, 4, 2, 2))

    # ---- attention --------------------------------------------------------------------------
    case("scaled_dot_product_attention", lambda q, k, v: F.scaled_dot_product_attention(q, k, v),
         lambda: t(1, 2, 3, 4), lambda: t(1, 2, 3, 4, seed=1), lambda: t(1, 2, 3, 4, seed=2))
    case("scaled_dot_product_attention causal, masked",
         lambda q, k, v: F.scaled_dot_product_attention(
             q, k, v, attn_mask=torch.tensor([[0.0, -1.0, 0.5], [0.2, 0.0, 0.0], [0.0, 0.3, -0.4]],
                                             dtype=torch.float64)),
         lambda: t(1, 3, 4), lambda: t(1, 3, 4, seed=1), lambda: t(1, 3, 4, seed=2))

    # ---- activations with their own nodes ---------------------------------------------------
    for name, fn in (("gelu", F.gelu), ("gelu tanh", lambda x: F.gelu(x, approximate="tanh")), ("silu", F.silu),
                     ("mish", F.mish), ("elu", F.elu), ("celu", lambda x: F.celu(x, 0.7)), ("selu", F.selu),
                     ("leaky_relu", lambda x: F.leaky_relu(x, 0.1)), ("relu", F.relu), ("relu6", F.relu6),
                     ("hardtanh", F.hardtanh), ("hardswish", F.hardswish), ("hardsigmoid", F.hardsigmoid),
                     ("softplus", lambda x: F.softplus(x, 2.0)), ("logsigmoid", F.logsigmoid),
                     ("softshrink", F.softshrink), ("hardshrink", F.hardshrink), ("tanhshrink", F.tanhshrink),
                     ("softsign", F.softsign), ("threshold", lambda x: F.threshold(x, 0.1, -0.5)),
                     ("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("glu", F.glu)):
        case(name, lambda x, fn=fn: fn(x.mul(2)), lambda: t(3, 4))
    case("prelu", lambda x, a: F.prelu(x, a), lambda: t(2, 3, 2), lambda: t(3, seed=1, positive=True).mul(0.2)
         .detach().requires_grad_())
    return out
