"""Numerically stable softmax cross-entropy and its gradient, with ignore_index and label smoothing."""

from __future__ import annotations

import numpy as np


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log(softmax(logits)) along the last axis, same shape and dtype as logits, finite for finite
    input.
    """
    raise NotImplementedError


def softmax_cross_entropy(
    logits: np.ndarray,
    labels: np.ndarray,
    *,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
) -> tuple[float, np.ndarray]:
    """Mean cross-entropy over rows whose label is not ignore_index, and d(loss)/d(logits).

    logits: (N, C) float32 or float64; labels: (N,) ints. Returns (loss as a float, grad (N, C)
    with the dtype of logits).
    """
    raise NotImplementedError
