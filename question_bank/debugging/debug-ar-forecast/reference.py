"""A small sequence model: forecast the next value of a series from its last P values.

Each example is one series of 40 readings (a noisy second-order oscillation around a level of
about 50); the label is the 41st reading. The model is linear in the last P standardised
readings, trained by gradient descent on every window of the training series, with early
stopping on the validation loss. The metric is RMSE of the next-value forecast.
"""

from __future__ import annotations

import numpy as np
from harness import report

P = 6
LENGTH = 40
LR = 0.05
BATCH = 128
EPOCHS = 40
PATIENCE = 4


def make_data(seed: int, n: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """(n, LENGTH) series and their next value; `seed` draws series, never the dynamics."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, LENGTH + 1))
    x[:, :2] = rng.normal(0.0, 3.0, size=(n, 2))
    for t in range(2, LENGTH + 1):
        x[:, t] = 1.6 * x[:, t - 1] - 0.8 * x[:, t - 2] + rng.normal(0.0, 1.0, size=n)
    x += 50.0 + rng.normal(0.0, 5.0, size=(n, 1))
    return x[:, :LENGTH], x[:, LENGTH]


def fit_scaler(series):
    """Mean and standard deviation of every reading in the given series."""
    return float(series.mean()), float(series.std())


def prepare(series, nxt, val_share=0.2):
    """Split off validation, then fit the scaler on the training series alone."""
    n_val = int(len(nxt) * val_share)
    tr, tr_next, va, va_next = series[n_val:], nxt[n_val:], series[:n_val], nxt[:n_val]
    return tr, tr_next, va, va_next, fit_scaler(tr)


def windows(series, mean, std):
    """Every window of P standardised readings and the standardised reading right after it."""
    z = (series - mean) / std
    inputs = np.stack([z[:, t - P : t] for t in range(P, z.shape[1])], axis=1).reshape(-1, P)
    targets = z[:, P:].reshape(-1)
    return inputs, targets


def mse(w, b, inputs, targets):
    return float(np.mean((inputs @ w + b - targets) ** 2))


def gradient(w, b, inputs, targets):
    """Gradient of `mse` with respect to w and b."""
    err = inputs @ w + b - targets
    return 2.0 * inputs.T @ err / len(err), float(2.0 * err.mean())


def should_stop(history, patience=PATIENCE):
    """True once the best validation loss is more than `patience` epochs old."""
    losses = [h["val_loss"] for h in history]
    return len(losses) - 1 - int(np.argmin(losses)) > patience


def epoch_metrics(model, train_windows, val_windows, val_series, val_next):
    w, b = model["w"], model["b"]
    mean, std = model["scale"]
    return {
        "train_loss": mse(w, b, *train_windows),
        "val_loss": mse(w, b, *val_windows),
        "val_rmse": score(predict(model, val_series), val_next),
    }


def predict(model, series):
    mean, std = model["scale"]
    z = (series[:, -P:] - mean) / std
    return (z @ model["w"] + model["b"]) * std + mean


def score(pred, y):
    """Root-mean-square error of the forecasts."""
    return float(np.sqrt(np.mean((pred - y) ** 2)))


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    series, nxt = make_data(seed)
    tr, tr_next, va, va_next, scale = prepare(series, nxt)
    train_w, val_w = windows(tr, *scale), windows(va, *scale)
    model = {"w": np.zeros(P), "b": 0.0, "scale": scale}
    best, history = dict(model), []
    for epoch in range(epochs):
        order = rng.permutation(len(train_w[1]))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            gw, gb = gradient(model["w"], model["b"], train_w[0][idx], train_w[1][idx])
            model = {**model, "w": model["w"] - LR * gw, "b": model["b"] - LR * gb}
        history.append(epoch_metrics(model, train_w, val_w, va, va_next))
        report(epoch=epoch, **history[-1])
        print(f"epoch {epoch:2d} " + " ".join(f"{k}={v:.4f}" for k, v in history[-1].items()))
        if history[-1]["val_loss"] <= min(h["val_loss"] for h in history):
            best = dict(model)
        if should_stop(history):
            print(f"early stop after epoch {epoch}")
            break
    return best
