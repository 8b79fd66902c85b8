"""Reference multi-head (and grouped-query) self-attention in numpy."""

from __future__ import annotations

import numpy as np


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """Reshape the feature axis into heads, then move heads in front of the sequence axis."""
    b, length, d = x.shape
    if num_heads <= 0 or d % num_heads:
        raise ValueError(f"model width {d} is not divisible by num_heads={num_heads}")
    return x.reshape(b, length, num_heads, d // num_heads).transpose(0, 2, 1, 3)


def merge_heads(x: np.ndarray) -> np.ndarray:
    """Undo split_heads: heads go back next to their features before flattening."""
    b, h, length, dh = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, length, h * dh)


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def multi_head_attention(
    x: np.ndarray,
    w_q: np.ndarray,
    w_k: np.ndarray,
    w_v: np.ndarray,
    w_o: np.ndarray,
    num_heads: int,
    *,
    num_kv_heads: int | None = None,
    causal: bool = False,
) -> np.ndarray:
    """Project, split, attend per head (KV heads shared by groups), merge, project out."""
    kv_heads = num_heads if num_kv_heads is None else num_kv_heads
    if kv_heads <= 0 or num_heads % kv_heads:
        raise ValueError(f"num_heads={num_heads} is not a multiple of num_kv_heads={kv_heads}")
    q = split_heads(x @ w_q, num_heads)
    k = split_heads(x @ w_k, kv_heads)
    v = split_heads(x @ w_v, kv_heads)
    group = num_heads // kv_heads
    # Consecutive query heads share one KV head: repeat each KV head `group` times in place.
    k = np.repeat(k, group, axis=1)
    v = np.repeat(v, group, axis=1)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    if causal:
        length = x.shape[1]
        future = np.triu(np.ones((length, length), dtype=bool), k=1)
        scores = np.where(future, -np.inf, scores)
    return merge_heads(_softmax(scores) @ v) @ w_o
