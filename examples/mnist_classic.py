"""PyTorch's classic MNIST example (pytorch/examples, ``mnist/main.py``) on tinytorch.

The code is what a PyTorch user writes for that example, with ``torch`` -> ``tinytorch`` in the
imports and ``from torchvision import datasets, transforms`` -> ``from tinytorch import datasets,
transforms``: a two-convolution network with dropout, trained with Adadelta and a StepLR
schedule, printing the same ``Train Epoch`` and ``Test set`` lines.

    python examples/mnist_classic.py --bundled --epochs 1   # offline: the bundled real digits
    python examples/mnist_classic.py                        # the full 60,000 / 10,000 MNIST

Data.  As in PyTorch, the training set is looked for under ``../data`` (then wherever
``tinytorch.datasets.MNIST`` searches: ``$TINYTORCH_DATA``, ``~/.cache/tinytorch``...) and
downloaded there when missing.  tinytorch ships only MNIST's 10,000 test digits, so with no
training files and no network the script says so and falls back to the bundled split: 8,000 of
those digits to train on and the other 2,000 to test on (``tinytorch.datasets.bundled_split``).
``--bundled`` uses that split straight away, without trying the download.  (The one line added
to PyTorch's code is that choice; everything else is the example as PyTorch has it.)

tinytorch runs on the CPU only: ``torch.accelerator.is_available()`` is False, so the device is
``torch.device("cpu")``.  ``--save-model`` writes ``mnist_cnn.pt`` with ``tinytorch.save``
(a NumPy ``.npz`` archive, not a pickle: read it back with ``tinytorch.load``).
"""
import argparse
import sys

import tinytorch as torch
import tinytorch.nn as nn
import tinytorch.nn.functional as F
import tinytorch.optim as optim
from tinytorch import datasets, transforms
from tinytorch.optim.lr_scheduler import StepLR


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def train(args, model, device, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))
            if args.dry_run:
                break


def test(model, device, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction='sum').item()  # add up the batch's loss
            pred = output.argmax(dim=1, keepdim=True)  # the class with the largest log-probability
            correct += pred.eq(target.view_as(pred)).sum().item()

    test_loss /= len(test_loader.dataset)

    print('\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'.format(
        test_loss, correct, len(test_loader.dataset),
        100. * correct / len(test_loader.dataset)))


def bundled_digits(transform):
    """tinytorch's offline stand-in for MNIST's (train, test) pair: the bundled 10,000 real test
    digits split 8,000 / 2,000 (every fifth image held out)."""
    return datasets.bundled_split(transform=transform)


def main(argv=None):
    # Training settings
    parser = argparse.ArgumentParser(description='PyTorch MNIST Example')
    parser.add_argument('--batch-size', type=int, default=64, metavar='N',
                        help='input batch size for training (default: 64)')
    parser.add_argument('--test-batch-size', type=int, default=1000, metavar='N',
                        help='input batch size for testing (default: 1000)')
    parser.add_argument('--epochs', type=int, default=14, metavar='N',
                        help='number of epochs to train (default: 14)')
    parser.add_argument('--lr', type=float, default=1.0, metavar='LR',
                        help='learning rate (default: 1.0)')
    parser.add_argument('--gamma', type=float, default=0.7, metavar='M',
                        help='Learning rate step gamma (default: 0.7)')
    parser.add_argument('--no-accel', action='store_true',
                        help='disables accelerator')
    parser.add_argument('--dry-run', action='store_true',
                        help='quickly check a single pass')
    parser.add_argument('--seed', type=int, default=1, metavar='S',
                        help='random seed (default: 1)')
    parser.add_argument('--log-interval', type=int, default=10, metavar='N',
                        help='how many batches to wait before logging training status')
    parser.add_argument('--save-model', action='store_true',
                        help='For Saving the current Model')
    parser.add_argument('--bundled', action='store_true',
                        help='tinytorch: train on 8,000 and test on 2,000 of the bundled real MNIST test '
                             'digits (offline; no download attempt)')
    args = parser.parse_args(argv)

    use_accel = not args.no_accel and torch.accelerator.is_available()

    torch.manual_seed(args.seed)

    if use_accel:
        device = torch.accelerator.current_accelerator()
    else:
        device = torch.device("cpu")

    train_kwargs = {'batch_size': args.batch_size}
    test_kwargs = {'batch_size': args.test_batch_size}
    if use_accel:
        accel_kwargs = {'num_workers': 1,
                        'persistent_workers': True,
                        'pin_memory': True,
                        'shuffle': True}
        train_kwargs.update(accel_kwargs)
        test_kwargs.update(accel_kwargs)

    transform = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize((0.1307,), (0.3081,))
    ])
    if args.bundled:
        dataset1, dataset2 = bundled_digits(transform)
    else:
        try:
            dataset1 = datasets.MNIST('../data', train=True, download=True,
                                      transform=transform)
            dataset2 = datasets.MNIST('../data', train=False,
                                      transform=transform)
        except (FileNotFoundError, RuntimeError) as e:
            print(f"{e}\n\nUsing the bundled digits instead: 8,000 to train on, 2,000 to test on "
                  "(pass --bundled to skip the download).", file=sys.stderr)
            dataset1, dataset2 = bundled_digits(transform)
    train_loader = torch.utils.data.DataLoader(dataset1, **train_kwargs)
    test_loader = torch.utils.data.DataLoader(dataset2, **test_kwargs)

    model = Net().to(device)
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)

    scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)
    for epoch in range(1, args.epochs + 1):
        train(args, model, device, train_loader, optimizer, epoch)
        test(model, device, test_loader)
        scheduler.step()

    if args.save_model:
        torch.save(model.state_dict(), "mnist_cnn.pt")


if __name__ == '__main__':
    main()
