"""Reference logistic regression: log loss from logits via logaddexp, branch-free stable sigmoid."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """exp(-|z|) never overflows, so both halves of the sigmoid stay finite."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _check(X: np.ndarray, y: np.ndarray) -> None:
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("X must be (n, d) and y must be (n,)")
    if X.shape[0] == 0:
        raise ValueError("need at least one example")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")


def loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float = 0.0
) -> tuple[float, np.ndarray, float]:
    """loss = mean(log(1 + e^z) - y z) + l2/2 |w|^2, computed from logits, never from probabilities."""
    _check(X, y)
    n = X.shape[0]
    z = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * (w @ w))
    resid = sigmoid(z) - y
    grad_w = X.T @ resid / n + l2 * w
    grad_b = float(resid.mean())
    return loss, grad_w, grad_b


def fit(
    X: np.ndarray, y: np.ndarray, *, lr: float = 0.1, n_iters: int = 500, l2: float = 0.0
) -> tuple[np.ndarray, float, list[float]]:
    """Plain full-batch gradient descent; the history records the loss before each step."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    _check(X, y)
    w = np.zeros(X.shape[1])
    b = 0.0
    losses: list[float] = []
    for _ in range(n_iters):
        loss, gw, gb = loss_and_grad(w, b, X, y, l2)
        losses.append(loss)
        w = w - lr * gw
        b = b - lr * gb
    return w, b, losses


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return sigmoid(np.asarray(X, dtype=np.float64) @ w + b)
