"""Precision@K and NDCG@K for a batch of ranked queries."""

from __future__ import annotations

import numpy as np


def precision_at_k(scores: np.ndarray, relevance: np.ndarray, k: int) -> np.ndarray:
    """Per-query precision of the top k items ranked by score; shape (Q,).

    scores, relevance: (Q, N); an item is relevant when relevance > 0.
    """
    raise NotImplementedError


def ndcg_at_k(scores: np.ndarray, relevance: np.ndarray, k: int) -> np.ndarray:
    """Per-query NDCG@k with gain 2**rel - 1 and discount 1 / log2(rank + 1); shape (Q,)."""
    raise NotImplementedError
