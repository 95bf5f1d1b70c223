"""``%explain EXPR``: the chain rule behind a gradient, with the session's own numbers.

* ``%explain x.grad`` (or ``%explain x`` for a leaf): the last backward pass that reached
  ``x`` (the recorder saw it) is taken apart.  The path from the pass's root down to ``x``
  is cut at the tensors the session has names for; each piece is one line
  ``name = definition    d upper/d lower = formula = number``, and the last line
  multiplies them.  A non-scalar root with a ``gradient`` argument is explained as the
  vector-Jacobian product ``x.grad = vᵀ·J``.
* ``%explain out`` for a scalar with a graph: what ``out.backward()`` would compute.
* ``%explain z`` for a non-scalar: why ``backward()`` needs a scalar (or a vector ``v``).
* a tensor without ``requires_grad``: why it has no gradient.
Formulas come from ``derivatives``; numbers from replaying the nodes' own ``backward``
(``graphmodel.replay``), so any graph of the library is explained, also where a piece's
derivative is a whole Jacobian (then its node formulas and the gradient's numbers are shown).
"""
import ast
import re

import numpy as np

from . import derivatives as dv
from . import graphmodel as gm
from . import i18n
from .magics import Reference, UsageError, code_form, expression_arg, magic, tensor_arg

i18n.register(
    {
        "ex_no_grad_yet": ("{c}.grad is None: no backward pass has reached {x} yet. Build a scalar from {x} "
                           "(a loss, like out = z.mean()) and call out.backward(); then ask again."),
        "ex_not_seen": ("{c}.grad was not computed by a backward pass this session recorded (it was set "
                        "directly, or before %reset), so there is no chain to show."),
        "ex_header": "{c}.grad = d {root}/d {s}: {call} in In [{cell}] applied the chain rule from {root} back to {x}:",
        "ex_header_vjp": ("{c}.grad = vᵀ·J: {call} in In [{cell}]. {root} is not a scalar (it has {n} elements), "
                          "so backward needs a vector v = {v}, one weight per element of {root}, and computes "
                          "the vector-Jacobian product vᵀ·J, where J = d {root}/d {s} is the {n}×{m} Jacobian. "
                          "Along the way:"),
        "ex_would": ("{X} is a scalar, so {c}.backward() can start from d {s}/d {s} = 1. "
                     "It would compute, by the chain rule:"),
        "ex_each": "for each element",
        "ex_jacobian_diag": "every step is element by element, so J is diagonal: J = {j}",
        "ex_vjp_result": "{x}.grad = vᵀ·J = {factor} · {v} =",
        "ex_result_tensor": "{x}.grad, element by element:",
        "ex_general": "this step mixes elements (a full Jacobian), so here are its nodes and the gradient numbers:",
        "ex_grad_at": "d {root}/d {name} =",
        "ex_accumulated": ("Note: {c}.grad is the sum of {n} backward passes ({cells}): gradients accumulate, "
                           "and the chain above is only the last one's share. Call {c}.grad.zero_() between "
                           "passes to start from zero."),
        "ex_no_path": "{root} does not depend on {x}: no path leads from {root} back to {x}.",
        "ex_freed": ("The saved values of {nodes} were freed by an earlier backward() the session did not "
                     "record; run the cells again to see the numbers."),
        "ex_not_tracked": ("{X} has requires_grad=False and no grad_fn: operations on it are not recorded, so "
                           "there is no gradient to explain. Call {c}.requires_grad_(True) to start recording "
                           "(as In [7] of the tutorial does), then compute with it."),
        "ex_nonscalar": ("{X} has {n} elements (shape {shape}), so {c}.backward() alone raises "
                         "`RuntimeError: grad can be implicitly created only for scalar outputs`.\n"
                         "Why: backward computes the derivative of ONE number with respect to every element of "
                         "the leaves. For {x} there is one derivative per element of {x} — a whole Jacobian "
                         "matrix J = d {s}/d leaf — and backward never builds that matrix; it only multiplies "
                         "a vector by it.\n"
                         "Two ways out:\n"
                         "  1. reduce {x} to a scalar first, e.g. out = {c}.mean() then out.backward(). This is what "
                         "training does: the loss is one number (the mean over the batch), and its gradient tells "
                         "how to change every parameter.\n"
                         "  2. pass a vector v of {x}'s shape: {c}.backward(v) computes vᵀ·J, the vector-Jacobian "
                         "product — the gradient of the scalar (v * {c}).sum()."),
        "ex_leaf_root": "{X} is a leaf: d {s}/d {s} = 1, so {c}.backward() would add 1 to {c}.grad.",
        "ex_changed": ("Values the graph saved for backward have changed since (updated in place, e.g. by "
                       "opt.step(), `w -= lr * w.grad` or y.add_(1)), so the numbers at {nodes} cannot be shown; "
                       "a .grad already computed still holds what its pass computed."),
    },
    {
        "ex_no_grad_yet": ("{c}.grad는 None입니다: 아직 {x}까지 역전파가 오지 않았습니다. {x}로 스칼라(예: "
                           "out = z.mean() 같은 손실)를 만들고 out.backward()를 호출한 뒤 다시 물어보세요."),
        "ex_not_seen": ("{c}.grad는 이 세션이 기록한 역전파로 계산된 것이 아닙니다 (직접 넣었거나 %reset 이전). "
                        "보여 줄 연쇄가 없습니다."),
        "ex_header": "{c}.grad = d {root}/d {s}: In [{cell}]의 {call}이(가) {root}에서 {x}까지 연쇄 법칙을 적용했습니다:",
        "ex_header_vjp": ("{c}.grad = vᵀ·J: In [{cell}]의 {call}. {root}은(는) 스칼라가 아니므로 (원소 {n}개) "
                          "backward에는 벡터 v = {v}가 필요합니다 ({root}의 원소마다 가중치 하나). backward는 "
                          "벡터-야코비안 곱 vᵀ·J를 계산합니다. J = d {root}/d {s}는 {n}×{m} 야코비안 행렬입니다. "
                          "단계별로:"),
        "ex_would": ("{X}은(는) 스칼라이므로 {c}.backward()는 d {s}/d {s} = 1에서 시작할 수 있습니다. "
                     "연쇄 법칙으로 다음을 계산하게 됩니다:"),
        "ex_changed": ("그래프가 역전파를 위해 저장한 값이 그 뒤에 제자리에서 바뀌었으므로 (예: opt.step(), "
                       "`w -= lr * w.grad`, y.add_(1)) {nodes}의 숫자는 보여 줄 수 없습니다. 이미 계산된 .grad에는 "
                       "그 역전파가 계산한 값이 그대로 있습니다."),
        "ex_each": "원소마다",
        "ex_jacobian_diag": "모든 단계가 원소별 연산이므로 J는 대각 행렬입니다: J = {j}",
        "ex_vjp_result": "{x}.grad = vᵀ·J = {factor} · {v} =",
        "ex_result_tensor": "{x}.grad (원소별):",
        "ex_general": "이 단계는 원소들을 섞습니다 (완전한 야코비안). 노드와 gradient 값은 다음과 같습니다:",
        "ex_grad_at": "d {root}/d {name} =",
        "ex_accumulated": ("참고: {c}.grad는 역전파 {n}번({cells})의 합입니다: gradient는 누적되므로 위의 연쇄는 "
                           "마지막 역전파의 몫일 뿐입니다. 매번 0부터 시작하려면 사이에 {c}.grad.zero_()를 호출하세요."),
        "ex_no_path": "{root}은(는) {x}에 의존하지 않습니다: {root}에서 {x}로 가는 경로가 없습니다.",
        "ex_freed": ("{nodes}의 저장값은 세션이 기록하지 못한 이전 backward()가 해제했습니다. 숫자를 보려면 "
                     "셀을 다시 실행하세요."),
        "ex_not_tracked": ("{X}는 requires_grad=False이고 grad_fn이 없습니다: 연산이 기록되지 않으므로 설명할 "
                           "gradient가 없습니다. {c}.requires_grad_(True)로 기록을 시작한 뒤 (튜토리얼의 In [7]처럼) "
                           "계산하세요."),
        "ex_nonscalar": ("{X}는 원소가 {n}개(모양 {shape})라서 {c}.backward()만 호출하면 "
                         "`RuntimeError: grad can be implicitly created only for scalar outputs`가 납니다.\n"
                         "이유: backward는 숫자 하나를 잎 텐서의 모든 원소로 미분합니다. {x}에는 원소마다 미분이 "
                         "하나씩 있어 야코비안 행렬 J = d {s}/d leaf 전체가 되는데, backward는 이 행렬을 만들지 "
                         "않고 벡터와 곱하기만 합니다.\n"
                         "해결 방법 두 가지:\n"
                         "  1. 먼저 {x}를 스칼라로 줄입니다. 예: out = {c}.mean() 후 out.backward(). 실제 학습이 "
                         "이렇게 합니다: 손실은 숫자 하나(배치 평균)이고, 그 gradient가 모든 매개변수를 어떻게 "
                         "바꿀지 알려 줍니다.\n"
                         "  2. {x}와 같은 모양의 벡터 v를 넘깁니다: {c}.backward(v)는 벡터-야코비안 곱 vᵀ·J, 즉 "
                         "스칼라 (v * {c}).sum()의 gradient를 계산합니다."),
        "ex_leaf_root": "{X}는 잎 텐서입니다: d {s}/d {s} = 1이므로 {c}.backward()는 {c}.grad에 1을 더합니다.",
    },
)

