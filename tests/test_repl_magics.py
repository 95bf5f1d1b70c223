"""Every magic of the REPL, in English and Korean, on the seed document's cells."""
import re

import pytest

from tinytorch_repl import i18n, show
from tinytorch_repl.runner import Session

from conftest import run_cells as run

SEED_4 = ["x = torch.ones(2,2,requires_grad=True)", "y = x+2", "z = y*y*3\nout = z.mean()"]
SEED_17 = ["x = torch.tensor([0.3, -1.2, 0.6], requires_grad=True)",  # 10 doublings, as in the document
           "y = x*2\nwhile y.data.norm() < 1000:\n    y = y*2",
           "gradients = torch.tensor([0.1,1.0,0.0001],dtype=torch.float)\ny.backward(gradients)"]



@pytest.fixture(params=["en", "ko"])
def lang(request):
    return request.param


def test_both_languages_have_the_same_messages():
    from tinytorch_repl import magics

    magics._load_all()
    assert set(i18n.EN) == set(i18n.KO)
    assert all(f"help_{name}" in i18n.EN for name in magics.MAGICS)


@pytest.mark.parametrize("choice, environ, expected", [
    (None, {}, "en"), (None, {"LANG": "ko_KR.UTF-8"}, "ko"), (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),
    ("en", {"LANG": "ko_KR.UTF-8"}, "en"), ("ko", {}, "ko"),
])
def test_language_choice(choice, environ, expected):
    assert i18n.language(choice, environ) == expected


def test_explain_x_grad_shows_why_it_is_4_5(lang):
    s = Session(lang=lang)
    run(s, *SEED_4, "out.backward()")
    out = run(s, "%explain x.grad")
    lines = out.splitlines()
    assert "d out/d x" in lines[0] and "out.backward()" in lines[0] and "In [4]" in lines[0]
    assert re.search(r"out = z\.mean\(\) +d out/d z = 1/4 +\(MeanBackward1\)", out)
    assert re.search(r"z = y\*y\*3 +d z/d y = 6y = 18 +\(MulBackward0 ×2\)", out)
    assert re.search(r"y = x\+2 +d y/d x = 1 +\(AddBackward0\)", out)
    assert "x.grad = 1/4 · 18 · 1 = 4.5" in out
    assert ("연쇄 법칙" in out) == (lang == "ko")


def test_explain_a_scalar_before_backward_shows_what_backward_would_compute(lang):
    s = Session(lang=lang)
    run(s, *SEED_4)
    out = run(s, "%explain out")
    assert "d out/d out = 1" in out and "x.grad = 1/4 · 18 · 1 = 4.5" in out


def test_explain_vector_jacobian_product(lang):
    s = Session(lang=lang)
    run(s, *SEED_17)
    out = run(s, "%explain x.grad")
    assert "y.backward(gradients)" in out and "vᵀ·J" in out
    assert "d y/d x = 1024" in out and "(MulBackward0 ×10)" in out
    assert "J = 1024·I" in out
    assert "1024 · gradients = tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])" in out


def test_explain_a_non_scalar_says_why_backward_needs_a_scalar(lang):
    s = Session(lang=lang)
    run(s, *SEED_4)
    out = run(s, "%explain z")
    assert "RuntimeError: grad can be implicitly created only for scalar outputs" in out
    assert "z.mean()" in out and "vᵀ·J" in out
    assert ("스칼라" in out) == (lang == "ko")


def test_explain_untracked_and_not_yet_computed(lang):
    s = Session(lang=lang)
    out = run(s, "a = torch.ones(2)", "%explain a", "b = torch.ones(2, requires_grad=True)", "%explain b.grad")
    assert "a.requires_grad_(True)" in out and "b.grad" in out and "None" in out


