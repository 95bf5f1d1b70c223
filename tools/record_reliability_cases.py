"""Record PyTorch 2.13's outcome of the reliability cases (issue 15): an exception type and
message, or a value.  Writes tests/data/reliability_cases.json, which
tests/test_reliability_differential.py replays against tinytorch.

Run with PyTorch installed: ``/work/torchenv/bin/python tools/record_reliability_cases.py``.
Each case is ``name | statement; statement; ...; expression`` run with ``torch``, ``nn``, ``F``,
``np``, ``DataLoader`` and ``TensorDataset`` in scope; the last part's value is recorded.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from differential_values import describe  # noqa: E402

CASES = r"""
grad_wrong_shape | x = torch.ones(3, requires_grad=True); x.grad = torch.ones(2); x.grad
grad_wrong_dtype | x = torch.ones(3, requires_grad=True); x.grad = torch.ones(3, dtype=torch.float64); x.grad
grad_list | x = torch.ones(3, requires_grad=True); x.grad = [1., 2., 3.]; x.grad
grad_none | x = torch.ones(3, requires_grad=True); x.grad = None; x.grad
grad_ok | x = torch.ones(3, requires_grad=True); x.grad = torch.ones(3) * 2; x.grad
pad_float | F.pad(torch.ones(2, 2), (1.5, 1))
pad_ok | F.pad(torch.ones(2, 2), (1, 1))
pad_int_not_tuple | F.pad(torch.ones(2), 1)
pad_uint8_300 | F.pad(torch.ones(2, dtype=torch.uint8), (1, 1), value=300)
pad_uint8_255 | F.pad(torch.ones(2, dtype=torch.uint8), (1, 1), value=255)
pad_uint8_minus_1 | F.pad(torch.ones(2, dtype=torch.uint8), (1, 1), value=-1)
pad_int_nan | F.pad(torch.ones(2, dtype=torch.int64), (1, 1), value=float('nan'))
pad_float_nan | F.pad(torch.ones(2), (1, 1), value=float('nan'))
pad_value_str | F.pad(torch.ones(2), (1, 1), value='a')
pad_int_float_value | F.pad(torch.ones(2, dtype=torch.int64), (1, 1), value=2.5)
pad_bool_value | F.pad(torch.ones(2), (1, 1), value=True)
pad_huge | F.pad(torch.ones(2), (2**63, 1))
conv_stride_float | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=1.5)
conv_stride_zero | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=0)
conv_stride_neg | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=-1)
conv_stride_huge | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=2**63)
conv_stride_big | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=10**12)
conv_padding_float | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), padding=1.5)
conv_padding_neg | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), padding=-1)
conv_dilation_zero | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), dilation=0)
conv_dilation_float | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), dilation=1.5)
conv_groups_zero | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), groups=0)
conv_groups_float | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), groups=1.0)
conv_stride_tuple3 | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=(1, 1, 1))
conv_stride_str | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride='1')
conv_mixed_dtype | F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2, dtype=torch.float64))
conv_ok | F.conv2d(torch.arange(16.).reshape(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=2)
conv_stride_list | F.conv2d(torch.arange(16.).reshape(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=[1, 2])
maxpool_kernel_float | F.max_pool2d(torch.ones(1, 1, 4, 4), 2.5)
avgpool_kernel_float | F.avg_pool2d(torch.ones(1, 1, 4, 4), 2.5)
maxpool_kernel_tuple3 | F.max_pool2d(torch.ones(1, 1, 4, 4), (2, 2, 2))
maxpool_padding_neg | F.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=-1)
avgpool_padding_neg | F.avg_pool2d(torch.ones(1, 1, 4, 4), 2, padding=-1)
maxpool_stride_huge | F.max_pool2d(torch.ones(1, 1, 4, 4), 2, stride=10**12)
avgpool_stride_huge | F.avg_pool2d(torch.ones(1, 1, 4, 4), 2, stride=10**12)
maxpool_stride_2_63 | F.max_pool2d(torch.ones(1, 1, 4, 4), 2, stride=2**63)
maxpool_stride_zero | F.max_pool2d(torch.ones(1, 1, 4, 4), 2, stride=0)
maxpool_kernel_zero | F.max_pool2d(torch.ones(1, 1, 4, 4), 0)
maxpool_kernel_zero_stride_1 | F.max_pool2d(torch.ones(1, 1, 4, 4), 0, stride=1)
maxpool_zero_channels | F.max_pool2d(torch.ones(1, 0, 4, 4), 2)
avgpool_zero_channels | F.avg_pool2d(torch.ones(1, 0, 4, 4), 2)
maxpool_zero_width | F.max_pool2d(torch.ones(1, 1, 4, 0), 2)
maxpool_zero_batch | F.max_pool2d(torch.ones(0, 1, 4, 4), 2)
maxpool_int_input | F.max_pool2d(torch.arange(16).reshape(1, 1, 4, 4), 2)
avgpool_int_input | F.avg_pool2d(torch.arange(16).reshape(1, 1, 4, 4), 2)
maxpool_uint8_input | F.max_pool2d(torch.arange(16, dtype=torch.uint8).reshape(1, 4, 4), 2)
maxpool_padding_too_big | F.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=2)
maxpool_3d_input | F.max_pool2d(torch.arange(16.).reshape(1, 4, 4), 2)
maxpool_ok | F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2)
avgpool_ok | F.avg_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, padding=1)
maxpool_dilation_zero | F.max_pool2d(torch.ones(1, 1, 4, 4), 2, dilation=0)
nll_ignore_huge | F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1]), ignore_index=2**63)
nll_ignore_float | F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1]), ignore_index=1.5)
ce_ignore_huge | F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), ignore_index=2**63)
ce_ignore_float | F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), ignore_index=1.5)
ce_ignore_neg | F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, -100]))
ce_ignore_one | F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), ignore_index=1)
nll_target_oob | F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 5]))
sampler_float | dl = DataLoader(TensorDataset(torch.arange(4.)), sampler=[0.5, 1]); list(dl)
sampler_float_batched | dl = DataLoader(TensorDataset(torch.arange(4.)), sampler=[0.5, 1], batch_size=2); list(dl)
sampler_str | dl = DataLoader(TensorDataset(torch.arange(4.)), sampler=['1']); list(dl)
sampler_negative | dl = DataLoader(TensorDataset(torch.arange(4.)), sampler=[-1]); list(dl)
sampler_tensor_index | dl = DataLoader(TensorDataset(torch.arange(4.)), sampler=[torch.tensor(2)]); list(dl)
sampler_oob | dl = DataLoader(TensorDataset(torch.arange(4.)), sampler=[4]); list(dl)
index_nested_list | x = torch.arange(6).reshape(2, 3); x[[[0, 1], [1, 0]]]
index_nested_single | x = torch.arange(6).reshape(2, 3); x[[[0, 1]]]
index_list_pair | x = torch.arange(6).reshape(2, 3); x[[0, 1], [1, 0]]
index_list_with_tensor | x = torch.arange(6).reshape(2, 3); x[[torch.tensor(0), 1]]
index_list_with_none | x = torch.arange(6).reshape(2, 3); x[[0, None]]
index_flat_list | x = torch.arange(6).reshape(2, 3); x[[1, 0]]
setitem_list | x = torch.zeros(3); x[0] = [1, 2, 3]; x
setitem_list_row | x = torch.zeros(2, 3); x[0] = [1, 2, 3]; x
setitem_tuple_row | x = torch.zeros(2, 3); x[0] = (1, 2, 3); x
setitem_ndarray_row | x = torch.zeros(2, 3); x[0] = np.array([1., 2., 3.]); x
setitem_tensor_ok | x = torch.zeros(3); x[1] = torch.tensor(5.); x
setitem_scalar_ok | x = torch.zeros(3); x[1:] = 2; x
tensor_of_tensors | torch.tensor([torch.ones(2), torch.ones(2)])
tensor_of_scalar_tensors | torch.tensor([torch.tensor(1.), torch.tensor(2.)])
tensor_of_one_element_tensors | torch.tensor([torch.ones(1), torch.ones(1)])
dtype_str | torch.ones(2, dtype='float32')
dtype_np | torch.ones(2, dtype=np.float32)
dtype_python_float | torch.ones(2, dtype=float)
dtype_python_int | torch.zeros(2, dtype=int)
zeros_dtype_str | torch.zeros(2, dtype='int64')
empty_dtype_str | torch.empty(2, dtype='int64').shape
full_dtype_str | torch.full((2,), 1, dtype='float32')
tensor_dtype_np | torch.tensor([1, 2], dtype=np.int64)
tensor_dtype_str | torch.tensor([1., 2.], dtype='float32')
tensor_2_63 | torch.tensor(2**63)
tensor_neg_2_63 | torch.tensor(-2**63)
tensor_neg_2_63_minus | torch.tensor(-2**63 - 1)
tensor_list_2_63 | torch.tensor([1, 2**63])
tensor_neg1_uint8 | torch.tensor(-1, dtype=torch.uint8)
tensor_neg255_uint8 | torch.tensor(-255, dtype=torch.uint8)
tensor_neg256_uint8 | torch.tensor(-256, dtype=torch.uint8)
tensor_256_uint8 | torch.tensor(256, dtype=torch.uint8)
tensor_list_neg_uint8 | torch.tensor([-1, 300], dtype=torch.uint8)
tensor_list_wrap_uint8 | torch.tensor([-1, 255], dtype=torch.uint8)
tensor_int32_overflow | torch.tensor(2**40, dtype=torch.int32)
huge_alloc | torch.empty(2**40, 2**20)
huge_zeros | torch.zeros(2**62)
huge_ones | torch.ones(10**6, 10**6, 10**6)
neg_size | torch.zeros(-1)
linear_zero_in | m = nn.Linear(0, 3); m(torch.ones(2, 0))
linear_zero_out | m = nn.Linear(3, 0); m(torch.ones(2, 3)).shape
conv_kernel_zero | repr(nn.Conv2d(1, 1, kernel_size=0))
conv_in_zero | nn.Conv2d(0, 1, kernel_size=2).weight.shape
bn_empty | m = nn.BatchNorm2d(3); y = m(torch.ones(0, 3, 2, 2)); [y.shape, m.running_mean, m.running_var, m.num_batches_tracked]
bn1d_empty | m = nn.BatchNorm1d(3); m(torch.ones(0, 3)).shape
bn1d_empty_length | m = nn.BatchNorm1d(3); [m(torch.ones(1, 3, 0)).shape, m.running_mean]
bn_eval_empty | m = nn.BatchNorm2d(3).eval(); m(torch.ones(0, 3, 2, 2)).shape
bn_empty_backward | m = nn.BatchNorm2d(3); x = torch.ones(0, 3, 2, 2, requires_grad=True); m(x).sum().backward(); [x.grad.shape, m.weight.grad, m.bias.grad]
bn_one_value | m = nn.BatchNorm1d(3); m(torch.ones(1, 3))
load_sd_no_nbt_plain_dict | m = nn.BatchNorm2d(3); sd = dict(m.state_dict()); del sd['num_batches_tracked']; m.load_state_dict(sd); m.num_batches_tracked
load_sd_no_nbt_keeps_count | m = nn.BatchNorm2d(3); m(torch.ones(2, 3, 2, 2)); sd = dict(m.state_dict()); del sd['num_batches_tracked']; m.load_state_dict(sd); m.num_batches_tracked
load_sd_no_nbt_versioned | m = nn.BatchNorm2d(3); sd = m.state_dict(); del sd['num_batches_tracked']; m.load_state_dict(sd)
load_sd_no_nbt_nested | m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)); sd = dict(m.state_dict()); del sd['1.num_batches_tracked']; m.load_state_dict(sd); m[1].num_batches_tracked
load_sd_missing_weight | m = nn.BatchNorm2d(3); sd = dict(m.state_dict()); del sd['weight']; m.load_state_dict(sd)
"""


def parse(text=CASES):
    """[(name, [statements], expression)] from the case list."""
    out = []
    for line in text.strip().splitlines():
        name, code = (part.strip() for part in line.split("|", 1))
        *statements, expression = code.split("; ")
        out.append((name, statements, expression))
    return out


def run(torch, nn, F, DataLoader, TensorDataset, numpy, statements, expression):
    """The case's outcome: {"value": ...} or {"error": type name, "message": first line}."""
    env = {"torch": torch, "nn": nn, "F": F, "np": numpy, "DataLoader": DataLoader, "TensorDataset": TensorDataset}
    try:
        for statement in statements:
            exec(statement, env)
        return {"value": describe(torch, eval(expression, env))}
    except Exception as e:  # noqa: BLE001 - the outcome is the exception
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}


def main():
    import warnings

    import numpy
    import torch
    import torch.nn.functional as F
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset
    warnings.simplefilter("ignore")
    cases = []
    for name, statements, expression in parse():
        outcome = run(torch, nn, F, DataLoader, TensorDataset, numpy, statements, expression)
        cases.append({"name": name, "code": "; ".join(statements + [expression]), **outcome})
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "reliability_cases.json")
    with open(path, "w") as f:
        json.dump({"recorded_with": f"torch {torch.__version__}", "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases recorded in {os.path.normpath(path)}", file=sys.stderr)


if __name__ == "__main__":
    main()