USAGE = "%explain EXPR"


def _tensor_text(array):
    import tinytorch

    return repr(tinytorch.from_numpy(np.ascontiguousarray(array)))


def _uniform(array):
    """The single value of an array whose elements are all equal, else None."""
    if array is None:
        return None
    array = np.asarray(array)
    if array.size and np.all(array == array.flat[0]):
        return float(array.flat[0])
    return None


def _number(value):
    """A local derivative's value: 1/4 as a fraction, others as short decimals."""
    exact = dv._exact(value)
    return dv.format_coefficient(exact)


def _one_call(expr):
    """True when ``expr`` is one call or a chain of them (``torch.f(...)``, ``x.f(...).sum()``)
    whose brackets enclose all the rest, so it needs no brackets of its own."""
    k = 0
    while k < len(expr):
        m = re.compile(r"[\w.]+\(").match(expr, k)
        if not m:
            return False
        depth, k = 0, m.end() - 1
        while k < len(expr):
            depth += {"(": 1, ")": -1}.get(expr[k], 0)
            k += 1
            if depth == 0:
                break
        if depth:
            return False
    return True


class Context:
    """Names, definitions and saved arrays of one session's graph."""

    def __init__(self, session):
        self.session = session
        self.named, self.leaves = gm.names(session)
        self.saved_of = session.recorder.saved_arrays

    def name(self, node):
        return gm.node_name(node, self.named, self.leaves)

    def operands(self, node, depth=0):
        """The inputs of ``node`` as ``Operand``s (names, expressions or constant values)."""
        rule = dv.rule(node)
        saved = self.saved_of(node) if rule is not None and rule.saved_inputs else ()
        ops = []
        for i, (child, _) in enumerate(node.next_functions):
            if child is None:
                value = _uniform(saved[i]) if i < len(saved) else None
                ops.append(dv.Operand(gm.format_number(value) if value is not None else "c", value))
            else:
                text = self.text(child, depth + 1)
                if i == 0 and child.name() == node.name() and text.startswith("(") and not self.name(child):
                    text = text[1:-1]
                ops.append(dv.Operand(text, None))
        return ops

    def text(self, node, depth=0):
        """How the tensor of ``node`` is written: its name, or an expression of its inputs."""
        name = self.name(node)
        if name:
            return name
        if gm.is_leaf_node(node) or depth > 12:
            return "…"
        expr = dv.expression(node, self.operands(node, depth))
        if expr is None:
            return f"<{node.name()}>"
        if len(expr) > 40:
            expr = expr[:38] + "…"
        return f"({expr})" if any(c in expr for c in " +-*/") and not _one_call(expr) else expr

    def definition(self, node):
        """``name = expression`` for a checkpoint: the user's own source text when known."""
        name = self.name(node)
        tensor = self.session.namespace.get(name) if name else None
        source = self.session.source_of(name, tensor) if name else None
        if source:
            return f"{name} = {source}"
        expr = dv.expression(node, self.operands(node))
        rhs = expr if expr is not None else node.name()
        if len(rhs) > 40:
            rhs = rhs[:38] + "…"
        return f"{name or '…'} = {rhs}"


