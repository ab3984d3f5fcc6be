#!/usr/bin/env python3
"""Test generator for linked-list-backward: writes one test input to stdout.

    gen.py --seed S --n N [--k K] [--order shuffled|list|reverse]
           [--addr random|sequential|extremes] [--data full|small|negative]

--n      number of node lines (0..100000)
--k      number of nodes on the list (0..N, default N); K = 0 makes the head -1
--order  order of the node lines: shuffled, or the list's nodes in list order /
         reverse list order (nodes off the list are interleaved at random places)
--addr   random distinct addresses; sequential (one block of consecutive addresses,
         the list walking through them in increasing order); extremes (the list
         starts at 00000 and ends at 99999, needs K >= 2)
--data   full range [-10^9, 10^9] with the extremes and 0 favoured; small [-9, 9];
         negative [-10^9, -1]

Nodes off the list get a mix of Next values: -1 (a false tail), an address on the
list, an address off the list (cycles among themselves), or an address that no
node has. Same arguments give the same bytes: all randomness comes from
random.Random(seed).
"""
import argparse
import random
import sys

MAX_N = 100000
ADDRESSES = 100000
MAX_DATA = 10**9


def _data(rng: random.Random, kind: str) -> int:
    if kind == "small":
        return rng.randint(-9, 9)
    if kind == "negative":
        return -MAX_DATA if rng.random() < 0.05 else rng.randint(-MAX_DATA, -1)
    r = rng.random()
    if r < 0.05:
        return -MAX_DATA
    if r < 0.10:
        return MAX_DATA
    if r < 0.15:
        return 0
    return rng.randint(-MAX_DATA, MAX_DATA)


def _addresses(rng: random.Random, n: int, k: int, addr: str) -> tuple[list[int], list[int]]:
    """Returns (the list's addresses in list order, the other addresses)."""
    if addr == "sequential":
        base = rng.randrange(0, ADDRESSES - n + 1)
        block = list(range(base, base + n))
        return block[:k], block[k:]
    if addr == "extremes":
        others = rng.sample(range(1, ADDRESSES - 1), n - 2)
        return [0] + others[: k - 2] + [ADDRESSES - 1], others[k - 2 :]
    chosen = rng.sample(range(ADDRESSES), n)
    return chosen[:k], chosen[k:]


def _off_list_next(rng: random.Random, on: list[int], off: list[int], given: set[int]) -> int:
    kinds = ["null", "off"]
    if on:
        kinds.append("on")
    if len(given) <= 90000:
        kinds.append("dangling")
    kind = rng.choice(kinds)
    if kind == "null":
        return -1
    if kind == "on":
        return rng.choice(on)
    if kind == "off":
        return rng.choice(off)
    while True:
        a = rng.randrange(ADDRESSES)
        if a not in given:
            return a


def generate(seed: int, n: int, k: int | None = None, order: str = "shuffled",
             addr: str = "random", data: str = "full") -> str:
    rng = random.Random(seed)
    k = n if k is None else k
    on, off = _addresses(rng, n, k, addr)
    given = set(on) | set(off)
    nxt = {a: b for a, b in zip(on, on[1:] + [-1])}
    for a in off:
        nxt[a] = _off_list_next(rng, on, off, given)
    if order == "shuffled":
        lines = on + off
        rng.shuffle(lines)
    else:
        chain = on if order == "list" else on[::-1]
        off_slots = set(rng.sample(range(n), len(off)))
        it_chain, it_off = iter(chain), iter(off)
        lines = [next(it_off) if i in off_slots else next(it_chain) for i in range(n)]

    def fmt(a: int) -> str:
        return "-1" if a == -1 else "%05d" % a

    head = on[0] if on else -1
    out = ["%s %d" % (fmt(head), n)]
    out += ["%05d %d %s" % (a, _data(rng, data), fmt(nxt[a])) for a in lines]
    return "\n".join(out) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--k", type=int)
    p.add_argument("--order", choices=["shuffled", "list", "reverse"], default="shuffled")
    p.add_argument("--addr", choices=["random", "sequential", "extremes"], default="random")
    p.add_argument("--data", choices=["full", "small", "negative"], default="full")
    a = p.parse_args()
    k = a.n if a.k is None else a.k
    if not 0 <= a.n <= MAX_N:
        p.error("--n must be in 0..%d" % MAX_N)
    if not 0 <= k <= a.n:
        p.error("--k must be in 0..N")
    if a.addr == "extremes" and k < 2:
        p.error("--addr extremes needs K >= 2")
    sys.stdout.write(generate(a.seed, a.n, k, a.order, a.addr, a.data))


if __name__ == "__main__":
    main()
