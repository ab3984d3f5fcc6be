"""
Batch normalization, function API -- fast version (fewest trips through main memory).
The array is streamed in blocks that stay in cache (L2/L3), so a formula of several NumPy
steps costs one trip through main memory instead of one per step:
  forward  = 1 read pass (per-block sums of d = x - K and d^2, K = per-channel mean of the
             first block, so d is centred and E[x^2] - E[x]^2 never cancels on raw
             values near 1e6; blocks merged with Chan's parallel formula)
             + 1 read/write pass y = (x - mu) * a + beta;
  backward = 1 read pass (sum dy, sum dy * (x - mu)) + 1 read/write pass for dx (closed form).
Every step writes into a reused scratch block (in place). NumPy broadcasts a row vector over
the rows of a block slowly, so for (N, D) input the per-column vectors are tiled to one
block; for (N, C, H, W) each channel's value is a scalar over its contiguous H*W run.
Results keep the input dtype (float32 stays float32); per-channel sums merge in float64.
Running statistics: PyTorch convention (momentum 0.1, unbiased running variance).
Time O(N*D); memory: the output plus a few blocks; the cache holds x itself, not a copy.
"""
import numpy as np

_BLOCK_BYTES = 1 << 19   # one block of one array; 256 KiB - 1 MiB measured best (fewer Python calls vs cache)


