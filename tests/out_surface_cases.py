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


CASES = (dtype_cases, rule_cases, factory_cases)