def test_explain_a_graph_that_mixes_elements_shows_node_formulas_and_numbers():
    s = Session()
    out = run(s, "w = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)",
              "v = torch.tensor([1., -1.])", "loss = (w @ v).tanh().sum()", "loss.backward()", "%explain w.grad")
    assert "MvBackward0" in out and "TanhBackward0" in out and "SumBackward0" in out
    assert "mixes elements" in out
    assert "tensor([[ 0.4200, -0.4200],\n          [ 0.4200, -0.4200]])" in out


def test_explain_counts_accumulated_passes():
    s = Session()
    out = run(s, "x = torch.ones(2, requires_grad=True)", "(x * 3).sum().backward()", "(x * 3).sum().backward()",
              "%explain x.grad")
    assert "d out/d x = 3" in out or "= 3" in out
    assert "2 backward passes" in out


def test_graph_tree_names_leaves_and_shows_saved_values(lang):
    s = Session(lang=lang)
    run(s, *SEED_4)
    out = run(s, "%graph out")
    lines = out.splitlines()
    assert lines[0].startswith("out  MeanBackward1  ()")
    assert lines[1].startswith("└─ z  MulBackward0  (2, 2)") and "() 3" in lines[1]
    assert "│  ├─ y  AddBackward0  (2, 2)" in out
    assert re.search(r"x  AccumulateGrad  \(2, 2\)", out)
    assert "(shown above)" in out or "(위에 나옴)" in out
    after = run(s, "out.backward()", "%graph out")
    assert "all 4.5" in after and ("freed" in after or "해제" in after)


def test_graph_of_leaves_and_untracked_tensors(lang):
    s = Session(lang=lang)
    out = run(s, "a = torch.ones(2)", "%graph a", "b = torch.ones(2, requires_grad=True)", "%graph b")
    assert "requires_grad=False" in out and "requires_grad=True" in out


def test_graph_dot_file(tmp_path):
    s = Session()
    path = tmp_path / "g.dot"
    out = run(s, *SEED_4, f"%graph out --dot {path}")
    dot = path.read_text()
    assert str(path) in out
    assert dot.startswith("digraph backward {") and "MeanBackward1" in dot and 'label="x\\nAccumulateGrad' in dot
    assert dot.count("->") == 7


@pytest.mark.parametrize("magic", ["%graph", "%graph 3", "%graph x --dot", "%explain", "%explain 3",
                                   "%show", "%show torch.ones(2)", "%time", "%time x = = 1", "%run",
                                   "%run /no/such/file.py", "%nosuchmagic"])
def test_bad_magic_arguments_print_one_line(magic, lang):
    s = Session(lang=lang)
    out = run(s, "x = torch.ones(2)", magic, "1 + 1")
    first, rest = out.split("\n", 1)
    assert first.startswith("UsageError: ") and rest == "2\n"


def test_magic_on_an_undefined_name_is_the_cells_error():
    assert run(Session(), "%graph nothing") == "NameError: name 'nothing' is not defined\n"


def test_who_lists_tensors(lang):
    s = Session(lang=lang)
    assert run(s, "%who").strip() == i18n.text(lang, "who_none")
    out = run(s, *SEED_4, "n = 3", "%who").splitlines()
    assert out[0].split() == i18n.text(lang, "who_columns").split("|")
    assert out[1].split() == ["x", "(2,", "2)", "float32", "True", "-"]
    assert out[4].split() == ["out", "()", "float32", "True", "MeanBackward1"]
    assert len(out) == 5


def test_time_prints_the_duration_and_the_value(lang):
    out = run(Session(lang=lang), "%time sum(range(10))").splitlines()
    unit = "(ns|μs|ms|s)"
    assert re.fullmatch(rf"(CPU times: user|CPU 시간: 사용자) [0-9.e+]+ {unit}, (sys|시스템): [0-9.e+]+ {unit}, "
                        rf"(total|합계): [0-9.e+]+ {unit}", out[0])
    assert re.fullmatch(rf"(Wall time|걸린 시간): [0-9.e+]+ {unit}", out[1]) and out[2] == "45"


