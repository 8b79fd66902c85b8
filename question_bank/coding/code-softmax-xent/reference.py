"""Reference cross-entropy: log-sum-exp with the max shift, gradient softmax - target over valid
rows.
"""

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
    c = z.shape[1]
    valid = y != ignore_index
    if np.any((y[valid] < 0) | (y[valid] >= c)):
        raise ValueError(f"labels must be in [0, {c}) or equal to ignore_index")
    n_valid = int(valid.sum())
    if n_valid == 0:
        return 0.0, np.zeros(z.shape, dtype=z.dtype)
    # Work in float64 on every row (no boolean gather/scatter); ignored rows are weighted by 0.
    zf = z.astype(np.float64, copy=False)
    rows = np.arange(z.shape[0])
    safe_y = np.where(valid, y, 0)
    shifted = zf - zf.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    row_sum = probs.sum(axis=1)
    log_norm = np.log(row_sum)
    # The target is never materialised: (1 - eps) on the label plus eps / C everywhere.
    label_logp = shifted[rows, safe_y] - log_norm
    mean_logp = shifted.mean(axis=1) - log_norm
    per_row = (1.0 - label_smoothing) * label_logp + label_smoothing * mean_logp
    loss = -float(per_row[valid].sum()) / n_valid
    probs /= row_sum[:, None]
    probs -= label_smoothing / c
    probs[rows, safe_y] -= 1.0 - label_smoothing
    probs *= (valid / n_valid)[:, None]
    return loss, probs.astype(z.dtype, copy=False)
