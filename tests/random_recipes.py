"""Random-number cases shared by ``tools/record_random.py`` (which runs them with PyTorch and
writes ``tests/data/random_cases.json``) and ``tests/test_random_pytorch.py`` (which runs them
with tinytorch and compares bit for bit).

A recipe takes the library module ``T`` (``torch`` or ``tinytorch``: the code is the same for
both) and keyword arguments, seeds ``T.manual_seed`` itself, and returns a tensor, a list of
tensors, or plain Python data.  ``CASES`` lists (recipe name, kwargs); ``encode`` turns a
result into JSON-able data with floats as their bit patterns.
"""
import numpy as np

SEEDS = (0, 1, 42, 2 ** 40 + 7)
SIZES = ((1,), (3,), (15,), (16,), (17,), (31,), (33,), (4, 5), (8, 8), (100,))


def _dt(T, name):
    return getattr(T, name)


def rand(T, seed, size, dtype):
    T.manual_seed(seed)
    return T.rand(*size, dtype=_dt(T, dtype))


def rand_like(T, seed, size, dtype):
    T.manual_seed(seed)
    return T.rand_like(T.zeros(*size, dtype=_dt(T, dtype)))


def uniform_(T, seed, size, dtype, a, b):
    T.manual_seed(seed)
    return T.empty(*size, dtype=_dt(T, dtype)).uniform_(a, b)


def uniform_strided(T, seed, dtype):
    T.manual_seed(seed)
    x = T.zeros(5, 7, dtype=_dt(T, dtype))
    x.t().uniform_(-2.0, 3.0)
    y = T.zeros(6, 8, dtype=_dt(T, dtype))
    y[:, ::2].uniform_()
    return [x, y]


def randn(T, seed, size, dtype):
    T.manual_seed(seed)
    return T.randn(*size, dtype=_dt(T, dtype))


def randn_like(T, seed, size, dtype):
    T.manual_seed(seed)
    return T.randn_like(T.zeros(*size, dtype=_dt(T, dtype)))


def normal_(T, seed, size, dtype, mean, std):
    T.manual_seed(seed)
    return T.empty(*size, dtype=_dt(T, dtype)).normal_(mean, std)


def normal_strided(T, seed, dtype):
    T.manual_seed(seed)
    x = T.zeros(5, 7, dtype=_dt(T, dtype))
    x.t().normal_(1.0, 2.0)
    y = T.zeros(4, 40, dtype=_dt(T, dtype))
    y[:, ::2].normal_()
    return [x, y]


def randn_sequence(T, seed, dtype):
    """The cached second Box-Muller sample carries over between calls."""
    T.manual_seed(seed)
    return [T.randn(3, dtype=_dt(T, dtype)), T.randn(5, dtype=_dt(T, dtype)), T.randn(20, dtype=_dt(T, dtype)),
            T.randn(1, dtype=_dt(T, dtype)), T.rand(2)]


def normal_functions(T, seed):
    T.manual_seed(seed)
    return [T.normal(2.0, 3.0, (5,)), T.normal(T.zeros(20) + 1, 2.0), T.normal(T.ones(4), T.ones(4) * 3),
            T.normal(0.5, T.ones(17) * 2), T.normal(T.zeros(3, dtype=T.float64), 1.0)]


def randint(T, seed, low, high, size, dtype):
    T.manual_seed(seed)
    return T.randint(low, high, size, dtype=_dt(T, dtype))


def randint_like(T, seed):
    T.manual_seed(seed)
    return [T.randint_like(T.zeros(3, 4), 10), T.randint_like(T.zeros(5, dtype=T.int32), -4, 4)]


def random_(T, seed, dtype, args):
    T.manual_seed(seed)
    return T.empty(9, dtype=_dt(T, dtype)).random_(*args)


def randperm(T, seed, n, dtype):
    T.manual_seed(seed)
    return T.randperm(n, dtype=_dt(T, dtype))


def bernoulli(T, seed):
    T.manual_seed(seed)
    p32 = T.rand(20)
    p64 = T.rand(18, dtype=T.float64)
    return [T.bernoulli(p32), T.bernoulli(p64), T.empty(10).bernoulli_(0.3),
            T.empty(7, dtype=T.int64).bernoulli_(0.7), T.bernoulli(T.zeros(6), p=0.2),
            T.zeros(3, 5).bernoulli_(T.rand(5))]


