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


#: Decompressed bytes read per step: memory never exceeds the declared data size by more than this.
CHUNK = 1 << 20


def _open(path):
    return gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")


def _read_exactly(f, count):
    """Up to ``count`` bytes of ``f``, read chunk by chunk (fewer only at the end of the stream)."""
    out = bytearray()
    while len(out) < count:
        chunk = f.read(min(CHUNK, count - len(out)))
        if not chunk:
            break
        out += chunk
    return out


def read_idx(path, ndim):
    """The uint8 array stored in IDX file ``path``, which must have ``ndim`` dimensions.

    The file (gzipped if its name ends in .gz) is read incrementally: the header first, then
    exactly the data size it declares, then one byte more to detect trailing data.  A small
    file that inflates to far more than its header declares (a gzip bomb) therefore costs no
    more memory than the declared size.
    """
    try:
        with _open(path) as f:
            return _parse(f, path, ndim)
    except (OSError, EOFError, zlib.error) as e:
        raise IDXError(f"{path}: cannot read the file ({e}); it is damaged or not a gzip file") from None


def _parse(f, path, ndim):
    magic_bytes = _read_exactly(f, 4)
    if len(magic_bytes) < 4:
        raise IDXError(f"{path}: truncated file ({len(magic_bytes)} bytes, no IDX header)")
    magic = int.from_bytes(magic_bytes, "big")
    expected = (UBYTE << 8) | ndim
    if magic != expected:
        raise IDXError(f"{path}: wrong magic number {magic:#010x}, expected {expected:#010x} "
                       f"(an IDX file of unsigned bytes with {ndim} dimension{'s' if ndim > 1 else ''})")
    header = 4 + 4 * ndim
    sizes = _read_exactly(f, 4 * ndim)
    if len(sizes) < 4 * ndim:
        raise IDXError(f"{path}: truncated header ({4 + len(sizes)} bytes, {header} expected)")
    shape = tuple(int.from_bytes(sizes[4 * i:4 + 4 * i], "big") for i in range(ndim))
    size = 1
    for s in shape:
        size *= s
    data = _read_exactly(f, size)
    if len(data) < size:
        raise IDXError(f"{path}: truncated data: the header declares shape {shape} ({size} bytes) but the file "
                       f"holds {len(data)} data bytes")
    if f.read(1):
        raise IDXError(f"{path}: trailing bytes after the data: the header declares shape {shape} ({size} bytes) "
                       f"but the file holds more data bytes")
    return np.frombuffer(data, np.uint8).reshape(shape)
