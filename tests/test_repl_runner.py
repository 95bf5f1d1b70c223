"""The REPL's cell runner, cell splitting and the ``import torch`` alias (in-process)."""
import sys

import pytest

import tinytorch
from tinytorch_repl import alias, cells
from tinytorch_repl.runner import Session

from conftest import run_cells as run



@pytest.fixture
def session():
    return Session()


def test_final_expression_is_displayed_and_statements_are_not(session):
    assert run(session, "x = torch.ones(2, 2, requires_grad=True)") == ""
    assert run(session, "y = x + 2\ny") == ("tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)\n")
    assert run(session, "print(1)\nNone") == "1\n"
    assert session.namespace["_"] is session.namespace["y"]


def test_cells_are_numbered_and_empty_cells_are_skipped(session):
    assert session.count == 1
    assert session.run_cell("   \n") is False
    assert session.count == 1
    run(session, "a = 1", "b = a + 1")
    assert session.count == 3 and session.namespace["b"] == 2


def test_exception_prints_type_and_message_and_session_goes_on(session):
    out = run(session, "x = torch.ones(1, requires_grad=True)\nout = (x * 2).sum()\nout.backward()",
              "print(out.backward())", "x.grad")
    assert out == ("RuntimeError: Trying to backward through the graph a second time, but the buffers have "
                   "already been freed. Specify retain_graph=True when calling backward the first time.\n"
                   "tensor([2.])\n")


def test_statements_before_an_error_keep_their_effect(session):
    assert run(session, "a = 5\nb = 1 / 0\nc = 3") == "ZeroDivisionError: division by zero\n"
    assert session.namespace["a"] == 5 and "c" not in session.namespace


def test_syntax_error_is_one_line(session):
    out = run(session, "x = = 1")
    assert out.startswith("SyntaxError: invalid syntax") and out.count("\n") == 1


def test_keyboard_interrupt_in_a_cell_is_reported(session):
    assert run(session, "raise KeyboardInterrupt") == "KeyboardInterrupt\n"
    assert run(session, "1 + 1") == "2\n"


def test_tb_shows_the_last_traceback_without_runner_frames(session):
    assert run(session, "%tb").startswith("No traceback")
    run(session, "def f():\n    return 1 / 0", "f()")
    tb = run(session, "%tb")
    assert tb.startswith("Traceback (most recent call last):")
    assert '<In [2]>' in tb and "return 1 / 0" in tb and "ZeroDivisionError: division by zero" in tb
    assert "runner.py" not in tb


def test_exit_and_quit_end_the_session_without_raising(session):
    run(session, "exit()")
    assert session.exit_requested
    other = Session()
    run(other, "import sys\nsys.exit(3)")
    assert other.exit_requested


def test_torch_is_tinytorch_and_the_alias_can_be_removed():
    alias.install()
    try:
        s = Session()
        run(s, "import torch as t\nimport torch.autograd\nfrom torch import ones")
        assert s.namespace["t"] is tinytorch and s.namespace["ones"] is tinytorch.ones
        assert sys.modules["torch"] is tinytorch and tinytorch.__spec__.name == "tinytorch"
    finally:
        alias.uninstall()
    assert "torch" not in sys.modules or sys.modules["torch"] is not tinytorch
    assert not alias.installed()


def test_magic_lines_become_calls():
    assert cells.transform_magics("x = 1\n%graph z --dot 'a b.dot'\n    %who") == (
        "x = 1\n__magic__('graph', \"z --dot 'a b.dot'\")\n    __magic__('who', '')")


def test_split_cells_at_blank_lines_between_top_level_statements():
    text = ("x = 1\n\nwhile x < 8:\n\n    # doubled\n    x = x * 2\n\n    print(x)\n\n"
            "if x:\n    pass\n\nelse:\n    pass\n\n\n%who\n")
    assert cells.split_cells(text) == [
        "x = 1", "while x < 8:\n\n    # doubled\n    x = x * 2\n\n    print(x)",
        "if x:\n    pass\n\nelse:\n    pass", "%who"]


