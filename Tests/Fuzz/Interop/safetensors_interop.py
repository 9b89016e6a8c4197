"""The Python half of the safetensors check (see run.sh here).

check FILE: load a file Swift wrote with safetensors.torch.load_file and compare bit for bit.
write FILE: save the same tensors (plus an I64 one) with safetensors.torch.save_file.
"""
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file


def ramp(count):
    return torch.arange(count, dtype=torch.float32) * 0.25 - 1


EXPECTED = {
    "layers.0.base_weight": ramp(12).reshape(3, 4),
    "layers.0.spline_weight": ramp(96).reshape(3, 4, 8),
    "scalar": torch.tensor(42.5, dtype=torch.float32),
    "empty": torch.zeros(0, dtype=torch.float32),
    "specials": torch.tensor([0.1, -0.0, 1e-45, 3.4028235e38, -2.5], dtype=torch.float32),
}


def check(path):
    tensors = load_file(path)
    assert sorted(tensors) == sorted(EXPECTED), sorted(tensors)
    for name, want in EXPECTED.items():
        got = tensors[name]
        assert got.dtype == torch.float32 and got.shape == want.shape, (name, got.dtype, got.shape)
        assert torch.equal(got.view(torch.int32), want.view(torch.int32)), (name, got, want)
    with safe_open(path, framework="pt") as f:
        assert f.metadata() == {"format": "pt", "writer": "swift-kan"}, f.metadata()
    print(f"python load_file read {len(tensors)} tensors from Swift, all bit-exact")


def write(path):
    tensors = dict(EXPECTED)
    tensors["steps"] = torch.tensor([1, -2], dtype=torch.int64)
    save_file(tensors, path, metadata={"format": "pt", "writer": "python"})
    print(f"python save_file wrote {len(tensors)} tensors to {path}")


if __name__ == "__main__":
    {"check": check, "write": write}[sys.argv[1]](sys.argv[2])
