"""The issue-12 acceptance scenario, as one function of the library (``torch`` or ``tinytorch``).

Returns (initial parameter digests, the first 8 indices of each of the 20 batches, the 20
losses printed with 4 digits).  The data: the first 2,000 bundled real MNIST test digits,
scaled to [0, 1] (read with tinytorch's IDX reader, so both libraries see the same bytes).
"""
import hashlib
import pathlib

import numpy as np

from tinytorch.datasets.idx import read_idx

BUNDLED = pathlib.Path(__file__).resolve().parent.parent / "tinytorch" / "datasets" / "_bundled" / "mnist"


def data():
    images = read_idx(BUNDLED / "t10k-images-idx3-ubyte.gz", 3)[:2000].reshape(2000, 784).astype(np.float32) / 255
    labels = read_idx(BUNDLED / "t10k-labels-idx1-ubyte.gz", 1)[:2000].astype(np.int64)
    return images, labels


def run(torch):
    images, labels = data()
    torch.manual_seed(0)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    digests = [hashlib.sha256(np.ascontiguousarray(p.detach().numpy()).tobytes()).hexdigest()[:16]
               for p in model.parameters()]
    dataset = torch.utils.data.TensorDataset(torch.tensor(images), torch.tensor(labels),
                                             torch.arange(len(labels)))
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    batches, losses = [], []
    for step, (x, y, index) in enumerate(loader):
        if step == 20:
            break
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        batches.append(index[:8].tolist())
        losses.append(f"{loss.item():.4f}")
    return digests, batches, losses
