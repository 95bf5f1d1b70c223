"""Pictures for a notebook: ``%graph`` as SVG, ``%show`` as PNG, written with the standard library.

* ``layout_svg(boxes, edges)``: a simple layered drawing of a directed acyclic graph.  Each box
  goes on the layer of its longest path from a box nothing points to (so every edge points
  down); a layer's boxes are ordered by the mean position of the boxes pointing to them (fewer
  crossings), rows are centred, and an edge is a straight line from the bottom of its source
  box to the top of its target box, with a triangle for the arrowhead (no ``<marker>``, whose
  ids would clash between two pictures on one page).
* ``graph_svg(view)``: Graphviz's drawing (``dot -Tsvg``) when the ``dot`` program is on PATH,
  else ``layout_svg``.
* ``png_bytes(pixels)``: a PNG file (8-bit grayscale or RGB, no interlace) from a uint8 array:
  the signature, then IHDR, one IDAT (each row prefixed by filter type 0, compressed with
  zlib) and IEND chunks, each ``length, type, data, CRC-32``.
* ``GraphPicture`` / ``ImagePicture``: what ``%graph`` / ``%show`` return in a notebook; IPython
  shows their ``_repr_svg_`` / ``_repr_png_`` inline (their ``repr`` is the text fallback).
"""
import shutil
import struct
import subprocess
import zlib
from xml.sax.saxutils import escape

import numpy as np

from .wrap import display_width

FONT_SIZE = 13
CHAR_WIDTH = 7.8     # a monospace character at FONT_SIZE px
LINE_HEIGHT = 16
PAD_X, PAD_Y = 10, 7
GAP_X, GAP_Y = 24, 36
MARGIN = 12
ARROW = 7
FILL = {"leaf": "#d6ebf7", "node": "#ffffff", "constant": "#f4f4f4"}


def _layers(ids, edges):
    """{id: layer}: the longest path from a box without incoming edges (Kahn's order)."""
    children = {i: [] for i in ids}
    indegree = dict.fromkeys(ids, 0)
    for source, target in edges:
        children[source].append(target)
        indegree[target] += 1
    layer = dict.fromkeys(ids, 0)
    ready = [i for i in ids if indegree[i] == 0]
    done = set()
    while ready:
        box = ready.pop()
        done.add(box)
        for child in children[box]:
            layer[child] = max(layer[child], layer[box] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    if len(done) < len(ids):  # a cycle (never in a backward graph): put what is left below
        bottom = max(layer.values()) + 1
        for i in ids:
            if i not in done:
                layer[i] = bottom
    return layer


def _rows(ids, edges, layer):
    """The boxes of each layer, top to bottom, each row ordered by its parents' mean position."""
    rows = [[] for _ in range(max(layer.values()) + 1)] if ids else []
    for i in ids:
        rows[layer[i]].append(i)
    parents = {i: [] for i in ids}
    for source, target in edges:
        parents[target].append(source)
    position = {i: k for k, i in enumerate(rows[0])} if rows else {}
    for row in rows[1:]:
        order = {i: k for k, i in enumerate(row)}

        def centre(box, order=order):
            placed = [position[p] for p in parents[box] if p in position]
            return (sum(placed) / len(placed) if placed else len(position), order[box])
        row.sort(key=centre)
        position.update({i: k for k, i in enumerate(row)})
    return rows


def layout_svg(boxes, edges):
    """An SVG document drawing ``boxes`` ([(id, label lines, kind)], kind "leaf", "node" or
    "constant") and ``edges`` ([(from id, to id)]) top to bottom (see the module docstring)."""
    ids = [b[0] for b in boxes]
    info = {b[0]: b for b in boxes}
    size = {}
    for box_id, lines, _ in boxes:
        width = max((display_width(line) for line in lines), default=0) * CHAR_WIDTH + 2 * PAD_X
        size[box_id] = (width, max(len(lines), 1) * LINE_HEIGHT + 2 * PAD_Y)
    rows = _rows(ids, edges, _layers(ids, edges))
    row_widths = [sum(size[i][0] for i in row) + GAP_X * (len(row) - 1) for row in rows]
    total_width = max(row_widths, default=0) + 2 * MARGIN
    place, y = {}, MARGIN
    for row, row_width in zip(rows, row_widths):
        x = (total_width - row_width) / 2
        height = max(size[i][1] for i in row)
        for i in row:
            w, h = size[i]
            place[i] = (x, y + (height - h) / 2, w, h)
            x += w + GAP_X
        y += height + GAP_Y
    total_height = y - GAP_Y + MARGIN if rows else 2 * MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_width:.0f}" height="{total_height:.0f}" '
           f'viewBox="0 0 {total_width:.1f} {total_height:.1f}" font-family="monospace" font-size="{FONT_SIZE}">']
    for source, target in edges:
        out.extend(_edge(place[source], place[target]))
    for box_id in ids:
        out.extend(_box(place[box_id], info[box_id][1], info[box_id][2]))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge(source, target):
    sx, sy, sw, sh = source
    tx, ty, tw, _ = target
    x1, y1, x2, y2 = sx + sw / 2, sy + sh, tx + tw / 2, ty
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-9)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ARROW * ux, y2 - ARROW * uy            # the arrowhead's base
    left = (bx - ARROW / 2 * uy, by + ARROW / 2 * ux)
    right = (bx + ARROW / 2 * uy, by - ARROW / 2 * ux)
    return [f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#555"/>',
            f'<polygon class="arrow" points="{x2:.1f},{y2:.1f} {left[0]:.1f},{left[1]:.1f} '
            f'{right[0]:.1f},{right[1]:.1f}" fill="#555"/>']