def test_reset_forgets_variables_but_keeps_torch(lang):
    s = Session(lang=lang)
    out = run(s, "x = 1", "%reset", "x", "torch.ones(1)")
    assert i18n.text(lang, "reset_done") in out
    assert "NameError: name 'x' is not defined" in out and "tensor([1.])" in out


def test_run_executes_a_file_in_the_session(tmp_path):
    path = tmp_path / "script.py"
    path.write_text("w = torch.ones(2) * 3\nprint('ran')\n")
    s = Session()
    assert run(s, f"%run {path}", "w") == "ran\ntensor([3., 3.])\n"


def test_help_lists_every_magic(lang):
    from tinytorch_repl import magics

    out = run(Session(lang=lang), "%help")
    for m in magics.MAGICS.values():
        assert m.usage in out
    assert i18n.text(lang, "help_explain") in out


def test_show_draws_half_blocks_and_plain_shading():
    image = show.normalized(show.as_image(__import__("numpy").array([[0., 1.], [2., 3.]])))
    assert show.render(image, "plain") == [" ░", "▓█"]
    lines = show.render(image, "256")
    assert len(lines) == 1 and lines[0].count("▀") == 2
    assert "\x1b[38;5;232m\x1b[48;5;247m▀" in lines[0]
    assert "\x1b[38;2;0;0;0m" in show.render(image, "truecolor")[0]
    assert show.color_mode({"TERM": "xterm-256color"}, True) == "256"
    assert show.color_mode({"TERM": "xterm", "COLORTERM": "truecolor"}, True) == "truecolor"
    assert show.color_mode({"TERM": "xterm"}, False) == "plain"


def test_show_magic_accepts_a_single_channel_image():
    out = run(Session(), "%show torch.arange(16.).reshape(1, 4, 4)")
    assert out.splitlines() == ["  ░░", "░░▒▒", "▒▒▓▓", "▓▓██"]


def test_graph_of_a_deep_loop_is_cut_at_max_depth():
    from tinytorch_repl.graph import MAX_DEPTH

    out = run(Session(), "x = torch.ones(2, requires_grad=True)\ny = x\nfor i in range(200):\n    y = y * 1.0",
              "%graph y").splitlines()
    drawn = [line for line in out if "MulBackward0" in line]
    more = [line for line in out if "more nodes below" in line]
    assert len(drawn) == MAX_DEPTH + 1 and len(more) == 1
    assert more[0].endswith(f"… {201 - len(drawn)} more nodes below (the DOT output has them all)")
    assert max(len(line) for line in out) < 3 * MAX_DEPTH + 80


def test_explain_a_scalar_backward_with_a_gradient_multiplies_it_in():
    out = run(Session(), "x = torch.ones(2, requires_grad=True)", "out = (x*x).sum()",
              "out.backward(torch.tensor(3.))", "%explain x.grad")
    assert "d out/d x = 2x = 2" in out and "x.grad = v · 2 = 3 · 2 = 6" in out


def test_show_a_dataset_item_prints_its_label():
    out = run(Session(), "item = (torch.eye(4).reshape(1, 4, 4), 7)", "%show item").splitlines()
    assert out == ["█   ", " █  ", "  █ ", "   █", "label: 7"]


def test_explain_reports_a_node_whose_input_was_modified_in_place():
    out = run(Session(), "x = torch.ones(2, requires_grad=True)", "y = x * 1", "out = (y * y).sum()",
              "y.add_(1)", "%explain out")
    assert out.splitlines()[-1] == ("Values the graph saved for backward have changed since (updated in place, e.g. "
                                    "by opt.step(), `w -= lr * w.grad` or y.add_(1)), so the numbers at MulBackward0 "
                                    "cannot be shown; a .grad already computed still holds what its pass computed.")
    assert "version" not in out