def exponential_(T, seed, size, dtype, lambd):
    T.manual_seed(seed)
    return T.empty(*size, dtype=_dt(T, dtype)).exponential_(lambd)


def multinomial(T, seed):
    T.manual_seed(seed)
    p = T.tensor([0.1, 0.2, 0.7])
    rows = T.rand(3, 6)
    return [T.multinomial(p, 1), T.multinomial(p, 2), T.multinomial(p, 5, replacement=True),
            T.multinomial(p, 1, replacement=True), T.multinomial(rows, 4, replacement=True),
            T.multinomial(rows, 3), T.multinomial(rows, 1), T.multinomial(rows.double(), 6),
            T.multinomial(rows.double(), 7, True), T.rand(2)]


def dropout(T, seed):
    T.manual_seed(seed)
    F = T.nn.functional
    x = T.ones(50)
    return [F.dropout(x, 0.3), T.nn.Dropout(0.5)(T.ones(4, 5)), F.dropout(T.ones(17, dtype=T.float64), 0.25),
            F.dropout(x, 1.0), F.dropout(x, 0.3, training=False), F.dropout(T.ones(3, 3), 0.9), T.rand(2)]


def init_functions(T, seed):
    T.manual_seed(seed)
    init = T.nn.init
    return [init.kaiming_uniform_(T.empty(20, 30)), init.kaiming_uniform_(T.empty(8, 3, 3, 3), a=5 ** 0.5),
            init.kaiming_normal_(T.empty(20, 30), mode="fan_out", nonlinearity="relu"),
            init.kaiming_normal_(T.empty(3, 5)), init.xavier_uniform_(T.empty(7, 9)),
            init.xavier_normal_(T.empty(16, 16), gain=2.0), init.uniform_(T.empty(11), -0.5, 0.25),
            init.normal_(T.empty(12), 0.5, 0.1), init.trunc_normal_(T.empty(40)),
            init.trunc_normal_(T.empty(30, 3), std=0.02), init.trunc_normal_(T.empty(25), mean=0.0, std=1.0, a=2.0, b=3.0),
            T.rand(2)]


def more_distributions(T, seed):
    """cauchy_, log_normal_ and geometric_ in each dtype they take, below and above 16 elements, strided too."""
    T.manual_seed(seed)
    out = []
    for dtype in (T.float32, T.float64):
        for n in (1, 7, 16, 33):
            out += [T.empty(n, dtype=dtype).cauchy_(0.5, 2.0), T.empty(n, dtype=dtype).log_normal_(0.3, 0.7),
                    T.empty(n, dtype=dtype).geometric_(0.07)]
        out += [T.empty(4, 5, dtype=dtype).t().log_normal_(), T.empty(3, 6, dtype=dtype)[:, ::2].cauchy_()]
    for dtype, p in ((T.int64, 0.07), (T.int32, 0.2), (T.uint8, 0.01), (T.int64, 0.999)):
        out.append(T.empty(9, dtype=dtype).geometric_(p))
    return out + [T.rand(2), T.randn(3)]


def poisson(T, seed):
    """torch.poisson: small rates (product of uniforms), rates from 10 on (transformed rejection),
    zero and infinite rates, a strided input, and a generator of its own."""
    T.manual_seed(seed)
    out = []
    for dtype in (T.float32, T.float64):
        rates = T.tensor([0.0, 0.5, 3.0, 9.99, 10.0, 50.0, 1e4, 1e-3, 12.5, 700.0], dtype=dtype)
        out += [T.poisson(rates), T.poisson(rates.reshape(2, 5).t()), T.poisson(T.rand(40, dtype=dtype) * 30),
                T.poisson(T.tensor([float("inf")], dtype=dtype))]
    g = T.Generator().manual_seed(seed + 1)
    return out + [T.poisson(T.full((5,), 4.0), generator=g), T.rand(2)]


