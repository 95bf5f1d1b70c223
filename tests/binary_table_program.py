"""The program whose output PyTorch 2.13 recorded in ``tests/data/binary_table_pytorch.txt``.

``run(torch)`` prints, for every binary op of the table and the ops with extra arguments
(round(decimals=), logit(eps=), lerp, float_power, erfinv, sinc), results and gradients for
float32 and float64 inputs (broadcast), Python-number operands, and the result (or the error)
for integer and bool inputs.  ``tools/record_binary_table.py`` runs it with PyTorch;
``tests/test_op_table.py`` with tinytorch, and compares the texts (module prefix and spacing
normalised, as for the unary table).
"""
BINARY = ["maximum", "minimum", "fmax", "fmin", "fmod", "atan2", "arctan2", "hypot", "copysign", "xlogy",
          "logaddexp", "logaddexp2", "heaviside"]
A = [-2.5, -0.7, 0.0, 0.3, 1.4, 2.7, float("nan"), float("inf")]
B = [[1.5, -0.5, 0.0, 2.0, 1.4, -3.0, 1.0, 1.0], [0.75]]


def _show(f):
    try:
        print("@", repr(f()))
    except Exception as e:  # noqa: BLE001 - the error is part of the record
        print("@", type(e).__name__, str(e))


def _grads(torch, f, *values, dt):
    xs = [torch.tensor(v, dtype=dt, requires_grad=True) for v in values]
    y = f(*xs)
    print("@", repr(y))
    if y.grad_fn is not None and "NotImplemented" not in y.grad_fn.name():
        y.sum().backward()
        print("@", *[repr(x.grad) for x in xs])


def run(torch):
    for name in BINARY:
        f = getattr(torch, name)
        for dt in (torch.float32, torch.float64):
            for b in B:
                _grads(torch, f, A, b, dt=dt)
        _show(lambda: f(torch.tensor(A), 2.5))
        _show(lambda: f(2.5, torch.tensor(A)))
        _show(lambda: f(torch.tensor([5, -7, 3, 0]), torch.tensor([2, 3, -2, 4])))
        _show(lambda: f(torch.tensor([5, -7, 3, 0]), torch.tensor([2.5])))
        _show(lambda: f(torch.tensor([True, False]), torch.tensor([True, True])))
        _show(lambda: f(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0, 3.0])))
        _show(lambda: f(torch.tensor([3]), torch.tensor([0])))
    values = [-0.95, -0.5, 0.0, 0.1, 0.5, 0.99]
    for dt in (torch.float32, torch.float64):
        _grads(torch, torch.erfinv, values, dt=dt)
        _grads(torch, torch.sinc, [-2.0, -0.5, 0.0, 0.25, 1.0, 3.5], dt=dt)
        _grads(torch, lambda x: torch.round(x, decimals=2), [1.005, 2.675, -0.125, 0.5, 1234.5678], dt=dt)
        _grads(torch, lambda x: torch.round(x, decimals=-1), [15.0, 25.0, -35.0, 1234.5678], dt=dt)
        _grads(torch, torch.round, [0.5, 1.5, 2.5, -0.5, -1.5], dt=dt)
        _grads(torch, torch.logit, [0.2, 0.5, 0.9, 0.0, 1.0, 1.5], dt=dt)
        _grads(torch, lambda x: torch.logit(x, eps=0.1), [0.05, 0.2, 0.5, 0.95], dt=dt)
        _grads(torch, lambda a, b: torch.lerp(a, b, 0.3), [1.0, -2.0, 0.5], [3.0, 4.0, -1.0], dt=dt)
        _grads(torch, lambda a, b, w: torch.lerp(a, b, w), [1.0, -2.0, 0.5], [3.0, 4.0, -1.0], [0.2, 0.7, 1.5], dt=dt)
        _grads(torch, lambda a: torch.float_power(a, 2.5), [1.0, 2.0, 0.5], dt=dt)
        _grads(torch, lambda a, b: torch.float_power(a, b), [1.0, 2.0, 0.5], [2.0, -1.0, 3.0], dt=dt)
    _show(lambda: torch.erfinv(torch.tensor([0, 1, -1])))
    _show(lambda: torch.sinc(torch.tensor([0, 1])))
    _show(lambda: torch.round(torch.tensor([1, 2])))
    _show(lambda: torch.round(torch.tensor([1, 2]), decimals=1))
    _show(lambda: torch.round(torch.tensor([True])))
    _show(lambda: torch.logit(torch.tensor([1, 0])))
    _show(lambda: torch.lerp(torch.tensor([1, 2]), torch.tensor([3, 4]), 0.5))
    _show(lambda: torch.lerp(torch.tensor([1.0, 2]), torch.tensor([3, 4]), 0.5))
    _show(lambda: torch.lerp(torch.tensor([1.0, 2]), torch.tensor([3.0, 4]), torch.tensor([0.5, 1, 3])))
    _show(lambda: torch.float_power(torch.tensor([2, 3]), -1))
    _show(lambda: torch.ones(3).atan2_(torch.full((3,), 2.0)))
    _show(lambda: torch.ones(3, dtype=torch.int64).atan2_(torch.ones(3)))
    _show(lambda: torch.full((3,), 7.0).fmod_(2.5))
    _show(lambda: torch.full((2,), -1.5).copysign_(1.0))


def normalise(text):
    """One line per record, the module prefix as ``torch``, runs of spaces collapsed."""
    text = text.replace("tinytorch.", "torch.")
    return [" ".join(rec.split()) for rec in text.split("@")[1:]]
