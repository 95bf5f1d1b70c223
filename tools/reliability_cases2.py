"""The cases of the second, wide reliability differential suite (issue 15), generated systematically.

Each case is ``(name, code)``; ``code`` is ``statement; statement; ...; expression`` run with
``torch``, ``nn``, ``F``, ``np``, ``DataLoader`` and ``TensorDataset`` in scope (the same form as
tools/record_reliability_cases.py).  tools/record_reliability_cases2.py runs them under PyTorch and
writes tests/data/reliability_cases2.json; tests/test_reliability_differential2.py replays them on
tinytorch.  The families:

- inputs: one list of awkward tensors (NaN/inf, int64 limits, empty, zero-size, non-contiguous,
  negative-stride via flip, expanded, bool, uint8) and of non-tensors (list, None, str, ndarray);
- unary and binary elementwise functions, reductions, shape and indexing functions, factories,
  ``nn.functional`` functions and module constructors, each crossed with the inputs or with bad
  argument values (wrong types, out of range, NaN/inf, int64 limits);
- autograd misuse, and the in-place / overlap / clamp / ndarray / None / expanded-write cases.

No case depends on random values (random factories are described by shape and dtype only).
This module imports neither library: it only writes code strings.
"""

INT64_MAX = "9223372036854775807"
INT64_MIN = "(-9223372036854775807 - 1)"

#: name -> an expression making a tensor.  Values are chosen so results are exact in float32
#: (or rounded by the suite's describe).
TENSORS = {
    "f": "torch.tensor([1.5, -2., 0., 4.])",
    "nan": "torch.tensor([float('nan'), 1., -1., 0.])",
    "inf": "torch.tensor([float('inf'), -float('inf'), 1., 0.])",
    "f64": "torch.tensor([0.5, -3., 2., 0.], dtype=torch.float64)",
    "i64": "torch.tensor([3, -7, 0, 5])",
    "i64max": f"torch.tensor([{INT64_MAX}, {INT64_MIN}, -1, 1])",
    "i32": "torch.tensor([3, -7, 0, 5], dtype=torch.int32)",
    "u8": "torch.tensor([0, 255, 7, 128], dtype=torch.uint8)",
    "bool": "torch.tensor([True, False, True, True])",
    "empty": "torch.tensor([])",
    "zero2": "torch.ones(0, 3)",
    "scalar": "torch.tensor(2.5)",
    "tr": "torch.arange(6.).reshape(2, 3).t()",
    "flip": "torch.arange(4.).flip(0)",
    "exp": "torch.tensor([1.5]).expand(4)",
    "sl": "torch.arange(8.)[::2]",
    "m23": "torch.arange(6.).reshape(2, 3)",
}

#: name -> an operand that is not a tensor.
OTHERS = {"list": "[1., 2., 3., 4.]", "none": "None", "str": "'a'", "nd": "np.ones(4)",
          "int": "2", "float": "0.5", "big": INT64_MAX, "nanf": "float('nan')"}

UNARY = ["abs", "neg", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "floor", "ceil",
         "round", "trunc", "sign", "reciprocal", "square", "log1p", "expm1", "rsqrt", "logical_not",
         "isnan", "isinf", "isfinite", "bitwise_not", "exp2", "log2", "erf", "atan", "sinh"]

BINARY = ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "maximum", "minimum",
          "atan2", "eq", "ne", "lt", "ge", "logical_and", "bitwise_and", "bitwise_xor", "hypot", "true_divide"]

OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", ">=", "&", "|", "^"]

REDUCTIONS = ["sum", "mean", "prod", "amax", "amin", "argmax", "argmin", "std", "var", "logsumexp",
              "all", "any", "cumsum", "cumprod", "count_nonzero", "nansum"]

BAD_DIMS = {"dim_oob": "5", "dim_neg_oob": "-6", "dim_float": "1.5", "dim_str": "'a'", "dim_big": INT64_MAX,
            "dim_list": "[0, 0]", "dim_none": "None", "dim_ok": "0", "dim_neg1": "-1"}

#: factory name -> (good arguments before the size, the call's suffix)
SIZES = {"neg": "-1", "float": "2.5", "str": "'2'", "none": "None", "big": INT64_MAX, "huge2": "2**63",
         "zero": "0", "tuple_neg": "(2, -3)", "tuple_float": "(2, 1.5)", "nested": "[[2]]", "ok": "(2, 3)",
         "tensor_size": "torch.tensor(3)", "bool": "True"}


def _esc(name):
    return name.replace(" ", "_").replace("(", "").replace(")", "")


def unary_cases():
    out = []
    for op in UNARY:
        for tname, t in TENSORS.items():
            out.append((f"unary_{op}_{tname}", f"torch.{op}({t})"))
        for oname in ("list", "none", "int"):
            out.append((f"unary_{op}_{oname}", f"torch.{op}({OTHERS[oname]})"))
    return out


BINARY_PAIRS = {
    "f_f": (TENSORS["f"], TENSORS["nan"]),
    "i64_i64max": (TENSORS["i64"], TENSORS["i64max"]),
    "i64max_neg1": (TENSORS["i64max"], "-1"),
    "i64max_tneg1": (TENSORS["i64max"], "torch.tensor(-1)"),
    "i64_zero": (TENSORS["i64"], "0"),
    "i64_f": (TENSORS["i64"], "1.5"),
    "u8_i64": (TENSORS["u8"], "torch.tensor(300)"),
    "u8_300": (TENSORS["u8"], "300"),
    "bool_bool": (TENSORS["bool"], TENSORS["bool"]),
    "f_i32": (TENSORS["f"], TENSORS["i32"]),
    "shape_mismatch": ("torch.ones(2)", "torch.ones(3)"),
    "broadcast_zero": ("torch.ones(0, 1)", "torch.ones(3)"),
    "empty_scalar": (TENSORS["empty"], "2"),
    "tr_m": (TENSORS["tr"], "torch.ones(3, 2)"),
    "flip_exp": (TENSORS["flip"], TENSORS["exp"]),
    "f_nd": (TENSORS["f"], OTHERS["nd"]),
    "f_none": (TENSORS["f"], "None"),
    "f_str": (TENSORS["f"], "'a'"),
    "f_list": (TENSORS["f"], OTHERS["list"]),
    "f_nan": (TENSORS["f"], "float('nan')"),
    "f_big": (TENSORS["f"], INT64_MAX),
    "f_huge": (TENSORS["f"], "2**64"),
}


def binary_cases():
    out = []
    for op in BINARY:
        for pname, (a, b) in BINARY_PAIRS.items():
            out.append((f"binary_{op}_{pname}", f"torch.{op}({a}, {b})"))
    for i, op in enumerate(OPERATORS):
        for pname in ("f_f", "i64_i64max", "i64max_neg1", "bool_bool", "u8_300", "f_nd", "f_none", "f_str",
                      "f_list", "shape_mismatch", "i64_zero"):
            a, b = BINARY_PAIRS[pname]
            out.append((f"operator{i}_{pname}", f"({a}) {op} ({b})"))
        out.append((f"operator{i}_reflected_nd", f"np.ones(4) {op} torch.ones(4)"))
        out.append((f"operator{i}_reflected_int", f"3 {op} {TENSORS['i64']}"))
    return out


def division_extremes():
    out = []
    for mode in ("'floor'", "'trunc'", "None", "'round'", "1"):
        for pname in ("i64max_neg1", "i64max_tneg1", "i64_zero", "i64_i64max"):
            if mode == "'trunc'" and "neg1" in pname:
                continue  # PyTorch 2.13 dies of SIGFPE on int64 min / -1 with rounding_mode='trunc'
            a, b = BINARY_PAIRS[pname]
            out.append((f"div_mode_{mode.strip(chr(39))}_{pname}", f"torch.div({a}, {b}, rounding_mode={mode})"))
    for pname in ("i64max_neg1", "i64_zero", "i64_i64max"):
        a, b = BINARY_PAIRS[pname]
        out.append((f"remainder_t_{pname}", f"({a}) % ({b})"))
        out.append((f"floordiv_t_{pname}", f"({a}) // ({b})"))
    out.append(("int64min_floordiv_neg1", "torch.tensor([-2**63]) // -1"))
    out.append(("int64min_remainder_neg1", "torch.tensor([-2**63]) % -1"))
    out.append(("int64min_fmod_neg1", "torch.fmod(torch.tensor([-2**63]), -1)"))
    out.append(("int64min_floor_neg1", "torch.div(torch.tensor([-2**63]), -1, rounding_mode='floor')"))
    out.append(("int64min_neg", "-torch.tensor([-2**63])"))
    out.append(("int64min_abs", "torch.tensor([-2**63]).abs()"))
    out.append(("int64max_plus1", f"torch.tensor([{INT64_MAX}]) + 1"))
    out.append(("int64max_mul2", f"torch.tensor([{INT64_MAX}]) * 2"))
    out.append(("int32min_floordiv_neg1", "torch.tensor([-2**31], dtype=torch.int32) // -1"))
    out.append(("int32min_remainder_neg1", "torch.tensor([-2**31], dtype=torch.int32) % -1"))
    out.append(("int_div_zero_floor", "torch.tensor([5]) // 0"))
    out.append(("int_mod_zero", "torch.tensor([5]) % 0"))
    out.append(("int_div_tensor_zero_floor", "torch.tensor([5]) // torch.tensor([0])"))
    return out


