"""``tinytorch.save`` / ``tinytorch.load``: checkpoints as NumPy ``.npz`` archives, never pickle.

The file holds one array per tensor (``tensor_0``, ``tensor_1``...) and, under ``__tinytorch__``,
a JSON description of the saved object: nested dicts (any order kept), lists and tuples of
tensors, numbers, strings, booleans and None.  ``load`` reads it with ``allow_pickle=False``,
so a file from an untrusted source can hold data only: it can never run code.
"""
import json
import os
import zipfile

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
    """Write ``obj`` (e.g. ``model.state_dict()`` or a dict of them) to path or binary file ``f``."""
    arrays = []
    meta = {"format": FORMAT, "version": VERSION, "object": _encode(obj, arrays)}
    payload = {f"tensor_{i}": a for i, a in enumerate(arrays)}
    payload[_META] = np.array(json.dumps(meta))
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as fh:
            np.savez(fh, **payload)
    else:
        np.savez(f, **payload)


class _Decoder:
    def __init__(self, archive, name):
        self.archive, self.name = archive, name

    def fail(self, why):
        raise RuntimeError(f"{self.name}: not a valid tinytorch checkpoint ({why})")

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


def load(f, map_location=None, weights_only=True, **kwargs):
    """Read an object written by ``save`` from path or binary file ``f``.

    map_location may name the CPU only; weights_only is accepted for PyTorch compatibility
    (loading is always data-only here).
    """
    if map_location not in (None, "cpu") and str(map_location) != "cpu":
        raise RuntimeError(f"tinytorch runs on the CPU only; cannot map to {map_location!r}")
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", "<file>")
    try:
        archive = np.load(f, allow_pickle=False)
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise RuntimeError(f"{name}: not a valid tinytorch checkpoint ({e})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise RuntimeError(f"{name}: not a valid tinytorch checkpoint (a bare .npy array, not an .npz archive)")
    with archive:
        decoder = _Decoder(archive, name)
        if _META not in archive.files:
            decoder.fail("no __tinytorch__ description")
        try:
            meta = json.loads(str(archive[_META]))
        except (ValueError, TypeError) as e:
            decoder.fail(f"bad description: {e}")
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            decoder.fail("unknown format")
        if meta.get("version") != VERSION:
            decoder.fail(f"format version {meta.get('version')}, this tinytorch reads {VERSION}")
        return decoder.decode(meta.get("object"))