def test_split_cells_at_markers_keeps_blank_lines_inside_a_cell():
    text = "#!/usr/bin/env python\n# coding: utf-8\n\n# In[1]:\n\n\nx = 1\n\ny = 2\n\n\n# In[ ]:\n\n\nprint(x)\n"
    assert cells.split_cells(text) == ["x = 1\n\ny = 2", "print(x)"]


def test_split_cells_keeps_a_broken_cell_to_itself():
    assert cells.split_cells("x = = 1\n\ny = 2\n") == ["x = = 1", "y = 2"]


@pytest.mark.parametrize("source, complete", [
    ("x = 1", True), ("for i in x:", False), ("for i in x:\n    print(i)", False),
    ("for i in x:\n    print(i)\n", True), ("for i in x:\n    print(i)\nprint(2)", True),
    ("x = (1,", False), ("x = = 2", True), ("%who", True), ("a = 1\nb = 2", True), ("@dec", False),
    ("", False),
])
def test_is_complete(source, complete):
    assert cells.is_complete(source) is complete


def test_tb_after_a_failed_backward_shows_the_learners_frames_not_the_recorders(session):
    run(session, "x = torch.ones(2, requires_grad=True)\nout = (x * x).sum()", "out.backward()")
    assert "RuntimeError: Trying to backward through the graph a second time" in run(session, "out.backward()")
    tb = run(session, "%tb")
    assert 'File "<In [3]>", line 1' in tb and "out.backward()" in tb
    assert "recorder.py" not in tb


def test_bare_exit_and_quit_end_the_session_as_in_ipython():
    from tinytorch_repl.runner import Session
    for word in ("exit", "quit", "  exit  "):
        s = Session()
        assert s.run_cell(word) and s.exit_requested
    s = Session()
    s.run_cell("exit = 3")           # a variable of that name is just a value
    s.run_cell("exit")
    assert not s.exit_requested


def test_under_the_torch_alias_reprs_name_torch_as_pytorch_prints_them(session):
    """PyTorch 2.13 prints these lines for the same cells."""
    run(session, "x = torch.ones(1, 28, 28, dtype=torch.float64)")
    assert run(session, "x.shape") == "torch.Size([1, 28, 28])\n"
    assert run(session, "print(x.dtype, torch.float32, x.type())") == "torch.float64 torch.float32 torch.DoubleTensor\n"
    assert run(session, "torch.tensor([1.5], dtype=torch.float64)") == "tensor([1.5000], dtype=torch.float64)\n"
    assert run(session, "torch.tensor([2.0, 1.0]).max(0)") == (
        "torch.return_types.max(\nvalues=tensor(2.),\nindices=tensor(0))\n")
    assert run(session, "torch.Generator()").startswith("<torch._C.Generator object at 0x")
    # outside the cells (a plain ``import tinytorch``) the prefix stays tinytorch's
    assert repr(tinytorch.ones(2).shape) == "tinytorch.Size([2])" and repr(tinytorch.float64) == "tinytorch.float64"


def test_without_the_alias_reprs_keep_tinytorchs_name():
    plain = Session(torch_alias=False)
    run(plain, "import tinytorch")
    assert run(plain, "tinytorch.ones(2).shape") == "tinytorch.Size([2])\n"


def test_a_print_option_switches_the_module_name():
    try:
        tinytorch.set_printoptions(module_name="torch")
        assert repr(tinytorch.zeros(3).shape) == "torch.Size([3])"
        assert repr(tinytorch.ones(1, dtype=tinytorch.int32)) == "tensor([1], dtype=torch.int32)"
    finally:
        tinytorch.set_printoptions(module_name="tinytorch")
    assert repr(tinytorch.int32) == "tinytorch.int32"
    with pytest.raises(ValueError, match="module_name must be 'tinytorch' or 'torch'"):
        tinytorch.set_printoptions(module_name="numpy")
