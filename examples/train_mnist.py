"""Train an MLP or a small CNN on MNIST or Fashion-MNIST: PyTorch code with ``import tinytorch as torch``.

    python examples/train_mnist.py --model mlp --epochs 1 --batch-size 64 --lr 0.1 --dataset fashion
    python examples/train_mnist.py --model cnn --dataset mnist --save cnn.npz
    python examples/train_mnist.py --model mlp --dataset fashion --compare   # PyTorch too, same run

The full training set is used when its files are found (see ``tinytorch.datasets.MNIST`` for
where; Debian's ``dataset-fashion-mnist`` package provides Fashion-MNIST).  Without MNIST's
training files, the bundled real test set is split 8,000 / 2,000 (``bundled_split``) and the
script says so.  ``--compare`` trains the same recipe with PyTorch afterwards (when ``torch``
is installed) on the same arrays and prints both summaries.
"""
import argparse
import sys
import time

# tinytorch is imported inside the functions that need it, so ``build_model``,
# ``train_epoch`` and ``evaluate`` (which take the library as an argument) can be
# imported by the PyTorch side of ``python -m benchmarks`` without loading tinytorch.


def build_model(nn, kind):
    """784-128-10 MLP, or the LeNet-style CNN: conv 1->8 3x3, pool, conv 8->16 3x3, pool, linear 400->10."""
    if kind == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 10))


def load_data(name):
    """(train, test, description) as tinytorch datasets."""
    from tinytorch.datasets import MNIST, FashionMNIST, bundled_split

    cls = FashionMNIST if name == "fashion" else MNIST
    try:
        train, test = cls(train=True), cls(train=False)
        return train, test, f"full {cls.__name__} from {train.location} ({len(train)} train / {len(test)} test)"
    except FileNotFoundError:
        if name == "fashion":
            raise
    train, test = bundled_split()
    return train, test, (f"bundled MNIST test set split {len(train)} train / {len(test)} held out "
                         "(the 60,000-image training set was not found)")


def progress(epoch, done, total, loss, start):
    width = 30
    filled = int(width * done / total)
    rate = done / max(time.perf_counter() - start, 1e-9)
    sys.stderr.write(f"\repoch {epoch} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                     f"loss {loss:.4f} {rate:,.0f} samples/s")
    sys.stderr.flush()


def train_epoch(model, optimizer, loss_fn, batches, on_batch=None):
    """One pass over ``batches`` (pairs x, y): zero_grad, forward, loss, backward, step.

    Returns (mean loss, number of samples); ``on_batch(samples so far, mean loss so far)``
    is called after every batch when given."""
    model.train()
    seen, total_loss, count = 0, 0.0, 0
    for x, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        seen += len(y)
        count += 1
        total_loss += loss.item()
        if on_batch is not None:
            on_batch(seen, total_loss / count)
    return total_loss / max(count, 1), seen


def evaluate(torch, model, batches):
    """Fraction of correctly classified samples over ``batches`` (pairs x, y), without grad."""
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in batches:
            correct += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    return correct / max(total, 1)


def run(torch, train_loader, test_loader, args, label):
    """Train and evaluate with library ``torch`` (tinytorch or PyTorch); returns the summary dict."""
    torch.manual_seed(args.seed)
    nn = torch.nn
    model = build_model(nn, args.model)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    n_train = len(train_loader.dataset)
    train_time, accuracy = 0.0, 0.0
    for epoch in range(1, args.epochs + 1):
        start, batches = time.perf_counter(), [0]

        def on_batch(seen, mean_loss, epoch=epoch, start=start, batches=batches):
            batches[0] += 1
            if batches[0] % 50 == 0 or seen == n_train:
                progress(epoch, seen, n_train, mean_loss, start)
        mean_loss, _ = train_epoch(model, optimizer, loss_fn, train_loader, on_batch)
        elapsed = time.perf_counter() - start
        train_time += elapsed
        sys.stderr.write("\n")
        accuracy = evaluate(torch, model, test_loader)
        print(f"[{label}] epoch {epoch}: loss {mean_loss:.4f}, test accuracy {accuracy:.2%}, "
              f"{elapsed:.2f} s")
    summary = dict(label=label, seconds_per_epoch=train_time / args.epochs,
                   samples_per_s=n_train * args.epochs / train_time, accuracy=accuracy)
    print(f"[{label}] {args.model} summary: {summary['seconds_per_epoch']:.2f} s/epoch, "
          f"{summary['samples_per_s']:,.0f} samples/s, final test accuracy {accuracy:.2%}")
    return model, summary


def torch_loaders(train, test, args):
    """The same images as float32 arrays in PyTorch DataLoaders (for --compare)."""
    import numpy as np
    import torch

    def tensors(ds):
        images, labels = ds.fetch_batch(np.arange(len(ds)))
        return torch.from_numpy(images.numpy().copy()), torch.from_numpy(labels.numpy().copy())

    train_ds, test_ds = (torch.utils.data.TensorDataset(*tensors(d)) for d in (train, test))
    return (torch.utils.data.DataLoader(train_ds, batch_size=args.batch_size, shuffle=True),
            torch.utils.data.DataLoader(test_ds, batch_size=1000))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--dataset", choices=["mnist", "fashion"], default="mnist")
    parser.add_argument("--save", metavar="PATH", help="write the trained model's state_dict here (.npz)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N training samples")
    parser.add_argument("--compare", action="store_true", help="also train with PyTorch in the same run")
    args = parser.parse_args(argv)
    import tinytorch
    from tinytorch.utils.data import Subset

    train, test, description = load_data(args.dataset)
    if args.limit:
        train = Subset(train, range(min(args.limit, len(train))))
        description += f", limited to {len(train)} training samples"
    print(f"data: {description}")
    tinytorch.manual_seed(args.seed)
    loaders = (tinytorch.utils.data.DataLoader(train, batch_size=args.batch_size, shuffle=True),
               tinytorch.utils.data.DataLoader(test, batch_size=1000))
    model, ours = run(tinytorch, *loaders, args, "tinytorch")
    if args.save:
        tinytorch.save(model.state_dict(), args.save)
        print(f"saved the model's state_dict to {args.save}")
    if args.compare:
        try:
            import torch
        except ImportError:
            print("--compare: PyTorch is not installed")
            return 0
        _, theirs = run(torch, *torch_loaders(train, test, args), args, "pytorch")
        print(f"tinytorch / PyTorch time ratio: {ours['seconds_per_epoch'] / theirs['seconds_per_epoch']:.2f}; "
              f"accuracy {ours['accuracy']:.2%} vs {theirs['accuracy']:.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
