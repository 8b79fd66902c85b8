"""Layer normalisation, forward and backward, over the last axis."""

from __future__ import annotations

from typing import Any

import numpy as np


def layer_norm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, Any]:
    """y = (x - mean) / sqrt(var + eps) * gamma + beta over the last axis of x (..., D).

    gamma, beta: (D,). Returns (y with x's shape and dtype, cache); the cache is whatever your
    backward needs and is only ever passed back to your own layer_norm_backward.
    """
    raise NotImplementedError


def layer_norm_backward(dy: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx with x's shape, dgamma (D,), dbeta (D,)) given dy = d(loss)/dy."""
    raise NotImplementedError
