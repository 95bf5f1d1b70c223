"""The programs of the convolution / pooling / upsampling / normalisation differential test, written
once for both libraries: ``cases(torch)`` returns {name: thunk}, each thunk returning a JSON-able
description of what the library did (values, grad_fn name, input gradients, warnings; or the
exception; or a module's repr).

``tools/record_convpool.py`` runs them on PyTorch 2.13 and writes ``tests/data/convpool_pytorch.json``;
``tests/test_nn_convpool.py`` runs them on tinytorch and compares."""
from differential_values import describe
from nn_surface_cases import _error, _repr, _run


def cases(torch):
    F, nn = torch.nn.functional, torch.nn
    out = {}

    def randn(*shape, dtype="float64", grad=True, seed=0):
        torch.manual_seed(seed)
        return torch.randn(*shape, dtype=getattr(torch, dtype)).requires_grad_(grad)

    def case(name, fn, *make):
        out[name] = lambda: _run(torch, fn, *[m() for m in make])

    def error(name, fn):
        out[name] = lambda: _error(fn)

    def module(name, make, *shape, train=True, dtype="float32"):
        """A module built under seed 0 (its parameters and repr) applied to a seed-1 input."""
        def run():
            torch.manual_seed(0)
            m = make()
            m.train(train)
            x = randn(*shape, dtype=dtype, seed=1)
            result = _run(torch, m, x)
            result["repr"] = str(m)
            result["params"] = {k: v.tolist() for k, v in m.state_dict().items() if v.is_floating_point()}
            return result
        out[name] = run

    def reprs(name, make):
        out[name] = lambda: _repr(make)

    # ---- convolutions -------------------------------------------------------------------
    x3, x4 = (lambda: randn(2, 4, 7)), (lambda: randn(2, 4, 5, 6))
    w1, w1g = (lambda: randn(3, 4, 3, seed=2)), (lambda: randn(6, 2, 3, seed=2))
    wt1, wt2 = (lambda: randn(4, 3, 3, seed=3)), (lambda: randn(4, 3, 3, 2, seed=3))
    b3, b6 = (lambda: randn(3, seed=4)), (lambda: randn(6, seed=4))
    case("conv1d", F.conv1d, x3, w1, b3)
    case("conv1d_stride_pad_dilation_groups", lambda x, w, b: F.conv1d(x, w, b, 2, 1, 2, 2), x3, w1g, b6)
    case("conv1d_same_even_kernel", lambda x, w: F.conv1d(x, w[:, :, :2], None, 1, "same", 3, 2), x3, w1g)
    case("conv1d_valid_tuple_args", lambda x, w: F.conv1d(x, w, stride=(2,), padding="valid", dilation=[1]), x3, w1)
    case("conv1d_unbatched", lambda x, w: F.conv1d(x[0], w, padding=2), x3, w1)
    case("conv1d_noncontiguous", lambda x, w: F.conv1d(x.transpose(1, 2), w[:, :, :2]), lambda: randn(2, 7, 3),
         lambda: randn(5, 3, 2, seed=2))
    case("conv_transpose1d", F.conv_transpose1d, x3, wt1, b3)
    case("conv_transpose1d_all_args", lambda x, w, b: F.conv_transpose1d(x, w, b, 2, 1, 1, 2, 2), x3, wt1, b6)
    case("conv_transpose1d_unbatched_stride3", lambda x, w: F.conv_transpose1d(x[0], w, None, 3), x3, wt1)
    case("conv_transpose2d", F.conv_transpose2d, x4, wt2, b3)
    case("conv_transpose2d_all_args", lambda x, w, b: F.conv_transpose2d(x, w, b, (2, 3), (1, 0), (1, 2), 2, (1, 2)),
         x4, wt2, b6)
    case("conv_transpose2d_output_padding_below_dilation",
         lambda x, w: F.conv_transpose2d(x, w, None, 1, (2, 1), (1, 0), 1, (2, 1)), x4, wt2)
    case("conv_transpose2d_big_padding_crops", lambda x, w: F.conv_transpose2d(x, w, padding=2), x4, wt2)
    case("conv_transpose2d_float32", F.conv_transpose2d, lambda: randn(1, 4, 3, 3, dtype="float32"),
         lambda: randn(4, 2, 2, 2, dtype="float32", seed=3))
    z3, z4 = (lambda: torch.zeros(2, 3, 8)), (lambda: torch.zeros(2, 3, 6, 6))
    error("conv1d_4d_input", lambda: F.conv1d(torch.zeros(2, 3, 4, 5), torch.zeros(4, 3, 3)))
    error("conv1d_4d_weight", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3, 3)))
    error("conv1d_channels", lambda: F.conv1d(z3(), torch.zeros(4, 2, 3)))
    error("conv1d_kernel_too_big", lambda: F.conv1d(z3(), torch.zeros(4, 3, 9)))
    error("conv1d_stride_pair", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3), stride=(1, 2)))
    error("conv1d_same_strided", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3), padding="same", stride=2))
    error("conv1d_bias_size", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3), torch.zeros(3)))
    error("conv1d_groups_zero", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3), groups=0))
    error("conv1d_stride_zero", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3), stride=0))
    error("conv1d_dilation_zero", lambda: F.conv1d(z3(), torch.zeros(4, 3, 3), dilation=0))
    error("conv_transpose2d_output_padding", lambda: F.conv_transpose2d(z4(), torch.zeros(3, 4, 3, 3),
                                                                         output_padding=1))
    error("conv_transpose1d_output_padding", lambda: F.conv_transpose1d(torch.zeros(1, 3, 5), torch.zeros(3, 2, 3),
                                                                         output_padding=1))
    error("conv_transpose1d_negative_output_padding", lambda: F.conv_transpose1d(
        torch.zeros(1, 3, 5), torch.zeros(3, 2, 3), output_padding=-1))
    error("conv_transpose2d_channels", lambda: F.conv_transpose2d(z4(), torch.zeros(4, 4, 3, 3)))
    error("conv_transpose2d_unbatched_channels", lambda: F.conv_transpose2d(z3(), torch.zeros(3, 4, 3, 3)))
    error("conv_transpose2d_bias", lambda: F.conv_transpose2d(z4(), torch.zeros(3, 4, 3, 3), torch.zeros(3)))
    error("conv_transpose2d_groups_bias", lambda: F.conv_transpose2d(z4(), torch.zeros(3, 4, 3, 3), torch.zeros(4),
                                                                     groups=3))
    error("conv_transpose1d_3d_input", lambda: F.conv_transpose1d(torch.zeros(2, 3, 4, 5), torch.zeros(3, 4, 3)))
    error("conv_transpose1d_same", lambda: F.conv_transpose1d(z3(), torch.zeros(3, 4, 3), padding="same"))
    error("conv_transpose1d_groups", lambda: F.conv_transpose1d(z3(), torch.zeros(3, 4, 3), groups=2))
    error("conv_transpose2d_stride_zero", lambda: F.conv_transpose2d(z4(), torch.zeros(3, 4, 3, 3), stride=0))
    error("conv_transpose2d_negative_padding", lambda: F.conv_transpose2d(z4(), torch.zeros(3, 4, 3, 3), padding=-1))
    error("conv_transpose2d_stride_triple", lambda: F.conv_transpose2d(z4(), torch.zeros(3, 4, 3, 3),
                                                                       stride=(1, 2, 3)))
    error("ConvTranspose2d_reflect", lambda: nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect"))
    error("Conv1d_same_strided", lambda: nn.Conv1d(3, 4, 3, padding="same", stride=2))
    error("ConvTranspose2d_in_groups", lambda: nn.ConvTranspose2d(3, 4, 3, groups=2))
    error("ConvTranspose2d_out_groups", lambda: nn.ConvTranspose2d(4, 3, 3, groups=2))
    error("ConvTranspose2d_output_size_length", lambda: nn.ConvTranspose2d(3, 4, 3, stride=2)(
        torch.zeros(1, 3, 4, 4), output_size=(5,)))
    error("ConvTranspose2d_output_size_range", lambda: nn.ConvTranspose2d(3, 4, 3, stride=2)(
        torch.zeros(1, 3, 4, 4), output_size=(20, 20)))
    module("Conv1d", lambda: nn.Conv1d(4, 6, 3), 2, 4, 9)
    module("Conv1d_same_reflect_groups", lambda: nn.Conv1d(4, 6, 2, padding="same", padding_mode="reflect",
                                                           dilation=3, groups=2, bias=False), 2, 4, 9)
    module("Conv1d_circular", lambda: nn.Conv1d(4, 2, 3, stride=2, padding=2, padding_mode="circular"), 4, 9)
    module("Conv1d_replicate_valid", lambda: nn.Conv1d(4, 2, 3, padding="valid", padding_mode="replicate"), 1, 4, 5)
    module("ConvTranspose1d", lambda: nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2,
                                                         dilation=2), 2, 4, 5)
    module("ConvTranspose2d", lambda: nn.ConvTranspose2d(4, 3, (3, 2), stride=2, padding=(0, 1), output_padding=1),
           2, 4, 3, 4)
    module("ConvTranspose2d_no_bias_float64", lambda: nn.ConvTranspose2d(2, 2, 2, bias=False, dtype=getattr(torch, "float64")),
           2, 2, 2, dtype="float64")
    out["ConvTranspose2d_output_size"] = lambda: _run(
        torch, lambda x: nn.ConvTranspose2d(3, 2, 3, stride=2)(x, output_size=[2, 2, 10, 9]),
        randn(2, 3, 4, 4, dtype="float32"))
    reprs("conv_reprs", lambda: [nn.Conv1d(3, 4, 3, padding="same", padding_mode="reflect", dilation=2, bias=False),
                                 nn.ConvTranspose1d(3, 6, 3, stride=2, padding=1, output_padding=1, groups=3,
                                                    dilation=2),
                                 nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1), nn.Conv1d(2, 2, (3,))])
    _pool_cases(torch, F, nn, randn, case, error, module, reprs)
    _resample_cases(torch, F, nn, randn, case, error, module, reprs)
    _norm_cases(torch, F, nn, randn, case, error, module, reprs, out)
    _misc_cases(torch, F, nn, randn, case, error, module, reprs, out)
    _grid_cases(torch, F, randn, case, error)
    return out


