"""Cases of ``tests/test_short_and_inplace_functions.py`` (int16 and ``torch.<name>_``), run on
PyTorch by ``tools/record_short_inplace.py`` and on tinytorch by the test."""
import warnings

DTYPES = ("bool", "uint8", "int16", "int32", "int64", "float32", "float64")


def short_cases(torch):
    r = {}
    s = torch.tensor([1, -2, 300], dtype=torch.int16)
    r["repr"] = repr(s)
    r["short alias"] = str(torch.short)
    r["ShortTensor"] = repr(torch.ShortTensor([1, 2]))
    r["ones int16"] = repr(torch.ones((2, 3), dtype=torch.int16))
    r["promote"] = {d: str(torch.promote_types(torch.int16, getattr(torch, d))) for d in DTYPES}
    r["add"] = {d: repr(s + torch.tensor([1, 0, 1], dtype=getattr(torch, d))) for d in DTYPES}
    r["scalar ops"] = [repr(s * 2), repr(s + 1.5), repr(s // 3), repr(s.float() / 2), repr(s.sum()), repr(s.max())]
    r["to"] = repr(torch.tensor([1.7, -2.2, 40000.0]).to(torch.int16))
    r["element_size"] = s.element_size()
    r["numpy"] = str(s.numpy().dtype)
    return r


def inplace_function_cases(torch):
    import math
    r = {}
    b = torch.tensor([0, math.pi / 4, math.pi / 2])
    out = torch.sin_(b)
    r["sin_"] = [repr(out), out is b]
    r["clamp_"] = repr(torch.clamp_(torch.tensor([-3.0, 0.5, 3.0]), -1, 1))
    r["relu_"] = repr(torch.relu_(torch.tensor([-1.0, 2.0])))
    r["exp_ version"] = (lambda t: (torch.exp_(t), t._version)[1])(torch.zeros(2))
    for bad in ("sin_",):
        try:
            getattr(torch, bad)(3)
        except Exception as e:   # noqa: BLE001
            r[bad + " of int"] = [type(e).__name__, str(e)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.add(torch.ones(3), 1, out=torch.zeros(5))
        torch.sum(torch.ones(2, 3), 1, out=torch.zeros(5))
    r["out= warnings at the caller"] = [w.filename == __file__ for w in caught]
    return r


CASES = (short_cases, inplace_function_cases)
