"""The expressions of ``tests/test_reduce_surface.py``: each runs on PyTorch (recorded by
``tools/record_reduce_surface.py``) and on tinytorch, and the reprs (or the exception type and
message) are compared.  ``namespace(torch)`` builds the inputs with either library."""


def namespace(torch):
    nan = float("nan")

    def grad(f, x, w=None):
        """x.grad of (f(x) * w).sum(), w a fixed weight pattern of f(x)'s shape."""
        x = x.detach().clone().requires_grad_(True)
        y = f(x)
        w = torch.arange(1, y.numel() + 1, dtype=y.dtype).reshape(y.shape) if w is None else w
        (y * w).sum().backward()
        return x.grad

    def node(t):
        return type(t.grad_fn).__name__

    return dict(
        torch=torch, nan=nan, grad=grad, node=node,
        a=torch.tensor([1., 3., 1., 3., 3., 0., 3.]),
        b=torch.tensor([1., nan, 3., nan, 0.]),
        m=torch.tensor([[0.5, -1.25, 2.0, 0.75], [3.0, 1.5, -0.5, 2.5], [0.25, 4.0, 1.0, -2.0]], dtype=torch.float64),
        mn=torch.tensor([[0.5, nan, 2.0, 0.75], [nan, 1.5, nan, nan], [0.25, 4.0, 1.0, -2.0]], dtype=torch.float64),
        mz=torch.tensor([[0.5, 0.0, 2.0, 0.75], [3.0, 1.5, -0.5, 2.5]], dtype=torch.float64),
        i=torch.tensor([[3, 1, 2, 1], [0, 5, 5, 4], [7, 7, 7, 1]]),
        t=torch.tensor([True, False, True, True]),
        s=torch.tensor(2.5),
        e=torch.zeros(0),
        r=torch.tensor([2, 1, 2, 2, 5, 1, 1, 0, 9]),
        q=torch.tensor([[1, 2], [0, 5], [1, 2], [0, 1]]),
    )


