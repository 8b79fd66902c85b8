"""Planted mistake: log(sum(exp(z))) without the max shift overflows for large logits."""

from __future__ import annotations

import numpy as np


def log_softmax(logits):
    z = np.asarray(logits)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return z - np.log(np.exp(z).sum(-1, keepdims=True))


def softmax_cross_entropy(logits, labels, *, ignore_index=-100, label_smoothing=0.0):
    z, y = np.asarray(logits), np.asarray(labels)
    n, c = z.shape
    valid = y != ignore_index
    if np.any((y[valid] < 0) | (y[valid] >= c)):
        raise ValueError("bad label")
    grad = np.zeros_like(z)
    k = int(valid.sum())
    if k == 0:
        return 0.0, grad
    logp = log_softmax(z[valid].astype(float))
    t = np.full(logp.shape, label_smoothing / c)
    t[np.arange(k), y[valid]] += 1 - label_smoothing
    grad[valid] = (np.exp(logp) - t) / k
    return float(-(t * logp).sum() / k), grad
