"""The programs of the attention differential test, written once for both libraries: ``cases(torch)``
returns {name: thunk}; each thunk returns a JSON-able description of what the library did (values,
grad_fn names, gradients, warnings, seeded parameters; or the exception; or a repr).

``tools/record_attention.py`` runs them on PyTorch 2.13 and writes ``tests/data/attention_pytorch.json``;
``tests/test_nn_attention.py`` runs them on tinytorch and compares.  Inputs come from
``manual_seed`` + ``randn`` in float32 (tinytorch draws PyTorch's numbers), converted as needed."""
import hashlib
import pathlib
import sys
import warnings

from differential_values import describe


def _digests(module):
    """{name: sha256 of the parameter's values} (exact: float32 values are exact Python floats)."""
    return {n: hashlib.sha256(repr(p.detach().tolist()).encode()).hexdigest()[:16]
            for n, p in module.named_parameters()}


def _upstream(torch, out):
    """A fixed, non-uniform gradient of ``out``'s shape: +-(0.5 + 0.01 i)."""
    n = out.numel()
    values = [(-1.0) ** i * (0.5 + 0.01 * (i % 97)) for i in range(n)]
    return torch.tensor(values, dtype=out.dtype).reshape(out.shape)


def _inputs(torch, seed, shapes, dtype, grad=True):
    torch.manual_seed(seed)
    return [torch.randn(*s).to(dtype).requires_grad_(grad) for s in shapes]


