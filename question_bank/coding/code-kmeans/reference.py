"""Reference K-means: vectorised assignment and update, farthest-point relocation of empty clusters."""

from __future__ import annotations

import numpy as np


def _sq_dists(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """(n, k) squared distances via the expansion, clipped so rounding never makes them negative."""
    d2 = (X * X).sum(axis=1)[:, None] - 2.0 * (X @ C.T) + (C * C).sum(axis=1)[None, :]
    return np.maximum(d2, 0.0)


def _assign(X: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d2 = _sq_dists(X, C)
    labels = np.argmin(d2, axis=1)  # argmin returns the lowest index on ties
    return labels, d2[np.arange(X.shape[0]), labels]


def _update(X: np.ndarray, labels: np.ndarray, own_d2: np.ndarray, k: int) -> np.ndarray:
    d = X.shape[1]
    counts = np.bincount(labels, minlength=k)
    flat = (labels[:, None] * d + np.arange(d)).ravel()
    sums = np.bincount(flat, weights=X.ravel(), minlength=k * d).reshape(k, d)
    C = sums / np.maximum(counts, 1)[:, None]
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        # Each empty cluster, in index order, takes the next point farthest from its own centroid.
        far = np.argsort(-own_d2, kind="stable")[: empty.size]
        C[empty] = X[far]
    return C


def kmeans(
    X: np.ndarray,
    k: int,
    *,
    init: np.ndarray | None = None,
    n_iters: int = 100,
    tol: float = 1e-10,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Lloyd iterations until the largest squared centroid move is <= tol or n_iters is reached."""
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of points ({n}), got {k}")
    if init is None:
        C = X[np.random.default_rng(seed).choice(n, size=k, replace=False)]
    else:
        C = np.array(init, dtype=np.float64, copy=True)
    for _ in range(n_iters):
        labels, own_d2 = _assign(X, C)
        new_C = _update(X, labels, own_d2, k)
        shift = float(((new_C - C) ** 2).sum(axis=1).max())
        C = new_C
        if shift <= tol:
            break
    labels, own_d2 = _assign(X, C)
    return C, labels.astype(np.int64), float(own_d2.sum())
