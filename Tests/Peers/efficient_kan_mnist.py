"""efficient-kan's examples/mnist.py, timed per epoch, for the same-run comparison in BENCHMARKS.md.

    python Tests/Peers/efficient_kan_mnist.py --peers DIR [--epochs 5] [--threads 2]

DIR holds a clone of Blealtan/efficient-kan (fetched outside this repository). The recipe is the
example's, unchanged: KAN([784, 64, 10]) (grid 5, cubic), AdamW(lr 1e-3, weight decay 1e-4),
ExponentialLR(gamma 0.8), cross-entropy, batch 64 with shuffling, a validation pass every epoch,
tqdm progress bars. The one difference: torchvision's PyPI wheel needs CUDA libraries this CPU
machine lacks, so its MNIST dataset is re-created here as torchvision defines it: each sample is
turned into a PIL image (mode "L"), then ToTensor (/255) and Normalize((0.5,), (0.5,)), one
sample at a time, read from Data/mnist's gzipped IDX files. Run it in the same window as
`kan train mnist --recipe efficient-kan`, with MALLOC_MMAP_THRESHOLD_=4294967296
MALLOC_TRIM_THRESHOLD_=4294967296.
"""

import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class MNIST(Dataset):
    """torchvision.datasets.MNIST's __getitem__ with its transform, sample by sample."""

    def __init__(self, root, train):
        prefix = "train" if train else "t10k"
        self.data = torch.from_numpy(read_idx(os.path.join(root, f"{prefix}-images.idx3-ubyte.gz")).copy())
        self.targets = torch.from_numpy(read_idx(os.path.join(root, f"{prefix}-labels.idx1-ubyte.gz")).astype(np.int64))

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img = Image.fromarray(self.data[index].numpy(), mode="L")
        # ToTensor: HWC uint8 -> CHW float in [0, 1]
        tensor = torch.from_numpy(np.array(img, np.uint8, copy=True)).view(28, 28, 1)
        tensor = tensor.permute((2, 0, 1)).contiguous().to(dtype=torch.float32).div(255)
        # Normalize((0.5,), (0.5,))
        tensor = tensor.sub_(0.5).div_(0.5)
        return tensor, int(self.targets[index])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--peers", required=True)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "Data", "mnist"))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    sys.path.insert(0, os.path.join(args.peers, "Blealtan+efficient-kan", "src"))
    from efficient_kan import KAN

    trainset = MNIST(args.data, train=True)
    valset = MNIST(args.data, train=False)
    trainloader = DataLoader(trainset, batch_size=64, shuffle=True)
    valloader = DataLoader(valset, batch_size=64, shuffle=False)
    model = KAN([28 * 28, 64, 10])
    optimizer = optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    scheduler = optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.8)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        start = time.perf_counter()
        model.train()
        with tqdm(trainloader, disable=not sys.stderr.isatty()) as pbar:
            for images, labels in pbar:
                images = images.view(-1, 28 * 28)
                optimizer.zero_grad()
                output = model(images)
                loss = criterion(output, labels)
                loss.backward()
                optimizer.step()
                accuracy = (output.argmax(dim=1) == labels).float().mean()
                pbar.set_postfix(loss=loss.item(), accuracy=accuracy.item(), lr=optimizer.param_groups[0]["lr"])
        model.eval()
        val_loss = 0
        val_accuracy = 0
        with torch.no_grad():
            for images, labels in valloader:
                images = images.view(-1, 28 * 28)
                output = model(images)
                val_loss += criterion(output, labels).item()
                val_accuracy += (output.argmax(dim=1) == labels).float().mean().item()
        val_loss /= len(valloader)
        val_accuracy /= len(valloader)
        scheduler.step()
        print(f"epoch {epoch + 1}: {time.perf_counter() - start:.2f} s, val loss {val_loss:.4f}, "
              f"val accuracy {100 * val_accuracy:.2f}%", flush=True)


if __name__ == "__main__":
    main()
