"""The REPL's words in English and Korean.

``language(choice, environ)`` picks the language: an explicit ``--lang`` wins, else a Korean
locale in ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` selects Korean, else English.
``text(lang, key, **fields)`` formats one message; every key exists in both tables
(the tests check it).  Formulas and numbers are the same in both languages, so only
prose lives here.
"""
LANGUAGES = ("en", "ko")

EN = {
    "banner": ("tinytorch REPL — Python {python}. `torch` is tinytorch{alias}.\n"
               "Type %help for the magics (%graph, %explain, %show...), exit() or Ctrl-D to quit."),
    "alias_on": " and `import torch` gives tinytorch",
    "alias_off": " (`import torch` is not aliased)",
    "interrupted": "KeyboardInterrupt",
    "no_traceback": "No traceback: the last cell raised no exception.",
    "unknown_magic": "UsageError: unknown magic %{name}; %help lists the magics",
    "usage": "UsageError: {usage}",
    "help_header": "Magics (one per line; EXPR is any Python expression of the session):",
    "help_footer": ("Cells: a blank line ends a compound statement; the value of a final expression "
                    "is printed; errors print `Type: message` (see %tb)."),
    "help_graph": "the backward graph of a tensor as a tree: grad_fn names, shapes, what each node saved",
    "help_explain": "the chain rule behind a gradient, with this session's numbers",
    "help_show": "a 2-D tensor as a grayscale picture (Unicode half-blocks)",
    "help_who": "the tensors of the session: shape, dtype, requires_grad",
    "help_time": "run a statement and print how long it took",
    "help_reset": "forget every variable of the session (torch stays)",
    "help_run": "run a Python file in this session (its variables stay)",
    "help_tb": "the full traceback of the last exception",
    "help_help": "this list",
    "who_none": "No tensors in the session.",
    "who_columns": "name|shape|dtype|requires_grad|grad_fn",
    "reset_done": "Session reset: every variable is gone.",
    "time_line": "Wall time: {seconds}",
    "run_missing": "no such file: {path}",
    "no_terminal": ("-i needs a terminal to continue in the interactive shell, but stdin is not one and "
                    "/dev/tty cannot be opened; run without -i for a transcript of the cells"),
    "not_tensor": "{expr} is not a tensor (it is {kind})",
    "this_tensor": "this tensor",
    "graph_leaf": "{name} is a leaf: {state}",
    "graph_no_grad": "{name} has no backward graph (requires_grad=False): operations on it are not recorded",
    "graph_dot_written": "Graphviz DOT written to {path}",
    "graph_png_written": "and the picture to {path}",
    "graph_saved_nothing": "saved nothing",
    "graph_saved": "saved",
    "graph_freed": "saved arrays freed by backward()",
    "graph_leaf_grad": "leaf, grad {grad}",
    "graph_leaf_nograd": "leaf, requires_grad=True, grad None",
    "graph_const": "constant (no grad)",
    "graph_accumulate": "adds the gradient into {name}.grad",
    "show_not_2d": "%show needs a 2-D tensor (or a 1x28x28-style image), got shape {shape}",
}

KO = {
    "banner": ("tinytorch REPL — Python {python}. `torch`는 tinytorch입니다{alias}.\n"
               "%help로 매직 명령(%graph, %explain, %show...)을 볼 수 있고, exit() 또는 Ctrl-D로 끝냅니다."),
    "alias_on": " (`import torch`도 tinytorch를 가져옵니다)",
    "alias_off": " (`import torch`는 바꾸지 않았습니다)",
    "interrupted": "KeyboardInterrupt",
    "no_traceback": "traceback이 없습니다: 마지막 셀에서 예외가 나지 않았습니다.",
    "unknown_magic": "UsageError: %{name}라는 매직은 없습니다. %help에 목록이 있습니다",
    "usage": "UsageError: {usage}",
    "help_header": "매직 명령 (한 줄에 하나, EXPR은 세션의 아무 Python 식):",
    "help_footer": ("셀: 빈 줄이 복합문을 끝냅니다. 마지막 식의 값이 출력되고, 오류는 `Type: message`로 "
                    "출력됩니다 (%tb 참고)."),
    "help_graph": "텐서의 역전파 그래프를 트리로: grad_fn 이름, 모양, 각 노드가 저장한 것",
    "help_explain": "gradient 뒤의 연쇄 법칙(chain rule)을 이 세션의 숫자로",
    "help_show": "2차원 텐서를 흑백 그림으로 (유니코드 반 블록)",
    "help_who": "세션의 텐서들: 모양, dtype, requires_grad",
    "help_time": "문장을 실행하고 걸린 시간을 출력",
    "help_reset": "세션의 모든 변수를 지웁니다 (torch는 남습니다)",
    "help_run": "Python 파일을 이 세션에서 실행 (변수가 남습니다)",
    "help_tb": "마지막 예외의 전체 traceback",
    "help_help": "이 목록",
    "who_none": "세션에 텐서가 없습니다.",
    "who_columns": "이름|모양|dtype|requires_grad|grad_fn",
    "reset_done": "세션을 초기화했습니다: 변수가 모두 지워졌습니다.",
    "time_line": "걸린 시간: {seconds}",
    "run_missing": "파일이 없습니다: {path}",
    "no_terminal": ("-i는 대화형 셸을 이어 가려면 터미널이 필요한데, stdin이 터미널이 아니고 /dev/tty도 열 수 "
                    "없습니다. 셀의 기록만 보려면 -i 없이 실행하세요"),
    "not_tensor": "{expr}은(는) 텐서가 아닙니다 ({kind})",
    "this_tensor": "이 텐서",
    "graph_leaf": "{name}은(는) 잎(leaf) 텐서입니다: {state}",
    "graph_no_grad": "{name}에는 역전파 그래프가 없습니다 (requires_grad=False): 연산이 기록되지 않습니다",
    "graph_dot_written": "Graphviz DOT 파일을 썼습니다: {path}",
    "graph_png_written": "그림도 썼습니다: {path}",
    "graph_saved_nothing": "저장한 것 없음",
    "graph_saved": "저장",
    "graph_freed": "backward()가 저장값을 해제함",
    "graph_leaf_grad": "잎, grad {grad}",
    "graph_leaf_nograd": "잎, requires_grad=True, grad 없음",
    "graph_const": "상수 (grad 없음)",
    "graph_accumulate": "gradient를 {name}.grad에 더합니다",
    "show_not_2d": "%show에는 2차원 텐서(또는 1x28x28 같은 이미지)가 필요합니다. 모양: {shape}",
}

TABLES = {"en": EN, "ko": KO}


def language(choice=None, environ=None):
    """``choice`` if given ("en"/"ko"), else "ko" under a Korean locale, else "en"."""
    if choice:
        if choice not in LANGUAGES:
            raise ValueError(f"unknown language {choice!r}: choose one of {', '.join(LANGUAGES)}")
        return choice
    environ = environ or {}
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def text(lang, key, **fields):
    """The message ``key`` in ``lang`` with ``fields`` filled in."""
    return TABLES[lang][key].format(**fields)


def register(en, ko):
    """Add a module's own messages (``{key: text}`` in each language) to the tables."""
    missing = set(en) ^ set(ko)
    if missing:
        raise KeyError(f"messages missing a translation: {sorted(missing)}")
    EN.update(en)
    KO.update(ko)
