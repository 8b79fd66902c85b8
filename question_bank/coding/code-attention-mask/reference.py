"""Reference: scaled dot-product attention with a boolean mask and a stable softmax."""

from __future__ import annotations

import numpy as np


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Softmax(q k^T / sqrt(d)) v, with masked keys excluded and fully masked rows set to zero."""
    out_dtype = np.result_type(q, k, v)
    # The softmax runs in at least float32 even for half-precision inputs.
    work = np.promote_types(out_dtype, np.float32)
    q = np.asarray(q, dtype=work)
    k = np.asarray(k, dtype=work)
    v = np.asarray(v, dtype=work)
    d = q.shape[-1]
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) / np.sqrt(d)
    if mask is None:
        allowed = np.ones(scores.shape, dtype=bool)
    else:
        allowed = np.broadcast_to(np.asarray(mask, dtype=bool), scores.shape)
    scores = np.where(allowed, scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    any_allowed = np.isfinite(row_max)
    # Subtracting the row max keeps exp() in range; rows with nothing allowed use 0 as the shift.
    shifted = scores - np.where(any_allowed, row_max, 0.0)
    exp = np.where(allowed, np.exp(shifted), 0.0)
    denom = exp.sum(axis=-1, keepdims=True)
    weights = np.divide(exp, denom, out=np.zeros_like(exp), where=denom > 0)
    out = np.matmul(weights, v)
    return out.astype(out_dtype, copy=False), weights.astype(out_dtype, copy=False)
