"""``tinytorch.random``: the default generator's seed and state, and ``fork_rng``."""
import contextlib

from ._generator import (default_generator, get_rng_state, initial_seed, manual_seed, seed,  # noqa: F401
                         set_rng_state)

__all__ = ["default_generator", "fork_rng", "get_rng_state", "initial_seed", "manual_seed", "seed",
           "set_rng_state"]


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type=None):
    """Run the block, then put the default generator back in the state it had before
    (there are no accelerator generators to fork: ``devices`` and ``device_type`` are accepted)."""
    if not enabled:
        yield
        return
    state = default_generator.get_state()
    try:
        yield
    finally:
        default_generator.set_state(state)
