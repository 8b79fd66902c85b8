"""Planted mistake: top-k keeps every logit >= the k-th largest, so ties let more than k through."""

from __future__ import annotations

import numpy as np


def filter_probs(logits, *, temperature=1.0, top_k=None, top_p=None):
    z = np.asarray(logits, dtype=float)
    b, v = z.shape
    if temperature == 0:
        out = np.zeros((b, v))
        out[np.arange(b), z.argmax(1)] = 1.0
        return out
    z = z / temperature
    if top_k and top_k < v:
        kth = np.sort(z, axis=1)[:, v - top_k][:, None]
        z = np.where(z >= kth, z, -np.inf)
    e = np.exp(z - z.max(1, keepdims=True))
    p = e / e.sum(1, keepdims=True)
    if top_p is not None and top_p < 1:
        order = np.argsort(-p, axis=1, kind="stable")
        sp = np.take_along_axis(p, order, 1)
        ok = (np.cumsum(sp, 1) - sp) < top_p
        mask = np.zeros(z.shape, bool)
        np.put_along_axis(mask, order, ok, axis=1)
        p = np.where(mask, p, 0.0)
        p = p / p.sum(1, keepdims=True)
    return p


def sample(logits, rng, *, temperature=1.0, top_k=None, top_p=None):
    p = filter_probs(logits, temperature=temperature, top_k=top_k, top_p=top_p)
    u = rng.random(p.shape[0])
    idx = (np.cumsum(p, 1) <= u[:, None]).sum(1)
    last = p.shape[1] - 1 - np.argmax(p[:, ::-1] > 0, axis=1)
    return np.minimum(idx, last).astype(np.int64)
