"""Planted mistake: heads are made with a bare reshape, so each "head" mixes positions and features."""

from __future__ import annotations

import numpy as np


def split_heads(x, num_heads):
    b, length, d = x.shape
    if d % num_heads:
        raise ValueError("width not divisible by heads")
    return x.reshape(b, num_heads, length, d // num_heads)


def merge_heads(x):
    b, h, length, dh = x.shape
    return x.reshape(b, length, h * dh)


def multi_head_attention(x, w_q, w_k, w_v, w_o, num_heads, *, num_kv_heads=None, causal=False):
    kv = num_heads if num_kv_heads is None else num_kv_heads
    q = split_heads(x @ w_q, num_heads)
    k = np.repeat(split_heads(x @ w_k, kv), num_heads // kv, axis=1)
    v = np.repeat(split_heads(x @ w_v, kv), num_heads // kv, axis=1)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    if causal:
        n = x.shape[1]
        s = np.where(np.triu(np.ones((n, n), bool), 1), -np.inf, s)
    s = s - s.max(-1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(-1, keepdims=True)
    return merge_heads(p @ v) @ w_o
