"""Planted mistake: the Gram expansion without centring or clipping, and norms that can overflow."""

from __future__ import annotations

import numpy as np


def pairwise_sq_dists(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    return (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2 * A @ B.T


def cosine_similarity(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    na = np.linalg.norm(A, axis=1)[:, None]
    nb = np.linalg.norm(B, axis=1)[None, :]
    denom = na * nb
    return np.divide(A @ B.T, denom, out=np.zeros((len(A), len(B))), where=denom > 0)
