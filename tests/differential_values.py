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


# --- The wide suite (tools/record_reliability_cases2.py, tests/test_reliability_differential2.py) ---

def describe_wide(torch, v):
    """``describe`` plus the other values the wide suite's cases end in: dtypes by name, a tensor's
    ``requires_grad`` when set, dicts by sorted items, None-able tuples (torch.return_types) as lists."""
    if isinstance(v, torch.dtype):
        return {"dtype": str(v).split(".")[-1]}
    if isinstance(v, torch.Tensor):
        out = describe(torch, v.detach() if v.requires_grad else v)
        if v.requires_grad:
            out["requires_grad"] = True
        return out
    if isinstance(v, (list, tuple)):
        return [describe_wide(torch, x) for x in v]
    if isinstance(v, dict):
        return [[describe_wide(torch, k), describe_wide(torch, x)] for k, x in sorted(v.items(), key=repr)]
    if isinstance(v, float) and v != v:
        return "nan"
    if isinstance(v, (int, float, str, bool, type(None))):
        return v
    return {"object": type(v).__name__}


def run_case(env, code, describe_value=describe_wide, torch=None):
    """Run one case ``stmt; stmt; expression`` in ``env`` (a dict of names); its outcome as
    ``{"value": ...}`` or ``{"error": type name, "message": first line}``.  tinytorch's own names
    in a message ("a tinytorch.FloatTensor") read as PyTorch's."""
    import warnings
    torch = torch if torch is not None else env["torch"]
    *statements, expression = code.split("; ")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for statement in statements:
                exec(statement, env)
            return {"value": describe_value(torch, eval(expression, env))}
        except Exception as e:  # noqa: BLE001 - the outcome is the exception
            message = str(e).split("\n")[0].replace("tinytorch.", "torch.").replace("module 'tinytorch'", "module 'torch'")
            return {"error": type(e).__name__, "message": message}


def same_value(recorded, got, rel=1e-6):
    """Recorded and replayed descriptions agree: equal, floats within ``rel`` (transcendental
    kernels may differ from PyTorch's in the last bits), ints and bools exactly."""
    if isinstance(recorded, float) and isinstance(got, float) and not isinstance(got, bool):
        if recorded == got:
            return True
        if math.isinf(recorded) or math.isinf(got):
            return False
        return abs(recorded - got) <= rel * max(abs(recorded), abs(got)) + 1e-30
    if type(recorded) is not type(got):
        return False
    if isinstance(recorded, list):
        return len(recorded) == len(got) and all(same_value(a, b, rel) for a, b in zip(recorded, got))
    if isinstance(recorded, dict):
        return recorded.keys() == got.keys() and all(same_value(recorded[k], got[k], rel) for k in recorded)
    return recorded == got
