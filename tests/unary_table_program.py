"""The program whose output PyTorch 2.13 recorded in ``tests/data/unary_table_pytorch.txt``.

``run(torch)`` prints, for every unary op of the table, the result and the gradient of its
sum for float32 and float64 inputs, and the result (or the error) for integer and bool
inputs.  ``tools/record_unary_table.py`` runs it with PyTorch; ``tests/test_op_table.py``
with tinytorch, and compares the texts with the module prefix and line wrapping normalised.
"""
NAMES = ["neg", "abs", "sign", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt",
         "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
         "atanh", "sigmoid", "relu", "erf", "erfc", "floor", "ceil", "trunc", "frac", "arcsin", "negative",
         "absolute", "fix", "sgn", "deg2rad", "rad2deg"]
VALUES = [[-2.5, -0.7, -0.1, 0.0, 0.3, 0.9, 1.4, 2.7], [1e-8, 3.0, 5.0, -30.0, 100.0]]


def run(torch):
    for name in NAMES:
        f = getattr(torch, name)
        for v in VALUES:
            for dt in (torch.float32, torch.float64):
                x = torch.tensor(v, dtype=dt, requires_grad=True)
                y = f(x)
                y.sum().backward()
                print("@", name, repr(y), repr(x.grad))
        for t in ([1, -2, 3], [True, False]):
            try:
                print("@", name, repr(f(torch.tensor(t))))
            except Exception as e:  # noqa: BLE001 - the error is part of the record
                print("@", name, type(e).__name__, str(e))


def normalise(text):
    """One line per record, the module prefix as ``torch``, runs of spaces collapsed."""
    text = text.replace("tinytorch.", "torch.")
    return [" ".join(rec.split()) for rec in text.split("@")[1:]]