def reduction_cases():
    inputs = {k: TENSORS[k] for k in ("f", "nan", "inf", "i64", "i64max", "bool", "u8", "empty", "zero2",
                                      "scalar", "tr", "flip", "exp")}
    out = []
    for op in REDUCTIONS:
        for tname, t in inputs.items():
            out.append((f"reduce_{op}_{tname}", f"torch.{op}({t})" if op not in ("cumsum", "cumprod")
                        else f"torch.{op}({t}, 0)"))
        for dname, d in BAD_DIMS.items():
            out.append((f"reduce_{op}_m23_{dname}", f"torch.{op}({TENSORS['m23']}, {d})"))
        out.append((f"reduce_{op}_zero2_dim1", f"torch.{op}({TENSORS['zero2']}, 1)"))
        out.append((f"reduce_{op}_zero2_dim0", f"torch.{op}({TENSORS['zero2']}, 0)"))
    for op in ("max", "min", "median", "mode", "sort", "argsort", "topk_1", "kthvalue_1"):
        name, *extra = op.split("_")
        args = ", ".join(extra)
        for tname in ("f", "nan", "i64max", "empty", "zero2", "flip", "exp", "bool"):
            t = TENSORS[tname]
            out.append((f"reduce2_{op}_{tname}", f"torch.{name}({t}{', ' + args if args else ''})"))
        for dname in ("dim_oob", "dim_float", "dim_neg1"):
            d = BAD_DIMS[dname]
            out.append((f"reduce2_{op}_m23_{dname}",
                        f"torch.{name}({TENSORS['m23']}, {args + ', ' if args else ''}{d})"))
    return out


def factory_cases():
    out = []
    for fn in ("zeros", "ones", "empty", "rand", "randn"):
        for sname, s in SIZES.items():
            out.append((f"factory_{fn}_{sname}", f"torch.{fn}({s}).shape"))
        for dname, d in (("str", "'float32'"), ("np", "np.float32"), ("int", "int"), ("i64", "torch.int64"),
                         ("bool", "torch.bool")):
            out.append((f"factory_{fn}_dtype_{dname}", f"torch.{fn}(2, dtype={d}).dtype"))
    for sname, s in SIZES.items():
        out.append((f"factory_full_{sname}", f"torch.full({s}, 1.5).shape"))
    for vname, v in (("nan", "float('nan')"), ("inf", "float('inf')"), ("big", INT64_MAX), ("huge", "2**63"),
                     ("str", "'a'"), ("none", "None"), ("bool", "True"), ("int", "3")):
        out.append((f"factory_full_value_{vname}", f"torch.full((2,), {v})"))
        out.append((f"factory_full_value_{vname}_u8", f"torch.full((2,), {v}, dtype=torch.uint8)"))
        out.append((f"factory_tensor_{vname}", f"torch.tensor({v})"))
        out.append((f"factory_tensor_list_{vname}", f"torch.tensor([1, {v}])"))
    for args_name, args in (("ok", "5"), ("neg_step", "0, 5, -1"), ("zero_step", "0, 5, 0"), ("float", "0, 1, 0.25"),
                            ("nan", "float('nan')"), ("inf", "0, float('inf')"), ("str", "'a'"), ("big", f"0, {INT64_MAX}, 2**62"),
                            ("rev", "5, 0, -2"), ("empty", "3, 3"), ("wrong_dir", "5, 0"), ("none", "None"),
                            ("tensor", "torch.tensor(3)"), ("huge", "2**63")):
        out.append((f"factory_arange_{args_name}", f"torch.arange({args})"))
    for args_name, args in (("ok", "0, 1, 5"), ("one", "0, 1, 1"), ("zero", "0, 1, 0"), ("neg", "0, 1, -1"),
                            ("float_steps", "0, 1, 2.5"), ("nan", "0, float('nan'), 3"), ("str", "0, 1, '3'"),
                            ("big", f"0, 1, {INT64_MAX}")):
        out.append((f"factory_linspace_{args_name}", f"torch.linspace({args})"))
    for args_name, args in (("ok", "2"), ("rect", "2, 3"), ("zero", "0"), ("neg", "-1"), ("neg_m", "2, -1"),
                            ("float", "2.5"), ("str", "'2'"), ("none", "None"), ("big", INT64_MAX)):
        out.append((f"factory_eye_{args_name}", f"torch.eye({args})"))
    for args_name, args in (("ok", "0, 3, (2,)"), ("huge_high", "0, 2**63, (2,)"), ("big_high", f"0, {INT64_MAX}, (2,)"),
                            ("empty_range", "3, 3, (2,)"), ("reversed", "5, 1, (2,)"), ("float_high", "0, 2.5, (2,)"),
                            ("neg_size", "0, 3, (-1,)"), ("zero_size", "0, 3, (0,)"), ("float_size", "0, 3, (1.5,)"),
                            ("str_high", "0, '3', (2,)"), ("low_huge_neg", "-2**63 - 1, 0, (2,)"),
                            ("high_only", "5, (3,)"), ("u8_out_of_range", "0, 300, (2,), dtype=torch.uint8"),
                            ("bool_dtype", "0, 2, (2,), dtype=torch.bool"), ("float_dtype", "0, 3, (2,), dtype=torch.float32"),
                            ("nan_high", "0, float('nan'), (2,)"), ("int_size", "0, 3, 2")):
        out.append((f"factory_randint_{args_name}", f"r = torch.randint({args}); [r.shape, r.dtype]"))
    for args_name, args in (("ok", "4"), ("zero", "0"), ("neg", "-1"), ("float", "2.5"), ("str", "'3'"),
                            ("big", INT64_MAX), ("huge", "2**63")):
        out.append((f"factory_randperm_{args_name}", f"r = torch.randperm({args}); [r.shape, r.dtype]"))
    for like in ("zeros_like", "ones_like", "empty_like", "rand_like", "randn_like"):
        for tname in ("i64", "empty", "tr", "flip", "exp", "bool"):
            out.append((f"factory_{like}_{tname}", f"r = torch.{like}({TENSORS[tname]}); [r.shape, r.dtype, r.stride()]"))
        out.append((f"factory_{like}_list", f"torch.{like}([1., 2.])"))
    return out


