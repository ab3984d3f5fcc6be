"""
WRONG: test mode still normalizes with the statistics of the batch it is given (like
training mode, minus the running-statistics update) instead of running_mean and
running_var. Training steps are right; caught by the first 'test' call after training,
whose batch statistics differ from the running averages. Time O(N*D), memory O(N*D).
"""
import numpy as np


def _forward(x, gamma, beta, bn_param, axes, bshape):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    C = gamma.shape[0]
    rm = bn_param.setdefault("running_mean", np.zeros(C, dtype=x.dtype))
    rv = bn_param.setdefault("running_var", np.ones(C, dtype=x.dtype))
    g, b = gamma.reshape(bshape), beta.reshape(bshape)
    if mode == "test":                                # BUG: batch statistics in test mode
        mu = x.mean(axis=axes, keepdims=True)
        a = g / np.sqrt(((x - mu) ** 2).mean(axis=axes, keepdims=True) + eps)
        return a * (x - mu) + b, None
    if mode != "train":
        raise ValueError(f"invalid batchnorm mode {mode!r}")
    m = x.size // C
    mu = x.mean(axis=axes, keepdims=True)
    xmu = x - mu
    var = (xmu * xmu).mean(axis=axes, keepdims=True)
    istd = 1 / np.sqrt(var + eps)
    xhat = xmu * istd
    rm *= 1 - momentum
    rm += momentum * mu.reshape(C)
    rv *= 1 - momentum
    rv += momentum * (m / (m - 1)) * var.reshape(C)
    return g * xhat + b, (xhat, g * istd, m, axes, C)


def _backward(dout, cache):
    xhat, g_istd, m, axes, C = cache
    dbeta = dout.sum(axis=axes, keepdims=True)
    dgamma = (dout * xhat).sum(axis=axes, keepdims=True)
    dx = g_istd / m * (m * dout - dbeta - xhat * dgamma)
    return dx, dgamma.reshape(C), dbeta.reshape(C)


def batchnorm_forward(x, gamma, beta, bn_param):
    return _forward(x, gamma, beta, bn_param, (0,), (1, -1))


def batchnorm_backward(dout, cache):
    return _backward(dout, cache)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    return _forward(x, gamma, beta, bn_param, (0, 2, 3), (1, -1, 1, 1))


def spatial_batchnorm_backward(dout, cache):
    return _backward(dout, cache)
