"""Tests of tinytorch's tensor repr.

Every expected string below was printed by PyTorch 2.13 for the same values
(with ``torch.`` renamed ``tinytorch.`` in dtype names); torch is not needed
to run these tests.
"""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tinytorch._printing import format_tensor, get_printoptions, set_printoptions


@pytest.fixture(autouse=True)
def default_printoptions():
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


def tensor_repr(array, suffixes=()):
    return format_tensor(array, f"tinytorch.{array.dtype.name}", list(suffixes))


DEFAULT_CASES = [
    pytest.param(
        np.ones((2, 2), dtype=np.float32),
        ["requires_grad=True"],
        "tensor([[1., 1.],\n"
        "        [1., 1.]], requires_grad=True)",
        id="seed_ones_requires_grad",
    ),
    pytest.param(
        np.full((2, 2), 27.0, dtype=np.float32),
        ["grad_fn=<MulBackward0>"],
        "tensor([[27., 27.],\n"
        "        [27., 27.]], grad_fn=<MulBackward0>)",
        id="seed_mul_grad_fn",
    ),
    pytest.param(
        np.array(27.0, dtype=np.float32),
        ["grad_fn=<MeanBackward1>"],
        "tensor(27., grad_fn=<MeanBackward1>)",
        id="seed_scalar_grad_fn",
    ),
    pytest.param(
        np.full((2, 2), 4.5, dtype=np.float32),
        [],
        "tensor([[4.5000, 4.5000],\n"
        "        [4.5000, 4.5000]])",
        id="seed_fixed_point",
    ),
    pytest.param(
        np.array([1.5549, -5.6909, 2.0553], dtype=np.float32),
        ["grad_fn=<MulBackward0>"],
        "tensor([ 1.5549, -5.6909,  2.0553], grad_fn=<MulBackward0>)",
        id="seed_negative_alignment",
    ),
    pytest.param(
        np.array([398.0435, -1456.8657, 526.1607], dtype=np.float32),
        ["grad_fn=<MulBackward0>"],
        "tensor([  398.0435, -1456.8657,   526.1607], grad_fn=<MulBackward0>)",
        id="seed_wide_alignment",
    ),
    pytest.param(
        np.array([102.4, 1024.0, 0.1024], dtype=np.float32),
        [],
        "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])",
        id="seed_sci_by_ratio",
    ),
    pytest.param(
        np.array(6.2472, dtype=np.float32),
        [],
        "tensor(6.2472)",
        id="seed_scalar_fixed",
    ),
    pytest.param(
        np.array([1.0, 2.0], dtype=np.float32),
        [],
        "tensor([1., 2.])",
        id="integral_floats",
    ),
    pytest.param(
        np.array([1.0, -10.0, 100.0], dtype=np.float32),
        [],
        "tensor([  1., -10., 100.])",
        id="integral_floats_padded",
    ),
    pytest.param(
        np.array([9.99996, 1.0], dtype=np.float32),
        [],
        "tensor([10.0000,  1.0000])",
        id="fixed_point_rounding_widens",
    ),
    pytest.param(
        np.array([2e8, 3e8], dtype=np.float32),
        [],
        "tensor([2.0000e+08, 3.0000e+08])",
        id="sci_by_large_max",
    ),
    pytest.param(
        np.array([5e-5, 6e-5], dtype=np.float32),
        [],
        "tensor([5.0000e-05, 6.0000e-05])",
        id="sci_by_small_min",
    ),
    pytest.param(
        np.array([1e10, 1.0], dtype=np.float32),
        [],
        "tensor([1.0000e+10, 1.0000e+00])",
        id="sci_integral_huge",
    ),
    pytest.param(
        np.array([100000.0, 1.0], dtype=np.float32),
        [],
        "tensor([1.0000e+05, 1.0000e+00])",
        id="sci_integral_ratio",
    ),
    pytest.param(
        np.array([100000.0, 200000.0], dtype=np.float32),
        [],
        "tensor([100000., 200000.])",
        id="integral_large_no_sci",
    ),
    pytest.param(
        np.array([1e-150, 1e150, -2.5], dtype=np.float64),
        [],
        "tensor([1.0000e-150, 1.0000e+150, -2.5000e+00], dtype=tinytorch.float64)",
        id="sci_three_digit_exponent",
    ),
    pytest.param(
        np.array([np.nan, np.inf, -np.inf, 1.5], dtype=np.float32),
        [],
        "tensor([   nan,    inf,   -inf, 1.5000])",
        id="nonfinite_fixed",
    ),
    pytest.param(
        np.array([np.nan, 1.0], dtype=np.float32),
        [],
        "tensor([nan, 1.])",
        id="nonfinite_integral",
    ),
    pytest.param(
        np.array([1e-5, np.inf, np.nan], dtype=np.float32),
        [],
        "tensor([1.0000e-05,        inf,        nan])",
        id="nonfinite_sci",
    ),
    pytest.param(
        np.array([np.nan, np.inf, -np.inf], dtype=np.float32),
        [],
        "tensor([nan, inf, -inf])",
        id="nonfinite_only",
    ),
    pytest.param(
        np.full(30, -np.inf, dtype=np.float32),
        [],
        "tensor([-inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, "
        "-inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf,\n"
        "        -inf, -inf, -inf, -inf, -inf, -inf])",
        id="nonfinite_only_ignore_linewidth",
    ),
    pytest.param(
        np.array([[-0.0, 1.0], [1.0, 1.0]], dtype=np.float32),
        [],
        "tensor([[-0., 1.],\n"
        "        [1., 1.]])",
        id="negative_zero_not_counted_in_width",
    ),
    pytest.param(
        np.array([[1.0, -np.inf], [2.0, 3.0]], dtype=np.float32),
        [],
        "tensor([[1., -inf],\n"
        "        [2., 3.]])",
        id="nonfinite_not_counted_in_width",
    ),
    pytest.param(
        np.array([-0.0, 0.0, 0.0], dtype=np.float32),
        [],
        "tensor([-0., 0., 0.])",
        id="zeros_and_negative_zero",
    ),
    pytest.param(
        np.array([1.5, 2.0], dtype=np.float64),
        [],
        "tensor([1.5000, 2.0000], dtype=tinytorch.float64)",
        id="float64_dtype_suffix",
    ),
    pytest.param(
        np.array([1.0, 2.0], dtype=np.float64),
        ["requires_grad=True"],
        "tensor([1., 2.], dtype=tinytorch.float64, requires_grad=True)",
        id="float64_dtype_then_requires_grad",
    ),
    pytest.param(
        np.array([1, -20, 300], dtype=np.int64),
        [],
        "tensor([  1, -20, 300])",
        id="int64",
    ),
    pytest.param(
        np.array([1, 2], dtype=np.int32),
        [],
        "tensor([1, 2], dtype=tinytorch.int32)",
        id="int32",
    ),
    pytest.param(
        np.array([1, 200], dtype=np.uint8),
        [],
        "tensor([  1, 200], dtype=tinytorch.uint8)",
        id="uint8",
    ),
    pytest.param(
        np.array([True, False]),
        [],
        "tensor([ True, False])",
        id="bool",
    ),
    pytest.param(
        np.array([[True, False], [False, True]]),
        [],
        "tensor([[ True, False],\n"
        "        [False,  True]])",
        id="bool_2d",
    ),
    pytest.param(
        np.array(3),
        [],
        "tensor(3)",
        id="scalar_int",
    ),
    pytest.param(
        np.array(True),
        [],
        "tensor(True)",
        id="scalar_bool",
    ),
    pytest.param(
        np.array(np.nan, dtype=np.float32),
        [],
        "tensor(nan)",
        id="scalar_nan",
    ),
    pytest.param(
        np.array(0.125, dtype=np.float64),
        [],
        "tensor(0.1250, dtype=tinytorch.float64)",
        id="scalar_float64",
    ),
    pytest.param(
        np.zeros(0, dtype=np.float32),
        [],
        "tensor([])",
        id="empty_float32",
    ),
    pytest.param(
        np.zeros((2, 0), dtype=np.float32),
        [],
        "tensor([], size=(2, 0))",
        id="empty_2d_size",
    ),
    pytest.param(
        np.zeros(0, dtype=np.float64),
        [],
        "tensor([], dtype=tinytorch.float64)",
        id="empty_float64",
    ),
    pytest.param(
        np.zeros((0, 3), dtype=np.int32),
        [],
        "tensor([], size=(0, 3), dtype=tinytorch.int32)",
        id="empty_size_and_dtype",
    ),
    pytest.param(
        np.zeros(0, dtype=np.int64),
        [],
        "tensor([], dtype=tinytorch.int64)",
        id="empty_int64_shows_dtype",
    ),
    pytest.param(
        np.zeros(0, dtype=bool),
        [],
        "tensor([], dtype=tinytorch.bool)",
        id="empty_bool_shows_dtype",
    ),
    pytest.param(
        np.zeros((0, 2), dtype=np.float32),
        ["requires_grad=True"],
        "tensor([], size=(0, 2), requires_grad=True)",
        id="empty_requires_grad",
    ),
    pytest.param(
        np.arange(6).reshape(2, 3),
        [],
        "tensor([[0, 1, 2],\n"
        "        [3, 4, 5]])",
        id="int_2d",
    ),
    pytest.param(
        np.array([[1, -1000], [25, 3]]),
        [],
        "tensor([[    1, -1000],\n"
        "        [   25,     3]])",
        id="int_2d_negative_padding",
    ),
    pytest.param(
        np.arange(12).reshape(2, 2, 3),
        [],
        "tensor([[[ 0,  1,  2],\n"
        "         [ 3,  4,  5]],\n"
        "\n"
        "        [[ 6,  7,  8],\n"
        "         [ 9, 10, 11]]])",
        id="int_3d_blank_line",
    ),
    pytest.param(
        np.arange(16).reshape(2, 2, 2, 2),
        [],
        "tensor([[[[ 0,  1],\n"
        "          [ 2,  3]],\n"
        "\n"
        "         [[ 4,  5],\n"
        "          [ 6,  7]]],\n"
        "\n"
        "\n"
        "        [[[ 8,  9],\n"
        "          [10, 11]],\n"
        "\n"
        "         [[12, 13],\n"
        "          [14, 15]]]])",
        id="int_4d_two_blank_lines",
    ),
    pytest.param(
        np.arange(12).reshape(3, 4).T[::-1],
        [],
        "tensor([[ 3,  7, 11],\n"
        "        [ 2,  6, 10],\n"
        "        [ 1,  5,  9],\n"
        "        [ 0,  4,  8]])",
        id="non_contiguous",
    ),
    pytest.param(
        np.arange(30, dtype=np.float32) / 3,
        [],
        "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
        "        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,\n"
        "        6.0000, 6.3333, 6.6667, 7.0000, 7.3333, 7.6667, 8.0000, 8.3333, 8.6667,\n"
        "        9.0000, 9.3333, 9.6667])",
        id="wrap_1d",
    ),
    pytest.param(
        np.arange(40, dtype=np.float32).reshape(2, 20) / 7,
        [],
        "tensor([[0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n"
        "         1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,\n"
        "         2.5714, 2.7143],\n"
        "        [2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143, 3.8571, 4.0000,\n"
        "         4.1429, 4.2857, 4.4286, 4.5714, 4.7143, 4.8571, 5.0000, 5.1429, 5.2857,\n"
        "         5.4286, 5.5714]])",
        id="wrap_2d_rows",
    ),
    pytest.param(
        np.arange(100, 130),
        [],
        "tensor([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,\n"
        "        114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,\n"
        "        128, 129])",
        id="wrap_ints",
    ),
    pytest.param(
        np.arange(16, dtype=np.float32) / 7,
        ["requires_grad=True"],
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n"
        "        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429],\n"
        "       requires_grad=True)",
        id="suffix_new_line",
    ),
    pytest.param(
        np.arange(1000.0, 1014.0, dtype=np.float32).reshape(2, 7),
        ["requires_grad=True"],
        "tensor([[1000., 1001., 1002., 1003., 1004., 1005., 1006.],\n"
        "        [1007., 1008., 1009., 1010., 1011., 1012., 1013.]], requires_grad=True)",
        id="suffix_fits_at_79_columns",
    ),
    pytest.param(
        np.ones(13, dtype=np.float32),
        ["requires_grad=True"],
        "tensor([1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.],\n"
        "       requires_grad=True)",
        id="suffix_wraps_at_80_columns",
    ),
    pytest.param(
        np.ones(12, dtype=np.float32),
        ["requires_grad=True"],
        "tensor([1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.], requires_grad=True)",
        id="suffix_fits_after_76_columns",
    ),
    pytest.param(
        np.arange(3000),
        [],
        "tensor([   0,    1,    2,  ..., 2997, 2998, 2999])",
        id="summarized_1d_ints",
    ),
    pytest.param(
        np.arange(2000, dtype=np.float32).reshape(100, 20),
        [],
        "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.7000e+01, 1.8000e+01,\n"
        "         1.9000e+01],\n"
        "        [2.0000e+01, 2.1000e+01, 2.2000e+01,  ..., 3.7000e+01, 3.8000e+01,\n"
        "         3.9000e+01],\n"
        "        [4.0000e+01, 4.1000e+01, 4.2000e+01,  ..., 5.7000e+01, 5.8000e+01,\n"
        "         5.9000e+01],\n"
        "        ...,\n"
        "        [1.9400e+03, 1.9410e+03, 1.9420e+03,  ..., 1.9570e+03, 1.9580e+03,\n"
        "         1.9590e+03],\n"
        "        [1.9600e+03, 1.9610e+03, 1.9620e+03,  ..., 1.9770e+03, 1.9780e+03,\n"
        "         1.9790e+03],\n"
        "        [1.9800e+03, 1.9810e+03, 1.9820e+03,  ..., 1.9970e+03, 1.9980e+03,\n"
        "         1.9990e+03]])",
        id="summarized_2d_rows",
    ),
    pytest.param(
        np.zeros((10, 10, 20), dtype=np.float32),
        [],
        "tensor([[[0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         ...,\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.]],\n"
        "\n"
        "        [[0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         ...,\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.]],\n"
        "\n"
        "        [[0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         ...,\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.]],\n"
        "\n"
        "        ...,\n"
        "\n"
        "        [[0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         ...,\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.]],\n"
        "\n"
        "        [[0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         ...,\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.]],\n"
        "\n"
        "        [[0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         ...,\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.],\n"
        "         [0., 0., 0.,  ..., 0., 0., 0.]]])",
        id="summarized_3d",
    ),
    pytest.param(
        np.arange(1002, dtype=np.float32).reshape(501, 2),
        [],
        "tensor([[0.0000e+00, 1.0000e+00],\n"
        "        [2.0000e+00, 3.0000e+00],\n"
        "        [4.0000e+00, 5.0000e+00],\n"
        "        ...,\n"
        "        [9.9600e+02, 9.9700e+02],\n"
        "        [9.9800e+02, 9.9900e+02],\n"
        "        [1.0000e+03, 1.0010e+03]])",
        id="summarized_only_first_dim",
    ),
    pytest.param(
        np.where(np.arange(2000) == 1000, 1e10, 1.0).astype(np.float32),
        [],
        "tensor([1., 1., 1.,  ..., 1., 1., 1.])",
        id="summarized_hidden_values_ignored",
    ),
    pytest.param(
        np.linspace(-1.0, 1.0, 1001, dtype=np.float32),
        ["grad_fn=<AddBackward0>"],
        "tensor([-1.0000, -0.9980, -0.9960,  ...,  0.9960,  0.9980,  1.0000],\n"
        "       grad_fn=<AddBackward0>)",
        id="summarized_with_suffix",
    ),
]