def shape_cases():
    m = TENSORS["m23"]
    calls = {
        "reshape": ["(3, 2)", "(-1,)", "(-1, -1)", "(4, 2)", "(0, -1)", "(1.5, 4)", "('a',)", "(-2, 3)",
                    f"({INT64_MAX}, 1)", "()"],
        "view": ["(3, 2)", "(-1,)", "(4,)", "(2, -1)", "(1.5,)"],
        "permute": ["(1, 0)", "(0, 0)", "(0,)", "(0, 5)", "(1.5, 0)", "(0, 1, 2)"],
        "transpose": ["0, 1", "0, 2", "0, 1.5", "-3, 0", f"0, {INT64_MAX}"],
        "squeeze": ["0", "5", "1.5", "(0, 1)", "-1"],
        "unsqueeze": ["0", "2", "3", "-4", "1.5", "None"],
        "flatten": ["0", "1, 0", "5", "0, 1.5"],
        "expand": ["(4, 2, 3)", "(3, 3)", "(-1, 3)", "(2, -2)", "(-1, 2, 3)", "(2, 1.5)"],
        "repeat": ["(2, 2)", "(2,)", "(0, 1)", "(-1, 1)", "(1.5, 1)"],
        "flip": ["(0,)", "(0, 0)", "(5,)", "0"],
        "roll": ["1", "(1, 1), (0, 1)", "1, 5", "1.5", "(1, 1), (0,)"],
        "narrow": ["1, 0, 2", "1, 2, 2", "1, -1, 1", "5, 0, 1", "1, 0, -1", "1, 1.5, 1"],
        "chunk": ["2", "0", "-1", "2, 5", "1.5"],
        "split": ["1", "[1, 2], 1", "[1, 1], 1", "0", "-1", "1.5"],
        "movedim": ["0, 1", "0, 5", "(0, 1), (1,)"],
        "tile": ["(2,)", "(-1,)"],
        "diagonal": ["0", "5", "0, 0, 0"],
        "tril": ["0", "-10", "1.5"],
        "select": ["0, 1", "0, 5", "0, -3", "2, 0", "0, 1.5"],
        "index_select": ["0, torch.tensor([1, 0])", "0, torch.tensor([5])", "0, torch.tensor([-1])",
                         "0, torch.tensor([0.])", "0, [0]", "5, torch.tensor([0])", "1, torch.tensor([[0]])"],
        "gather": ["1, torch.tensor([[0], [2]])", "1, torch.tensor([[3]])", "1, torch.tensor([[-1]])",
                   "1, torch.tensor([[0.]])", "1, torch.tensor([0])", "5, torch.tensor([[0]])"],
        "take": ["torch.tensor([0, 5])", "torch.tensor([6])", "torch.tensor([-7])", "torch.tensor([-1])"],
    }
    out = []
    for fn, arglists in calls.items():
        for i, args in enumerate(arglists):
            out.append((f"shape_{fn}_{i}", f"torch.{fn}({m}, {args})"))
    for i, args in enumerate(["[torch.ones(2), torch.ones(3)]", "[torch.ones(2, 1), torch.ones(2)]", "[]",
                              "[torch.ones(2), torch.ones(2, dtype=torch.int64)]", "torch.ones(2)",
                              "[torch.ones(0), torch.ones(2, 2)]", "[torch.ones(2), [1., 2.]]",
                              "(torch.ones(2), torch.ones(2)), dim=1", "(torch.ones(2), torch.ones(2)), dim=1.5",
                              "[torch.ones(2, 2).t(), torch.ones(2, 2).flip(0)]", "[torch.ones(1).expand(3), torch.ones(2)]"]):
        out.append((f"shape_cat_{i}", f"torch.cat({args})"))
        out.append((f"shape_stack_{i}", f"torch.stack({args})"))
    return out


INDICES = {
    "int": "1", "neg": "-1", "oob": "2", "neg_oob": "-3", "float": "1.5", "bool_true": "True",
    "none": "None", "ellipsis": "...", "slice_step0": "slice(None, None, 0)", "slice_neg_step": "slice(None, None, -1)",
    "slice_float": "slice(0, 1.5)", "slice_big": f"slice(0, {INT64_MAX})", "slice_empty": "slice(5, 1)",
    "tuple_oob": "(0, 3)", "tuple_too_many": "(0, 0, 0)", "list": "[1, 0]", "list_oob": "[0, 2]", "list_neg": "[-1, -2]",
    "list_float": "[0.5]", "list_empty": "[]", "list_bool": "[True, False]", "tensor": "torch.tensor([1, 0])",
    "tensor_oob": "torch.tensor([2])", "tensor_float": "torch.tensor([0.])", "tensor_bool": "torch.tensor([True, False])",
    "tensor_bool_wrong": "torch.tensor([True, False, True])", "tensor_scalar": "torch.tensor(1)",
    "tensor_2d": "torch.tensor([[0, 1], [1, 0]])", "mask_2d": "torch.ones(2, 3, dtype=torch.bool)",
    "mask_u8": "torch.tensor([1, 0], dtype=torch.uint8)", "str": "'a'", "big": INT64_MAX, "huge": "2**64",
    "nested": "[[0, 1], [1, 0]]", "tuple_list": "([0, 1], [1, 2])", "tuple_mixed": "(slice(None), [0, 2])",
    "nd": "np.array([1, 0])", "tuple_none_int": "(None, 0, 1)", "ellipsis_twice": "(..., ...)",
}


def index_cases():
    out = []
    for iname, i in INDICES.items():
        for tname in ("m23", "tr"):
            out.append((f"getitem_{tname}_{iname}", f"x = {TENSORS[tname] if tname == 'm23' else 'torch.arange(6.).reshape(3, 2).t()'}; x[{i}]"))
        out.append((f"setitem_{iname}", f"x = torch.zeros(2, 3); x[{i}] = 7; x"))
    for vname, v in (("list", "[1., 2., 3.]"), ("tensor_wrong_shape", "torch.ones(2)"), ("nan_int", "float('nan')"),
                     ("big_int", "2**63"), ("float_into_int", "2.7"), ("str", "'a'"), ("none", "None"),
                     ("broadcast", "torch.ones(1)"), ("f64_into_f32", "torch.ones(3, dtype=torch.float64)"),
                     ("tensor_2d", "torch.ones(1, 3)"), ("tensor_3d", "torch.ones(1, 1, 3)"), ("nd", "np.ones(3)")):
        out.append((f"setvalue_f_{vname}", f"x = torch.zeros(2, 3); x[0] = {v}; x"))
        out.append((f"setvalue_i_{vname}", f"x = torch.zeros(2, 3, dtype=torch.int64); x[0] = {v}; x"))
    for i, code in enumerate([
            "e = torch.zeros(1).expand(3); e[0] = 1; e", "e = torch.zeros(1).expand(3); e.fill_(2); e",
            "e = torch.zeros(1).expand(3); e.copy_(torch.arange(3.)); e",
            "e = torch.zeros(1).expand(3); e.add_(1); e", "e = torch.zeros(1).expand(3); e.add_(torch.arange(3.)); e",
            "e = torch.zeros(1).expand(3); e.mul_(2); e", "e = torch.zeros(1).expand(3); e.zero_(); e",
            "e = torch.zeros(1).expand(3); e[1:] = 5; e", "e = torch.zeros(1).expand(3); e[[0, 1]] = 5; e",
            "e = torch.zeros(1).expand(3); e.clamp_(1, 2); e", "e = torch.zeros(1).expand(3); e.exp_(); e",
            "e = torch.zeros(1).expand(3); e.neg_(); e", "e = torch.zeros(1, 3).expand(2, 3); e[0] = torch.arange(3.); e",
            "e = torch.zeros(1).expand(3); e[...] = 4; e", "e = torch.zeros(1).expand(3); e.masked_fill_(torch.tensor([True, False, False]), 1); e",
            "e = torch.zeros(1).expand(3); e.index_fill_(0, torch.tensor([0]), 1); e",
            "e = torch.zeros(1).expand(3); e.uniform_().shape", "e = torch.zeros(1).expand(3); e.normal_().shape",
            "e = torch.zeros(1).expand(3); e.sub_(1); e", "e = torch.zeros(1).expand(3); e.div_(2); e",
            "e = torch.zeros(1).expand(3); e.relu_(); e", "e = torch.zeros(1).expand(3); e.sigmoid_(); e",
            "e = torch.zeros(1).expand(3); e.scatter_(0, torch.tensor([1]), 1.); e",
            "e = torch.zeros(1).expand(3); e.index_put_((torch.tensor([1]),), torch.tensor(1.)); e"]):
        out.append((f"expanded_write_{i}", code))
    return out


def overlap_cases():
    codes = [
        "b = torch.arange(5.); b[1:].add_(b[:-1]); b", "b = torch.arange(5.); b[:-1].add_(b[1:]); b",
        "b = torch.arange(5.); b.add_(b); b", "b = torch.arange(5.); b.mul_(b); b",
        "b = torch.arange(5.); b[1:].mul_(b[:-1]); b", "b = torch.arange(5.); b[1:].copy_(b[:-1]); b",
        "b = torch.arange(4.); b[:2].add_(b[2:]); b", "b = torch.arange(6.).reshape(2, 3); b.add_(b.flip(0)); b",
        "b = torch.arange(4.).reshape(2, 2); b.add_(b.t()); b", "b = torch.arange(5.); b[1:].sub_(b[:-1]); b",
        "b = torch.arange(5.); b[1:].div_(b[:-1] + 1); b", "b = torch.arange(5.); torch.add(b[:-1], 1, out=b[1:]); b",
        "b = torch.arange(5.); b[1:].maximum(b[:-1])", "b = torch.arange(5.); b[::2].add_(b[1::2][:3]); b",
        "b = torch.arange(5.); b[1:].clamp_(min=b[:-1]); b", "b = torch.arange(5.); b.add_(b[0]); b",
        "b = torch.arange(5.); b[1:].pow_(b[:-1]); b", "b = torch.arange(5.); b[1:].atan2_(b[:-1]); b",
        "b = torch.arange(5.); b.flip(0).add_(b); b", "b = torch.arange(5.); b[1:].lerp_(b[:-1], 0.5); b",
        "b = torch.arange(5.); b[1:].addcmul_(b[:-1], b[1:]); b", "b = torch.arange(5.); b[2:].where(b[:3] > 1, 0.)",
        "b = torch.ones(1).expand(3); b.add_(b); b", "b = torch.arange(5.); b[1:].add_(b[:-1].clone()); b",
        "b = torch.arange(5.); b[1:].copy_(b[1:]); b", "b = torch.arange(5.); b[1:].neg_(); b",
    ]
    return [(f"overlap_{i}", c) for i, c in enumerate(codes)]


