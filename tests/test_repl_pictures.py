"""The notebook's pictures: the built-in SVG layout of %graph, Graphviz's when ``dot`` is there,
and the standard-library PNG writer of %show (decoded back here with zlib and struct)."""
import os
import struct
import xml.etree.ElementTree as ET
import zlib

import numpy as np
import pytest

from tinytorch_repl import graph, magics, pictures, show
from tinytorch_repl.runner import Session

from conftest import run_cells as run

SVG = "{http://www.w3.org/2000/svg}"
SEED_4 = ["x = torch.ones(2,2,requires_grad=True)", "y = x+2", "z = y*y*3\nout = z.mean()"]


def _parse(svg):
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


def _texts(root):
    return [t.text for t in root.iter(SVG + "text")]


def _boxes(root):
    """{first label line: (x, y, w, h)} of the drawn boxes."""
    out = {}
    for group in root.iter(SVG + "g"):
        rect = group.find(SVG + "rect")
        first = group.find(SVG + "text").text
        out[first] = tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))
    return out


def _edges(root):
    return [tuple(float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))
            for line in root.iter(SVG + "line") if line.get("class") == "edge"]


# ---- the built-in layout --------------------------------------------------------------------------

DIAMOND = ([("top", ["top", "A"], "node"), ("l", ["left"], "node"), ("r", ["right", "B", "(3,)"], "leaf"),
            ("bottom", ["bottom"], "leaf"), ("k", ["constant 2"], "constant")],
           [("top", "l"), ("top", "r"), ("l", "bottom"), ("r", "bottom"), ("top", "bottom"), ("r", "k")])


def test_layout_is_well_formed_with_every_label_and_edge():
    boxes, edges = DIAMOND
    root = _parse(pictures.layout_svg(boxes, edges))
    texts = _texts(root)
    for _, lines, _ in boxes:
        for line in lines:
            assert line in texts
    assert len(texts) == sum(len(lines) for _, lines, _ in boxes)
    assert len(_edges(root)) == len(edges) == len(list(root.iter(SVG + "polygon")))
    assert len(list(root.iter(SVG + "rect"))) == len(boxes)


def test_layout_puts_every_box_below_the_boxes_pointing_to_it_without_overlaps():
    boxes, edges = DIAMOND
    root = _parse(pictures.layout_svg(boxes, edges))
    place = _boxes(root)
    first = {box_id: lines[0] for box_id, lines, _ in boxes}
    for source, target in edges:
        (sx, sy, sw, sh), (tx, ty, tw, th) = place[first[source]], place[first[target]]
        assert ty >= sy + sh  # the longest path decides the layer: bottom is under left/right, not beside
    assert place["bottom"][1] > place["left"][1] + place["left"][3]
    rects = list(place.values())
    for i, (ax, ay, aw, ah) in enumerate(rects):
        for bx, by, bw, bh in rects[i + 1:]:
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    width, height = float(root.get("width")), float(root.get("height"))
    assert all(x >= 0 and y >= 0 and x + w <= width + 1 and y + h <= height + 1 for x, y, w, h in rects)
    for x1, y1, x2, y2 in _edges(root):  # from a box's bottom edge to (just above) another's top edge
        assert y2 > y1


def test_layout_escapes_labels_and_sizes_wide_characters():
    boxes = [("a", ['<a & "b">'], "node"), ("b", ["가중치"], "leaf"), ("c", ["abc"], "leaf")]
    root = _parse(pictures.layout_svg(boxes, [("a", "b"), ("a", "c")]))
    assert '<a & "b">' in _texts(root)
    place = _boxes(root)
    assert place["가중치"][2] > place["abc"][2]  # three syllables take six columns


def test_layout_of_an_empty_graph_is_still_an_svg():
    root = _parse(pictures.layout_svg([], []))
    assert _texts(root) == []


# ---- %graph with session.inline_images --------------------------------------------------------------

def _notebook_like():
    s = Session()
    s.inline_images = True
    run(s, *SEED_4)
    return s


def test_graph_returns_the_built_in_drawing_without_dot(monkeypatch):
    monkeypatch.setenv("PATH", "")  # no dot program
    s = _notebook_like()
    picture = magics.run(s, "graph", "out")
    assert isinstance(picture, pictures.GraphPicture) and picture.renderer == "built-in"
    root = _parse(picture._repr_svg_())
    texts = _texts(root)
    view = graph.GraphView(s, s.namespace["out"])
    boxes, edges = graph.graph_items(view)
    assert len(_edges(root)) == len(edges) == 7 == graph.dot_source(view).count("->")
    for _, lines, _ in boxes:
        assert all(line in texts for line in lines)
    assert {"out", "MeanBackward1", "x", "AccumulateGrad", "(2, 2)", "()"} <= set(texts)
    assert "constant (no grad) 3" in texts  # z = y*y*3: the constant's value
    assert repr(picture) == "\n".join(graph.text_tree(view))  # the plain form is the terminal's tree


def test_graph_prints_the_tree_in_the_terminal():
    s = Session()
    run(s, *SEED_4)
    assert s.inline_images is False
    out = run(s, "%graph out")
    assert out.startswith("out  MeanBackward1  ()") and "<svg" not in out