OPTION_CASES = [
    pytest.param(
        {"precision": 2},
        np.array([1.23456, -0.5], dtype=np.float32),
        [],
        "tensor([ 1.23, -0.50])",
        id="precision_2",
    ),
    pytest.param(
        {"precision": 0},
        np.array([1.6, 2.4], dtype=np.float32),
        [],
        "tensor([2, 2])",
        id="precision_0",
    ),
    pytest.param(
        {"precision": 8},
        np.array([np.pi, np.e], dtype=np.float64),
        [],
        "tensor([3.14159265, 2.71828183], dtype=tinytorch.float64)",
        id="precision_8_float64",
    ),
    pytest.param(
        {"sci_mode": True},
        np.array([1.5, 2.0], dtype=np.float32),
        [],
        "tensor([1.5000e+00, 2.0000e+00])",
        id="sci_mode_forced_on",
    ),
    pytest.param(
        {"sci_mode": True},
        np.array([1.0, 20.0], dtype=np.float32),
        [],
        "tensor([1.0000e+00, 2.0000e+01])",
        id="sci_mode_forced_on_integral",
    ),
    pytest.param(
        {"sci_mode": True},
        np.zeros(2, dtype=np.float32),
        [],
        "tensor([0., 0.])",
        id="sci_mode_forced_on_all_zero",
    ),
    pytest.param(
        {"sci_mode": False},
        np.array([1e-5, 1e5], dtype=np.float32),
        [],
        "tensor([     0.0000, 100000.0000])",
        id="sci_mode_forced_off",
    ),
    pytest.param(
        {"sci_mode": False},
        np.array([1e10, 1.0], dtype=np.float32),
        [],
        "tensor([10000000000.,           1.])",
        id="sci_mode_forced_off_integral",
    ),
    pytest.param(
        {"threshold": 5},
        np.arange(10),
        [],
        "tensor([0, 1, 2,  ..., 7, 8, 9])",
        id="threshold_5",
    ),
    pytest.param(
        {"threshold": 10},
        np.arange(10),
        [],
        "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])",
        id="numel_equal_to_threshold_not_summarized",
    ),
    pytest.param(
        {"threshold": 5, "edgeitems": 1},
        np.arange(24).reshape(2, 3, 4),
        [],
        "tensor([[[ 0,  ...,  3],\n"
        "         ...,\n"
        "         [ 8,  ..., 11]],\n"
        "\n"
        "        [[12,  ..., 15],\n"
        "         ...,\n"
        "         [20,  ..., 23]]])",
        id="threshold_and_edgeitems_1",
    ),
    pytest.param(
        {"threshold": 5, "edgeitems": 0},
        np.arange(10),
        [],
        "tensor([...], size=(10,))",
        id="edgeitems_0_summarized",
    ),
    pytest.param(
        {"edgeitems": 0},
        np.arange(4),
        [],
        "tensor([0, 1, 2, 3], size=(4,))",
        id="edgeitems_0_not_summarized",
    ),
    pytest.param(
        {"edgeitems": 0},
        np.array(5.0, dtype=np.float32),
        [],
        "tensor(5., size=())",
        id="edgeitems_0_scalar",
    ),
    pytest.param(
        {"linewidth": 40},
        np.arange(20, dtype=np.float32) / 3,
        ["requires_grad=True"],
        "tensor([0.0000, 0.3333, 0.6667, 1.0000,\n"
        "        1.3333, 1.6667, 2.0000, 2.3333,\n"
        "        2.6667, 3.0000, 3.3333, 3.6667,\n"
        "        4.0000, 4.3333, 4.6667, 5.0000,\n"
        "        5.3333, 5.6667, 6.0000, 6.3333],\n"
        "       requires_grad=True)",
        id="linewidth_40",
    ),
    pytest.param(
        {"linewidth": 5},
        np.array([[1, 2], [3, 4]]),
        [],
        "tensor([[1,\n"
        "         2],\n"
        "        [3,\n"
        "         4]])",
        id="linewidth_too_small",
    ),
    pytest.param(
        {"profile": "short"},
        np.arange(2000, dtype=np.float32) / 3,
        [],
        "tensor([0.00e+00, 3.33e-01,  ..., 6.66e+02, 6.66e+02])",
        id="profile_short",
    ),
    pytest.param(
        {"profile": "full"},
        np.arange(1001) % 10,
        [],
        "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n"
        "        8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n"
        "        2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n"
        "        6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n"
        "        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n"
        "        4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0])",
        id="profile_full",
    ),
    pytest.param(
        {"profile": "short", "precision": 3},
        np.array([1.23456], dtype=np.float32),
        [],
        "tensor([1.235])",
        id="profile_then_override",
    ),
]


