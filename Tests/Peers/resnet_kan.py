"""The PyTorch reference of swift-kan's ResNet-KAN: same architecture, same names, same recipe.

    python Tests/Peers/resnet_kan.py train [--model resnet-kan|resnet-kanconv] [--epochs 5]
        [--threads 2] [--limit N] [--json]
    python Tests/Peers/resnet_kan.py check MODEL.safetensors [--kan .build/release/kan]

`train` trains the architecture `kan train mnist --model resnet-kan` trains, with the same
recipe (AdamW, lr x gamma per epoch, batch 64, seeded random shifts of up to 2 pixels), on
`--threads` threads, and prints one line per epoch (loss, test accuracy, seconds), then
`test accuracy: NN.NN%`, `seconds per epoch: S` (the median) and the peak RSS.

`check` builds the architecture recorded in the file's metadata, loads the file with
`load_state_dict(load_file(path), strict=True)` and predicts the 10,000 MNIST test images; with
`--kan` it also runs `kan predict` on them (`--count N`: the first N) and compares logits and
classes, exiting with 1 if a class differs.

The head is efficient-kan's `KAN` and the KAN convolution its `KANLinear` on unfolded patches,
imported from a clone of github.com/Blealtan/efficient-kan (`--efficient-kan DIR/src`, default
/work/peers/Blealtan+efficient-kan/src; outside this repository, never committed). Needs torch,
numpy, safetensors. Time it with MALLOC_MMAP_THRESHOLD_=4294967296
MALLOC_TRIM_THRESHOLD_=4294967296, as BENCHMARKS.md does for every PyTorch row.
"""
import argparse
import gzip
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parents[2]


# MARK: - Architecture (the metadata keys of a swift-kan ResNet-KAN file)

DEFAULT = {
    "resnet.input": "1,28,28",
    "resnet.stem": "16",
    "resnet.stages": "16x1,32x1/2,64x1/2",
    "resnet.block": "conv",
    "resnet.head": "64,10",
    "kan.grid_size": "5",
    "kan.spline_order": "3",
    "kan.grid_range": "-1,1",
}


def parse_stages(text):
    """'16x1,32x1/2' -> [(16, 1, 1), (32, 1, 2)]: channels x blocks / stride."""
    stages = []
    for item in text.split(","):
        shape, _, stride = item.partition("/")
        channels, blocks = shape.split("x")
        stages.append((int(channels), int(blocks), int(stride or 1)))
    return stages


class KANConv2d(nn.Module):
    """A KAN convolution: efficient-kan's KANLinear on the unfolded (C*kh*kw) patches."""

    def __init__(self, KANLinear, cin, cout, kernel, stride, padding, grid, order, grid_range):
        super().__init__()
        self.cout, self.kernel, self.stride, self.padding = cout, kernel, stride, padding
        self.kan = KANLinear(cin * kernel * kernel, cout, grid_size=grid, spline_order=order,
                             grid_range=grid_range)

    def forward(self, x):
        n, _, h, w = x.shape
        oh = (h + 2 * self.padding - self.kernel) // self.stride + 1
        ow = (w + 2 * self.padding - self.kernel) // self.stride + 1
        patches = F.unfold(x, self.kernel, padding=self.padding, stride=self.stride)
        y = self.kan(patches.transpose(1, 2).reshape(n * oh * ow, -1))
        return y.reshape(n, oh * ow, self.cout).transpose(1, 2).reshape(n, self.cout, oh, ow)


