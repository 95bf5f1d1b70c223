"""Reading IDX files (the MNIST format), gzipped or not, with errors that name the file.

An IDX file is a 4-byte magic number 0x0000TTDD (TT = 0x08 for unsigned bytes, DD = the
number of dimensions), DD big-endian 32-bit sizes, then the data, row-major.
"""
import gzip
import zlib

import numpy as np

UBYTE = 0x08


class IDXError(ValueError):
    """A file that is not a well-formed IDX file of the expected kind."""


def read_bytes(path):
    """The file's contents, decompressed if the name ends in .gz."""
    try:
        if str(path).endswith(".gz"):
            with gzip.open(path, "rb") as f:
                return f.read()
        with open(path, "rb") as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as e:
        raise IDXError(f"{path}: cannot read the file ({e}); it is damaged or not a gzip file") from None


def read_idx(path, ndim):
    """The uint8 array stored in IDX file ``path``, which must have ``ndim`` dimensions."""
    raw = read_bytes(path)
    if len(raw) < 4:
        raise IDXError(f"{path}: truncated file ({len(raw)} bytes, no IDX header)")
    magic = int.from_bytes(raw[:4], "big")
    expected = (UBYTE << 8) | ndim
    if magic != expected:
        raise IDXError(f"{path}: wrong magic number {magic:#010x}, expected {expected:#010x} "
                       f"(an IDX file of unsigned bytes with {ndim} dimension{'s' if ndim > 1 else ''})")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IDXError(f"{path}: truncated header ({len(raw)} bytes, {header} expected)")
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    size = 1
    for s in shape:
        size *= s
    if len(raw) - header != size:
        what = "truncated data" if len(raw) - header < size else "trailing bytes after the data"
        raise IDXError(f"{path}: {what}: the header declares shape {shape} ({size} bytes) but the file "
                       f"holds {len(raw) - header} data bytes")
    return np.frombuffer(raw, np.uint8, size, header).reshape(shape).copy()
