"""The out= cases of ``tests/test_out_surface.py``, run on PyTorch by ``tools/record_out_surface.py``
and on tinytorch by the test.  Each case is a function of the module (``torch`` or ``tinytorch``)
returning what it did: the result's values, dtype and shape, whether ``out`` itself came back,
out's version counter, the warnings raised, or the exception type and message."""
import warnings


def _ops(torch):
    """name -> (function, positional arguments): one call per op that takes out=."""
    a = torch.tensor([[1.5, -2.0, 0.25], [3.0, 0.5, -1.0]])
    b = torch.tensor([[0.5, 4.0, -2.0], [1.0, 2.0, 3.0]])
    m = torch.tensor([[2.0, 1.0], [1.0, 3.0]])
    v = torch.tensor([1.0, -2.0, 0.5])
    w = torch.tensor([0.5, 1.0, 2.0])
    i = torch.tensor([[0, 1, 2], [1, 0, 0]])
    n = torch.tensor([[3, -4, 5], [6, 0, -1]])
    p = torch.tensor([[0.2, 0.4, 0.6], [0.1, 0.3, 0.9]])
    return {
        "add": (torch.add, (a, b)), "sub": (torch.sub, (a, b)), "mul": (torch.mul, (a, b)),
        "multiply": (torch.multiply, (a, 2)), "div": (torch.div, (a, b)), "true_divide": (torch.true_divide, (n, 2)),
        "floor_divide": (torch.floor_divide, (n, 2)), "remainder": (torch.remainder, (n, 4)),
        "pow": (torch.pow, (a, 2)), "exp": (torch.exp, (a,)), "sqrt": (torch.sqrt, (p,)), "abs": (torch.abs, (n,)),
        "neg": (torch.neg, (n,)), "sigmoid": (torch.sigmoid, (a,)), "tanh": (torch.tanh, (a,)),
        "floor": (torch.floor, (a,)), "atan2": (torch.atan2, (a, b)), "maximum": (torch.maximum, (a, b)),
        "eq": (torch.eq, (a, b)), "lt": (torch.lt, (a, 0.5)), "logical_and": (torch.logical_and, (a, b)),
        "bitwise_and": (torch.bitwise_and, (n, 6)), "square": (torch.square, (n,)),
        "clamp": (torch.clamp, (a, -1, 1)), "clamp_min": (torch.clamp_min, (a, 0)),
        "where": (torch.where, (a > 0, a, b)), "lerp": (torch.lerp, (a, b, 0.25)), "round": (torch.round, (a,)),
        "mm": (torch.mm, (m, m)), "bmm": (torch.bmm, (m[None], m[None])), "mv": (torch.mv, (m, m[0])),
        "dot": (torch.dot, (v, w)), "matmul": (torch.matmul, (a, b.t())), "matmul_1d": (torch.matmul, (v, w)),
        "addmm": (torch.addmm, (m, m, m)), "outer": (torch.outer, (v, w)), "tensordot": (torch.tensordot, (a, b, 2)),
        "addcmul": (torch.addcmul, (a, a, b)), "cross": (torch.cross, (a, b, 1)),
        "cat": (torch.cat, ([a, b],)), "stack": (torch.stack, ([a, b],)), "hstack": (torch.hstack, ([a, b],)),
        "sum": (torch.sum, (p, 1)), "prod": (torch.prod, (a, 0)), "cumsum": (torch.cumsum, (p, 1)),
        "mean": (torch.mean, (a, 0)), "amax": (torch.amax, (a, 1)), "argmax": (torch.argmax, (a, 1)),
        "logsumexp": (torch.logsumexp, (a, 1)), "softmax": (torch.softmax, (a, 1)), "norm": (torch.norm, (a,)),
        "tril": (torch.tril, (a,)), "gather": (torch.gather, (a, 1, i)), "index_select": (torch.index_select, (a, 1, i[0])),
        "masked_select": (torch.masked_select, (a, a > 0)), "nonzero": (torch.nonzero, (n,)),
    }


OUT_DTYPES = ("float32", "float64", "int64", "bool")


