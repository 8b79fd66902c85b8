"""Reference layer norm: two-pass statistics in float64, closed-form backward."""

from __future__ import annotations

from typing import Any

import numpy as np


def layer_norm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, Any]:
    """Mean first, then the mean of squared deviations: no E[x^2] - E[x]^2 cancellation."""
    dtype = np.asarray(x).dtype
    xf = np.asarray(x, dtype=np.float64)
    mu = xf.mean(axis=-1, keepdims=True)
    xc = xf - mu
    var = (xc * xc).mean(axis=-1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    xhat = xc * rstd
    g = np.asarray(gamma, dtype=np.float64)
    y = xhat * g + np.asarray(beta, dtype=np.float64)
    return y.astype(dtype, copy=False), (xhat, rstd, g, dtype)


def layer_norm_backward(dy: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gamma, per row."""
    xhat, rstd, gamma, dtype = cache
    dyf = np.asarray(dy, dtype=np.float64)
    lead = tuple(range(dyf.ndim - 1))
    dbeta = dyf.sum(axis=lead)
    dgamma = (dyf * xhat).sum(axis=lead)
    g = dyf * gamma
    dx = rstd * (g - g.mean(axis=-1, keepdims=True) - xhat * (g * xhat).mean(axis=-1, keepdims=True))
    return dx.astype(dtype, copy=False), dgamma.astype(dtype, copy=False), dbeta.astype(dtype, copy=False)
