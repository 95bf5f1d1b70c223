"""The programs of the nn-surface differential test, written once for both libraries: ``cases(torch)``
returns {name: thunk}, each thunk returning a JSON-able description of what the library did (values,
grad_fn name, input gradients, warnings; or the exception; or a module's repr).

``tools/record_nn_surface.py`` runs them on PyTorch 2.13 and writes ``tests/data/nn_surface_pytorch.json``;
``tests/test_nn_surface.py`` runs them on tinytorch and compares."""
import warnings

from differential_values import describe

X = [[-2.5, -1.0, -0.3, 0.0], [0.2, 0.7, 1.5, 3.5]]
Y = [[-1.0, 0.5, 0.4, -0.2], [1.2, 0.1, -0.9, 2.0]]
Z = [[0.3, -0.6, 1.1, 0.8], [-1.5, 0.9, 0.2, -0.4]]
KINKS = [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0]    # where the activations change formula
PROBS = [[0.1, 0.5, 0.9, 0.3], [0.7, 0.2, 0.05, 0.99]]
TARGETS = [[0.0, 1.0, 1.0, 0.3], [1.0, 0.0, 0.5, 1.0]]
SIGNS = [[1.0, -1.0, 1.0, -1.0], [-1.0, -1.0, 1.0, 1.0]]
COUNTS = [[0.0, 1.0, 2.0, 5.0], [3.0, 0.0, 1.0, 4.0]]
VAR = [[0.5, 1.0, 2.0, 0.1], [1.5, 0.3, 0.7, 1e-8]]


def _upstream(torch, out):
    """A fixed, non-uniform gradient of ``out``'s shape: +-(0.5 + 0.25 i)."""
    n = out.numel()
    values = [(-1.0) ** i * (0.5 + 0.25 * i) for i in range(n)]
    return torch.tensor(values, dtype=out.dtype).reshape(out.shape)


def _run(torch, fn, *inputs):
    """fn(*inputs): its value, node name, warnings and the gradients of the inputs that require grad."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn(*inputs)
        except Exception as e:   # the recorded outcome is the exception
            return {"error": type(e).__name__, "message": str(e)}
    result = {"out": describe(torch, out.detach()), "node": None if out.grad_fn is None else out.grad_fn.name(),
              "warnings": [str(w.message) for w in caught]}
    wanted = [t for t in inputs if isinstance(t, torch.Tensor) and t.requires_grad]
    if wanted and out.requires_grad:
        grads = torch.autograd.grad(out, wanted, _upstream(torch, out), allow_unused=True)
        result["grads"] = [None if g is None else describe(torch, g) for g in grads]
    return result


def _repr(make):
    """The repr of ``make()`` (a list of values by ``repr``, a module by ``str``) and its warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = make()
    return {"repr": repr(value) if isinstance(value, list) else str(value), "warnings": [str(w.message) for w in caught]}


