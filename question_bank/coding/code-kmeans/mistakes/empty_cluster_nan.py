"""Planted mistake: the update takes the mean of an empty cluster, giving a NaN centroid."""

from __future__ import annotations

import warnings

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
    for _ in range(n_iters):
        d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)
        labels = d2.argmin(1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            new_C = np.array([X[labels == j].mean(axis=0) for j in range(k)])
        shift = ((new_C - C) ** 2).sum(1).max()
        C = new_C
        if shift <= tol:
            break
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)
    labels = d2.argmin(1)
    return C, labels, float(d2[np.arange(n), labels].sum())
