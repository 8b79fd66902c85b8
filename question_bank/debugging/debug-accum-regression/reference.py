"""A two-layer MLP regressor trained with gradient accumulation and warm-up plus linear decay.

Five features, 32 ReLU units, mean squared error on a smooth target. Each update averages the
gradients of ACCUM micro-batches (to mimic a large batch that does not fit in memory). The
learning rate warms up linearly for WARMUP updates, then decays linearly to zero at the last
update. The metric is RMSE.
"""

from __future__ import annotations

import numpy as np
from harness import report

N_IN, N_HIDDEN = 5, 32
LR = 0.05
MICRO_BATCH = 16
ACCUM = 4
WARMUP = 30
EPOCHS = 20


def make_data(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    """A fixed smooth function of the features plus noise; `seed` draws the examples."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, size=(n, N_IN))
    y = np.sin(x[:, 0]) * x[:, 1] + 0.5 * x[:, 2] ** 2 - np.abs(x[:, 3]) + 0.3 * x[:, 4]
    return x, (y + rng.normal(0.0, 0.1, size=n)).astype(np.float64)


def prepare_targets(y):
    """Targets as float64 column vectors, the shape the network's output has."""
    return np.asarray(y, dtype=np.float64).reshape(-1, 1)


def forward(params, x):
    pre = x @ params["w1"] + params["b1"]
    h = np.maximum(pre, 0.0)
    return h @ params["w2"] + params["b2"], (x, pre, h)


def gradients(params, x, t):
    """Mean squared error of the micro-batch and its gradients; t is (n, 1)."""
    out, (x, pre, h) = forward(params, x)
    d_out = 2.0 * (out - t) / len(t)
    d_h = d_out @ params["w2"].T * (pre > 0)
    grads = {"w2": h.T @ d_out, "b2": d_out.sum(axis=0), "w1": x.T @ d_h, "b1": d_h.sum(axis=0)}
    return float(np.mean((out - t) ** 2)), grads


def lr_at(step, total):
    """Warm-up: LR * (step + 1) / WARMUP for the first WARMUP steps; then linear decay that
    reaches zero exactly at step total - 1, the last update."""
    if step < WARMUP:
        return LR * (step + 1) / WARMUP
    return LR * (total - 1 - step) / max(1, total - 1 - WARMUP)


def accumulate(acc, grads):
    """Add one micro-batch's share to the running update: the update is the mean of ACCUM."""
    for k in acc:
        acc[k] += grads[k] / ACCUM


def run_epoch(params, x, t, rng, step, total):
    """One pass: each update applies the mean of ACCUM micro-batch gradients. Returns the step."""
    order = rng.permutation(len(t))
    acc = {k: np.zeros_like(v) for k, v in params.items()}
    for i, start in enumerate(range(0, len(order) - MICRO_BATCH + 1, MICRO_BATCH)):
        idx = order[start : start + MICRO_BATCH]
        _, grads = gradients(params, x[idx], t[idx])
        accumulate(acc, grads)
        if (i + 1) % ACCUM == 0:
            rate = lr_at(step, total)
            for k in params:
                params[k] -= rate * acc[k]
                acc[k] = np.zeros_like(params[k])
            step += 1
    return step


def predict(params, x):
    out, _ = forward(params, x)
    return out[:, 0]


def score(pred, y):
    return float(np.sqrt(np.mean((np.asarray(pred).reshape(-1) - y) ** 2)))


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    x, y = make_data(seed)
    n_val = len(y) // 5
    x_tr, t_tr = x[n_val:], prepare_targets(y[n_val:])
    x_va, t_va = x[:n_val], prepare_targets(y[:n_val])
    params = {
        "w1": rng.normal(0.0, np.sqrt(2.0 / N_IN), size=(N_IN, N_HIDDEN)), "b1": np.zeros(N_HIDDEN),
        "w2": rng.normal(0.0, np.sqrt(1.0 / N_HIDDEN), size=(N_HIDDEN, 1)), "b2": np.zeros(1),
    }  # fmt: skip
    total = (len(t_tr) // (MICRO_BATCH * ACCUM)) * epochs
    step = 0
    for epoch in range(epochs):
        step = run_epoch(params, x_tr, t_tr, rng, step, total)
        train_loss, _ = gradients(params, x_tr, t_tr)
        val_loss, _ = gradients(params, x_va, t_va)
        metrics = {"train_loss": train_loss, "val_loss": val_loss,
                   "val_rmse": score(predict(params, x_va), y[:n_val]), "lr": lr_at(step - 1, total)}  # fmt: skip
        report(epoch=epoch, **metrics)
        print(f"epoch {epoch:2d} " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
    return params