def clamp_cases():
    out = []
    bounds = {"min_nan": "min=float('nan')", "max_nan": "max=float('nan')", "both_nan": "float('nan'), float('nan')",
              "min_gt_max": "2, 1", "min_inf": "min=float('inf')", "max_ninf": "max=-float('inf')",
              "none": "", "none_none": "None, None", "min_str": "min='a'", "t_nan": "min=torch.tensor(float('nan'))",
              "t_min": "min=torch.tensor([0., 3., 0., 0.])", "t_bad_shape": "min=torch.ones(3)",
              "int_float_bound": "min=0.5", "big": f"max={INT64_MAX}", "min_list": "min=[1.]"}
    for bname, b in bounds.items():
        for tname in ("f", "nan", "i64", "u8", "empty"):
            out.append((f"clamp_{bname}_{tname}", f"torch.clamp({TENSORS[tname]}, {b})"))
        out.append((f"clamp_inplace_{bname}", f"x = {TENSORS['f']}; x.clamp_({b}); x"))
    return out


def nn_functional_cases():
    x = "torch.arange(8.).reshape(2, 4)"
    img = "torch.ones(1, 1, 4, 4)"
    calls = {
        "softmax": [f"{x}, dim=5", f"{x}, dim=1.5", f"{x}, dim=-1", f"{x}, dim=None", "torch.tensor([]), dim=0",
                    "torch.arange(4), dim=0", "torch.tensor([float('nan'), 1.]), dim=0"],
        "log_softmax": [f"{x}, dim=5", f"{x}, dim=1", "torch.arange(4), dim=0", "torch.ones(0, 3), dim=1"],
        "relu": ["torch.tensor([-1, 2])", "torch.tensor([True])", "[1., -1.]", "torch.tensor([float('nan')])"],
        "gelu": ["torch.tensor([-1., 2.])", "torch.tensor([1., 2.]), approximate='bad'", "torch.tensor([1])"],
        "leaky_relu": ["torch.tensor([-1., 2.]), -1", "torch.tensor([-1., 2.]), float('nan')", "torch.tensor([-1, 2])"],
        "dropout": [f"{x}, p=-0.1", f"{x}, p=1.5", f"{x}, p=float('nan')", f"{x}, p=1.", f"{x}, p='a'",
                    f"{x}, p=0.5, training=False"],
        "linear": ["torch.ones(2, 3), torch.ones(4, 2)", "torch.ones(2, 3), torch.ones(4, 3), torch.ones(3)",
                   "torch.ones(2, 3), torch.ones(4, 3, dtype=torch.float64)", "torch.ones(0, 3), torch.ones(4, 3)",
                   "torch.ones(2, 0), torch.ones(4, 0)", "torch.arange(6).reshape(2, 3), torch.ones(1, 3, dtype=torch.int64)",
                   "torch.ones(3), torch.ones(2, 3)"],
        "mse_loss": ["torch.ones(2), torch.ones(2, dtype=torch.float64)", "torch.ones(2), torch.ones(2), reduction='bad'",
                     "torch.ones(0), torch.ones(0)", "torch.arange(2), torch.arange(2)", "torch.ones(2), [1., 1.]"],
        "cross_entropy": ["torch.zeros(2, 3), torch.tensor([0, 3])", "torch.zeros(2, 3), torch.tensor([0., 1.])",
                          "torch.zeros(2, 3), torch.tensor([0, 1]), reduction='bad'",
                          "torch.zeros(2, 3), torch.tensor([0])", "torch.zeros(0, 3), torch.zeros(0, dtype=torch.int64)",
                          "torch.zeros(2, 3), torch.tensor([-1, 0])", "torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=1.5",
                          "torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(2)",
                          "torch.zeros(2, 3, dtype=torch.int64), torch.tensor([0, 1])",
                          "torch.zeros(2, 3), torch.tensor([[1., 0, 0], [0, 1, 0]])"],
        "nll_loss": ["torch.zeros(2, 3), torch.tensor([0, 3])", "torch.zeros(2, 3), torch.tensor([0, -1])",
                     "torch.zeros(3), torch.tensor(0)", "torch.zeros(2, 3), torch.tensor([0, 1], dtype=torch.int32)"],
        "binary_cross_entropy": ["torch.tensor([0.5, 1.5]), torch.ones(2)", "torch.tensor([0.5, -0.1]), torch.ones(2)",
                                 "torch.tensor([0.5, float('nan')]), torch.ones(2)", "torch.tensor([0., 1.]), torch.tensor([1., 0.])",
                                 "torch.tensor([0.5]), torch.ones(2)"],
        "one_hot": ["torch.tensor([0, 2])", "torch.tensor([0, 2]), 2", "torch.tensor([-1])", "torch.tensor([0.])",
                    "torch.tensor([0, 1]), 0", "torch.tensor([], dtype=torch.int64)", "torch.tensor([], dtype=torch.int64), 3",
                    "torch.tensor([0]), -2"],
        "embedding": ["torch.tensor([0, 3]), torch.ones(3, 2)", "torch.tensor([-1]), torch.ones(3, 2)",
                      "torch.tensor([0.]), torch.ones(3, 2)", "torch.tensor([0, 1]), torch.ones(3, 2), padding_idx=5",
                      "torch.tensor([], dtype=torch.int64), torch.ones(3, 2)"],
        "pad": [f"{img}, (1, 1), mode='reflect'", f"{img}, (4, 4), mode='reflect'", f"{img}, (1,)",
                f"{img}, (1, 1), mode='bad'", f"{img}, (-1, -1)", f"{img}, (-3, -3)", f"{img}, (1, 1), mode='circular'",
                f"{img}, (5, 5), mode='circular'", f"{img}, (1, 1), value=float('nan')", f"{img}, (1, 1, 1, 1, 1, 1, 1, 1)"],
        "conv1d": ["torch.ones(1, 1, 5), torch.ones(1, 1, 6)", "torch.ones(1, 2, 5), torch.ones(1, 1, 2)",
                   "torch.ones(1, 1, 5, dtype=torch.int64), torch.ones(1, 1, 2, dtype=torch.int64)",
                   "torch.ones(1, 1, 5), torch.ones(1, 1, 2), padding='same'", "torch.ones(1, 1, 5), torch.ones(1, 1, 2), padding='bad'",
                   "torch.ones(1, 1, 5), torch.ones(1, 1, 2), padding='same', stride=2",
                   "torch.ones(1, 2, 5), torch.ones(2, 1, 2), groups=2", "torch.ones(1, 2, 5), torch.ones(3, 1, 2), groups=2",
                   "torch.ones(1, 0, 5), torch.ones(1, 0, 2)", "torch.ones(0, 1, 5), torch.ones(1, 1, 2)",
                   "torch.ones(1, 1, 5), torch.ones(1, 1, 2), bias=torch.ones(2)"],
        "conv2d": [f"torch.ones(1, 1, 3, 3, dtype=torch.int64), torch.ones(1, 1, 2, 2, dtype=torch.int64)",
                   f"torch.ones(1, 1, 3, 3, dtype=torch.int32), torch.ones(1, 1, 2, 2, dtype=torch.int32)",
                   f"torch.ones(1, 1, 3, 3, dtype=torch.uint8), torch.ones(1, 1, 2, 2, dtype=torch.uint8)",
                   f"torch.ones(1, 1, 3, 3, dtype=torch.bool), torch.ones(1, 1, 2, 2, dtype=torch.bool)",
                   f"torch.ones(1, 1, 3, 3, dtype=torch.int64), torch.ones(1, 1, 2, 2)",
                   f"{img}, torch.ones(1, 1, 5, 5)", f"{img}, torch.ones(1, 1, 2)", f"torch.ones(4, 4), torch.ones(1, 1, 2, 2)",
                   f"torch.ones(1, 4, 4), torch.ones(1, 1, 2, 2)", f"{img}.flip(3), torch.ones(1, 1, 2, 2)",
                   f"torch.ones(1, 1, 1, 1).expand(1, 1, 4, 4), torch.ones(1, 1, 2, 2)",
                   f"{img}, torch.ones(1, 1, 2, 2), padding=(1, 1, 1)", f"{img}, torch.ones(1, 1, 2, 2), stride=(1,)",
                   f"torch.ones(1, 1, 3, 3, dtype=torch.int64), torch.ones(1, 1, 2, 2, dtype=torch.int64), bias=torch.tensor([1])",
                   f"torch.ones(1, 1, 3, 3, dtype=torch.int64), torch.ones(1, 1, 2, 2, dtype=torch.int64), stride=2, padding=1"],
        "conv_transpose1d": ["torch.ones(1, 1, 3, dtype=torch.int64), torch.ones(1, 1, 2, dtype=torch.int64)",
                             "torch.ones(1, 1, 3), torch.ones(1, 1, 2), output_padding=1",
                             "torch.ones(1, 1, 3), torch.ones(1, 1, 2), stride=2, output_padding=2",
                             "torch.ones(1, 1, 3), torch.ones(2, 1, 2)"],
        "conv_transpose2d": ["torch.ones(1, 1, 2, 2, dtype=torch.int64), torch.ones(1, 1, 2, 2, dtype=torch.int64)",
                             "torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=0",
                             "torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), padding=-1"],
        "avg_pool1d": ["torch.arange(6).reshape(1, 1, 6), 2", "torch.arange(6.).reshape(1, 1, 6), 2",
                       "torch.arange(6.).reshape(1, 1, 6), 7", "torch.arange(6.).reshape(1, 1, 6), 2, padding=2",
                       "torch.arange(6, dtype=torch.int32).reshape(1, 1, 6), 2"],
        "avg_pool2d": ["torch.arange(16).reshape(1, 1, 4, 4), 2", "torch.arange(16).reshape(1, 1, 4, 4), 3, 1, 1",
                       "torch.arange(16).reshape(1, 1, 4, 4), 2, divisor_override=3",
                       "torch.arange(16.).reshape(1, 1, 4, 4), 2, divisor_override=0",
                       "torch.arange(16, dtype=torch.uint8).reshape(1, 1, 4, 4), 2",
                       "torch.arange(16, dtype=torch.int32).reshape(1, 1, 4, 4), 2",
                       "torch.arange(16.).reshape(1, 1, 4, 4), 5", "torch.arange(16).reshape(1, 1, 4, 4), 2, ceil_mode=True",
                       "torch.tensor([[[[-3, -2], [-4, -4]]]]), 2"],
        "max_pool1d": ["torch.arange(6).reshape(1, 1, 6), 2", "torch.arange(6.).reshape(1, 1, 6), 7",
                       "torch.arange(6.).reshape(1, 1, 6), 2, padding=2"],
        "max_pool2d": ["torch.arange(16).reshape(1, 1, 4, 4), 2", "torch.arange(16.).reshape(1, 1, 4, 4), 5",
                       "torch.tensor([[[[float('nan'), 1.], [2., 3.]]]]), 2",
                       "torch.arange(16.).reshape(1, 1, 4, 4).flip(3), 2", "torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True"],
        "adaptive_avg_pool2d": ["torch.arange(16.).reshape(1, 1, 4, 4), 2", "torch.arange(16.).reshape(1, 1, 4, 4), 0",
                                "torch.arange(16.).reshape(1, 1, 4, 4), -1", "torch.arange(16).reshape(1, 1, 4, 4), 2",
                                "torch.arange(16.).reshape(1, 1, 4, 4), (2, 2, 2)", "torch.arange(16.).reshape(1, 1, 4, 4), 1.5"],
        "interpolate": ["torch.ones(1, 1, 2, 2), scale_factor=2", "torch.ones(1, 1, 2, 2), size=0",
                        "torch.ones(1, 1, 2, 2), size=(3, 3), mode='bad'", "torch.ones(1, 1, 2, 2)",
                        "torch.ones(1, 1, 2, 2), scale_factor=-1", "torch.ones(1, 1, 2, 2), size=3, scale_factor=2",
                        "torch.ones(1, 1, 2, 2, dtype=torch.int64), scale_factor=2"],
        "batch_norm": ["torch.ones(2, 3), torch.zeros(3), torch.ones(3)", "torch.ones(2, 3), torch.zeros(2), torch.ones(2)",
                       "torch.ones(2, 3), None, None, training=True", "torch.ones(1, 3), None, None, training=True",
                       "torch.ones(2, 3), torch.zeros(3), torch.ones(3), eps=-1."],
        "layer_norm": ["torch.ones(2, 3), (3,)", "torch.ones(2, 3), (2,)", "torch.ones(2, 3), 3", "torch.ones(2, 3), (3,), eps=0.",
                       "torch.ones(2, 3), (3,), weight=torch.ones(2)", "torch.ones(0, 3), (3,)"],
        "normalize": ["torch.zeros(2, 3)", "torch.ones(2, 3), p=0", "torch.ones(2, 3), dim=5", "torch.ones(2, 3), p=-1"],
        "cosine_similarity": ["torch.ones(2, 3), torch.ones(2, 4)", "torch.zeros(2, 3), torch.zeros(2, 3)",
                              "torch.ones(2, 3), torch.ones(3), dim=5"],
    }
    out = []
    for fn, arglists in calls.items():
        for i, args in enumerate(arglists):
            out.append((f"F_{fn}_{i}", f"F.{fn}({args})"))
    return out


