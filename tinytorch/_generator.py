"""``tinytorch.Generator``: PyTorch's CPU random-number generator, state for state.

A generator is a 32-bit Mersenne Twister (mt19937) seeded with ``init_genrand`` from the
seed's low 32 bits, plus the cached second sample of the float64 Box-Muller transform
(PyTorch's ``next_double_normal_sample``).  ``get_state`` returns PyTorch's 5056-byte layout
(``CPUGeneratorImplState``), so a state saved by one library restores in the other:

    offset  bytes  field
         0      8  initial seed (int64)
         8      4  left (int32): draws until the words are regenerated
        12      4  seeded (int32, 1)
        16      8  next (uint64): index of the next word
        24   4992  the 624 words, each as a uint64
      5016     24  normal_x, normal_y (the cached float64 normal sample), normal_rho
      5040      4  normal_is_valid (int32)
      5044      4  next float normal sample (float32; PyTorch's CPU kernels never set it)
      5048      1  its valid flag, then 7 bytes of padding

The default generator is seeded from the operating system's entropy at import, as PyTorch's
is; a new ``Generator()`` starts from PyTorch's default seed 67280421310721.
"""
import os

import numpy as np

from . import _printing
from ._tensor import Tensor, device

DEFAULT_SEED = 67280421310721
STATE_SIZE = 5056
_LEGACY_STATE_SIZE = 5048
_STATE = np.dtype([("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"), ("words", "<u8", 624),
                   ("normal_x", "<f8"), ("normal_y", "<f8"), ("normal_rho", "<f8"), ("normal_is_valid", "<i4"),
                   ("float_normal", "<f4"), ("float_normal_is_valid", "u1"), ("pad", "u1", 7)])
assert _STATE.itemsize == STATE_SIZE


def _seed_value(seed):
    """A seed as PyTorch's generator stores it: any int in [-2**63, 2**64), negatives wrapped."""
    try:
        seed = int(seed)
    except TypeError:   # (a string that is not a number: int()'s ValueError, as in PyTorch)
        raise TypeError(f"manual_seed expected a long, but got {type(seed).__name__}") from None
    if not -2 ** 63 <= seed < 2 ** 64:
        raise ValueError("Overflow when unpacking long long")
    return seed % 2 ** 64


def _init_genrand(words, seed):
    """mt19937's init_genrand: word 0 is the seed's low 32 bits, word j = 1812433253 * (w ^ (w >> 30)) + j
    (mod 2**32).  Plain Python, so importing tinytorch compiles no kernel."""
    w = seed & 0xFFFFFFFF
    words[0] = w
    for j in range(1, 624):
        w = (1812433253 * (w ^ (w >> 30)) + j) & 0xFFFFFFFF
        words[j] = w


def _entropy_seed():
    return int.from_bytes(os.urandom(8), "little")


class Generator:
    """A seeded source of random numbers, PyTorch's ``torch.Generator`` for the CPU.

    ``mt`` and ``pos`` are the twister's words and position (see ``kernels/random.py``);
    ``normal_cache`` holds (valid, value) of the cached float64 normal sample.
    """

    def __init__(self, device="cpu"):
        if str(device) != "cpu":
            raise RuntimeError(f"tinytorch runs on the CPU only; device '{device}' is not available")
        self.mt = np.zeros(624, np.uint32)
        self.pos = np.zeros(2, np.int64)
        self.normal_cache = np.zeros(2, np.float64)
        self._float_normal = (False, 0.0)
        self.manual_seed(DEFAULT_SEED)

    @property
    def device(self):
        return device("cpu")

    def manual_seed(self, seed):
        """Seed the generator (an int in [-2**63, 2**64)); returns the generator."""
        self._seed = _seed_value(seed)
        _init_genrand(self.mt, self._seed)
        self.pos[:] = (1, 0)
        self.normal_cache[:] = 0.0
        self._float_normal = (False, 0.0)
        return self

    def seed(self):
        """Seed from the operating system's entropy; returns the seed."""
        s = _entropy_seed()
        self.manual_seed(s)
        return s

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """PyTorch's 5056-byte state as a uint8 tensor (layout in the module docstring)."""
        rec = np.zeros((), _STATE)
        rec["seed"], rec["left"], rec["seeded"], rec["next"] = self._seed, self.pos[0], 1, self.pos[1]
        rec["words"] = self.mt
        if self.normal_cache[0]:
            rec["normal_is_valid"], rec["normal_y"] = 1, self.normal_cache[1]
        rec["float_normal_is_valid"], rec["float_normal"] = int(self._float_normal[0]), self._float_normal[1]
        return Tensor._make(np.frombuffer(rec.tobytes(), np.uint8).copy())

    def set_state(self, new_state):
        """Restore a state from ``get_state`` (or PyTorch's ``get_rng_state``); returns the generator."""
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state._data.dtype != np.uint8:
            raise TypeError(f"expected a torch.ByteTensor, but got {new_state.type()}")
        raw = np.ascontiguousarray(new_state._data).reshape(-1).tobytes()
        if len(raw) == _LEGACY_STATE_SIZE:
            raw = raw + bytes(STATE_SIZE - _LEGACY_STATE_SIZE)
        elif len(raw) != STATE_SIZE:
            raise RuntimeError("Expected either a THGeneratorState of size 5048 or a CPUGeneratorImplState of "
                               f"size 5056 but found the input RNG state size to be {len(raw)}")
        rec = np.frombuffer(raw, _STATE)[0]
        left, nxt = int(rec["left"]), int(rec["next"])
        if not (1 <= left <= 624 and 0 <= nxt <= 624):
            raise RuntimeError("The RNG state is invalid: left or next out of range")
        self._seed = int(rec["seed"])
        self.mt[:] = rec["words"].astype(np.uint32)
        self.pos[:] = (left, nxt)
        self.normal_cache[:] = (1.0, float(rec["normal_y"])) if rec["normal_is_valid"] else (0.0, 0.0)
        self._float_normal = (bool(rec["float_normal_is_valid"]), float(rec["float_normal"]))
        return self

    def __repr__(self):
        if _printing.MODULE_NAME == "torch":
            return f"<torch._C.Generator object at {hex(id(self))}>"
        return f"<tinytorch.Generator object at {hex(id(self))}>"


default_generator = Generator()
default_generator.manual_seed(_entropy_seed())


def resolve(generator):
    """The generator to draw from: ``generator`` or the default one."""
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"expected a torch.Generator, but got {type(generator).__name__}")
    return generator


def manual_seed(seed):
    """Seed the default generator; returns it."""
    return default_generator.manual_seed(seed)


def seed():
    """Seed the default generator from the operating system's entropy; returns the seed."""
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)
