"""Planted mistake: the original double loop, correct but O(n m) Python iterations."""

from __future__ import annotations

import numpy as np


def pairwise_sq_dists(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    out = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            out[i, j] = np.sum((A[i] - B[j]) ** 2)
    return out


def _unit(x):
    s = np.abs(x).max() if x.size else 0.0
    if s == 0:
        return np.zeros_like(x)
    x = x / s
    return x / np.sqrt(x @ x)


def cosine_similarity(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    out = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            out[i, j] = _unit(A[i]) @ _unit(B[j])
    return out
