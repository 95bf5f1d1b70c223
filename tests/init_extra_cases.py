"""Cases for nn.init's eye_, dirac_, orthogonal_ and sparse_, run by tools/record_init_extra.py
(with PyTorch) and tests/test_nn_init_extra.py (with tinytorch).  ``run(T)`` takes the module
(``torch`` or ``tinytorch``) and returns {name: nested list}."""


def run(T):
    init = T.nn.init
    out = {}
    for dtype in ("float32", "float64"):
        dt = getattr(T, dtype)
        for shape in ((3, 5), (5, 3), (4, 4), (6, 2, 3), (2, 3, 2, 2)):
            T.manual_seed(3)
            out[f"orthogonal_{dtype}_{shape}"] = init.orthogonal_(T.empty(shape, dtype=dt), gain=1.5).tolist()
            out[f"after_orthogonal_{dtype}_{shape}"] = T.rand(2).tolist()
    T.manual_seed(5)
    out["sparse"] = init.sparse_(T.empty(7, 4), 0.3).tolist()
    out["after_sparse"] = T.rand(2).tolist()
    g = T.Generator().manual_seed(9)
    T.manual_seed(1)
    out["sparse_generator"] = init.sparse_(T.empty(5, 3), 0.5, std=1.0, generator=g).tolist()
    out["after_sparse_generator"] = T.rand(2).tolist()
    out["eye"] = init.eye_(T.empty(3, 5)).tolist()
    out["dirac_groups"] = init.dirac_(T.empty(6, 2, 3, 3), 2).tolist()
    out["dirac_1d"] = init.dirac_(T.empty(2, 3, 4)).tolist()
    out["dirac_3d"] = init.dirac_(T.empty(2, 2, 3, 3, 3)).tolist()
    return out
