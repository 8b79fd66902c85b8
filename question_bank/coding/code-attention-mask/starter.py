"""Scaled dot-product attention with a boolean mask."""

from __future__ import annotations

import numpy as np


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Attend from every query to every key.

    q: (..., Lq, d), k: (..., Lk, d), v: (..., Lk, dv); leading dims broadcast.
    mask: bool, broadcastable to (..., Lq, Lk); True means "may attend", False means "masked".
    Returns (output, weights): output (..., Lq, dv), weights (..., Lq, Lk), both with dtype
    np.result_type(q, k, v). A query row whose keys are all masked gets all-zero weights and an
    all-zero output row.
    """
    raise NotImplementedError
