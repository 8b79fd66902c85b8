"""Planted mistake: ranks come from a double argsort, so tied scores get different ranks by position."""

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
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    ranks = np.argsort(np.argsort(s, kind="stable"), kind="stable") + 1
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
