"""``tinytorch.save`` / ``tinytorch.load``: checkpoints as NumPy ``.npz`` archives, never pickle.

The file holds one array per tensor (``tensor_0``, ``tensor_1``...) and, under ``__tinytorch__``,
a JSON description of the saved object: nested dicts (any order kept), lists and tuples of
tensors, numbers, strings, booleans and None.  ``load`` reads it with ``allow_pickle=False``,
so a file from an untrusted source can hold data only: it can never run code.
"""
import contextlib
import json
import os
import stat
import tempfile
import zipfile
import zlib

import numpy as np

from . import _dtype
from ._tensor import Tensor

FORMAT = "tinytorch-checkpoint"
VERSION = 1
_META = "__tinytorch__"


def _encode(obj, arrays):
    if isinstance(obj, Tensor):
        arrays.append(obj._data if obj._data.flags.c_contiguous else obj._data.copy())
        kind = "parameter" if type(obj).__name__ == "Parameter" else "tensor"
        return {"T": len(arrays) - 1, "kind": kind, "requires_grad": obj.requires_grad}
    if obj is None:
        return {"N": None}
    if isinstance(obj, (bool, np.bool_)):
        return {"B": bool(obj)}
    if isinstance(obj, (int, np.integer)):
        return {"I": int(obj)}
    if isinstance(obj, (float, np.floating)):
        return {"F": repr(float(obj))}
    if isinstance(obj, str):
        return {"S": obj}
    if isinstance(obj, dict):
        return {"D": [[_encode(k, arrays), _encode(v, arrays)] for k, v in obj.items()],
                "ordered": type(obj).__name__ == "OrderedDict"}
    if isinstance(obj, list):
        return {"L": [_encode(v, arrays) for v in obj]}
    if isinstance(obj, tuple):
        return {"U": [_encode(v, arrays) for v in obj]}
    raise TypeError(f"tinytorch.save stores tensors, numbers, strings, None and dicts, lists and tuples of "
                    f"them; cannot store a {type(obj).__name__}")


def save(obj, f):
    """Write ``obj`` (e.g. ``model.state_dict()`` or a dict of them) to path or binary file ``f``.

    Saving to a path is atomic: the checkpoint is written to a temporary file in the same
    folder, flushed to disk, then renamed over ``f``.  An existing checkpoint is therefore
    either left whole (the save failed: disk full, killed...) or replaced by the whole new one.
    """
    arrays = []
    meta = {"format": FORMAT, "version": VERSION, "object": _encode(obj, arrays)}
    payload = {f"tensor_{i}": a for i, a in enumerate(arrays)}
    payload[_META] = np.array(json.dumps(meta))
    if isinstance(f, (str, os.PathLike)):
        _save_atomically(payload, os.fspath(f))
    else:
        np.savez(f, **payload)


def _save_atomically(payload, path):
    target = os.path.realpath(path)          # through a symlink: replace the file it names
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise RuntimeError(f"Parent directory {os.path.dirname(os.path.abspath(path))} does not exist.")
    if os.path.isdir(target):
        raise RuntimeError(f"{path}: is a directory; cannot save a checkpoint over it")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _mode_for(target):
    """The permissions of the file being replaced, or of a new file under the current umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder):
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Decoder:
    def __init__(self, archive, name):
        self.archive, self.name = archive, name

    def fail(self, why):
        raise RuntimeError(f"{self.name}: not a valid tinytorch checkpoint ({why})")

    def read(self):
        """The saved object, after checking the description's format and version."""
        if _META not in self.archive.files:
            self.fail("no __tinytorch__ description")
        try:
            meta = json.loads(str(self.archive[_META]))
        except (TypeError, json.JSONDecodeError) as e:
            self.fail(f"bad description: {e}")
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            self.fail("unknown format")
        if meta.get("version") != VERSION:
            self.fail(f"format version {meta.get('version')}, this tinytorch reads {VERSION}")
        return self.decode(meta.get("object"))

    def decode(self, node):
        if not isinstance(node, dict) or not node:
            self.fail("malformed description")
        if "T" in node:
            return self.tensor(node)
        tag = next(iter(node))
        value = node[tag]
        if tag == "N":
            return None
        if tag == "B" and isinstance(value, bool):
            return value
        if tag == "I" and isinstance(value, int):
            return value
        if tag == "F" and isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                self.fail(f"bad number {value!r}")
        if tag == "S" and isinstance(value, str):
            return value
        if tag in ("L", "U") and isinstance(value, list):
            items = [self.decode(v) for v in value]
            return items if tag == "L" else tuple(items)
        if tag == "D" and isinstance(value, list):
            import collections
            out = collections.OrderedDict() if node.get("ordered") else {}
            for pair in value:
                if not isinstance(pair, list) or len(pair) != 2:
                    self.fail("malformed dict entry")
                key = self.decode(pair[0])
                if isinstance(key, (list, dict)):
                    self.fail("unhashable dict key")
                out[key] = self.decode(pair[1])
            return out
        self.fail(f"unknown entry {tag!r}")

    def tensor(self, node):
        key = f"tensor_{node['T']}"
        if key not in self.archive.files:
            self.fail(f"missing array {key}")
        array = self.archive[key]
        try:
            _dtype.from_numpy_dtype(array.dtype)
        except (TypeError, KeyError, ValueError):
            self.fail(f"array {key} has unsupported dtype {array.dtype}")
        t = Tensor._make(np.array(array, copy=True))
        if node.get("kind") == "parameter":
            from .nn.parameter import Parameter
            return Parameter(t, requires_grad=bool(node.get("requires_grad")))
        if node.get("requires_grad"):
            t.requires_grad_(True)
        return t


#: What a damaged archive raises while NumPy reads it (reported as a RuntimeError, as PyTorch does).
_DAMAGED = (ValueError, OSError, zipfile.BadZipFile, zlib.error, EOFError, KeyError)


def load(f, map_location=None, weights_only=True, **kwargs):
    """Read an object written by ``save`` from path or binary file ``f``.

    map_location may name the CPU only; weights_only is accepted for PyTorch compatibility
    (loading is always data-only here).  As in PyTorch: a path that cannot be opened raises the
    ``OSError`` of ``open`` (``FileNotFoundError``, ``IsADirectoryError``...), an empty file
    ``EOFError``, and anything else that is not a whole checkpoint ``RuntimeError``.
    """
    if map_location not in (None, "cpu") and str(map_location) != "cpu":
        raise RuntimeError(f"tinytorch runs on the CPU only; cannot map to {map_location!r}")
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as fh:
            return _load_from(fh, os.fspath(f))
    return _load_from(f, getattr(f, "name", "<file>"))


def _load_from(fh, name):
    if not fh.seekable():
        raise RuntimeError(f"{name}: tinytorch.load needs a seekable file (a checkpoint is a zip archive)")
    start = fh.tell()
    if not fh.read(1):
        raise EOFError(f"{name}: the file is empty, not a tinytorch checkpoint")
    fh.seek(start)
    try:
        archive = np.load(fh, allow_pickle=False)
    except _DAMAGED as e:
        raise RuntimeError(f"{name}: not a valid tinytorch checkpoint ({e})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise RuntimeError(f"{name}: not a valid tinytorch checkpoint (a bare .npy array, not an .npz archive)")
    with archive:
        decoder = _Decoder(archive, name)
        try:
            return decoder.read()
        except _DAMAGED as e:
            raise RuntimeError(f"{name}: not a valid tinytorch checkpoint (damaged archive: {e})") from None
