"""
SLOW (correct): pure-Python loops over every element, and for every element the loop
recomputes that element's column mean and variance from scratch (the formula for xhat_ij
written out literally), so the work is O(N^2 * D) instead of O(N * D).
(A pure-Python O(N*D) loop is NOT slow enough to fail here: input parsing and output
formatting dominate, and it runs within ~2x of the NumPy references.)
Correct on the small tests. Caught by secret/20-random-medium-01 (N = 1000: ~7 s of CPU
against 2 s); hopeless on secret/51-large-tall (N = 200000). Memory O(N*D).
"""
import math
import sys

EPS = 1e-5


def column_stats(x, j, n):
    mu = 0.0
    for i in range(n):
        mu += x[i][j]
    mu /= n
    var = 0.0
    for i in range(n):
        var += (x[i][j] - mu) ** 2
    return mu, var / n


def main():
    data = sys.stdin.read().split()
    n, d = int(data[0]), int(data[1])
    vals = [float(t) for t in data[2:]]
    x = [vals[i * d:(i + 1) * d] for i in range(n)]
    gamma = vals[n * d:n * d + d]
    beta = vals[n * d + d:n * d + 2 * d]
    dout = [vals[n * d + 2 * d + i * d:n * d + 2 * d + (i + 1) * d] for i in range(n)]
    xhat = [[0.0] * d for _ in range(n)]
    y = [[0.0] * d for _ in range(n)]
    for i in range(n):
        for j in range(d):
            mu, var = column_stats(x, j, n)                  # SLOW: once per element
            xhat[i][j] = (x[i][j] - mu) / math.sqrt(var + EPS)
            y[i][j] = gamma[j] * xhat[i][j] + beta[j]
    dbeta, dgamma = [0.0] * d, [0.0] * d
    for i in range(n):
        for j in range(d):
            dbeta[j] += dout[i][j]
            dgamma[j] += dout[i][j] * xhat[i][j]
    dx = [[0.0] * d for _ in range(n)]
    for i in range(n):
        for j in range(d):
            mu, var = column_stats(x, j, n)                  # SLOW: once per element
            scale = gamma[j] / math.sqrt(var + EPS) / n
            dx[i][j] = scale * (n * dout[i][j] - dbeta[j] - xhat[i][j] * dgamma[j])
    out = [" ".join("%.12g" % v for v in row) for row in y + dx + [dgamma, dbeta]]
    sys.stdout.write("\n".join(out) + "\n")


main()