class Stem(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class Shortcut(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(x))


class Block(nn.Module):
    """y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""

    def __init__(self, cin, cout, stride, make_conv):
        super().__init__()
        self.conv1 = make_conv(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = make_conv(cout, cout, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = Shortcut(cin, cout, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class Stage(nn.Module):
    def __init__(self, blocks):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


class ResNetKAN(nn.Module):
    """stem, stages of residual blocks, global average pooling, a KAN head."""

    def __init__(self, meta, KANLinear, KAN):
        super().__init__()
        cin = int(meta["resnet.input"].split(",")[0])
        stem = int(meta["resnet.stem"])
        grid, order = int(meta["kan.grid_size"]), int(meta["kan.spline_order"])
        grid_range = [float(v) for v in meta["kan.grid_range"].split(",")]
        if meta["resnet.block"] == "kanconv":
            def make_conv(a, b, stride):
                return KANConv2d(KANLinear, a, b, 3, stride, 1, grid, order, grid_range)
        else:
            def make_conv(a, b, stride):
                return nn.Conv2d(a, b, 3, stride=stride, padding=1, bias=False)
        self.stem = Stem(cin, stem)
        stages, channels = [], stem
        for cout, count, stride in parse_stages(meta["resnet.stages"]):
            blocks = []
            for b in range(count):
                blocks.append(Block(channels, cout, stride if b == 0 else 1, make_conv))
                channels = cout
            stages.append(Stage(blocks))
        self.stages = nn.ModuleList(stages)
        widths = [int(v) for v in meta["resnet.head"].split(",")]
        self.head = KAN(widths, grid_size=grid, spline_order=order, grid_range=grid_range)

    def forward(self, x):
        x = self.stem(x)
        for stage in self.stages:
            x = stage(x)
        return self.head(x.mean(dim=(2, 3)))


# MARK: - Data and recipe

def mnist(split):
    """Images (N, 1, 28, 28) float32 in [-1, 1] and labels (N,) int64."""
    prefix = "train" if split == "train" else "t10k"
    with gzip.open(ROOT / f"Data/mnist/{prefix}-images.idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    with gzip.open(ROOT / f"Data/mnist/{prefix}-labels.idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    x = images.reshape(-1, 1, 28, 28).astype(np.float32) / 127.5 - 1
    return torch.from_numpy(x), torch.from_numpy(labels.astype(np.int64))


def shifted(x, generator, reach):
    """Each image moved by (dy, dx) in [-reach, reach]^2, the background (-1) filling in."""
    if reach == 0:
        return x
    n, c, h, w = x.shape
    padded = F.pad(x, (reach, reach, reach, reach), value=-1.0)
    offsets = torch.randint(0, 2 * reach + 1, (n, 2), generator=generator)
    rows = (offsets[:, 0:1] + torch.arange(h))[:, None, :, None]  # (n, 1, h, 1)
    columns = (offsets[:, 1:2] + torch.arange(w))[:, None, None, :]  # (n, 1, 1, w)
    images = torch.arange(n)[:, None, None, None]
    channels = torch.arange(c)[None, :, None, None]
    return padded[images, channels, rows, columns]


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for first in range(0, len(x), batch):
            correct += (model(x[first:first + batch]).argmax(1) == y[first:first + batch]).sum()
    model.train()
    return float(correct) / len(x)


def train(args, KANLinear, KAN):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    meta = dict(DEFAULT)
    meta["resnet.block"] = "kanconv" if args.model == "resnet-kanconv" else "conv"
    model = ResNetKAN(meta, KANLinear, KAN)
    x, y = mnist("train")
    tx, ty = mnist("test")
    if args.limit:
        x, y, tx, ty = x[:args.limit], y[:args.limit], tx[:args.limit], ty[:args.limit]
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.gamma)
    generator = torch.Generator().manual_seed(args.seed)
    params = sum(p.numel() for p in model.parameters())
    print(f"resnet_kan.py: {args.model}, {params} parameters, {len(x)} training images, "
          f"{args.epochs} epochs, {args.threads} threads, torch {torch.__version__}")
    seconds = []
    for epoch in range(args.epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x), generator=generator)
        total, batches = 0.0, 0
        for first in range(0, len(x), args.batch_size):
            index = order[first:first + args.batch_size]
            inputs = shifted(x[index], generator, args.shift)
            loss = F.cross_entropy(model(inputs), y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        seconds.append(time.perf_counter() - start)
        lr = schedule.get_last_lr()[0]
        schedule.step()
        test = accuracy(model, tx, ty, batch=50 if args.model == "resnet-kanconv" else 1000)
        print(f"epoch {epoch + 1}/{args.epochs}  loss {total / batches:.4g}  lr {lr:.2e}  "
              f"test {100 * test:.2f}%  {seconds[-1]:.1f} s", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"test accuracy: {100 * test:.2f}%")
    print(f"seconds per epoch: {statistics.median(seconds):.2f} (median of {len(seconds)})")
    print(f"peak RSS: {rss:.0f} MB")
    if args.json:
        print(json.dumps({"model": args.model, "threads": args.threads, "epochs": args.epochs,
                          "test_accuracy": test, "seconds_per_epoch": statistics.median(seconds),
                          "peak_rss_mb": rss}))


# MARK: - Loading a swift-kan file

def check(args, KANLinear, KAN):
    from safetensors import safe_open
    from safetensors.torch import load_file

    torch.set_num_threads(args.threads)
    with safe_open(args.file, framework="pt") as f:
        meta = f.metadata()
    model = ResNetKAN(meta, KANLinear, KAN)
    model.load_state_dict(load_file(args.file), strict=True)
    model.eval()
    print(f"ResNetKAN(stem {meta['resnet.stem']}, stages {meta['resnet.stages']}, block "
          f"{meta['resnet.block']}, head {meta['resnet.head']}).load_state_dict("
          f"load_file({args.file}), strict=True): ok")
    tx, ty = mnist("test")
    tx, ty = tx[:args.count], ty[:args.count]
    step = 50 if meta["resnet.block"] == "kanconv" else 1000  # KAN convolutions: B-spline tensors
    with torch.no_grad():
        logits = torch.cat([model(tx[i:i + step]) for i in range(0, len(tx), step)])
    classes = logits.argmax(1)
    print(f"PyTorch accuracy on {len(tx)} test images: "
          f"{100 * float((classes == ty).float().mean()):.2f}%")
    if args.kan:
        count = args.count
        with tempfile.TemporaryDirectory() as work:
            inputs, outputs = Path(work) / "x.csv", Path(work) / "y.csv"
            flat = tx[:count].reshape(count, -1).numpy()
            header = ",".join(f"p{i}" for i in range(flat.shape[1]))
            np.savetxt(inputs, flat, delimiter=",", header=header, comments="", fmt="%.9g")
            subprocess.run([args.kan, "predict", "--model", args.file, "--input", inputs,
                            "--output", outputs], check=True)
            ours = np.loadtxt(outputs, delimiter=",", skiprows=1, ndmin=2)
        diff = float(np.abs(ours[:, :10] - logits[:count].numpy()).max())
        same = bool((ours[:, 10].astype(np.int64) == classes[:count].numpy()).all())
        print(f"kan predict vs PyTorch on {count} test images: max |logit difference| "
              f"{diff:.3e}, same classes: {same}")
        if not same:
            sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["train", "check"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--model", default="resnet-kan", choices=["resnet-kan", "resnet-kanconv"])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--gamma", type=float, default=0.8)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--shift", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--kan", help="a kan binary, to compare `kan predict` with PyTorch")
    parser.add_argument("--count", type=int, default=10000,
                        help="check: test images to compare with kan predict (default all)")
    parser.add_argument("--efficient-kan", default="/work/peers/Blealtan+efficient-kan/src")
    args = parser.parse_args()
    sys.path.insert(0, args.efficient_kan)
    from efficient_kan import KAN, KANLinear  # noqa: E402

    if args.command == "train":
        train(args, KANLinear, KAN)
    else:
        if not args.file:
            parser.error("check needs a model file")
        check(args, KANLinear, KAN)


if __name__ == "__main__":
    main()
