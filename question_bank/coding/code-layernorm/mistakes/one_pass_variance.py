"""Planted mistake: variance as E[x^2] - E[x]^2, which cancels catastrophically for rows with a large offset."""

from __future__ import annotations

import numpy as np


def layer_norm_forward(x, gamma, beta, eps=1e-5):
    dtype = x.dtype
    xf = x.astype(float)
    mu = xf.mean(-1, keepdims=True)
    var = np.maximum((xf * xf).mean(-1, keepdims=True) - mu * mu, 0.0)
    rstd = 1 / np.sqrt(var + eps)
    xhat = (xf - mu) * rstd
    return (xhat * gamma + beta).astype(dtype), (xhat, rstd, gamma.astype(float), dtype)


def layer_norm_backward(dy, cache):
    xhat, rstd, gamma, dtype = cache
    dy = dy.astype(float)
    axes = tuple(range(dy.ndim - 1))
    g = dy * gamma
    dx = rstd * (g - g.mean(-1, keepdims=True) - xhat * (g * xhat).mean(-1, keepdims=True))
    return dx.astype(dtype), (dy * xhat).sum(axes).astype(dtype), dy.sum(axes).astype(dtype)
