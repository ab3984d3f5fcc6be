"""
WRONG: one-pass variance var = E[x^2] - E[x]^2. Algebraically right, numerically wrong:
for x around 1e6 with unit spread E[x^2] ~ 1e12 carries an absolute rounding error of
~1e-4, which is all that is left after the cancellation, so xhat, y and dx are off by far
more than 1e-6. Passes every test whose values sit near zero. Caught by secret/06-offset-1e6
(and the larger generated 40-offset-1e6-*). Time O(N*D), memory O(N*D).
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
    mu = x.mean(axis=0)
    var = (x * x).mean(axis=0) - mu * mu                     # BUG: catastrophic cancellation
    with np.errstate(all="ignore"):
        istd = 1 / np.sqrt(var + EPS)
    xhat = (x - mu) * istd
    y = gamma * xhat + beta
    dbeta = dy.sum(axis=0)
    dgamma = (dy * xhat).sum(axis=0)
    dx = gamma * istd / n * (n * dy - dbeta - xhat * dgamma)
    out = np.concatenate([y, dx, dgamma[None], dbeta[None]])
    row = " ".join(["%.12g"] * d)
    sys.stdout.write(("\n".join([row] * (2 * n + 2)) + "\n") % tuple(out.ravel().tolist()))


main()
