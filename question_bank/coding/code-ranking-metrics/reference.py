"""Reference ranking metrics: O(N) top-k selection per query with a deterministic tie rule."""

from __future__ import annotations

import numpy as np


def _check(scores: np.ndarray, relevance: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(scores, dtype=np.float64)
    r = np.asarray(relevance, dtype=np.float64)
    if s.ndim != 2 or s.shape != r.shape:
        raise ValueError("scores and relevance must both be (Q, N)")
    if k < 1:
        raise ValueError("k must be >= 1")
    if np.any(r < 0):
        raise ValueError("relevance must be non-negative")
    return s, r


def _top_k(s: np.ndarray, k: int) -> np.ndarray:
    """(Q, min(k, N)) item ids in rank order: descending score, lower index first on ties."""
    q, n = s.shape
    k = min(k, n)
    if k == 0:
        return np.zeros((q, 0), dtype=np.int64)
    if k < n:
        kth = -np.partition(-s, k - 1, axis=1)[:, k - 1 : k]
        keep = s > kth
        need = k - keep.sum(axis=1, keepdims=True)
        tied = s == kth
        rows = np.nonzero(tied.sum(axis=1) > need[:, 0])[0]  # rows with more ties than free slots
        if rows.size:
            sub = tied[rows]
            tied[rows] = sub & (np.cumsum(sub, axis=1) <= need[rows])
        keep |= tied
        cand = np.nonzero(keep)[1].reshape(q, k)  # increasing item index within each row
    else:
        cand = np.broadcast_to(np.arange(n), (q, n))
    order = np.argsort(-np.take_along_axis(s, cand, axis=1), axis=1, kind="stable")
    return np.take_along_axis(cand, order, axis=1)


def precision_at_k(scores: np.ndarray, relevance: np.ndarray, k: int) -> np.ndarray:
    """Relevant items among the top k, divided by k (a list shorter than k is padded with misses)."""
    s, r = _check(scores, relevance, k)
    top = _top_k(s, k)
    hits = (np.take_along_axis(r, top, axis=1) > 0).sum(axis=1)
    return hits / k


def _dcg(gains_in_rank_order: np.ndarray) -> np.ndarray:
    ranks = np.arange(gains_in_rank_order.shape[1])
    return (gains_in_rank_order / np.log2(ranks + 2.0)).sum(axis=1)


def ndcg_at_k(scores: np.ndarray, relevance: np.ndarray, k: int) -> np.ndarray:
    """DCG of the ranking over DCG of the ideal ranking; 0 for queries with no relevant item."""
    s, r = _check(scores, relevance, k)
    # Gains are monotone in relevance, so select on relevance and exponentiate only k values per
    # row.
    dcg = _dcg(np.exp2(np.take_along_axis(r, _top_k(s, k), axis=1)) - 1.0)
    kk = min(k, r.shape[1])
    best = -np.partition(-r, kk - 1, axis=1)[:, :kk] if kk < r.shape[1] else r
    ideal = _dcg(np.exp2(-np.sort(-best, axis=1)) - 1.0)
    return np.divide(dcg, ideal, out=np.zeros_like(dcg), where=ideal > 0)
