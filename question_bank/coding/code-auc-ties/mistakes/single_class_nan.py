"""Planted mistake: no check for a missing class, so the division by n_pos * n_neg returns NaN."""

from __future__ import annotations

import numpy as np


def roc_auc(y_true, scores):
    y = np.asarray(y_true)
    s = np.asarray(scores, dtype=float)
    if (
        y.ndim != 1
        or s.shape != y.shape
        or not np.all((y == 0) | (y == 1))
        or not np.all(np.isfinite(s))
    ):
        raise ValueError("bad input")
    pos = y == 1
    n_pos = np.int64(pos.sum())
    n_neg = np.int64(y.size) - n_pos
    _, inv, counts = np.unique(s, return_inverse=True, return_counts=True)
    avg = np.cumsum(counts) - (counts - 1) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return float((avg[inv[pos]].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
