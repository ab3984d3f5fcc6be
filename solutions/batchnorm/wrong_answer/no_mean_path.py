"""
WRONG: drops the path through the mean in the backward pass, i.e. treats mu as a constant:
dx = dxhat/sqrt(var+eps) + dvar*2(x-mu)/m, without the dmu/m term (dmu = -sum dxhat/std).
The missing term is the column mean of dxhat/std, nonzero whenever sum(dout*gamma) != 0,
so it fails at once. Caught by sample/1. Forward and dgamma/dbeta are right.
Time O(N*D), memory O(N*D).
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
    mu = x.sum(axis=0) / m
    var = ((x - mu) ** 2).sum(axis=0) / m
    xhat = (x - mu) / np.sqrt(var + EPS)
    y = gamma * xhat + beta
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * (x - mu)).sum(axis=0) * -0.5 * (var + EPS) ** -1.5
    dx = dxhat / np.sqrt(var + EPS) + dvar * 2 * (x - mu) / m    # BUG: no + dmu / m
    out = np.concatenate([y, dx, dgamma[None], dbeta[None]])
    row = " ".join(["%.12g"] * d)
    sys.stdout.write(("\n".join([row] * (2 * n + 2)) + "\n") % tuple(out.ravel().tolist()))


main()
