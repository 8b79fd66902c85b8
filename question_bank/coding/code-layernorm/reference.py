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
    d = xf.shape[-1]
    xhat = xf - xf.mean(axis=-1, keepdims=True)
    var = np.einsum("...d,...d->...", xhat, xhat)[..., None] / d
    rstd = 1.0 / np.sqrt(var + eps)
    xhat *= rstd
    g = np.asarray(gamma, dtype=np.float64)
    y = xhat * g
    y += np.asarray(beta, dtype=np.float64)
    return y.astype(dtype, copy=False), (xhat, rstd, g, dtype)


def layer_norm_backward(dy: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gamma, per row."""
    xhat, rstd, gamma, dtype = cache
    dyf = np.asarray(dy, dtype=np.float64)
    d = dyf.shape[-1]
    lead = tuple(range(dyf.ndim - 1))
    dbeta = dyf.sum(axis=lead)
    dgamma = np.einsum("nd,nd->d", dyf.reshape(-1, d), xhat.reshape(-1, d))
    g = dyf * gamma
    # The two means are the gradient paths through the row mean and through the row variance.
    proj = np.einsum("...d,...d->...", g, xhat)[..., None] / d
    g -= g.mean(axis=-1, keepdims=True)
    g -= xhat * proj
    g *= rstd
    return (
        g.astype(dtype, copy=False),
        dgamma.astype(dtype, copy=False),
        dbeta.astype(dtype, copy=False),
    )
