"""``tinytorch.vision.io``: read_file / decode_image / read_image give uint8 [C, H, W] tensors."""
import numpy as np
import pytest

import tinytorch
from tinytorch.vision import io as vio

Image = pytest.importorskip("PIL.Image")


@pytest.fixture
def images(tmp_path):
    rgb = (np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 10)
    paths = {"rgb": tmp_path / "rgb.png", "gray": tmp_path / "gray.png", "rgba": tmp_path / "rgba.png"}
    Image.fromarray(rgb, "RGB").save(paths["rgb"])
    Image.fromarray(rgb[..., 0], "L").save(paths["gray"])
    Image.fromarray(np.dstack([rgb, rgb[..., :1]]), "RGBA").save(paths["rgba"])
    return rgb, paths


def test_read_image_keeps_the_files_channels(images):
    rgb, paths = images
    t = vio.read_image(str(paths["rgb"]))
    assert t.dtype == tinytorch.uint8 and t.shape == (3, 2, 3)
    assert t.tolist() == rgb.transpose(2, 0, 1).tolist()
    assert vio.read_image(paths["gray"]).tolist() == [rgb[..., 0].tolist()]
    rgba = vio.read_image(paths["rgba"])
    assert rgba.shape == (4, 2, 3) and rgba[3].tolist() == rgb[..., 0].tolist()


def test_modes_convert_channels(images):
    rgb, paths = images
    assert vio.read_image(paths["gray"], vio.ImageReadMode.RGB).tolist() == [rgb[..., 0].tolist()] * 3
    assert vio.read_image(paths["rgb"], vio.ImageReadMode.RGB_ALPHA)[3].tolist() == [[255] * 3] * 2
    assert vio.read_image(paths["rgba"], vio.ImageReadMode.RGB).shape == (3, 2, 3)
    assert vio.read_image(paths["rgb"], "gray").shape == (1, 2, 3)
    with pytest.raises(ValueError, match="Unknown image read mode"):
        vio.read_image(paths["rgb"], "cmyk")


def test_read_file_and_decode_image(images):
    _, paths = images
    data = vio.read_file(paths["rgb"])
    assert data.dtype == tinytorch.uint8 and data.dim() == 1 and data.numel() == paths["rgb"].stat().st_size
    assert vio.decode_image(data).tolist() == vio.read_image(paths["rgb"]).tolist()
    with pytest.raises(RuntimeError, match="one dimensional uint8"):
        vio.decode_image(data.float())
    with pytest.raises(RuntimeError, match="No such file"):
        vio.read_image(str(paths["rgb"]) + ".missing")
