"""Reference AUC: Mann-Whitney U from average ranks, O(n log n)."""

from __future__ import annotations

import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """(sum of positive ranks - n_pos (n_pos + 1) / 2) / (n_pos n_neg), ties sharing their mean
    rank.
    """
    y = np.asarray(y_true)
    s = np.asarray(scores, dtype=np.float64)
    if y.ndim != 1 or s.shape != y.shape:
        raise ValueError("y_true and scores must be 1-D arrays of the same length")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite")
    pos = y == 1
    n_pos = int(pos.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC is undefined unless both classes are present")
    # Average rank of each distinct score: ranks first..last of its block, 1-based.
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)
    avg_rank = last - (counts - 1) / 2.0
    rank_sum = float(avg_rank[inverse[pos]].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)
