"""F.embedding / nn.Embedding with ``max_norm`` (in-place renorm of the rows read) and
``scale_grad_by_freq``, run by tools/record_embedding_norm.py (with PyTorch) and
tests/test_nn_embedding.py (with tinytorch).  ``run(T)`` returns {name: nested list or value}."""


def run(T):
    F, nn = T.nn.functional, T.nn
    out = {}
    for dtype in ("float32", "float64"):
        dt = getattr(T, dtype)
        for norm_type in (2.0, 1.0, 3.0, float("inf")):
            T.manual_seed(4)
            w = (T.randn(6, 4, dtype=dt) * 2).requires_grad_()
            idx = T.tensor([[0, 2, 2], [5, 0, 3]])
            y = F.embedding(idx, w, max_norm=1.0, norm_type=norm_type)
            (y * T.arange(24, dtype=dt).reshape(2, 3, 4)).sum().backward()
            key = f"{dtype}_p{norm_type}"
            out[f"renorm_out_{key}"] = y.tolist()
            out[f"renorm_weight_{key}"] = w.tolist()       # rows 0, 2, 3, 5 rescaled in place, 1 and 4 not
            out[f"renorm_grad_{key}"] = w.grad.tolist()
        T.manual_seed(5)
        w = T.randn(5, 3, dtype=dt, requires_grad=True)
        idx = T.tensor([[1, 1, 4, 0], [1, 4, 2, 1]])
        g = T.arange(24, dtype=dt).reshape(2, 4, 3)
        (F.embedding(idx, w, scale_grad_by_freq=True) * g).sum().backward()
        out[f"freq_grad_{dtype}"] = w.grad.tolist()
        w.grad = None
        (F.embedding(idx, w, padding_idx=4, scale_grad_by_freq=True) * g).sum().backward()
        out[f"freq_padding_grad_{dtype}"] = w.grad.tolist()
    T.manual_seed(6)
    m = nn.Embedding(7, 3, max_norm=0.8, scale_grad_by_freq=True)
    y = m(T.tensor([3, 3, 6, 1]))
    y.pow(2).sum().backward()
    out["module_out"], out["module_weight"], out["module_grad"] = y.tolist(), m.weight.tolist(), m.weight.grad.tolist()
    out["module_repr"] = [repr(m), repr(nn.Embedding(4, 2, 1, max_norm=2, norm_type=1.0, sparse=False))]
    T.manual_seed(7)
    w = T.randn(4, 3)
    small = w / 100
    before = small.clone()
    F.embedding(T.tensor([0, 1, 2, 3]), small, max_norm=5.0)
    out["untouched"] = bool((small == before).all())
    return out
