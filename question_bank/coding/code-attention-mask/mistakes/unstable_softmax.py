"""Planted mistake: the softmax exponentiates raw scores without subtracting the row max."""

from __future__ import annotations

import numpy as np


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    dtype = np.result_type(q, k, v)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    exp = np.exp(scores)
    if mask is not None:
        exp = np.where(mask, exp, 0.0)
    denom = exp.sum(axis=-1, keepdims=True)
    weights = np.divide(exp, denom, out=np.zeros_like(exp), where=denom > 0)
    return (weights @ v).astype(dtype), weights.astype(dtype)