def trunc_normal_rejection(T, seed):
    """trunc_normal_ where [a, b] holds under 30% of the mass: PyTorch's rejection sampler, whose
    accept test compares the log of a uniform draw in the tensor's dtype."""
    T.manual_seed(seed)
    out = []
    for dtype in (T.float32, T.float64):
        for mean, std, a, b in ((0.0, 1.0, 2.0, 3.0), (0.0, 1.0, -0.1, 0.1), (1.0, 0.5, 1.8, 4.0), (0.3, 2.0, 0.0, 0.2)):
            out.append(T.nn.init.trunc_normal_(T.empty(64, dtype=dtype), mean, std, a, b))
    return out + [T.rand(2)]


def module_init(T, seed):
    T.manual_seed(seed)
    nn = T.nn
    lin = nn.Linear(5, 3)
    conv = nn.Conv2d(3, 4, 3)
    emb = nn.Embedding(10, 4)
    ln = nn.LayerNorm(5)
    bn = nn.BatchNorm2d(3)
    lin2 = nn.Linear(40, 24, bias=False)
    return [lin.weight, lin.bias, conv.weight, conv.bias, emb.weight, ln.weight, bn.weight, lin2.weight, T.rand(2)]


def generators(T, seed):
    g = T.Generator().manual_seed(seed)
    out = [T.rand(4, generator=g), T.randn(4, generator=g), T.randn(20, generator=g),
           T.randint(0, 100, (5,), generator=g), T.randperm(7, generator=g),
           T.rand(3, generator=T.Generator()), T.empty(4).uniform_(generator=g),
           T.empty(5).normal_(generator=g), T.empty(3, dtype=T.int64).random_(generator=g),
           T.empty(4).exponential_(generator=g), T.bernoulli(T.ones(4) * 0.5, generator=g),
           T.multinomial(T.ones(5), 3, generator=g), T.nn.init.uniform_(T.empty(3), generator=g)]
    T.manual_seed(seed)
    out.append(T.rand(3))   # the default generator is untouched by the others
    out.append([g.initial_seed(), T.initial_seed()])
    return out


def rng_state(T, seed):
    T.manual_seed(seed)
    T.rand(5)
    s1 = T.get_rng_state()
    T.randn(1, dtype=T.float64)
    s2 = T.get_rng_state()
    T.set_rng_state(s1)
    after = T.randn(3, dtype=T.float64)
    return [s1, s2, after, T.Generator().get_state()]


def samplers(T, seed):
    data = T.utils.data
    T.manual_seed(seed)
    out = [list(data.RandomSampler(range(10))), list(data.RandomSampler(range(10), num_samples=25)),
           list(data.RandomSampler(range(10), replacement=True, num_samples=40)),
           list(data.RandomSampler(range(7), generator=T.Generator().manual_seed(3))),
           list(data.SubsetRandomSampler([5, 6, 7, 8, 9])),
           list(data.WeightedRandomSampler([0.1, 0.9, 0.5, 2.0], 10)),
           list(data.WeightedRandomSampler([0.1, 0.9, 0.5, 2.0], 3, replacement=False)),
           [list(s.indices) for s in data.random_split(range(10), [3, 7])],
           [list(s.indices) for s in data.random_split(range(30), [0.3, 0.3, 0.4],
                                                       generator=T.Generator().manual_seed(42))]]
    out.append(T.rand(2))
    return out


def dataloader_shuffle(T, seed):
    data = T.utils.data
    T.manual_seed(seed)
    loader = data.DataLoader(list(range(20)), batch_size=6, shuffle=True)
    epochs = [[b.tolist() for b in loader] for _ in range(2)]
    seeded = data.DataLoader(list(range(13)), batch_size=4, shuffle=True, generator=T.Generator().manual_seed(seed))
    epochs += [[b.tolist() for b in seeded] for _ in range(2)]
    return [epochs, T.rand(2)]


