"""A churn-style binary classifier: a two-layer MLP with dropout and a step-decay schedule.

Six numeric features (raw, on business scales), one hidden layer of 24 tanh units with
inverted dropout, a sigmoid output and binary cross-entropy. The learning rate halves every
DECAY_EVERY epochs. The metric is accuracy.
"""

from __future__ import annotations

import numpy as np
from harness import report

N_IN, N_HIDDEN = 6, 24
LR = 0.5
DECAY_EVERY = 10
BATCH = 50
EPOCHS = 30
KEEP = 0.75


def make_data(seed: int, n: int = 2500) -> tuple[np.ndarray, np.ndarray]:
    """Label = a fixed nonlinear rule of the features plus label noise; `seed` draws examples."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, N_IN))
    rule = z[:, 0] * z[:, 1] + np.sin(2.0 * z[:, 2]) - 0.5 * z[:, 3] ** 2 + 0.3
    y = ((rule + rng.normal(0.0, 0.3, size=n)) > 0).astype(np.int64)
    x = z * np.array([1.0, 12.0, 300.0, 0.01, 5.0, 80.0]) + np.array([0, 40, 1000, 0, -3, 200])
    return x, y


def split_and_scale(x, y, rng, val_share=0.2):
    """Shuffle rows, split off validation, standardise both with the training statistics."""
    order = rng.permutation(len(y))
    x, y = x[order], y[order]
    n_val = int(len(y) * val_share)
    x_tr, y_tr, x_va, y_va = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
    mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
    return (x_tr - mean) / std, y_tr, (x_va - mean) / std, y_va, (mean, std)


def lr_at(epoch):
    """LR for epochs 0 .. DECAY_EVERY - 1, then half of it for the next DECAY_EVERY, and so on."""
    return LR * 0.5 ** (epoch // DECAY_EVERY)


def forward(params, x, rng=None):
    """Probabilities and the cache for backward. Dropout only when a generator is passed."""
    h = np.tanh(x @ params["w1"] + params["b1"])
    mask = np.ones_like(h) if rng is None else (rng.random(h.shape) < KEEP) / KEEP
    p = 0.5 * (1.0 + np.tanh(0.5 * ((h * mask) @ params["w2"] + params["b2"])))
    return p, {"x": x, "h": h, "mask": mask}


def bce(p, y):
    """Mean binary cross-entropy; p and y are both (n,)."""
    p = np.clip(p, 1e-12, 1.0 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def backward(params, cache, p, y):
    d_out = (p - y) / len(y)
    hm = cache["h"] * cache["mask"]
    d_h = np.outer(d_out, params["w2"]) * cache["mask"] * (1.0 - cache["h"] ** 2)
    return {
        "w2": hm.T @ d_out,
        "b2": float(d_out.sum()),
        "w1": cache["x"].T @ d_h,
        "b1": d_h.sum(axis=0),
    }


def predict(model, x):
    mean, std = model["scale"]
    p, _ = forward(model["params"], (x - mean) / std)
    return (p > 0.5).astype(np.int64)


def score(pred, y):
    return float(np.mean(pred == y))


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    x, y = make_data(seed)
    x_tr, y_tr, x_va, y_va, scale = split_and_scale(x, y, rng)
    params = {
        "w1": rng.normal(0.0, 1.0 / np.sqrt(N_IN), size=(N_IN, N_HIDDEN)),
        "b1": np.zeros(N_HIDDEN),
        "w2": rng.normal(0.0, 1.0 / np.sqrt(N_HIDDEN), size=N_HIDDEN),
        "b2": 0.0,
    }
    for epoch in range(epochs):
        order = rng.permutation(len(y_tr))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            p, cache = forward(params, x_tr[idx], rng)
            grads = backward(params, cache, p, y_tr[idx])
            params = {k: params[k] - lr_at(epoch) * grads[k] for k in params}
        p_tr, _ = forward(params, x_tr)
        p_va, _ = forward(params, x_va)
        metrics = {"train_loss": bce(p_tr, y_tr), "val_loss": bce(p_va, y_va),
                   "val_acc": score((p_va > 0.5).astype(np.int64), y_va), "lr": lr_at(epoch)}  # fmt: skip
        report(epoch=epoch, **metrics)
        print(f"epoch {epoch:2d} " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
    return {"params": params, "scale": scale}