def _describe(torch, value, out):
    if isinstance(value, torch.Tensor):
        return {"values": value.tolist(), "dtype": str(value.dtype).split(".")[-1], "shape": list(value.shape),
                "is_out": value is out, "version": out._version}
    if isinstance(value, tuple):
        return {"type": type(value).__name__, "fields": [_describe(torch, v, o) for v, o in zip(value, out)],
                "are_out": [v is o for v, o in zip(value, out)]}
    return {"value": repr(value)}


def call(torch, fn, args, out, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = _describe(torch, fn(*args, out=out, **kwargs), out)
        except Exception as e:   # noqa: BLE001 (the case records whatever PyTorch raises)
            result = {"error": type(e).__name__, "message": str(e)}
    result["warnings"] = [str(w.message).split(" (Triggered internally")[0] for w in caught
                          if issubclass(w.category, UserWarning)]
    return result


def dtype_cases(torch):
    """Every op into an empty out of each dtype (resized silently), and into a full float32 out of
    the wrong shape (resized with the warning)."""
    results = {}
    for name, (fn, args) in _ops(torch).items():
        for dt in OUT_DTYPES:
            results[f"{name} {dt}"] = call(torch, fn, args, torch.empty(0, dtype=getattr(torch, dt)))
        results[f"{name} resize"] = call(torch, fn, args, torch.zeros(7, dtype=torch.float32))
    return results


def rule_cases(torch):
    """Autograd refusals, argument errors, aliasing, views, factories."""
    x = torch.tensor([1.0, 2.0, 3.0])
    req = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    r = {}
    r["input requires grad"] = call(torch, torch.add, (req, x), torch.empty(3))
    r["out requires grad"] = call(torch, torch.add, (x, x), torch.empty(3, requires_grad=True))
    r["alias requires grad"] = call(torch, torch.multiply, (req, 2), torch.empty(3))
    r["cat requires grad"] = call(torch, torch.cat, ([req, x],), torch.empty(6))
    with torch.no_grad():
        r["no_grad out requires grad"] = call(torch, torch.add, (x, x), torch.empty(3, requires_grad=True))
        r["no_grad input requires grad"] = call(torch, torch.mul, (req, 2), torch.empty(3))
    r["out is a list"] = call(torch, torch.add, (x, x), [1.0])
    r["out is a tuple"] = call(torch, torch.exp, (x,), (torch.empty(3),))
    r["out None"] = call(torch, torch.add, (x, x), None)
    r["out is the input"] = call(torch, torch.add, (x.clone(), 1), None)
    y = x.clone()
    r["in place through out"] = call(torch, torch.add, (y, 1), y)
    z = torch.arange(5.0)
    r["partial overlap"] = call(torch, torch.add, (z[1:], 1), z[:-1])
    r["expanded out"] = call(torch, torch.add, (torch.ones(2, 3), 1), torch.empty(3).expand(2, 3))
    base = torch.zeros(6)
    r["strided view out"] = call(torch, torch.mul, (x, 2), base[::2])
    r["strided view base"] = {"values": base.tolist()}
    t = torch.zeros(2, 3)
    r["transposed out"] = call(torch, torch.add, (torch.ones(3, 2), 1), t.t())
    r["transposed base"] = {"values": t.tolist()}
    r["alpha keyword"] = call(torch, torch.add, (x, x), torch.empty(3), alpha=2)
    r["sub alpha"] = call(torch, torch.sub, (x, x), torch.empty(3), alpha=3)
    r["sum keepdim"] = call(torch, torch.sum, (torch.ones(2, 3), 1, True), torch.empty(0))
    r["wrong argument before out"] = call(torch, torch.add, (x, "a"), torch.empty(3))
    m = torch.tensor([[3.0, 1.0, 2.0], [0.5, 4.0, -1.0]])
    long0 = lambda: torch.empty(0, dtype=torch.int64)   # noqa: E731
    r["max dim tuple"] = call(torch, torch.max, (m, 1), (torch.empty(0), long0()))
    r["min dim list"] = call(torch, torch.min, (m, 0, True), [torch.empty(0), long0()])
    r["sort tuple"] = call(torch, torch.sort, (m,), (torch.empty(0), long0()), descending=True)
    r["topk tuple resize"] = call(torch, torch.topk, (m, 2), (torch.zeros(9), torch.zeros(9, dtype=torch.int64)))
    r["max all into tensor"] = call(torch, torch.max, (m,), torch.empty(0))
    r["max tuple of one"] = call(torch, torch.max, (m, 1), (torch.empty(0),))
    r["max values dtype"] = call(torch, torch.max, (m, 1), (long0(), long0()))
    r["max indices dtype"] = call(torch, torch.max, (m, 1), (torch.empty(0), torch.empty(0)))
    r["topk into a tensor"] = call(torch, torch.topk, (m, 1), torch.empty(0))
    r["sort requires grad"] = call(torch, torch.sort, (m.clone().requires_grad_(),), (torch.empty(0), long0()))
    return r


def factory_cases(torch):
    r = {}
    torch.manual_seed(0)
    r["zeros"] = call(torch, torch.zeros, (2, 3), torch.empty(0, dtype=torch.int64))
    r["ones resize"] = call(torch, torch.ones, (2,), torch.empty(5))
    r["zeros dtype mismatch"] = call(torch, torch.zeros, (2,), torch.empty(0, dtype=torch.int64), dtype=torch.float64)
    r["ones same dtype"] = call(torch, torch.ones, (2,), torch.empty(0, dtype=torch.float64), dtype=torch.float64)
    r["rand"] = call(torch, torch.rand, (3,), torch.empty(3))
    r["randn requires_grad"] = call(torch, torch.randn, (2,), torch.empty(2), requires_grad=True)
    r["randint"] = call(torch, torch.randint, (10, (4,)), torch.empty(0, dtype=torch.int64))
    r["randperm"] = call(torch, torch.randperm, (5,), torch.empty(0, dtype=torch.int64))
    r["zeros out list"] = call(torch, torch.zeros, (2,), [0])
    return r


def tuple_cases(torch):
    """The multi-output ops' out=(...) tuples: values, dtypes, counts, resizing."""
    m = torch.tensor([[3.0, 1.0, 2.0], [0.5, 4.0, -1.0]])
    sq = torch.tensor([[2.0, 1.0], [1.0, 3.0]])
    e, l0 = (lambda: torch.empty(0)), (lambda: torch.empty(0, dtype=torch.int64))
    r = {}
    r["median dim"] = call(torch, torch.median, (m, 0), (e(), l0()))
    r["median keepdim resize"] = call(torch, torch.median, (m, 1, True), (torch.zeros(5), torch.zeros(5, dtype=torch.int64)))
    r["median no dim"] = call(torch, torch.median, (m,), (e(), l0()))
    r["median no dim tensor"] = call(torch, torch.median, (m,), e())
    r["nanmedian dim"] = call(torch, torch.nanmedian, (m, 1), (e(), l0()))
    r["mode"] = call(torch, torch.mode, (m, 0), (e(), l0()))
    r["kthvalue"] = call(torch, torch.kthvalue, (m, 2, 1), (e(), l0()))
    r["cummax"] = call(torch, torch.cummax, (m, 1), (e(), l0()))
    r["cummin"] = call(torch, torch.cummin, (m, 0), (e(), l0()))
    r["aminmax"] = call(torch, torch.aminmax, (m,), (e(), e()))
    r["aminmax dim"] = call(torch, torch.aminmax, (m,), [e(), e()], dim=1, keepdim=True)
    r["aminmax long out"] = call(torch, torch.aminmax, (m,), (e(), l0()), dim=0)
    r["median three outs"] = call(torch, torch.median, (m, 0), (e(), l0(), l0()))
    r["qr"] = call(torch, torch.qr, (m.t(),), (e(), e()))
    r["linalg.qr"] = call(torch, torch.linalg.qr, (m.t(),), (e(), e()))
    r["linalg.qr double out"] = call(torch, torch.linalg.qr, (m.t(),), (e().double(), e()))
    r["svd"] = call(torch, torch.svd, (sq,), (e(), e(), e()))
    r["linalg.svd"] = call(torch, torch.linalg.svd, (sq,), (e(), e(), e()))
    r["linalg.svd two outs"] = call(torch, torch.linalg.svd, (sq,), (e(), e()))
    r["linalg.svd tensor"] = call(torch, torch.linalg.svd, (sq,), e())
    r["slogdet"] = call(torch, torch.slogdet, (sq,), (e(), e()))
    r["linalg.slogdet"] = call(torch, torch.linalg.slogdet, (sq,), (e(), e()))
    r["sort stable"] = call(torch, torch.sort, (m,), (e(), l0()), stable=True, dim=0, descending=True)
    r["argsort stable"] = call(torch, torch.argsort, (m,), l0(), stable=True)
    r["kthvalue requires grad"] = call(torch, torch.kthvalue, (m.clone().requires_grad_(), 1), (e(), l0()))
    return r


def range_factory_cases(torch):
    """arange, linspace, full and eye into out: out's dtype, resizing, keeping out's shape."""
    r = {}
    r["arange into float"] = call(torch, torch.arange, (5,), torch.empty(0))
    r["arange float steps into long"] = call(torch, torch.arange, (0.5, 3.7), torch.empty(0, dtype=torch.int64))
    r["arange float64"] = call(torch, torch.arange, (0, 1, 0.1), torch.empty(0, dtype=torch.float64))
    r["arange int32"] = call(torch, torch.arange, (3,), torch.empty(0, dtype=torch.int32))
    r["arange resize warns"] = call(torch, torch.arange, (5,), torch.zeros(2, 2, dtype=torch.int64))
    r["arange same numel keeps shape"] = call(torch, torch.arange, (4,), torch.zeros(2, 2))
    r["arange bool"] = call(torch, torch.arange, (4,), torch.zeros(2, dtype=torch.bool))
    r["arange dtype mismatch"] = call(torch, torch.arange, (5,), torch.empty(0), dtype=torch.int64)
    r["arange requires_grad"] = call(torch, torch.arange, (3.0,), torch.empty(0), requires_grad=True)
    r["linspace into long"] = call(torch, torch.linspace, (0, 1, 5), torch.empty(0, dtype=torch.int64))
    r["linspace resize"] = call(torch, torch.linspace, (0, 1, 3), torch.zeros(5))
    r["linspace keeps shape"] = call(torch, torch.linspace, (0, 1, 4), torch.zeros(2, 2))
    r["linspace float64"] = call(torch, torch.linspace, (0, 1, 3), torch.zeros(0, dtype=torch.float64))
    r["full into long"] = call(torch, torch.full, ((2,), 1.5), torch.empty(0, dtype=torch.int64))
    r["full resize"] = call(torch, torch.full, ((2, 2), 3), torch.zeros(5))
    r["full bool"] = call(torch, torch.full, ((2,), 3), torch.zeros(1, dtype=torch.bool))
    r["full dtype mismatch"] = call(torch, torch.full, ((2,), 3), torch.empty(0), dtype=torch.int64)
    r["eye into long"] = call(torch, torch.eye, (3,), torch.empty(0, dtype=torch.int64))
    r["eye m resize"] = call(torch, torch.eye, (2, 3), torch.zeros(5))
    r["eye bool"] = call(torch, torch.eye, (2,), torch.zeros(0, dtype=torch.bool))
    return r


def view_resize_cases(torch):
    """A view passed as out= of another shape: laid out afresh from its first element in its
    base's memory (the base sees the values)."""
    r = {}
    for label, make, fn, args in (
            ("slice grows", lambda b: b[1:3], torch.add, (torch.ones(4), 1)),
            ("slice shrinks", lambda b: b[1:5], torch.add, (torch.ones(2), 1)),
            ("strided view", lambda b: b[::2], torch.add, (torch.ones(4), 1)),
            ("column of a matrix", lambda b: b.view(2, 3)[:, 1], torch.add, (torch.ones(2, 2), 1)),
            ("transposed", lambda b: b.view(2, 3).t(), torch.add, (torch.ones(2), 1)),
            ("arange into a slice", lambda b: b[1:3], torch.arange, (4,)),
            ("sort into slices", None, torch.sort, (torch.tensor([3.0, 1.0, 2.0]),))):
        base = torch.zeros(6)
        if make is None:
            ibase = torch.zeros(6, dtype=torch.int64)
            r[label] = call(torch, fn, args, (base[2:4], ibase[1:2]))
            r[label + " bases"] = {"values": [base.tolist(), ibase.tolist()]}
            continue
        r[label] = call(torch, fn, args, make(base))
        r[label + " base"] = {"values": base.tolist()}
    return r


CASES = (dtype_cases, rule_cases, factory_cases, tuple_cases, range_factory_cases, view_resize_cases)