def _pool_cases(torch, F, nn, randn, case, error, module, reprs):
    x3, x4 = (lambda: randn(2, 3, 9)), (lambda: randn(2, 3, 7, 6))
    case("max_pool1d", lambda x: F.max_pool1d(x, 2), x3)
    case("max_pool1d_all_args", lambda x: F.max_pool1d(x, 3, 2, 1, 2, True), x3)
    case("max_pool1d_unbatched_tuple", lambda x: F.max_pool1d(x[0], (3,), (1,)), x3)
    case("max_pool1d_indices", lambda x: F.max_pool1d(x, 3, 2, return_indices=True)[1] * 1.0, x3)
    case("max_pool1d_noncontiguous", lambda x: F.max_pool1d(x.transpose(1, 2), 2, ceil_mode=True), x3)
    case("avg_pool1d", lambda x: F.avg_pool1d(x, 2), x3)
    case("avg_pool1d_all_args", lambda x: F.avg_pool1d(x, 4, 3, 2, True, False), x3)
    case("avg_pool1d_unbatched", lambda x: F.avg_pool1d(x[1], [3], padding=1), x3)
    case("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 4), x3)
    case("adaptive_avg_pool1d_grow", lambda x: F.adaptive_avg_pool1d(x[0], (12,)), x3)
    case("adaptive_max_pool1d", lambda x: F.adaptive_max_pool1d(x, 4), x3)
    case("adaptive_max_pool1d_indices", lambda x: F.adaptive_max_pool1d(x, 5, True)[1] * 1.0, x3)
    case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), x4)
    case("adaptive_avg_pool2d_none_side", lambda x: F.adaptive_avg_pool2d(x, (2, None)), x4)
    case("adaptive_avg_pool2d_one", lambda x: F.adaptive_avg_pool2d(x, 1), x4)
    case("adaptive_avg_pool2d_identity_unbatched", lambda x: F.adaptive_avg_pool2d(x[0], (7, 6)), x4)
    case("adaptive_avg_pool2d_grow_noncontiguous", lambda x: F.adaptive_avg_pool2d(x.transpose(2, 3), 9), x4)
    case("adaptive_avg_pool2d_float32", lambda x: F.adaptive_avg_pool2d(x, 5), lambda: randn(1, 2, 8, 8, dtype="float32"))
    case("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (3, 4)), x4)
    case("adaptive_max_pool2d_indices", lambda x: F.adaptive_max_pool2d(x, (4, 2), True)[1] * 1.0, x4)
    case("adaptive_max_pool2d_unbatched_grow", lambda x: F.adaptive_max_pool2d(x[1], 8), x4)
    case("adaptive_max_pool2d_ties", lambda x: F.adaptive_max_pool2d(x.round(), 3),
         lambda: torch.tensor([[[[1.0, 1, 0, 2], [1, 0, 2, 2], [0, 0, 1, 1], [3, 3, 3, 3]]]], requires_grad=True))

    def unpool(x, **kw):
        o, i = F.max_pool2d(x.detach(), 2, return_indices=True)
        return F.max_unpool2d(x[:, :, :3, :3] * 1.0, i, 2, **kw)
    case("max_unpool2d", unpool, x4)
    case("max_unpool2d_output_size", lambda x: unpool(x, output_size=(7, 7)), x4)
    case("max_unpool2d_output_size_4", lambda x: unpool(x, output_size=[2, 3, 7, 7]), x4)
    case("max_unpool2d_unbatched", lambda x: F.max_unpool2d(x[0, :, :2, :2], F.max_pool2d(x[0].detach(), 3, 2, 1,
                                                             return_indices=True)[1][:, :2, :2], 3, 2, 1,
                                                             output_size=(4, 5)), x4)
    z4, z3 = torch.zeros(2, 3, 6, 6), torch.zeros(2, 3, 8)
    o, i = F.max_pool2d(z4 + torch.arange(36.).reshape(6, 6), 2, return_indices=True)
    error("max_unpool2d_output_size_range", lambda: F.max_unpool2d(o, i, 2, output_size=(9, 9)))
    error("max_unpool2d_output_size_length", lambda: F.max_unpool2d(o, i, 2, output_size=(1, 2, 3)))
    error("max_unpool2d_float_indices", lambda: F.max_unpool2d(o, i.float(), 2))
    error("max_unpool2d_indices_shape", lambda: F.max_unpool2d(o, i[:1], 2))
    error("max_unpool2d_bad_index", lambda: F.max_unpool2d(o, i + 100, 2))
    error("adaptive_avg_pool2d_three", lambda: F.adaptive_avg_pool2d(z4, (2, 3, 4)))
    error("adaptive_avg_pool2d_2d", lambda: F.adaptive_avg_pool2d(torch.zeros(6, 6), 2))
    error("adaptive_avg_pool2d_negative", lambda: F.adaptive_avg_pool2d(z4, -1))
    error("adaptive_max_pool2d_three", lambda: F.adaptive_max_pool2d(z4, (2, 3, 4)))
    error("adaptive_max_pool2d_2d", lambda: F.adaptive_max_pool2d(torch.zeros(6, 6), 2))
    error("adaptive_avg_pool1d_4d", lambda: F.adaptive_avg_pool1d(z4, 2))
    error("adaptive_avg_pool1d_pair", lambda: F.adaptive_avg_pool1d(z3, (2, 3)))
    error("adaptive_max_pool1d_4d", lambda: F.adaptive_max_pool1d(z4, 2))
    error("adaptive_avg_pool2d_long", lambda: F.adaptive_avg_pool2d(z4.long(), 2))
    error("adaptive_max_pool2d_long", lambda: F.adaptive_max_pool2d(z4.long(), 2))
    error("max_pool1d_4d", lambda: F.max_pool1d(z4, 2))
    error("max_pool1d_too_small", lambda: F.max_pool1d(z3, 9))
    error("max_pool1d_pair", lambda: F.max_pool1d(z3, (2, 2)))
    error("max_pool1d_padding", lambda: F.max_pool1d(z3, 2, padding=2))
    error("max_pool1d_kernel_zero", lambda: F.max_pool1d(z3, 0))
    error("max_pool1d_stride_zero", lambda: F.max_pool1d(z3, 2, stride=0))
    error("avg_pool1d_4d", lambda: F.avg_pool1d(z4, 2))
    error("avg_pool1d_too_small", lambda: F.avg_pool1d(z3, 9))
    error("avg_pool1d_pair", lambda: F.avg_pool1d(z3, (2, 2)))
    error("avg_pool1d_padding", lambda: F.avg_pool1d(z3, 2, padding=2))
    error("avg_pool1d_kernel_zero", lambda: F.avg_pool1d(z3, 0))
    out_shapes = {}
    for name, fn in [("empty_batch_avg", lambda: F.adaptive_avg_pool2d(torch.zeros(0, 2, 4, 4), 2)),
                     ("zero_output", lambda: F.adaptive_max_pool2d(z4, 0)),
                     ("pool1d_indices", lambda: F.max_pool1d(torch.arange(8.).reshape(1, 8), 3, return_indices=True))]:
        out_shapes[name] = fn
    reprs("pool_empty_shapes", lambda: [list(r.shape) if not isinstance(r, tuple) else [list(a.shape) for a in r]
                                        for r in (fn() for fn in out_shapes.values())])
    module("MaxPool1d", lambda: nn.MaxPool1d(3, 2, 1), 2, 3, 9)
    module("AvgPool1d", lambda: nn.AvgPool1d(3, count_include_pad=False, padding=1), 2, 3, 9)
    module("AdaptiveAvgPool1d", lambda: nn.AdaptiveAvgPool1d(4), 2, 3, 9)
    module("AdaptiveAvgPool2d", lambda: nn.AdaptiveAvgPool2d((2, None)), 2, 3, 5, 5)
    module("AdaptiveMaxPool2d", lambda: nn.AdaptiveMaxPool2d(3), 2, 3, 5, 5)
    module("AdaptiveMaxPool1d", lambda: nn.AdaptiveMaxPool1d(2), 3, 5)
    reprs("pool_reprs", lambda: [nn.MaxPool1d(2), nn.AvgPool1d(3), nn.AdaptiveAvgPool2d((2, None)),
                                 nn.AdaptiveMaxPool2d(3, return_indices=True), nn.MaxUnpool2d(2), nn.AdaptiveAvgPool1d(3),
                                 nn.MaxUnpool2d((2, 3), 1, (0, 1)), nn.MaxPool1d(3, 1, 1, 2, True, True),
                                 nn.AdaptiveMaxPool1d(4)])

    def unpool_module(x):
        torch.manual_seed(0)
        pool, unp = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
        o, i = pool(x)
        return unp(o, i, output_size=x.shape)
    case("MaxUnpool2d_module", unpool_module, lambda: randn(1, 2, 5, 5))


def _resample_cases(torch, F, nn, randn, case, error, module, reprs):
    x3, x4 = (lambda: randn(2, 3, 5)), (lambda: randn(2, 3, 4, 5))
    f32 = lambda: randn(1, 2, 5, 7, dtype="float32")   # noqa: E731
    for mode, make, shape in (("nearest", x4, "4d"), ("bilinear", x4, "4d"), ("nearest", x3, "3d"),
                              ("linear", x3, "3d"), ("nearest-exact", x4, "4d"), ("nearest-exact", x3, "3d"),
                              ("bilinear", f32, "float32"), ("nearest", f32, "float32")):
        tag = f"{mode}_{shape}"
        corners = {} if mode.startswith("nearest") else {"align_corners": False}
        for args in ({"scale_factor": 2}, {"scale_factor": 1.7}, {"scale_factor": 0.6}, {"size": 3}, {"size": 11},
                     {"scale_factor": 2.5, "recompute_scale_factor": True}, {"scale_factor": 1}):
            key = "_".join(f"{k}{v}" for k, v in args.items())
            case(f"interpolate_{tag}_{key}", lambda x, args=args, mode=mode, corners=corners:
                 F.interpolate(x, mode=mode, **args, **corners), make)
        if not mode.startswith("nearest"):
            case(f"interpolate_{tag}_align_corners", lambda x, mode=mode: F.interpolate(
                x, scale_factor=2.3, mode=mode, align_corners=True), make)
            case(f"interpolate_{tag}_align_corners_size1", lambda x, mode=mode: F.interpolate(
                x, size=1, mode=mode, align_corners=True), make)
    case("interpolate_bilinear_pairs", lambda x: F.interpolate(x, scale_factor=(1.5, 0.7), mode="bilinear"), x4)
    case("interpolate_nearest_size_pair", lambda x: F.interpolate(x, size=(7, 3)), x4)
    case("interpolate_bilinear_noncontiguous", lambda x: F.interpolate(x.transpose(2, 3), size=(6, 9),
                                                                      mode="bilinear"), x4)
    case("upsample_deprecated", lambda x: F.upsample(x, scale_factor=2), x4)
    case("upsample_nearest_deprecated", lambda x: F.upsample_nearest(x, size=6), x4)
    case("upsample_bilinear_deprecated", lambda x: F.upsample_bilinear(x, scale_factor=2), x4)
    z3, z4 = torch.zeros(2, 3, 8), torch.zeros(2, 3, 6, 6)
    error("interpolate_no_size", lambda: F.interpolate(z3))
    error("interpolate_both", lambda: F.interpolate(z3, size=4, scale_factor=2))
    error("interpolate_size_length", lambda: F.interpolate(z3, size=(2, 3)))
    error("interpolate_scale_length", lambda: F.interpolate(z3, scale_factor=(2, 3)))
    error("interpolate_nearest_corners", lambda: F.interpolate(z3, scale_factor=2, align_corners=True))
    error("interpolate_bilinear_3d", lambda: F.interpolate(z3, scale_factor=2, mode="bilinear"))
    error("interpolate_linear_4d", lambda: F.interpolate(z4, scale_factor=2, mode="linear"))
    error("interpolate_2d_input", lambda: F.interpolate(torch.zeros(3, 4), scale_factor=2))
    error("interpolate_bad_mode", lambda: F.interpolate(z4, scale_factor=2, mode="foo"))
    error("interpolate_too_small", lambda: F.interpolate(z4, scale_factor=0.1))
    error("interpolate_size_zero", lambda: F.interpolate(z4, size=0))
    error("interpolate_negative_scale", lambda: F.interpolate(z4, scale_factor=-2))
    error("interpolate_recompute_with_size", lambda: F.interpolate(z4, size=(4, 5), recompute_scale_factor=True))
    error("interpolate_long", lambda: F.interpolate(z4.long(), scale_factor=2))
    error("interpolate_long_bilinear", lambda: F.interpolate(z4.long(), scale_factor=2, mode="bilinear"))
    error("interpolate_float_size", lambda: F.interpolate(z4, size=(3, 4.5)))
    error("interpolate_antialias_nearest", lambda: F.interpolate(z4, scale_factor=2, antialias=True))
    module("Upsample", lambda: nn.Upsample(scale_factor=2), 1, 2, 3, 3)
    module("Upsample_bilinear_corners", lambda: nn.Upsample(size=(4, 5), mode="bilinear", align_corners=True),
           1, 2, 3, 3)
    module("UpsamplingNearest2d", lambda: nn.UpsamplingNearest2d(scale_factor=(2, 1.5)), 1, 2, 3, 3)
    module("UpsamplingBilinear2d", lambda: nn.UpsamplingBilinear2d(size=5), 1, 2, 3, 3)
    reprs("upsample_reprs", lambda: [nn.Upsample(scale_factor=2), nn.Upsample(size=(3, 4), mode="bilinear",
                                                                             align_corners=True),
                                     nn.Upsample(scale_factor=(2.0, 1.5)), nn.UpsamplingNearest2d(scale_factor=2),
                                     nn.UpsamplingBilinear2d(size=3), nn.PixelShuffle(2), nn.PixelUnshuffle(3),
                                     nn.Unfold(2), nn.Fold((4, 5), 2, stride=2),
                                     nn.Unfold((2, 3), dilation=2, padding=1, stride=(1, 2))])
    # pixel shuffle
    case("pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), lambda: randn(2, 8, 2, 3))
    case("pixel_shuffle_5d", lambda x: F.pixel_shuffle(x, 3), lambda: randn(2, 1, 9, 2, 1))
    case("pixel_unshuffle", lambda x: F.pixel_unshuffle(x, 2), lambda: randn(2, 2, 4, 6))
    case("pixel_unshuffle_unbatched", lambda x: F.pixel_unshuffle(x.transpose(1, 2), 3), lambda: randn(2, 3, 6))
    module("PixelShuffle", lambda: nn.PixelShuffle(2), 1, 4, 2, 2)
    module("PixelUnshuffle", lambda: nn.PixelUnshuffle(2), 1, 1, 4, 2)
    error("pixel_shuffle_channels", lambda: F.pixel_shuffle(z4, 2))
    error("pixel_shuffle_zero", lambda: F.pixel_shuffle(torch.zeros(1, 8, 2, 2), 0))
    error("pixel_unshuffle_height", lambda: F.pixel_unshuffle(torch.zeros(1, 2, 5, 6), 2))
    error("pixel_unshuffle_width", lambda: F.pixel_unshuffle(torch.zeros(1, 2, 6, 5), 2))
    error("pixel_unshuffle_zero", lambda: F.pixel_unshuffle(torch.zeros(1, 8, 2, 2), 0))
    error("pixel_unshuffle_2d", lambda: F.pixel_unshuffle(torch.zeros(8, 2), 1))
    # unfold / fold
    case("unfold", lambda x: F.unfold(x, 2), x4)
    case("unfold_all_args", lambda x: F.unfold(x, (2, 3), dilation=(2, 1), padding=1, stride=(1, 2)), x4)
    case("unfold_unbatched", lambda x: F.unfold(x[0], 3, padding=1), x4)
    case("fold", lambda c: F.fold(c, (4, 5), 2), lambda: randn(2, 12, 12))
    case("fold_all_args", lambda c: F.fold(c, (5, 6), (2, 3), dilation=(2, 1), padding=1, stride=(1, 2)),
         lambda: randn(2, 12, 15))
    case("fold_unbatched_overlap", lambda c: F.fold(c, 4, 3, padding=1), lambda: randn(18, 16))
    module("Unfold", lambda: nn.Unfold(2, stride=2), 1, 2, 4, 4)
    module("Fold", lambda: nn.Fold((3, 3), 2), 1, 8, 4)
    c = F.unfold(z4, 2)
    error("unfold_too_big", lambda: F.unfold(z4, 7))
    error("unfold_kernel_zero", lambda: F.unfold(z4, 0))
    error("unfold_stride_zero", lambda: F.unfold(z4, 2, stride=0))
    error("unfold_negative_padding", lambda: F.unfold(z4, 2, padding=-1))
    error("unfold_dilation_zero", lambda: F.unfold(z4, 2, dilation=0))
    error("unfold_kernel_triple", lambda: F.unfold(z4, (2, 2, 2)))
    error("fold_blocks", lambda: F.fold(c, (6, 7), 2))
    error("fold_rows", lambda: F.fold(c[:, :-1], (6, 6), 2))
    error("fold_4d", lambda: F.fold(z4, (6, 6), 2))
    error("fold_dilation_zero", lambda: F.fold(c, 6, 2, 0))
    # padding modules
    for name, make, shape in (("ZeroPad2d", lambda: nn.ZeroPad2d((1, 2, 0, 1)), (1, 2, 3, 3)),
                              ("ZeroPad2d_int_2d_input", lambda: nn.ZeroPad2d(1), (3, 4)),
                              ("ZeroPad1d", lambda: nn.ZeroPad1d(2), (2, 3)),
                              ("ConstantPad1d", lambda: nn.ConstantPad1d((2, 1), 3.5), (1, 2, 3)),
                              ("ConstantPad2d", lambda: nn.ConstantPad2d(1, -1.0), (2, 3, 3)),
                              ("ReflectionPad1d", lambda: nn.ReflectionPad1d((2, 1)), (1, 2, 4)),
                              ("ReflectionPad2d", lambda: nn.ReflectionPad2d((1, 1, 2, 0)), (1, 2, 3, 3)),
                              ("ReplicationPad1d", lambda: nn.ReplicationPad1d(3), (2, 3)),
                              ("ReplicationPad2d", lambda: nn.ReplicationPad2d((0, 2, 1, 1)), (1, 1, 3, 2))):
        module(name, make, *shape)
    reprs("padding_reprs", lambda: [nn.ZeroPad2d(1), nn.ZeroPad2d((1, 2, 3, 4)), nn.ConstantPad1d(2, 3.5),
                                    nn.ConstantPad2d((1, 2, 0, 1), -1), nn.ReflectionPad1d(2),
                                    nn.ReflectionPad2d((1, 1, 2, 0)), nn.ReplicationPad1d((1, 3)),
                                    nn.ReplicationPad2d(1), nn.ZeroPad1d(2), nn.ConstantPad1d((1, 2), 0)])
    error("ReflectionPad1d_too_big", lambda: nn.ReflectionPad1d(4)(torch.zeros(1, 3, 4)))


def _norm_cases(torch, F, nn, randn, case, error, module, reprs, out):
    x3, x4 = (lambda: randn(2, 6, 5)), (lambda: randn(2, 4, 3, 3))
    w6, b6 = (lambda: randn(6, seed=2)), (lambda: randn(6, seed=3))
    case("group_norm", lambda x: F.group_norm(x, 3), x3)
    case("group_norm_affine", lambda x, w, b: F.group_norm(x, 2, w, b, 1e-3), x3, w6, b6)
    case("group_norm_weight_only", lambda x, w: F.group_norm(x, 6, w), x3, w6)
    case("group_norm_2d_input", lambda x, w, b: F.group_norm(x[:, :, 0], 3, w, b), x3, w6, b6)
    case("group_norm_4d_noncontiguous", lambda x: F.group_norm(x.transpose(2, 3), 1), x4)
    case("group_norm_float32", lambda x: F.group_norm(x, 2), lambda: randn(3, 4, 7, dtype="float32"))
    error("group_norm_groups", lambda: F.group_norm(torch.zeros(2, 6, 5), 4))
    error("group_norm_1d", lambda: F.group_norm(torch.zeros(5), 1))
    error("group_norm_weight", lambda: F.group_norm(torch.zeros(2, 6, 5), 3, torch.ones(5)))
    error("group_norm_bias", lambda: F.group_norm(torch.zeros(2, 6, 5), 3, torch.ones(6), torch.zeros(4)))
    error("GroupNorm_groups", lambda: nn.GroupNorm(4, 6))
    module("GroupNorm", lambda: nn.GroupNorm(2, 4), 2, 4, 3)
    module("GroupNorm_no_affine", lambda: nn.GroupNorm(4, 4, affine=False, eps=1e-3), 2, 4, 2, 2)
    case("instance_norm", F.instance_norm, x3)
    case("instance_norm_affine", lambda x, w, b: F.instance_norm(x, weight=w, bias=b, eps=1e-3), x3, w6, b6)
    case("instance_norm_4d", F.instance_norm, x4)

    def running(use_input_stats):
        def run():
            x = randn(2, 3, 4, grad=False)
            rm, rv = torch.zeros(3, dtype=x.dtype) + 0.5, torch.ones(3, dtype=x.dtype) * 2
            y = F.instance_norm(x, rm, rv, None, None, use_input_stats, 0.3)
            return {"out": describe(torch, y), "running": [describe(torch, rm), describe(torch, rv)]}
        return run
    out["program/instance_norm_running_stats"] = running(True)
    out["program/instance_norm_eval_stats"] = running(False)
    error("instance_norm_one_position", lambda: F.instance_norm(torch.zeros(2, 6, 1)))
    error("instance_norm_unbatched_functional", lambda: F.instance_norm(torch.zeros(6, 5)))
    module("InstanceNorm1d", lambda: nn.InstanceNorm1d(3), 2, 3, 5)
    module("InstanceNorm1d_affine_tracked", lambda: nn.InstanceNorm1d(3, affine=True, track_running_stats=True), 2, 3, 5)
    module("InstanceNorm1d_tracked_eval", lambda: nn.InstanceNorm1d(3, track_running_stats=True), 2, 3, 5, train=False)
    module("InstanceNorm1d_unbatched", lambda: nn.InstanceNorm1d(3), 3, 5)
    module("InstanceNorm1d_mismatch_warns", lambda: nn.InstanceNorm1d(4), 2, 3, 5)
    module("InstanceNorm2d", lambda: nn.InstanceNorm2d(2, affine=True, momentum=None, track_running_stats=True),
           2, 2, 3, 3)
    module("InstanceNorm2d_unbatched", lambda: nn.InstanceNorm2d(2), 2, 3, 3)
    error("InstanceNorm1d_affine_mismatch", lambda: nn.InstanceNorm1d(4, affine=True)(torch.zeros(2, 6, 5)))
    error("InstanceNorm1d_1d", lambda: nn.InstanceNorm1d(6)(torch.zeros(5)))
    error("InstanceNorm2d_2d", lambda: nn.InstanceNorm2d(6)(torch.zeros(6, 5)))
    case("rms_norm", lambda x: F.rms_norm(x, (5,)), x3)
    case("rms_norm_weight_eps", lambda x, w: F.rms_norm(x, [6, 5], w.reshape(6, 1).expand(6, 5) * 1.0, 1e-2), x3, w6)
    case("rms_norm_float32", lambda x: F.rms_norm(x, (7,)), lambda: randn(3, 7, dtype="float32"))
    error("rms_norm_int_shape", lambda: F.rms_norm(torch.zeros(3, 7), 7))
    error("rms_norm_shape", lambda: F.rms_norm(torch.zeros(2, 6, 5), (4,)))
    error("rms_norm_weight", lambda: F.rms_norm(torch.zeros(2, 6, 5), (5,), torch.ones(4)))
    module("RMSNorm", lambda: nn.RMSNorm(5), 2, 3, 5)
    module("RMSNorm_no_affine", lambda: nn.RMSNorm((3, 5), eps=1e-4, elementwise_affine=False), 2, 3, 5)
    case("local_response_norm", lambda x: F.local_response_norm(x, 2), x3)
    case("local_response_norm_4d", lambda x: F.local_response_norm(x, 3, 1e-2, 0.5, 2.0), x4)
    case("local_response_norm_5d", lambda x: F.local_response_norm(x, 4, 0.1), lambda: randn(1, 5, 2, 2, 2))
    error("local_response_norm_2d", lambda: F.local_response_norm(torch.zeros(6, 5), 2))
    module("LocalResponseNorm", lambda: nn.LocalResponseNorm(3), 2, 4, 3)
    reprs("norm_reprs", lambda: [nn.GroupNorm(3, 6), nn.GroupNorm(3, 6, affine=False, eps=1e-3), nn.InstanceNorm1d(3),
                                 nn.InstanceNorm2d(4, affine=True, track_running_stats=True), nn.RMSNorm(6),
                                 nn.RMSNorm((2, 3), eps=1e-4, elementwise_affine=False), nn.LocalResponseNorm(2),
                                 nn.LocalResponseNorm(3, 1e-3, 0.5, 2.0)])


def _misc_cases(torch, F, nn, randn, case, error, module, reprs, out):
    def seeded(fn, seed=5):
        def run(*xs):
            torch.manual_seed(seed)
            return fn(*xs)
        return run
    x3, x4 = (lambda: randn(4, 6, 5)), (lambda: randn(3, 5, 2, 2))
    case("dropout1d", seeded(lambda x: F.dropout1d(x, 0.4)), x3)
    case("dropout1d_unbatched", seeded(lambda x: F.dropout1d(x[0], 0.5)), x3)
    case("dropout1d_p1", seeded(lambda x: F.dropout1d(x, 1.0)), x3)
    case("dropout1d_eval", seeded(lambda x: F.dropout1d(x, 0.4, training=False) * 1.0), x3)
    case("dropout2d", seeded(lambda x: F.dropout2d(x, 0.3)), x4)
    case("dropout2d_3d_warns", seeded(lambda x: F.dropout2d(x, 0.3)), x3)
    case("dropout2d_2d_warns", seeded(lambda x: F.dropout2d(x[0], 0.3)), x3)
    case("dropout2d_float32", seeded(lambda x: F.dropout2d(x, 0.5)), lambda: randn(4, 8, 3, 1, dtype="float32"))
    case("alpha_dropout", seeded(lambda x: F.alpha_dropout(x, 0.3, True)), x3)
    case("alpha_dropout_default_eval", seeded(lambda x: F.alpha_dropout(x, 0.3) * 1.0), x3)
    case("alpha_dropout_p1", seeded(lambda x: F.alpha_dropout(x, 1.0, True)), x3)
    case("feature_alpha_dropout", seeded(lambda x: F.feature_alpha_dropout(x, 0.2, True)), x4)
    case("alpha_dropout_float32", seeded(lambda x: F.alpha_dropout(x, 0.6, True)), lambda: randn(50, dtype="float32"))
    case("dropout2d_inplace", seeded(lambda x: F.dropout2d(x * 1.0, 0.5, inplace=True)), x4)
    error("dropout1d_1d", lambda: F.dropout1d(torch.zeros(5)))
    error("dropout2d_p", lambda: F.dropout2d(torch.zeros(2, 3, 4), 1.5))
    error("alpha_dropout_p", lambda: F.alpha_dropout(torch.zeros(2, 3, 4), -0.1, True))
    error("Dropout1d_p", lambda: nn.Dropout1d(2.0))
    module("Dropout1d", lambda: nn.Dropout1d(0.3), 3, 4, 5)
    module("Dropout2d", lambda: nn.Dropout2d(), 3, 4, 2, 2)
    module("Dropout2d_eval", lambda: nn.Dropout2d(), 3, 4, 2, 2, train=False)
    module("AlphaDropout", lambda: nn.AlphaDropout(0.2), 4, 6)
    module("FeatureAlphaDropout", lambda: nn.FeatureAlphaDropout(0.4), 3, 4, 5)
    reprs("misc_reprs", lambda: [nn.Dropout1d(), nn.Dropout2d(0.3, True), nn.AlphaDropout(0.2), nn.FeatureAlphaDropout(),
                                 nn.Unflatten(1, (2, 3)), nn.Unflatten(-1, [5]), nn.Bilinear(3, 4, 2, bias=False)])
    module("Unflatten", lambda: nn.Unflatten(1, (2, -1)), 2, 6, 1)
    error("Unflatten_int_size", lambda: nn.Unflatten(1, 4))
    error("Unflatten_float_element", lambda: nn.Unflatten(1, (2, 2.0)))
    error("Unflatten_sizes", lambda: nn.Unflatten(1, (4, 3))(torch.zeros(2, 6)))

    def parameters():
        pl = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(3, 2))])
        pl.append(torch.ones(1))
        pl += [torch.zeros(2, 2, 1)]
        pd = nn.ParameterDict({"a": nn.Parameter(torch.ones(2)), "b": torch.zeros(3)})
        pd["c"] = torch.ones(4, 1)
        pd.update([("d", torch.zeros(1))])
        m = nn.Module()
        m.pl, m.pd = pl, pd
        return [str(pl), str(pd), str(m), [n for n, _ in m.named_parameters()], len(pl), len(pd),
                type(pl[2]).__name__, type(pd["b"]).__name__, list(pd.keys()), "c" in pd, pd.pop("a").shape,
                list(pd), pl[-1].shape, [p.shape for p in pl[1:3]], [p.requires_grad for p in pl]]
    reprs("parameter_containers", parameters)

    w = lambda: randn(2, 3, 4, seed=7)   # noqa: E731
    case("bilinear", F.bilinear, lambda: randn(5, 3), lambda: randn(5, 4, seed=1), w, lambda: randn(2, seed=8))
    case("bilinear_no_bias_batched", F.bilinear, lambda: randn(2, 5, 3), lambda: randn(2, 5, 4, seed=1), w)
    case("bilinear_noncontiguous", lambda a, b, w: F.bilinear(a.t(), b.t(), w), lambda: randn(3, 5),
         lambda: randn(4, 5, seed=1), w)
    error("bilinear_dtypes", lambda: F.bilinear(torch.zeros(5, 3, dtype=torch.float64), torch.zeros(5, 4),
                                                torch.zeros(2, 3, 4), torch.zeros(2)))
    error("bilinear_batch", lambda: F.bilinear(torch.zeros(5, 3), torch.zeros(4, 4), torch.zeros(2, 3, 4)))
    error("bilinear_input1", lambda: F.bilinear(torch.zeros(5, 2), torch.zeros(5, 4), torch.zeros(2, 3, 4)))
    error("bilinear_input2", lambda: F.bilinear(torch.zeros(5, 3), torch.zeros(5, 2), torch.zeros(2, 3, 4)))
    error("bilinear_bias", lambda: F.bilinear(torch.zeros(5, 3), torch.zeros(5, 4), torch.zeros(2, 3, 4),
                                              torch.zeros(3)))
    out["Bilinear"] = lambda: _bilinear_module(torch, nn, randn)
    case("gumbel_softmax", seeded(lambda x: F.gumbel_softmax(x)), lambda: randn(3, 5))
    case("gumbel_softmax_tau_dim", seeded(lambda x: F.gumbel_softmax(x, tau=0.5, dim=0)), lambda: randn(3, 5))
    case("gumbel_softmax_hard", seeded(lambda x: F.gumbel_softmax(x, hard=True)), lambda: randn(3, 5))
    case("gumbel_softmax_float32", seeded(lambda x: F.gumbel_softmax(x, 2.0)), lambda: randn(4, 6, dtype="float32"))


