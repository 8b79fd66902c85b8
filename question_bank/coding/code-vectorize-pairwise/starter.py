"""Vectorise two slow pairwise loops: squared Euclidean distances and cosine similarity.

The code in production today (correct but far too slow):

    def pairwise_sq_dists(A, B):
        out = np.zeros((len(A), len(B)))
        for i in range(len(A)):
            for j in range(len(B)):
                out[i, j] = np.sum((A[i] - B[j]) ** 2)
        return out

    def cosine_similarity(A, B):
        out = np.zeros((len(A), len(B)))
        for i in range(len(A)):
            for j in range(len(B)):
                na, nb = np.linalg.norm(A[i]), np.linalg.norm(B[j])
                out[i, j] = 0.0 if na == 0 or nb == 0 else A[i] @ B[j] / (na * nb)
        return out
"""

from __future__ import annotations

import numpy as np


def pairwise_sq_dists(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """(n, m) squared Euclidean distances between rows of A (n, d) and B (m, d); all entries >= 0."""
    raise NotImplementedError


def cosine_similarity(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """(n, m) cosine similarities; a pair involving an all-zero row has similarity 0."""
    raise NotImplementedError
