"""tinytorch.save / tinytorch.load: round trips of state dicts and nested objects as .npz, and
refusal of anything that is not a tinytorch checkpoint (never unpickling)."""
import collections
import io
import math
import pickle
import zipfile

import numpy as np
import pytest

import tinytorch as torch
from tinytorch import nn


def test_model_and_optimizer_checkpoint_round_trip(tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.randn(5, 3)).sum().backward()
    opt.step()
    path = tmp_path / "ckpt.pt"
    torch.save({"model": model.state_dict(), "optim": opt.state_dict(), "epoch": 3}, path)
    assert zipfile.is_zipfile(path)
    loaded = torch.load(path)
    assert isinstance(loaded["model"], collections.OrderedDict) and loaded["epoch"] == 3
    assert list(loaded["model"]) == list(model.state_dict())
    assert loaded["model"]["1.num_batches_tracked"].shape == () and loaded["model"]["1.num_batches_tracked"].item() == 1
    fresh = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    fresh.load_state_dict(loaded["model"])
    for a, b in zip(model.state_dict().values(), fresh.state_dict().values()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    opt2 = torch.optim.Adam(fresh.parameters())
    opt2.load_state_dict(loaded["optim"])
    assert opt2.param_groups[0]["lr"] == 0.01 and opt2.param_groups[0]["betas"] == (0.9, 0.999)
    np.testing.assert_array_equal(opt2.state[fresh[0].weight]["exp_avg"].numpy(),
                                  opt.state[model[0].weight]["exp_avg"].numpy())


def test_nested_values_dtypes_and_file_objects():
    obj = {"a": [1, 2.5, True, None, "text", (3, "x")], 7: torch.tensor([1, 2], dtype=torch.int32),
           "nan": float("nan"), "inf": -math.inf, "p": nn.Parameter(torch.ones(2, dtype=torch.float64)),
           "flags": torch.tensor([True, False]), "empty": {}, "grad": torch.ones(1, requires_grad=True)}
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    out = torch.load(buf)
    assert out["a"] == [1, 2.5, True, None, "text", (3, "x")] and type(out["a"][2]) is bool
    assert out[7].dtype == torch.int32 and out[7].tolist() == [1, 2]
    assert math.isnan(out["nan"]) and out["inf"] == -math.inf and out["empty"] == {}
    assert type(out["p"]).__name__ == "Parameter" and out["p"].requires_grad and out["p"].dtype == torch.float64
    assert out["flags"].tolist() == [True, False] and out["grad"].requires_grad


def test_save_refuses_arbitrary_objects(tmp_path):
    with pytest.raises(TypeError, match="cannot store a set"):
        torch.save({"s": {1, 2}}, tmp_path / "x.pt")


def test_load_is_data_only(tmp_path):
    evil = tmp_path / "evil.pt"
    evil.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(RuntimeError, match="not a valid tinytorch checkpoint"):
        torch.load(evil)
    objects = tmp_path / "objects.npz"
    np.savez(objects, __tinytorch__=np.array([{"x": 1}], dtype=object))
    with pytest.raises(RuntimeError, match="not a valid tinytorch checkpoint"):
        torch.load(objects)
    plain = tmp_path / "plain.npz"
    np.savez(plain, weights=np.ones(3))
    with pytest.raises(RuntimeError, match="no __tinytorch__ description"):
        torch.load(plain)
    with pytest.raises(RuntimeError, match="CPU only"):
        torch.load(plain, map_location="cuda")
