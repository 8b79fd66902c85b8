"""Fraud-style logistic regression: about one example in five is positive.

Twelve numeric features on very different scales. The model is trained with class weights so
the rare class counts as much as the common one; the metric is balanced accuracy (the mean of
the two per-class recalls) on a validation split.
"""

from __future__ import annotations

import numpy as np
from harness import report

N_FEATURES = 12
LR = 0.5
BATCH = 64
EPOCHS = 20


def make_data(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    """A fixed linear rule plus noise; `seed` draws the examples, never the rule."""
    truth = np.random.default_rng(1234)
    w_true = truth.normal(size=N_FEATURES)
    scales = truth.uniform(0.5, 50.0, size=N_FEATURES)
    offsets = truth.normal(0.0, 20.0, size=N_FEATURES)
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, N_FEATURES))
    y = (z @ w_true - 3.6 + rng.normal(0.0, 0.5, size=n) > 0).astype(np.int64)
    return z * scales + offsets, y


def split(x, y, rng, val_share=0.2):
    """Shuffle once, then cut: the last part of the shuffled data is validation."""
    order = rng.permutation(len(y))
    x, y = x[order], y[rng.permutation(len(y))]
    n_val = int(len(y) * val_share)
    return x[n_val:], y[n_val:], x[:n_val], y[:n_val]


def standardise(x_train, x_other):
    """Scale both splits with statistics of the training split only."""
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0) + 1e-8
    return (x_train - mean) / std, (x_other - x_other.mean(axis=0)) / (x_other.std(axis=0) + 1e-8), (mean, std)


def class_weights(y):
    """Weight per class so that each class contributes the same total weight."""
    counts = np.bincount(y, minlength=2).astype(float)
    return 2.0 * counts / len(y)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def loss(w, b, x, y, cw):
    """Class-weighted mean binary cross-entropy, computed from the logits."""
    z = x @ w + b
    p = sigmoid(z)
    per_example = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    sw = cw[y]
    return float((sw * per_example).sum() / sw.sum())


def gradient(w, b, x, y, cw):
    """Gradient of `loss` with respect to w and b."""
    z = x @ w + b
    sw = cw[y]
    r = sw * (sigmoid(z) - y)
    return x.T @ r, float(r.sum())


def predict(model, x):
    mean, std = model["stats"]
    z = ((x - mean) / std) @ model["w"] + model["b"]
    return (z > 0).astype(np.int64)


def score(pred, y):
    """Balanced accuracy: the mean of the per-class recalls."""
    return float(np.mean([np.mean(pred[y == c] == c) for c in (0, 1)]))


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    x, y = make_data(seed)
    x_tr, y_tr, x_va, y_va = split(x, y, rng)
    x_tr, x_va, stats = standardise(x_tr, x_va)
    cw = class_weights(y_tr)
    w, b = np.zeros(x_tr.shape[1]), 0.0
    for epoch in range(epochs):
        order = rng.permutation(len(y_tr))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            gw, gb = gradient(w, b, x_tr[idx], y_tr[idx], cw)
            w, b = w - LR * gw, b - LR * gb
        val_pred = (x_va @ w + b > 0).astype(np.int64)
        metrics = {
            "train_loss": loss(w, b, x_tr, y_tr, cw),
            "val_loss": loss(w, b, x_va, y_va, cw),
            "val_bal_acc": score(val_pred, y_va),
        }
        report(epoch=epoch, **metrics)
        print(f"epoch {epoch:2d} " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
    return {"w": w, "b": b, "stats": stats}