@pytest.mark.parametrize(("array", "suffixes", "expected"), DEFAULT_CASES)
def test_repr_with_default_options(array, suffixes, expected):
    assert tensor_repr(array, suffixes) == expected


@pytest.mark.parametrize(("options", "array", "suffixes", "expected"), OPTION_CASES)
def test_repr_with_options(options, array, suffixes, expected):
    set_printoptions(**options)
    assert tensor_repr(array, suffixes) == expected


def test_custom_prefix_sets_indentation():
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    expected = "Param([[0., 1., 2.],\n       [3., 4., 5.]], requires_grad=True)"
    assert format_tensor(array, "unused", ["requires_grad=True"], prefix="Param(") == expected


def test_dtype_suffix_wraps_by_its_printed_length():
    array = np.arange(13, dtype=np.int32) - 6
    row = "tensor([-6, -5, -4, -3, -2, -1,  0,  1,  2,  3,  4,  5,  6]"
    # PyTorch's own string: the suffix fits on the 79-column line.
    assert format_tensor(array, "torch.int32") == row + ", dtype=torch.int32)"
    # The longer "tinytorch." name no longer fits and moves to a new line.
    assert format_tensor(array, "tinytorch.int32") == row + ",\n       dtype=tinytorch.int32)"


def test_suffixes_keep_their_order():
    array = np.array([1.0, 2.0])
    expected = "tensor([1., 2.], dtype=tinytorch.float64, grad_fn=<AddBackward0>, custom=1)"
    assert tensor_repr(array, ["grad_fn=<AddBackward0>", "custom=1"]) == expected


