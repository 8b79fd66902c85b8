"""Reference: centred Gram-matrix distances and row-scaled cosine similarity, O(n m) memory."""

from __future__ import annotations

import numpy as np


def pairwise_sq_dists(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """|a - b|^2 = |a|^2 + |b|^2 - 2 a.b after removing a shared offset.

    Centring does not change distances but stops |a|^2 and |b|^2 from dwarfing their difference,
    which is where the expansion loses all its digits on data with a large common offset.
    """
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise ValueError("A and B must be 2-D with the same number of columns")
    if A.shape[0] == 0 or B.shape[0] == 0:
        return np.zeros((A.shape[0], B.shape[0]))
    center = A.mean(axis=0)
    A0 = A - center
    B0 = B - center
    d2 = (A0 * A0).sum(axis=1)[:, None] + (B0 * B0).sum(axis=1)[None, :] - 2.0 * (A0 @ B0.T)
    return np.maximum(d2, 0.0)


def _unit_rows(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; zero rows stay zero. Dividing by the max first avoids
    over/underflow.
    """
    scale = np.abs(X).max(axis=1, keepdims=True) if X.shape[1] else np.zeros((X.shape[0], 1))
    safe = np.where(scale > 0, scale, 1.0)
    Xs = X / safe
    norm = np.sqrt((Xs * Xs).sum(axis=1, keepdims=True))
    return np.divide(Xs, norm, out=np.zeros_like(Xs), where=norm > 0)


def cosine_similarity(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise ValueError("A and B must be 2-D with the same number of columns")
    return _unit_rows(A) @ _unit_rows(B).T
