"""The wide reliability differential suite of issue 15: the cases of tools/reliability_cases2.py
replayed on tinytorch against PyTorch 2.13's recorded outcomes (tests/data/reliability_cases2.json,
written by tools/record_reliability_cases2.py).  Each case must give PyTorch's value (floats to a
relative 1e-6), or PyTorch's exception type and first message line.

Cases not yet matched are listed below by reason, in two sets: MESSAGE_DIFFERS (the exception
type is PyTorch's, only the message differs: still checked for the type) and EXCLUDED (the outcome
differs; still run, so a crash or hang shows).  Both sets shrink as the mismatches are fixed; a
listed case that starts matching fails the test, so the lists stay honest."""
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import tinytorch as torch
from tinytorch import nn
from tinytorch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from differential_values import run_case, same_value  # noqa: E402

DATA = json.loads((Path(__file__).parent / "data" / "reliability_cases2.json").read_text())
RECORDED = DATA["cases"]
ENV = {"torch": torch, "nn": nn, "F": nn.functional, "np": np, "DataLoader": DataLoader,
       "TensorDataset": TensorDataset}

#: MESSAGE_DIFFERS: the exception type is PyTorch's, the message not yet (the type is still
#: checked).  EXCLUDED: the outcome differs (still run, so a crash or hang shows).  Reasons by
#: family and kind of difference; a listed case that starts matching fails its test.
# BEGIN OPEN CASES (written by tools/record_reliability_cases2.py --update-open)
MESSAGE_DIFFERS = {
    # PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it (6)
    'autograd_saved_modified_mul': 'PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it',
    'autograd_saved_modified_sigmoid': 'PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it',
    'autograd_saved_modified_tanh_out': 'PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it',
    'autograd_inplace_relu_after_exp': 'PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it',
    'autograd_detach_inplace_shared': 'PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it',
    'autograd_backward_after_no_grad_leaf_modify': 'PyTorch names the modified tensor and the node that made it; tinytorch names the node that saved it',
    # PyTorch prints a Python set of the allowed strings: its order changes with PYTHONHASHSEED (3)
    'module_Conv1d_7': 'PyTorch prints a Python set of the allowed strings: its order changes with PYTHONHASHSEED',
    'module_Conv1d_9': 'PyTorch prints a Python set of the allowed strings: its order changes with PYTHONHASHSEED',
    'module_Conv2d_8': 'PyTorch prints a Python set of the allowed strings: its order changes with PYTHONHASHSEED',
    # autograd misuse: message wording not yet PyTorch's (1)
    'autograd_autograd_grad_no_grad_input': "autograd misuse: message wording not yet PyTorch's",
    # clamp: message wording not yet PyTorch's (2)
    'clamp_inplace_min_str': "clamp: message wording not yet PyTorch's",
    'clamp_inplace_min_list': "clamp: message wording not yet PyTorch's",
    # factories: message wording not yet PyTorch's (3)
    'factory_tensor_list_str': "factories: message wording not yet PyTorch's",
    'factory_arange_str': "factories: message wording not yet PyTorch's",
    'factory_arange_none': "factories: message wording not yet PyTorch's",
    # index assignment: message wording not yet PyTorch's (1)
    'setitem_tensor_bool_wrong': "index assignment: message wording not yet PyTorch's",
    # indexing: message wording not yet PyTorch's (2)
    'getitem_m23_tensor_bool_wrong': "indexing: message wording not yet PyTorch's",
    'getitem_tr_tensor_bool_wrong': "indexing: message wording not yet PyTorch's",
    # kept: the freed-graph wording of the seed notebook (older PyTorch), which the seed-document and REPL tests
    # print (3)
    'autograd_backward_twice': 'kept: the freed-graph wording of the seed notebook (older PyTorch), which the seed-document and REPL tests print',
    'autograd_backward_twice_exp': 'kept: the freed-graph wording of the seed notebook (older PyTorch), which the seed-document and REPL tests print',
    'autograd_autograd_grad_twice': 'kept: the freed-graph wording of the seed notebook (older PyTorch), which the seed-document and REPL tests print',
    # miscellaneous: message wording not yet PyTorch's (1)
    'misc_to_str': "miscellaneous: message wording not yet PyTorch's",
    # module constructors: message wording not yet PyTorch's (4)
    'module_Conv1d_11': "module constructors: message wording not yet PyTorch's",
    'module_BatchNorm1d_3': "module constructors: message wording not yet PyTorch's",
    'module_BatchNorm1d_4': "module constructors: message wording not yet PyTorch's",
    'module_ModuleList_1': "module constructors: message wording not yet PyTorch's",
    # module use: message wording not yet PyTorch's (8)
    'module_forward_linear_int_input': "module use: message wording not yet PyTorch's",
    'module_forward_linear_f64_input': "module use: message wording not yet PyTorch's",
    'module_forward_linear_scalar': "module use: message wording not yet PyTorch's",
    'module_forward_linear_list': "module use: message wording not yet PyTorch's",
    'module_forward_bn_wrong_channels': "module use: message wording not yet PyTorch's",
    'module_forward_maxpool_too_small': "module use: message wording not yet PyTorch's",
    'module_forward_to_bad_dtype': "module use: message wording not yet PyTorch's",
    'module_forward_add_module_bad': "module use: message wording not yet PyTorch's",
    # nn.functional: message wording not yet PyTorch's (9)
    'F_softmax_1': "nn.functional: message wording not yet PyTorch's",
    'F_dropout_4': "nn.functional: message wording not yet PyTorch's",
    'F_linear_1': "nn.functional: message wording not yet PyTorch's",
    'F_linear_2': "nn.functional: message wording not yet PyTorch's",
    'F_conv2d_6': "nn.functional: message wording not yet PyTorch's",
    'F_avg_pool2d_6': "nn.functional: message wording not yet PyTorch's",
    'F_max_pool2d_1': "nn.functional: message wording not yet PyTorch's",
    'F_adaptive_avg_pool2d_5': "nn.functional: message wording not yet PyTorch's",
    'F_batch_norm_1': "nn.functional: message wording not yet PyTorch's",
    # shape functions: message wording not yet PyTorch's (7)
    'shape_reshape_5': "shape functions: message wording not yet PyTorch's",
    'shape_reshape_6': "shape functions: message wording not yet PyTorch's",
    'shape_permute_4': "shape functions: message wording not yet PyTorch's",
    'shape_squeeze_2': "shape functions: message wording not yet PyTorch's",
    'shape_roll_3': "shape functions: message wording not yet PyTorch's",
    'shape_narrow_5': "shape functions: message wording not yet PyTorch's",
    'shape_tile_1': "shape functions: message wording not yet PyTorch's",
}
EXCLUDED = {
    # *_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order
    # (memory_format=torch.preserve_format): same values and shape, other strides (5)
    'factory_zeros_like_tr': "*_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order (memory_format=torch.preserve_format): same values and shape, other strides",
    'factory_ones_like_tr': "*_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order (memory_format=torch.preserve_format): same values and shape, other strides",
    'factory_empty_like_tr': "*_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order (memory_format=torch.preserve_format): same values and shape, other strides",
    'factory_rand_like_tr': "*_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order (memory_format=torch.preserve_format): same values and shape, other strides",
    'factory_randn_like_tr': "*_like factories make C-contiguous tensors; PyTorch keeps a dense input's stride order (memory_format=torch.preserve_format): same values and shape, other strides",
    # PyTorch 2.13 returns shape (1, 0, 4) for 0 input channels and 1 output channel; tinytorch (1, 1, 4) of zeros,
    # the empty sum (1)
    'F_conv1d_8': 'PyTorch 2.13 returns shape (1, 0, 4) for 0 input channels and 1 output channel; tinytorch (1, 1, 4) of zeros, the empty sum',
    # PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses the argument at
    # construction (6)
    'module_Linear_9': 'PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses the argument at construction',
    'module_Conv2d_1': 'PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses the argument at construction',
    'module_Conv2d_6': 'PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses the argument at construction',
    'module_ZeroPad2d_3': 'PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses the argument at construction',
    'module_ParameterList_1': 'PyTorch constructs the module (and fails, if at all, when it is used); tinytorch refuses the argument at construction',
    # PyTorch truncates a list of floats used as an index; tinytorch refuses it (3)
    'getitem_m23_list_float': 'PyTorch truncates a list of floats used as an index; tinytorch refuses it',
    'getitem_tr_list_float': 'PyTorch truncates a list of floats used as an index; tinytorch refuses it',
    'setitem_list_float': 'PyTorch truncates a list of floats used as an index; tinytorch refuses it',
    # PyTorch's exception type depends on its kernel path (IndexError along dim 0, RuntimeError along dim 1 of a
    # matrix); tinytorch always raises the RuntimeError (2)
    'shape_index_select_1': "PyTorch's exception type depends on its kernel path (IndexError along dim 0, RuntimeError along dim 1 of a matrix); tinytorch always raises the RuntimeError",
    'shape_index_select_2': "PyTorch's exception type depends on its kernel path (IndexError along dim 0, RuntimeError along dim 1 of a matrix); tinytorch always raises the RuntimeError",
    # autograd misuse: exception type not yet PyTorch's (1)
    'autograd_autograd_grad_int_input': "autograd misuse: exception type not yet PyTorch's",
    # integer tensor ** negative integer tensor: PyTorch computes (1, -1 or 0), tinytorch refuses (3)
    'binary_pow_i64_i64max': 'integer tensor ** negative integer tensor: PyTorch computes (1, -1 or 0), tinytorch refuses',
    'binary_pow_i64max_tneg1': 'integer tensor ** negative integer tensor: PyTorch computes (1, -1 or 0), tinytorch refuses',
    'operator6_i64_i64max': 'integer tensor ** negative integer tensor: PyTorch computes (1, -1 or 0), tinytorch refuses',
    # miscellaneous: exception type not yet PyTorch's (1)
    'misc_add_nd_object': "miscellaneous: exception type not yet PyTorch's",
    # module use: exception type not yet PyTorch's (1)
    'module_forward_parameter_list': "module use: exception type not yet PyTorch's",
    # nn.functional: exception type not yet PyTorch's (2)
    'F_mse_loss_3': "nn.functional: exception type not yet PyTorch's",
    'F_mse_loss_4': "nn.functional: exception type not yet PyTorch's",
    # not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride
    # list, two ellipses in an assignment) (6)
    'setitem_ellipsis_twice': 'not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride list, two ellipses in an assignment)',
    'F_linear_5': 'not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride list, two ellipses in an assignment)',
    'F_mse_loss_0': 'not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride list, two ellipses in an assignment)',
    'F_conv2d_12': 'not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride list, two ellipses in an assignment)',
    'misc_matmul_nd': 'not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride list, two ellipses in an assignment)',
    'misc_view_dtype': 'not supported by tinytorch (integer linear, mixed-dtype mse_loss, ndarray @, view(dtype), a 1-element stride list, two ellipses in an assignment)',
}
# END OPEN CASES


def matches(case, got):
    if "error" in case:
        return got.get("error") == case["error"] and got.get("message") == case["message"]
    return "value" in got and same_value(case["value"], got["value"])


@pytest.mark.parametrize("case", RECORDED, ids=[c["name"] for c in RECORDED])
def test_same_outcome_as_pytorch(case):
    got = run_case(dict(ENV), case["code"])
    name = case["name"]
    if name in EXCLUDED:
        assert not matches(case, got), f"{name} now matches PyTorch: take it off the exclusions"
        return
    if name in MESSAGE_DIFFERS:
        assert got.get("error") == case["error"], got
        assert got["message"] != case["message"], f"{name} now matches PyTorch: take it off the exclusions"
        return
    if "error" in case:
        assert got.get("error") == case["error"], got
        assert got["message"] == case["message"]
    else:
        assert "value" in got, got
        assert same_value(case["value"], got["value"]), (case["value"], got["value"])


def test_the_suite_is_wide():
    assert len(RECORDED) >= 1000
    assert DATA["recorded_with"].startswith("torch 2.13")
    assert not any("crash" in c or "hang" in c for c in RECORDED)
