"""Generator state properties: save, draw, restore, draw again gives the same numbers; two
generators never share state; fork_rng puts the default generator back."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytorch as torch

seeds = st.integers(min_value=-2 ** 63, max_value=2 ** 64 - 1)
sizes = st.integers(min_value=0, max_value=40)


@settings(max_examples=30, deadline=None)
@given(seeds, sizes, sizes)
def test_restoring_a_state_repeats_the_draws(seed, warmup, n):
    g = torch.Generator().manual_seed(seed)
    torch.randn(warmup, generator=g)   # may leave a cached normal sample in the state
    state = g.get_state()
    first = [torch.randn(n, generator=g), torch.rand(n, dtype=torch.float64, generator=g),
             torch.randint(0, 1000, (n,), generator=g)]
    g.set_state(state)
    again = [torch.randn(n, generator=g), torch.rand(n, dtype=torch.float64, generator=g),
             torch.randint(0, 1000, (n,), generator=g)]
    for a, b in zip(first, again):
        assert np.array_equal(a.numpy(), b.numpy())


@settings(max_examples=30, deadline=None)
@given(seeds, sizes)
def test_two_generators_never_share_state(seed, n):
    g1, g2 = torch.Generator().manual_seed(seed), torch.Generator().manual_seed(seed)
    a = torch.rand(n + 1, generator=g1)
    torch.rand(5, generator=g1)
    b = torch.rand(n + 1, generator=g2)
    assert np.array_equal(a.numpy(), b.numpy())
    assert g1.get_state().numpy().tobytes() != g2.get_state().numpy().tobytes()


def test_manual_seed_returns_the_generator_and_wraps_negative_seeds():
    g = torch.Generator()
    assert g.manual_seed(-1) is g and g.initial_seed() == 2 ** 64 - 1
    assert torch.manual_seed(3) is torch.default_generator and torch.initial_seed() == 3
    assert torch.Generator().initial_seed() == 67280421310721
    assert torch.get_rng_state().shape == (5056,)


def test_fork_rng_restores_the_default_generator():
    torch.manual_seed(11)
    expected = torch.rand(4)
    torch.manual_seed(11)
    with torch.random.fork_rng():
        torch.rand(100)
    assert np.array_equal(torch.rand(4).numpy(), expected.numpy())


def test_seed_draws_a_fresh_seed_and_reseeds_with_it():
    """seed() (nondeterministic, so not recorded) returns a fresh 64-bit seed, makes it the
    initial seed, and leaves the generator exactly as manual_seed(that seed) would."""
    g = torch.Generator()
    s = g.seed()
    assert isinstance(s, int) and 0 <= s < 2 ** 64 and g.initial_seed() == s
    assert np.array_equal(torch.rand(5, generator=g).numpy(),
                          torch.rand(5, generator=torch.Generator().manual_seed(s)).numpy())
    s2 = torch.seed()
    assert torch.initial_seed() == s2
    expected = torch.rand(3)
    torch.manual_seed(s2)
    assert np.array_equal(torch.rand(3).numpy(), expected.numpy())
    assert len({torch.Generator().seed() for _ in range(4)}) == 4