FAKE_DOT_SVG = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
                ' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Generated by a test -->\n'
                '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>from dot</text></svg>\n')


def _fake_dot(tmp_path, body):
    program = tmp_path / "dot"
    program.write_text("#!/bin/sh\n" + body)
    program.chmod(0o755)
    return str(tmp_path)


def test_graph_uses_dot_when_it_is_on_path(tmp_path, monkeypatch):
    (tmp_path / "out.svg").write_text(FAKE_DOT_SVG)
    # the fake dot keeps what it was given and answers with an SVG document (prolog and all)
    bin_dir = _fake_dot(tmp_path, f'[ "$1" = -Tsvg ] || exit 2\ncat > "{tmp_path}/in.dot"\ncat "{tmp_path}/out.svg"\n')
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ.get("PATH", ""))
    s = _notebook_like()
    picture = magics.run(s, "graph", "out")
    assert picture.renderer == "graphviz"
    assert picture.svg.startswith("<svg") and _texts(_parse(picture.svg)) == ["from dot"]
    assert (tmp_path / "in.dot").read_text() == graph.dot_source(graph.GraphView(s, s.namespace["out"]))


def test_a_failing_dot_falls_back_to_the_built_in_layout(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _fake_dot(tmp_path, "echo broken >&2\nexit 1\n"))
    picture = magics.run(_notebook_like(), "graph", "out")
    assert picture.renderer == "built-in" and "MeanBackward1" in _texts(_parse(picture.svg))


# ---- the PNG writer -------------------------------------------------------------------------------

def decode_png(data):
    """(width, height, color type, pixels) of an 8-bit, non-interlaced PNG with filter type 0 rows,
    checking the signature, every chunk's CRC and the chunk order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        pos += 12 + length
    assert [k for k, _ in chunks][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, color, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, compression, filtering, interlace) == (8, 0, 0, 0)
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    channels = {0: 1, 2: 3}[color]
    rows = np.frombuffer(raw, np.uint8).reshape(height, 1 + width * channels)
    assert (rows[:, 0] == 0).all()  # filter type 0 on every row
    pixels = rows[:, 1:].reshape((height, width) if channels == 1 else (height, width, 3))
    return width, height, color, pixels


def test_png_round_trips_grayscale_pixels():
    pixels = (np.arange(7 * 5, dtype=np.int64).reshape(7, 5) * 7 % 256).astype(np.uint8)
    width, height, color, back = decode_png(pictures.png_bytes(pixels))
    assert (width, height, color) == (5, 7, 0)
    np.testing.assert_array_equal(back, pixels)


def test_png_round_trips_rgb_and_non_contiguous_pixels():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(6, 9, 3), dtype=np.uint8)[:, ::2]  # a strided view
    width, height, color, back = decode_png(pictures.png_bytes(pixels))
    assert (width, height, color) == (5, 6, 2)
    np.testing.assert_array_equal(back, pixels)


@pytest.mark.parametrize("pixels, error", [(np.zeros((2, 2)), TypeError), (np.zeros((2, 2, 4), np.uint8), ValueError),
                                           (np.zeros((0, 3), np.uint8), ValueError)])
def test_png_refuses_what_it_cannot_write(pixels, error):
    with pytest.raises(error):
        pictures.png_bytes(pixels)


def test_gray_pixels_enlarge_each_value_to_a_square():
    levels = np.array([[0.0, 0.5, 1.0], [1.0, 0.25, 0.0]])
    pixels = pictures.gray_pixels(levels, target=30)
    assert pixels.shape == (20, 30)  # 30 // 3 = 10 screen pixels per value
    np.testing.assert_array_equal(pixels[::10, ::10], [[0, 128, 255], [255, 64, 0]])
    assert (pixels[:10, :10] == 0).all() and (pixels[10:, 20:] == 0).all()
    assert pictures.gray_pixels(np.zeros((1000, 10))).shape == (1000, 10)  # never shrunk


def test_show_returns_a_png_with_the_scale_printed(capsys):
    s = Session()
    s.inline_images = True
    run(s, "img = torch.tensor([[[0., 1.], [3., 4.]]])")  # a 1x2x2 image, min 0 and max 4
    picture = magics.run(s, "show", "(img, 7)")
    printed = capsys.readouterr().out
    assert printed == "2×2 pixels, black = 0, white = 4\nlabel: 7\n"
    assert repr(picture) == "2×2 pixels, black = 0, white = 4; label: 7"
    width, height, color, pixels = decode_png(picture._repr_png_())
    k = min(16, pictures.TARGET_SIZE // 2)
    assert (width, height, color) == (2 * k, 2 * k, 0)
    np.testing.assert_array_equal(pixels[::k, ::k], [[0, 64], [191, 255]])
    np.testing.assert_array_equal(pictures.gray_pixels(show.normalized(np.array([[0., 1.], [3., 4.]]))), pixels)


def test_show_of_non_finite_values_says_so():
    s = Session()
    s.inline_images = True
    run(s, "img = torch.full((2, 3), float('nan'))")
    picture = magics.run(s, "show", "img")
    assert repr(picture) == "2×3 pixels, no finite value (all black)"
    assert (decode_png(picture.png)[3] == 0).all()
