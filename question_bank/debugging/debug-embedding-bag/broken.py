"""A bag-of-tokens topic classifier with a learned embedding table.

Each example is a padded sequence of token ids (0 is padding). The model looks up a 16-d
embedding per token, averages the embeddings of the real tokens, and applies a linear softmax
head over four topics. Updates use gradient accumulation over micro-batches and a learning rate
with linear warm-up followed by cosine decay.
"""

from __future__ import annotations

import numpy as np
from harness import report

VOCAB, DIM, N_TOPICS, MAX_LEN, PAD = 600, 16, 4, 12, 0
LR = 2.0
MICRO_BATCH = 16
ACCUM = 4  # micro-batches per update
WARMUP = 20  # updates
EPOCHS = 8


def make_data(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    """Each topic favours its own 40 words; half of a sequence's tokens come from its topic."""
    truth = np.random.default_rng(42)
    topic_words = truth.choice(np.arange(1, VOCAB), size=(N_TOPICS, 40), replace=False)
    rng = np.random.default_rng(seed)
    y = rng.integers(0, N_TOPICS, size=n)
    lengths = rng.integers(3, MAX_LEN + 1, size=n)
    ids = rng.integers(1, VOCAB, size=(n, MAX_LEN))
    own = rng.random((n, MAX_LEN)) < 0.5
    ids = np.where(own, topic_words[y[:, None], rng.integers(0, 40, size=(n, MAX_LEN))], ids)
    ids[np.arange(MAX_LEN)[None, :] >= lengths[:, None]] = PAD
    return ids, y


def compact(ids):
    """Token ids in the smallest integer type that holds the whole vocabulary."""
    return ids.astype(np.uint8)


def pool(emb, ids):
    """Mean of the embeddings of the non-padding tokens of each row: (n, MAX_LEN) -> (n, DIM)."""
    mask = (ids != PAD).astype(float)
    summed = (emb[ids] * mask[:, :, None]).sum(axis=1)
    return summed / np.maximum(mask.sum(), 1.0), mask


def logits_of(params, ids):
    pooled, _ = pool(params["emb"], ids)
    return pooled @ params["w"] + params["b"]


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def gradients(params, ids, y):
    """Mean cross-entropy over the micro-batch and its gradients."""
    pooled, mask = pool(params["emb"], ids)
    logp = log_softmax(pooled @ params["w"] + params["b"])
    n = len(y)
    d_z = np.exp(logp)
    d_z[np.arange(n), y] -= 1.0
    d_z /= n
    d_pooled = d_z @ params["w"].T
    per_token = d_pooled[:, None, :] * (mask / np.maximum(mask.sum(axis=1, keepdims=True), 1.0))[:, :, None]
    d_emb = np.zeros_like(params["emb"])
    np.add.at(d_emb, ids, per_token)
    grads = {"emb": d_emb, "w": pooled.T @ d_z, "b": d_z.sum(axis=0)}
    return float(-logp[np.arange(n), y].mean()), grads


def lr_at(step, total):
    """Linear warm-up over WARMUP updates (the first update already uses LR / WARMUP), then cosine."""
    if step < WARMUP:
        return LR * step / WARMUP
    progress = (step - WARMUP) / max(1, total - WARMUP)
    return LR * 0.5 * (1.0 + np.cos(np.pi * progress))


def run_epoch(params, ids, y, rng, step, total):
    """One pass over the data: average ACCUM micro-batch gradients per update. Returns the step."""
    order = rng.permutation(len(y))
    acc = {k: np.zeros_like(v) for k, v in params.items()}
    for i, start in enumerate(range(0, len(order), MICRO_BATCH)):
        idx = order[start : start + MICRO_BATCH]
        _, grads = gradients(params, ids[idx], y[idx])
        for k in acc:
            acc[k] += grads[k] / ACCUM
        if (i + 1) % ACCUM == 0:
            rate = lr_at(step, total)
            for k in params:
                params[k] -= rate * acc[k]
            step += 1
    return step


def predict(params, ids):
    return np.argmax(logits_of(params, compact(ids)), axis=1)


def score(pred, y):
    return float(np.mean(pred == y))


def train(seed=0, epochs=EPOCHS):
    rng = np.random.default_rng(seed)
    ids, y = make_data(seed)
    ids = compact(ids)
    n_val = len(y) // 5
    ids_tr, y_tr, ids_va, y_va = ids[n_val:], y[n_val:], ids[:n_val], y[:n_val]
    params = {
        "emb": rng.normal(0.0, 0.1, size=(VOCAB, DIM)),
        "w": rng.normal(0.0, 0.1, size=(DIM, N_TOPICS)),
        "b": np.zeros(N_TOPICS),
    }
    per_epoch = len(y_tr) // (MICRO_BATCH * ACCUM)
    step = 0
    for epoch in range(epochs):
        step = run_epoch(params, ids_tr, y_tr, rng, step, per_epoch * epochs)
        train_loss, _ = gradients(params, ids_tr, y_tr)
        val_loss, _ = gradients(params, ids_va, y_va)
        val_acc = score(np.argmax(logits_of(params, ids_va), axis=1), y_va)
        report(epoch=epoch, train_loss=train_loss, val_loss=val_loss, val_acc=val_acc,
               lr=lr_at(step, per_epoch * epochs))  # fmt: skip
        print(f"epoch {epoch} train_loss={train_loss:.4f} val_loss={val_loss:.4f} val_acc={val_acc:.4f}")
    return params