def _accumulate_node(nodes, leaf):
    for node in nodes:
        if gm.is_leaf_node(node) and node.variable is leaf:
            return node
    return None


def _grad_target(session, expr):
    """The leaf whose ``.grad`` ``expr`` names (``x.grad`` -> x), else None."""
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return None, None
    if isinstance(tree.body, ast.Attribute) and tree.body.attr == "grad":
        inner = ast.get_source_segment(expr, tree.body.value)
        return session.evaluate(inner), inner
    return None, None


class Chain:
    """One explanation of d root/d leaf: the checkpoints and the numbers of each piece."""

    def __init__(self, ctx, root_node, root_grad, leaf_node):
        self.ctx = ctx
        self.root, self.leaf = root_node, leaf_node
        self.nodes = gm.reaching(root_node, leaf_node)
        self.full = gm.replay(root_node, root_grad, ctx.saved_of)
        order = [n for n in gm.topological(root_node) if n in self.nodes]
        self.checkpoints = [n for n in order if n is root_node or n is leaf_node or ctx.name(n)]
        self.linear = all(gm.dominates(a, b, leaf_node, self.nodes)
                          for a, b in zip(self.checkpoints, self.checkpoints[1:]))
        if not self.linear:
            self.checkpoints = [n for n in order]

    def piece(self, upper, lower):
        """(symbolic Term or None, numeric local derivative array or None) of d upper/d lower."""
        inside = gm.reaching(upper, lower) & self.nodes
        term = self._term(upper, lower, inside)
        seed_shape = self.full.shape(upper)
        if term is None or seed_shape is None:
            return term, None
        seed = np.ones(seed_shape, self.full.grads[upper].dtype)
        local = gm.replay(upper, seed, self.ctx.saved_of, stop={lower}, within=inside).grads.get(lower)
        return term, local

    def _term(self, upper, lower, inside):
        memo = {}

        def d(node):
            if node is lower:
                return dv.Term.number(1)
            if node in memo:
                return memo[node]
            rule = dv.rule(node)
            out_shape = self.full.shape(node)
            ops = self.ctx.operands(node)
            total = dv.Term()
            for i, (child, _) in enumerate(node.next_functions):
                if child is None or child not in inside:
                    continue
                if rule is None or (not rule.reduction and self.full.shape(child) != out_shape):
                    raise LookupError(node.name())
                part = dv.local(node, i, ops)
                if part is None:
                    raise LookupError(node.name())
                total = total + part * d(child)
            memo[node] = total
            return total

        try:
            return d(upper)
        except LookupError:
            return None

    def inner_nodes(self, upper, lower):
        """The nodes of the piece from ``upper`` down to (not including) ``lower``."""
        inside = gm.reaching(upper, lower) & self.nodes
        return [n for n in gm.topological(upper) if n in inside and n is not lower]

    def node_names(self, upper, lower):
        """``MulBackward0 ×10, AddBackward0``: the piece's node names, repeats counted."""
        names = [n.name() for n in self.inner_nodes(upper, lower)]
        out = []
        for name in names:
            if out and out[-1][0] == name:
                out[-1][1] += 1
            else:
                out.append([name, 1])
        return ", ".join(n if k == 1 else f"{n} ×{k}" for n, k in out)


