"""tinytorch.vision.utils: make_grid against torchvision's recipe run on PyTorch
(tools/record_vision_utils.py), and save_image's standard-library PNG decoded back."""
import io
import json
import os
import struct
import zlib

import numpy as np
import pytest

import tinytorch as torch
from tinytorch.autograd import gradcheck
from tinytorch.vision.utils import make_grid, png_bytes, save_image

from conftest import to_np

with open(os.path.join(os.path.dirname(__file__), "data", "vision_utils.json")) as f:
    DATA = json.load(f)
INPUTS = {k: torch.tensor(v, dtype=torch.float32) for k, v in DATA["inputs"].items()}


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"{c['input']}-{sorted(c['kwargs'])}")
def test_make_grid_matches_torchvision(case):
    kwargs = dict(case["kwargs"])
    if "value_range" in kwargs:
        kwargs["value_range"] = tuple(kwargs["value_range"])
    out = make_grid(INPUTS[case["input"]], **kwargs)
    np.testing.assert_allclose(to_np(out), np.array(case["out"]), rtol=0, atol=1e-6)


def test_make_grid_of_a_list_is_differentiable():
    imgs = [torch.rand(3, 2, 2, dtype=torch.float64, requires_grad=True) for _ in range(3)]
    assert gradcheck(lambda *t: make_grid(list(t), nrow=2, padding=1, pad_value=0.5), tuple(imgs))
    with pytest.raises(TypeError, match="value_range has to be a tuple"):
        make_grid(torch.rand(2, 3, 2, 2), normalize=True, value_range=[0, 1])


def _decode_png(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    w, h, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[colour]
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(h, 1 + w * channels)
    assert depth == 8 and (raw[:, 0] == 0).all() and b"IEND" in chunks
    return raw[:, 1:].reshape(h, w, channels)


def test_save_image_writes_png(tmp_path):
    x = torch.rand(4, 3, 5, 6)
    path = tmp_path / "grid.png"
    save_image(x, str(path), nrow=2, padding=1)
    expected = to_np(make_grid(x, nrow=2, padding=1).mul(255).add(0.5).clamp(0, 255)).astype(np.uint8)
    np.testing.assert_array_equal(_decode_png(path.read_bytes()), expected.transpose(1, 2, 0))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.png"]   # no temporary file left
    buffer = io.BytesIO()
    save_image(x[0], buffer)
    assert _decode_png(buffer.getvalue()).shape == (5, 6, 3)
    gray = np.arange(12, dtype=np.uint8).reshape(3, 4, 1)
    np.testing.assert_array_equal(_decode_png(png_bytes(gray)), gray)
    Image = pytest.importorskip("PIL.Image")
    assert np.array(Image.open(path)).tolist() == expected.transpose(1, 2, 0).tolist()   # Pillow reads it too
