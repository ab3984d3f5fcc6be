"""
Batch normalization forward + backward (training mode), stdin/stdout -- fast version.
Closed form (editorial, section 3) with the fewest passes over memory: x - mu is written
straight into the output block and turned into xhat in place, then dx and finally y are
built in place; the per-column sums use einsum (no temporaries). Input is parsed by
NumPy's C parser in one call, output formatted by one %-format of the whole table.
Time O(N*D), memory: input + output arrays only.
"""
import sys

import numpy as np

EPS = 1e-5


def main():
    v = np.fromstring(sys.stdin.buffer.read().decode(), sep=" ")
    n, d = int(v[0]), int(v[1])
    nd, v = n * d, v[2:]
    x, dy = v[:nd].reshape(n, d), v[nd + 2 * d:].reshape(n, d)
    gamma, beta = v[nd:nd + d], v[nd + d:nd + 2 * d]
    out = np.empty((2 * n + 2, d))
    xhat, dx = out[:n], out[n:2 * n]
    np.subtract(x, x.mean(axis=0), out=xhat)                  # x - mu
    istd = 1 / np.sqrt(np.einsum("ij,ij->j", xhat, xhat) / n + EPS)
    xhat *= istd
    dbeta = out[2 * n + 1] = dy.sum(axis=0)
    dgamma = out[2 * n] = np.einsum("ij,ij->j", dy, xhat)
    # dx = gamma*istd * (dy - dbeta/n - xhat*dgamma/n), built in place
    np.multiply(xhat, dgamma / -n, out=dx)
    dx += dy
    dx -= dbeta / n
    dx *= gamma * istd
    xhat *= gamma                                            # y = gamma*xhat + beta, in place
    xhat += beta
    row = " ".join(["%.12g"] * d)
    sys.stdout.write(("\n".join([row] * (2 * n + 2)) + "\n") % tuple(out.ravel().tolist()))


main()
