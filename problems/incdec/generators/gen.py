#!/usr/bin/env python3
"""Test generator for incdec: writes one test input to stdout.

    gen.py --seed S --n N [--shape SHAPE] [--max M] [--layout line|column|mixed]

--n       number of integers (1..100000 for the problem; larger n only for benchmarks)
--shape   random:   uniform in [0, M], with 0 and M favoured
          sorted:   the random values in non-decreasing order (p = a_n - a_1, q = 0)
          reverse:  the random values in non-increasing order
          plateaus: runs of equal values (run lengths 1..max(3, isqrt(N))), each run random
          zigzag:   alternately low (below M/2) and high (above M/2): p and q both huge
          walk:     a random walk, steps in [-M/10, M/10], clamped to [0, M]
--max     largest value M (default 2^31 - 1)
--layout  line: n integers on the second line; column: one per line (as in the
          original problem); mixed: each separator a space or a newline at random

Same arguments give the same bytes: all randomness comes from random.Random(seed).
"""
import argparse
import math
import random
import sys

MAX_A = 2**31 - 1
SHAPES = ("random", "sorted", "reverse", "plateaus", "zigzag", "walk")


def _value(rng: random.Random, m: int) -> int:
    r = rng.random()
    if r < 0.02:
        return 0
    if r < 0.04:
        return m
    return rng.randint(0, m)


def values(rng: random.Random, n: int, shape: str, m: int) -> list[int]:
    if shape in ("random", "sorted", "reverse"):
        a = [_value(rng, m) for _ in range(n)]
        if shape != "random":
            a.sort(reverse=shape == "reverse")
        return a
    if shape == "plateaus":
        a = []
        while len(a) < n:
            a += [_value(rng, m)] * rng.randint(1, max(3, math.isqrt(n)))
        return a[:n]
    if shape == "zigzag":
        half = m // 2
        start = rng.randrange(2)
        return [rng.randint(half + 1 if m else 0, m) if (i + start) % 2 else rng.randint(0, half)
                for i in range(n)]
    # walk
    step = max(1, m // 10)
    a, x = [], rng.randint(0, m)
    for _ in range(n):
        a.append(x)
        x = min(m, max(0, x + rng.randint(-step, step)))
    return a


def render(rng: random.Random, a: list[int], layout: str) -> str:
    if layout == "line":
        body = " ".join(map(str, a))
    elif layout == "column":
        body = "\n".join(map(str, a))
    else:
        parts = [str(a[0])]
        for v in a[1:]:
            parts.append(" " if rng.random() < 0.5 else "\n")
            parts.append(str(v))
        body = "".join(parts)
    return f"{len(a)}\n{body}\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--shape", choices=SHAPES, default="random")
    ap.add_argument("--max", type=int, default=MAX_A)
    ap.add_argument("--layout", choices=("line", "column", "mixed"), default="line")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("--n must be at least 1")
    if not 0 <= args.max <= MAX_A:
        ap.error(f"--max must be in [0, {MAX_A}]")
    rng = random.Random(args.seed)
    a = values(rng, args.n, args.shape, args.max)
    sys.stdout.buffer.write(render(rng, a, args.layout).encode())


if __name__ == "__main__":
    main()
