"""Times the PyTorch KAN peers on the KAN-benchmarking shape, for BENCHMARKS.md.

    python Tests/Peers/layer_peers.py --peers DIR [--widths 100,1000,1] [--batch 1000]
        [--threads 2] [--reps 20] [--json]

DIR holds clones of Blealtan/efficient-kan and ZiyaoLi/fast-kan (fetched outside this
repository, never committed). Each row: one warm-up pass, then `reps` timed passes; the median
training forward (autograd on) and the median backward (MSE loss, `loss.backward()`, no
optimizer step), as `kan bench` measures. Run it in the same window as `kan bench`, with
MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 (PyTorch's best setting).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch


def load_peers(peers):
    sys.path.insert(0, os.path.join(peers, "Blealtan+efficient-kan", "src"))
    sys.path.insert(0, os.path.join(peers, "ZiyaoLi+fast-kan"))
    from efficient_kan import KAN  # noqa: E402
    from fastkan import FastKAN  # noqa: E402
    return KAN, FastKAN


def time_model(model, widths, batch, reps):
    x = torch.rand(batch, widths[0]) * 2 - 1
    y = torch.rand(batch, widths[-1])
    forward, backward = [], []
    for rep in range(reps + 1):
        model.zero_grad(set_to_none=False)
        start = time.perf_counter()
        out = model(x)
        middle = time.perf_counter()
        loss = torch.nn.functional.mse_loss(out, y)
        loss.backward()
        end = time.perf_counter()
        if rep > 0:
            forward.append((middle - start) * 1e3)
            backward.append((end - middle) * 1e3)
    return statistics.median(forward), statistics.median(backward)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--peers", required=True)
    parser.add_argument("--widths", default="100,1000,1")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    widths = [int(w) for w in args.widths.split(",")]
    KAN, FastKAN = load_peers(args.peers)
    models = {
        "efficient-kan": KAN(widths, grid_size=5, spline_order=3),
        "fast-kan": FastKAN(widths, num_grids=8),
    }
    if not args.json:
        print("| model | widths | batch | threads | forward ms | backward ms | params | peak RSS MB |")
        print("|---|---|---|---|---|---|---|---|")
    for name, model in models.items():
        f, b = time_model(model, widths, args.batch, args.reps)
        params = sum(p.numel() for p in model.parameters() if p.requires_grad)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if args.json:
            print(json.dumps({"model": name, "widths": widths, "batch": args.batch,
                              "threads": args.threads, "forward_ms": round(f, 2),
                              "backward_ms": round(b, 2), "params": params,
                              "peak_rss_mb": round(rss)}))
        else:
            print(f"| {name} | {widths} | {args.batch} | {args.threads} | {f:.2f} | {b:.2f} "
                  f"| {params} | {rss:.0f} |")


if __name__ == "__main__":
    main()
