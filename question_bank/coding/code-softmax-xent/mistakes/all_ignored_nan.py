"""Planted mistake: no guard for a batch where every row is ignored, so the mean is 0 / 0."""

from __future__ import annotations

import numpy as np


def log_softmax(logits):
    z = np.asarray(logits)
    s = z - z.max(-1, keepdims=True)
    return s - np.log(np.exp(s).sum(-1, keepdims=True))


def softmax_cross_entropy(logits, labels, *, ignore_index=-100, label_smoothing=0.0):
    z, y = np.asarray(logits), np.asarray(labels)
    n, c = z.shape
    valid = y != ignore_index
    if np.any((y[valid] < 0) | (y[valid] >= c)):
        raise ValueError("bad label")
    grad = np.zeros_like(z)
    k = np.float64(valid.sum())
    logp = log_softmax(z[valid].astype(float))
    t = np.full(logp.shape, label_smoothing / c)
    t[np.arange(int(k)), y[valid]] += 1 - label_smoothing
    with np.errstate(invalid="ignore", divide="ignore"):
        grad[valid] = (np.exp(logp) - t) / k
        return float(-(t * logp).sum() / k), grad
