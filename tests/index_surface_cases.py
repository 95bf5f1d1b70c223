"""The indexing-surface cases (gather/scatter family, index_* ops, masked ops, take, nonzero,
where(cond), range/list indexing) that ``tools/record_index_surface.py`` runs on PyTorch and
``tests/test_index_surface.py`` runs on tinytorch.

Each case is ``fn(torch, dt)`` for a dtype name, returning a tensor, a tuple of results, or
raising; ``summary`` turns the outcome into plain JSON data (values, dtype, shape, grad_fn
name, or the exception's type and message), the same way for both libraries.
"""
import math
import warnings

FLOATS = ("float32", "float64")
ALL = ("float32", "float64", "int64")


def summary(torch, fn, dt):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _plain(torch, fn(torch, dt))
        except Exception as e:   # the recorded outcome of a bad call
            return {"error": type(e).__name__, "message": str(e)}


def _plain(torch, r):
    if isinstance(r, (tuple, list)):
        return [_plain(torch, v) for v in r]
    if r is None or isinstance(r, (bool, int, str)):
        return r
    if isinstance(r, float):
        return "nan" if math.isnan(r) else r
    values = r.detach().tolist()
    return {"dtype": str(r.dtype).split(".")[-1], "shape": list(r.shape), "values": _nan_free(values),
            "grad_fn": None if r.grad_fn is None else type(r.grad_fn).__name__}


def _nan_free(v):
    if isinstance(v, list):
        return [_nan_free(x) for x in v]
    return "nan" if isinstance(v, float) and math.isnan(v) else v


# ---- inputs ------------------------------------------------------------------------------------

def x34(torch, dt, grad=False):
    x = torch.tensor([[1, 0, 2, 5], [3, -1, 4, 2], [0, 6, 1, 7]], dtype=getattr(torch, dt))
    return x.requires_grad_() if grad else x


def src34(torch, dt, grad=False):
    s = torch.tensor([[2, 3, 1, 4], [5, 2, 0, 3], [1, 1, 2, 6]], dtype=getattr(torch, dt))
    return s.requires_grad_() if grad else s


def idx(torch, rows):
    return torch.tensor(rows)


I1 = [[0, 2, 1, 3], [2, 0, 0, 1]]        # along dim 1 (values < 4), 2 rows
I0 = [[0, 2, 1, 0], [2, 0, 2, 1]]        # along dim 0 (values < 3)


def _bw(torch, y, *leaves):
    """y, then the gradients of a weighted sum of y w.r.t. ``leaves``."""
    w = torch.arange(1, y.numel() + 1, dtype=y.dtype).reshape(y.shape)
    (y * w).sum().backward()
    return (y,) + tuple(t.grad for t in leaves)


CASES = {}


def case(name, dtypes=ALL):
    def register(fn):
        for dt in dtypes:
            CASES[f"{name}[{dt}]"] = (fn, dt)
        return fn
    return register


# ---- gather ------------------------------------------------------------------------------------

@case("gather_dim1")
def _(torch, dt):
    return x34(torch, dt).gather(1, idx(torch, I1))


@case("gather_dim0_fn")
def _(torch, dt):
    return torch.gather(x34(torch, dt), 0, idx(torch, I0))


@case("gather_neg_dim_int32")
def _(torch, dt):
    return x34(torch, dt).gather(-1, idx(torch, I1).int())


