"""``LBFGS`` with PyTorch's algorithm, defaults, state names and optional strong-Wolfe line search.

All parameters are treated as one flat vector (their gradients concatenated in order); the
vector arithmetic (inner products, axpy, scaling) runs in ``tinytorch.kernels.optim``, the scalar
control flow here.  Scalars that PyTorch keeps as 0-d tensors of the parameters' dtype (inner
products, ``ro``, ``H_diag``, ``al``) are rounded to that dtype, so float32 runs follow PyTorch's.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad, no_grad
from ..kernels import optim as ko
from .optimizer import Optimizer, flat


class LBFGS(Optimizer):
    """Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4 and 7.5).  ``step(closure)`` runs up to
    max_iter iterations: the two-loop recursion over the last history_size (s, y) pairs gives the
    direction d; then p += t d with t = lr (first iteration: min(1, 1 / sum|g|) lr), or the step of
    the strong-Wolfe line search (line_search_fn="strong_wolfe").  It stops early when max|g| <=
    tolerance_grad, the change of loss or of parameters is below tolerance_change, or after
    max_eval closure evaluations (default max_iter * 5 // 4).  One parameter group only.

    State (on the first parameter): 'func_evals', 'n_iter', 'd', 't', 'old_dirs', 'old_stps', 'ro',
    'H_diag', 'prev_flat_grad', 'prev_loss' and 'al' (flat vectors of all parameters' elements).
    """

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        super().__init__(params, dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                                      tolerance_change=tolerance_change, history_size=history_size,
                                      line_search_fn=line_search_fn))
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]
        dtypes = {p._data.dtype for p in self._params}
        if len(dtypes) != 1:
            raise TypeError(f"LBFGS needs parameters of one dtype, got {sorted(str(d) for d in dtypes)}")
        self._dtype = dtypes.pop()

    # ---- the flat vector of all parameters ----------------------------------------------------
    def _numel(self):
        return sum(p._data.size for p in self._params)

    def _gather_flat_grad(self):
        views = [np.zeros(p._data.size, self._dtype) if p.grad is None
                 else np.asarray(p.grad._data, self._dtype).reshape(-1) for p in self._params]
        return np.concatenate(views)

    def _add_grad(self, step_size, update):
        offset = 0
        for p in self._params:
            n = p._data.size
            ko.axpy_kernel(flat(p._data, "parameter"), float(step_size), update[offset:offset + n])
            p._vc[0] += 1
            offset += n

    def _clone_param(self):
        return [p._data.copy() for p in self._params]

    def _set_param(self, params_data):
        for p, data in zip(self._params, params_data, strict=True):
            p._data[...] = data
            p._vc[0] += 1

    def _directional_evaluate(self, closure, x, t, d):
        self._add_grad(t, d)
        loss = float(closure())
        flat_grad = self._gather_flat_grad()
        self._set_param(x)
        return loss, flat_grad

    def _round(self, value):
        """A scalar rounded to the parameters' dtype (PyTorch keeps it as a 0-d tensor of that dtype)."""
        return float(self._dtype.type(value))

    def _scalar(self, value):
        return Tensor._make(np.array(value, self._dtype))

    # ---- the step ------------------------------------------------------------------------------
    def step(self, closure):
        """Run up to max_iter L-BFGS iterations on ``closure`` (which recomputes the loss and the
        gradients); returns the loss of the first evaluation."""
        group = self.param_groups[0]
        lr = float(group["lr"])
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn, history_size = group["line_search_fn"], group["history_size"]

        def evaluate():
            with enable_grad():
                return closure()

        with no_grad():
            state = self.state.setdefault(self._params[0], {})
            state.setdefault("func_evals", 0)
            state.setdefault("n_iter", 0)
            orig_loss = evaluate()
            loss = float(orig_loss)
            current_evals = 1
            state["func_evals"] += 1
            flat_grad = self._gather_flat_grad()
            if ko.abs_max_kernel(flat_grad) <= tolerance_grad:
                return orig_loss

            d, t = _array(state.get("d")), state.get("t")
            old_dirs = [_array(v) for v in state.get("old_dirs", [])]
            old_stps = [_array(v) for v in state.get("old_stps", [])]
            ro = [float(v) for v in state.get("ro", [])]
            H_diag = state.get("H_diag")
            H_diag = None if H_diag is None else float(H_diag)
            prev_flat_grad = _array(state.get("prev_flat_grad"))
            prev_loss = state.get("prev_loss")
            for vec in [d, prev_flat_grad, *old_dirs, *old_stps]:
                if vec is not None and vec.size != flat_grad.size:
                    raise RuntimeError(f"LBFGS state holds a vector of {vec.size} elements, but the parameters "
                                       f"have {flat_grad.size}")
            al = state.get("al")

            n_iter = 0
            while n_iter < max_iter:
                n_iter += 1
                state["n_iter"] += 1
                if state["n_iter"] == 1:
                    d = np.empty_like(flat_grad)
                    ko.scale_kernel(d, flat_grad, -1.0)
                    old_dirs, old_stps, ro, H_diag = [], [], [], 1
                else:
                    y = np.empty_like(flat_grad)
                    ko.sub_kernel(y, flat_grad, prev_flat_grad)
                    s = np.empty_like(flat_grad)
                    ko.scale_kernel(s, d, float(t))
                    ys = self._round(ko.dot_kernel(y, s))
                    if ys > 1e-10:
                        if len(old_dirs) == history_size:
                            old_dirs.pop(0)
                            old_stps.pop(0)
                            ro.pop(0)
                        old_dirs.append(y)
                        old_stps.append(s)
                        ro.append(self._round(1.0 / ys))
                        H_diag = self._round(ys / self._round(ko.dot_kernel(y, y)))
                    if al is None:
                        al = [None] * history_size
                    q = np.empty_like(flat_grad)
                    ko.scale_kernel(q, flat_grad, -1.0)
                    for i in range(len(old_dirs) - 1, -1, -1):
                        al[i] = self._round(self._round(ko.dot_kernel(old_stps[i], q)) * ro[i])
                        ko.axpy_kernel(q, -al[i], old_dirs[i])
                    d = np.empty_like(flat_grad)
                    ko.scale_kernel(d, q, float(H_diag))
                    for i in range(len(old_dirs)):
                        be_i = self._round(self._round(ko.dot_kernel(old_dirs[i], d)) * ro[i])
                        ko.axpy_kernel(d, self._round(al[i] - be_i), old_stps[i])

                prev_flat_grad = flat_grad.copy()
                prev_loss = loss
                if state["n_iter"] == 1:
                    inverse = self._round(1.0 / self._round(ko.abs_sum_kernel(flat_grad)))
                    t = self._round(inverse * lr) if inverse < 1.0 else 1.0 * lr
                else:
                    t = lr
                gtd = self._round(ko.dot_kernel(flat_grad, d))
                if gtd > -tolerance_change:
                    break

                ls_func_evals = 0
                if line_search_fn is not None:
                    if line_search_fn != "strong_wolfe":
                        raise RuntimeError("only 'strong_wolfe' is supported")
                    x_init = self._clone_param()
                    loss, flat_grad, t, ls_func_evals = self._strong_wolfe(
                        lambda x, step, direction: self._directional_evaluate(evaluate, x, step, direction),
                        x_init, t, d, loss, flat_grad, gtd, tolerance_change=1e-9, max_ls=max_eval - current_evals)
                    self._add_grad(t, d)
                    opt_cond = ko.abs_max_kernel(flat_grad) <= tolerance_grad
                else:
                    self._add_grad(t, d)
                    opt_cond = False
                    if n_iter != max_iter:
                        loss = float(evaluate())
                        flat_grad = self._gather_flat_grad()
                        opt_cond = ko.abs_max_kernel(flat_grad) <= tolerance_grad
                        ls_func_evals = 1
                current_evals += ls_func_evals
                state["func_evals"] += ls_func_evals

                if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                    break
                if abs(float(t)) * ko.abs_max_kernel(d) <= tolerance_change:
                    break
                if abs(loss - prev_loss) < tolerance_change:
                    break

            state["d"] = _tensor(d)
            state["t"] = t
            state["old_dirs"] = [_tensor(v) for v in old_dirs]
            state["old_stps"] = [_tensor(v) for v in old_stps]
            state["ro"] = [self._scalar(v) for v in ro]
            state["H_diag"] = H_diag if isinstance(H_diag, int) else self._scalar(H_diag)
            state["prev_flat_grad"] = _tensor(prev_flat_grad)
            state["prev_loss"] = prev_loss
            if al is not None:
                state["al"] = [None if v is None else self._scalar(v) for v in al]
        return orig_loss

    def _strong_wolfe(self, obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
        """A step t satisfying the strong Wolfe conditions along d (bracketing, then zooming by cubic
        interpolation; Nocedal & Wright, Algorithms 3.5 and 3.6).  Returns (f, g, t, evaluations)."""
        d_norm = ko.abs_max_kernel(d)
        g = g.copy()
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals = 1
        gtd_new = self._round(ko.dot_kernel(g_new, d))
        t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
        done = False
        ls_iter = 0
        bracket_gtd = None
        while ls_iter < max_ls:
            if f_new > f + c1 * t * gtd or (ls_iter > 1 and f_new >= f_prev):
                bracket, bracket_f = [t_prev, t], [f_prev, f_new]
                bracket_g, bracket_gtd = [g_prev, g_new.copy()], [gtd_prev, gtd_new]
                break
            if abs(gtd_new) <= -c2 * gtd:
                bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
                done = True
                break
            if gtd_new >= 0:
                bracket, bracket_f = [t_prev, t], [f_prev, f_new]
                bracket_g, bracket_gtd = [g_prev, g_new.copy()], [gtd_prev, gtd_new]
                break
            min_step = t + 0.01 * (t - t_prev)
            max_step = t * 10
            tmp = t
            t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
            t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new.copy(), gtd_new
            f_new, g_new = obj_func(x, t, d)
            ls_func_evals += 1
            gtd_new = self._round(ko.dot_kernel(g_new, d))
            ls_iter += 1
        if ls_iter == max_ls:
            bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]

        insuf_progress = False
        low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
        while not done and ls_iter < max_ls:
            if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
                break
            t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
            eps = 0.1 * (max(bracket) - min(bracket))
            if min(max(bracket) - t, t - min(bracket)) < eps:
                if insuf_progress or t >= max(bracket) or t <= min(bracket):
                    t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
                    insuf_progress = False
                else:
                    insuf_progress = True
            else:
                insuf_progress = False
            f_new, g_new = obj_func(x, t, d)
            ls_func_evals += 1
            gtd_new = self._round(ko.dot_kernel(g_new, d))
            ls_iter += 1
            if f_new > f + c1 * t * gtd or f_new >= bracket_f[low_pos]:
                bracket[high_pos], bracket_f[high_pos] = t, f_new
                bracket_g[high_pos], bracket_gtd[high_pos] = g_new.copy(), gtd_new
                low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
            else:
                if abs(gtd_new) <= -c2 * gtd:
                    done = True
                elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                    bracket[high_pos], bracket_f[high_pos] = bracket[low_pos], bracket_f[low_pos]
                    bracket_g[high_pos], bracket_gtd[high_pos] = bracket_g[low_pos], bracket_gtd[low_pos]
                bracket[low_pos], bracket_f[low_pos] = t, f_new
                bracket_g[low_pos], bracket_gtd[low_pos] = g_new.copy(), gtd_new
        return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals

    def _restore(self, key, value, param):
        """Saved LBFGS state: flat vectors (and lists of them) are copied in the parameters' dtype."""
        if isinstance(value, list):
            return [self._restore(key, v, param) for v in value]
        if not isinstance(value, Tensor):
            return value
        return Tensor._make(np.array(value._data, dtype=self._dtype, copy=True))


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through (x1, f1, slope g1) and (x2, f2, slope g2), clamped to
    bounds (default: the interval); the midpoint when the cubic has no minimum."""
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square >= 0:
        d2 = d2_square ** 0.5
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def _array(value):
    return value._data if isinstance(value, Tensor) else value


def _tensor(array):
    return None if array is None else Tensor._make(array)
