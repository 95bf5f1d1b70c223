"""The optimiser and lr-scheduler programs of ``tests/test_optim_surface.py``, written against a
module ``T`` (``torch`` in ``tools/record_optim_surface.py``, ``tinytorch`` in the test), so both run
the very same code.  Results are plain JSON values: lists of floats, strings, numbers."""
import copy
import math
import warnings

import numpy as np

_rng = np.random.RandomState(0)
X = _rng.randn(4, 3)
Y = _rng.randn(4, 2)
W0 = _rng.randn(3, 2)
B0 = _rng.randn(2)

#: (optimizer, options, steps, grouped): ``grouped`` puts b in a second parameter group with its own lr.
OPTIMIZER_CASES = [
    ("RMSprop", {}, 5, False),
    ("RMSprop", {"momentum": 0.9}, 5, False),
    ("RMSprop", {"centered": True}, 5, False),
    ("RMSprop", {"centered": True, "momentum": 0.5, "alpha": 0.9, "weight_decay": 0.1}, 5, True),
    ("RMSprop", {"lr": 1e-3, "maximize": True}, 5, False),
    ("Adagrad", {}, 5, False),
    ("Adagrad", {"lr": 0.05, "lr_decay": 0.1, "initial_accumulator_value": 0.5}, 5, True),
    ("Adagrad", {"weight_decay": 0.1, "eps": 1e-6, "maximize": True}, 5, False),
    ("Adamax", {}, 5, False),
    ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}, 5, True),
    ("Adamax", {"maximize": True}, 5, False),
    ("NAdam", {}, 5, False),
    ("NAdam", {"lr": 0.05, "momentum_decay": 0.01, "weight_decay": 0.1}, 5, True),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, 5, False),
    ("NAdam", {"maximize": True}, 5, False),
    ("RAdam", {}, 8, False),
    ("RAdam", {"lr": 0.05, "weight_decay": 0.1}, 8, True),
    ("RAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True, "betas": (0.8, 0.99)}, 8, False),
    ("RAdam", {"maximize": True}, 5, False),
    ("Rprop", {}, 5, False),
    ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (0.01, 0.1)}, 8, True),
    ("Rprop", {"maximize": True}, 5, False),
    ("ASGD", {}, 5, False),
    ("ASGD", {"lr": 0.05, "lambd": 0.1, "alpha": 0.5, "t0": 2, "weight_decay": 0.1}, 6, True),
    ("ASGD", {"maximize": True, "t0": 0}, 5, False),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}, 5, True),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "maximize": True}, 5, False),
    ("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1}, 5, True),
    ("Adam", {"lr": 0.05, "maximize": True}, 5, False),
    ("AdamW", {"lr": 0.05}, 5, False),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1}, 5, True),
]


def _problem(T, dtype):
    dt = getattr(T, dtype)
    w = T.tensor(W0, dtype=dt, requires_grad=True)
    b = T.tensor(B0, dtype=dt, requires_grad=True)
    return w, b, T.tensor(X, dtype=dt), T.tensor(Y, dtype=dt)


def _make(T, name, options, grouped, w, b):
    params = [{"params": [w]}, {"params": [b], "lr": 0.003}] if grouped else [w, b]
    return getattr(T.optim, name)(params, **options)


def _train(opt, w, b, x, y, steps):
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean() + 0.1 * (w ** 4).mean()
        loss.backward()
        opt.step()


def _plain(value):
    """A JSON value for a state or option value (0-d tensors as [dtype, number])."""
    if hasattr(value, "tolist"):
        return [str(value.dtype).split(".")[-1], value.tolist()]
    if isinstance(value, tuple):
        return list(value)
    return value


def _values(w, b):
    return w.detach().numpy().ravel().tolist() + b.detach().numpy().ravel().tolist()


