"""Long explanations and errors wrap at word boundaries to the terminal's width, counted in
terminal columns (Korean takes two per syllable), in the interactive shell only."""
import pytest

from tinytorch_repl import wrap
from tinytorch_repl.runner import Session

from conftest import run_cells as run


def test_display_width_counts_wide_characters_twice():
    assert wrap.display_width("abc") == 3
    assert wrap.display_width("기울기") == 6
    assert wrap.display_width("e\u0301") == 1   # a combining accent takes no column


def test_prose_breaks_between_words_and_keeps_its_indentation():
    line = "  the gradient of out with respect to x is the product of the local derivatives"
    lines = wrap.wrap_line(line, 30)
    assert all(wrap.display_width(part) <= 30 for part in lines)
    assert all(part.startswith("  ") and not part.startswith("   ") for part in lines)
    assert " ".join(part.strip() for part in lines) == line.strip()


def test_korean_wraps_by_display_width():
    line = "x에 대한 out의 기울기는 각 단계의 국소 미분을 곱한 값입니다 그래서 4.5가 됩니다"
    lines = wrap.wrap_line(line, 20)
    assert len(lines) > 1 and all(wrap.display_width(part) <= 20 for part in lines)
    assert " ".join(lines) == line


def test_a_word_longer_than_the_width_is_never_cut():
    assert wrap.wrap_line("see https://pytorch.org/docs/stable/autograd.html now", 12) == [
        "see", "https://pytorch.org/docs/stable/autograd.html", "now"]


def test_values_keep_their_layout():
    row = "tensor([[4.5000, 4.5000, 4.5000, 4.5000, 4.5000, 4.5000],"
    assert wrap.wrap_line(row, 20) == [row]
    assert wrap.wrap_line("  [1., 2., 3., 4., 5., 6., 7., 8.]", 10) == ["  [1., 2., 3., 4., 5., 6., 7., 8.]"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explain_and_errors_wrap_in_the_shell_and_not_in_transcripts(lang):
    cells = ["x = torch.ones(2, 2, requires_grad=True)", "out = ((x + 2) * (x + 2) * 3).mean()",
             "out.backward()", "%explain x.grad", "torch.ones(2) + torch.ones(3)"]
    plain = run(Session(lang=lang), *cells)
    shell = Session(lang=lang)
    shell.wrap_width = lambda: 40
    wrapped = run(shell, *cells)
    assert max(wrap.display_width(line) for line in plain.splitlines()) > 40
    for line in wrapped.splitlines():
        assert wrap.display_width(line) <= 40 or " " not in line.strip() or line.lstrip().startswith(("tensor(", "["))
    assert " ".join(wrapped.split()) == " ".join(plain.split())   # the same words, only the breaks differ


@pytest.mark.parametrize("message, expected", [
    ("out.backward()이(가) 적용했습니다", "out.backward()가 적용했습니다"),   # 디: a vowel
    ("x은(는) 잎입니다", "x는 잎입니다"), ("n은(는) 정수", "n은 정수"), ("l(으)로", "l로"),
    ("tensor은(는)", "tensor는"), ("sum을(를)", "sum을"), ("model(으)로", "model로"),
    ("기울기은(는)", "기울기는"), ("값이(가)", "값이"), ("결과(으)로", "결과로"), ("방법(으)로", "방법으로"),
    ("x1은(는)", "x1은"), ("x2은(는)", "x2는"), ("model[0].weight이(가)", "model[0].weight가"),
])
def test_korean_particles_follow_the_word_before_them(message, expected):
    from tinytorch_repl import i18n
    assert i18n.particles(message) == expected


def test_korean_messages_have_no_mechanical_particle_pairs():
    plain = run(Session(lang="ko"), "x = torch.ones(2, 2, requires_grad=True)",
                "out = ((x + 2) * (x + 2) * 3).mean()", "out.backward()", "%explain x.grad", "%graph out")
    assert "(가)" not in plain and "(는)" not in plain and "(를)" not in plain
    assert "out.backward()가" in plain
