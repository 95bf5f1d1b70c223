"""The REPL's words in English and Korean.

``language(choice, environ)`` picks the language: an explicit ``--lang`` wins, else a Korean
locale in ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` selects Korean, else English.
``text(lang, key, **fields)`` formats one message; every key exists in both tables
(the tests check it).  Formulas and numbers are the same in both languages, so only
prose lives here.
"""
import re

LANGUAGES = ("en", "ko")

EN = {
    "banner": ("tinytorch REPL — Python {python}. {alias}.\n"
               "Type %help for the magics (%graph, %explain, %show...), exit() or Ctrl-D to quit."),
    "alias_on": "`torch` is tinytorch and `import torch` gives tinytorch",
    "alias_off": ("--no-torch-alias: `torch` is not bound and `import torch` imports whatever it would "
                  "without the REPL; `import tinytorch` for tinytorch"),
    "interrupted": "KeyboardInterrupt",
    "no_traceback": "No traceback: the last cell raised no exception.",
    "unknown_magic": "UsageError: unknown magic %{name}; the magics are {magics} (%help says what each does)",
    "unknown_cell_magic": "UsageError: unknown cell magic %%{name}; the cell magics are {magics}",
    "cell_is_line_magic": "Hint: %{name} is a line magic: write `%{name} ...` on one line",
    "line_is_cell_magic": "Hint: %%{name} is a cell magic: put `%%{name}` alone on the first line of the cell",
    "instead_pip": ("Hint: %{name} is IPython's; here install from a terminal with the Python that runs this REPL: "
                    "{python} -m pip {args} (or in a cell: !{python} -m pip {args})"),
    "instead_conda": "Hint: %{name} is IPython's; run `{name} {args}` in a terminal, then restart this REPL",
    "instead_cd": "Hint: %{name} is IPython's; use !{name} {args} for a shell command, or os.chdir(...) / os.getcwd()",
    "instead_env": "Hint: %env is IPython's; use os.environ (os.environ['NAME'] = 'value')",
    "instead_matplotlib": "Hint: %matplotlib is not needed here: call plt.show() to open a figure window",
    "instead_ext": ("Hint: %{name} is IPython's (extensions, autoreload); to reload a changed module use "
                    "importlib.reload(module)"),
    "instead_debug": "Hint: %{name} is IPython's; %tb prints the last traceback, import pdb; pdb.pm() debugs it",
    "instead_prun": "Hint: %prun is IPython's; %timeit STMT times a statement, import cProfile; cProfile.run('STMT') profiles it",
    "instead_load": "Hint: %load is IPython's; %run FILE runs a file in this session",
    "instead_lsmagic": "Hint: %help lists the magics",
    "instead_pinfo": "Hint: %{name} is IPython's; here write {args}? (signature and docstring)",
    "instead_pinfo2": "Hint: %{name} is IPython's; here write {args}?? (source)",
    "instead_paste": "Hint: %{name} is not needed here: paste into the prompt, a pasted block runs as one cell",
    "instead_rerun": "Hint: %{name} is IPython's; In[n] is the text of cell n: exec(In[n]) runs it again",
    "instead_save": "Hint: %save is IPython's; %history N-M prints cells to copy into a file",
    "hint_autocall": "Hint: IPython's autocall is not supported here: write {call}",
    "hint_cell_magic_first": "Hint: a cell magic (%%time, %%timeit) must be the first line of its cell",
    "hint_question": "Hint: ? must stand alone on its line with a name: obj? (docstring), obj?? (source), ?obj",
    "hint_bang": "Hint: !cmd runs a shell command at the start of a line (or as name = !cmd), not inside an expression",
    "hint_percent": "Hint: %magic goes at the start of a line (or as name = %magic ...), not inside an expression",
    "pinfo_not_found": "Object `{name}` not found.",
    "whos_empty": "Interactive namespace is empty.",
    "timeit_slowest": ("The slowest run took {ratio} times longer than the fastest. This could mean that an "
                       "intermediate result is being cached."),
    "cell_time_args": "%%time takes no arguments: the lines below it are timed",
    "help_pinfo": "docstring and signature of an object (%pinfo OBJ)",
    "help_pinfo2": "and its source (%pinfo2 OBJ)",
    "help_system": "run a shell command and print its output ({{expr}} and $name are filled in)",
    "help_sx": "a shell command's output lines as a list",
    "help_history": "the cells typed so far (-n: with their numbers, -o: with their values)",
    "help_whos": "the session's variables: type and value",
    "help_timeit": "time a statement over many loops: mean ± std. dev. of several runs",
    "help_cell_time": "(first line of a cell) run the cell and print how long it took",
    "help_cell_timeit": "(first line of a cell) time the cell as %timeit does; SETUP runs before each run",
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
    "cpu_line": "CPU times: user {user}, sys: {sys}, total: {total}",
    "run_missing": "no such file: {path}",
    "stdin_ignored": ("piped stdin is ignored: without -i only {path} runs "
                      "(add -i to run the piped cells after it, or pipe them without FILE)"),
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
    "banner": ("tinytorch REPL — Python {python}. {alias}.\n"
               "%help로 매직 명령(%graph, %explain, %show...)을 볼 수 있고, exit() 또는 Ctrl-D로 끝냅니다."),
    "alias_on": "`torch`는 tinytorch입니다 (`import torch`도 tinytorch를 가져옵니다)",
    "alias_off": ("--no-torch-alias: `torch`는 정의되어 있지 않고 `import torch`는 REPL 밖에서와 똑같이 "
                  "동작합니다. tinytorch는 `import tinytorch`로 가져오세요"),
    "interrupted": "KeyboardInterrupt",
    "no_traceback": "traceback이 없습니다: 마지막 셀에서 예외가 나지 않았습니다.",
    "unknown_magic": "UsageError: %{name}라는 매직은 없습니다. 있는 매직: {magics} (%help에 설명이 있습니다)",
    "unknown_cell_magic": "UsageError: %%{name}라는 셀 매직은 없습니다. 있는 셀 매직: {magics}",
    "cell_is_line_magic": "힌트: %{name}는 줄 매직입니다: 한 줄에 `%{name} ...`로 쓰세요",
    "line_is_cell_magic": "힌트: %%{name}는 셀 매직입니다: 셀의 첫 줄에 `%%{name}`만 쓰세요",
    "instead_pip": ("힌트: %{name}는 IPython의 매직입니다. 이 REPL을 실행하는 Python으로 터미널에서 설치하세요: "
                    "{python} -m pip {args} (셀에서는 !{python} -m pip {args})"),
    "instead_conda": "힌트: %{name}는 IPython의 매직입니다. 터미널에서 `{name} {args}`를 실행하고 이 REPL을 다시 시작하세요",
    "instead_cd": "힌트: %{name}는 IPython의 매직입니다. 셸 명령은 !{name} {args}, 또는 os.chdir(...) / os.getcwd()를 쓰세요",
    "instead_env": "힌트: %env는 IPython의 매직입니다. os.environ을 쓰세요 (os.environ['NAME'] = 'value')",
    "instead_matplotlib": "힌트: 여기서는 %matplotlib가 필요 없습니다. plt.show()를 호출하면 그림 창이 열립니다",
    "instead_ext": ("힌트: %{name}는 IPython의 매직입니다 (확장, autoreload). 바뀐 모듈을 다시 읽으려면 "
                    "importlib.reload(module)을 쓰세요"),
    "instead_debug": "힌트: %{name}는 IPython의 매직입니다. %tb는 마지막 traceback을, import pdb; pdb.pm()은 디버깅을 합니다",
    "instead_prun": ("힌트: %prun은 IPython의 매직입니다. %timeit STMT로 시간을 재고, "
                     "import cProfile; cProfile.run('STMT')로 프로파일하세요"),
    "instead_load": "힌트: %load는 IPython의 매직입니다. %run FILE은 파일을 이 세션에서 실행합니다",
    "instead_lsmagic": "힌트: %help에 매직 목록이 있습니다",
    "instead_pinfo": "힌트: %{name}는 IPython의 매직입니다. 여기서는 {args}? 라고 쓰세요 (signature와 docstring)",
    "instead_pinfo2": "힌트: %{name}는 IPython의 매직입니다. 여기서는 {args}?? 라고 쓰세요 (소스 코드)",
    "instead_paste": "힌트: 여기서는 %{name}가 필요 없습니다. 프롬프트에 붙여 넣으면 붙여 넣은 블록이 한 셀로 실행됩니다",
    "instead_rerun": "힌트: %{name}는 IPython의 매직입니다. In[n]은 n번 셀의 글입니다: exec(In[n])으로 다시 실행하세요",
    "instead_save": "힌트: %save는 IPython의 매직입니다. %history N-M이 파일에 옮길 셀들을 출력합니다",
    "hint_autocall": "힌트: IPython의 autocall은 여기서 지원하지 않습니다: {call}라고 쓰세요",
    "hint_cell_magic_first": "힌트: 셀 매직(%%time, %%timeit)은 셀의 첫 줄이어야 합니다",
    "hint_question": "힌트: ?는 이름과 함께 한 줄에 혼자 써야 합니다: obj? (docstring), obj?? (소스), ?obj",
    "hint_bang": "힌트: !cmd는 줄의 맨 앞에서 (또는 name = !cmd로) 셸 명령을 실행합니다. 식 안에는 쓸 수 없습니다",
    "hint_percent": "힌트: %magic은 줄의 맨 앞에 (또는 name = %magic ...으로) 씁니다. 식 안에는 쓸 수 없습니다",
    "pinfo_not_found": "Object `{name}` not found.",
    "whos_empty": "Interactive namespace is empty.",
    "timeit_slowest": ("The slowest run took {ratio} times longer than the fastest. This could mean that an "
                       "intermediate result is being cached."),
    "cell_time_args": "%%time에는 인자가 없습니다: 아래 줄들의 시간을 잽니다",
    "help_pinfo": "객체의 docstring과 signature (%pinfo OBJ)",
    "help_pinfo2": "그리고 소스 코드 (%pinfo2 OBJ)",
    "help_system": "셸 명령을 실행하고 출력을 보여 줍니다 ({{expr}}와 $name이 값으로 바뀝니다)",
    "help_sx": "셸 명령의 출력 줄들을 리스트로",
    "help_history": "지금까지 입력한 셀들 (-n: 번호와 함께, -o: 값과 함께)",
    "help_whos": "세션의 변수들: 타입과 값",
    "help_timeit": "문장을 여러 번 반복해 시간을 잽니다: 여러 번 실행한 평균 ± 표준편차",
    "help_cell_time": "(셀의 첫 줄) 셀을 실행하고 걸린 시간을 출력",
    "help_cell_timeit": "(셀의 첫 줄) %timeit처럼 셀의 시간을 잽니다. SETUP은 매 실행 전에 실행됩니다",
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
    "cpu_line": "CPU 시간: 사용자 {user}, 시스템: {sys}, 합계: {total}",
    "run_missing": "파일이 없습니다: {path}",
    "stdin_ignored": ("파이프로 들어온 stdin은 무시합니다: -i가 없으면 {path}만 실행합니다 "
                      "(파이프의 셀도 이어서 실행하려면 -i를 붙이거나, FILE 없이 파이프로 넘기세요)"),
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
    """The message ``key`` in ``lang`` with ``fields`` filled in (Korean particles chosen for
    the words filled in: ``x는``, ``backward()가``, ``n을``)."""
    message = TABLES[lang][key].format(**fields)
    return particles(message) if lang == "ko" else message


#: A Korean particle pair as the messages write it -> (after a final consonant, after a vowel).
_PARTICLES = {"은(는)": ("은", "는"), "이(가)": ("이", "가"), "을(를)": ("을", "를"), "과(와)": ("과", "와"),
              "(으)로": ("으로", "로")}
_PARTICLE = re.compile("|".join(re.escape(p) for p in _PARTICLES))
#: How the end of a Latin word or a digit is read: a lone letter by its name (x 엑스, n 엔, l 엘),
#: a longer word as a word (tensor 텐서, sum 섬, model 모델), a digit by its number (1 일, 2 이).
_LETTER_NAMES = {"consonant": set("mnMN"), "rieul": set("lrLR")}
_WORD_ENDINGS = {"consonant": set("mnMN"), "rieul": set("lL")}
_DIGITS = {"consonant": set("036"), "rieul": set("178")}
_SKIPPED = set(")]}'\"`>*_ ")


def _final_sound(before):
    """"consonant", "rieul" or "vowel": how the word just before a particle ends when read aloud."""
    i = len(before) - 1
    while i >= 0 and before[i] in _SKIPPED:
        i -= 1
        if i >= 1 and before[i] == "(" and before[i + 1] == ")":   # call parentheses: f()
            i -= 1
    if i < 0:
        return "vowel"
    char = before[i]
    if "\uac00" <= char <= "\ud7a3":
        final = (ord(char) - 0xAC00) % 28
        return "vowel" if final == 0 else "rieul" if final == 8 else "consonant"
    if char.isdigit():
        table = _DIGITS
    elif char.isascii() and char.isalpha():
        lone = i == 0 or not (before[i - 1].isascii() and before[i - 1].isalpha())
        table = _LETTER_NAMES if lone else _WORD_ENDINGS
    else:
        return "vowel"
    return next((sound for sound, chars in table.items() if char in chars), "vowel")


def particles(message):
    """``message`` with each particle pair (``은(는)`` ...) replaced by the one its word takes."""
    def choose(match):
        pair = match.group(0)
        sound = _final_sound(message[:match.start()])
        after_consonant, after_vowel = _PARTICLES[pair]
        if pair == "(으)로":
            return after_consonant if sound == "consonant" else after_vowel
        return after_vowel if sound == "vowel" else after_consonant
    return _PARTICLE.sub(choose, message)


def register(en, ko):
    """Add a module's own messages (``{key: text}`` in each language) to the tables."""
    missing = set(en) ^ set(ko)
    if missing:
        raise KeyError(f"messages missing a translation: {sorted(missing)}")
    EN.update(en)
    KO.update(ko)