@case("gather_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, x.gather(1, idx(torch, I1)), x)


@case("gather_0d", FLOATS)
def _(torch, dt):
    x = torch.tensor(5., dtype=getattr(torch, dt))
    return x.gather(0, torch.tensor(0)), x.gather(0, torch.tensor([0, 0]))


@case("gather_errors", ("float32",))
def _(torch, dt):
    x = x34(torch, dt)
    out = []
    for bad in (lambda: x.gather(1, torch.tensor([[4]])), lambda: x.gather(0, torch.tensor([[-1]])),
                lambda: x.gather(1, torch.tensor([[0.]])), lambda: x.gather(1, torch.tensor([0])),
                lambda: x.gather(1, torch.zeros(4, 1, dtype=torch.long)), lambda: x.gather(2, idx(torch, I1))):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


# ---- scatter, scatter_add, scatter_reduce --------------------------------------------------------

@case("scatter_src")
def _(torch, dt):
    return x34(torch, dt).scatter(1, idx(torch, I1), src34(torch, dt))


@case("scatter_value")
def _(torch, dt):
    return x34(torch, dt).scatter(0, idx(torch, I0), 2.5), torch.scatter(x34(torch, dt), 1, idx(torch, I1), value=-3)


@case("scatter_reduce_arg")
def _(torch, dt):
    x, i, s = x34(torch, dt), idx(torch, I1), src34(torch, dt)
    return (x.scatter(1, i, s, reduce="add"), x.scatter(1, i, s, reduce="multiply"),
            x.scatter(1, i, 2, reduce="multiply"), x.scatter(0, idx(torch, I0), 1.5, reduce="add"))


@case("scatter_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    r = x.scatter_(1, idx(torch, I1), src34(torch, dt))
    x.scatter_(0, idx(torch, I0), 7, reduce="add")
    return r is x, x


@case("scatter_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt, True)
    return _bw(torch, x.scatter(1, idx(torch, I1), s), x, s)


@case("scatter_value_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, x.scatter(1, idx(torch, I1), 0.5), x)


@case("scatter_reduce_arg_node", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    y = x.scatter(1, idx(torch, I1), 2.0, reduce="add")
    try:
        y.sum().backward()
        return y, "no error"
    except RuntimeError as e:
        return y, str(e)


@case("scatter_add")
def _(torch, dt):
    return x34(torch, dt).scatter_add(1, idx(torch, I1), src34(torch, dt)), torch.scatter_add(
        x34(torch, dt), 0, idx(torch, I0), src34(torch, dt))


@case("scatter_add_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    x.scatter_add_(0, idx(torch, I0), src34(torch, dt))
    return x


@case("scatter_add_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt, True)
    return _bw(torch, x.scatter_add(0, idx(torch, I0), s), x, s)


@case("scatter_small_index_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt, True)
    return _bw(torch, x.scatter(1, torch.tensor([[1], [3]]), s), x, s)


for _red in ("sum", "prod", "mean", "amax", "amin"):
    for _inc in (True, False):
        def _make(red, inc):
            def values(torch, dt):
                return x34(torch, dt).scatter_reduce(1, idx(torch, I1), src34(torch, dt), red, include_self=inc)

            def grads(torch, dt):
                x, s = x34(torch, dt, True), src34(torch, dt, True)
                return _bw(torch, x.scatter_reduce(0, idx(torch, I0), s, red, include_self=inc), x, s)
            case(f"scatter_reduce_{red}_{inc}")(values)
            case(f"scatter_reduce_{red}_{inc}_grad", FLOATS)(grads)
        _make(_red, _inc)


@case("scatter_reduce_prod_zeros_grad", ("float64",))
def _(torch, dt):
    x = torch.tensor([[0., 2., 3.], [1., 0., 0.]], dtype=torch.float64, requires_grad=True)
    s = torch.tensor([[4., 0., 5.], [0., 2., 0.]], dtype=torch.float64, requires_grad=True)
    return _bw(torch, x.scatter_reduce(1, torch.tensor([[0, 0, 1], [1, 2, 2]]), s, "prod"), x, s)


@case("scatter_reduce_amax_ties_grad", ("float64",))
def _(torch, dt):
    x = torch.tensor([[1., 3., 3.]], dtype=torch.float64, requires_grad=True)
    s = torch.tensor([[3., 3., 2., 1.]], dtype=torch.float64, requires_grad=True)
    return _bw(torch, x.scatter_reduce(1, torch.tensor([[0, 1, 2, 1]]), s, "amax"), x, s)


@case("scatter_reduce_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    x.scatter_reduce_(1, idx(torch, I1), src34(torch, dt), "amin", include_self=False)
    return x


@case("scatter_errors", ("float32",))
def _(torch, dt):
    x, s, i = x34(torch, dt), src34(torch, dt), idx(torch, I1)
    out = []
    for bad in (lambda: x.scatter(1, torch.tensor([[4]]), 1.0), lambda: x.scatter(1, torch.tensor([[-1]]), s),
                lambda: x.scatter(1, i.float(), s), lambda: x.scatter(1, i, s.double()),
                lambda: x.scatter(1, torch.tensor([0]), 1.0), lambda: x.scatter(1, torch.zeros(4, 1, dtype=torch.long), 1.),
                lambda: x.scatter(1, i, torch.ones(1, 1)), lambda: x.scatter(1, i, s, reduce="mean"),
                lambda: x.scatter_add(1, torch.tensor([[9]]), s), lambda: x.scatter_add(1, i, 1.0),
                lambda: x.scatter_reduce(1, i, s, "max"), lambda: x.scatter_reduce(1, i, s.double(), "sum"),
                lambda: x.scatter_add(3, i, s)):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


# ---- index_select, index_add, index_copy, index_fill ---------------------------------------------

@case("index_select")
def _(torch, dt):
    x = x34(torch, dt)
    return (x.index_select(1, torch.tensor([3, 0, 0])), torch.index_select(x, 0, torch.tensor([2, 1])),
            x.index_select(0, torch.tensor(1)), x.index_select(-1, torch.tensor([1], dtype=torch.int32)),
            x.index_select(0, torch.tensor([], dtype=torch.long)))


@case("index_select_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, x.index_select(1, torch.tensor([3, 0, 0])), x)


@case("index_add")
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[:, :2]
    return (x.index_add(1, torch.tensor([2, 2]), s), torch.index_add(x, 1, torch.tensor([3, 0]), s, alpha=2),
            x.index_add(0, torch.tensor([1], dtype=torch.int32), src34(torch, dt)[:1]))


@case("index_add_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    x.index_add_(0, torch.tensor([2, 0]), src34(torch, dt)[:2], alpha=3)
    return x


@case("index_add_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt)[:, :2].clone().requires_grad_()
    return _bw(torch, x.index_add(1, torch.tensor([2, 2]), s, alpha=-1.5), x, s)


@case("index_copy")
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[:, :2]
    return x.index_copy(1, torch.tensor([3, 1]), s), torch.index_copy(x, 0, torch.tensor([0]), src34(torch, dt)[2:])


@case("index_copy_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    return x.index_copy_(1, torch.tensor([0, 2]), src34(torch, dt)[:, 1:3]) is x, x


@case("index_copy_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt)[:, :2].clone().requires_grad_()
    return _bw(torch, x.index_copy(1, torch.tensor([3, 1]), s), x, s)


@case("index_fill")
def _(torch, dt):
    x = x34(torch, dt)
    return (x.index_fill(1, torch.tensor([0, -1]), -2), torch.index_fill(x, 0, torch.tensor(1), 2.5),
            x.index_fill(1, torch.tensor([2]), torch.tensor(9, dtype=getattr(torch, dt))))


@case("index_fill_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    x.index_fill_(0, torch.tensor([0, 2]), 4)
    return x


@case("index_fill_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    v = torch.tensor(3., dtype=getattr(torch, dt), requires_grad=True)
    y1 = _bw(torch, x.index_fill(1, torch.tensor([1, 3]), 0.5), x)
    x.grad = None
    return y1 + _bw(torch, x.index_fill(1, torch.tensor([1, 3]), v), x, v)


@case("index_fill_negative_index_grad", ("float64",))
def _(torch, dt):
    """PyTorch's IndexFillBackward1 reads the tensor value's gradient with index_select, which
    refuses the negative index that index_fill itself accepted."""
    x = x34(torch, dt, True)
    v = torch.tensor(3., dtype=torch.float64, requires_grad=True)
    y = x.index_fill(1, torch.tensor([1, -1]), v)
    try:
        y.sum().backward()
    except RuntimeError as e:
        return y, str(e)
    return y, x.grad, v.grad


@case("index_errors", ("float32",))
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)
    out = []
    for bad in (lambda: x.index_select(1, torch.tensor([4])), lambda: x.index_select(1, torch.tensor([-1])),
                lambda: x.index_select(1, torch.tensor([[0]])), lambda: x.index_select(1, torch.tensor([0.])),
                lambda: x.index_add(1, torch.tensor([4, 0]), s[:, :2]), lambda: x.index_add(1, torch.tensor([0]), s[:, :2]),
                lambda: x.index_add(1, torch.tensor([0.]), s[:, :1]), lambda: x.index_add(1, torch.tensor([[0]]), s[:, :1]),
                lambda: x.index_add(1, torch.tensor([0]), s[:, :1].double()), lambda: x.index_add(1, torch.tensor([0]), s[0]),
                lambda: x.index_add(1, torch.tensor([0]), s[:2, :1]),
                lambda: x.index_copy(1, torch.tensor([4]), s[:, :1]), lambda: x.index_copy(1, torch.tensor([0, 1]), s[:, :1]),
                lambda: x.index_copy(1, torch.tensor([0], dtype=torch.int32), s[:, :1]),
                lambda: x.index_copy(1, torch.tensor([[0]]), s[:, :1]), lambda: x.index_copy(1, torch.tensor([0]), s[:2, :1]),
                lambda: x.index_copy(1, torch.tensor([0]), s[0]), lambda: x.index_copy(1, torch.tensor([0]), s[:, :1].double()),
                lambda: x.index_fill(1, torch.tensor([4]), 0.), lambda: x.index_fill(1, torch.tensor([-5]), 0.),
                lambda: x.index_fill(1, torch.tensor([0], dtype=torch.int32), 0.),
                lambda: x.index_fill(1, torch.tensor([[0]]), 0.), lambda: x.index_fill(1, torch.tensor([0]), torch.ones(1)),
                lambda: x.index_fill(1, torch.tensor([0]), 1j), lambda: torch.tensor(5.).index_select(0, torch.tensor([0, 0])),
                lambda: torch.ones(2, 3, 4).index_copy(1, torch.tensor([0]), torch.ones(2, 1, 5))):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


# ---- masked_select, masked_scatter -------------------------------------------------------------

@case("masked_select")
def _(torch, dt):
    x = x34(torch, dt)
    return (x.masked_select(x > 1), torch.masked_select(x, torch.tensor([True, False, False, True])),
            x.masked_select(torch.tensor([[[True]], [[False]]])))


@case("masked_select_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, x.masked_select(torch.tensor([[True], [False], [True]])), x)


@case("masked_select_broadcast_grad", FLOATS)
def _(torch, dt):
    x = torch.tensor([1., 2., 3.], dtype=getattr(torch, dt), requires_grad=True)
    return _bw(torch, x.masked_select(torch.tensor([[True, False, True], [True, True, False]])), x)


@case("masked_scatter")
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)
    return (x.masked_scatter(x > 2, s), torch.masked_scatter(x, torch.tensor([False, True, False, True]), s),
            torch.tensor([1, 2], dtype=getattr(torch, dt)).masked_scatter(torch.tensor([[True], [False]]), s))


@case("masked_scatter_inplace")
def _(torch, dt):
    x = x34(torch, dt)
    return x.masked_scatter_(x < 2, src34(torch, dt)) is x, x


@case("masked_scatter_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt, True)
    return _bw(torch, x.masked_scatter(torch.tensor([True, False, True, True]), s), x, s)


@case("masked_errors", ("float32",))
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)
    out = []
    for bad in (lambda: x.masked_select(torch.tensor([1, 0, 1, 0])), lambda: x.masked_select(torch.ones(3, dtype=torch.bool)),
                lambda: x.masked_scatter(torch.tensor([1, 0, 1, 0]), s), lambda: x.masked_scatter(x > 0, s.double()),
                lambda: x.masked_scatter(x > 0, s[:1]), lambda: x.masked_scatter(torch.ones(5, dtype=torch.bool), s)):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


# ---- take, take_along_dim ----------------------------------------------------------------------

@case("take")
def _(torch, dt):
    x = x34(torch, dt)
    return x.take(torch.tensor([[0, 11], [-1, 5]])), torch.take(x.t(), torch.tensor([1, 2])), torch.take(
        torch.tensor(3, dtype=getattr(torch, dt)), torch.tensor([0, -1]))


@case("take_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, x.take(torch.tensor([[0, 11, 0], [-1, 5, 4]])), x)


@case("take_along_dim")
def _(torch, dt):
    x = x34(torch, dt)
    return (torch.take_along_dim(x, torch.tensor([[0], [3], [1]]), 1), x.take_along_dim(torch.tensor([[2, 0, 1, 1]]), dim=0),
            torch.take_along_dim(x, torch.tensor([11, 0, 3])), torch.take_along_dim(x, torch.tensor([[-1]]), dim=1),
            torch.take_along_dim(x, torch.tensor([[1, 0]]), dim=-1))


@case("take_along_dim_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, torch.take_along_dim(x, torch.tensor([[0, 0]]), dim=1), x)


@case("take_errors", ("float32",))
def _(torch, dt):
    x = x34(torch, dt)
    out = []
    for bad in (lambda: x.take(torch.tensor([12])), lambda: x.take(torch.tensor([-13])),
                lambda: x.take(torch.tensor([0], dtype=torch.int32)), lambda: x.take(torch.tensor([0.])),
                lambda: torch.take_along_dim(x, torch.tensor([[0.]]), 1), lambda: torch.take_along_dim(x, torch.tensor([0]), 1),
                lambda: torch.take_along_dim(x, torch.tensor([[0]] * 2), 1), lambda: torch.take_along_dim(x, torch.tensor([12])),
                lambda: torch.take_along_dim(x, torch.tensor([[0]]), 2)):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


# ---- nonzero, argwhere, where(cond) ------------------------------------------------------------

@case("nonzero")
def _(torch, dt):
    x = x34(torch, dt)
    return (torch.nonzero(x), x.nonzero(as_tuple=True), torch.nonzero(torch.zeros(2, 0, dtype=getattr(torch, dt))),
            torch.nonzero(torch.tensor(2, dtype=getattr(torch, dt))), torch.nonzero(torch.tensor(0, dtype=getattr(torch, dt))),
            torch.nonzero(torch.tensor(2, dtype=getattr(torch, dt)), as_tuple=True))


@case("argwhere_where")
def _(torch, dt):
    x = x34(torch, dt)
    return torch.argwhere(x), x.argwhere(), torch.where(x > 2), torch.where(x), torch.where(torch.tensor(True))


@case("nonzero_nan", ("float64",))
def _(torch, dt):
    x = torch.tensor([0., float("nan"), -0., 1.], dtype=torch.float64, requires_grad=True)
    return torch.nonzero(x), torch.nonzero(x).requires_grad


# ---- indexing with range and lists ---------------------------------------------------------------

@case("range_index")
def _(torch, dt):
    x = x34(torch, dt)
    return x[range(2)], x[:, range(1, 4, 2)], x[range(3), range(3)], x[[2, 0]], x[range(0)]


@case("range_index_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    return _bw(torch, x[range(1, 3), :][:, range(0, 4, 3)], x)


@case("range_setitem")
def _(torch, dt):
    x = x34(torch, dt)
    x[range(2)] = 0
    x[:, range(2, 4)] = 1
    return x


# ---- more dtypes, shapes and corner cases --------------------------------------------------------

@case("bool_and_int32_inputs", ("bool", "int32"))
def _(torch, dt):
    x = torch.tensor([[1, 0, 1], [0, 0, 1]], dtype=getattr(torch, dt))
    s = torch.tensor([[0, 1, 1], [1, 1, 0]], dtype=getattr(torch, dt))
    i = torch.tensor([[2, 0, 1], [1, 1, 0]])
    return (x.gather(1, i), x.scatter(1, i, s), x.index_select(0, torch.tensor([1, 1, 0])), x.masked_select(x != 0),
            x.take(torch.tensor([5, 0])), torch.nonzero(x), x.index_fill(1, torch.tensor([0]), 1),
            x.masked_scatter(s != 0, x), x.index_copy(0, torch.tensor([1, 0]), s))


@case("three_d")
def _(torch, dt):
    x = torch.arange(24, dtype=getattr(torch, dt)).reshape(2, 3, 4)
    i = torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])
    s = -torch.arange(24, dtype=getattr(torch, dt)).reshape(2, 3, 4)
    return (x.gather(1, i), x.scatter(1, i, s), x.scatter_add(2, i, s), x.scatter_reduce(0, i % 2, s, "amax"),
            x.index_select(2, torch.tensor([3, 1])), x.index_add(1, torch.tensor([2, 2]), s[:, :2]),
            torch.take_along_dim(x, torch.tensor([[[1]], [[0]]]), dim=2), torch.take_along_dim(x, torch.tensor([[[3, 0]]]), 2),
            torch.nonzero(x > 20), torch.where(x % 7 == 0))


@case("noncontiguous_inputs")
def _(torch, dt):
    x = x34(torch, dt).t()
    s = src34(torch, dt).t()
    i = torch.tensor([[2, 0, 1], [1, 1, 0], [0, 2, 2], [1, 0, 2]])
    return (x.gather(1, i), x.scatter(1, i, s), x.scatter_add(0, i[:2], s), x.index_select(1, torch.tensor([2, 0])),
            x.masked_select(x > 1), x.take(torch.tensor([1, 5])), x[:, ::2].index_fill(0, torch.tensor([1]), 0),
            x.expand(2, 4, 3).gather(2, i.expand(2, 4, 3)))


@case("scatter_reduce_int_mean_negative", ("int64",))
def _(torch, dt):
    x = torch.tensor([[-3, 4, 0], [5, -7, 1]])
    s = torch.tensor([[-4, 1, 2], [2, -2, 3]])
    i = torch.tensor([[0, 0, 2], [1, 1, 1]])
    return x.scatter_reduce(1, i, s, "mean"), x.scatter_reduce(1, i, s, "mean", include_self=False)


@case("scatter_reduce_nan", ("float64",))
def _(torch, dt):
    x = torch.tensor([[1., float("nan"), 2.]], dtype=torch.float64)
    s = torch.tensor([[float("nan"), 5., 0.5]], dtype=torch.float64)
    i = torch.tensor([[0, 1, 2]])
    return (x.scatter_reduce(1, i, s, "amax"), x.scatter_reduce(1, i, s, "amin"), x.scatter_reduce(1, i, s, "sum"),
            x.scatter_reduce(1, i, s, "amax", include_self=False))


@case("gather_sparse_grad_and_leaf_inplace", ("float32",))
def _(torch, dt):
    x = x34(torch, dt, True)
    out = [x.gather(1, idx(torch, I1), sparse_grad=False)]
    for bad in (lambda: x.scatter_(1, idx(torch, I1), 0.0), lambda: x.index_fill_(1, torch.tensor([0]), 0.0),
                lambda: x.masked_scatter_(x > 0, x.detach())):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    y = x * 2
    out.append(y.scatter_(1, idx(torch, I1), 0.0))
    out.append(y.index_add_(0, torch.tensor([0]), x[:1]))
    out.append(y.masked_scatter_(y > 3, x.detach()))
    return out


@case("inplace_broadcast_errors", ("float32",))
def _(torch, dt):
    x = torch.zeros(3)
    out = []
    for bad in (lambda: x.masked_scatter_(torch.ones(2, 3, dtype=torch.bool), torch.ones(6)),
                lambda: x.scatter_(0, torch.tensor([0]), torch.ones(1, dtype=torch.float64)),
                lambda: x.index_add_(0, torch.tensor([0]), torch.ones(1, dtype=torch.int64))):
        try:
            bad()
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


@case("zero_dim_inputs", FLOATS)
def _(torch, dt):
    x = torch.tensor(4., dtype=getattr(torch, dt), requires_grad=True)
    y = (x.index_select(0, torch.tensor([0])), x.index_fill(0, torch.tensor(0), 1.0), x.scatter(0, torch.tensor(0), 2.0),
         x.take(torch.tensor([0, 0])), x.masked_select(torch.tensor(True)), x.gather(0, torch.tensor([0, 0])),
         x.index_add(0, torch.tensor([0]), torch.tensor([2.], dtype=getattr(torch, dt))),
         x.index_copy(0, torch.tensor([0]), torch.tensor(3., dtype=getattr(torch, dt))))
    sum(t.sum() for t in y).backward()
    return y + (x.grad,)


@case("index_add_alpha_kinds", ("int64", "float64"))
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[:, :1]
    out = [x.index_add(1, torch.tensor([0]), s, alpha=3)]
    try:
        out.append(x.index_add(1, torch.tensor([0]), s, alpha=0.5))
    except Exception as e:
        out.append(f"{type(e).__name__}: {e}")
    return out


@case("inplace_aliasing_errors", ("float32",))
def _(torch, dt):
    x, i = torch.zeros(3, 4, dtype=getattr(torch, dt)), torch.tensor([[0, 1, 2, 3]])
    e = torch.zeros(1, 4).expand(3, 4)
    y = torch.arange(4)
    out = []
    for bad in (lambda: x.scatter_(1, i, x), lambda: x.scatter_add_(1, i, x[1:]), lambda: x.scatter_reduce_(1, i, x.t(), "sum"),
                lambda: x.index_add_(0, torch.tensor([0]), x[:1]), lambda: x.index_copy_(0, torch.tensor([0]), x[1:2]),
                lambda: x.masked_scatter_(x > 0, x), lambda: e.scatter_(1, i, 1.), lambda: e.index_add_(0, torch.tensor([0]), torch.ones(1, 4)),
                lambda: e.masked_scatter_(e == 0, torch.ones(12)), lambda: e.scatter_reduce_(1, i, torch.ones(1, 4), "sum"),
                lambda: y.scatter_(0, y, y.clone()), lambda: y.index_fill_(0, y, 0), lambda: x.scatter(1, i, x)):
        try:
            r = bad()
            out.append(r)
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


@case("argument_type_errors", ("float32",))
def _(torch, dt):
    x = torch.ones(2, 3, dtype=getattr(torch, dt))
    i = torch.tensor([[0, 1, 2]])
    out = []
    for bad in (lambda: x.gather(1, [[0]]), lambda: torch.gather(x, 1, [[0]]), lambda: x.index_select(0, [0]),
                lambda: x.take([0]), lambda: torch.take(x, [0]), lambda: x.masked_select([True]),
                lambda: torch.masked_select(x, [True]), lambda: x.scatter(1, i, "a"), lambda: torch.scatter(x, 1, i, "a"),
                lambda: x.scatter(1, [[0]], 1.), lambda: x.scatter(1.5, i, x), lambda: x.scatter(1.5, i, 1),
                lambda: x.scatter(1, i), lambda: torch.scatter(x, 1, i, value="a"),
                lambda: x.index_add(0, torch.tensor([0]), 1.0), lambda: torch.index_add(x, 0, torch.tensor([0]), 1.),
                lambda: x.index_add(0, torch.tensor([0]), x[:1], alpha="a"), lambda: x.index_copy(0, [0], x),
                lambda: torch.index_copy(x, 0, [0], x), lambda: x.masked_scatter(x > 0, 1.0),
                lambda: torch.masked_scatter(x, x > 0, 1.), lambda: x.masked_scatter([True], x),
                lambda: x.index_fill(0, torch.tensor([0]), "a"), lambda: x.index_fill(0, [0], 1.),
                lambda: torch.index_fill(x, 0, [0], 1.), lambda: x.index_fill(0, [0], True), lambda: torch.nonzero([1]),
                lambda: torch.argwhere([1]), lambda: x.gather(1.0, i), lambda: torch.gather(x, 1.0, i),
                lambda: torch.take_along_dim(x, [0]), lambda: torch.take_along_dim(x, i, dim=1.5),
                lambda: x.scatter_reduce(1, i, x[:1], "sum", include_self=3), lambda: x.scatter_reduce(1, i, x[:1], 3),
                lambda: x.scatter_reduce(1, i, 1.0, "sum"), lambda: x.scatter_add(1, i, "a"),
                lambda: torch.scatter_add(x, 1, i, 1.0), lambda: x.scatter_add(1, [[0]], x),
                lambda: torch.nonzero(x, as_tuple=1), lambda: x.index_select(0.5, torch.tensor([0])),
                lambda: x.scatter(1, i, value=2.0), lambda: x.scatter(1, i, src=x[:1]), lambda: x.index_fill(0, i[0], 2j)):
        try:
            out.append(bad())
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


@case("put")
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[0]
    z = x.clone()
    r = z.put_(torch.tensor([1, -1]), s[:2], accumulate=True)
    return (torch.put(x, torch.tensor([0, -1, 5, 5]), s), x.put(torch.tensor([[0, 0], [3, 11]]), s.reshape(2, 2), accumulate=True),
            r is z, z, x.put(torch.tensor([], dtype=torch.long), s[:0]))


@case("put_grad", FLOATS)
def _(torch, dt):
    x, s = x34(torch, dt, True), src34(torch, dt)[0].clone().requires_grad_()
    a = _bw(torch, x.put(torch.tensor([0, 0, 2, -1]), s), x, s)
    x.grad, s.grad = None, None
    return a + _bw(torch, x.put(torch.tensor([0, 0, 2, -1]), s, accumulate=True), x, s)


@case("put_errors", ("float32",))
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[0]
    out = []
    for bad in (lambda: x.put(torch.tensor([12]), s[:1]), lambda: x.put(torch.tensor([-13]), s[:1]),
                lambda: x.put(torch.tensor([0, 1]), s), lambda: x.put(torch.tensor([0]), s[:1].double()),
                lambda: x.put(torch.tensor([0], dtype=torch.int32), s[:1]), lambda: x.put([0], s[:1]),
                lambda: x.put(torch.tensor([0]), 1.0), lambda: x.put(torch.tensor([0]), s[:1], 3),
                lambda: x.put(torch.tensor([0]), s[:1], accumulate=3), lambda: torch.zeros(0).put(torch.tensor([0]), torch.ones(1)),
                lambda: x.put_(torch.tensor([0]), x[0, :1]), lambda: x34(torch, dt, True).put_(torch.tensor([0]), s[:1]),
                lambda: x.scatter_reduce(1, torch.tensor([[0]]), src=1.0, reduce="sum"),
                lambda: torch.gather(x, dim=1.0, index=torch.tensor([[0]])), lambda: torch.take_along_dim(x, torch.tensor([[0]]), 1.5)):
        try:
            out.append(bad())
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


@case("index_put")
def _(torch, dt):
    x = x34(torch, dt)
    v = torch.tensor([10, 20], dtype=getattr(torch, dt))
    m = torch.tensor([[True, False, True, False]] * 3)
    z = x.clone()
    r = z.index_put_((torch.tensor([1]),), torch.tensor(7, dtype=getattr(torch, dt)), accumulate=True)
    return (x.index_put((torch.tensor([0, 2]), torch.tensor([1, 3])), v),
            torch.index_put(x, (torch.tensor([0, 0]), torch.tensor([1, -1])), v, accumulate=True),
            x.index_put((torch.tensor([0, 2]),), torch.tensor(5, dtype=getattr(torch, dt))),
            x.index_put((m,), torch.tensor(5, dtype=getattr(torch, dt))), x.index_put([torch.tensor([-1])], v[:1]),
            x.index_put((torch.tensor([1, 1]), torch.tensor([2, 2])), v, accumulate=True), r is z, z)


@case("index_put_grad", FLOATS)
def _(torch, dt):
    x = x34(torch, dt, True)
    v = torch.tensor([10., 20.], dtype=getattr(torch, dt), requires_grad=True)
    a = _bw(torch, x.index_put((torch.tensor([0, 0]), torch.tensor([1, 1])), v), x, v)
    x.grad, v.grad = None, None
    row = torch.tensor([1., 2., 3., 4.], dtype=getattr(torch, dt), requires_grad=True)
    return a + _bw(torch, x.index_put((torch.tensor([0, 1, 0]),), row, accumulate=True), x, row)


@case("index_put_errors", ("float32",))
def _(torch, dt):
    x = x34(torch, dt)
    out = []
    for bad in (lambda: x.index_put((torch.tensor([0, 5]),), torch.tensor(5.)), lambda: x.index_put((torch.tensor([0, 2]),), torch.ones(3)),
                lambda: x.index_put((torch.tensor([0, 2]),), torch.ones(4).double()), lambda: x.index_put(torch.tensor([0, 2]), torch.ones(4)),
                lambda: torch.index_put(x, torch.tensor([0, 2]), torch.ones(4)),
                lambda: x.index_put((torch.tensor([0., 2.]),), torch.ones(4)), lambda: x.index_put((None, torch.tensor([0, 2])), torch.ones(3, 2)),
                lambda: x.index_put((torch.tensor([0]), torch.tensor([0]), torch.tensor([0])), torch.ones(1)),
                lambda: x.index_put((torch.tensor([0]),), 1.0), lambda: x.index_put((torch.tensor([0]),), torch.ones(4), accumulate=2),
                lambda: x34(torch, dt, True).index_put_((torch.tensor([0]),), torch.ones(4)),
                lambda: x.index_put_((torch.tensor([0]),), x[1]), lambda: x.index_put((torch.tensor([0, 2], dtype=torch.int32),), torch.ones(4))):
        try:
            out.append(bad())
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out


@case("index_reduce")
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[:, :2]
    out = [x.index_reduce(1, torch.tensor([2, 2]), s, r, include_self=inc)
           for r in ("prod", "mean", "amax", "amin") for inc in (True, False)]
    z = x.clone()
    out.append(torch.index_reduce(x, 0, torch.tensor([2, 0]), src34(torch, dt)[:2], "amax"))
    out.append(z.index_reduce_(1, torch.tensor([0, 3]), s, "prod") is z)
    return out + [z]


@case("index_reduce_grad", FLOATS)
def _(torch, dt):
    out = []
    for r in ("prod", "mean", "amax", "amin"):
        x, s = x34(torch, dt, True), src34(torch, dt)[:, :2].clone().requires_grad_()
        out += _bw(torch, x.index_reduce(1, torch.tensor([2, 2]), s, r), x, s)
    return out


@case("index_reduce_errors", ("float32",))
def _(torch, dt):
    x, s = x34(torch, dt), src34(torch, dt)[:, :2]
    out = []
    for bad in (lambda: x.index_reduce(1, torch.tensor([0, 2]), s, "sum"), lambda: x.index_reduce(1, torch.tensor([0, 4]), s, "prod"),
                lambda: x.index_reduce(1, torch.tensor([0, -1]), s, "prod"), lambda: x.index_reduce(1, torch.tensor([0.]), s[:, :1], "prod"),
                lambda: x.index_reduce(1, torch.tensor([0]), s, "prod"), lambda: x.index_reduce(1, torch.tensor([0, 1]), s.double(), "prod"),
                lambda: x.index_reduce(1, torch.tensor([[0, 1]]), s, "prod"), lambda: x.index_reduce(1, torch.tensor([0, 1]), s[:1], "prod"),
                lambda: x.index_reduce(1, torch.tensor([0, 1]), s, "prod", include_self=1)):
        try:
            out.append(bad())
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    return out