def feature_dropouts(T, seed):
    """Channel masks of dropout1d / dropout2d, alpha_dropout and feature_alpha_dropout (functions
    and modules, float32 and float64, batched and unbatched), and the stream after them."""
    T.manual_seed(seed)
    F, nn = T.nn.functional, T.nn
    out = [F.dropout1d(T.ones(4, 6, 5), 0.4), F.dropout1d(T.ones(6, 3, dtype=T.float64), 0.5),
           F.dropout2d(T.ones(3, 5, 2, 2), 0.3), F.dropout2d(T.ones(2, 17, 3, 1, dtype=T.float64), 0.6),
           nn.Dropout1d(0.25)(T.ones(2, 20, 3)), nn.Dropout2d()(T.ones(2, 4, 3, 3)),
           F.alpha_dropout(T.ones(50), 0.3, True), F.alpha_dropout(T.ones(7, 3, dtype=T.float64), 0.5, True),
           nn.AlphaDropout(0.2)(T.ones(4, 5)), F.feature_alpha_dropout(T.ones(3, 5, 2, 2), 0.2, True),
           nn.FeatureAlphaDropout(0.4)(T.ones(2, 18, 2, dtype=T.float64)), F.alpha_dropout(T.ones(9), 0.3),
           T.rand(2)]
    return out


def init_more(T, seed):
    """nn.init beyond init_functions: every nonlinearity's gain, fan_out on convolution weights,
    float64 tensors, sizes around the 16-element vector path, and generator= on each function
    (the default generator is left alone: the closing draws are its)."""
    T.manual_seed(seed)
    init = T.nn.init
    g = T.Generator().manual_seed(seed + 5)
    f64 = T.float64
    out = [init.kaiming_uniform_(T.empty(6, 4, 3), mode="fan_out", nonlinearity="relu"),
           init.kaiming_uniform_(T.empty(5, 7), a=0.2, nonlinearity="leaky_relu"),
           init.kaiming_normal_(T.empty(4, 2, 3, 3), nonlinearity="tanh"),
           init.kaiming_normal_(T.empty(9, 3, dtype=f64), a=1.0, mode="fan_out"),
           init.kaiming_uniform_(T.empty(15, dtype=f64).reshape(3, 5), nonlinearity="selu"),
           init.kaiming_normal_(T.empty(3, 16), nonlinearity="linear"),
           init.xavier_uniform_(T.empty(3, 4, 2, 2), gain=init.calculate_gain("relu")),
           init.xavier_normal_(T.empty(5, 3, 4, dtype=f64), gain=init.calculate_gain("leaky_relu", 0.3)),
           init.xavier_uniform_(T.empty(17, 1, dtype=f64)), init.xavier_normal_(T.empty(1, 15)),
           init.normal_(T.empty(16, dtype=f64), -1.0, 0.5), init.normal_(T.empty(2, 3, dtype=f64)),
           init.uniform_(T.empty(33, dtype=f64), 2.0, 2.5), init.trunc_normal_(T.empty(8, 3, dtype=f64), 1.0, 2.0),
           init.trunc_normal_(T.empty(5, 4), std=0.5, a=-0.5, b=1.0),
           init.kaiming_uniform_(T.empty(4, 6), generator=g), init.kaiming_normal_(T.empty(4, 5), generator=g),
           init.xavier_uniform_(T.empty(3, 3), generator=g), init.xavier_normal_(T.empty(18, 2), generator=g),
           init.normal_(T.empty(7), 0.0, 3.0, generator=g), init.trunc_normal_(T.empty(20), generator=g),
           init.trunc_normal_(T.empty(10, dtype=f64), 0.0, 1.0, 1.5, 2.5, generator=g),
           init.sparse_(T.empty(6, 3), 0.5, generator=g), T.rand(3, generator=g),
           [init.calculate_gain(n) for n in ("linear", "conv1d", "conv2d", "sigmoid", "tanh", "relu", "selu")],
           init.calculate_gain("leaky_relu"), init.calculate_gain("leaky_relu", 0.5), T.rand(2)]
    return out


def fork_rng(T, seed):
    """fork_rng: draws inside the block are the stream's next ones; after it the stream resumes
    where it was (enabled=False leaves it advanced)."""
    T.manual_seed(seed)
    T.randn(3)   # leaves a cached normal sample, which fork_rng also restores
    with T.random.fork_rng():
        inside = [T.rand(4), T.randn(1)]
        T.manual_seed(seed + 1)
        inside.append(T.rand(2))
    after = [T.randn(1), T.rand(3)]
    with T.random.fork_rng(devices=[], enabled=False):
        disabled = T.rand(2)
    return [inside, after, disabled, T.rand(2)]


