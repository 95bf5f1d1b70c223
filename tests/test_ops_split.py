"""split, chunk, unbind and iteration: pieces against NumPy, views of the input, gradients by
finite differences, and PyTorch's error messages."""
import numpy as np
import pytest

import tinytorch as tt
from tinytorch.autograd import gradcheck

from conftest import leaf


def _np(pieces):
    return [p.detach().numpy() for p in pieces]


@pytest.mark.parametrize("size,dim,expected", [(2, 0, [2, 2, 1]), (5, 0, [5]), (9, 0, [5]), (1, 1, [1, 1, 1]),
                                               (2, -1, [2, 1])])
def test_split_int_sizes_and_values(size, dim, expected):
    x = tt.arange(15.).reshape(5, 3)
    pieces = x.split(size, dim)
    assert [p.shape[dim] for p in pieces] == expected
    bounds = np.cumsum(expected)[:-1]
    for got, want in zip(_np(pieces), np.split(x.numpy(), bounds, axis=dim)):
        np.testing.assert_array_equal(got, want)
    assert all(p.grad_fn is None for p in pieces)


def test_split_with_sizes_chunk_unbind_values():
    a = np.arange(24.).reshape(2, 3, 4)
    x = tt.tensor(a)
    for got, want in zip(_np(x.split([1, 0, 3], dim=2)), np.split(a, [1, 1], axis=2)):
        np.testing.assert_array_equal(got, want)
    assert [p.shape for p in tt.split(x, (2, 1), 1)] == [(2, 2, 4), (2, 1, 4)]
    assert [p.shape[2] for p in x.chunk(3, 2)] == [2, 2]          # at most 3: ceil(4 / 3) = 2 per piece
    assert [p.shape[0] for p in tt.chunk(tt.ones(5), 10)] == [1] * 5
    for i, piece in enumerate(x.unbind(1)):
        np.testing.assert_array_equal(piece.numpy(), a[:, i])
    for i, row in enumerate(x):
        np.testing.assert_array_equal(row.numpy(), a[i])
    assert [p.shape for p in tt.unbind(x, -1)] == [(2, 3)] * 4


def test_empty_dimensions():
    assert [p.shape for p in tt.zeros(0).split(0)] == [(0,)]
    assert [p.shape for p in tt.zeros(0).split(3)] == [(0,)]
    assert [p.shape for p in tt.zeros(0).chunk(2)] == [(0,), (0,)]
    assert tt.ones(0, 3).unbind(0) == ()


def test_pieces_are_views_of_the_input():
    x = tt.zeros(4, 3)
    top, bottom = x.chunk(2)
    bottom[0, 0] = 5.0
    assert x[2, 0].item() == 5.0
    row = x.unbind(1)[2]
    row.add_(1.0)
    assert x[:, 2].tolist() == [1.0] * 4
    assert x._version == row._version


def test_piece_repr_matches_pytorch():
    x = tt.arange(10.).requires_grad_()
    assert repr(x.split(4)[2]) == "tensor([8., 9.], grad_fn=<SplitBackward0>)"
    assert repr(x.split([3, 7])[0]) == "tensor([0., 1., 2.], grad_fn=<SplitWithSizesBackward0>)"
    assert repr(tt.arange(6.).reshape(2, 3).requires_grad_().unbind(1)[0]) == \
        "tensor([0., 3.], grad_fn=<UnbindBackward0>)"
    assert repr([r for r in tt.ones(2, 3, requires_grad=True)][0]) == \
        "tensor([1., 1., 1.], grad_fn=<UnbindBackward0>)"


def test_only_the_used_pieces_get_gradient():
    x = tt.arange(6.).reshape(2, 3).requires_grad_()
    a, b, _ = x.unbind(1)
    (a * 2 + b).sum().backward()
    assert x.grad.tolist() == [[2.0, 1.0, 0.0], [2.0, 1.0, 0.0]]


