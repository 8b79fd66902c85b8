"""Planted mistake: returns the labels and inertia of the last assignment, computed before the final update."""

from __future__ import annotations

import numpy as np


def kmeans(X, k, *, init=None, n_iters=100, tol=1e-10, seed=0):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError("bad k")
    C = (
        X[np.random.default_rng(seed).choice(n, size=k, replace=False)]
        if init is None
        else np.array(init, float)
    )
    labels, own = np.zeros(n, dtype=np.int64), np.zeros(n)
    for _ in range(n_iters):
        d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)
        labels = d2.argmin(1)
        own = d2[np.arange(n), labels]
        counts = np.bincount(labels, minlength=k)
        new_C = np.zeros_like(C)
        np.add.at(new_C, labels, X)
        new_C /= np.maximum(counts, 1)[:, None]
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            new_C[empty] = X[np.argsort(-own, kind="stable")[: empty.size]]
        shift = ((new_C - C) ** 2).sum(1).max()
        C = new_C
        if shift <= tol:
            break
    return C, labels, float(own.sum())
