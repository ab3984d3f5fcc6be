"""
Batch normalization forward + backward (training mode), stdin/stdout -- staged backward.
Forward follows the graph x -> mu -> var -> xhat -> y one node per line; backward walks it
in reverse, one line per node, with the formulas of the editorial (section 2):
dbeta, dgamma, dxhat, dvar, dmu, dx. Two-pass variance, so values near 1e6 are safe.
Time O(N*D), memory O(N*D). Prints 12 significant digits.
"""
import sys

import numpy as np

EPS = 1e-5


def main():
    data = sys.stdin.buffer.read().split()
    n, d = int(data[0]), int(data[1])
    v = np.array(data[2:], dtype=np.float64)
    nd = n * d
    x, dout = v[:nd].reshape(n, d), v[nd + 2 * d:].reshape(n, d)
    gamma, beta = v[nd:nd + d], v[nd + d:nd + 2 * d]
    m = n
    # forward
    mu = x.sum(axis=0) / m                                   # mini-batch mean
    var = ((x - mu) ** 2).sum(axis=0) / m                    # mini-batch variance (biased)
    xhat = (x - mu) / np.sqrt(var + EPS)                     # normalize
    y = gamma * xhat + beta                                  # scale and shift
    # backward
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * (x - mu)).sum(axis=0) * -0.5 * (var + EPS) ** -1.5
    dmu = (dxhat * -1 / np.sqrt(var + EPS)).sum(axis=0) + dvar * (-2 * (x - mu)).sum(axis=0) / m
    dx = dxhat / np.sqrt(var + EPS) + dvar * 2 * (x - mu) / m + dmu / m
    out = np.concatenate([y, dx, dgamma[None], dbeta[None]])
    row = " ".join(["%.12g"] * d)
    sys.stdout.write(("\n".join([row] * (2 * n + 2)) + "\n") % tuple(out.ravel().tolist()))


main()