GRAD_CASES = {
    "split": lambda x: sum((p * (i + 1)).sum() for i, p in enumerate(x.split(2, 1))),
    "split_sizes": lambda x: x.split([1, 3, 1], 1)[1].exp().sum() + x.split([1, 3, 1], 1)[0].sum(),
    "chunk": lambda x: x.chunk(2)[0] * x.chunk(2)[1],
    "unbind": lambda x: x.unbind(1)[0] * x.unbind(1)[4] + x.unbind(0)[2].sum(),
    "iteration": lambda x: tt.stack([row * (i - 1.5) for i, row in enumerate(x)]),
    "non_contiguous": lambda x: tt.stack(x.t().unbind(0)[1:3]).sin(),
    "strided_chunks": lambda x: x[:, ::2].chunk(2, 1)[1].square(),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradcheck(name):
    assert gradcheck(GRAD_CASES[name], (leaf((4, 5), seed=3),))


@pytest.mark.parametrize("call,error,message", [
    (lambda x: x.split(-1), RuntimeError, "split expects split_size be non-negative, but got split_size=-1"),
    (lambda x: x.split(0), RuntimeError, "split_size can only be 0 if dimension size is 0, but got dimension size of 10"),
    (lambda x: x.split([3, 3]), RuntimeError, "split_with_sizes expects split_sizes to sum exactly to 10 (input "
                                              "tensor's size at dimension 0), but got split_sizes=[3, 3]"),
    (lambda x: x.split([11, -1]), RuntimeError, "split_with_sizes expects split_sizes have only non-negative "
                                                "entries, but got split_sizes=[11, -1]"),
    (lambda x: x.split(3.0), TypeError, "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of "
                                        "ints, not float"),
    (lambda x: x.chunk(0), RuntimeError, "chunk expects `chunks` to be greater than 0, got: 0"),
    (lambda x: x.chunk(2.0), TypeError, "chunk(): argument 'chunks' (position 1) must be int, not float"),
    (lambda x: x.unbind(1), IndexError, "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    (lambda x: x.split(2, 1), IndexError, "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    (lambda x: tt.ones(()).unbind(), IndexError, "Dimension specified as 0 but tensor has no dimensions"),
    (lambda x: tt.ones(()).split(1), RuntimeError, "split expects at least a 1-dimensional tensor"),
    (lambda x: tt.ones(()).chunk(1), RuntimeError, "chunk expects at least a 1-dimensional tensor"),
    (lambda x: iter(tt.ones(())), TypeError, "iteration over a 0-d tensor"),
    (lambda x: x.split([3, 3], -1), RuntimeError, "split_with_sizes expects split_sizes to sum exactly to 10 (input "
                                                  "tensor's size at dimension -1), but got split_sizes=[3, 3]"),
    (lambda x: tt.ones(()).unbind(1), IndexError, "Dimension out of range (expected to be in range of [-1, 0], but "
                                                  "got 1)"),
    (lambda x: tt.split_with_sizes(x, 5), TypeError, "split_with_sizes(): argument 'split_sizes' (position 2) must "
                                                     "be tuple of ints, not int"),
])
def test_errors_read_like_pytorch(call, error, message):
    with pytest.raises(error) as info:
        call(tt.arange(10.))
    assert str(info.value) == message


def test_keyword_names_are_pytorchs():
    x = tt.arange(10.)
    assert [p.shape[0] for p in x.split(split_size=4)] == [4, 4, 2]
    assert [p.shape[0] for p in tt.split(x, split_size_or_sections=[3, 7], dim=0)] == [3, 7]
    assert [p.shape[0] for p in tt.split_with_sizes(input=x, split_sizes=[5, 5])] == [5, 5]
    assert [p.shape[0] for p in tt.chunk(x, chunks=3, dim=0)] == [4, 4, 2]
    assert len(tt.unbind(x, dim=0)) == 10


MULTI_VIEW = ("is a view and is being modified inplace. This view is the output of a function that returns multiple "
              "views. Such functions do not allow the output views to be modified inplace. You should replace the "
              "inplace operation by an out-of-place one.")


@pytest.mark.parametrize("piece,name", [
    (lambda y: y.split([1, 3])[1], "Output 1 of SplitWithSizes"), (lambda y: y.chunk(2)[0], "Output 0 of Split"),
    (lambda y: y.unbind(0)[2], "Output 2 of Unbind"), (lambda y: next(iter(y.view(2, 2))), "Output 0 of Unbind"),
])
def test_pieces_cannot_be_modified_in_place_while_recording(piece, name):
    x = tt.ones(4, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        piece(x.clone()).mul_(2)
    assert str(info.value) == f"{name} {MULTI_VIEW}"
    with tt.no_grad():
        y = x.clone()
        piece(y).mul_(2)                 # without a graph it is an ordinary view
    assert y.sum().item() > 4
