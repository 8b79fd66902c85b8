"""Multi-head attention: split into heads, attend, merge back (with optional grouped KV heads)."""

from __future__ import annotations

import numpy as np


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """(B, L, D) -> (B, num_heads, L, D // num_heads); head h holds features h*dh .. (h+1)*dh - 1.

    Raises ValueError if D is not divisible by num_heads.
    """
    raise NotImplementedError


def merge_heads(x: np.ndarray) -> np.ndarray:
    """(B, H, L, dh) -> (B, L, H * dh); the exact inverse of split_heads."""
    raise NotImplementedError


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
    """Self-attention over x (B, L, D); returns (B, L, D).

    w_q, w_o: (D, D). w_k, w_v: (D, num_kv_heads * dh) where dh = D // num_heads and
    num_kv_heads defaults to num_heads. Query head h uses KV head h // (num_heads // num_kv_heads).
    causal=True lets position i attend to positions 0..i only.
    """
    raise NotImplementedError