def _lines(session, chain, root_name, leaf_name):
    """The chain's lines: one per piece, then the product; returns (lines, factors or None).

    ``factors`` are the pieces' local derivatives when every one is a single number, so the
    result is their product."""
    ctx = chain.ctx
    rows, factors, uniform = [], [], True
    for upper, lower in zip(chain.checkpoints, chain.checkpoints[1:]):
        up = ctx.name(upper) or (root_name if upper is chain.root else "…")
        low = ctx.name(lower) or (leaf_name if lower is chain.leaf else "…")
        rhs = ctx.definition(upper).split(" = ", 1)[1]
        definition = up if rhs == up else f"{up} = {rhs}"
        term, local = chain.piece(upper, lower) if chain.linear else (None, None)
        nodes = f"({chain.node_names(upper, lower)})" if chain.linear else f"({upper.name()})"
        if term is not None and local is not None:
            value = _uniform(local)
            deriv = f"d {up}/d {low} = {term}"
            if value is not None:
                constant = term.constant()
                if constant is None or abs(float(constant) - value) > 1e-6 * max(1, abs(value)):
                    deriv += f" = {_number(value)}"
                factors.append(value)
            else:
                deriv += " = " + _tensor_text(local).replace("\n", " ")
                uniform = False
            rows.append([definition, deriv, nodes])
        else:
            uniform = False
            rows.append([definition, "", nodes])
            rows.append(["", "    " + session.text("ex_general"), None])
            inner = chain.inner_nodes(upper, lower) if chain.linear else [upper]
            for node in inner:
                rows.append(["", f"      {node.name()}: {dv.formula(node)}", None])
            grad = chain.full.grads.get(lower)
            if grad is not None:
                text = session.text("ex_grad_at", root=root_name, name=low) + " "
                rows.append(["", "    " + text + _tensor_text(grad).replace("\n", "\n" + " " * (6 + len(text))), None])
    aligned = [r for r in rows if r[2] is not None]
    width = max((len(r[0]) for r in aligned), default=0)
    wide = max((len(r[1]) for r in aligned), default=0)
    lines = []
    for definition, deriv, nodes in rows:
        if nodes is None:
            lines.append(f"  {deriv}")
        else:
            lines.append(f"  {definition:<{width}}   {deriv:<{wide}}   {nodes}".rstrip())
    return lines, (factors if uniform else None)


