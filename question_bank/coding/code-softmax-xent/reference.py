"""Reference cross-entropy: log-sum-exp with the max shift, gradient softmax - target over valid rows."""

from __future__ import annotations

import numpy as np


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """z - logsumexp(z); the row max is subtracted first so exp never overflows."""
    z = np.asarray(logits)
    work = z.astype(np.promote_types(z.dtype, np.float32), copy=False)
    shifted = work - work.max(axis=-1, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return out.astype(z.dtype, copy=False)


def softmax_cross_entropy(
    logits: np.ndarray,
    labels: np.ndarray,
    *,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
) -> tuple[float, np.ndarray]:
    """Loss against (1 - eps) one_hot + eps / C; ignored rows add nothing and get a zero gradient."""
    z = np.asarray(logits)
    y = np.asarray(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],):
        raise ValueError("logits must be (N, C) and labels (N,)")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError("label_smoothing must be in [0, 1]")
    n, c = z.shape
    valid = y != ignore_index
    if np.any((y[valid] < 0) | (y[valid] >= c)):
        raise ValueError(f"labels must be in [0, {c}) or equal to ignore_index")
    grad = np.zeros(z.shape, dtype=z.dtype)
    n_valid = int(valid.sum())
    if n_valid == 0:
        return 0.0, grad
    # Work in float64 internally: the loss is a mean of many terms and the gradient is a difference.
    zv = z[valid].astype(np.float64)
    yv = y[valid]
    rows = np.arange(n_valid)
    logp = log_softmax(zv)
    # The target is never materialised: (1 - eps) on the label plus eps / C everywhere.
    picked = logp[rows, yv]
    loss = -((1.0 - label_smoothing) * picked.sum() + label_smoothing / c * logp.sum()) / n_valid
    g = np.exp(logp, out=logp)
    g -= label_smoothing / c
    g[rows, yv] -= 1.0 - label_smoothing
    g /= n_valid
    grad[valid] = g
    return float(loss), grad
