"""``tinytorch.nn.utils.rnn``: variable-length batches for the recurrent layers.

A ``PackedSequence`` holds the steps of B sequences sorted by decreasing length, step-major:
``data`` (sum(lengths), *) has the ``batch_sizes[t]`` rows of step t (one per sequence still
running), ``batch_sizes`` (int64, one per step) is non-increasing; ``sorted_indices`` maps
packed position -> original batch index (None when the input was already sorted) and
``unsorted_indices`` is its inverse.
"""
import collections

import numpy as np

from ... import _creation, _dtype
from ..._tensor import Tensor
from ...autograd.node import Node


class PackedSequence(collections.namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices",
                                                                  "unsorted_indices"])):
    """(data, batch_sizes, sorted_indices, unsorted_indices); build it with ``pack_padded_sequence``
    or ``pack_sequence``.  ``unsorted_indices`` defaults to the inverse of ``sorted_indices``."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:   # PyTorch's legacy form PackedSequence((data, batch_sizes))
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def __repr__(self):
        return (f"PackedSequence(data={self.data!r}, batch_sizes={self.batch_sizes!r}, "
                f"sorted_indices={self.sorted_indices!r}, unsorted_indices={self.unsorted_indices!r})")

    def to(self, *args, **kwargs):
        """The same packing with ``data.to(...)`` (indices stay int64)."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cpu(self):
        return self

    def double(self):
        return self.to(dtype=_dtype.float64)

    def float(self):
        return self.to(dtype=_dtype.float32)

    @property
    def is_cuda(self):
        return False

    def is_pinned(self):
        return False


def invert_permutation(permutation):
    """The inverse permutation (None stays None)."""
    if permutation is None:
        return None
    p = permutation._data
    out = np.empty_like(p)
    out[p] = np.arange(p.shape[0], dtype=p.dtype)
    return Tensor._make(out)


def _lengths_list(lengths):
    if isinstance(lengths, Tensor):
        return [int(v) for v in lengths._data.reshape(-1).tolist()]
    return [int(v) for v in lengths]


class PackPaddedSequenceBackward0(Node):
    """data = the rows of a padded (T, B, *) input that lie within each sequence's length,
    step by step -> the gradient goes back to those rows (zero on the padding)."""

    def __init__(self, batch_sizes):
        self.batch_sizes = batch_sizes

    def forward(self, x):
        self.shape = x.shape
        return np.concatenate([x[t, :b] for t, b in enumerate(self.batch_sizes)], axis=0)

    def backward(self, g):
        out = np.zeros(self.shape, g.dtype)
        start = 0
        for t, b in enumerate(self.batch_sizes):
            out[t, :b] = g[start:start + b]
            start += b
        return (out,)

    def backward_graph(self, g):
        """The same placement written with recorded ops (differentiable again)."""
        return [_pad_steps(g, self.batch_sizes, self.shape[1], self.shape[0], 0.0)]


def _pad_steps(data, batch_sizes, batch, total, padding_value):
    """Packed ``data`` back to (total, batch, *) with ``padding_value`` outside the lengths
    (recorded slice copies, as PyTorch builds it)."""
    out = _creation.full((total, batch) + tuple(data.shape[1:]), padding_value, dtype=data.dtype)
    start = 0
    for t, b in enumerate(batch_sizes):
        out[t, :b] = data[start:start + b]
        start += b
    return out


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch: input (T, B, *) ((B, T, *) with ``batch_first``), lengths (B,)
    (a list or a 1-D int64 tensor).  With ``enforce_sorted`` the lengths must be decreasing;
    otherwise the batch is sorted first and the permutation kept in the result."""
    values = _lengths_list(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = sorted(range(len(values)), key=lambda i: -values[i])   # stable, as PyTorch's sort here
        sorted_indices = Tensor._make(np.array(order, np.int64))
        values = [values[i] for i in order]
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    steps, batch = input.shape[0], input.shape[1]
    if len(values) != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(values)} "
                           f"(batch_size={batch})")
    if values and values[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that "
                           "is <= 0")
    if any(values[i] < values[i + 1] for i in range(len(values) - 1)):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can "
                           "pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this "
                           "requirement if you do not need ONNX exportability.")
    if values and values[0] > steps:
        raise RuntimeError(f"a length ({values[0]}) exceeds the padded sequence length ({steps})")
    batch_sizes = [sum(1 for v in values if v > t) for t in range(values[0] if values else 0)]
    data = PackPaddedSequenceBackward0(batch_sizes).apply(input)
    return PackedSequence(data, Tensor._make(np.array(batch_sizes, np.int64)), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Unpack: (padded (T, B, *) ((B, T, *) with ``batch_first``), lengths int64 (B,)), in the
    original batch order; T = ``total_length`` or the longest length."""
    batch_sizes = [int(b) for b in sequence.batch_sizes._data.tolist()]
    longest = len(batch_sizes)
    if total_length is not None:
        if total_length < longest:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {longest}")
    else:
        total_length = longest
    batch = batch_sizes[0] if batch_sizes else 0
    padded = _pad_steps(sequence.data, batch_sizes, batch, total_length, padding_value)
    if batch_first:
        padded = padded.transpose(0, 1)
    lengths = np.array([sum(1 for b in batch_sizes if b > i) for i in range(batch)], np.int64)
    if sequence.unsorted_indices is not None:
        idx = sequence.unsorted_indices
        return padded.index_select(0 if batch_first else 1, idx), Tensor._make(lengths[idx._data])
    return padded, Tensor._make(lengths)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack tensors of shapes (L_i, *) into (max L, B, *) ((B, max L, *) with ``batch_first``),
    filling with ``padding_value`` after (``padding_side='right'``) or before ('left') each."""
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    longest = max(s.shape[0] for s in sequences)
    trailing = tuple(sequences[0].shape[1:])
    shape = (len(sequences), longest) + trailing if batch_first else (longest, len(sequences)) + trailing
    out = _creation.full(shape, padding_value, dtype=sequences[0].dtype)
    for i, s in enumerate(sequences):
        n = s.shape[0]
        rows = slice(0, n) if padding_side == "right" else slice(longest - n, longest)
        if batch_first:
            out[i, rows] = s
        else:
            out[rows, i] = s
    return out


def pack_sequence(sequences, enforce_sorted=True):
    """``pack_padded_sequence(pad_sequence(sequences), lengths)`` for a list of (L_i, *) tensors."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of (L_i, *) tensors of a padded batch (the inverse of ``pad_sequence``)."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [padded_sequences[i][Tensor._make(np.arange(n, dtype=np.int64))]
            for i, n in enumerate(_lengths_list(lengths))]


def unpack_sequence(packed_sequences):
    """The list of (L_i, *) tensors of a PackedSequence (the inverse of ``pack_sequence``)."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence",
           "pack_sequence", "unpad_sequence", "unpack_sequence"]
