"""Finite-difference checks of a function's analytical gradients (float64 inputs).

``gradcheck``: for every input element x_j, the numerical derivative
(f(x + eps) - f(x - eps)) / (2 eps) of every output element is compared with the row of the
vector-Jacobian products that backward computes.  ``gradgradcheck``: the same check applied
to the function (inputs, v) -> the vector-Jacobian products v^T J, computed with
``create_graph=True``, so the derivatives of the backward formulas are checked too.
"""
import numpy as np

from ..kernels import elementwise as ew
from .api import grad


class GradcheckError(RuntimeError):
    pass


def _outputs(func, inputs):
    out = func(*inputs)
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _numerical(func, inputs, k, eps):
    """Numerical Jacobian of every output w.r.t. input k: list of arrays (out.size, in.size)."""
    x = inputs[k]._data
    flat = x.reshape(-1) if x.flags.c_contiguous else None
    if flat is None:
        raise GradcheckError("gradcheck needs contiguous inputs (perturbation writes into them)")
    cols = []
    for j in range(flat.size):   # (grad mode stays as it is: a function may itself differentiate)
        orig = flat[j]
        flat[j] = orig + eps
        plus = [o._data.astype(np.float64).reshape(-1) for o in _outputs(func, inputs)]
        flat[j] = orig - eps
        minus = [o._data.astype(np.float64).reshape(-1) for o in _outputs(func, inputs)]
        flat[j] = orig
        cols.append([ew.binary(ew.DIV, ew.binary(ew.SUB, p, m, np.float64), np.array(2 * eps), np.float64)
                     for p, m in zip(plus, minus)])
    n_out = len(cols[0]) if cols else 0
    return [np.stack([c[i] for c in cols], axis=1) if cols else None for i in range(n_out)]


def gradcheck(func, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """True if ``func``'s backward matches finite differences for every input that requires grad.

    inputs: a tensor or a tuple of tensors; those with ``requires_grad`` are checked and
    should be float64 (float32 differences are too coarse).
    """
    from .._tensor import Tensor

    inputs = tuple(inputs) if isinstance(inputs, (list, tuple)) else (inputs,)
    diff_idx = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    for i in diff_idx:
        if inputs[i]._data.dtype != np.float64:
            import warnings
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point. "
                          "The check is likely to fail.")
    outputs = _outputs(func, inputs)
    for k in diff_idx:
        numerical = _numerical(func, inputs, k, eps)
        for o_idx, out in enumerate(outputs):
            if not out.requires_grad:
                continue
            n_out = out._data.size
            analytical = np.zeros((n_out, inputs[k]._data.size))
            for r in range(n_out):
                seed = np.zeros(n_out, out._data.dtype)
                seed[r] = 1
                g = grad(out, inputs[k], grad_outputs=Tensor._make(seed.reshape(out._data.shape)),
                         retain_graph=True, allow_unused=True)[0]
                if g is not None:
                    analytical[r] = g._data.reshape(-1)
            num = numerical[o_idx]
            if not np.allclose(analytical, num, rtol=rtol, atol=atol):
                if raise_exception:
                    raise GradcheckError(
                        f"Jacobian mismatch for output {o_idx} with respect to input {k},\n"
                        f"numerical:{num}\nanalytical:{analytical}\n")
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """True if the second derivatives of ``func`` match finite differences of its first ones.

    grad_outputs: the vectors v of v^T J (one per output; random float64 ones when None,
    from a fixed seed); they are inputs of the checked function too, so the derivative of
    the backward formulas with respect to the incoming gradient is checked as well.
    """
    from .._tensor import Tensor

    inputs = tuple(inputs) if isinstance(inputs, (list, tuple)) else (inputs,)
    outputs = _outputs(func, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = [Tensor._make(rng.standard_normal(o._data.shape)) for o in outputs if o.requires_grad]
        for v in grad_outputs:
            v.requires_grad_(True)
    grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (list, tuple)) else (grad_outputs,)
    n = len(inputs)
    diff_idx = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]

    def vector_jacobian_products(*args):
        ins, vs = args[:n], args[n:]
        outs = [o for o in _outputs(func, ins) if o.requires_grad]
        grads = grad(outs, [ins[i] for i in diff_idx], list(vs), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(vector_jacobian_products, inputs + grad_outputs, eps, atol, rtol, raise_exception)
