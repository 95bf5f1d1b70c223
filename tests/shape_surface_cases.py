"""The cases of ``tests/test_shape_surface.py``: each runs one shape or product op on small fixed
inputs, given the module under test (PyTorch in ``tools/record_shape_surface.py``, tinytorch in
the test) through a ``Maker``.  Values, dtypes, node names, the gradients of a fixed weighted sum
of the outputs, the chains of node names (how a composite is built), and errors are compared."""
import warnings

import numpy as np


class Maker:
    """Builds the fixed inputs of a case with ``torch`` (either module) and remembers the leaves
    that require grad."""

    def __init__(self, torch):
        self.torch = torch
        self.leaves = []

    def t(self, *shape, dtype="float64", grad=False, shift=0.0, positive=False):
        n = int(np.prod(shape))
        if dtype == "int64":
            data = (np.arange(n) - n // 2 + int(shift)).reshape(shape).tolist()
        else:
            values = np.sin(np.arange(n) * 0.7 + 0.3 + shift) * 2
            if positive:
                values = np.abs(values) + 0.5
            data = values.reshape(shape).tolist()
        x = self.torch.tensor(data, dtype=getattr(self.torch, dtype))
        if grad:
            x.requires_grad_()
            self.leaves.append(x)
        return x

    def g(self, *shape, dtype="float64", **kwargs):
        return self.t(*shape, dtype=dtype, grad=True, **kwargs)


def _cases():
    c = {}
    # narrow, roll, flip, rot90
    c["narrow"] = lambda m: m.g(3, 4).narrow(1, 1, 2)
    c["narrow_neg"] = lambda m: m.torch.narrow(m.g(3, 4), 0, -2, 2)
    c["narrow_tensor_start"] = lambda m: m.g(3, 4).narrow(1, m.torch.tensor(2), 2)
    c["narrow_too_long"] = lambda m: m.t(3, 4).narrow(1, 2, 3)
    c["narrow_bad_start"] = lambda m: m.t(3, 4).narrow(1, 5, 0)
    c["narrow_0d"] = lambda m: m.t(3).sum().narrow(0, 0, 1)
    c["roll_dim"] = lambda m: m.g(3, 4).roll(1, 0)
    c["roll_flat"] = lambda m: m.torch.roll(m.g(3, 4), -5)
    c["roll_multi"] = lambda m: m.g(2, 3, 4).roll((1, -2), (0, 2))
    c["roll_int"] = lambda m: m.t(2, 5, dtype="int64").roll(7, 1)
    c["roll_f32"] = lambda m: m.g(2, 5, dtype="float32").roll(2, -1)
    c["roll_mismatch"] = lambda m: m.t(3, 4).roll((1, 2), 0)
    c["roll_two_shifts_nodim"] = lambda m: m.t(3, 4).roll((1, 2))
    c["flip"] = lambda m: m.g(2, 3, 4).flip(0, 2)
    c["flip_list"] = lambda m: m.torch.flip(m.g(3, 4), [-1])
    c["flip_int"] = lambda m: m.t(3, 4, dtype="int64").flip(0)
    c["flip_repeat_dim"] = lambda m: m.t(3, 4).flip(0, -2)
    c["fliplr"] = lambda m: m.g(3, 4).fliplr()
    c["flipud"] = lambda m: m.torch.flipud(m.g(3, 4))
    c["fliplr_1d"] = lambda m: m.t(3).fliplr()
    c["rot90"] = lambda m: m.g(3, 4).rot90()
    c["rot90_k2"] = lambda m: m.torch.rot90(m.g(3, 4), 2)
    c["rot90_k3_dims"] = lambda m: m.g(2, 3, 4).rot90(3, (2, 0))
    c["rot90_kneg"] = lambda m: m.g(3, 4).rot90(-1, [0, 1])
    c["rot90_k0"] = lambda m: m.g(3, 4).rot90(0)
    c["rot90_same_dims"] = lambda m: m.t(3, 4).rot90(1, (0, 0))
    c["rot90_1d"] = lambda m: m.t(3).rot90()
    c["rot90_three_dims"] = lambda m: m.t(3, 4, 2).rot90(1, (0, 1, 2))
    # repeat, tile, repeat_interleave
    c["repeat"] = lambda m: m.g(2, 3).repeat(2, 1)
    c["repeat_more_dims"] = lambda m: m.g(2, 3).repeat(2, 1, 3)
    c["repeat_tuple"] = lambda m: m.g(3).repeat((2, 2))
    c["repeat_int"] = lambda m: m.t(2, 2, dtype="int64").repeat(1, 3)
    c["repeat_too_few"] = lambda m: m.t(2, 3).repeat(2)
    c["repeat_zero"] = lambda m: m.g(2, 3).repeat(0, 2)
    c["tile"] = lambda m: m.g(2, 3).tile((2,))
    c["tile_more"] = lambda m: m.torch.tile(m.g(2, 3), (2, 1, 2))
    c["tile_ones"] = lambda m: m.g(2, 3).tile((1, 1))
    c["repeat_interleave_dim"] = lambda m: m.g(2, 3).repeat_interleave(2, 0)
    c["repeat_interleave_flat"] = lambda m: m.torch.repeat_interleave(m.g(2, 3), 2)
    c["repeat_interleave_dim1"] = lambda m: m.g(2, 3).repeat_interleave(3, dim=1)
    c["repeat_interleave_tensor"] = lambda m: m.g(3, 2).repeat_interleave(m.torch.tensor([1, 2, 0]), 0)
    c["repeat_interleave_counts"] = lambda m: m.torch.repeat_interleave(m.torch.tensor([2, 0, 3]))
    c["repeat_interleave_bad_len"] = lambda m: m.t(3, 2).repeat_interleave(m.torch.tensor([1, 2]), 0)
    # movedim, swapaxes, broadcast, type_as
    c["movedim"] = lambda m: m.g(2, 3, 4).movedim(0, 2)
    c["movedim_multi"] = lambda m: m.torch.movedim(m.g(2, 3, 4), (0, 1), (2, 0))
    c["moveaxis"] = lambda m: m.torch.moveaxis(m.g(2, 3, 4), -1, 0)
    c["movedim_len"] = lambda m: m.t(2, 3, 4).movedim((0, 1), (2,))
    c["movedim_repeat"] = lambda m: m.t(2, 3, 4).movedim((0, 0), (1, 2))
    c["swapaxes"] = lambda m: m.g(2, 3, 4).swapaxes(0, 2)
    c["swapdims"] = lambda m: m.torch.swapdims(m.g(2, 3), 0, 1)
    c["broadcast_to"] = lambda m: m.g(3, 1).broadcast_to((2, 3, 4))
    c["broadcast_to_bad"] = lambda m: m.t(3, 2).broadcast_to((3, 4))
    c["broadcast_tensors"] = lambda m: m.torch.broadcast_tensors(m.g(3, 1), m.g(4), m.g(2, 1, 1))
    c["broadcast_tensors_bad"] = lambda m: m.torch.broadcast_tensors(m.t(3), m.t(4))
    c["type_as"] = lambda m: m.g(2, 3).type_as(m.t(2, dtype="float32"))
    c["type_as_same"] = lambda m: m.g(2, 3).type_as(m.t(2))
    c["type_as_int"] = lambda m: m.t(2, 3).type_as(m.t(2, dtype="int64"))
    # splits
    c["tensor_split_sections"] = lambda m: m.g(7, 2).tensor_split(3)
    c["tensor_split_indices"] = lambda m: m.torch.tensor_split(m.g(3, 6), [1, 4], dim=1)
    c["tensor_split_indices_wild"] = lambda m: m.g(6).tensor_split([4, 2, -1, 9])
    c["tensor_split_tensor"] = lambda m: m.g(6).tensor_split(m.torch.tensor([2, 3]))
    c["tensor_split_zero"] = lambda m: m.t(6).tensor_split(0)
    c["tensor_split_0d"] = lambda m: m.t(6).sum().tensor_split(2)
    c["hsplit"] = lambda m: m.g(2, 6).hsplit(3)
    c["hsplit_1d"] = lambda m: m.torch.hsplit(m.g(6), [2, 3])
    c["hsplit_bad"] = lambda m: m.t(2, 6).hsplit(4)
    c["vsplit"] = lambda m: m.g(4, 3).vsplit(2)
    c["vsplit_1d"] = lambda m: m.t(4).vsplit(2)
    c["dsplit"] = lambda m: m.torch.dsplit(m.g(2, 2, 4), 2)
    # stacking
    c["hstack"] = lambda m: m.torch.hstack([m.g(2, 3), m.g(2, 1)])
    c["hstack_1d"] = lambda m: m.torch.hstack((m.g(3), m.g(2)))
    c["hstack_0d"] = lambda m: m.torch.hstack((m.g(3).sum(), m.g(2)))
    c["vstack"] = lambda m: m.torch.vstack([m.g(3), m.g(2, 3)])
    c["row_stack"] = lambda m: m.torch.row_stack([m.g(3), m.g(3)])
    c["dstack"] = lambda m: m.torch.dstack([m.g(2, 3), m.g(2, 3, 2)])
    c["dstack_1d"] = lambda m: m.torch.dstack([m.g(3), m.g(3)])
    c["column_stack"] = lambda m: m.torch.column_stack([m.g(3), m.g(3, 2)])
    c["column_stack_0d"] = lambda m: m.torch.column_stack([m.g(1).sum(), m.g(1, 2)])
    c["vstack_mixed_dtype"] = lambda m: m.torch.vstack([m.t(3, dtype="int64"), m.t(3, dtype="float32")])
    c["hstack_empty"] = lambda m: m.torch.hstack([])
    c["hstack_not_list"] = lambda m: m.torch.hstack(m.t(3))
    c["atleast_1d"] = lambda m: m.torch.atleast_1d(m.g(3).sum())
    c["atleast_1d_many"] = lambda m: m.torch.atleast_1d(m.g(2), m.g(2).sum())
    c["atleast_2d"] = lambda m: m.torch.atleast_2d(m.g(3))
    c["atleast_2d_0d"] = lambda m: m.torch.atleast_2d(m.g(2).sum())
    c["atleast_2d_list"] = lambda m: m.torch.atleast_2d([m.g(2), m.g(2, 2, 2)])
    c["atleast_3d"] = lambda m: m.torch.atleast_3d(m.g(2, 3))
    c["atleast_3d_1d"] = lambda m: m.torch.atleast_3d(m.g(3))
    c["atleast_3d_0d"] = lambda m: m.torch.atleast_3d(m.g(3).sum())
    c["atleast_3d_4d"] = lambda m: m.torch.atleast_3d(m.g(1, 2, 1, 2))
    c["meshgrid_ij"] = lambda m: m.torch.meshgrid(m.g(3), m.g(2), indexing="ij")
    c["meshgrid_xy"] = lambda m: m.torch.meshgrid(m.g(3), m.g(2), m.g(4), indexing="xy")
    c["meshgrid_list"] = lambda m: m.torch.meshgrid([m.g(2), m.g(3).sum()], indexing="ij")
    c["meshgrid_bad_indexing"] = lambda m: m.torch.meshgrid(m.t(2), m.t(3), indexing="yx")
    c["meshgrid_int"] = lambda m: m.torch.meshgrid(m.t(2, dtype="int64"), m.t(3, dtype="int64"), indexing="xy")
    c["cartesian_prod"] = lambda m: m.torch.cartesian_prod(m.g(3), m.g(2))
    c["cartesian_prod_three"] = lambda m: m.torch.cartesian_prod(m.g(2), m.g(2), m.g(2))
    c["cartesian_prod_one"] = lambda m: m.torch.cartesian_prod(m.g(3))
    c["cartesian_prod_2d"] = lambda m: m.torch.cartesian_prod(m.t(3, 2), m.t(2))
    c["block_diag"] = lambda m: m.torch.block_diag(m.g(2, 3), m.g(2), m.g(1).sum(), m.g(1, 2))
    c["block_diag_int"] = lambda m: m.torch.block_diag(m.t(2, 2, dtype="int64"), m.t(1, 3, dtype="int64"))
    c["block_diag_mixed"] = lambda m: m.torch.block_diag(m.t(2, 2, dtype="int64"), m.g(1, 3, dtype="float32"))
    c["block_diag_3d"] = lambda m: m.torch.block_diag(m.t(2, 2), m.t(1, 2, 2))
    c["tril_indices"] = lambda m: m.torch.tril_indices(3, 3)
    c["tril_indices_rect"] = lambda m: m.torch.tril_indices(4, 3, -1)
    c["triu_indices"] = lambda m: m.torch.triu_indices(3, 4, 1)
    c["triu_indices_neg"] = lambda m: m.torch.triu_indices(3, 3, -1, dtype=m.torch.int32)
    c["tril_indices_bad"] = lambda m: m.torch.tril_indices(-1, 3)
    # diagonals
    c["diagonal"] = lambda m: m.g(3, 4).diagonal()
    c["diagonal_offset"] = lambda m: m.torch.diagonal(m.g(3, 4), 1)
    c["diagonal_neg"] = lambda m: m.g(3, 4).diagonal(-1)
    c["diagonal_dims"] = lambda m: m.g(2, 3, 4).diagonal(1, 0, 2)
    c["diagonal_dims_rev"] = lambda m: m.g(2, 3, 4).diagonal(0, -1, 1)
    c["diagonal_far"] = lambda m: m.g(3, 4).diagonal(5)
    c["diagonal_same"] = lambda m: m.t(3, 4).diagonal(0, 1, 1)
    c["diag_embed"] = lambda m: m.torch.diag_embed(m.g(2, 3))
    c["diag_embed_offset"] = lambda m: m.g(2, 3).diag_embed(1, 0, 2)
    c["diag_embed_neg"] = lambda m: m.g(3).diag_embed(-2)
    c["diag_vec"] = lambda m: m.torch.diag(m.g(3))
    c["diag_vec_offset"] = lambda m: m.torch.diag(m.g(3), -1)
    c["diag_mat"] = lambda m: m.torch.diag(m.g(3, 4))
    c["diag_mat_offset"] = lambda m: m.g(3, 4).diag(2)
    c["diag_int"] = lambda m: m.torch.diag(m.t(3, dtype="int64"))
    c["diag_3d"] = lambda m: m.torch.diag(m.t(2, 2, 2))
    c["diagflat"] = lambda m: m.torch.diagflat(m.g(2, 2))
    c["diagflat_1d"] = lambda m: m.g(3).diagflat(1)
    c["trace"] = lambda m: m.g(3, 4).trace()
    c["trace_int"] = lambda m: m.torch.trace(m.t(3, 3, dtype="int64"))
    c["trace_f32"] = lambda m: m.torch.trace(m.g(4, 3, dtype="float32"))
    c["trace_1d"] = lambda m: m.torch.trace(m.t(3))
    # outer, kron, cross, cdist
    c["outer"] = lambda m: m.torch.outer(m.g(3), m.g(4))
    c["ger"] = lambda m: m.g(2).ger(m.g(3))
    c["outer_int"] = lambda m: m.torch.outer(m.t(3, dtype="int64"), m.t(2, dtype="int64"))
    c["outer_2d"] = lambda m: m.torch.outer(m.t(3, 1), m.t(2))
    c["kron"] = lambda m: m.torch.kron(m.g(2, 3), m.g(2, 2))
    c["kron_mixed_dims"] = lambda m: m.torch.kron(m.g(2), m.g(2, 3))
    c["kron_int"] = lambda m: m.t(2, 2, dtype="int64").kron(m.t(2, dtype="int64"))
    c["cross_dim"] = lambda m: m.torch.cross(m.g(4, 3), m.g(4, 3), dim=1)
    c["cross_dim0"] = lambda m: m.g(3, 2).cross(m.g(3, 2, shift=1.0), dim=0)
    c["cross_broadcast"] = lambda m: m.torch.cross(m.g(2, 3), m.g(1, 3), dim=-1)
    c["cross_bad"] = lambda m: m.torch.cross(m.t(4, 2), m.t(4, 2), dim=1)
    c["cdist"] = lambda m: m.torch.cdist(m.g(3, 2), m.g(4, 2, shift=0.5))
    c["cdist_p1"] = lambda m: m.torch.cdist(m.g(3, 2), m.g(2, 2, shift=0.5), p=1)
    c["cdist_p3"] = lambda m: m.torch.cdist(m.g(2, 3, 2), m.g(2, 2, 2, shift=0.5), p=3)
    c["cdist_inf"] = lambda m: m.torch.cdist(m.g(3, 2), m.g(2, 2, shift=0.5), p=float("inf"))
    c["cdist_p0"] = lambda m: m.torch.cdist(m.g(3, 2), m.g(2, 2, shift=0.5), p=0)
    c["cdist_f32"] = lambda m: m.torch.cdist(m.g(3, 2, dtype="float32"), m.g(2, 2, dtype="float32", shift=0.5))
    c["cdist_cols"] = lambda m: m.torch.cdist(m.t(3, 2), m.t(2, 3))
    c["cdist_1d"] = lambda m: m.torch.cdist(m.t(3), m.t(2, 3))
    c["cdist_int"] = lambda m: m.torch.cdist(m.t(3, 2, dtype="int64"), m.t(2, 2, dtype="int64"))
    c["cdist_neg_p"] = lambda m: m.torch.cdist(m.t(3, 2), m.t(2, 2), p=-1)
    # tensordot, einsum
    c["tensordot_int"] = lambda m: m.torch.tensordot(m.g(2, 3, 4), m.g(3, 4, 2), dims=2)
    c["tensordot_lists"] = lambda m: m.torch.tensordot(m.g(2, 3, 4), m.g(4, 2, 3), dims=([1, 2], [2, 0]))
    c["tensordot_zero"] = lambda m: m.torch.tensordot(m.g(2), m.g(3), dims=0)
    c["tensordot_mismatch"] = lambda m: m.torch.tensordot(m.t(2, 3), m.t(2, 3), dims=([1], [0]))
    c["tensordot_ints_pair"] = lambda m: m.torch.tensordot(m.g(2, 3), m.g(3, 2), dims=([1], [0]))
    c["einsum_mm"] = lambda m: m.torch.einsum("ij,jk->ik", m.g(2, 3), m.g(3, 4))
    c["einsum_bmm"] = lambda m: m.torch.einsum("bij,bjk->bik", m.g(2, 2, 3), m.g(2, 3, 2))
    c["einsum_trace"] = lambda m: m.torch.einsum("ii", m.g(3, 3))
    c["einsum_diag"] = lambda m: m.torch.einsum("ii->i", m.g(3, 3))
    c["einsum_transpose"] = lambda m: m.torch.einsum("ij->ji", m.g(2, 3))
    c["einsum_outer"] = lambda m: m.torch.einsum("i,j->ij", m.g(3), m.g(2))
    c["einsum_dot"] = lambda m: m.torch.einsum("i,i->", m.g(3), m.g(3))
    c["einsum_sum"] = lambda m: m.torch.einsum("ij->", m.g(2, 3))
    c["einsum_rowsum"] = lambda m: m.torch.einsum("ij->i", m.g(2, 3))
    c["einsum_hadamard"] = lambda m: m.torch.einsum("ij,ij->ij", m.g(2, 3), m.g(2, 3))
    c["einsum_implicit_mm"] = lambda m: m.torch.einsum("ij,jk", m.g(2, 3), m.g(3, 2))
    c["einsum_implicit_order"] = lambda m: m.torch.einsum("ba", m.g(2, 3))
    c["einsum_mv"] = lambda m: m.torch.einsum("ij,j->i", m.g(2, 3), m.g(3))
    c["einsum_three"] = lambda m: m.torch.einsum("ij,jk,kl->il", m.g(2, 3), m.g(3, 2), m.g(2, 2))
    c["einsum_ellipsis"] = lambda m: m.torch.einsum("...ij,...jk->...ik", m.g(2, 2, 3), m.g(3, 2))
    c["einsum_ellipsis_transpose"] = lambda m: m.torch.einsum("i...->...i", m.g(2, 3, 4))
    c["einsum_bilinear"] = lambda m: m.torch.einsum("bn,anm,bm->ba", m.g(2, 3), m.g(4, 3, 2), m.g(2, 2))
    c["einsum_spaces"] = lambda m: m.torch.einsum("i j , j k -> i k", m.g(2, 3), m.g(3, 2))
    c["einsum_list"] = lambda m: m.torch.einsum("ij,jk->ik", [m.g(2, 3), m.g(3, 2)])
    c["einsum_upper"] = lambda m: m.torch.einsum("Ab,bA->A", m.g(2, 3), m.g(3, 2))
    c["einsum_batch_outer"] = lambda m: m.torch.einsum("bi,bj->bij", m.g(2, 3), m.g(2, 2))
    c["einsum_int"] = lambda m: m.torch.einsum("ij,jk->ik", m.t(2, 3, dtype="int64"), m.t(3, 2, dtype="int64"))
    c["einsum_f32"] = lambda m: m.torch.einsum("ij,kj->ik", m.g(2, 3, dtype="float32"), m.g(4, 3, dtype="float32"))
    c["einsum_too_many"] = lambda m: m.torch.einsum("ij->ji", m.t(2, 3), m.t(2, 3))
    c["einsum_too_few"] = lambda m: m.torch.einsum("ij,jk->ik", m.t(2, 3))
    c["einsum_ndim"] = lambda m: m.torch.einsum("ijk->i", m.t(2, 3))
    c["einsum_bad_char"] = lambda m: m.torch.einsum("i1->i", m.t(2, 3))
    c["einsum_out_twice"] = lambda m: m.torch.einsum("ij->ii", m.t(2, 3))
    c["einsum_out_unknown"] = lambda m: m.torch.einsum("ij->k", m.t(2, 3))
    c["einsum_size_mismatch"] = lambda m: m.torch.einsum("ij,jk->ik", m.t(2, 3), m.t(2, 2))
    c["einsum_repeat_mismatch"] = lambda m: m.torch.einsum("ii->i", m.t(2, 3))
    # addmm family
    c["addmm"] = lambda m: m.torch.addmm(m.g(2, 4), m.g(2, 3), m.g(3, 4))
    c["addmm_broadcast"] = lambda m: m.torch.addmm(m.g(4), m.g(2, 3), m.g(3, 4), beta=0.5, alpha=2)
    c["addmm_beta0"] = lambda m: m.g(1, 1).addmm(m.g(2, 3), m.g(3, 4), beta=0)
    c["addmm_int"] = lambda m: m.torch.addmm(m.t(2, 2, dtype="int64"), m.t(2, 3, dtype="int64"),
                                             m.t(3, 2, dtype="int64"), beta=2, alpha=3)
    c["addmm_f32"] = lambda m: m.torch.addmm(m.g(2, 1, dtype="float32"), m.g(2, 3, dtype="float32"),
                                             m.g(3, 4, dtype="float32"))
    c["addmm_bad_input"] = lambda m: m.torch.addmm(m.t(3), m.t(2, 3), m.t(3, 4))
    c["addmm_bad_shapes"] = lambda m: m.torch.addmm(m.t(2, 4), m.t(2, 3), m.t(2, 4))
    c["addmm_1d"] = lambda m: m.torch.addmm(m.t(2, 4), m.t(3), m.t(3, 4))
    c["addmm_dtype"] = lambda m: m.torch.addmm(m.t(2, 4), m.t(2, 3, dtype="float32"), m.t(3, 4))
    c["addmv"] = lambda m: m.torch.addmv(m.g(2), m.g(2, 3), m.g(3))
    c["addmv_broadcast"] = lambda m: m.g(1).addmv(m.g(2, 3), m.g(3), beta=-1, alpha=0.5)
    c["addmv_bad"] = lambda m: m.torch.addmv(m.t(2), m.t(2, 3), m.t(2))
    c["addr"] = lambda m: m.torch.addr(m.g(3, 2), m.g(3), m.g(2))
    c["addr_broadcast"] = lambda m: m.torch.addr(m.g(2), m.g(3), m.g(2), beta=2, alpha=-1)
    c["addr_int"] = lambda m: m.torch.addr(m.t(2, 2, dtype="int64"), m.t(2, dtype="int64"), m.t(2, dtype="int64"))
    c["addr_bad"] = lambda m: m.torch.addr(m.t(3, 2), m.t(3, 1), m.t(2))
    c["addbmm"] = lambda m: m.torch.addbmm(m.g(2, 4), m.g(3, 2, 3), m.g(3, 3, 4))
    c["addbmm_broadcast"] = lambda m: m.g(4).addbmm(m.g(2, 2, 3), m.g(2, 3, 4), beta=0.5, alpha=3)
    c["addbmm_bad"] = lambda m: m.torch.addbmm(m.t(2, 4), m.t(2, 2, 3), m.t(3, 3, 4))
    c["baddbmm"] = lambda m: m.torch.baddbmm(m.g(2, 2, 4), m.g(2, 2, 3), m.g(2, 3, 4))
    c["baddbmm_broadcast"] = lambda m: m.torch.baddbmm(m.g(1, 4), m.g(2, 2, 3), m.g(2, 3, 4), alpha=2, beta=0.25)
    c["baddbmm_bad"] = lambda m: m.torch.baddbmm(m.t(2, 2, 4), m.t(2, 2, 3), m.t(2, 2, 4))
    c["addcmul"] = lambda m: m.torch.addcmul(m.g(2, 3), m.g(2, 3), m.g(3))
    c["addcmul_value"] = lambda m: m.g(3).addcmul(m.g(2, 1), m.g(1, 3), value=-0.5)
    c["addcmul_int"] = lambda m: m.torch.addcmul(m.t(3, dtype="int64"), m.t(3, dtype="int64"), m.t(3, dtype="int64"),
                                                 value=2)
    c["addcmul_mixed"] = lambda m: m.torch.addcmul(m.t(3, dtype="int64"), m.t(3, dtype="float32"), m.t(3))
    c["addcmul_bad"] = lambda m: m.torch.addcmul(m.t(2, 3), m.t(2, 3), m.t(2))
    c["addcdiv"] = lambda m: m.torch.addcdiv(m.g(2, 3), m.g(2, 3), m.g(3, positive=True))
    c["addcdiv_value"] = lambda m: m.g(2, 1).addcdiv(m.g(3), m.g(2, 3, positive=True), value=2)
    c["addcdiv_int"] = lambda m: m.torch.addcdiv(m.t(3), m.t(3, dtype="int64"), m.t(3, dtype="int64"))
    c["addcdiv_f32"] = lambda m: m.torch.addcdiv(m.g(3, dtype="float32"), m.g(3, dtype="float32"),
                                                 m.g(3, dtype="float32", positive=True), value=0.1)
    # in-place shape ops and copy_
    c["t_"] = lambda m: (m.g(2, 3) * 1).t_()
    c["transpose_"] = lambda m: (m.g(2, 3, 4) * 1).transpose_(0, 2)
    c["unsqueeze_"] = lambda m: (m.g(2, 3) * 1).unsqueeze_(1)
    c["squeeze_all"] = lambda m: (m.g(1, 3, 1) * 1).squeeze_()
    c["squeeze_dim"] = lambda m: (m.g(1, 3, 1) * 1).squeeze_(-1)
    c["squeeze_dims"] = lambda m: (m.g(1, 3, 1) * 1).squeeze_((0, 2))
    c["t_leaf"] = lambda m: m.g(2, 3).t_()
    c["t_3d"] = lambda m: m.t(2, 3, 4).t_()
    c["transpose_bad"] = lambda m: m.t(2, 3).transpose_(0, 5)
    c["t_nograd"] = lambda m: m.t(2, 3).t_()
    c["copy_"] = lambda m: m.t(2, 3).copy_(m.g(3))
    c["copy_cast"] = lambda m: m.t(3, dtype="float32").copy_(m.g(3))
    c["copy_to_int"] = lambda m: m.t(3, dtype="int64").copy_(m.t(3))
    c["copy_onto_graph"] = lambda m: (m.g(2, 3) * 2).copy_(m.g(2, 1))
    c["copy_bad"] = lambda m: m.t(3).copy_(m.t(2))
    c["copy_bad_expand"] = lambda m: m.t(3).copy_(m.t(2, 3))
    c["copy_leaf"] = lambda m: m.g(3).copy_(m.t(3))
    # more dtypes, empty tensors, keywords, in-place through views
    c["flip_dims_kw"] = lambda m: m.g(2, 3).flip(dims=(1,))
    c["flip_f32"] = lambda m: m.torch.flip(m.g(2, 3, dtype="float32"), (0, 1))
    c["flip_none"] = lambda m: m.t(2, 3).flip()
    c["roll_empty"] = lambda m: m.t(2, 3)[:, :0].roll(1, 1)
    c["repeat_empty"] = lambda m: m.t(0).repeat(2, 3)
    c["repeat_f32"] = lambda m: m.g(2, dtype="float32").repeat(3)
    c["rot90_int"] = lambda m: m.t(2, 3, dtype="int64").rot90(1, (1, 0))
    c["narrow_int"] = lambda m: m.t(5, dtype="int64").narrow(0, 1, 3)
    c["movedim_out_of_range"] = lambda m: m.t(2, 3).movedim(2, 0)
    c["diagonal_int"] = lambda m: m.t(3, 3, dtype="int64").diagonal(-1)
    c["diagonal_f32"] = lambda m: m.g(2, 3, dtype="float32").diagonal()
    c["diag_embed_same_dims"] = lambda m: m.t(3).diag_embed(0, 0, 0)
    c["diag_embed_f32"] = lambda m: m.g(2, 2, dtype="float32").diag_embed(-1, 2, 0)
    c["trace_empty"] = lambda m: m.t(0, 3).trace()
    c["kron_f32"] = lambda m: m.torch.kron(m.g(2, dtype="float32"), m.g(3, dtype="float32"))
    c["cross_default_dim"] = lambda m: m.torch.cross(m.g(2, 3), m.g(2, 3, shift=1.0))
    c["cross_int"] = lambda m: m.torch.cross(m.t(3, dtype="int64"), m.t(3, dtype="int64", shift=2), dim=0)
    c["outer_f32"] = lambda m: m.torch.outer(m.g(2, dtype="float32"), m.g(2, dtype="float32"))
    c["cdist_batch_broadcast"] = lambda m: m.torch.cdist(m.g(2, 3, 2), m.g(2, 2, shift=0.5))
    c["tensordot_f32"] = lambda m: m.torch.tensordot(m.g(2, 3, dtype="float32"), m.g(3, 2, dtype="float32"), 1)
    c["tensordot_int"] = lambda m: m.torch.tensordot(m.t(2, 3, dtype="int64"), m.t(3, dtype="int64"), 1)
    c["einsum_ellipsis_sum"] = lambda m: m.torch.einsum("...i->...", m.g(2, 3, 2))
    c["einsum_broadcast_one"] = lambda m: m.torch.einsum("ij,ij->i", m.g(2, 3), m.g(1, 3))
    c["einsum_lonely_sum"] = lambda m: m.torch.einsum("ij,k->i", m.g(2, 3), m.g(4))
    c["einsum_diag_pair"] = lambda m: m.torch.einsum("iij,jk->ik", m.g(2, 2, 3), m.g(3, 2))
    c["addmm_inplace"] = lambda m: (m.g(2, 2) * 1).addmm_(m.g(2, 3), m.g(3, 2), alpha=0.5)
    c["addcmul_inplace"] = lambda m: (m.g(2, 3) * 1).addcmul_(m.g(3), m.g(2, 1), value=3)
    c["addcdiv_inplace_bad_shape"] = lambda m: m.t(3).addcdiv_(m.t(2, 3), m.t(3, positive=True))
    c["baddbmm_int"] = lambda m: m.torch.baddbmm(m.t(1, dtype="int64"), m.t(2, 1, 2, dtype="int64"),
                                                 m.t(2, 2, 2, dtype="int64"), alpha=2)
    c["addmv_f32"] = lambda m: m.torch.addmv(m.g(2, dtype="float32"), m.g(2, 2, dtype="float32"),
                                             m.g(2, dtype="float32"), beta=0)
    c["copy_through_view"] = lambda m: _copy_into_row(m)
    c["t_on_view"] = lambda m: (m.g(2, 3) * 1)[:, 1:].t_()
    c["unsqueeze_on_view_of_leaf"] = lambda m: m.g(2, 3)[0].unsqueeze_(0)
    c["squeeze_nothing"] = lambda m: (m.g(2, 3) * 1).squeeze_(0)
    c["copy_int_to_float"] = lambda m: m.t(2, 2).copy_(m.t(2, dtype="int64"))
    c["copy_not_tensor"] = lambda m: m.t(2).copy_([1.0, 2.0])
    c["block_diag_f32_grad"] = lambda m: m.torch.block_diag(m.g(2, 1, dtype="float32"), m.g(1, dtype="float32"))
    c["tensor_split_f32"] = lambda m: m.torch.tensor_split(m.g(5, dtype="float32"), 2)
    c["vstack_int"] = lambda m: m.torch.vstack((m.t(2, dtype="int64"), m.t(1, 2, dtype="int64")))
    c["meshgrid_default"] = lambda m: m.torch.meshgrid(m.g(2), m.g(3), indexing="ij")
    c["broadcast_tensors_int"] = lambda m: m.torch.broadcast_tensors(m.t(2, 1, dtype="int64"), m.t(3, dtype="int64"))
    c["einsum_attention"] = lambda m: m.torch.einsum("bhqd,bhkd->bhqk", m.g(1, 2, 3, 2), m.g(1, 2, 2, 2))
    c["einsum_full_contraction"] = lambda m: m.torch.einsum("ij,ij->", m.g(2, 3), m.g(2, 3))
    c["einsum_triple_outer"] = lambda m: m.torch.einsum("i,j,k->ijk", m.g(2), m.g(3), m.g(2))
    c["einsum_batch_transpose"] = lambda m: m.torch.einsum("bij->bji", m.g(2, 2, 3))
    c["einsum_trace_explicit"] = lambda m: m.torch.einsum("ii->", m.g(3, 3))
    c["einsum_ellipsis_both"] = lambda m: m.torch.einsum("...,...->...", m.g(2, 3), m.g(3))
    c["einsum_contract_middle"] = lambda m: m.torch.einsum("ijk,ikl->ijl", m.g(2, 3, 2), m.g(2, 2, 3))
    c["einsum_output_order"] = lambda m: m.torch.einsum("ij,jk->ki", m.g(2, 3), m.g(3, 4))
    c["flip_0d"] = lambda m: m.g(1).sum().flip(0)
    c["repeat_0d_no_sizes"] = lambda m: m.g(1).sum().repeat(())
    c["repeat_0d"] = lambda m: m.g(1).sum().repeat(2, 2)
    c["roll_0d"] = lambda m: m.g(1).sum().roll(1)
    c["tile_int_dims"] = lambda m: m.torch.tile(m.t(2, 3), 2)
    c["tile_method_ints"] = lambda m: m.g(2, 3).tile(2, 1, 1)
    c["swapaxes_"] = lambda m: (m.g(2, 3) * 1).swapaxes_(0, 1)
    c["swapdims_"] = lambda m: (m.g(2, 3, 1) * 1).swapdims_(2, 0)
    c["tensordot_dims_too_big"] = lambda m: m.torch.tensordot(m.t(2, 3), m.t(2, 3), 3)
    c["cdist_bad_mode"] = lambda m: m.torch.cdist(m.t(2, 3), m.t(2, 3), compute_mode="bad")
    c["cdist_mode"] = lambda m: m.torch.cdist(m.g(2, 3), m.g(2, 3, shift=1.0), compute_mode="donot_use_mm_for_euclid_dist")
    c["meshgrid_empty"] = lambda m: m.torch.meshgrid(indexing="ij")
    c["meshgrid_no_indexing"] = lambda m: m.torch.meshgrid(m.g(2), m.g(3))
    c["cartesian_prod_empty"] = lambda m: m.torch.cartesian_prod()
    c["trace_bool"] = lambda m: m.torch.trace(m.t(2, 2) > 0)
    c["kron_scalar"] = lambda m: m.torch.kron(m.g(2, 3), m.g(1).sum())
    c["narrow_neg_dim"] = lambda m: m.g(2, 3).narrow(-1, -1, 1)
    c["block_diag_int_float"] = lambda m: m.torch.block_diag(m.t(2, 2, dtype="int64"), m.g(2, 2))
    c["diag_embed_0d"] = lambda m: m.torch.diag_embed(m.g(1).sum())
    c["atleast_1d_none"] = lambda m: m.torch.atleast_1d()
    return c


def _copy_into_row(m):
    x = m.g(2, 3) * 1
    x[1].copy_(m.g(3, shift=2.0))
    return x


CASES = _cases()


def weights(torch, out):
    """The fixed weights of output ``out`` in the summed loss whose gradients are compared."""
    n = out.numel()
    return torch.tensor(np.cos(np.arange(n) * 0.3 + 1.0).tolist(), dtype=out.dtype).reshape(tuple(out.shape))


def chain(out):
    """The node names from ``out.grad_fn`` along first edges (at most 12): how an op is composed."""
    f, names = out.grad_fn, []
    while f is not None and len(names) < 12:
        names.append(type(f).__name__)
        f = next((n for n, _ in f.next_functions if n is not None), None)
    return names


def run(torch, name):
    """Case ``name`` on module ``torch``: a JSON-ready record (outputs, gradients, or the error)."""
    m = Maker(torch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = CASES[name](m)
        except Exception as e:   # the error is the recorded result
            return {"error": [type(e).__name__, str(e)]}
    outs = list(result) if isinstance(result, (tuple, list)) else [result]
    record = {"warnings": [f"{w.category.__name__}: {w.message}" for w in caught], "outputs": [{"value": o.tolist(), "dtype": str(o.dtype).split(".")[-1], "shape": list(o.shape),
                           "node": None if o.grad_fn is None else type(o.grad_fn).__name__, "chain": chain(o)}
                          for o in outs]}
    wanted = [o for o in outs if o.requires_grad and o.dtype.is_floating_point]
    if m.leaves and wanted:
        loss = sum((o * weights(torch, o)).sum() for o in wanted)
        grads = torch.autograd.grad(loss, m.leaves, allow_unused=True)
        record["grads"] = [None if g is None else g.tolist() for g in grads]
    return record
