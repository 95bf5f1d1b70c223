"""A finished graph is freed by reference counting alone: no leaf <-> AccumulateGrad cycle."""
import gc
import weakref

import tinytorch as torch
from tinytorch.autograd.node import accumulator_of


def test_graph_and_accumulator_die_without_the_cycle_collector():
    gc.disable()
    try:
        x = torch.ones(2, 2, requires_grad=True)
        out = (x * 3).sum()
        node = weakref.ref(out.grad_fn)
        acc = weakref.ref(accumulator_of(x))
        out.backward()
        del out
        assert node() is None
        assert acc() is None
        assert accumulator_of(x) is None
        assert x.grad.tolist() == [[3.0, 3.0], [3.0, 3.0]]
    finally:
        gc.enable()


def test_a_live_graph_shares_one_accumulator_per_leaf():
    x = torch.ones(3, requires_grad=True)
    a, b = x * 2, x + 1
    assert a.grad_fn.next_functions[0][0] is b.grad_fn.next_functions[0][0]
    (a.sum() + b.sum()).backward()
    assert x.grad.tolist() == [3.0, 3.0, 3.0]