class WorkerSamples:
    """Sample i: i, the worker's id and seed, and torch.rand(2), random.random() and
    np.random.rand() drawn in the worker -- a map-style dataset for ``worker_seeds``."""

    def __init__(self, library, n):
        self.library, self.n = library, n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        import importlib
        import random
        T = importlib.import_module(self.library)
        info = T.utils.data.get_worker_info()
        draws = T.rand(2, dtype=T.float64).tolist() + [random.random(), float(np.random.rand())]
        return {"i": i, "id": info.id, "seed": info.seed, "draws": T.tensor(draws, dtype=T.float64)}


def worker_seeds(T, seed):
    """DataLoader workers: the base seed each epoch draws from the loader's generator (the default
    one, or ``generator=``), each worker's seed (base + id) and what torch, random and numpy draw
    in it; with shuffle the sampler's order comes after the base seed.  Then the main stream."""
    data = T.utils.data
    T.manual_seed(seed)
    ds = WorkerSamples(T.__name__, 8)
    def batches(loader):
        return [[b["i"], b["id"], b["seed"], b["draws"]] for b in loader]
    out = []
    plain = data.DataLoader(ds, batch_size=2, num_workers=2)
    out += [batches(plain) for _ in range(2)]
    out.append(T.rand(2))
    out.append(batches(data.DataLoader(ds, batch_size=3, shuffle=True, num_workers=2)))
    g = T.Generator().manual_seed(seed + 3)
    out.append(batches(data.DataLoader(ds, batch_size=4, shuffle=True, num_workers=1, generator=g)))
    out += [T.rand(2), T.rand(2, generator=g)]
    return out


def loader_sampling(T, seed):
    """The single-process loader's draws: a base seed per epoch even without workers, samplers
    passed in (RandomSampler, BatchSampler over one, WeightedRandomSampler), drop_last, and
    torch.randint minibatches between epochs."""
    data = T.utils.data
    T.manual_seed(seed)
    ds = list(range(11))
    out = [[b.tolist() for b in data.DataLoader(ds, batch_size=4)], T.rand(2)]
    out.append([b.tolist() for b in data.DataLoader(ds, batch_size=3, sampler=data.RandomSampler(ds))])
    out.append([b.tolist() for b in data.DataLoader(ds, batch_sampler=data.BatchSampler(
        data.RandomSampler(ds, replacement=True, num_samples=9), 4, drop_last=True))])
    out.append([b.tolist() for b in data.DataLoader(ds, batch_size=5, shuffle=True, drop_last=True)])
    out.append([b.tolist() for b in data.DataLoader(ds, batch_size=2, sampler=data.WeightedRandomSampler(
        [0.5] * 5 + [2.0] * 6, 6))])
    x = T.arange(11)
    out.append([x[T.randint(0, 11, (4,))] for _ in range(3)])
    return out + [T.rand(2)]


def random_split_forms(T, seed):
    """random_split with lengths and with fractions (a lone 1 counts as one), zero-length splits
    and their warning, and the Python types of the Subsets' indices; then the stream."""
    import warnings
    data = T.utils.data
    T.manual_seed(seed)
    out = []
    for lengths in ([1], [0.5, 0.5], [0.1, 0.1, 0.8], [0.0, 1.0], [2, 5], [0.25] * 4, [0, 7]):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parts = data.random_split(range(7), lengths)
        out.append([[type(p.indices).__name__, [type(i).__name__ for i in p.indices], p.indices, len(p)]
                    for p in parts] + [str(w.message) for w in caught])
    for bad in ([1.5, -0.5], [3, 3]):
        try:
            data.random_split(range(7), bad)
        except ValueError as e:
            out.append(str(e))
    return out + [T.rand(2)]


