"""
Batch normalization forward + backward (training mode), stdin/stdout -- closed form.
Two-pass mean and biased variance, xhat = (x - mu) / sqrt(var + eps), y = gamma*xhat + beta;
the backward chain rule collapses (editorial, section 3) to
  dbeta = sum dy,  dgamma = sum dy*xhat,  dx = gamma/sqrt(var+eps)/m * (m*dy - dbeta - xhat*dgamma).
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
    x, dy = v[:nd].reshape(n, d), v[nd + 2 * d:].reshape(n, d)
    gamma, beta = v[nd:nd + d], v[nd + d:nd + 2 * d]
    xmu = x - x.mean(axis=0)
    istd = 1 / np.sqrt((xmu * xmu).mean(axis=0) + EPS)
    xhat = xmu * istd
    y = gamma * xhat + beta
    dbeta = dy.sum(axis=0)
    dgamma = (dy * xhat).sum(axis=0)
    dx = gamma * istd / n * (n * dy - dbeta - xhat * dgamma)
    out = np.concatenate([y, dx, dgamma[None], dbeta[None]])
    row = " ".join(["%.12g"] * d)
    sys.stdout.write(("\n".join([row] * (2 * n + 2)) + "\n") % tuple(out.ravel().tolist()))


main()
