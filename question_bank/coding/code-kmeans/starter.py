"""K-means (Lloyd's algorithm) with a defined rule for empty clusters."""

from __future__ import annotations

import numpy as np


def kmeans(
    X: np.ndarray,
    k: int,
    *,
    init: np.ndarray | None = None,
    n_iters: int = 100,
    tol: float = 1e-10,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Cluster the rows of X (n, d) into k groups.

    Returns (centroids (k, d) float64, labels (n,) int64, inertia float), following the
    prompt's rules for initialisation, ties, empty clusters and stopping.
    """
    raise NotImplementedError