def _missing(session, chain):
    """Lines saying which numbers could not be computed, and why."""
    lines = []
    if chain.full.freed:
        lines.append(session.text("ex_freed", nodes=", ".join(sorted({n.name() for n in chain.full.freed}))))
    changed = [node for node, message in chain.full.errors.items() if "modified by an inplace operation" in message]
    if changed:
        lines.append(session.text("ex_changed", nodes=", ".join(dict.fromkeys(n.name() for n in changed))))
    for node, message in chain.full.errors.items():
        if node not in changed:
            lines.append(f"{node.name()}: RuntimeError: {message}")
    return lines


def _contributing(session, leaf):
    """[(pass, leaf's AccumulateGrad node)] of the recorded successful passes that summed into
    ``leaf.grad``, oldest first: back to the last one that found ``leaf.grad`` None."""
    found = []
    for p in session.recorder.passes:
        node = _accumulate_node(p.nodes, leaf)
        if node is not None:
            if id(leaf) in p.fresh:
                found = []
            found.append((p, node))
    return found


def _root_reference(ctx, root):
    """(symbol, code) for the root of a backward pass: its session name, else its expression."""
    name = ctx.name(root.grad_fn)
    if name:
        return name, name
    text = ctx.text(root.grad_fn)
    if "…" in text or "<" in text:
        return "root", "root"
    if text.startswith("(") and text.endswith(")") and code_form(text[1:-1]) == text[1:-1]:
        text = text[1:-1]  # ((x * x).sum()) -> (x * x).sum()
    code = code_form(text)
    return code, code


def explain_grad(session, leaf, ref):
    ctx = Context(session)
    f = ref.fields()
    if leaf.grad is None:
        session.say("ex_no_grad_yet", **f)
        return
    found = _contributing(session, leaf)
    if not found:
        session.say("ex_not_seen", **f)
        return
    p, acc = found[-1]
    root = p.root
    if root.grad_fn is None:
        session.say("ex_leaf_root", **f)
        return
    root_name, root_code = _root_reference(ctx, root)
    names = {id(v): k for k, v in session.user_names().items()}
    vjp = p.gradient is not None
    v_name = names.get(id(p.gradient), "v")
    call = f"{root_code}.backward({v_name if vjp else ''})"
    if p.gradient is None:
        grad = np.ones(tuple(root.shape), root.detach().numpy().dtype)
    else:
        g = p.gradient
        grad = np.asarray(g.detach().numpy() if hasattr(g, "detach") else g, dtype=root.detach().numpy().dtype)
        grad = np.broadcast_to(grad, tuple(root.shape))
    chain = Chain(ctx, root.grad_fn, grad, acc)
    if vjp and root.numel() > 1:
        session.say("ex_header_vjp", root=root_name, call=call, cell=p.cell, n=root.numel(),
                    m=leaf.numel(), v=v_name, **f)
    else:
        session.say("ex_header", root=root_name, call=call, cell=p.cell, **f)
    lines, factors = _lines(session, chain, root_name, ref.code)
    print("\n".join(lines))
    result = chain.full.grads.get(acc)
    _conclude(session, ref.code, factors, result, grad if p.gradient is not None else None, v_name, root.numel())
    for line in _missing(session, chain):
        print(line)
    if result is None and chain.full.errors:
        text = f"  {ref.code}.grad = "
        print(text + _tensor_text(leaf.grad.detach().numpy()).replace("\n", "\n" + " " * len(text)))
    if len(found) > 1 and result is not None and not np.allclose(result, leaf.grad.detach().numpy()):
        cells = ", ".join(f"In [{q.cell}]" for q, _ in found)
        session.say("ex_accumulated", n=len(found), cells=cells, **f)