def _bilinear_module(torch, nn, randn):
    torch.manual_seed(0)
    m = nn.Bilinear(3, 4, 2)
    result = _run(torch, m, randn(6, 3, seed=1, dtype="float32"), randn(6, 4, seed=2, dtype="float32"))
    result["repr"] = str(m)
    result["params"] = {k: v.tolist() for k, v in m.state_dict().items()}
    return result


def _grid_cases(torch, F, randn, case, error):
    theta = lambda: randn(2, 2, 3, seed=11)   # noqa: E731
    x = lambda: randn(2, 3, 4, 5)   # noqa: E731

    def points(dtype="float64"):
        torch.manual_seed(12)
        return (torch.rand(2, 3, 6, 2, dtype=getattr(torch, dtype)) * 2.8 - 1.4).requires_grad_()
    case("affine_grid_default_warns", lambda t: F.affine_grid(t, (2, 3, 4, 5)), theta)
    case("affine_grid_align_corners", lambda t: F.affine_grid(t, [2, 1, 3, 2], align_corners=True), theta)
    case("affine_grid_unit_size_warns", lambda t: F.affine_grid(t, (2, 3, 1, 5), align_corners=True), theta)
    case("affine_grid_float32", lambda t: F.affine_grid(t, (2, 3, 4, 4), align_corners=False),
         lambda: randn(2, 2, 3, dtype="float32"))
    z = torch.zeros(2, 2, 3)
    error("affine_grid_batch", lambda: F.affine_grid(z, (3, 3, 4, 5), align_corners=False))
    error("affine_grid_3d_size", lambda: F.affine_grid(z, (2, 3, 4), align_corners=False))
    error("affine_grid_theta_shape", lambda: F.affine_grid(z[:, :1], (2, 3, 4, 5), align_corners=False))
    error("affine_grid_long", lambda: F.affine_grid(z.long(), (2, 3, 4, 5), align_corners=False))
    error("affine_grid_empty", lambda: F.affine_grid(z, [2, 3, 0, 5], align_corners=False))
    for mode in ("bilinear", "nearest"):
        for padding in ("zeros", "border", "reflection"):
            for corners in (False, True):
                case(f"grid_sample_{mode}_{padding}_{corners}", lambda x, g, m=mode, p=padding, c=corners:
                     F.grid_sample(x, g, m, p, c), x, points)
    case("grid_sample_default_warns", F.grid_sample, x, points)
    case("grid_sample_of_affine_grid", lambda x, t: F.grid_sample(x, F.affine_grid(t, (2, 3, 3, 3), False),
                                                                   align_corners=False), x, theta)
    case("grid_sample_noncontiguous", lambda x, g: F.grid_sample(x.transpose(2, 3), g.transpose(1, 2),
                                                                  padding_mode="border", align_corners=False), x, points)
    case("grid_sample_float32", lambda x, g: F.grid_sample(x, g, align_corners=False),
         lambda: randn(2, 3, 4, 5, dtype="float32"), lambda: points("float32"))
    zx, zg = torch.zeros(2, 3, 4, 5), torch.zeros(2, 3, 6, 2)
    error("grid_sample_mode", lambda: F.grid_sample(zx, zg, mode="foo", align_corners=False))
    error("grid_sample_padding", lambda: F.grid_sample(zx, zg, padding_mode="foo", align_corners=False))
    error("grid_sample_batch", lambda: F.grid_sample(zx, zg[:1], align_corners=False))
    error("grid_sample_last_dim", lambda: F.grid_sample(zx, zg[..., :1], align_corners=False))
    error("grid_sample_3d", lambda: F.grid_sample(zx[0], zg[0], align_corners=False))
    error("grid_sample_dtypes", lambda: F.grid_sample(zx, zg.double(), align_corners=False))
    error("grid_sample_empty", lambda: F.grid_sample(zx[:, :, :0], zg, align_corners=False))