def module_cases():
    ctors = {
        "Linear": ["3, 2", "-1, 2", "3, -2", "1.5, 2", "'3', 2", "None, 2", "0, 0", f"{INT64_MAX}, 1", "3, 2, bias='a'", "True, 2"],
        "Bilinear": ["2, 3, 4", "-1, 3, 4", "2, 3, 0"],
        "Conv1d": ["1, 1, 2", "1, 1, 0", "1, 1, -1", "0, 1, 2", "1, 0, 2", "2, 2, 2, groups=3", "2, 3, 2, groups=2",
                   "1, 1, 2, padding='bad'", "1, 1, 2, padding='same', stride=2", "1, 1, 2, padding_mode='bad'",
                   "1.5, 1, 2", "1, 1, 2.5", "1, 1, 2, groups=0", "1, 1, 2, stride=0", "1, 1, 2, dilation=0", "1, 1, 2, padding=-1"],
        "Conv2d": ["1, 1, 2", "1, 1, (2, 2, 2)", "1, 1, 0", "-1, 1, 2", "1, 1, 2, groups=-1", "1, 1, 2, padding='valid'",
                   "1, 1, 2, stride=(1, 1, 1)", "1, 1, 2, padding_mode='reflect', padding=1", "1, 1, 'a'"],
        "ConvTranspose2d": ["1, 1, 2", "1, 1, 2, output_padding=2", "1, 1, 2, padding='same'", "1, 1, 0", "0, 1, 2",
                            "1, 1, 2, padding_mode='reflect'"],
        "BatchNorm1d": ["3", "0", "-1", "1.5", "'3'", "3, eps=-1", "3, momentum=None", "3, momentum=2.", "3, affine='x'"],
        "BatchNorm2d": ["3", "0", "-1"],
        "LayerNorm": ["3", "(2, 3)", "0", "-1", "1.5", "[]", "3, eps=-1", "3, bias=False"],
        "GroupNorm": ["2, 4", "3, 4", "0, 4", "2, 0", "-1, 4"],
        "Embedding": ["3, 2", "3, 2, padding_idx=3", "3, 2, padding_idx=-3", "3, 2, padding_idx=-4", "0, 2", "-1, 2",
                      "3, 2, padding_idx=1.5", "3, -2", "3, 2, max_norm=-1."],
        "Dropout": ["0.5", "-0.1", "1.5", "1.", "float('nan')", "'a'", "None", "0.5, inplace='x'"],
        "Dropout2d": ["1.5", "-1"],
        "MaxPool2d": ["2", "0", "-1", "2.5", "2, stride=0", "2, padding=2", "(2, 2, 2)", "'a'"],
        "AvgPool2d": ["2", "0", "2, padding=2", "2, divisor_override=0"],
        "AdaptiveAvgPool2d": ["2", "0", "-1", "None", "(2, None)"],
        "LSTM": ["2, 3", "0, 3", "2, 0", "2, 3, num_layers=0", "2, 3, dropout=1.5", "2, 3, dropout=-0.1",
                 "2, 3, num_layers=1.5", "2, 3, dropout=0.5", "-1, 3", "2, -3"],
        "GRU": ["2, 3", "2, 0", "2, 3, num_layers=0", "2, 3, dropout=2."],
        "RNN": ["2, 3", "2, 3, nonlinearity='bad'", "2, 0", "2, 3, num_layers=-1"],
        "Softmax": ["1", "None", "1.5", "'a'"],
        "Flatten": ["0", "1, 0", "1.5"],
        "Unflatten": ["1, (2, 2)", "1, (2, -1)", "1, ()", "1, (1.5,)"],
        "LeakyReLU": ["0.1", "-1", "'a'"],
        "ELU": ["1.", "-1."],
        "Hardtanh": ["-1., 1.", "1., -1.", "1., 1."],
        "Threshold": ["0.1, 20", "float('nan'), 0"],
        "MultiheadAttention": ["4, 2", "4, 3", "4, 0", "0, 2", "4, 2, dropout=1.5", "4, -1"],
        "TransformerEncoderLayer": ["4, 2", "4, 3", "4, 2, activation='bad'", "4, 2, dim_feedforward=0"],
        "Upsample": ["scale_factor=2", "size=2, scale_factor=2", "mode='bad'"],
        "CrossEntropyLoss": ["reduction='bad'", "label_smoothing=2.", "label_smoothing=-0.1", "ignore_index=1.5"],
        "MSELoss": ["reduction='bad'", "reduction=None"],
        "NLLLoss": ["reduction='bad'"],
        "ZeroPad2d": ["1", "-1", "(1, 1)", "1.5"],
        "ReflectionPad2d": ["1", "(1, 1, 1)"],
        "PReLU": ["0", "3", "-1", "1, init=float('nan')"],
        "Identity": ["1, 2, a=3"],
        "Sequential": ["1", "nn.ReLU(), 'a'"],
        "ModuleList": ["[nn.ReLU(), 'a']", "nn.ReLU()"],
        "ParameterList": ["[torch.ones(2)]", "[1]"],
    }
    out = []
    for cls, arglists in ctors.items():
        for i, args in enumerate(arglists):
            out.append((f"module_{cls}_{i}", f"m = nn.{cls}({args}); [type(m).__name__, "
                        f"sorted((k, list(v.shape)) for k, v in m.state_dict().items())]"))
    forwards = [
        ("linear_wrong_in", "nn.Linear(3, 2)(torch.ones(2, 4))"), ("linear_int_input", "nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.int64))"),
        ("linear_f64_input", "nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.float64))"), ("linear_scalar", "nn.Linear(1, 2)(torch.tensor(1.))"),
        ("linear_empty_batch", "nn.Linear(3, 2)(torch.ones(0, 3)).shape"), ("linear_list", "nn.Linear(3, 2)([1., 2., 3.])"),
        ("conv_channel_mismatch", "nn.Conv2d(2, 1, 2)(torch.ones(1, 3, 4, 4))"), ("conv_too_small", "nn.Conv2d(1, 1, 5)(torch.ones(1, 1, 4, 4))"),
        ("conv_5d", "nn.Conv2d(1, 1, 2)(torch.ones(1, 1, 1, 4, 4))"), ("conv_unbatched", "nn.Conv2d(1, 1, 2)(torch.ones(1, 4, 4)).shape"),
        ("bn_wrong_channels", "nn.BatchNorm1d(3)(torch.ones(2, 4))"), ("bn_3d_into_2d", "nn.BatchNorm2d(3)(torch.ones(2, 3))"),
        ("bn_one_sample", "nn.BatchNorm1d(3)(torch.ones(1, 3))"), ("bn_eval_one", "nn.BatchNorm1d(3).eval()(torch.ones(1, 3)).shape"),
        ("ln_wrong_shape", "nn.LayerNorm(3)(torch.ones(2, 4))"), ("emb_oob", "nn.Embedding(3, 2)(torch.tensor([3]))"),
        ("emb_float_idx", "nn.Embedding(3, 2)(torch.tensor([1.]))"), ("emb_neg", "nn.Embedding(3, 2)(torch.tensor([-1]))"),
        ("lstm_wrong_input", "nn.LSTM(2, 3)(torch.ones(4, 1, 3))"), ("lstm_4d", "nn.LSTM(2, 3)(torch.ones(4, 1, 1, 2))"),
        ("lstm_unbatched", "nn.LSTM(2, 3)(torch.ones(4, 2))[0].shape"), ("lstm_bad_h", "nn.LSTM(2, 3)(torch.ones(4, 1, 2), (torch.ones(1, 1, 2), torch.ones(1, 1, 3)))"),
        ("gru_empty_seq", "nn.GRU(2, 3)(torch.ones(0, 1, 2))"), ("maxpool_too_small", "nn.MaxPool2d(5)(torch.ones(1, 1, 4, 4))"),
        ("softmax_none_dim", "nn.Softmax()(torch.ones(2, 3)).shape"), ("mha_wrong_dim", "nn.MultiheadAttention(4, 2)(torch.ones(3, 1, 5), torch.ones(3, 1, 5), torch.ones(3, 1, 5))"),
        ("flatten_scalar", "nn.Flatten()(torch.tensor(1.))"), ("unflatten_wrong", "nn.Unflatten(1, (2, 2))(torch.ones(2, 5))"),
        ("ce_module_bad_target", "nn.CrossEntropyLoss()(torch.zeros(2, 3), torch.tensor([0, 5]))"),
        ("dropout_eval_identity", "m = nn.Dropout(0.9).eval(); m(torch.ones(3))"), ("prelu_wrong", "nn.PReLU(3)(torch.ones(2, 4))"),
        ("sequential_getitem_oob", "nn.Sequential(nn.ReLU())[1]"), ("sequential_getitem_float", "nn.Sequential(nn.ReLU())[0.5]"),
        ("modulelist_oob", "nn.ModuleList([nn.ReLU()])[3]"), ("module_missing_attr", "nn.Linear(2, 2).nope"),
        ("register_buffer_bad_name", "m = nn.Linear(2, 2); m.register_buffer('a.b', torch.ones(1))"),
        ("register_buffer_not_tensor", "m = nn.Linear(2, 2); m.register_buffer('b', 3)"),
        ("register_parameter_tensor", "m = nn.Linear(2, 2); m.register_parameter('p', torch.ones(1))"),
        ("register_buffer_existing", "m = nn.Linear(2, 2); m.register_buffer('weight', torch.ones(1))"),
        ("assign_tensor_to_param", "m = nn.Linear(2, 2); m.weight = torch.ones(2, 2)"),
        ("load_sd_wrong_shape", "m = nn.Linear(2, 2); m.load_state_dict({'weight': torch.ones(3, 2), 'bias': torch.ones(2)})"),
        ("load_sd_unexpected", "m = nn.Linear(2, 2); sd = dict(m.state_dict()); sd['x'] = torch.ones(1); m.load_state_dict(sd)"),
        ("load_sd_non_strict", "m = nn.Linear(2, 2); r = m.load_state_dict({'x': torch.ones(1)}, strict=False); [sorted(r.missing_keys), r.unexpected_keys]"),
        ("load_sd_not_dict", "m = nn.Linear(2, 2); m.load_state_dict([1])"),
        ("to_bad_dtype", "nn.Linear(2, 2).to('float32')"), ("to_int_dtype", "nn.Linear(2, 2).to(torch.int64)"),
        ("train_bad", "nn.Linear(2, 2).train('a')"), ("apply_not_callable", "nn.Linear(2, 2).apply(3)"),
        ("add_module_bad", "m = nn.Linear(2, 2); m.add_module('a.b', nn.ReLU())"), ("add_module_not_module", "m = nn.Linear(2, 2); m.add_module('a', 3)"),
        ("parameter_int", "nn.Parameter(torch.tensor([1, 2]))"), ("parameter_list", "nn.Parameter([1., 2.])"),
    ]
    out += [(f"module_forward_{name}", code) for name, code in forwards]
    return out


