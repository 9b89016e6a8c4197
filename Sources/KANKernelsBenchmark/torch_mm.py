"""PyTorch's own products on the shapes KANKernelsBenchmark times, printed as the same table.

    MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 \
      python Sources/KANKernelsBenchmark/torch_mm.py [big|mnist|conv ...] [--threads 1,2]

matmul is a @ b with a (m, k), b (k, n); transposedA is a.T @ b with a (k, m); transposedB is
a @ b.T with b (n, k). Median and best of about --seconds worth of repetitions, at least 15;
--cpu-time times by the process's CPU time, as KANKernelsBenchmark --cpu-time does.
"""

import sys
import time

import torch


def all_shapes():
    shapes = [
        ("big", "layer forward", "transposedB", 1000, 1000, 900),
        ("big", "A.B", "matmul", 1000, 1000, 900),
        ("big", "A^T.B", "transposedA", 1000, 900, 1000),
    ]
    for k in (5488, 7056):
        shapes += [
            ("mnist", "forward", "transposedB", 64, 64, k),
            ("mnist", "dW", "transposedA", 64, k, 64),
            ("mnist", "dA", "matmul", 64, k, 64),
        ]
    for rows, outputs, depth in ((50176, 16, 144), (50176, 32, 144), (12544, 32, 288),
                                 (12544, 64, 576)):
        for variant in ("transposedB", "matmul", "transposedA"):
            shapes.append(("conv", "forward", variant, rows, outputs, depth))
        shapes += [
            ("conv", "dCols", "matmul", rows, depth, outputs),
            ("conv", "dW", "transposedA", outputs, depth, rows),
        ]
    return shapes


def product(variant, m, n, k):
    g = torch.Generator().manual_seed(0)
    if variant == "matmul":
        a, b = torch.rand(m, k, generator=g) - 0.5, torch.rand(k, n, generator=g) - 0.5
        return lambda: torch.mm(a, b)
    if variant == "transposedA":
        a, b = torch.rand(k, m, generator=g) - 0.5, torch.rand(k, n, generator=g) - 0.5
        return lambda: torch.mm(a.t(), b)
    a, b = torch.rand(m, k, generator=g) - 0.5, torch.rand(n, k, generator=g) - 0.5
    return lambda: torch.mm(a, b.t())


def sorted_seconds(run, repetitions, clock):
    samples = []
    for _ in range(repetitions):
        start = clock()
        run()
        samples.append(clock() - start)
    return sorted(samples)


def main():
    suites, threads, seconds, clock = set(), [1, 2], 0.5, time.perf_counter
    args = sys.argv[1:]
    while args:
        arg = args.pop(0)
        if arg == "--threads":
            threads = [int(t) for t in args.pop(0).split(",")]
        elif arg == "--seconds":
            seconds = float(args.pop(0))
        elif arg == "--cpu-time":
            clock = time.process_time
        else:
            suites.add(arg)
    suites = suites or {"big", "mnist", "conv"}
    print("suite  label          variant      m      n      k  threads  median ms   GFLOP/s   best"
          "   (torch)")
    for suite, label, variant, m, n, k in all_shapes():
        if suite not in suites:
            continue
        for t in threads:
            torch.set_num_threads(t)
            run = product(variant, m, n, k)
            run()
            probe = sorted_seconds(run, 3, clock)[1]
            samples = sorted_seconds(run, max(15, int(seconds / max(probe, 1e-6))), clock)
            median = samples[len(samples) // 2]
            flops = 2 * m * n * k
            print(f"{suite:6} {label:14} {variant:11} {m:6} {n:6} {k:6} {t:8} "
                  f"{median * 1e3:10.3f} {flops / median / 1e9:9.1f} {flops / samples[0] / 1e9:6.1f}")


if __name__ == "__main__":
    main()