def test_explain_after_a_failed_second_backward_names_the_backward_that_produced_the_gradient(lang):
    s = Session(lang=lang)
    run(s, *[c for cell in SEED_4 for c in cell.split("\n")], "out.backward()", "x.grad")  # In [5]: backward
    assert "RuntimeError: Trying to backward through the graph a second time" in run(s, "out.backward()")  # In [7]
    out = run(s, "%explain x.grad")
    header = out.splitlines()[0]
    assert "out.backward()" in header and "In [5]" in header and "In [7]" not in header
    assert "x.grad = 1/4 · 18 · 1 = 4.5" in out
    assert "In [7]" not in out and ("sum of" not in out and "의 합" not in out)


def test_explain_says_when_several_backward_passes_accumulated(lang):
    s = Session(lang=lang)
    run(s, "a = torch.ones(3, requires_grad=True)", "b = (a*3).sum()",
        "b.backward(retain_graph=True)", "b.backward()", "b.backward()")  # In [5] raises
    out = run(s, "%explain a.grad")
    assert "b.backward() in In [4]" in out or "In [4]의 b.backward()" in out
    assert "a.grad = 3" in out
    assert "In [3], In [4]" in out and "In [5]" not in out
    assert ("sum of 2 backward passes" in out) == (lang == "en")
    # zero_() between passes: the gradient is the last pass's alone, so no note
    run(s, "b = (a*3).sum()", "a.grad.zero_()", "b.backward()")
    assert "In [3], In [4]" not in run(s, "%explain a.grad")


NOT_PYTHON = re.compile(r"(?<![\w.])\d+\.[A-Za-z_]|\*\s*\d+\.[A-Za-z_]")  # "...*2.backward()", "2.mean()"


@pytest.mark.parametrize("cells, expr, snippets", [
    ([], "torch.ones(3,requires_grad=True)*2",
     ["(torch.ones(3,requires_grad=True)*2).backward()", "out = (torch.ones(3,requires_grad=True)*2).mean()",
      "(torch.ones(3,requires_grad=True)*2).backward(v)", "(v * (torch.ones(3,requires_grad=True)*2)).sum()"]),
    (["a = torch.ones(3, requires_grad=True)"], "-a", ["(-a).backward()", "(-a).mean()"]),
    ([], "torch.ones(3)*2", ["(torch.ones(3)*2).requires_grad_(True)"]),
    (["a = torch.ones(3, requires_grad=True)"], "(a+1).grad", ["(a+1).grad is None"]),
    (["a = torch.ones(3, requires_grad=True)"], "(a*2).sum()", ["(a*2).sum().backward()"]),
    (["a = torch.ones(3, requires_grad=True)", "(a*a).sum().backward()"], "a.grad",
     ["(a * a).sum().backward() in In [2]"]),
])
def test_explain_snippets_of_an_expression_are_valid_python(cells, expr, snippets):
    s = Session()
    run(s, *cells)
    out = run(s, f"%explain {expr}")
    for snippet in snippets:
        assert snippet in out
    assert not NOT_PYTHON.search(out), out
    if "reduce this tensor" in snippets[0] or expr in ("-a", "torch.ones(3,requires_grad=True)*2"):
        # prose shows the expression once, then says "this tensor"
        assert "reduce this tensor to a scalar" in out and out.count(expr + " ") == 1


def test_explain_replays_a_sparse_view_gradient_through_the_engine():
    s = Session()
    out = run(s, "a = torch.ones(3, requires_grad=True)", "b = a[1:] * 2", "b.sum().backward()", "%explain a.grad")
    assert "Error" not in out and "tensor([0., 2., 2.])" in out


def test_explain_runs_no_hook_and_changes_no_gradient():
    s = Session()
    out = run(s, "calls = []", "x = torch.tensor([1., 2.], requires_grad=True)",
              "h = x.register_hook(lambda g: calls.append(1))", "y = x * 3", "y.retain_grad()",
              "z = (y * y).sum()", "z.backward()", "%explain x.grad", "%graph z",
              "print(len(calls), x.grad, y.grad)")
    assert "1 tensor([18., 36.]) tensor([ 6., 12.])" in out