def autograd_cases():
    codes = {
        "backward_twice": "x = torch.ones(2, requires_grad=True); y = (x * x).sum(); y.backward(); y.backward()",
        "backward_twice_retain": "x = torch.ones(2, requires_grad=True); y = (x * x).sum(); y.backward(retain_graph=True); y.backward(); x.grad",
        "backward_twice_exp": "x = torch.ones(2, requires_grad=True); y = x.exp().sum(); y.backward(); y.backward()",
        "backward_twice_add_only": "x = torch.ones(2, requires_grad=True); y = (x + 1).sum(); y.backward(); y.backward(); x.grad",
        "backward_nonscalar": "x = torch.ones(2, requires_grad=True); (x * 2).backward()",
        "backward_nonscalar_grad": "x = torch.ones(2, requires_grad=True); (x * 2).backward(torch.ones(2)); x.grad",
        "backward_wrong_grad_shape": "x = torch.ones(2, requires_grad=True); (x * 2).backward(torch.ones(3))",
        "backward_wrong_grad_dtype": "x = torch.ones(2, requires_grad=True); (x * 2).backward(torch.ones(2, dtype=torch.float64)); x.grad",
        "backward_grad_list": "x = torch.ones(2, requires_grad=True); (x * 2).backward([1., 1.])",
        "backward_no_grad_tensor": "x = torch.ones(2); x.sum().backward()",
        "backward_under_no_grad": "x = torch.ones(2, requires_grad=True); exec('with torch.no_grad():\\n y = x.sum()'); 1",
        "backward_detached": "x = torch.ones(2, requires_grad=True); x.detach().sum().backward()",
        "backward_empty": "x = torch.ones(0, requires_grad=True); x.sum().backward(); x.grad",
        "backward_zero_dim_nonscalar": "x = torch.ones(1, requires_grad=True); (x * 2).backward(); x.grad",
        "grad_of_nonleaf": "x = torch.ones(2, requires_grad=True); y = x * 2; y.sum().backward(); y.grad",
        "grad_nonleaf_retain": "x = torch.ones(2, requires_grad=True); y = x * 2; y.retain_grad(); y.sum().backward(); y.grad",
        "retain_grad_leaf_no_grad": "x = torch.ones(2); x.retain_grad()",
        "inplace_leaf": "x = torch.ones(2, requires_grad=True); x.add_(1)",
        "inplace_leaf_setitem": "x = torch.ones(2, requires_grad=True); x[0] = 3",
        "inplace_leaf_no_grad": "x = torch.ones(2, requires_grad=True); exec('with torch.no_grad():\\n x.add_(1)'); x",
        "inplace_leaf_view": "x = torch.ones(2, requires_grad=True); x[:1].mul_(2)",
        "inplace_leaf_zero": "x = torch.ones(2, requires_grad=True); x.zero_()",
        "inplace_leaf_data": "x = torch.ones(2, requires_grad=True); x.data.add_(1); x",
        "saved_modified": "x = torch.ones(2, requires_grad=True); y = x * 1; z = y.exp(); y.add_(1); z.sum().backward()",
        "saved_modified_mul": "x = torch.ones(2, requires_grad=True); a = x * 1; b = a * a; a.mul_(2); b.sum().backward()",
        "saved_modified_sigmoid": "x = torch.ones(2, requires_grad=True); y = x.sigmoid(); y.mul_(2); y.sum().backward()",
        "saved_modified_ok_add": "x = torch.ones(2, requires_grad=True); y = x * 1; z = y + 1; y.add_(1); z.sum().backward(); x.grad",
        "saved_modified_tanh_out": "x = torch.ones(2, requires_grad=True); y = x.tanh(); y.add_(1); y.sum().backward()",
        "inplace_relu_after_exp": "x = torch.ones(2, requires_grad=True); y = x.exp(); y.relu_(); y.sum().backward(); x.grad",
        "requires_grad_int": "torch.ones(2, dtype=torch.int64, requires_grad=True)",
        "requires_grad_int_method": "torch.ones(2, dtype=torch.int64).requires_grad_()",
        "requires_grad_nonleaf_off": "x = torch.ones(2, requires_grad=True); (x * 2).requires_grad_(False)",
        "requires_grad_nonleaf_setattr": "x = torch.ones(2, requires_grad=True); y = x * 2; y.requires_grad = False",
        "requires_grad_bool_str": "torch.ones(2).requires_grad_('yes').requires_grad",
        "grad_fn_leaf": "torch.ones(2, requires_grad=True).grad_fn",
        "autograd_grad_unused": "x = torch.ones(2, requires_grad=True); z = torch.ones(2, requires_grad=True); torch.autograd.grad((x * 2).sum(), z)",
        "autograd_grad_allow_unused": "x = torch.ones(2, requires_grad=True); z = torch.ones(2, requires_grad=True); torch.autograd.grad((x * 2).sum(), z, allow_unused=True)",
        "autograd_grad_nonscalar": "x = torch.ones(2, requires_grad=True); torch.autograd.grad(x * 2, x)",
        "autograd_grad_no_grad_input": "x = torch.ones(2); torch.autograd.grad(x.sum(), x)",
        "autograd_grad_twice": "x = torch.ones(2, requires_grad=True); y = (x * x).sum(); torch.autograd.grad(y, x); torch.autograd.grad(y, x)",
        "autograd_grad_create": "x = torch.ones(2, requires_grad=True); g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True); torch.autograd.grad(g.sum(), x)",
        "autograd_grad_wrong_outputs": "x = torch.ones(2, requires_grad=True); torch.autograd.grad([x.sum()], x, grad_outputs=[torch.ones(2)])",
        "autograd_grad_int_input": "torch.autograd.grad(torch.ones(1, requires_grad=True).sum(), 3)",
        "backward_int_tensor": "torch.ones(2, dtype=torch.int64).sum().backward()",
        "grad_accumulates": "x = torch.ones(2, requires_grad=True); (x * 2).sum().backward(); (x * 3).sum().backward(); x.grad",
        "grad_set_nonleaf": "x = torch.ones(2, requires_grad=True); y = x * 2; y.grad = torch.ones(2); y.grad",
        "grad_set_int": "x = torch.ones(2, requires_grad=True); x.grad = torch.ones(2, dtype=torch.int64)",
        "grad_set_expanded": "x = torch.ones(2, requires_grad=True); x.grad = torch.ones(1).expand(2); x.grad",
        "view_of_leaf_inplace": "x = torch.ones(2, requires_grad=True); v = x.view(2); v.add_(1)",
        "view_inplace_nonleaf": "x = torch.ones(2, requires_grad=True); y = x * 1; y[0].mul_(3); y.sum().backward(); x.grad",
        "view_inplace_then_base": "x = torch.ones(3, requires_grad=True); y = x.clone(); v = y[1:]; v.exp_(); y.sum().backward(); x.grad",
        "detach_inplace_shared": "x = torch.ones(2, requires_grad=True); y = x.exp(); y.detach().zero_(); y.sum().backward()",
        "numpy_requires_grad": "torch.ones(2, requires_grad=True).numpy()",
        "item_nonscalar": "torch.ones(2).item()",
        "item_empty": "torch.ones(0).item()",
        "tolist_requires_grad": "torch.ones(2, requires_grad=True).tolist()",
        "float_nonscalar": "float(torch.ones(2))",
        "int_of_nan": "int(torch.tensor(float('nan')))",
        "bool_nonscalar": "bool(torch.ones(2))",
        "bool_empty": "bool(torch.ones(0))",
        "len_scalar": "len(torch.tensor(1.))",
        "iter_scalar": "list(torch.tensor(1.))",
        "index_scalar": "torch.tensor(1.)[0]",
        "hash_eq": "x = torch.ones(1); {x: 1}[x]",
        "gradcheck_float32": "x = torch.ones(2, requires_grad=True); torch.autograd.gradcheck(lambda t: t * 2, (x,))",
        "set_grad_enabled_str": "torch.set_grad_enabled('a')",
        "backward_inputs_empty": "x = torch.ones(2, requires_grad=True); x.sum().backward(inputs=[])",
        "backward_inputs_subset": "x = torch.ones(2, requires_grad=True); z = torch.ones(2, requires_grad=True); (x * z).sum().backward(inputs=[x]); [x.grad, z.grad]",
        "backward_after_no_grad_leaf_modify": "x = torch.ones(2, requires_grad=True); y = x * x; exec('with torch.no_grad():\\n x.mul_(2)'); y.sum().backward()",
        "double_backward_no_create": "x = torch.ones(2, requires_grad=True); g, = torch.autograd.grad((x ** 2).sum(), x); g.sum().backward()",
        "grad_zero_none": "x = torch.ones(2, requires_grad=True); x.sum().backward(); x.grad.zero_(); x.grad",
        "hook_wrong_return": "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: torch.ones(3)); (x * 2).sum().backward()",
        "hook_no_grad": "torch.ones(2).register_hook(lambda g: g)",
        "hook_not_callable": "x = torch.ones(2, requires_grad=True); x.register_hook(3); (x * 2).sum().backward()",
        "optim_no_params": "torch.optim.SGD([], lr=0.1)",
        "optim_neg_lr": "torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=-1)",
        "optim_nonleaf": "x = torch.ones(1, requires_grad=True); torch.optim.SGD([x * 2], lr=0.1)",
        "optim_tensor_not_iter": "torch.optim.SGD(torch.ones(1, requires_grad=True), lr=0.1)",
        "optim_dup_param": "x = torch.ones(1, requires_grad=True); torch.optim.SGD([x, x], lr=0.1)",
        "adam_bad_beta": "torch.optim.Adam([torch.ones(1, requires_grad=True)], betas=(1.5, 0.9))",
        "adam_neg_eps": "torch.optim.Adam([torch.ones(1, requires_grad=True)], eps=-1)",
        "sgd_neg_momentum": "torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1, momentum=-1)",
        "sgd_nesterov_no_momentum": "torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1, nesterov=True)",
        "sgd_step_no_grad": "x = torch.ones(1, requires_grad=True); o = torch.optim.SGD([x], lr=0.1); o.step(); x",
        "sgd_nan_lr": "x = torch.ones(1, requires_grad=True); o = torch.optim.SGD([x], lr=float('nan')); x.sum().backward(); o.step(); x",
    }
    return [(f"autograd_{k}", v) for k, v in codes.items()]


