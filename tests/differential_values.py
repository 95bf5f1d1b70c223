"""How the reliability differential suite writes a value down, shared by the test
(``test_reliability_differential.py``, on tinytorch) and the recorder
(``tools/record_reliability_cases.py``, on PyTorch): tensors by values, dtype and shape; nan as 'nan'."""
import math


def describe(torch, v):
    """A JSON-able description of ``v``, computed with the library module ``torch``."""
    if isinstance(v, torch.Tensor):
        return {"tensor": _nan(v.tolist()), "dtype": str(v.dtype).split(".")[-1], "shape": list(v.shape)}
    if isinstance(v, (list, tuple)):
        return [describe(torch, x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    return v if isinstance(v, (int, float, str, bool, type(None))) else repr(v)


def _nan(v):
    if isinstance(v, list):
        return [_nan(x) for x in v]
    return "nan" if isinstance(v, float) and math.isnan(v) else v