def _error(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn()
        except Exception as e:
            return {"error": type(e).__name__, "message": str(e)}
    return {"error": None}


def cases(torch):
    F, nn = torch.nn.functional, torch.nn

    def t(data, dtype="float64", grad=False):
        return torch.tensor(data, dtype=getattr(torch, dtype), requires_grad=grad)

    out = {}

    def case(name, fn, *make):
        out[name] = lambda: _run(torch, fn, *[m() for m in make])

    activations = {
        "elu": lambda x: F.elu(x), "elu_alpha": lambda x: F.elu(x, 0.5), "selu": F.selu,
        "celu": lambda x: F.celu(x, 0.7), "hardtanh": lambda x: F.hardtanh(x, -0.8, 1.5),
        "hardtanh_default": F.hardtanh, "relu6": F.relu6, "hardswish": F.hardswish, "hardsigmoid": F.hardsigmoid,
        "mish": F.mish, "glu": F.glu, "softmin": lambda x: F.softmin(x, -1), "softsign": F.softsign,
        "tanhshrink": F.tanhshrink, "threshold": lambda x: F.threshold(x, 0.1, 20.0), "hardshrink": F.hardshrink,
        "softshrink": lambda x: F.softshrink(x, 0.6), "softshrink_default": F.softshrink,
        "elu_": lambda x: F.elu(x * 1, inplace=True), "selu_": lambda x: F.selu(x * 1, inplace=True),
        "celu_": lambda x: F.celu(x * 1, 1.5, inplace=True), "hardtanh_": lambda x: F.hardtanh(x * 1, inplace=True),
        "relu6_": lambda x: F.relu6(x * 1, inplace=True), "hardswish_": lambda x: F.hardswish(x * 1, inplace=True),
        "hardsigmoid_": lambda x: F.hardsigmoid(x * 1, inplace=True), "mish_": lambda x: F.mish(x * 1, inplace=True),
        "threshold_": lambda x: F.threshold(x * 1, 0.5, -2.0, inplace=True),
        "torch.selu": torch.selu, "torch.celu": lambda x: torch.celu(x, 2.0), "torch.threshold": lambda x: torch.threshold(
            x, 0.3, -1.0), "torch.hardshrink": lambda x: torch.hardshrink(x, 0.8), "Tensor.hardshrink": lambda x: x.hardshrink(),
        "torch.selu_": lambda x: torch.selu_(x * 1), "torch.celu_": lambda x: torch.celu_(x * 1, 0.5),
        "torch.threshold_": lambda x: torch.threshold_(x * 1, 0.3, -1.0), "F.elu_": lambda x: F.elu_(x * 1, 0.3),
        "F.selu_": lambda x: F.selu_(x * 1), "F.celu_": lambda x: F.celu_(x * 1), "F.threshold_": lambda x: F.threshold_(
            x * 1, 0.3, 4.0), "F.hardtanh_": lambda x: F.hardtanh_(x * 1, -0.5, 2.0), "F.relu_": lambda x: F.relu_(x * 1),
        "F.leaky_relu_": lambda x: F.leaky_relu_(x * 1, 0.2), "leaky_relu_inplace": lambda x: F.leaky_relu(x * 1, inplace=True),
        "Tensor.prelu": lambda x: x.prelu(torch.tensor([0.3], dtype=x.dtype)),
    }
    for name, fn in activations.items():
        for dtype in ("float64", "float32"):
            case(f"{name}/{dtype}", fn, lambda d=dtype: t(X, d, True))
        case(f"{name}/kinks", fn, lambda: t(KINKS, "float32", True))
    case("glu/dim0", lambda x: F.glu(x, 0), lambda: t(X, "float64", True))
    case("softmin/dim0", lambda x: F.softmin(x, 0), lambda: t(X, "float32", True))
    case("softmin/implicit", lambda x: F.softmin(x), lambda: t(X, "float64", True))
    case("hardtanh/int", lambda x: F.hardtanh(x, -1.5, 2.5), lambda: t([1, -2, 3], "int64"))
    case("relu6/int", F.relu6, lambda: t([1, -2, 9], "int64"))
    case("softsign/int", F.softsign, lambda: t([1, -2, 3], "int64"))
    for dtype in ("float64", "float32"):
        case(f"prelu/one/{dtype}", F.prelu, lambda d=dtype: t(X, d, True), lambda d=dtype: t([0.25], d, True))
        case(f"prelu/channels/{dtype}", F.prelu, lambda d=dtype: t(X, d, True),
             lambda d=dtype: t([0.1, -0.2, 0.3, 0.4], d, True))
    case("prelu/3d", F.prelu, lambda: t([[[-1.0, 2.0], [0.5, -0.5], [-3.0, 1.0]]], "float64", True),
         lambda: t([0.1, 0.2, 0.3], "float64", True))
    case("prelu/module", lambda x: nn.PReLU(4, init=0.1)(x), lambda: t(X, "float32", True))
    case("prelu/module_double", lambda x: nn.PReLU(dtype=torch.float64)(x), lambda: t(X, "float64", True))

    # normalize and distances
    for dtype in ("float64", "float32"):
        case(f"normalize/{dtype}", F.normalize, lambda d=dtype: t(X, d, True))
        case(f"cosine_similarity/{dtype}", F.cosine_similarity, lambda d=dtype: t(X, d, True),
             lambda d=dtype: t(Y, d, True))
        case(f"pairwise_distance/{dtype}", F.pairwise_distance, lambda d=dtype: t(X, d, True),
             lambda d=dtype: t(Y, d, True))
    case("normalize/p1_dim0", lambda x: F.normalize(x, 1.0, 0), lambda: t(X, "float64", True))
    case("normalize/zero_row", lambda x: F.normalize(x, dim=1), lambda: t([[0.0, 0.0], [3.0, 4.0]], "float64", True))
    case("torch.cosine_similarity", lambda a, b: torch.cosine_similarity(a, b, 0, 1e-6), lambda: t(X, "float64", True),
         lambda: t(Y, "float64", True))
    case("torch.pairwise_distance", lambda a, b: torch.pairwise_distance(a, b, 1.5, 1e-3, True),
         lambda: t(X, "float64", True), lambda: t(Y, "float64", True))
    case("torch.prelu", torch.prelu, lambda: t(X, "float64", True), lambda: t([0.1, -0.2, 0.3, 0.4], "float64", True))
    case("cosine_similarity/dim0", lambda a, b: F.cosine_similarity(a, b, 0), lambda: t(X, "float64", True),
         lambda: t(Y, "float64", True))
    case("cosine_similarity/broadcast", F.cosine_similarity, lambda: t([X[1]], "float64", True),
         lambda: t(Y, "float64", True))
    case("cosine_similarity/zero", lambda a, b: F.cosine_similarity(a, b, 1, 1e-3),
         lambda: t([[0.0, 0.0], [1.0, 2.0]], "float64"), lambda: t([[1.0, 1.0], [2.0, 1.0]], "float64", True))
    case("cosine_similarity/module", lambda a, b: nn.CosineSimilarity(dim=0, eps=1e-6)(a, b),
         lambda: t(X, "float32", True), lambda: t(Y, "float32", True))
    case("pairwise_distance/p1_keepdim", lambda a, b: F.pairwise_distance(a, b, 1.0, keepdim=True),
         lambda: t(X, "float64", True), lambda: t(Y, "float64", True))
    case("pairwise_distance/p3", lambda a, b: F.pairwise_distance(a, b, 3.0), lambda: t(X, "float64", True),
         lambda: t(Y, "float64", True))
    case("pairwise_distance/broadcast_1d", F.pairwise_distance, lambda: t(X[0], "float64", True),
         lambda: t(Y, "float64", True))
    case("pairwise_distance/module", lambda a, b: nn.PairwiseDistance(p=1.5, eps=0.0)(a, b),
         lambda: t(X, "float32", True), lambda: t(Y, "float32", True))

    # losses, each reduction
    for red in ("mean", "sum", "none"):
        for dtype in ("float64", "float32"):
            case(f"bce/{red}/{dtype}", lambda x, y, r=red: F.binary_cross_entropy(x, y, reduction=r),
                 lambda d=dtype: t(PROBS, d, True), lambda d=dtype: t(TARGETS, d, True))
            case(f"l1/{red}/{dtype}", lambda x, y, r=red: F.l1_loss(x, y, reduction=r),
                 lambda d=dtype: t(X, d, True), lambda d=dtype: t(Y, d, True))
            case(f"smooth_l1/{red}/{dtype}", lambda x, y, r=red: F.smooth_l1_loss(x, y, reduction=r),
                 lambda d=dtype: t(X, d, True), lambda d=dtype: t(Y, d, True))
            case(f"huber/{red}/{dtype}", lambda x, y, r=red: F.huber_loss(x, y, reduction=r, delta=0.7),
                 lambda d=dtype: t(X, d, True), lambda d=dtype: t(Y, d, True))
            case(f"soft_margin/{red}/{dtype}", lambda x, y, r=red: F.soft_margin_loss(x, y, reduction=r),
                 lambda d=dtype: t(X, d, True), lambda d=dtype: t(SIGNS, d))
            case(f"multi_margin/{red}/{dtype}", lambda x, y, r=red: F.multi_margin_loss(x, y, reduction=r),
                 lambda d=dtype: t(X, d, True), lambda: t([1, 3], "int64"))
        case(f"bce/{red}/weight", lambda x, y, r=red: F.binary_cross_entropy(x, y, t([1.0, 2.0, 0.5, 1.5]), reduction=r),
             lambda: t(PROBS, "float64", True), lambda: t(TARGETS, "float64", True))
        case(f"bce/{red}/edge", lambda x, y, r=red: F.binary_cross_entropy(x, y, reduction=r),
             lambda: t([0.0, 1.0, 1e-50, 0.5], "float64", True), lambda: t([1.0, 0.0, 0.5, 0.5], "float64"))
        case(f"l1/{red}/weight", lambda x, y, r=red: F.l1_loss(x, y, reduction=r, weight=t(PROBS)),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True))
        case(f"smooth_l1/{red}/beta", lambda x, y, r=red: F.smooth_l1_loss(x, y, reduction=r, beta=0.5),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True))
        case(f"smooth_l1/{red}/beta0", lambda x, y, r=red: F.smooth_l1_loss(x, y, reduction=r, beta=0.0),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True))
        case(f"huber/{red}/weight", lambda x, y, r=red: F.huber_loss(x, y, reduction=r, weight=t(PROBS)),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True))
        case(f"kl_div/{red}", lambda x, y, r=red: F.kl_div(x, y, reduction=r),
             lambda: t(X, "float64", True), lambda: t(TARGETS, "float64", True))
        case(f"kl_div/{red}/log_target", lambda x, y, r=red: F.kl_div(x, y, reduction=r, log_target=True),
             lambda: t(X, "float32", True), lambda: t(Y, "float32", True))
        case(f"margin_ranking/{red}", lambda a, b, y, r=red: F.margin_ranking_loss(a, b, y, 0.5, reduction=r),
             lambda: t(X[0], "float64", True), lambda: t(Y[0], "float64", True),
             lambda: t([1.0, -1.0, 1.0, -1.0], "float64"))
        case(f"hinge_embedding/{red}", lambda x, y, r=red: F.hinge_embedding_loss(x, y, 1.5, reduction=r),
             lambda: t(X, "float64", True), lambda: t(SIGNS, "float64"))
        case(f"cosine_embedding/{red}", lambda a, b, y, r=red: F.cosine_embedding_loss(a, b, y, 0.2, reduction=r),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True), lambda: t([1.0, -1.0], "float64"))
        case(f"triplet_margin/{red}", lambda a, p, n, r=red: F.triplet_margin_loss(a, p, n, reduction=r),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True), lambda: t(Z, "float64", True))
        case(f"triplet_margin/{red}/swap_p1", lambda a, p, n, r=red: F.triplet_margin_loss(
            a, p, n, margin=2.0, p=1, swap=True, reduction=r),
             lambda: t(X, "float32", True), lambda: t(Y, "float32", True), lambda: t(Z, "float32", True))
        case(f"multilabel_soft_margin/{red}", lambda x, y, r=red: F.multilabel_soft_margin_loss(x, y, reduction=r),
             lambda: t(X, "float64", True), lambda: t(TARGETS, "float64"))
        case(f"multilabel_soft_margin/{red}/weight", lambda x, y, r=red: F.multilabel_soft_margin_loss(
            x, y, t([1.0, 0.5, 2.0, 1.0], "float32"), reduction=r), lambda: t(X, "float32", True), lambda: t(TARGETS, "float32"))
        case(f"multi_margin/{red}/p2_weight", lambda x, y, r=red: F.multi_margin_loss(
            x, y, p=2, margin=0.8, weight=t([1.0, 0.5, 2.0, 1.5]), reduction=r),
             lambda: t(X, "float64", True), lambda: t([0, 2], "int64"))
        case(f"multi_margin/{red}/1d", lambda x, y, r=red: F.multi_margin_loss(x, y, reduction=r),
             lambda: t(X[1], "float64", True), lambda: t(2, "int64"))
        case(f"poisson_nll/{red}", lambda x, y, r=red: F.poisson_nll_loss(x, y, reduction=r),
             lambda: t(X, "float64", True), lambda: t(COUNTS, "float64"))
        case(f"poisson_nll/{red}/rate_full", lambda x, y, r=red: F.poisson_nll_loss(x, y, log_input=False, full=True,
                                                                                   reduction=r),
             lambda: t(PROBS, "float64", True), lambda: t(COUNTS, "float64", True))
        case(f"gaussian_nll/{red}", lambda x, y, v, r=red: F.gaussian_nll_loss(x, y, v, reduction=r),
             lambda: t(X, "float64", True), lambda: t(Y, "float64", True), lambda: t(VAR, "float64", True))
        case(f"gaussian_nll/{red}/full_column", lambda x, y, v, r=red: F.gaussian_nll_loss(x, y, v, full=True,
                                                                                         reduction=r),
             lambda: t(X, "float32", True), lambda: t(Y, "float32", True), lambda: t([[0.5], [2.0]], "float32", True))
    case("kl_div/batchmean", lambda x, y: F.kl_div(x, y, reduction="batchmean"),
         lambda: t(X, "float64", True), lambda: t(TARGETS, "float64", True))
    case("gaussian_nll/var_missing_dim", F.gaussian_nll_loss, lambda: t(X, "float64", True),
         lambda: t(Y, "float64"), lambda: t([0.5, 2.0], "float64", True))
    case("gaussian_nll/var_float", lambda x, y: F.gaussian_nll_loss(x, y, 0.5), lambda: t(X, "float64", True),
         lambda: t(Y, "float64"))
    case("cosine_embedding/1d", lambda a, b: F.cosine_embedding_loss(a, b, t(-1.0), 0.1),
         lambda: t(X[1], "float64", True), lambda: t(Y[1], "float64", True))
    case("l1/broadcast_warning", F.l1_loss, lambda: t(X, "float64", True), lambda: t([Y[0]], "float64"))
    case("legacy/size_average_false", lambda x, y: F.l1_loss(x, y, size_average=False),
         lambda: t(X, "float64", True), lambda: t(Y, "float64"))
    case("legacy/reduce_false", lambda x, y: F.smooth_l1_loss(x, y, reduce=False),
         lambda: t(X, "float64", True), lambda: t(Y, "float64"))
    case("legacy/module", lambda x, y: nn.BCELoss(size_average=False)(x, y),
         lambda: t(PROBS, "float64", True), lambda: t(TARGETS, "float64"))

    case("softmin/dtype", lambda x: F.softmin(x, 1, dtype=torch.float64), lambda: t(X, "float32", True))
    case("glu/negative_dim", lambda x: F.glu(x, -2), lambda: t(X, "float32", True))
    case("prelu/1d", F.prelu, lambda: t(X[0], "float64", True), lambda: t([0.3], "float64", True))
    case("hardtanh_/view", lambda x: F.hardtanh((x * 1)[1], -0.5, 0.5, inplace=True), lambda: t(X, "float64", True))
    case("relu6_/module_view", lambda x: nn.ReLU6(inplace=True)((x * 1)[:, 1:]), lambda: t(X, "float32", True))
    case("glu/3d", lambda x: F.glu(x, 1), lambda: t([[[1.0, -2.0], [0.5, 3.0]], [[-1.5, 0.2], [2.5, -0.7]]], "float64", True))
    case("threshold/int", lambda x: F.threshold(x, 1, 5), lambda: t([1, -2, 3], "int64"))
    case("tanhshrink/int", F.tanhshrink, lambda: t([1, -2, 3], "int64"))
    case("cosine_similarity/1d", lambda a, b: F.cosine_similarity(a, b, 0), lambda: t(X[1], "float64", True),
         lambda: t(Y[1], "float64", True))
    case("pairwise_distance/1d", F.pairwise_distance, lambda: t(X[1], "float64", True), lambda: t(Y[1], "float64", True))
    case("triplet_margin/1d", F.triplet_margin_loss, lambda: t(X[1], "float64", True), lambda: t(Y[1], "float64", True),
         lambda: t(Z[1], "float64", True))
    case("kl_div/batchmean_0d", lambda x, y: F.kl_div(x, y, reduction="batchmean"), lambda: t(-0.5, "float64", True),
         lambda: t(0.3, "float64", True))
    case("smooth_l1/broadcast", F.smooth_l1_loss, lambda: t(X, "float32", True), lambda: t([Y[1]], "float32", True))
    case("huber/broadcast", F.huber_loss, lambda: t([X[0]], "float64", True), lambda: t(Y, "float64", True))
    case("mish/large", F.mish, lambda: t([-100.0, -20.0, 20.0, 100.0], "float32", True))
    case("elu/large", F.elu, lambda: t([-800.0, -50.0, 50.0, 800.0], "float64", True))

    def prelu_module_grad():
        m = nn.PReLU(4, init=0.1)
        x = t(X, "float32", True)
        m(x).backward(_upstream(torch, x))
        return {"weight": describe(torch, m.weight.grad), "x": describe(torch, x.grad)}

    out["program/prelu_module_grad"] = prelu_module_grad

    def double_backward():
        """Second derivatives (Hessian-vector products) of a few analytic nodes."""
        results = {}
        programs = {
            "elu": lambda x: F.elu(x, 0.7), "celu": lambda x: F.celu(x, 1.3), "mish": F.mish, "glu": F.glu,
            "hardswish": F.hardswish, "hardsigmoid": F.hardsigmoid, "threshold": lambda x: F.threshold(x, 0.1, 2.0),
            "softshrink": F.softshrink, "prelu": lambda x: F.prelu(x, t([0.1, -0.2, 0.3, 0.4])), "hardtanh": F.hardtanh, "hardshrink": F.hardshrink,
            "selu": F.selu, "elu_": lambda x: F.elu(x * 1, 0.5, inplace=True), "bce": lambda x: F.binary_cross_entropy(x.sigmoid(), t(TARGETS)),
            "smooth_l1": lambda x: F.smooth_l1_loss(x, t(Y), beta=2.0), "huber": lambda x: F.huber_loss(x, t(Y), delta=3.0),
            "soft_margin": lambda x: F.soft_margin_loss(x, t(SIGNS)),
            "multi_margin": lambda x: F.multi_margin_loss(x, t([1, 3], "int64"), p=2),
            "cosine_similarity": lambda x: F.cosine_similarity(x, t(Y)),
            "pairwise_distance": lambda x: F.pairwise_distance(x, t(Y), 3.0),
        }
        for name, fn in programs.items():
            x = t(X, "float64", True)
            y = fn(x)
            (g,) = torch.autograd.grad(y, x, _upstream(torch, y), create_graph=True)
            try:
                (h,) = torch.autograd.grad(g, x, _upstream(torch, g))
            except RuntimeError as e:   # (PyTorch has no second derivative of some)
                results[name] = [describe(torch, g.detach()), str(e)]
                continue
            results[name] = [describe(torch, g.detach()), describe(torch, h)]
        return results

    out["program/double_backward"] = double_backward

    # loss modules
    modules = {
        "BCELoss": (lambda: nn.BCELoss(weight=t([1.0, 2.0, 0.5, 1.5])), (PROBS, TARGETS)),
        "L1Loss": (lambda: nn.L1Loss(reduction="sum"), (X, Y)),
        "SmoothL1Loss": (lambda: nn.SmoothL1Loss(beta=0.5), (X, Y)),
        "HuberLoss": (lambda: nn.HuberLoss(delta=2.0), (X, Y)),
        "KLDivLoss": (lambda: nn.KLDivLoss(reduction="batchmean", log_target=True), (X, Y)),
        "HingeEmbeddingLoss": (lambda: nn.HingeEmbeddingLoss(), (X, SIGNS)),
        "SoftMarginLoss": (lambda: nn.SoftMarginLoss(reduction="none"), (X, SIGNS)),
        "MultiLabelSoftMarginLoss": (lambda: nn.MultiLabelSoftMarginLoss(), (X, TARGETS)),
        "PoissonNLLLoss": (lambda: nn.PoissonNLLLoss(full=True), (X, COUNTS)),
    }
    for name, (make, (a, b)) in modules.items():
        case(f"module/{name}", lambda x, y, m=make: m()(x, y), lambda a=a: t(a, "float64", True),
             lambda b=b: t(b, "float64"))
    case("module/MarginRankingLoss", lambda a, b, y: nn.MarginRankingLoss(margin=0.3)(a, b, y),
         lambda: t(X[0], "float64", True), lambda: t(Y[0], "float64", True), lambda: t([1.0, 1.0, -1.0, -1.0]))
    case("module/CosineEmbeddingLoss", lambda a, b, y: nn.CosineEmbeddingLoss(margin=0.1)(a, b, y),
         lambda: t(X, "float64", True), lambda: t(Y, "float64", True), lambda: t([-1.0, 1.0]))
    case("module/TripletMarginLoss", lambda a, p, n: nn.TripletMarginLoss(margin=0.5, swap=True)(a, p, n),
         lambda: t(X, "float64", True), lambda: t(Y, "float64", True), lambda: t(Z, "float64", True))
    case("module/MultiMarginLoss", lambda x, y: nn.MultiMarginLoss(p=2, margin=0.5)(x, y),
         lambda: t(X, "float64", True), lambda: t([3, 0], "int64"))
    case("module/GaussianNLLLoss", lambda x, y, v: nn.GaussianNLLLoss(full=True, eps=0.2)(x, y, v),
         lambda: t(X, "float64", True), lambda: t(Y, "float64"), lambda: t(VAR, "float64", True))

    # reprs
    reprs = {
        "PReLU": lambda: nn.PReLU(), "PReLU3": lambda: nn.PReLU(3), "ELU": lambda: nn.ELU(),
        "ELU_inplace": lambda: nn.ELU(0.5, True), "SELU": lambda: nn.SELU(), "SELU_inplace": lambda: nn.SELU(True),
        "CELU": lambda: nn.CELU(2.0), "Hardtanh": lambda: nn.Hardtanh(), "Hardtanh_args": lambda: nn.Hardtanh(-2, 3, True),
        "ReLU6": lambda: nn.ReLU6(), "ReLU6_inplace": lambda: nn.ReLU6(True), "Hardswish": lambda: nn.Hardswish(True),
        "Hardsigmoid": lambda: nn.Hardsigmoid(), "Mish": lambda: nn.Mish(), "Mish_inplace": lambda: nn.Mish(True),
        "GLU": lambda: nn.GLU(), "Softmin": lambda: nn.Softmin(), "Softmin1": lambda: nn.Softmin(1),
        "Softsign": lambda: nn.Softsign(), "Tanhshrink": lambda: nn.Tanhshrink(),
        "Threshold": lambda: nn.Threshold(0.1, 20), "Threshold_inplace": lambda: nn.Threshold(1, 2.5, True),
        "Hardshrink": lambda: nn.Hardshrink(), "Softshrink": lambda: nn.Softshrink(1),
        "CosineSimilarity": lambda: nn.CosineSimilarity(), "PairwiseDistance": lambda: nn.PairwiseDistance(),
        "losses": lambda: nn.Sequential(nn.BCELoss(), nn.L1Loss(), nn.SmoothL1Loss(), nn.HuberLoss(), nn.KLDivLoss(),
                                        nn.MarginRankingLoss(), nn.HingeEmbeddingLoss(), nn.CosineEmbeddingLoss(),
                                        nn.TripletMarginLoss(), nn.SoftMarginLoss(), nn.MultiLabelSoftMarginLoss(),
                                        nn.MultiMarginLoss(), nn.PoissonNLLLoss(), nn.GaussianNLLLoss()),
        "prelu_params": lambda: [(n, list(p.shape), p.tolist()) for n, p in nn.PReLU(2, 0.3).named_parameters()],
        "Hardtanh_deprecated": lambda: nn.Hardtanh(min_value=-2.0, max_value=2.0),
        "legacy_reduction": lambda: [nn.L1Loss(size_average=False).reduction, nn.BCELoss(reduce=False).reduction,
                                     nn.KLDivLoss(reduction="batchmean").reduction],
    }
    public = ["PReLU", "ELU", "SELU", "CELU", "Hardtanh", "ReLU6", "Hardswish", "Hardsigmoid", "Mish", "GLU", "Softmin",
              "Softsign", "Tanhshrink", "Threshold", "Hardshrink", "Softshrink", "CosineSimilarity", "PairwiseDistance",
              "BCELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "KLDivLoss", "MarginRankingLoss", "HingeEmbeddingLoss",
              "CosineEmbeddingLoss", "TripletMarginLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss",
              "PoissonNLLLoss", "GaussianNLLLoss"]
    reprs["public_bases"] = lambda: [[c.__name__ for c in getattr(nn, n).__mro__ if not c.__name__.startswith("_")]
                                     for n in public]
    for name, make in reprs.items():
        out[f"repr/{name}"] = lambda m=make: _repr(m)

    # errors
    f1 = lambda: t([[1.0, 2.0, 3.0]])   # noqa: E731
    errors = {
        "elu_int": lambda: F.elu(t([1, 2], "int64")), "selu_int": lambda: F.selu(t([1, 2], "int64")),
        "celu_zero": lambda: F.celu(f1(), 0.0), "hardswish_int": lambda: F.hardswish(t([1], "int64")),
        "hardsigmoid_int": lambda: F.hardsigmoid(t([1], "int64")), "mish_int": lambda: F.mish(t([1], "int64")),
        "glu_odd": lambda: F.glu(f1()), "glu_dim0": lambda: F.glu(f1(), 0), "glu_scalar": lambda: F.glu(t(1.0)),
        "glu_int": lambda: F.glu(t([1, 2], "int64")), "glu_dim_range": lambda: F.glu(f1(), 5),
        "hardshrink_int": lambda: F.hardshrink(t([1], "int64")), "softshrink_int": lambda: F.softshrink(t([1], "int64")),
        "softshrink_negative": lambda: F.softshrink(f1(), -1.0),
        "softshrink_negative32": lambda: F.softshrink(t([1.0], "float32"), -0.25),
        "prelu_mismatch": lambda: F.prelu(t([[1.0] * 4] * 2), t([1.0] * 3)),
        "prelu_2d_weight": lambda: F.prelu(t([[1.0] * 4] * 2), t([[1.0] * 2] * 2)),
        "prelu_zero_dim": lambda: F.prelu(t(1.0), t([1.0, 2.0])),
        "prelu_dtype": lambda: F.prelu(t([1.0], "float32"), t([1.0], "float64")),
        "prelu_int": lambda: F.prelu(t([1], "int64"), t([1], "int64")),
        "hardtanh_bounds": lambda: F.hardtanh(f1(), 2.0, 1.0), "Hardtanh_bounds": lambda: nn.Hardtanh(2, 1),
        "cosine_similarity_shapes": lambda: F.cosine_similarity(t([[1.0] * 3] * 2), t([[1.0] * 3] * 4)),
        "cosine_similarity_int": lambda: F.cosine_similarity(t([1, 2], "int64"), t([1, 2], "int64"), 0),
        "bce_range": lambda: F.binary_cross_entropy(t([1.5]), t([1.0])),
        "bce_size": lambda: F.binary_cross_entropy(t([0.5, 0.5]), t([1.0])),
        "bce_reduction": lambda: F.binary_cross_entropy(t([0.5]), t([1.0]), reduction="avg"),
        "bce_weight_grad": lambda: F.binary_cross_entropy(t([0.5], grad=True), t([1.0]), t([1.0], grad=True)),
        "smooth_l1_beta": lambda: F.smooth_l1_loss(f1(), f1(), beta=-1.0),
        "huber_delta": lambda: F.huber_loss(f1(), f1(), delta=0.0),
        "l1_weight_size": lambda: F.l1_loss(f1(), f1(), weight=t([1.0] * 3)),
        "l1_reduction": lambda: F.l1_loss(f1(), f1(), reduction="x"),
        "kl_reduction": lambda: F.kl_div(f1(), f1(), reduction="x"),
        "margin_ranking_dims": lambda: F.margin_ranking_loss(t([1.0] * 3), t([1.0] * 3), t([[1.0] * 3])),
        "cosine_embedding_target": lambda: F.cosine_embedding_loss(f1(), f1(), t([[1.0]])),
        "cosine_embedding_1d": lambda: F.cosine_embedding_loss(t([1.0] * 3), t([1.0] * 3), t([1.0, 1.0])),
        "cosine_embedding_0d": lambda: F.cosine_embedding_loss(f1(), f1(), t(1.0)),
        "triplet_dims": lambda: F.triplet_margin_loss(f1(), f1(), t([1.0] * 3)),
        "triplet_margin": lambda: F.triplet_margin_loss(f1(), f1(), f1(), margin=0),
        "TripletMarginLoss_margin": lambda: nn.TripletMarginLoss(margin=-1.0),
        "soft_margin_target_grad": lambda: F.soft_margin_loss(f1(), t([[1.0, -1.0, 1.0]], grad=True)),
        "multi_margin_p": lambda: F.multi_margin_loss(f1(), t([0], "int64"), p=3),
        "multi_margin_weight_dim": lambda: F.multi_margin_loss(f1(), t([0], "int64"), weight=f1()),
        "multi_margin_target_size": lambda: F.multi_margin_loss(f1(), t([0, 1], "int64")),
        "multi_margin_target_range": lambda: F.multi_margin_loss(f1(), t([5], "int64")),
        "multi_margin_target_negative": lambda: F.multi_margin_loss(f1(), t([-1], "int64")),
        "multi_margin_3d": lambda: F.multi_margin_loss(t([[[1.0] * 4] * 3] * 2), t([0, 1], "int64")),
        "multi_margin_target_float": lambda: F.multi_margin_loss(f1(), t([0.0])),
        "multi_margin_weight_size": lambda: F.multi_margin_loss(f1(), t([0], "int64"), weight=t([1.0, 1.0])),
        "MultiMarginLoss_p": lambda: nn.MultiMarginLoss(p=3),
        "MultiMarginLoss_weight": lambda: nn.MultiMarginLoss(weight=f1()),
        "poisson_reduction": lambda: F.poisson_nll_loss(f1(), f1(), reduction="x"),
        "gaussian_negative_var": lambda: F.gaussian_nll_loss(f1(), f1(), t([[-1.0, 1.0, 1.0]])),
        "gaussian_negative_float": lambda: F.gaussian_nll_loss(f1(), f1(), -1.0),
        "gaussian_var_size": lambda: F.gaussian_nll_loss(f1(), f1(), t([[1.0, 1.0]] * 2)),
        "gaussian_reduction": lambda: F.gaussian_nll_loss(f1(), f1(), f1(), reduction="x"),
        "elu_inplace_leaf": lambda: F.elu(t([1.0, 2.0], grad=True), inplace=True),
        "L1Loss_forward_reduction": lambda: nn.L1Loss(reduction="avg")(f1(), f1()),
        "hardtanh_bool": lambda: F.hardtanh(t([True, False], "bool")),
        "soft_margin_shapes": lambda: F.soft_margin_loss(t([[1.0] * 3] * 2), t([[1.0] * 3] * 3)),
        "smooth_l1_shapes": lambda: F.smooth_l1_loss(t([[1.0] * 3] * 2), t([[1.0] * 3] * 3)),
        "margin_ranking_shapes": lambda: F.margin_ranking_loss(t([1.0] * 3), t([1.0] * 2), t([1.0] * 3)),
        "pairwise_distance_shapes": lambda: F.pairwise_distance(t([[1.0] * 3] * 2), t([[1.0] * 3] * 4)),
    }
    for name, fn in errors.items():
        out[f"error/{name}"] = lambda fn=fn: _error(fn)
    return out
