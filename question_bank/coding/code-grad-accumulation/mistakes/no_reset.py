"""Planted mistake: accumulators are zeroed once per epoch, not after every optimizer step."""

from __future__ import annotations

import numpy as np


def mse_and_grad(w, b, X, y):
    n = X.shape[0]
    r = X @ w + b - y
    return float(r @ r / n), 2.0 / n * (X.T @ r), float(2.0 / n * r.sum())


def train(w, b, X, y, *, lr, micro_batch_size, accum_steps, epochs):
    if micro_batch_size < 1 or accum_steps < 1:
        raise ValueError("bad sizes")
    w = np.array(w, dtype=float)
    b = float(b)
    n = X.shape[0]
    losses = []
    for _ in range(epochs):
        acc_w, acc_b, acc_loss, rows, count = np.zeros_like(w), 0.0, 0.0, 0, 0
        for i, s in enumerate(range(0, n, micro_batch_size)):
            e = min(s + micro_batch_size, n)
            loss, gw, gb = mse_and_grad(w, b, X[s:e], y[s:e])
            acc_w += gw * (e - s)
            acc_b += gb * (e - s)
            acc_loss += loss * (e - s)
            rows += e - s
            count += 1
            if count == accum_steps or e == n:
                losses.append(acc_loss / rows)
                w = w - lr * acc_w / rows
                b = b - lr * acc_b / rows
                acc_loss, rows, count = 0.0, 0, 0  # the gradient sums are never cleared here
    return w, b, losses
