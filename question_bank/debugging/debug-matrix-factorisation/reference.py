"""A tiny embedding model for recommendations: matrix factorisation of user-item ratings.

Each observed rating is predicted as global mean + user bias + item bias + the dot product of
an 8-d user embedding and an 8-d item embedding. Trained with mini-batch SGD on the mean
squared error, with early stopping on the validation loss. The metric is RMSE.
"""

from __future__ import annotations

import numpy as np
from harness import report

N_USERS, N_ITEMS, DIM = 300, 200, 8
LR = 0.05
REG = 0.02
BATCH = 256
EPOCHS = 40
PATIENCE = 3


def make_data(seed: int, n: int = 20000) -> tuple[np.ndarray, np.ndarray]:
    """(n, 2) user and item ids and their ratings from a fixed low-rank truth plus noise."""
    truth = np.random.default_rng(77)
    u_true = truth.normal(0.0, 0.7, size=(N_USERS, 3))
    v_true = truth.normal(0.0, 0.7, size=(N_ITEMS, 3))
    item_bias = truth.normal(0.0, 0.5, size=N_ITEMS)
    rng = np.random.default_rng(seed)
    users = rng.integers(0, N_USERS, size=n)
    items = rng.integers(0, N_ITEMS, size=n)
    ratings = 3.5 + item_bias[items] + (u_true[users] * v_true[items]).sum(axis=1)
    return np.stack([users, items], axis=1), ratings + rng.normal(0.0, 0.3, size=n)


def prepare(pairs, ratings, val_share=0.2):
    """Split off validation; the global mean comes from the training ratings alone."""
    n_val = int(len(ratings) * val_share)
    tr_p, tr_r, va_p, va_r = pairs[n_val:], ratings[n_val:], pairs[:n_val], ratings[:n_val]
    return tr_p, tr_r, va_p, va_r, float(tr_r.mean())


def init_model(rng, mu):
    return {
        "mu": mu,
        "bu": np.zeros(N_USERS), "bi": np.zeros(N_ITEMS),
        "U": rng.normal(0.0, 0.1, size=(N_USERS, DIM)), "V": rng.normal(0.0, 0.1, size=(N_ITEMS, DIM)),
    }  # fmt: skip


def predict(model, pairs):
    u, i = pairs[:, 0], pairs[:, 1]
    dot = (model["U"][u] * model["V"][i]).sum(axis=1)
    return model["mu"] + model["bu"][u] + model["bi"][i] + dot


def gradients(model, pairs, ratings):
    """Per-example gradients of the batch's mean squared error (halved) plus L2, per row."""
    u, i = pairs[:, 0], pairs[:, 1]
    err = (predict(model, pairs) - ratings) / len(ratings)
    g_u = err[:, None] * model["V"][i] + REG * model["U"][u] / len(ratings)
    g_v = err[:, None] * model["U"][u] + REG * model["V"][i] / len(ratings)
    return g_u, g_v, err


def sgd_step(model, pairs, ratings, lr):
    """One SGD step; an id that appears several times in the batch gets every one of its updates."""
    u, i = pairs[:, 0], pairs[:, 1]
    g_u, g_v, err = gradients(model, pairs, ratings)
    np.add.at(model["U"], u, -lr * g_u)
    np.add.at(model["V"], i, -lr * g_v)
    np.add.at(model["bu"], u, -lr * err)
    np.add.at(model["bi"], i, -lr * err)


def score(pred, y):
    return float(np.sqrt(np.mean((pred - y) ** 2)))


def should_stop(history, patience=PATIENCE):
    """True once the best validation loss is more than `patience` epochs old."""
    losses = [h["val_loss"] for h in history]
    return len(losses) - 1 - int(np.argmin(losses)) > patience


def epoch_metrics(model, tr_pairs, tr_ratings, va_pairs, va_ratings):
    return {
        "train_loss": score(predict(model, tr_pairs), tr_ratings) ** 2,
        "val_loss": score(predict(model, va_pairs), va_ratings) ** 2,
        "val_rmse": score(predict(model, va_pairs), va_ratings),
    }


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    pairs, ratings = make_data(seed)
    tr_p, tr_r, va_p, va_r, mu = prepare(pairs, ratings)
    model = init_model(rng, mu)
    best, history = None, []
    for epoch in range(epochs):
        order = rng.permutation(len(tr_r))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            sgd_step(model, tr_p[idx], tr_r[idx], LR * BATCH)
        history.append(epoch_metrics(model, tr_p, tr_r, va_p, va_r))
        report(epoch=epoch, **history[-1])
        print(f"epoch {epoch:2d} " + " ".join(f"{k}={v:.4f}" for k, v in history[-1].items()))
        if history[-1]["val_loss"] <= min(h["val_loss"] for h in history):
            best = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in model.items()}
        if should_stop(history):
            print(f"early stop after epoch {epoch}")
            break
    return best if best is not None else model
