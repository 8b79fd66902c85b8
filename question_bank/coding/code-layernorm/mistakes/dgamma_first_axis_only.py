"""Planted mistake: dgamma and dbeta are summed over axis 0 only, which is wrong for (B, T, D) inputs."""

from __future__ import annotations

import numpy as np


def layer_norm_forward(x, gamma, beta, eps=1e-5):
    dtype = x.dtype
    xf = x.astype(float)
    mu = xf.mean(-1, keepdims=True)
    xc = xf - mu
    rstd = 1 / np.sqrt((xc * xc).mean(-1, keepdims=True) + eps)
    xhat = xc * rstd
    return (xhat * gamma + beta).astype(dtype), (xhat, rstd, gamma.astype(float), dtype)


def layer_norm_backward(dy, cache):
    xhat, rstd, gamma, dtype = cache
    dy = dy.astype(float)
    g = dy * gamma
    dx = rstd * (g - g.mean(-1, keepdims=True) - xhat * (g * xhat).mean(-1, keepdims=True))
    return dx.astype(dtype), (dy * xhat).sum(0).astype(dtype), dy.sum(0).astype(dtype)
