"""
Batch normalization, function API -- staged backward.
Forward builds the graph  x -> mu -> var -> xhat -> y  (one line per node) and the
backward walks it in reverse with the chain rule, one line per node, exactly as the
editorial (and the paper) write dbeta, dgamma, dxhat, dvar, dmu, dx.
Spatial (N, C, H, W) inputs move C last and reuse the (N*H*W, C) code.
Running statistics: PyTorch convention, new = (1 - momentum) * old + momentum * batch,
running variance unbiased (m / (m - 1)), normalization with the biased variance.
Time O(N*D), memory O(N*D) (the cache keeps x - mu and xhat).
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
    if mode != "train":
        raise ValueError(f"invalid batchnorm mode {mode!r}")
    m = x.shape[0]
    mu = x.sum(axis=0) / m                       # mean
    xmu = x - mu
    var = (xmu * xmu).sum(axis=0) / m            # biased variance
    std = np.sqrt(var + eps)
    xhat = xmu / std                             # normalize
    y = gamma * xhat + beta                      # scale and shift
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
    dmu = (dxhat * -1 / std).sum(axis=0) + dvar * (-2 * xmu).sum(axis=0) / m
    dx = dxhat / std + dvar * 2 * xmu / m + dmu / m
    return dx, dgamma, dbeta


def _to_rows(a):
    N, C, H, W = a.shape
    return a.transpose(0, 2, 3, 1).reshape(-1, C)


def _from_rows(a, shape):
    N, C, H, W = shape
    return a.reshape(N, H, W, C).transpose(0, 3, 1, 2)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = batchnorm_forward(_to_rows(x), gamma, beta, bn_param)
    return np.ascontiguousarray(_from_rows(out, x.shape)), (cache, x.shape)


def spatial_batchnorm_backward(dout, cache):
    cache, shape = cache
    dx, dgamma, dbeta = batchnorm_backward(_to_rows(dout), cache)
    return np.ascontiguousarray(_from_rows(dx, shape)), dgamma, dbeta
