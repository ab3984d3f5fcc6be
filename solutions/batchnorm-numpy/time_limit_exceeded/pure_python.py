"""
SLOW (correct): the function API written with pure-Python loops over every element
(x.tolist(), one float at a time, closed-form backward), arrays only at the boundary.
O(N*D) like the references, but ~100x slower per element than NumPy: a (4096, 1024)
batch takes tens of seconds against a limit of a few. Memory O(N*D) Python floats.
Running statistics: PyTorch convention (momentum 0.1, unbiased running variance).
"""
import math

import numpy as np


def _columns_forward(cols, gamma, beta, bn_param):
    """cols[c] = list of the m values of feature c -> (ycols, cache)."""
    mode, eps = bn_param["mode"], bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    rm, rv = bn_param["running_mean"], bn_param["running_var"]
    ycols, xhats, istds = [], [], []
    for c, col in enumerate(cols):
        if mode == "test":
            mu, var = float(rm[c]), float(rv[c])
        else:
            m = len(col)
            mu = 0.0
            for v in col:
                mu += v
            mu /= m
            var = 0.0
            for v in col:
                var += (v - mu) * (v - mu)
            var /= m
            rm[c] = (1 - momentum) * rm[c] + momentum * mu
            rv[c] = (1 - momentum) * rv[c] + momentum * var * m / (m - 1)
        istd = 1 / math.sqrt(var + eps)
        xhat = [(v - mu) * istd for v in col]
        ycols.append([float(gamma[c]) * h + float(beta[c]) for h in xhat])
        xhats.append(xhat)
        istds.append(istd)
    return ycols, (xhats, istds, [float(g) for g in gamma])


def _columns_backward(dcols, cache):
    xhats, istds, gamma = cache
    dxcols, dgamma, dbeta = [], [], []
    for dcol, xhat, istd, g in zip(dcols, xhats, istds, gamma):
        m = len(dcol)
        db, dg = 0.0, 0.0
        for d, h in zip(dcol, xhat):
            db += d
            dg += d * h
        dxcols.append([g * istd / m * (m * d - db - h * dg) for d, h in zip(dcol, xhat)])
        dgamma.append(dg)
        dbeta.append(db)
    return dxcols, dgamma, dbeta


def _init(bn_param, C, dtype):
    bn_param.setdefault("running_mean", np.zeros(C, dtype=dtype))
    bn_param.setdefault("running_var", np.ones(C, dtype=dtype))


def batchnorm_forward(x, gamma, beta, bn_param):
    N, D = x.shape
    _init(bn_param, D, x.dtype)
    rows = x.tolist()
    cols = [[rows[i][j] for i in range(N)] for j in range(D)]
    ycols, cache = _columns_forward(cols, gamma, beta, bn_param)
    out = np.array([[ycols[j][i] for j in range(D)] for i in range(N)], dtype=x.dtype).reshape(N, D)
    return out, (cache, x.dtype)


def batchnorm_backward(dout, cache):
    cache, dtype = cache
    N, D = dout.shape
    rows = dout.tolist()
    dxcols, dgamma, dbeta = _columns_backward([[rows[i][j] for i in range(N)] for j in range(D)], cache)
    dx = np.array([[dxcols[j][i] for j in range(D)] for i in range(N)], dtype=dtype).reshape(N, D)
    return dx, np.array(dgamma, dtype=dtype), np.array(dbeta, dtype=dtype)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    _init(bn_param, C, x.dtype)
    a = x.tolist()
    cols = [[a[n][c][h][w] for n in range(N) for h in range(H) for w in range(W)] for c in range(C)]
    ycols, cache = _columns_forward(cols, gamma, beta, bn_param)
    out = np.empty(x.shape, dtype=x.dtype)
    for c in range(C):
        out[:, c] = np.array(ycols[c]).reshape(N, H, W)
    return out, (cache, x.dtype)


def spatial_batchnorm_backward(dout, cache):
    cache, dtype = cache
    N, C, H, W = dout.shape
    a = dout.tolist()
    dcols = [[a[n][c][h][w] for n in range(N) for h in range(H) for w in range(W)] for c in range(C)]
    dxcols, dgamma, dbeta = _columns_backward(dcols, cache)
    dx = np.empty(dout.shape, dtype=dtype)
    for c in range(C):
        dx[:, c] = np.array(dxcols[c]).reshape(N, H, W)
    return dx, np.array(dgamma, dtype=dtype), np.array(dbeta, dtype=dtype)
