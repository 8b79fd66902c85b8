"""Planted mistake: NDCG uses the raw relevance as gain instead of 2**rel - 1 (same for binary labels)."""

from __future__ import annotations

import numpy as np


def _check(s, r, k):
    if s.ndim != 2 or s.shape != r.shape or k < 1 or np.any(r < 0):
        raise ValueError("bad input")


def _top(s, k):
    return np.argsort(-s, axis=1, kind="stable")[:, :k]


def precision_at_k(scores, relevance, k):
    s, r = np.asarray(scores, float), np.asarray(relevance, float)
    _check(s, r, k)
    return (np.take_along_axis(r, _top(s, k), 1) > 0).sum(1) / k


def ndcg_at_k(scores, relevance, k):
    s, r = np.asarray(scores, float), np.asarray(relevance, float)
    _check(s, r, k)
    top = _top(s, k)
    disc = 1 / np.log2(np.arange(top.shape[1]) + 2)
    dcg = (np.take_along_axis(r, top, 1) * disc).sum(1)
    ideal = (-np.sort(-r, axis=1)[:, :k] * disc).sum(1)
    return np.divide(dcg, ideal, out=np.zeros_like(dcg), where=ideal > 0)