def test_default_printoptions():
    assert get_printoptions() == {
        "precision": 4,
        "threshold": 1000,
        "edgeitems": 3,
        "linewidth": 80,
        "sci_mode": None,
    }


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("short", {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80}),
        ("full", {"precision": 4, "threshold": float("inf"), "edgeitems": 3, "linewidth": 80}),
    ],
)
def test_profiles(profile, expected):
    set_printoptions(precision=7, linewidth=30)
    set_printoptions(profile=profile)
    assert get_printoptions() == {**expected, "sci_mode": None}


def test_explicit_options_override_profile():
    set_printoptions(profile="short", edgeitems=5, linewidth=100)
    options = get_printoptions()
    assert (options["precision"], options["edgeitems"], options["linewidth"]) == (2, 5, 100)


def test_sci_mode_is_reset_by_any_call():
    set_printoptions(sci_mode=True)
    assert get_printoptions()["sci_mode"] is True
    set_printoptions(precision=4)
    assert get_printoptions()["sci_mode"] is None


def test_get_printoptions_round_trips():
    set_printoptions(precision=3, threshold=50, edgeitems=1, linewidth=60, sci_mode=False)
    saved = get_printoptions()
    set_printoptions(profile="default")
    set_printoptions(**saved)
    assert get_printoptions() == saved