def _decimal(value):
    return f"{value:.6g}"


def _conclude(session, leaf_name, factors, result, gradient, v_name, root_numel):
    """The last line: the product of the pieces (times v), or the resulting gradient tensor.

    ``factors``: the pieces' numbers when each is one number, else None; ``gradient``: the
    array backward started from when the user passed one, else None."""
    if result is None:
        return
    value = _uniform(result)
    chain = " · ".join(_number(f) for f in factors) if factors else "1"
    product = float(np.prod(factors)) if factors is not None else None
    if factors is not None and gradient is None and value is not None:
        steps = f"{chain} = " if chain != _decimal(value) else ""
        print(f"  {leaf_name}.grad = {steps}{_decimal(value)} ({session.text('ex_each')})")
    elif factors is not None and root_numel == 1 and value is not None:
        v = _decimal(float(np.asarray(gradient).flat[0]))
        print(f"  {leaf_name}.grad = v · {chain} = {v} · {chain} = {_decimal(value)} ({session.text('ex_each')})")
    elif factors is not None and gradient is not None:
        print("  " + session.text("ex_jacobian_diag", j=f"{_number(product)}·I"))
        print("  " + session.text("ex_vjp_result", x=leaf_name, factor=_number(product), v=v_name) + " "
              + _tensor_text(result).replace("\n", "\n  "))
    else:
        print("  " + session.text("ex_result_tensor", x=leaf_name))
        print("  " + _tensor_text(result).replace("\n", "\n  "))


def explain_scalar(session, tensor, ref):
    ctx = Context(session)
    session.say("ex_would", **ref.fields())
    root = tensor.grad_fn
    grad = np.ones(tuple(tensor.shape), tensor.detach().numpy().dtype)
    leaves = [n for n in gm.topological(root) if gm.is_leaf_node(n)]
    for acc in leaves:
        leaf_name = ctx.name(acc) or "leaf"
        chain = Chain(ctx, root, grad, acc)
        print(f"{leaf_name}:")
        lines, factors = _lines(session, chain, ref.code, leaf_name)
        print("\n".join(lines))
        _conclude(session, leaf_name, factors, chain.full.grads.get(acc), None, None, 1)
        for line in _missing(session, chain):
            print(line)


@magic("explain", USAGE)
def explain(session, args):
    expr = expression_arg(args, "explain")
    leaf, leaf_text = _grad_target(session, expr)
    import tinytorch

    if leaf is not None or leaf_text is not None:
        ref = Reference(session, leaf_text)
        if not isinstance(leaf, tinytorch.Tensor):
            raise UsageError(session.text("not_tensor", expr=leaf_text, kind=type(leaf).__name__))
        if not leaf.requires_grad:
            session.say("ex_not_tracked", **ref.fields())
            return
        explain_grad(session, leaf, ref)
        return
    tensor = tensor_arg(session, expr)
    ref = Reference(session, expr)
    if tensor.grad_fn is None:
        if tensor.requires_grad:
            explain_grad(session, tensor, ref)
        else:
            session.say("ex_not_tracked", **ref.fields())
    elif tensor.numel() == 1:
        explain_scalar(session, tensor, ref)
    else:
        session.say("ex_nonscalar", n=tensor.numel(), shape=tuple(tensor.shape), **ref.fields())