CASES = [
    # cumsum / cumprod / logcumsumexp / cummax / cummin
    "torch.cumsum(m, 1)", "m.cumsum(0)", "m.cumsum(-1, dtype=torch.float32)", "i.cumsum(1)", "t.cumsum(0)",
    "a.cumsum(0)", "b.cumsum(0)", "s.cumsum(0)", "e.cumsum(0)", "i.int().cumsum(0).dtype",
    "torch.cumprod(m, 1)", "mz.cumprod(1)", "i.cumprod(0)", "b.cumprod(0)", "s.cumprod(-1)",
    "m.logcumsumexp(1)", "torch.logcumsumexp(m, 0)", "b.logcumsumexp(0)",
    "torch.tensor([-float('inf'), -float('inf'), 1.0]).logcumsumexp(0)", "i.logcumsumexp(0)",
    "a.cummax(0)", "a.cummin(0)", "b.cummax(0)", "b.cummin(0)", "i.cummax(1)", "m.cummin(0)", "s.cummax(0)",
    "m.cumsum(2)", "m.cummax(-3)",
    "grad(lambda x: x.cumsum(1), m)", "grad(lambda x: x.cumprod(1), m)", "grad(lambda x: x.cumprod(1), mz)",
    "grad(lambda x: x.cumprod(0), mz)", "grad(lambda x: x.logcumsumexp(1), m)", "grad(lambda x: x.cummax(1).values, i.double())",
    "grad(lambda x: x.cummin(0).values, m)",
    "node(m.requires_grad_().cumsum(1))", "node(m.requires_grad_().cumprod(1))", "node(m.requires_grad_().logcumsumexp(1))",
    "node(m.requires_grad_().cummax(1)[0])", "node(m.requires_grad_().cummin(1)[0])",
    "(lambda y: (y.cumsum_(1), y.cumprod_(0)))(i.clone())", "(lambda y: y.cumsum_(0))(m.clone())",
    # other dtypes
    "t.cummax(0)", "t.mode()", "torch.tensor([3, 0, 255], dtype=torch.uint8).sort(descending=True)", "t.median()",
    "t.int().cumprod(0)", "torch.tensor([3, 0, 2], dtype=torch.int32).topk(2)", "t.logcumsumexp(0)",
    "torch.tensor([3, 0, 2], dtype=torch.uint8).cumsum(0)", "t.sort(descending=True)", "t.unique(return_counts=True)",
    "torch.tensor([3, 0, 2], dtype=torch.int32).kthvalue(2)", "t.aminmax()",
    "torch.tensor([1, 3], dtype=torch.int32).bincount()", "t.bincount()", "t.median(0)", "t.nanmedian()", "t.kthvalue(1)", "t.topk(1)", "t.cummin(0)", "t.argsort()",
    "torch.unique_consecutive(t)", "torch.searchsorted(t, t)", "t.histc()",
    "torch.searchsorted(torch.tensor([1, 3], dtype=torch.int32), torch.tensor([2.5]))",
    # sort / argsort / topk
    "torch.sort(m)", "m.sort(0)", "m.sort(1, True)", "a.sort()", "a.sort(descending=True)", "a.sort(stable=True)",
    "b.sort()", "b.sort(descending=True)", "i.sort(1, descending=True)", "t.sort()", "s.sort()", "e.sort()",
    "torch.tensor([0.0, -0.0, float('inf'), -float('inf'), nan, 1.0]).sort(descending=True)",
    "a.argsort()", "a.argsort(descending=True)", "b.argsort()", "torch.argsort(i, 0)", "i.argsort(dim=1, stable=True)",
    "m.sort(2)", "node(m.requires_grad_().sort()[0])", "node(m.requires_grad_().sort(stable=True)[0])",
    "node(m.requires_grad_().sort(stable=False)[0])",
    "torch.topk(m, 2)", "m.topk(1, 0)", "m.topk(3, largest=False)", "b.topk(2)", "b.topk(2, largest=False)",
    "i.topk(2, dim=0)", "s.topk(1)", "e.topk(0)", "a.topk(8)", "a.topk(-1)", "m.topk(2, 2)",
    "a.topk(2).values", "a.topk(3, largest=False).values",
    "grad(lambda x: x.sort(1)[0], m)", "grad(lambda x: x.sort(0, descending=True)[0], m)",
    "grad(lambda x: x.topk(2)[0], m)", "node(m.requires_grad_().topk(2)[0])",
    # kthvalue / median / nanmedian / mode
    "m.kthvalue(2)", "torch.kthvalue(m, 1, 0, keepdim=True)", "i.kthvalue(3, 1)", "a.kthvalue(4)", "torch.tensor([2., 2., 1., 2., 2., 1., 2.]).kthvalue(3)",
    "torch.tensor([[5, 5, 5, 5, 5, 5, 5, 5, 5], [1, 2, 1, 2, 1, 2, 1, 2, 1]]).kthvalue(5)",
    "torch.tensor([nan, 1., nan, 1., 2.]).kthvalue(4)", "torch.tensor([[nan, nan]]).nanmedian(1).values",
    "torch.tensor([[nan, nan]]).nanquantile(0.5, 1)", "b.kthvalue(2)", "b.kthvalue(5)",
    "a.kthvalue(2)", "a.kthvalue(4).values", "s.kthvalue(1)", "a.kthvalue(0)", "a.kthvalue(8)", "e.kthvalue(1)",
    "m.median()", "a.median()", "b.median()", "i.median()", "e.median()", "s.median()", "torch.median(m, 1)",
    "m.median(0, keepdim=True)", "b.median(0)", "mn.median(1)", "torch.tensor([1., 2., 2., 1.]).median(0).values",
    "e.median(0)", "s.median(0)",
    "m.nanmedian()", "b.nanmedian()", "mn.nanmedian()", "torch.tensor([nan, nan]).nanmedian()", "b.nanmedian(0)",
    "mn.nanmedian(1)", "mn.nanmedian(0, True)", "torch.tensor([nan, 1.]).nanmedian(0)",
    "a.mode()", "torch.tensor([2., 1., 2., 1., 5.]).mode()", "b.mode()", "i.mode(1)", "i.mode(0, keepdim=True)",
    "r.mode()", "s.mode()", "e.mode(0)", "m.mode(0)",
    "grad(lambda x: x.kthvalue(2, 1)[0], m)", "grad(lambda x: x.median(), m)", "grad(lambda x: x.median(), a)",
    "grad(lambda x: x.median(0)[0], m)", "grad(lambda x: x.nanmedian(1)[0], mn)", "grad(lambda x: x.nanmedian(), b)",
    "grad(lambda x: x.mode(1)[0], i.double())",
    "node(m.requires_grad_().kthvalue(2)[0])", "node(m.requires_grad_().median())", "node(m.requires_grad_().median(1)[0])",
    "node(m.requires_grad_().nanmedian())", "node(m.requires_grad_().nanmedian(0)[0])", "node(m.requires_grad_().mode(1)[0])",
    # quantile / nanquantile
    "m.quantile(0.3)", "torch.quantile(m, 0.5, dim=1)", "m.quantile(0.25, 0, keepdim=True)",
    "m.quantile(torch.tensor([0.0, 0.4, 1.0], dtype=torch.float64), dim=1)",
    "m.quantile(torch.tensor([0.1, 0.9], dtype=torch.float64), dim=0, keepdim=True)",
    "m.quantile(torch.tensor([0.1, 0.9], dtype=torch.float64))", "m.quantile(torch.tensor([0.1, 0.9], dtype=torch.float64), keepdim=True)",
    "m.quantile(torch.tensor(0.6, dtype=torch.float64))",
    "[m.quantile(0.4, dim=1, interpolation=k) for k in ('linear', 'lower', 'higher', 'midpoint', 'nearest')]",
    "[torch.tensor([0., 1., 2., 3., 4.]).quantile(0.375, interpolation=k) for k in ('nearest', 'midpoint')]",
    "a.quantile(0.3)", "torch.tensor([0.1, 0.7, 0.2]).quantile(torch.tensor([0.33, 0.9]))", "m.float().quantile(0.3, 1)",
    "m.float().nanquantile(torch.tensor([0.15, 0.85]), 0, interpolation='nearest')",
    "m.topk(2, sorted=False)", "m.topk(4, 1, sorted=False).values.sort(1).values", "m.float().sort(0)", "m.float().cumsum(1)",
    "m.float().cumprod(0)", "m.float().logcumsumexp(0)", "m.float().median(1)", "m.float().kthvalue(3)",
    "b.quantile(0.5)", "mn.quantile(0.5, dim=1)", "b.nanquantile(0.5)", "mn.nanquantile(0.25, dim=1)",
    "mn.nanquantile(torch.tensor([0.25, 0.75], dtype=torch.float64), dim=0)",
    "a.quantile(1.5)", "i.quantile(0.5)", "m.quantile(torch.tensor([0.5]))", "m.quantile(torch.ones(2, 2, dtype=torch.float64))",
    "e.quantile(0.5)", "m.quantile(0.5, interpolation='cubic')", "m.quantile(torch.tensor([2.0], dtype=torch.float64))",
    "m.nanquantile(-0.5)",
    "grad(lambda x: x.quantile(0.3), m)", "grad(lambda x: x.quantile(torch.tensor([0.2, 0.7], dtype=torch.float64), dim=1), m)",
    "grad(lambda x: x.nanquantile(0.5, dim=1), mn)", "grad(lambda x: x.quantile(0.5, dim=0, interpolation='lower'), m)",
    "node(m.requires_grad_().quantile(0.3))", "node(m.requires_grad_().quantile(0.3, 1, interpolation='midpoint'))",
    "node(m.requires_grad_().quantile(torch.tensor([0.1], dtype=torch.float64), 1))",
    # unique / unique_consecutive / bincount / histc
    "torch.unique(r)", "r.unique(return_inverse=True)", "torch.unique(r, return_counts=True)",
    "torch.unique(i, return_inverse=True, return_counts=True)", "torch.unique(b)", "a.unique(sorted=True)",
    "torch.unique(t)", "torch.unique(e, return_inverse=True, return_counts=True)",
    "torch.unique(r, sorted=False)", "torch.unique(torch.tensor([3., 1., 2., 3., 1.]), sorted=False, return_inverse=True)",
    "torch.unique(q, dim=0, return_inverse=True, return_counts=True)", "torch.unique(q, dim=1)",
    "q.unique(dim=-1, return_counts=True)", "torch.unique(i, dim=1, return_inverse=True)",
    "torch.unique(torch.zeros(0, 3), dim=0)", "torch.unique(torch.zeros(2, 0), dim=1)", "torch.unique(q, dim=3)",
    "torch.unique(torch.tensor([[True, False], [True, False]]), dim=0)", "torch.unique(torch.zeros(2, 0), dim=0)",
    "torch.unique_consecutive(torch.zeros(2, 0), dim=0)", "torch.unique(torch.zeros(0, 3), dim=0, return_inverse=True, return_counts=True)",
    "torch.unique_consecutive(q, dim=0, return_inverse=True, return_counts=True)",
    "torch.unique_consecutive(torch.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_counts=True)",
    "torch.unique_consecutive(i, dim=1, return_inverse=True)",
    "torch.unique_consecutive(r)", "r.unique_consecutive(return_inverse=True, return_counts=True)",
    "torch.unique_consecutive(i, return_counts=True)", "torch.unique_consecutive(torch.tensor([1., nan, nan, 2.]))",
    "torch.bincount(r)", "r.bincount(minlength=12)", "torch.bincount(r, weights=torch.arange(9.))",
    "torch.bincount(r, weights=torch.arange(9, dtype=torch.float64))", "torch.bincount(torch.tensor([], dtype=torch.long))",
    "torch.bincount(torch.tensor([], dtype=torch.long), minlength=3)", "torch.bincount(i)", "torch.bincount(-r)",
    "torch.bincount(r.double())", "torch.bincount(r, weights=torch.ones(3))", "torch.bincount(r, minlength=-1)",
    "torch.histc(m, bins=4)", "m.histc(5, min=-1, max=1)", "torch.histc(a, bins=3, min=0, max=3)",
    "torch.histc(torch.tensor([1., 1.]), bins=4)", "torch.histc(b, bins=4, min=0, max=4)",
    "torch.histc(torch.tensor([0.1, 0.2, 0.3, 0.7, 0.9, 1.0]), bins=10, min=0, max=1)",
    "torch.histc(m, bins=0)", "torch.histc(m, min=2, max=1)", "torch.histc(i, bins=3)",
    # count_nonzero / var_mean / std_mean / aminmax / nansum / nanmean
    "torch.count_nonzero(mz)", "mz.count_nonzero(1)", "i.count_nonzero((0, 1))", "t.count_nonzero()", "b.count_nonzero()",
    "torch.var_mean(m)", "torch.var_mean(m, 1)", "torch.var_mean(m, 0, keepdim=True, correction=0)",
    "torch.var_mean(m, unbiased=False)", "torch.std_mean(m)", "torch.std_mean(m, dim=(0, 1), correction=2)",
    "torch.std_mean(m, 1, keepdim=True)", "torch.var_mean(i)",
    "grad(lambda x: torch.var_mean(x, 1)[0], m)", "grad(lambda x: sum(torch.var_mean(x, 1)), m)",
    "grad(lambda x: sum(torch.std_mean(x, 0)), m)",
    "[node(v) for v in torch.var_mean(m.requires_grad_())]", "[node(v) for v in torch.std_mean(m.requires_grad_(), 1)]",
    "torch.aminmax(m)", "m.aminmax(dim=1)", "torch.aminmax(m, dim=0, keepdim=True)", "i.aminmax()", "b.aminmax()",
    "torch.aminmax(m, keepdim=True)", "s.aminmax()", "e.aminmax()", "torch.zeros(2, 0).aminmax(dim=1)",
    "grad(lambda x: x.aminmax(dim=1).max, m)", "grad(lambda x: sum(x.aminmax()), a)",
    "[node(v) for v in m.requires_grad_().aminmax()]",
    "torch.nansum(b)", "mn.nansum(1)", "mn.nansum(0, keepdim=True)", "i.nansum()", "i.nansum(1, dtype=torch.float64)",
    "t.nansum()", "m.float().nansum(dtype=torch.float64)",
    "torch.nanmean(b)", "mn.nanmean(1)", "mn.nanmean(0, keepdim=True)", "i.nanmean()", "i.nanmean(dtype=torch.float64)",
    "grad(lambda x: x.nansum(1), mn)", "grad(lambda x: x.nanmean(1), mn)",
    "node(mn.requires_grad_().nansum())", "node(mn.requires_grad_().nanmean())",
    # searchsorted / bucketize
    "torch.searchsorted(torch.tensor([1, 3, 5, 7, 9]), torch.tensor([[3, 6, 9], [3, 6, 9]]))",
    "torch.searchsorted(torch.tensor([1, 3, 5, 7, 9]), torch.tensor([[3, 6, 9], [3, 6, 9]]), right=True)",
    "torch.searchsorted(torch.tensor([1, 3, 5, 7, 9]), torch.tensor([3, 6]), side='right')",
    "torch.searchsorted(torch.tensor([[1, 3, 5], [2, 4, 6]]), torch.tensor([[3, 6], [1, 5]]))",
    "torch.searchsorted(torch.tensor([1., 2., nan]), torch.tensor([nan, 2., 0.]))",
    "torch.searchsorted(torch.tensor([1, 3, 5]), 4)", "torch.searchsorted(torch.tensor([1, 3, 5]), 5, right=True)",
    "torch.searchsorted(torch.tensor([5, 1, 3]), torch.tensor([2, 4]), sorter=torch.tensor([1, 2, 0]))",
    "torch.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([2]), out_int32=True)",
    "torch.searchsorted(torch.tensor([1., 3., 5.]), torch.tensor([2, 4]))",
    "torch.searchsorted(torch.tensor([[1, 3, 5], [2, 4, 6]]), torch.tensor([3, 6]))",
    "torch.searchsorted(torch.tensor([1, 3]), torch.tensor([2]), side='middle')",
    "torch.searchsorted(torch.tensor([1, 3]), torch.tensor([2]), right=True, side='left')",
    "torch.bucketize(torch.tensor([[3, 6, 9], [3, 6, 9]]), torch.tensor([1, 3, 5, 7, 9]))",
    "torch.bucketize(torch.tensor([3., 6.]), torch.tensor([1., 3., 5.]), right=True)",
    "torch.bucketize(4, torch.tensor([1, 3, 5]))", "torch.bucketize(torch.tensor([1]), torch.tensor([[1, 2]]))",
    "torch.bucketize(torch.tensor([1]), torch.tensor([1, 3]), out_int32=True)",
]
