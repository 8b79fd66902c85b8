"""Planted mistake: the loss takes log of sigmoid outputs, which hit exactly 0 or 1 for large logits."""

from __future__ import annotations

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _check(X, y):
    if (
        X.ndim != 2
        or y.shape != (X.shape[0],)
        or X.shape[0] == 0
        or not np.all((y == 0) | (y == 1))
    ):
        raise ValueError("bad input")


def loss_and_grad(w, b, X, y, l2=0.0):
    _check(X, y)
    p = sigmoid(X @ w + b)
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + 0.5 * l2 * (w @ w))
    r = p - y
    return loss, X.T @ r / len(y) + l2 * w, float(r.mean())


def fit(X, y, *, lr=0.1, n_iters=500, l2=0.0):
    X, y = np.asarray(X, float), np.asarray(y, float)
    _check(X, y)
    w, b, hist = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_iters):
        loss, gw, gb = loss_and_grad(w, b, X, y, l2)
        hist.append(loss)
        w, b = w - lr * gw, b - lr * gb
    return w, b, hist


def predict_proba(X, w, b):
    return sigmoid(X @ w + b)
