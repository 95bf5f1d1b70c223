"""The character-level GPT of W8 and W10, written once for both libraries (``lib`` is
``tinytorch`` or ``torch``).

A nanoGPT-style decoder: token + position embeddings, ``n_layer`` pre-LayerNorm blocks (causal
self-attention through ``F.scaled_dot_product_attention(is_causal=True)``, then a GELU MLP of
width 4C), a final LayerNorm and a bias-free head tied to the token embedding; nanoGPT's
N(0, 0.02) initialisation; cross-entropy on the next character; AdamW (lr 1e-3).  The text is
this repository's README files (character level), so the benchmark needs no download; batches
are cut at positions drawn from ``default_rng(seed)``.
"""
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent

#: name -> (n_layer, n_head, n_embd, block_size, batch)
CONFIGS = {
    "W8": (4, 4, 128, 64, 32),
    "W10": (6, 6, 384, 128, 4),   # nanoGPT's shakespeare_char model (6 x 6 x 384), context 256 -> 128, batch 64 -> 4
}


def corpus():
    """(int64 array of character ids, vocabulary size) of the repository's README texts."""
    text = "\n".join((REPO / p).read_text(encoding="utf-8") for p in ("README.md", "benchmarks/README.md"))
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    return np.array([index[c] for c in text], dtype=np.int64), len(chars)


def build_gpt(lib, vocab, n_layer, n_head, n_embd, block_size):
    """The model as a ``lib.nn.Module``; ``forward(idx (B, T) int64, targets (B, T))`` -> loss."""
    nn, F = lib.nn, lib.nn.functional

    class CausalSelfAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_attn = nn.Linear(n_embd, 3 * n_embd)
            self.c_proj = nn.Linear(n_embd, n_embd)

        def forward(self, x):
            B, T, C = x.shape
            q, k, v = self.c_attn(x).split(n_embd, dim=2)
            q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1 = nn.LayerNorm(n_embd)
            self.attn = CausalSelfAttention()
            self.ln_2 = nn.LayerNorm(n_embd)
            self.mlp = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.GELU(), nn.Linear(4 * n_embd, n_embd))

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            return x + self.mlp(self.ln_2(x))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(vocab, n_embd)
            self.wpe = nn.Embedding(block_size, n_embd)
            self.blocks = nn.ModuleList([Block() for _ in range(n_layer)])
            self.ln_f = nn.LayerNorm(n_embd)
            self.lm_head = nn.Linear(n_embd, vocab, bias=False)
            self.lm_head.weight = self.wte.weight   # weight tying
            for m in self.modules():   # nanoGPT's initialisation: N(0, 0.02) weights, zero biases
                if isinstance(m, (nn.Linear, nn.Embedding)):
                    nn.init.normal_(m.weight, 0.0, 0.02)
                if isinstance(m, nn.Linear) and m.bias is not None:
                    nn.init.zeros_(m.bias)

        def forward(self, idx, targets):
            T = idx.shape[1]
            x = self.wte(idx) + self.wpe(lib.arange(T))
            for block in self.blocks:
                x = block(x)
            logits = self.lm_head(self.ln_f(x))
            return F.cross_entropy(logits.view(-1, vocab), targets.view(-1))

    return GPT()


class GPTSteps:
    """A seeded model and AdamW optimiser for one configuration, and its training steps."""

    def __init__(self, lib, name, seed=0, n_batches=8):
        n_layer, n_head, n_embd, block, batch = CONFIGS[name]
        data, vocab = corpus()
        lib.manual_seed(seed)
        self.lib, self.model = lib, build_gpt(lib, vocab, n_layer, n_head, n_embd, block)
        self.optimizer = lib.optim.AdamW(self.model.parameters(), lr=1e-3)
        rng = np.random.default_rng(seed)
        self.batches = []
        for _ in range(n_batches):
            starts = rng.integers(0, len(data) - block - 1, batch)
            x = np.stack([data[s:s + block] for s in starts])
            y = np.stack([data[s + 1:s + block + 1] for s in starts])
            self.batches.append((lib.from_numpy(x), lib.from_numpy(y)))
        self.k = 0

    def step(self):
        x, y = self.batches[self.k % len(self.batches)]
        self.k += 1
        self.optimizer.zero_grad()
        loss = self.model(x, y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def timed(self, steps, warmup):
        """(per-step seconds of ``steps`` steps after ``warmup`` untimed ones, last loss)."""
        for _ in range(warmup):
            self.step()
        times, loss = [], None
        for _ in range(steps):
            t0 = time.perf_counter()
            loss = self.step()
            times.append(time.perf_counter() - t0)
        return times, loss
