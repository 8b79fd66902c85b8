"""Planted mistake: cosine similarity divides by zero norms, producing NaN for all-zero rows."""

from __future__ import annotations

import numpy as np


def pairwise_sq_dists(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    c = A.mean(0) if len(A) else 0.0
    A0, B0 = A - c, B - c
    return np.maximum((A0 * A0).sum(1)[:, None] + (B0 * B0).sum(1)[None, :] - 2 * A0 @ B0.T, 0.0)


def cosine_similarity(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    sa = np.abs(A).max(1, keepdims=True)
    sb = np.abs(B).max(1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        An = A / sa
        Bn = B / sb
        An = An / np.sqrt((An * An).sum(1, keepdims=True))
        Bn = Bn / np.sqrt((Bn * Bn).sum(1, keepdims=True))
    return An @ Bn.T