def run_optimizer(T, name, options, steps, grouped, dtype):
    """Parameter values after ``steps`` steps, and after ``steps - 2`` steps, a state-dict round trip into
    a fresh optimiser on copies of the parameters, and 2 more steps; the state and options then."""
    w, b, x, y = _problem(T, dtype)
    opt = _make(T, name, options, grouped, w, b)
    _train(opt, w, b, x, y, steps)
    sd = opt.state_dict()
    w2, b2, x, y = _problem(T, dtype)
    opt2 = _make(T, name, options, grouped, w2, b2)
    _train(opt2, w2, b2, x, y, steps - 2)
    saved = opt2.state_dict()
    w3 = w2.detach().clone().requires_grad_(True)
    b3 = b2.detach().clone().requires_grad_(True)
    opt3 = _make(T, name, options, grouped, w3, b3)
    opt3.load_state_dict(saved)
    _train(opt3, w3, b3, x, y, 2)
    return {
        "params": _values(w, b),
        "reloaded": _values(w3, b3),
        "state": {str(k): {key: _plain(v) for key, v in s.items()} for k, s in sd["state"].items()},
        "groups": [{key: _plain(v) for key, v in g.items()} for g in sd["param_groups"]],
        "repr": repr(opt),
    }


#: LBFGS options; each run makes 3 ``step(closure)`` calls.
LBFGS_CASES = [
    {},
    {"max_iter": 5, "history_size": 3},
    {"lr": 0.5, "max_iter": 4},
    {"max_iter": 50, "tolerance_grad": 1e-3, "tolerance_change": 1e-6},
    {"line_search_fn": "strong_wolfe"},
    {"line_search_fn": "strong_wolfe", "max_iter": 6, "history_size": 2},
]


def _lbfgs_calls(T, opt, w, b, x, y, calls):
    def closure():
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean() + 0.1 * (w ** 4).mean()
        loss.backward()
        return loss

    return [opt.step(closure).item() for _ in range(calls)]


def run_lbfgs(T, options, dtype):
    """Losses and parameter values of 3 ``step(closure)`` calls, the evaluation and iteration counts,
    the state's names; and the values after 2 calls, a state-dict round trip and 1 more call."""
    w, b, x, y = _problem(T, dtype)
    opt = T.optim.LBFGS([w, b], **options)
    losses = _lbfgs_calls(T, opt, w, b, x, y, 3)
    state = opt.state[w]
    w2, b2, x, y = _problem(T, dtype)
    opt2 = T.optim.LBFGS([w2, b2], **options)
    _lbfgs_calls(T, opt2, w2, b2, x, y, 2)
    w3 = w2.detach().clone().requires_grad_(True)
    b3 = b2.detach().clone().requires_grad_(True)
    opt3 = T.optim.LBFGS([w3, b3], **options)
    opt3.load_state_dict(opt2.state_dict())
    _lbfgs_calls(T, opt3, w3, b3, x, y, 1)
    return {"params": _values(w, b), "losses": losses, "func_evals": state["func_evals"], "n_iter": state["n_iter"],
            "state_keys": sorted(state), "history": len(state["old_dirs"]), "reloaded": _values(w3, b3),
            "repr": repr(opt)}


def run_lbfgs_errors(T):
    p = T.zeros(2, requires_grad=True)
    out = {}
    for name, make in [("lr", lambda: T.optim.LBFGS([p], lr=-1)),
                       ("groups", lambda: T.optim.LBFGS([{"params": [p]}, {"params": [T.zeros(1)]}])),
                       ("line_search", lambda: T.optim.LBFGS([p], line_search_fn="backtracking"))]:
        try:
            opt = make()
            p.grad = T.ones(2)
            opt.step(lambda: (p * p).sum())
            out[name] = None
        except Exception as e:  # noqa: BLE001 - the type and message are what is recorded
            out[name] = [type(e).__name__, str(e)]
    return out


def run_misc(T):
    """Adagrad's state, created by its constructor (for every parameter, with a group's own
    initial_accumulator_value ignored) and lazily for a group added later; state only for
    parameters that had a gradient; the repr of two groups."""
    w, b, x, y = _problem(T, "float64")
    extra = T.tensor([1.0, -2.0], dtype=T.float64, requires_grad=True)
    opt = T.optim.Adagrad([{"params": [w]}, {"params": [b], "initial_accumulator_value": 3.0}],
                          initial_accumulator_value=0.25)
    fresh = {str(k): {key: _plain(v) for key, v in s.items()} for k, s in opt.state_dict()["state"].items()}
    opt.add_param_group({"params": [extra], "lr": 0.5})
    _train(opt, w, b, x, y, 1)
    extra.grad = T.ones(2, dtype=T.float64)
    opt.step()
    added = {key: _plain(v) for key, v in opt.state[extra].items()}
    w2, b2, x, y = _problem(T, "float64")
    rms = T.optim.RMSprop([w2, b2, T.zeros(3, requires_grad=True)])
    _train(rms, w2, b2, x, y, 2)
    return {"adagrad_fresh": fresh, "adagrad_added": added, "adagrad_values": _values(w, b) + extra.tolist(),
            "rmsprop_state_indices": sorted(rms.state_dict()["state"]), "adagrad_repr": repr(opt)}


