"""A two-layer MLP with dropout for a four-class problem.

Eight input features, one hidden ReLU layer of 32 units with dropout, a softmax output and
cross-entropy loss, trained with mini-batch SGD. The metric is validation accuracy.
"""

from __future__ import annotations

import numpy as np
from harness import report

N_IN, N_HIDDEN, N_CLASSES = 8, 32, 4
LR = 0.3
BATCH = 32
EPOCHS = 30
KEEP = 0.8  # dropout keeps this share of hidden units while training
_dropout_rng = np.random.default_rng(7)


def make_data(seed: int, n: int = 2400) -> tuple[np.ndarray, np.ndarray]:
    """Labels come from a fixed random teacher network; `seed` draws the inputs only."""
    truth = np.random.default_rng(99)
    w1 = truth.normal(size=(N_IN, 16))
    w2 = truth.normal(size=(16, N_CLASSES))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, N_IN))
    y = np.argmax(np.tanh(x @ w1) @ w2, axis=1)
    return x, y


def init_params(rng):
    return {
        "w1": rng.normal(0.0, np.sqrt(2.0 / N_IN), size=(N_IN, N_HIDDEN)),
        "b1": np.zeros(N_HIDDEN),
        "w2": rng.normal(0.0, np.sqrt(1.0 / N_HIDDEN), size=(N_HIDDEN, N_CLASSES)),
        "b2": np.zeros(N_CLASSES),
    }


def softmax(z):
    """Row-wise softmax: each row of the result sums to one."""
    e = np.exp(z)
    return e / e.sum(axis=0, keepdims=True)


def forward(params, x, train=False):
    """Logits and what backward needs. Dropout (inverted, so no rescaling later) only in training."""
    pre = x @ params["w1"] + params["b1"]
    h = np.maximum(pre, 0.0)
    mask = np.ones_like(h)
    if train:
        mask = (_dropout_rng.random(h.shape) < KEEP) / KEEP
    h = h * mask
    logits = h @ params["w2"] + params["b2"]
    return logits, {"x": x, "pre": pre, "h": h, "mask": mask}


def cross_entropy(probs, y):
    return float(-np.mean(np.log(probs[np.arange(len(y)), y] + 1e-12)))


def backward(params, cache, probs, y):
    """Gradients of the mean cross-entropy, given the softmax output of the forward pass."""
    n = len(y)
    d_logits = probs.copy()
    d_logits[np.arange(n), y] -= 1.0
    d_logits /= n
    d_h = d_logits @ params["w2"].T * cache["mask"]
    d_pre = d_h * (cache["pre"] > 0)
    return {
        "w2": cache["h"].T @ d_logits,
        "b2": d_logits.sum(axis=0),
        "w1": cache["x"].T @ d_pre,
        "b1": d_pre.sum(),
    }


def predict(params, x):
    logits, _ = forward(params, x, train=True)
    return np.argmax(logits, axis=1)


def score(pred, y):
    return float(np.mean(pred == y))


def epoch_metrics(params, x_tr, y_tr, x_va, y_va):
    """Loss on both splits and accuracy on validation, all without dropout."""
    out = {}
    for name, x, y in (("train", x_tr, y_tr), ("val", x_va, y_va)):
        logits, _ = forward(params, x, train=False)
        out[f"{name}_loss"] = cross_entropy(softmax(logits), y)
    logits, _ = forward(params, x_tr, train=False)
    out["val_acc"] = float(np.mean(np.argmax(logits, axis=1) == y_tr))
    return out


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    x, y = make_data(seed)
    n_val = len(y) // 5
    x_tr, y_tr, x_va, y_va = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
    params = init_params(rng)
    for epoch in range(epochs):
        order = rng.permutation(len(y_tr))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            logits, cache = forward(params, x_tr[idx], train=True)
            grads = backward(params, cache, softmax(logits), y_tr[idx])
            for key in params:
                params[key] -= LR * grads[key]
        metrics = epoch_metrics(params, x_tr, y_tr, x_va, y_va)
        report(epoch=epoch, **metrics)
        print(f"epoch {epoch:2d} " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
    return params
