#!/usr/bin/env python3
"""Writes a CSV of samples of a named formula, for `kan discover` and `kan attribute`.

    python3 Tests/Interpretability/formula_data.py NAME [--rows N] [--seed S] > data.csv

Inputs are drawn uniformly from their range with Python's seeded `random.Random`, so the same
name, rows and seed give the same file on every machine. The header is x1, ..., xn, y.
"""
import argparse
import math
import random
import sys

# name: (inputs, input range, formula)
FORMULAS = {
    "hello": (2, (-1, 1), lambda x: math.exp(math.sin(math.pi * x[0]) + x[1] ** 2)),
    "sin-square-5": (5, (-1, 1), lambda x: math.sin(x[0]) + x[1] ** 2),
    "tanh-sum": (2, (-1, 1), lambda x: math.tanh(2 * x[0] + x[1])),
    "radius": (2, (0.5, 1.5), lambda x: math.sqrt(x[0] ** 2 + x[1] ** 2)),
    "product": (2, (-1, 1), lambda x: x[0] * x[1]),
    "gaussian-sin": (2, (-1, 1), lambda x: math.exp(-x[0] ** 2) + math.sin(2 * x[1])),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(FORMULAS))
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    count, (low, high), f = FORMULAS[args.name]
    generator = random.Random(args.seed)
    out = sys.stdout
    out.write(",".join([f"x{i + 1}" for i in range(count)] + ["y"]) + "\n")
    for _ in range(args.rows):
        x = [generator.uniform(low, high) for _ in range(count)]
        out.write(",".join(repr(v) for v in x + [f(x)]) + "\n")


if __name__ == "__main__":
    main()
