#!/usr/bin/env python3
"""Test generator for linked-list-queries: writes one test input to stdout.

    gen.py --seed S --k K [--off M] [--extra E] [--zero-tail]

K nodes on the list, M nodes off it (their Next may point anywhere), the query budget
Q = K + E; --zero-tail gives the last node address 00000 (an address, not null).
The node lines come in random order. Same arguments, same bytes (random.Random(seed)).
"""
import argparse
import random


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--off", type=int, default=0)
    parser.add_argument("--extra", type=int, default=0)
    parser.add_argument("--zero-tail", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    addresses = rng.sample(range(1, 100000), args.k + args.off)
    on, off = addresses[:args.k], addresses[args.k:]
    if args.zero_tail and on:
        on[-1] = 0
    lines = [(a, rng.randint(-10**9, 10**9), on[i + 1] if i + 1 < len(on) else -1) for i, a in enumerate(on)]
    lines += [(a, rng.randint(-9, 9), rng.choice([-1, *on[:3], *off[:3]])) for a in off]
    rng.shuffle(lines)
    show = lambda a: "-1" if a == -1 else f"{a:05d}"  # noqa: E731
    print(show(on[0] if on else -1), len(lines), args.k + args.extra)
    for a, d, b in lines:
        print(show(a), d, show(b))


if __name__ == "__main__":
    main()