def _row_cells(line):
    inner = line[line.rindex("[") + 1 : line.index("]")]
    return inner.split(", ")


@given(
    hnp.arrays(
        np.int64,
        hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
        elements=st.integers(-(10**6), 10**6),
    )
)
def test_int_matrix_rows_have_equal_width_and_round_trip(array):
    lines = tensor_repr(array).split("\n")
    assert len(lines) == array.shape[0]
    width = max(len(str(value)) for value in array.flat)
    for line, row in zip(lines, array):
        cells = _row_cells(line)
        assert [len(cell) for cell in cells] == [width] * len(row)
        assert [int(cell) for cell in cells] == row.tolist()


finite_or_not = st.floats(width=32, min_value=-1e6, max_value=1e6) | st.sampled_from(
    [float("nan"), float("inf"), float("-inf"), 0.0, -0.0]
)


@given(hnp.arrays(np.float32, st.integers(1, 40), elements=finite_or_not))
def test_float_vector_round_trips_within_precision(array):
    text = tensor_repr(array)
    inner = text[len("tensor([") : text.rindex("]")]
    printed = np.array([float(cell) for cell in re.split(r",\s*", inner)])
    assert printed.shape == array.shape
    np.testing.assert_allclose(printed, array.astype(np.float64), rtol=6e-5, atol=6e-5)


nonzero_finite = st.builds(
    lambda sign, magnitude: sign * magnitude,
    st.sampled_from([1.0, -1.0]),
    st.floats(min_value=float(np.finfo(np.float32).tiny), max_value=2.0**100, width=32),
)


@given(
    hnp.arrays(np.float32, st.integers(1, 200), elements=nonzero_finite),
    st.sampled_from([[], ["requires_grad=True"], ["grad_fn=<MulBackward0>"]]),
)
def test_nonzero_finite_vector_lines_fit_linewidth(array, suffixes):
    # Only nonzero finite values count towards the element width, so zeros,
    # nan and inf can overflow the line (as in PyTorch).
    assert all(len(line) <= 80 for line in tensor_repr(array, suffixes).split("\n"))


@given(hnp.arrays(np.int64, st.integers(1001, 3000), elements=st.integers(-99, 99)))
def test_long_vector_is_summarized_to_edge_items(array):
    text = tensor_repr(array)
    expected_cells = [str(v) for v in array[:3]] + ["..."] + [str(v) for v in array[-3:]]
    cells = [cell.strip() for cell in text[len("tensor([") : -2].split(",")]
    assert cells == expected_cells