# ---- schedulers ---------------------------------------------------------------------------------
LAMBDAS = {
    "pow95": lambda epoch: 0.95 ** epoch,
    "inverse": lambda epoch: 1.0 / (epoch + 1),
    "const09": lambda epoch: 0.9,
    "wave": lambda x: 0.5 * (1.0 + math.sin(x)),
}
METRICS = [1.0, 0.9, 0.95, 0.95, 0.96, 0.97, 0.89, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.85, 0.85,
           0.85, 0.85, 0.85, 0.85, 0.85, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]

#: (id, optimizer, scheduler spec); a spec is [class, options] or [class, options, [child specs]]
#: for ChainedScheduler / SequentialLR; an option naming a LAMBDAS entry is written "fn:<name>".
SCHEDULER_CASES = [
    ("lambda", "SGD", ["LambdaLR", {"lr_lambda": "fn:pow95"}]),
    ("lambda_per_group", "SGD", ["LambdaLR", {"lr_lambda": ["fn:pow95", "fn:inverse"]}]),
    ("multiplicative", "SGD", ["MultiplicativeLR", {"lr_lambda": "fn:const09"}]),
    ("step", "SGD", ["StepLR", {"step_size": 7, "gamma": 0.5}]),
    ("multistep", "SGD", ["MultiStepLR", {"milestones": [5, 12, 12, 20], "gamma": 0.3}]),
    ("constant", "SGD", ["ConstantLR", {}]),
    ("constant_opts", "SGD", ["ConstantLR", {"factor": 0.25, "total_iters": 6}]),
    ("linear", "SGD", ["LinearLR", {}]),
    ("linear_opts", "SGD", ["LinearLR", {"start_factor": 0.2, "end_factor": 0.9, "total_iters": 10}]),
    ("exponential", "SGD", ["ExponentialLR", {"gamma": 0.9}]),
    ("polynomial", "SGD", ["PolynomialLR", {}]),
    ("polynomial_opts", "SGD", ["PolynomialLR", {"total_iters": 12, "power": 2.0}]),
    ("cosine", "SGD", ["CosineAnnealingLR", {"T_max": 8, "eta_min": 0.001}]),
    ("chained", "SGD", ["ChainedScheduler", {}, [["ConstantLR", {"factor": 0.5, "total_iters": 4}],
                                                 ["ExponentialLR", {"gamma": 0.9}]]]),
    ("sequential", "SGD", ["SequentialLR", {"milestones": [5]}, [["LinearLR", {"start_factor": 0.1,
                                                                               "total_iters": 5}],
                                                                 ["ExponentialLR", {"gamma": 0.9}]]]),
    ("sequential3", "SGD", ["SequentialLR", {"milestones": [4, 15]},
                            [["ConstantLR", {"factor": 0.5, "total_iters": 2}],
                             ["CosineAnnealingLR", {"T_max": 10}], ["StepLR", {"step_size": 3}]]]),
    ("plateau", "SGD", ["ReduceLROnPlateau", {"patience": 2, "cooldown": 1, "factor": 0.5, "min_lr": 0.01}]),
    ("plateau_max_abs", "SGD", ["ReduceLROnPlateau", {"mode": "max", "threshold_mode": "abs", "threshold": 0.01,
                                                      "patience": 1, "min_lr": [0.02, 0.0]}]),
    ("cyclic", "SGD", ["CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}]),
    ("cyclic_tri2", "SGD", ["CyclicLR", {"base_lr": [0.01, 0.02], "max_lr": 0.1, "step_size_up": 3,
                                         "step_size_down": 5, "mode": "triangular2"}]),
    ("cyclic_exp", "Adam", ["CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "mode": "exp_range",
                                         "gamma": 0.9}]),
    ("cyclic_custom", "SGD", ["CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5,
                                           "scale_fn": "fn:wave", "scale_mode": "iterations",
                                           "cycle_momentum": False}]),
    ("onecycle", "SGD", ["OneCycleLR", {"max_lr": 0.5, "total_steps": 30}]),
    ("onecycle_three_linear", "Adam", ["OneCycleLR", {"max_lr": [0.5, 0.2], "epochs": 3, "steps_per_epoch": 10,
                                                      "three_phase": True, "anneal_strategy": "linear"}]),
    ("warm_restarts", "SGD", ["CosineAnnealingWarmRestarts", {"T_0": 5}]),
    ("warm_restarts_mult", "SGD", ["CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.01}]),
    ("resume_step", "SGD+initial_lr", ["StepLR", {"step_size": 4, "last_epoch": 5}]),
    ("resume_cosine", "SGD+initial_lr", ["CosineAnnealingLR", {"T_max": 9, "last_epoch": 5}]),
    ("resume_exponential", "SGD+initial_lr", ["ExponentialLR", {"gamma": 0.8, "last_epoch": 3}]),
    ("resume_lambda", "SGD+initial_lr", ["LambdaLR", {"lr_lambda": "fn:inverse", "last_epoch": 2}]),
    ("resume_warm_restarts", "SGD+initial_lr", ["CosineAnnealingWarmRestarts", {"T_0": 4, "last_epoch": 6}]),
]
SCHEDULER_STEPS = 30
RELOAD_AT = 12


def _option(value):
    if isinstance(value, str) and value.startswith("fn:"):
        return LAMBDAS[value[3:]]
    if isinstance(value, list) and value and isinstance(value[0], str) and value[0].startswith("fn:"):
        return [LAMBDAS[v[3:]] for v in value]
    return value


def _build(T, opt, spec):
    cls = getattr(T.optim.lr_scheduler, spec[0])
    options = {key: _option(value) for key, value in spec[1].items()}
    if spec[0] == "ChainedScheduler":
        return cls([_build(T, opt, child) for child in spec[2]], **options)
    if spec[0] == "SequentialLR":
        return cls(opt, [_build(T, opt, child) for child in spec[2]], **options)
    return cls(opt, **options)


def _scheduler_optimizer(T, name):
    params = [{"params": [T.zeros(2, requires_grad=True)]}, {"params": [T.zeros(1, requires_grad=True)], "lr": 0.05}]
    if name == "Adam":
        return T.optim.Adam(params, lr=0.1)
    opt = T.optim.SGD(params, lr=0.1, momentum=0.9)
    if name == "SGD+initial_lr":        # resuming a schedule: the groups already have 'initial_lr'
        for group, initial_lr in zip(opt.param_groups, [0.2, 0.1]):
            group["initial_lr"] = initial_lr
    return opt


def _momenta(opt):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]


def _advance(sched, opt, epoch):
    opt.step()
    if sched.__class__.__name__ == "ReduceLROnPlateau":
        sched.step(METRICS[epoch])
    else:
        sched.step()


def _plain_state(state):
    """The JSON-plain entries of a scheduler's state dict (numbers, strings, lists of numbers)."""
    out = {}
    for key, value in state.items():
        if key == "_schedulers":
            out[key] = [_plain_state(s) for s in value]
        elif isinstance(value, (bool, int, float, str)) or value is None:
            out[key] = value if not (isinstance(value, float) and math.isinf(value)) else str(value)
        elif isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
            out[key] = list(value)
    return out


def run_scheduler(T, spec, optimizer, transport=copy.deepcopy):
    """get_last_lr() and the momenta after construction and each of SCHEDULER_STEPS steps; the state
    dict's plain entries at the end; and the lrs of a run whose optimiser and scheduler were rebuilt
    from state dicts (passed through ``transport``, e.g. a save and load) at step RELOAD_AT."""
    opt = _scheduler_optimizer(T, optimizer)
    sched = _build(T, opt, spec)
    lrs, momenta = [list(sched.get_last_lr())], [_momenta(opt)]
    reloaded = [list(sched.get_last_lr())]
    for epoch in range(SCHEDULER_STEPS):
        _advance(sched, opt, epoch)
        lrs.append(list(sched.get_last_lr()))
        momenta.append(_momenta(opt))
    state = _plain_state(sched.state_dict())
    opt = _scheduler_optimizer(T, optimizer)
    sched = _build(T, opt, spec)
    for epoch in range(SCHEDULER_STEPS):
        if epoch == RELOAD_AT:
            opt_state, sched_state = transport(opt.state_dict()), transport(sched.state_dict())
            opt = _scheduler_optimizer(T, optimizer)
            sched = _build(T, opt, spec)
            opt.load_state_dict(opt_state)
            sched.load_state_dict(sched_state)
        _advance(sched, opt, epoch)
        reloaded.append(list(sched.get_last_lr()))
    return {"lrs": lrs, "momenta": momenta, "state": state, "reloaded": reloaded}


def run_epoch_steps(T):
    """Deprecated ``step(epoch)`` calls (closed forms) and CosineAnnealingWarmRestarts' fractional epochs."""
    out = {}
    for name, options in [("StepLR", {"step_size": 3, "gamma": 0.5}), ("ExponentialLR", {"gamma": 0.9}),
                          ("MultiStepLR", {"milestones": [2, 4, 4]}), ("CosineAnnealingLR", {"T_max": 6}),
                          ("PolynomialLR", {"total_iters": 6}), ("LinearLR", {}), ("ConstantLR", {}),
                          ("CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2})]:
        opt = _scheduler_optimizer(T, "SGD")
        sched = getattr(T.optim.lr_scheduler, name)(opt, **options)
        seq = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for epoch in [3, 5, 5, 2, 7, 0, 10]:
                opt.step()
                sched.step(epoch)
                seq.append(list(sched.get_last_lr()))
            if name == "CosineAnnealingWarmRestarts":
                for epoch in [0.5, 1.7, 3.2, 8.9, 21.0]:
                    sched.step(epoch)
                    seq.append(list(sched.get_last_lr()))
        out[name] = seq
    return out


def _caught(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [[w.category.__name__, str(w.message)] for w in caught]


def run_warnings(T):
    """The warnings PyTorch gives for a scheduler stepped before its optimiser, for get_lr() called
    directly, and for step(epoch); none for the usual order."""
    def before():
        opt = _scheduler_optimizer(T, "SGD")
        sched = T.optim.lr_scheduler.StepLR(opt, 2)
        sched.step()
        opt.step()
        sched.step()

    def usual():
        opt = _scheduler_optimizer(T, "SGD")
        sched = T.optim.lr_scheduler.ExponentialLR(opt, 0.5)
        for _ in range(3):
            opt.step()
            sched.step()

    def get_lr():
        opt = _scheduler_optimizer(T, "SGD")
        T.optim.lr_scheduler.ExponentialLR(opt, 0.5).get_lr()

    def epoch():
        opt = _scheduler_optimizer(T, "SGD")
        sched = T.optim.lr_scheduler.ExponentialLR(opt, 0.5)
        opt.step()
        sched.step(3)

    def plateau_epoch():
        opt = _scheduler_optimizer(T, "SGD")
        T.optim.lr_scheduler.ReduceLROnPlateau(opt).step(1.0, 4)

    return {name: _caught(fn) for name, fn in
            [("before", before), ("usual", usual), ("get_lr", get_lr), ("epoch", epoch),
             ("plateau_epoch", plateau_epoch)]}


# ---- errors -------------------------------------------------------------------------------------
#: (optimizer, options) that PyTorch rejects.
OPTIMIZER_ERRORS = [
    ("RMSprop", {"lr": -1}), ("RMSprop", {"eps": -1.0}), ("RMSprop", {"momentum": -0.5}),
    ("RMSprop", {"weight_decay": -1}), ("RMSprop", {"alpha": -0.1}),
    ("Adagrad", {"lr": -0.1}), ("Adagrad", {"lr_decay": -1}), ("Adagrad", {"weight_decay": -2}),
    ("Adagrad", {"initial_accumulator_value": -1}), ("Adagrad", {"eps": -1e-3}),
    ("Adamax", {"lr": -1}), ("Adamax", {"eps": -1}), ("Adamax", {"betas": (1.0, 0.9)}),
    ("Adamax", {"betas": (0.9, -0.1)}), ("Adamax", {"weight_decay": -1}),
    ("NAdam", {"lr": -1}), ("NAdam", {"betas": (0.9, 1.5)}), ("NAdam", {"momentum_decay": -1}),
    ("NAdam", {"weight_decay": -0.5}), ("NAdam", {"eps": -1}),
    ("RAdam", {"lr": -1}), ("RAdam", {"eps": -1}), ("RAdam", {"betas": (-0.1, 0.9)}), ("RAdam", {"weight_decay": -1}),
    ("Rprop", {"lr": -1}), ("Rprop", {"etas": (1.5, 1.2)}), ("Rprop", {"etas": (0.5, 0.9)}),
    ("Rprop", {"etas": (0.0, 1.2)}),
    ("ASGD", {"lr": -1}), ("ASGD", {"weight_decay": -1}),
]


def run_optimizer_error(T, name, options):
    try:
        getattr(T.optim, name)([T.zeros(2, requires_grad=True)], **options)
    except Exception as e:  # noqa: BLE001 - the type and message are what is recorded
        return [type(e).__name__, str(e)]
    return None


def _scheduler_error_programs(T):
    S = T.optim.lr_scheduler

    def opt():
        return _scheduler_optimizer(T, "SGD")

    def adagrad():
        return T.optim.Adagrad([T.zeros(1, requires_grad=True)])

    def past_total():
        o = opt()
        s = S.OneCycleLR(o, max_lr=0.1, total_steps=3)
        for _ in range(4):
            o.step()
            s.step()

    def sequential_milestones():
        o = opt()
        S.SequentialLR(o, [S.StepLR(o, 2)], milestones=[3])

    def sequential_plateau():
        o = opt()
        S.SequentialLR(o, [S.ReduceLROnPlateau(o), S.StepLR(o, 2)], milestones=[3])

    return {
        "constant_factor": lambda: S.ConstantLR(opt(), factor=2.0),
        "linear_start": lambda: S.LinearLR(opt(), start_factor=0),
        "linear_end": lambda: S.LinearLR(opt(), end_factor=1.5),
        "plateau_factor": lambda: S.ReduceLROnPlateau(opt(), factor=1.0),
        "plateau_mode": lambda: S.ReduceLROnPlateau(opt(), mode="middle"),
        "plateau_threshold_mode": lambda: S.ReduceLROnPlateau(opt(), threshold_mode="ratio"),
        "plateau_min_lrs": lambda: S.ReduceLROnPlateau(opt(), min_lr=[0.1]),
        "cyclic_mode": lambda: S.CyclicLR(opt(), 0.01, 0.1, mode="sawtooth"),
        "cyclic_no_momentum": lambda: S.CyclicLR(adagrad(), 0.01, 0.1),
        "cyclic_base_lr_count": lambda: S.CyclicLR(opt(), [0.01, 0.02, 0.03], 0.1),
        "warm_T0": lambda: S.CosineAnnealingWarmRestarts(opt(), T_0=0),
        "warm_T_mult": lambda: S.CosineAnnealingWarmRestarts(opt(), T_0=2, T_mult=0),
        "warm_eta_min": lambda: S.CosineAnnealingWarmRestarts(opt(), T_0=2, eta_min="0"),
        "onecycle_no_steps": lambda: S.OneCycleLR(opt(), max_lr=0.1),
        "onecycle_total": lambda: S.OneCycleLR(opt(), max_lr=0.1, total_steps=0),
        "onecycle_epochs": lambda: S.OneCycleLR(opt(), max_lr=0.1, epochs=0, steps_per_epoch=3),
        "onecycle_pct": lambda: S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, pct_start=1.5),
        "onecycle_anneal": lambda: S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, anneal_strategy="exp"),
        "onecycle_no_momentum": lambda: S.OneCycleLR(adagrad(), max_lr=0.1, total_steps=10),
        "onecycle_past_total": past_total,
        "lambda_count": lambda: S.LambdaLR(opt(), [LAMBDAS["pow95"]]),
        "multiplicative_not_callable": lambda: S.MultiplicativeLR(opt(), 0.5),
        "not_an_optimizer": lambda: S.StepLR("sgd", 2),
        "resume_without_initial_lr": lambda: S.StepLR(opt(), 2, last_epoch=3),
        "chained_empty": lambda: S.ChainedScheduler([]),
        "sequential_empty": lambda: S.SequentialLR(opt(), [], milestones=[]),
        "sequential_milestones": sequential_milestones,
        "sequential_other_optimizer": lambda: S.SequentialLR(opt(), [S.StepLR(opt(), 2)], milestones=[]),
        "sequential_plateau": sequential_plateau,
    }


def run_scheduler_errors(T):
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, fn in _scheduler_error_programs(T).items():
            try:
                fn()
                out[name] = None
            except Exception as e:  # noqa: BLE001 - the type and message are what is recorded
                out[name] = [type(e).__name__, str(e)]
    return out
