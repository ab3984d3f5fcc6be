"""
WRONG: normalizes with the unbiased variance sum (x - mu)^2 / (m - 1) instead of the biased
one (/ m) that batch normalization uses in training; otherwise the closed-form solution.
The error is largest for small batches. Caught by sample/1 (m = 4: y off by 13%);
m = 1 would give 0/0 = nan. Time O(N*D), memory O(N*D).
"""
import sys

import numpy as np

EPS = 1e-5


def main():
    data = sys.stdin.buffer.read().split()
    n, d = int(data[0]), int(data[1])
    v = np.array(data[2:], dtype=np.float64)
    nd = n * d
    x, dy = v[:nd].reshape(n, d), v[nd + 2 * d:].reshape(n, d)
    gamma, beta = v[nd:nd + d], v[nd + d:nd + 2 * d]
    xmu = x - x.mean(axis=0)
    with np.errstate(all="ignore"):
        istd = 1 / np.sqrt((xmu * xmu).sum(axis=0) / (n - 1) + EPS)   # BUG: m - 1
    xhat = xmu * istd
    y = gamma * xhat + beta
    dbeta = dy.sum(axis=0)
    dgamma = (dy * xhat).sum(axis=0)
    dx = gamma * istd / n * (n * dy - dbeta - xhat * dgamma)
    out = np.concatenate([y, dx, dgamma[None], dbeta[None]])
    row = " ".join(["%.12g"] * d)
    sys.stdout.write(("\n".join([row] * (2 * n + 2)) + "\n") % tuple(out.ravel().tolist()))


main()
