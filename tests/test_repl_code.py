"""``%code``: from a node (by name, grad_fn or tensor) to its forward, derivative and kernel."""
import pytest

from tinytorch_repl.runner import Session

from conftest import run_cells as run


@pytest.fixture
def session():
    s = Session()
    run(s, "x = torch.ones(2, 2, requires_grad=True)", "y = (x * 2).exp().sum()")
    return s


def test_a_binary_node_shows_its_class_its_kernel_branch_and_its_function(session):
    out = run(session, "%code MulBackward0")
    assert out.startswith("MulBackward0: tinytorch/ops/elementwise.py:")
    assert "grads = (lambda n, g, a, b: g * b," in out            # the derivative, one formula per input
    assert "kernel: the branch of binary_kernel, tinytorch/kernels/elementwise.py:" in out
    assert "elif op == MUL:" in out and "out[i] = a[i * sa] * b[i * sb]" in out
    assert "made by: tinytorch.mul (tinytorch/ops/elementwise.py:" in out


def test_a_table_node_shows_its_row(session):
    out = run(session, "%code y.grad_fn.next_functions[0][0]")
    assert out.startswith("ExpBackward0: a row of the op table, tinytorch/ops/table.py:")
    assert 'Unary("exp", "ExpBackward0", ew.EXP, lambda g, out: g * out' in out
    assert "elif op == EXP:" in out and "made by: tinytorch.exp" in out


def test_a_tensor_means_its_grad_fn_and_fused_nodes_list_their_kernels(session):
    out = run(session, "%code y")
    assert out.startswith("SumBackward0: tinytorch/ops/reduce.py:")
    assert "kernels its forward calls:\n    reduce.reduce  tinytorch/kernels/reduce.py:" in out
    conv = run(session, "%code ConvolutionBackward0")
    assert "conv.im2col_kernel  tinytorch/kernels/conv.py:" in conv and "F.conv2d (tinytorch/ops/nn.py:" in conv


def test_the_file_and_line_point_at_the_code(session):
    import re
    import tinytorch
    import pathlib
    out = run(session, "%code MulBackward0")
    path, line = re.match(r"MulBackward0: (\S+):(\d+)", out).groups()
    source = (pathlib.Path(tinytorch.__file__).parent.parent / path).read_text().splitlines()
    assert source[int(line) - 1].startswith("class MulBackward0(")


@pytest.mark.parametrize("arg, message", [
    ("x", "UsageError: %code: x has no grad_fn (a leaf, or made without grad): no node to show"),
    ("3", "UsageError: %code: 3 is a int, not a tensor or an autograd node"),
    ("NoSuchBackward0", "UsageError: %code: NoSuchBackward0 is neither a node's name nor an expression "
                        "(NameError: name 'NoSuchBackward0' is not defined)"),
])
def test_what_is_not_a_node_is_said_in_one_line(session, arg, message):
    assert run(session, f"%code {arg}") == message + "\n"


def test_korean(session):
    session.lang = "ko"
    out = run(session, "%code MulBackward0")
    assert "(순전파와 미분):" in out and "커널: binary_kernel의 분기" in out and "만드는 함수: tinytorch.mul" in out