def _box(place, lines, kind):
    x, y, w, h = place
    dash = ' stroke-dasharray="4 3"' if kind == "constant" else ""
    out = [f'<g class="{kind}">',
           f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="{FILL[kind]}" '
           f'stroke="#333"{dash}/>']
    for k, line in enumerate(lines):
        baseline = y + PAD_Y + (k + 0.8) * LINE_HEIGHT
        weight = ' font-weight="bold"' if k == 0 and len(lines) == 3 else ""  # the session's name
        out.append(f'<text x="{x + w / 2:.1f}" y="{baseline:.1f}" text-anchor="middle"{weight}>{escape(line)}</text>')
    out.append("</g>")
    return out


def dot_svg(dot_text):
    """Graphviz's SVG of DOT source ``dot_text``, or None when ``dot`` is missing or fails."""
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        result = subprocess.run([program, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True,
                                timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    svg = result.stdout.decode("utf-8", "replace")
    start = svg.find("<svg")
    if result.returncode != 0 or start < 0:
        return None
    return svg[start:]  # without the XML prolog and DOCTYPE: the element embeds in a page


def graph_svg(view):
    """(SVG text, "graphviz" or "built-in") for the backward graph of ``view`` (a ``graph.GraphView``)."""
    from . import graph

    svg = dot_svg(graph.dot_source(view))
    if svg is not None:
        return svg, "graphviz"
    return layout_svg(*graph.graph_items(view)), "built-in"


def png_bytes(pixels):
    """A PNG file of ``pixels``: a uint8 array, (H, W) grayscale or (H, W, 3) RGB."""
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8:
        raise TypeError(f"png_bytes needs uint8 pixels, not {pixels.dtype}")
    if pixels.ndim == 2:
        color_type = 0
    elif pixels.ndim == 3 and pixels.shape[2] == 3:
        color_type = 2
    else:
        raise ValueError(f"png_bytes needs (H, W) or (H, W, 3) pixels, not shape {pixels.shape}")
    height, width = pixels.shape[:2]
    if height == 0 or width == 0:
        raise ValueError("a PNG needs at least one pixel")
    rows = np.ascontiguousarray(pixels).reshape(height, -1)
    raw = np.hstack([np.zeros((height, 1), np.uint8), rows]).tobytes()  # filter type 0 on every row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


#: ``%show`` pictures are enlarged (each pixel a square of k x k) to about this many screen pixels.
TARGET_SIZE = 280


def gray_pixels(levels, target=TARGET_SIZE):
    """uint8 pixels of a 2-D array of levels in [0, 1] (0 black, 1 white), each value repeated as
    a k x k square so the longer side is about ``target`` pixels (at least 1, at most 16)."""
    levels = np.asarray(levels, dtype=np.float64)
    pixels = np.rint(np.clip(levels, 0.0, 1.0) * 255).astype(np.uint8)
    k = int(min(16, max(1, target // max(pixels.shape))))
    return np.repeat(np.repeat(pixels, k, axis=0), k, axis=1)


class GraphPicture:
    """``%graph``'s answer in a notebook: the graph as SVG, its text tree as the plain fallback."""

    def __init__(self, svg, text, renderer):
        self.svg, self.text, self.renderer = svg, text, renderer

    def _repr_svg_(self):
        return self.svg

    def __repr__(self):
        return self.text


class ImagePicture:
    """``%show``'s answer in a notebook: a PNG, and a one-line description as the plain fallback."""

    def __init__(self, png, text):
        self.png, self.text = png, text

    def _repr_png_(self):
        return self.png

    def __repr__(self):
        return self.text
