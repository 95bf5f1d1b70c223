"""``parameters_to_vector`` (all parameters flattened into one 1-D tensor) and its inverse."""
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...ops.shape import cat


def parameters_to_vector(parameters):
    """One 1-D tensor of every parameter's elements, in order (differentiable)."""
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of the 1-D tensor ``vec`` into the parameters, in order."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    offset = 0
    with no_grad():
        for p in parameters:
            n = p.numel()
            p[...] = vec[offset:offset + n].reshape(p.shape)
            offset += n
