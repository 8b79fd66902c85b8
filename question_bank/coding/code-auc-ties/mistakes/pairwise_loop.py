"""Planted mistake: compares every positive with every negative in Python, O(n_pos * n_neg)."""

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
    pos = s[y == 1].tolist()
    neg = s[y == 0].tolist()
    if not pos or not neg:
        raise ValueError("need both classes")
    total = 0.0
    for p in pos:
        for q in neg:
            if p > q:
                total += 1.0
            elif p == q:
                total += 0.5
    return total / (len(pos) * len(neg))
