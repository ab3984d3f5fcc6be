"""
WRONG: normalizes with the unbiased batch variance sum (x - mu)^2 / (m - 1) (the value
the running variance is fed) instead of the biased / m. Otherwise the closed-form
reference. Off by a factor sqrt((m-1)/m) in xhat: any training step shows it, most of
all m = 2 (xhat = +-0.707 instead of +-1). Time O(N*D), memory O(N*D).
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
    if mode == "test":
        a = g / np.sqrt(rv.reshape(bshape) + eps)
        return a * x + (b - a * rm.reshape(bshape)), None
    if mode != "train":
        raise ValueError(f"invalid batchnorm mode {mode!r}")
    m = x.size // C
    mu = x.mean(axis=axes, keepdims=True)
    xmu = x - mu
    var = (xmu * xmu).mean(axis=axes, keepdims=True)
    istd = 1 / np.sqrt(var * (m / (m - 1)) + eps)   # BUG: unbiased variance
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
