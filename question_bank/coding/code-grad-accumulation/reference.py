"""Reference: gradient accumulation weighted by micro-batch size, equal to the full-group step."""

from __future__ import annotations

import numpy as np


def mse_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray
) -> tuple[float, np.ndarray, float]:
    """Loss and gradient of mean((X w + b - y)^2)."""
    n = X.shape[0]
    resid = X @ w + b - y
    loss = float(resid @ resid / n)
    grad_w = (2.0 / n) * (X.T @ resid)
    grad_b = float(2.0 / n * resid.sum())
    return loss, grad_w, grad_b


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
    """Sum per-micro-batch gradients weighted by row count, divide by the group's rows, step, reset."""
    if micro_batch_size < 1 or accum_steps < 1 or epochs < 0:
        raise ValueError("micro_batch_size and accum_steps must be >= 1 and epochs >= 0")
    w = np.array(w, dtype=np.float64, copy=True)
    b = float(b)
    n = X.shape[0]
    group_rows = micro_batch_size * accum_steps
    losses: list[float] = []
    for _ in range(epochs):
        for start in range(0, n, group_rows):
            stop = min(start + group_rows, n)
            acc_w = np.zeros_like(w)  # fresh accumulators for every optimizer step
            acc_b = 0.0
            acc_loss = 0.0
            for m0 in range(start, stop, micro_batch_size):
                m1 = min(m0 + micro_batch_size, stop)
                loss, gw, gb = mse_and_grad(w, b, X[m0:m1], y[m0:m1])
                rows = m1 - m0
                acc_w += gw * rows  # undo the micro-batch mean so uneven sizes weigh correctly
                acc_b += gb * rows
                acc_loss += loss * rows
            count = stop - start
            losses.append(acc_loss / count)
            w -= lr * acc_w / count
            b -= lr * acc_b / count
    return w, b, losses