def _caught(run):
    """run() under recorded warnings: (result or the exception's description, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = run()
        except Exception as e:   # the recorded outcome is the exception
            result = {"error": type(e).__name__, "message": str(e)}
    return result, [str(w.message) for w in caught]


def _describe_run(torch, fn, wanted):
    """fn() -> a tensor or a tuple (out, weights): values, node names and the gradients of
    ``wanted`` (a list of tensors) for a fixed upstream gradient of out (and of the weights)."""
    def run():
        res = fn()
        outs = [o for o in (res if isinstance(res, tuple) else (res,))]
        d = {"outs": [None if o is None else describe(torch, o.detach()) for o in outs],
             "nodes": [None if o is None or o.grad_fn is None else o.grad_fn.name() for o in outs]}
        live = [o for o in outs if o is not None and o.requires_grad]
        if wanted and live:
            grads = torch.autograd.grad(live, wanted, [_upstream(torch, o) for o in live], allow_unused=True)
            d["grads"] = [None if g is None else describe(torch, g) for g in grads]
        return d
    result, caught = _caught(run)
    result["warnings"] = caught
    return result


SDPA_CONFIGS = {
    # name: (q, k, v shapes, keyword arguments; "mask" gives (kind, shape))
    "flash": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {}),
    "flash_causal": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"is_causal": True}),
    "flash_causal_square": ((1, 2, 5, 4), (1, 2, 5, 4), (1, 2, 5, 4), {"is_causal": True}),
    "flash_bool_mask": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"mask": ("bool", (4, 6))}),
    "flash_float_mask4d": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"mask": ("float", (2, 1, 4, 6))}),
    "flash_mask_row_broadcast": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"mask": ("float", (1, 6))}),
    "flash_masked_row": ((1, 2, 3, 4), (1, 2, 5, 4), (1, 2, 5, 4), {"mask": ("bool_row", (3, 5))}),
    "flash_causal_and_mask": ((2, 2, 4, 8), (2, 2, 6, 8), (2, 2, 6, 8), {"is_causal": True,
                                                                          "mask": ("float", (4, 6))}),
    "flash_scale": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"scale": 0.3}),
    "flash_negative_scale": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"scale": -0.4}),
    "flash_gqa": ((2, 6, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"enable_gqa": True}),
    "flash_noncontiguous": ((2, 4, 3, 8), (2, 6, 3, 8), (2, 6, 3, 8), {"transpose12": True}),
    "math_head_dims": ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7), {}),
    "math_causal": ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7), {"is_causal": True}),
    "math_bool_mask": ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7), {"mask": ("bool", (4, 6))}),
    "math_masked_row": ((1, 2, 3, 4), (1, 2, 5, 4), (1, 2, 5, 6), {"mask": ("bool_row", (3, 5))}),
    "math_mask3d": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"mask": ("float", (3, 4, 6))}),
    "math_mask_requires_grad": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"mask": ("float_grad", (4, 6))}),
    "math_batch_broadcast": ((2, 3, 4, 5), (1, 3, 6, 5), (2, 1, 6, 7), {}),
    "math_flash_shapes_batch_broadcast": ((2, 3, 4, 8), (1, 3, 6, 8), (1, 3, 6, 8), {}),
    "math_3d": ((3, 4, 8), (3, 6, 8), (3, 6, 8), {"mask": ("bool", (4, 6))}),
    "math_2d_causal": ((4, 5), (6, 5), (6, 7), {"is_causal": True}),
    "math_5d": ((2, 2, 2, 3, 4), (2, 2, 2, 5, 4), (2, 2, 2, 5, 4), {"scale": 0.5}),
    "math_gqa": ((2, 6, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7), {"enable_gqa": True, "is_causal": True}),
    "math_negative_scale": ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7), {"scale": -0.4}),
    "math_last_dim_strided": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"transpose_last": True}),
    "math_dropout": ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8), {"dropout_p": 0.3}),
}


def _sdpa_case(torch, name, dtype_name):
    qs, ks, vs, kw = SDPA_CONFIGS[name]
    kw = dict(kw)
    dtype = getattr(torch, dtype_name)
    F = torch.nn.functional
    q, k, v = _inputs(torch, 7, (qs, ks, vs), dtype)
    wanted = [q, k, v]
    mask_kind = kw.pop("mask", None)
    if mask_kind is not None:
        kind, shape = mask_kind
        torch.manual_seed(11)
        if kind == "bool":
            kw["attn_mask"] = torch.rand(*shape) > 0.3
        elif kind == "bool_row":
            m = torch.rand(*shape) > 0.3
            m[1] = False
            kw["attn_mask"] = m
        else:
            kw["attn_mask"] = torch.randn(*shape).to(dtype).requires_grad_(kind == "float_grad")
            if kind == "float_grad":
                wanted.append(kw["attn_mask"])
    if kw.pop("transpose12", False):
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
    if kw.pop("transpose_last", False):
        q = q.transpose(-1, -2).contiguous().transpose(-1, -2)
        wanted[0] = q
    seeded = "dropout_p" in kw

    def fn():
        if seeded:
            torch.manual_seed(3)
        return F.scaled_dot_product_attention(q, k, v, **kw)
    return _describe_run(torch, fn, wanted)


def _sdpa_errors(torch):
    F = torch.nn.functional
    q, k, v = _inputs(torch, 1, ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 8)), torch.float32, grad=False)
    qm, km = q[..., :5], k[..., :5]
    return {
        "dtype": lambda: F.scaled_dot_product_attention(q, k.double(), v),
        "dim": lambda: F.scaled_dot_product_attention(q[0, 0, 0], k, v),
        "mask_dtype": lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=torch.zeros(4, 6, dtype=torch.int64)),
        "mask_double": lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=torch.zeros(4, 6).double()),
        "head_dim": lambda: F.scaled_dot_product_attention(q, k[..., :5], v),
        "mask_shape": lambda: F.scaled_dot_product_attention(qm, km, v, attn_mask=torch.zeros(5, 6)),
        "causal_and_mask_math": lambda: F.scaled_dot_product_attention(qm, km, v, attn_mask=torch.zeros(4, 6),
                                                                       is_causal=True),
        "gqa_indivisible": lambda: F.scaled_dot_product_attention(q, k[:, :2], v[:, :2], enable_gqa=True),
        "heads_mismatch": lambda: F.scaled_dot_product_attention(qm, km[:, :2], v[:, :2]),
        "dropout_range": lambda: F.scaled_dot_product_attention(qm, km, v, dropout_p=1.5),
    }


def _sdpa_double_backward(torch, flash):
    F = torch.nn.functional
    e = 8 if flash else 5
    q, k, v = _inputs(torch, 2, ((1, 2, 3, e), (1, 2, 4, e), (1, 2, 4, 8)), torch.float64)

    def run():
        out = F.scaled_dot_product_attention(q, k, v)
        (g,) = torch.autograd.grad((out * out).sum(), q, create_graph=True)
        (gg,) = torch.autograd.grad(g.sum(), k)
        return {"gg": describe(torch, gg)}
    result, caught = _caught(run)
    return result


MHA_CONFIGS = {
    # name: (constructor kwargs, forward kwargs, input shapes (query, key, value), options)
    "self": ({}, {}, "self", {}),
    "self_no_weights": ({}, {"need_weights": False}, "self", {}),
    "self_per_head_weights": ({}, {"average_attn_weights": False}, "self", {}),
    "batch_first": ({"batch_first": True}, {}, "self_bf", {}),
    "batch_first_no_weights": ({"batch_first": True}, {"need_weights": False}, "self_bf", {}),
    "cross_kv_same": ({}, {}, "kv", {}),
    "cross_kv_same_no_weights": ({}, {"need_weights": False}, "kv", {}),
    "kdim_vdim": ({"kdim": 5, "vdim": 3}, {}, "kdim", {}),
    "kdim_vdim_no_weights": ({"kdim": 5, "vdim": 3}, {"need_weights": False}, "kdim", {}),
    "bias_kv_zero_attn": ({"add_bias_kv": True, "add_zero_attn": True}, {}, "self", {"masks": True}),
    "bias_kv_no_weights": ({"add_bias_kv": True, "add_zero_attn": True}, {"need_weights": False}, "self",
                           {"masks": True}),
    "no_bias": ({"bias": False}, {}, "self", {}),
    "masks": ({}, {}, "self", {"masks": True}),
    "masks_no_weights": ({}, {"need_weights": False}, "self", {"masks": True}),
    "masks_float": ({}, {}, "self", {"masks": "float"}),
    "mask3d": ({}, {"need_weights": False}, "self", {"mask3d": True}),
    "causal_no_weights": ({}, {"need_weights": False, "is_causal": True}, "self", {"causal": True}),
    "causal_with_weights": ({}, {"is_causal": True}, "self", {"causal": True}),
    "unbatched": ({}, {}, "unbatched", {}),
    "unbatched_no_weights": ({}, {"need_weights": False}, "unbatched", {}),
    "dropout_train": ({"dropout": 0.25}, {}, "self", {}),
    "dropout_train_no_weights": ({"dropout": 0.25}, {"need_weights": False}, "self", {}),
    "dropout_eval": ({"dropout": 0.25}, {}, "self", {"eval": True}),
    "float64": ({"dtype": "float64"}, {"need_weights": False}, "self", {}),
}
E, HEADS, L, S, N = 8, 2, 4, 6, 3


def _mha_case(torch, name):
    ctor, fwd, layout, opts = MHA_CONFIGS[name]
    ctor, fwd = dict(ctor), dict(fwd)
    dtype = getattr(torch, ctor.pop("dtype", "float32"))
    torch.manual_seed(0)
    m = torch.nn.MultiheadAttention(E, HEADS, dtype=dtype, **ctor)
    if opts.get("eval"):
        m.eval()
    shapes = {"self": [(L, N, E)], "self_bf": [(N, L, E)], "kv": [(L, N, E), (S, N, E)],
              "kdim": [(L, N, E), (S, N, 5), (S, N, 3)], "unbatched": [(L, E)]}[layout]
    xs = _inputs(torch, 5, shapes, dtype)
    q, k, v = (xs[0], xs[0], xs[0]) if len(xs) == 1 else (xs[0], xs[1], xs[1]) if len(xs) == 2 else xs
    src = S if len(xs) > 1 else L
    torch.manual_seed(9)
    if opts.get("masks"):
        fwd["key_padding_mask"] = torch.rand(N, src) > 0.7
        fwd["attn_mask"] = torch.randn(L, src).to(dtype) if opts["masks"] == "float" else torch.rand(L, src) > 0.8
    if opts.get("mask3d"):
        fwd["attn_mask"] = torch.randn(N * HEADS, L, src).to(dtype)
    if opts.get("causal"):
        fwd["attn_mask"] = torch.nn.Transformer.generate_square_subsequent_mask(L, dtype=dtype)
    params = [p for p in m.parameters()]

    def fn():
        torch.manual_seed(4)
        return m(q, k, v, **fwd)
    d = _describe_run(torch, fn, list(xs) + params)
    d["params"] = _digests(m)
    return d


def _mha_errors(torch):
    nn = torch.nn
    torch.manual_seed(0)
    m = nn.MultiheadAttention(E, HEADS)
    x = torch.randn(L, N, E)
    return {
        "not_divisible": lambda: nn.MultiheadAttention(7, 2),
        "nonpositive": lambda: nn.MultiheadAttention(0, 2),
        "query_dim": lambda: m(x[0, 0], x[0, 0], x[0, 0]),
        "key_dim": lambda: m(x, x[0], x[0]),
        "mask_shape": lambda: m(x, x, x, attn_mask=torch.zeros(L, L + 1)),
        "mask3d_shape": lambda: m(x, x, x, attn_mask=torch.zeros(2, L, L)),
        "mask_dtype": lambda: m(x, x, x, attn_mask=torch.zeros(L, L, dtype=torch.int64)),
        "causal_without_mask": lambda: m(x, x, x, is_causal=True),
        "kv_shape": lambda: m(x, x, x[:, :2]),
        "embed_dim": lambda: m(x[..., :6], x[..., :6], x[..., :6]),
        "padding_shape": lambda: m(x, x, x, key_padding_mask=torch.zeros(N, L + 1, dtype=torch.bool)),
        "padding_dim": lambda: m(x, x, x, key_padding_mask=torch.zeros(N, L, 1, dtype=torch.bool)),
    }


def _layer(torch, kind, d, nhead, ff, **kw):
    nn = torch.nn
    act = kw.pop("activation", "relu")
    if act == "module_gelu":
        act = nn.GELU()
    elif act == "callable":
        act = torch.tanh
    if kind == "encoder":
        return nn.TransformerEncoderLayer(d, nhead, ff, activation=act, **kw)
    return nn.TransformerDecoderLayer(d, nhead, ff, activation=act, **kw)


LAYER_CONFIGS = {
    # name: (encoder/decoder, layer kwargs, forward options)
    "enc_post_relu": ("encoder", {}, {}),
    "enc_pre_gelu": ("encoder", {"norm_first": True, "activation": "gelu"}, {}),
    "enc_module_gelu_bf": ("encoder", {"activation": "module_gelu", "batch_first": True}, {}),
    "enc_callable_no_bias": ("encoder", {"activation": "callable", "bias": False}, {}),
    "enc_causal_mask": ("encoder", {}, {"causal": True}),
    "enc_causal_flag": ("encoder", {"norm_first": True}, {"causal": True, "is_causal": True}),
    "enc_padding": ("encoder", {}, {"padding": True}),
    "enc_eval": ("encoder", {}, {"eval": True, "padding": True}),
    "enc_no_dropout": ("encoder", {"dropout": 0.0}, {}),
    "dec_post": ("decoder", {}, {}),
    "dec_pre_gelu_bf": ("decoder", {"norm_first": True, "activation": "gelu", "batch_first": True}, {}),
    "dec_masks": ("decoder", {}, {"causal": True, "padding": True}),
    "dec_eval": ("decoder", {}, {"eval": True, "causal": True}),
}
D, FF = 8, 16


def _layer_case(torch, name):
    kind, kw, opts = LAYER_CONFIGS[name]
    torch.manual_seed(0)
    layer = _layer(torch, kind, D, HEADS, FF, **dict(kw))
    if opts.get("eval"):
        layer.eval()
    bf = kw.get("batch_first", False)
    shape = (N, L, D) if bf else (L, N, D)
    mem_shape = (N, S, D) if bf else (S, N, D)
    xs = _inputs(torch, 6, [shape, mem_shape] if kind == "decoder" else [shape], torch.float32)
    fwd = {}
    mask = torch.nn.Transformer.generate_square_subsequent_mask(L) if opts.get("causal") else None
    torch.manual_seed(8)
    pad = torch.rand(N, L) > 0.7 if opts.get("padding") else None
    if kind == "encoder":
        fwd = {"src_mask": mask, "src_key_padding_mask": pad, "is_causal": bool(opts.get("is_causal"))}
    else:
        fwd = {"tgt_mask": mask, "tgt_key_padding_mask": pad, "tgt_is_causal": bool(opts.get("is_causal"))}
    params = [p for p in layer.parameters()]
    params = params[:2] + params[-2:]   # (gradients of a few parameters keep the record small)

    def fn():
        torch.manual_seed(4)
        return layer(*xs, **fwd)
    d = _describe_run(torch, fn, list(xs) + params)
    d["params"] = _digests(layer)
    return d


def _stacks(torch):
    nn = torch.nn

    def encoder():
        torch.manual_seed(0)
        layer = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.1)
        enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(D), enable_nested_tensor=False)
        (x,) = _inputs(torch, 6, [(L, N, D)], torch.float32)
        mask = nn.Transformer.generate_square_subsequent_mask(L)

        def fn():
            torch.manual_seed(4)
            return enc(x, mask=mask)
        d = _describe_run(torch, fn, [x] + list(enc.parameters())[:2])
        d["params"] = _digests(enc)
        return d

    def decoder():
        torch.manual_seed(0)
        layer = nn.TransformerDecoderLayer(D, HEADS, FF, dropout=0.1, batch_first=True)
        dec = nn.TransformerDecoder(layer, 2)
        x, mem = _inputs(torch, 6, [(N, L, D), (N, S, D)], torch.float32)

        def fn():
            torch.manual_seed(4)
            return dec(x, mem, tgt_mask=nn.Transformer.generate_square_subsequent_mask(L), tgt_is_causal=True)
        d = _describe_run(torch, fn, [x, mem] + list(dec.parameters())[:2])
        d["params"] = _digests(dec)
        return d

    def transformer(**kw):
        def run():
            torch.manual_seed(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # (the nested-tensor notice; the repr cases check it)
                t = nn.Transformer(D, HEADS, 2, 1, FF, **kw)
            bf = kw.get("batch_first", False)
            src, tgt = _inputs(torch, 6, [(N, S, D) if bf else (S, N, D), (N, L, D) if bf else (L, N, D)],
                               torch.float32)

            def fn():
                torch.manual_seed(4)
                return t(src, tgt, tgt_mask=t.generate_square_subsequent_mask(L))
            d = _describe_run(torch, fn, [src, tgt] + list(t.parameters())[:2])
            d["params"] = _digests(t)
            return d
        return run

    return {"stack/encoder": encoder, "stack/decoder": decoder, "stack/transformer": transformer(),
            "stack/transformer_bf_prenorm_gelu": transformer(batch_first=True, norm_first=True, activation="gelu")}


def _fast_paths(torch):
    """Eval mode without grad, where PyTorch runs its fused inference kernels (nested tensors for
    padded batches): the same values within float rounding."""
    nn = torch.nn

    def run(make, shapes, fwd):
        def go():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.manual_seed(0)
                module = make().eval()
            xs = _inputs(torch, 6, shapes, torch.float32, grad=False)
            pad = torch.tensor([[False] * L, [False] * (L - 1) + [True], [False] * 2 + [True] * (L - 2)])
            with torch.no_grad():
                res = module(*xs, **fwd(pad))
            return {"outs": [None if o is None else describe(torch, o) for o in (res if isinstance(res, tuple)
                                                                               else (res,))]}
        return go

    mha = lambda: nn.MultiheadAttention(D, HEADS, batch_first=True)   # noqa: E731
    enc_layer = lambda: nn.TransformerEncoderLayer(D, HEADS, FF, batch_first=True)   # noqa: E731
    enc = lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(D, HEADS, FF, batch_first=True), 2,   # noqa: E731
                                        norm=nn.LayerNorm(D))
    x3 = [(N, L, D)] * 1
    return {
        "fast/mha": run(lambda: _SelfAttention(mha()), x3, lambda pad: {}),
        "fast/mha_padding": run(lambda: _SelfAttention(mha()), x3, lambda pad: {"key_padding_mask": pad}),
        "fast/mha_padding_no_weights": run(lambda: _SelfAttention(mha()), x3,
                                           lambda pad: {"key_padding_mask": pad, "need_weights": False}),
        "fast/encoder_layer": run(enc_layer, x3, lambda pad: {}),
        "fast/encoder_layer_padding": run(enc_layer, x3, lambda pad: {"src_key_padding_mask": pad}),
        "fast/encoder_padding": run(enc, x3, lambda pad: {"src_key_padding_mask": pad}),
        "fast/encoder": run(enc, x3, lambda pad: {}),
    }


class _SelfAttention:
    """m(x, x, x) for a MultiheadAttention m (self-attention, the fast path's case)."""

    def __init__(self, m):
        self.m = m

    def eval(self):
        self.m.eval()
        return self

    def __call__(self, x, **kw):
        return self.m(x, x, x, **kw)


def _gpt_steps(torch):
    """Three AdamW steps of the W8/W10 benchmark's GPT (``benchmarks/gpt.py``) at a tiny size: the
    seeded model's losses (flash attention, tied embedding, GELU, LayerNorm, cross-entropy)."""
    repo = str(pathlib.Path(__file__).resolve().parent.parent)
    if repo not in sys.path:
        sys.path.append(repo)
    from benchmarks.gpt import build_gpt
    torch.manual_seed(0)
    model = build_gpt(torch, 11, 2, 2, 16, 8)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    ids = [[(7 * i + 3 * b) % 11 for i in range(9)] for b in range(3)]
    x, y = torch.tensor([r[:-1] for r in ids]), torch.tensor([r[1:] for r in ids])
    losses = []
    for _ in range(3):
        optimizer.zero_grad()
        loss = model(x, y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {"losses": losses}


def _reprs(torch):
    nn = torch.nn

    def show(make):
        def run():
            value, caught = _caught(lambda: str(make()))
            return {"repr": value if isinstance(value, str) else value, "warnings": caught}
        return run
    return {
        "repr/mha": show(lambda: nn.MultiheadAttention(8, 2, kdim=4, vdim=3, add_bias_kv=True)),
        "repr/transformer": show(lambda: nn.Transformer(8, 2, 1, 1, 16)),
        "repr/encoder_bf": show(lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
                                                              1)),
        "repr/encoder_odd_heads": show(lambda: nn.TransformerEncoder(
            nn.TransformerEncoderLayer(9, 3, 16, batch_first=True), 1, enable_nested_tensor=True)),
        "repr/encoder_no_nested": show(lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1,
                                                                     enable_nested_tensor=False)),
        "repr/mask": show(lambda: nn.Transformer.generate_square_subsequent_mask(4)),
        "repr/mask_double": show(lambda: nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)),
        "repr/bad_activation": show(lambda: nn.TransformerEncoderLayer(8, 2, 16, activation="tanh")),
    }


def cases(torch):
    out = {}
    for name in SDPA_CONFIGS:
        for dt in ("float64", "float32"):
            out[f"sdpa/{name}/{dt}"] = (lambda n=name, d=dt: _sdpa_case(torch, n, d))
    for name, fn in _sdpa_errors(torch).items():
        out[f"sdpa_error/{name}"] = (lambda f=fn: _caught(lambda: (f(), {"error": None})[1])[0])
    out["sdpa/double_backward_flash"] = lambda: _sdpa_double_backward(torch, True)
    out["sdpa/double_backward_math"] = lambda: _sdpa_double_backward(torch, False)
    for name in MHA_CONFIGS:
        out[f"mha/{name}"] = (lambda n=name: _mha_case(torch, n))
    for name, fn in _mha_errors(torch).items():
        out[f"mha_error/{name}"] = (lambda f=fn: _caught(lambda: (f(), {"error": None})[1])[0])
    for name in LAYER_CONFIGS:
        out[f"layer/{name}"] = (lambda n=name: _layer_case(torch, n))
    out.update(_stacks(torch))
    out.update(_fast_paths(torch))
    out["gpt/steps"] = lambda: _gpt_steps(torch)
    out.update(_reprs(torch))
    return out
