"""Planted mistake: divides DCG by IDCG without guarding queries that have no relevant item."""

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
    g = 2.0**r - 1
    top = _top(s, k)
    disc = 1 / np.log2(np.arange(top.shape[1]) + 2)
    dcg = (np.take_along_axis(g, top, 1) * disc).sum(1)
    ideal = (-np.sort(-g, axis=1)[:, :k] * disc).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return dcg / ideal
