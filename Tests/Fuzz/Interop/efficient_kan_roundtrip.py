"""Checks that swift-kan model files and efficient-kan state dicts are interchangeable.

Usage: python efficient_kan_roundtrip.py KAN EFFICIENT_KAN_SRC [MODEL]

  KAN                a release build of kan (swift build -c release --product kan)
  EFFICIENT_KAN_SRC  a directory holding the efficient_kan package (src/ of
                     github.com/Blealtan/efficient-kan; kan.py imports only torch)
  MODEL              optional: a model saved by `kan train mnist --out`; without it one is
                     trained here on 3,000 images for 1 epoch

Needs torch, safetensors and numpy. Not run by CI. Two checks, on the first 32 MNIST test
images (pixels / 127.5 - 1, as both trainers scale them):

1. Swift -> PyTorch: efficient_kan.KAN(widths, grid_size=G, spline_order=k), with widths, G
   and k from the file's metadata, .load_state_dict(load_file(MODEL), strict=True); its logits
   against `kan predict`'s: max |difference| and equal classes.
2. PyTorch -> Swift: a KAN initialised in PyTorch (seed 0), its grids moved by one
   update_grid on 256 images so the knots are not uniform, saved with save_file(state_dict);
   `kan info` must read it and `kan predict`'s outputs must match PyTorch's.
"""
import gzip
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

ROOT = Path(__file__).resolve().parents[3]
IMAGES = 32
TOLERANCE = 1e-4


def test_images(count):
    """The first `count` MNIST test images as (count, 784) float32 in [-1, 1]."""
    with gzip.open(ROOT / "Data/mnist/t10k-images.idx3-ubyte.gz") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return (raw[: count * 784].reshape(count, 784).astype(np.float32) / 127.5 - 1).copy()


def kan_predict(kan, model, x, work, name):
    """Runs `kan predict` on the rows of x; returns its numeric output columns and header."""
    csv_in, csv_out = work / f"{name}-x.csv", work / f"{name}-y.csv"
    header = ",".join(f"p{i}" for i in range(x.shape[1]))
    np.savetxt(csv_in, x, delimiter=",", header=header, comments="", fmt="%.9g")
    subprocess.run(
        [kan, "predict", "--model", model, "--input", csv_in, "--output", csv_out], check=True)
    names = csv_out.read_text().splitlines()[0].split(",")
    return np.loadtxt(csv_out, delimiter=",", skiprows=1, ndmin=2), names


def compare(label, ours, theirs):
    diff = float(np.abs(ours - theirs).max())
    same = bool((ours.argmax(1) == theirs.argmax(1)).all())
    print(f"{label}: max |swift - pytorch| = {diff:.3e} over {ours.size} outputs; "
          f"arg-max classes equal: {same}")
    assert diff < TOLERANCE and same, label


def swift_to_pytorch(kan, model, work):
    from efficient_kan import KAN

    if model is None:
        model = work / "swift.safetensors"
        subprocess.run([kan, "train", "mnist", "--limit", "3000", "--epochs", "1",
                        "--out", model], check=True, stdout=subprocess.DEVNULL)
    with safe_open(model, framework="pt") as f:
        meta = f.metadata()
    widths = [int(w) for w in meta["kan.widths"].split(",")]
    net = KAN(widths, grid_size=int(meta["kan.grid_size"]),
              spline_order=int(meta["kan.spline_order"]))
    net.load_state_dict(load_file(model), strict=True)
    print(f"   efficient_kan.KAN({widths}, grid_size={meta['kan.grid_size']}, "
          f"spline_order={meta['kan.spline_order']}).load_state_dict(load_file(path), strict=True)")
    x = test_images(IMAGES)
    with torch.no_grad():
        theirs = net(torch.from_numpy(x)).numpy()
    table, names = kan_predict(kan, model, x, work, "swift")
    assert names[-1] == "class" and np.array_equal(table[:, -1], table[:, :-1].argmax(1))
    compare("1. kan train -> efficient_kan.load_state_dict(strict=True)", table[:, :-1], theirs)


def pytorch_to_swift(kan, work):
    from efficient_kan import KAN

    torch.manual_seed(0)
    net = KAN([784, 64, 10])
    x = test_images(256)
    with torch.no_grad():
        net(torch.from_numpy(x), update_grid=True)
        theirs = net(torch.from_numpy(x[:IMAGES])).numpy()
    path = work / "pytorch.safetensors"
    save_file(net.state_dict(), path)
    info = subprocess.run([kan, "info", path], check=True, capture_output=True, text=True)
    for line in info.stdout.splitlines():
        print("   kan info | " + line)
    table, _ = kan_predict(kan, path, x[:IMAGES], work, "pytorch")
    compare("2. efficient_kan save_file(state_dict) -> kan predict", table, theirs)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    kan_binary = str(Path(sys.argv[1]).resolve())
    sys.path.insert(0, sys.argv[2])
    given = Path(sys.argv[3]).resolve() if len(sys.argv) == 4 else None
    with tempfile.TemporaryDirectory() as directory:
        swift_to_pytorch(kan_binary, given, Path(directory))
        pytorch_to_swift(kan_binary, Path(directory))
    print("efficient-kan interop OK")
