#!/usr/bin/env python3
"""Generate one batchnorm test input on stdout (standard library only, deterministic).

  gen.py --seed S --n N --d D [--x KIND] [--gb KIND] [--dout-scale S]

--x     uniform       per column: centre in [-100, 100], half-width 10^U(0, 2), 3 decimals
        big           uniform over [-1e6, 1e6], 2 decimals
        offset        per column: centre +-(1e6 - 2 - U{0..100}), plus k/64 with |k| <= 128
                      (unit spread around 1e6; k/64 is exact in binary, so sums are exact
                      and every two-pass solution gets the same mean, while E[x^2] - E[x]^2
                      loses the whole variance)
        small-spread  per column: centre in [-10, 10] plus U{-3..3} * 0.001
                      (variance ~ eps = 1e-5, so where eps goes matters)
        int           integers in [-3, 3] (ties; small N gives constant columns)
        constant      even columns constant (a multiple of 1/4 in [-1000, 1000]: every
                      summation order gives mean == value, so x - mean == 0 exactly;
                      an inexact mean would turn into xhat = error/sqrt(eps) and a dgamma
                      of noise near 1e-6), odd columns as 'uniform'
--gb    random        gamma, beta uniform in [-100, 100], 3 decimals
        small         gamma, beta uniform in [-2, 2], 3 decimals
        unit          gamma = 1, beta = 0
        zero-gamma    gamma = 0, beta random
--dout-scale S        dout uniform in [-S, S], 3 decimals (S <= 100, default 100)
"""
import argparse
import random
import sys


def num(v, decimals):
    s = "%.*f" % (decimals, v)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def column(rng, kind, n, j):
    if kind == "constant":
        if j % 2 == 0:
            v = num(rng.randint(-4000, 4000) / 4, 2)
            return [v] * n
        kind = "uniform"
    if kind == "uniform":
        c, w = rng.uniform(-100, 100), 10 ** rng.uniform(0, 2)
        return [num(c + rng.uniform(-w, w), 3) for _ in range(n)]
    if kind == "big":
        return [num(rng.uniform(-1e6, 1e6), 2) for _ in range(n)]
    if kind == "offset":
        c = rng.choice((-1, 1)) * (10 ** 6 - 2 - rng.randint(0, 100))
        return [num(c + rng.randint(-128, 128) / 64, 6) for _ in range(n)]
    if kind == "small-spread":
        c = round(rng.uniform(-10, 10), 3)
        return [num(c + rng.randint(-3, 3) / 1000, 3) for _ in range(n)]
    if kind == "int":
        return [str(rng.randint(-3, 3)) for _ in range(n)]
    raise ValueError(kind)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--x", default="uniform",
                    choices=["uniform", "big", "offset", "small-spread", "int", "constant"])
    ap.add_argument("--gb", default="random", choices=["random", "small", "unit", "zero-gamma"])
    ap.add_argument("--dout-scale", type=float, default=100.0)
    a = ap.parse_args()
    if not (1 <= a.n and 1 <= a.d and a.n * a.d <= 200000 and 0 <= a.dout_scale <= 100):
        ap.error("need 1 <= n, d; n*d <= 200000; 0 <= dout-scale <= 100")
    rng = random.Random(a.seed)
    n, d = a.n, a.d
    cols = [column(rng, a.x, n, j) for j in range(d)]
    if a.gb == "unit":
        gamma, beta = ["1"] * d, ["0"] * d
    else:
        lim = 2 if a.gb == "small" else 100
        gamma = [num(rng.uniform(-lim, lim), 3) for _ in range(d)]
        beta = [num(rng.uniform(-lim, lim), 3) for _ in range(d)]
        if a.gb == "zero-gamma":
            gamma = ["0"] * d
    s = a.dout_scale
    out = [f"{n} {d}"]
    out += [" ".join(cols[j][i] for j in range(d)) for i in range(n)]
    out += [" ".join(gamma), " ".join(beta)]
    out += [" ".join(num(rng.uniform(-s, s), 3) for _ in range(d)) for _ in range(n)]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