CASES = []
for _seed in SEEDS:
    for _size in SIZES:
        for _dtype in ("float32", "float64"):
            CASES.append(("rand", dict(seed=_seed, size=_size, dtype=_dtype)))
            CASES.append(("randn", dict(seed=_seed, size=_size, dtype=_dtype)))
            CASES.append(("uniform_", dict(seed=_seed, size=_size, dtype=_dtype, a=-0.75, b=1.5)))
            CASES.append(("normal_", dict(seed=_seed, size=_size, dtype=_dtype, mean=0.5, std=3.0)))
            CASES.append(("exponential_", dict(seed=_seed, size=_size, dtype=_dtype, lambd=2.5)))
    for _dtype in ("float32", "float64"):
        CASES.append(("rand_like", dict(seed=_seed, size=(6, 3), dtype=_dtype)))
        CASES.append(("randn_like", dict(seed=_seed, size=(6, 3), dtype=_dtype)))
        CASES.append(("uniform_strided", dict(seed=_seed, dtype=_dtype)))
        CASES.append(("normal_strided", dict(seed=_seed, dtype=_dtype)))
        CASES.append(("randn_sequence", dict(seed=_seed, dtype=_dtype)))
    for _low, _high, _size, _dtype in ((0, 10, (20,), "int64"), (-5, 5, (7,), "int64"), (0, 2 ** 33, (5,), "int64"),
                                       (3, 1000, (4, 4), "int32"), (0, 256, (6,), "uint8"), (0, 100, (5,), "float32"),
                                       (0, 2 ** 40, (5,), "float64"), (0, 2, (8,), "bool"),
                                       (-2 ** 40, 2 ** 40, (3,), "int64"), (0, 2 ** 28 - 1, (4,), "int64"),
                                       (0, 2 ** 28, (4,), "int64"), (-7, 2 ** 30, (3,), "int32"),
                                       (0, 2 ** 28, (3,), "float64"), (0, 2 ** 25, (6,), "float32"),
                                       (-2 ** 25, 2 ** 25, (6,), "float32"), (0, 2 ** 30, (5,), "float32"),
                                       (-2 ** 40 - 1, 2 ** 40 + 3, (4,), "float32"), (2 ** 53 - 10, 2 ** 54, (4,), "float64"),
                                       (-2 ** 26 - 1, -2 ** 26 + 1, (6,), "float32")):
        CASES.append(("randint", dict(seed=_seed, low=_low, high=_high, size=_size, dtype=_dtype)))
    for _dtype, _args in (("int64", ()), ("int32", ()), ("uint8", ()), ("bool", ()), ("float32", ()),
                          ("float64", ()), ("int64", (10,)), ("int32", (-3, 3)), ("int32", (5, None)),
                          ("int64", (-2 ** 63, None)), ("float32", (7,)), ("float32", (-2 ** 25 - 7, None)),
                          ("float64", (2 ** 52 + 1, None)), ("int32", (2 ** 31 - 1, None)), ("float32", (2 ** 30,))):
        CASES.append(("random_", dict(seed=_seed, dtype=_dtype, args=_args)))
    for _n in (0, 1, 2, 5, 10, 100, 1000):
        CASES.append(("randperm", dict(seed=_seed, n=_n, dtype="int64")))
    CASES.append(("randperm", dict(seed=_seed, n=12, dtype="float32")))
    for _name in ("normal_functions", "randint_like", "bernoulli", "multinomial", "dropout", "init_functions",
                  "trunc_normal_rejection", "more_distributions", "poisson",
                  "module_init", "generators", "rng_state", "samplers", "dataloader_shuffle",
                  "feature_dropouts", "init_more", "fork_rng", "worker_seeds", "loader_sampling",
                  "random_split_forms"):
        CASES.append((_name, dict(seed=_seed)))

RECIPES = {name: fn for name, fn in globals().items()
           if callable(fn) and not isinstance(fn, type) and not name.startswith("_")}


def run(T, name, kwargs):
    kwargs = dict(kwargs)
    if "size" in kwargs:
        kwargs["size"] = tuple(kwargs["size"])
    if "args" in kwargs:
        kwargs["args"] = tuple(kwargs["args"])
    return encode(RECIPES[name](T, **kwargs))


def encode(x):
    """JSON-able data: a tensor as {dtype, shape, bits} (floats as their integer bit patterns)."""
    if hasattr(x, "numpy") and hasattr(x, "shape"):
        a = np.ascontiguousarray(x.detach().numpy())
        bits = {"float32": np.uint32, "float64": np.uint64}.get(a.dtype.name)
        values = a.view(bits) if bits is not None else a.astype(np.int64)
        return {"dtype": a.dtype.name, "shape": list(a.shape), "bits": [int(v) for v in values.reshape(-1)]}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if isinstance(x, (np.integer, int)):
        return int(x)
    return x