def _plan(N, C, L, itemsize):
    """Tiles (r, n0, n1, c0, c1) of the (N, C, L) view, each contiguous and about one block;
    r is the row of the block's partial sums, R the number of such rows."""
    row = C * L * itemsize
    if row <= _BLOCK_BYTES:
        step = max(1, _BLOCK_BYTES // row)
        blocks = [(r, n, min(n + step, N), 0, C) for r, n in enumerate(range(0, N, step))]
        return blocks, len(blocks)
    cstep = max(1, _BLOCK_BYTES // (L * itemsize))
    return [(n, n, n + 1, c, min(c + cstep, C)) for n in range(N) for c in range(0, C, cstep)], N


def _operands(vectors, x3, blocks):
    """For each block, views of per-channel vectors that combine with it at full speed."""
    B, C, L = blocks[0][2] - blocks[0][1], x3.shape[1], x3.shape[2]
    if L == 1:
        tiles = []
        for v in vectors:
            t = np.empty((B, C, 1), x3.dtype)
            t[...] = v[:, None]
            tiles.append(t)
        return [[t[:n1 - n0] for t in tiles] for _, n0, n1, _, _ in blocks]
    cols = [v.astype(x3.dtype)[:, None] for v in vectors]
    return [[c[c0:c1] for c in cols] for _, _, _, c0, c1 in blocks]


def _stats(x3, blocks, R):
    """Per-channel mean and M2 = sum (x - mean)^2 in one read pass over x."""
    N, C, L = x3.shape
    first = blocks[0]
    K = (np.add.reduce(x3[:first[2]], axis=(0, 2)) / ((first[2] - first[1]) * L)).astype(x3.dtype)
    S1, S2 = np.zeros((R, C), x3.dtype), np.zeros((R, C), x3.dtype)
    cnt = np.zeros((R, 1))
    buf = np.empty_like(x3[:first[2] - first[1], :first[4]])
    for (r, n0, n1, c0, c1), (k,) in zip(blocks, _operands([K], x3, blocks)):
        tb = buf[:n1 - n0, :c1 - c0]
        np.subtract(x3[n0:n1, c0:c1], k, out=tb)
        np.add.reduce(tb, axis=(0, 2), out=S1[r, c0:c1])
        tb *= tb
        np.add.reduce(tb, axis=(0, 2), out=S2[r, c0:c1])
        cnt[r] = (n1 - n0) * L
    S1, S2 = S1.astype(np.float64), S2.astype(np.float64)
    md = S1.sum(axis=0) / (N * L)                       # mean of d = x - K
    mb = S1 / cnt                                      # per-block means of d
    M2 = (S2 - S1 * mb).sum(axis=0) + (cnt * (mb - md) ** 2).sum(axis=0)
    return K + md, M2


def _affine(x3, center, scale, shift, blocks):
    """y = (x - center) * scale + shift per channel, written block by block."""
    y3 = np.empty_like(x3)
    for (_, n0, n1, c0, c1), (c, a, b) in zip(blocks, _operands([center, scale, shift], x3, blocks)):
        yb = y3[n0:n1, c0:c1]
        np.subtract(x3[n0:n1, c0:c1], c, out=yb)
        yb *= a
        yb += b
    return y3


def _forward(x, gamma, beta, bn_param, C, L):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    rm = bn_param.setdefault("running_mean", np.zeros(C, dtype=x.dtype))
    rv = bn_param.setdefault("running_var", np.ones(C, dtype=x.dtype))
    x3 = np.ascontiguousarray(x).reshape(x.shape[0], C, L)
    blocks, R = _plan(x3.shape[0], C, L, x3.itemsize)
    if mode == "test":
        y3 = _affine(x3, rm, gamma / np.sqrt(rv + eps), beta, blocks)
        return y3.reshape(x.shape), None
    if mode != "train":
        raise ValueError(f"invalid batchnorm mode {mode!r}")
    m = x3.shape[0] * L
    mean, M2 = _stats(x3, blocks, R)
    var = M2 / m
    istd = 1 / np.sqrt(var + eps)
    y3 = _affine(x3, mean, gamma * istd, beta, blocks)
    rm *= 1 - momentum
    rm += momentum * mean
    rv *= 1 - momentum
    rv += momentum * (m / (m - 1)) * var
    return y3.reshape(x.shape), (x3, mean, istd, gamma, m, blocks, R)


def _backward(dout, cache):
    x3, mean, istd, gamma, m, blocks, R = cache
    dy3 = np.ascontiguousarray(dout, dtype=x3.dtype).reshape(x3.shape)
    C = x3.shape[1]
    SD, SX = np.zeros((R, C), x3.dtype), np.zeros((R, C), x3.dtype)
    buf = np.empty_like(x3[:blocks[0][2] - blocks[0][1], :blocks[0][4]])
    ops = _operands([mean], x3, blocks)
    for (r, n0, n1, c0, c1), (mu,) in zip(blocks, ops):
        tb, dyb = buf[:n1 - n0, :c1 - c0], dy3[n0:n1, c0:c1]
        np.add.reduce(dyb, axis=(0, 2), out=SD[r, c0:c1])
        np.subtract(x3[n0:n1, c0:c1], mu, out=tb)
        tb *= dyb
        np.add.reduce(tb, axis=(0, 2), out=SX[r, c0:c1])
    dbeta = SD.sum(axis=0, dtype=np.float64)
    sxd = SX.sum(axis=0, dtype=np.float64)             # sum dy * (x - mean)
    dgamma = sxd * istd
    # dx = gamma*istd/m * (m*dy - dbeta - xhat*dgamma) = gi * (dy - ((x - mean)*k + dbeta/m))
    dx3 = np.empty_like(x3)
    ops = _operands([mean, istd * istd * sxd / m, dbeta / m, gamma * istd], x3, blocks)
    for (_, n0, n1, c0, c1), (mu, k, b, gi) in zip(blocks, ops):
        tb, dxb = buf[:n1 - n0, :c1 - c0], dx3[n0:n1, c0:c1]
        np.subtract(x3[n0:n1, c0:c1], mu, out=tb)
        tb *= k
        tb += b
        np.subtract(dy3[n0:n1, c0:c1], tb, out=dxb)
        dxb *= gi
    dt = x3.dtype
    return dx3.reshape(dout.shape), dgamma.astype(dt), dbeta.astype(dt)


def batchnorm_forward(x, gamma, beta, bn_param):
    return _forward(x, gamma, beta, bn_param, x.shape[1], 1)


def batchnorm_backward(dout, cache):
    return _backward(dout, cache)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    return _forward(x, gamma, beta, bn_param, C, H * W)


def spatial_batchnorm_backward(dout, cache):
    return _backward(dout, cache)
