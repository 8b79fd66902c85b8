"""Binary logistic regression trained by full-batch gradient descent."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Elementwise 1 / (1 + exp(-z)) as float64, finite and accurate for any finite z."""
    raise NotImplementedError


def loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float = 0.0
) -> tuple[float, np.ndarray, float]:
    """Mean log loss of sigmoid(X @ w + b) against y in {0, 1}, plus (l2 / 2) * ||w||^2 (bias
    excluded).

    Returns (loss, grad_w (d,), grad_b).
    """
    raise NotImplementedError


def fit(
    X: np.ndarray, y: np.ndarray, *, lr: float = 0.1, n_iters: int = 500, l2: float = 0.0
) -> tuple[np.ndarray, float, list[float]]:
    """Gradient descent from w = 0, b = 0 for exactly n_iters steps; returns (w, b, losses before
    each step).
    """
    raise NotImplementedError


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """P(y = 1 | x) for every row of X, shape (n,)."""
    raise NotImplementedError