def misc_cases():
    codes = {
        "eq_none": "torch.ones(2) == None", "ne_none": "torch.ones(2) != None", "none_eq": "None == torch.ones(2)",
        "eq_str": "torch.ones(2) == 'a'", "eq_list": "torch.ones(2) == [1., 2.]", "eq_object": "torch.ones(2) == object()",
        "lt_none": "torch.ones(2) < None", "add_nd_f32": "torch.ones(2) + np.ones(2, dtype=np.float32)",
        "add_nd_int": "torch.ones(2, dtype=torch.int64) + np.ones(2, dtype=np.int64)", "add_nd_scalar": "torch.ones(2) + np.float64(2.)",
        "add_np_int": "torch.ones(2, dtype=torch.int64) + np.int64(2)", "mul_nd_2d": "torch.ones(2) * np.ones((2, 2))",
        "eq_nd": "torch.ones(2) == np.ones(2)", "radd_nd": "np.ones(2) + torch.ones(2)",
        "torch_add_nd": "torch.add(torch.ones(2), np.ones(2))", "where_nd": "torch.where(torch.tensor([True, False]), torch.ones(2), np.zeros(2))",
        "matmul_nd": "torch.ones(2, 2) @ np.ones(2)", "add_nd_object": "torch.ones(2) + np.array(['a', 'b'])",
        "iadd_nd": "x = torch.ones(2); x += np.ones(2); x", "add_nd_bool": "torch.ones(2) + np.array([True, False])",
        "matmul_shape": "torch.ones(2, 3) @ torch.ones(2, 3)", "matmul_scalar": "torch.ones(2) @ torch.tensor(1.)",
        "matmul_int_float": "torch.ones(2, 2, dtype=torch.int64) @ torch.ones(2, 2)", "matmul_empty": "torch.ones(2, 0) @ torch.ones(0, 3)",
        "matmul_i64": "torch.tensor([[2**62, 2**62]]) @ torch.tensor([[2], [2]])", "mm_1d": "torch.mm(torch.ones(2), torch.ones(2))",
        "bmm_2d": "torch.bmm(torch.ones(2, 2), torch.ones(2, 2))", "dot_mismatch": "torch.dot(torch.ones(2), torch.ones(3))",
        "dot_int": "torch.dot(torch.tensor([1, 2]), torch.tensor([3, 4]))", "outer_2d": "torch.outer(torch.ones(2, 2), torch.ones(2))",
        "where_bad_cond": "torch.where(torch.ones(2), torch.ones(2), torch.zeros(2))", "where_scalar_dtype": "torch.where(torch.tensor([True, False]), 1, 0.)",
        "masked_fill_float_mask": "torch.ones(2).masked_fill(torch.ones(2), 0.)", "masked_fill_bad_shape": "torch.ones(2).masked_fill(torch.ones(3, dtype=torch.bool), 0.)",
        "masked_fill_int_nan": "torch.ones(2, dtype=torch.int64).masked_fill(torch.tensor([True, False]), float('nan'))",
        "to_str": "torch.ones(2).to('float32')", "to_np": "torch.ones(2).to(np.float64)", "to_int": "torch.ones(2).to(int)",
        "type_str": "torch.ones(2).type('torch.DoubleTensor').dtype", "type_bad": "torch.ones(2).type('x')",
        "float_nan_to_int": "torch.tensor([float('nan'), float('inf')]).long().shape", "float_big_to_u8": "torch.tensor([300., -1.]).to(torch.uint8).shape",
        "view_dtype": "torch.ones(2).view(torch.int32)", "view_noncontig": "torch.ones(2, 3).t().view(6)",
        "item_int64max": f"torch.tensor({INT64_MAX}).item()", "tolist_u8": "torch.tensor([255], dtype=torch.uint8).tolist()",
        "numel_huge_expand": "torch.ones(1).expand(2**40).shape", "expand_sum_huge": "torch.ones(1).expand(10**10).sum()",
        "sum_overflow_i64": f"torch.tensor([{INT64_MAX}, 1]).sum()", "sum_u8": "torch.tensor([200, 100], dtype=torch.uint8).sum()",
        "sum_bool": "torch.tensor([True, True]).sum()", "mean_int": "torch.tensor([1, 2]).mean()", "std_one": "torch.tensor([1.]).std()",
        "prod_i64_overflow": "torch.tensor([2**62, 4]).prod()", "cumsum_u8": "torch.tensor([200, 100], dtype=torch.uint8).cumsum(0)",
        "sort_nan": "torch.tensor([2., float('nan'), 1.]).sort()", "unique_nan": "torch.unique(torch.tensor([float('nan'), float('nan'), 1.]))",
        "argmax_nan": "torch.tensor([1., float('nan'), 3.]).argmax()", "max_nan": "torch.tensor([1., float('nan'), 3.]).max()",
        "maximum_nan": "torch.maximum(torch.tensor([1., float('nan')]), torch.tensor([float('nan'), 2.]))",
        "clone_expand_stride": "torch.ones(1).expand(3).clone().stride()", "contiguous_flip": "torch.arange(4.).flip(0).contiguous().stride()",
        "flip_stride": "torch.arange(4.).flip(0).stride()", "allclose_shape": "torch.allclose(torch.ones(2), torch.ones(3))",
        "allclose_nan": "torch.allclose(torch.tensor([float('nan')]), torch.tensor([float('nan')]))",
        "equal_dtype": "torch.equal(torch.ones(2), torch.ones(2, dtype=torch.float64))",
        "manual_seed_neg": "torch.manual_seed(-1).initial_seed()", "manual_seed_huge": "torch.manual_seed(2**64)",
        "manual_seed_float": "torch.manual_seed(1.5)", "manual_seed_str": "torch.manual_seed('a')",
        "multinomial_neg": "torch.multinomial(torch.tensor([-1., 2.]), 1)", "multinomial_zero": "torch.multinomial(torch.tensor([0., 0.]), 1)",
        "multinomial_too_many": "torch.multinomial(torch.tensor([1., 2.]), 3)", "multinomial_nan": "torch.multinomial(torch.tensor([float('nan'), 1.]), 1)",
        "bernoulli_out_of_range": "torch.bernoulli(torch.tensor([1.5]))", "normal_neg_std": "torch.normal(0., -1., (2,))",
        "uniform_reversed": "torch.empty(2).uniform_(1, 0).shape", "dropout_inplace_leaf": "F.dropout(torch.ones(2, requires_grad=True), inplace=True)",
        "save_bad_path": "torch.save(torch.ones(1), '/nonexistent_dir/x.pt')", "load_missing": "torch.load('/nonexistent_dir/x.pt')",
        "dataloader_batch0": "DataLoader(TensorDataset(torch.arange(4.)), batch_size=0)", "dataloader_batch_neg": "DataLoader(TensorDataset(torch.arange(4.)), batch_size=-1)",
        "dataloader_batch_float": "DataLoader(TensorDataset(torch.arange(4.)), batch_size=1.5)",
        "dataloader_workers_neg": "DataLoader(TensorDataset(torch.arange(4.)), num_workers=-1)",
        "dataloader_shuffle_sampler": "DataLoader(TensorDataset(torch.arange(4.)), shuffle=True, sampler=[0])",
        "dataloader_empty": "list(DataLoader(TensorDataset(torch.arange(0.)), batch_size=2))",
        "dataloader_drop_last": "len(DataLoader(TensorDataset(torch.arange(5.)), batch_size=2, drop_last=True))",
        "tensordataset_mismatch": "TensorDataset(torch.ones(2), torch.ones(3))", "tensordataset_oob": "TensorDataset(torch.ones(2))[2]",
        "tensordataset_neg": "TensorDataset(torch.arange(2.))[-1]",
    }
    return [(f"misc_{k}", v) for k, v in codes.items()]


def all_cases():
    """Every case, in a fixed order, names unique."""
    cases = (unary_cases() + binary_cases() + division_extremes() + reduction_cases() + factory_cases()
             + shape_cases() + index_cases() + overlap_cases() + clamp_cases() + nn_functional_cases()
             + module_cases() + autograd_cases() + misc_cases())
    names = [n for n, _ in cases]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    return cases


if __name__ == "__main__":
    print(len(all_cases()))
