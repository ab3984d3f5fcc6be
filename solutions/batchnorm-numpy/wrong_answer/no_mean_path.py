"""
WRONG: the staged backward without the path through the mean: mu is treated as a
constant, so dx = dxhat/std + dvar*2(x-mu)/m and the dmu/m term is missing. dx is off by
the column mean of dxhat/std, nonzero whenever sum(dout * gamma) != 0: caught by
almost any backward call. Forward, running statistics, dgamma and dbeta are right.
Time O(N*D), memory O(N*D).
"""
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    D = x.shape[1]
    running_mean = bn_param.setdefault("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.setdefault("running_var", np.ones(D, dtype=x.dtype))
    if mode == "test":
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        return gamma * xhat + beta, None
    m = x.shape[0]
    mu = x.sum(axis=0) / m
    xmu = x - mu
    var = (xmu * xmu).sum(axis=0) / m
    std = np.sqrt(var + eps)
    xhat = xmu / std
    y = gamma * xhat + beta
    running_mean *= 1 - momentum
    running_mean += momentum * mu
    running_var *= 1 - momentum
    running_var += momentum * var * (m / (m - 1))
    return y, (xmu, std, xhat, gamma, m)


def batchnorm_backward(dout, cache):
    xmu, std, xhat, gamma, m = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(axis=0) * -0.5 * std**-3
    dx = dxhat / std + dvar * 2 * xmu / m                     # BUG: + dmu / m missing
    return dx, dgamma, dbeta


def _to_rows(a):
    N, C, H, W = a.shape
    return a.transpose(0, 2, 3, 1).reshape(-1, C)


def _from_rows(a, shape):
    N, C, H, W = shape
    return np.ascontiguousarray(a.reshape(N, H, W, C).transpose(0, 3, 1, 2))


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = batchnorm_forward(_to_rows(x), gamma, beta, bn_param)
    return _from_rows(out, x.shape), (cache, x.shape)


def spatial_batchnorm_backward(dout, cache):
    cache, shape = cache
    dx, dgamma, dbeta = batchnorm_backward(_to_rows(dout), cache)
    return _from_rows(dx, shape), dgamma, dbeta
