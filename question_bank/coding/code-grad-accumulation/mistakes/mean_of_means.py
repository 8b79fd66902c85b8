"""Planted mistake: micro-batch mean gradients are averaged equally, ignoring a short last micro-batch."""

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
    group = micro_batch_size * accum_steps
    for _ in range(epochs):
        for g in range(0, n, group):
            stop = min(g + group, n)
            parts = [
                mse_and_grad(
                    w,
                    b,
                    X[s : min(s + micro_batch_size, stop)],
                    y[s : min(s + micro_batch_size, stop)],
                )
                for s in range(g, stop, micro_batch_size)
            ]
            k = len(parts)
            losses.append(sum(p[0] for p in parts) / k)
            w = w - lr * sum(p[1] for p in parts) / k
            b = b - lr * sum(p[2] for p in parts) / k
    return w, b, losses
