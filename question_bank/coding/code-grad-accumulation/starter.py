"""A linear-regression training loop with gradient accumulation."""

from __future__ import annotations

import numpy as np


def mse_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray
) -> tuple[float, np.ndarray, float]:
    """Mean squared error of X @ w + b against y, and its gradient.

    X: (n, d) float64, y: (n,), w: (d,), b: scalar, n >= 1.
    Returns (loss, grad_w of shape (d,), grad_b as a float).
    """
    raise NotImplementedError


def train(
    w: np.ndarray,
    b: float,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float,
    micro_batch_size: int,
    accum_steps: int,
    epochs: int,
) -> tuple[np.ndarray, float, list[float]]:
    """Gradient descent where each optimizer step accumulates `accum_steps` micro-batches.

    Every step must equal one plain step on the MSE of all rows in its group.
    Returns (new_w, new_b, step_losses); the inputs are not modified.
    """
    raise NotImplementedError
