"""Temperature, top-k and top-p (nucleus) filtering, and seeded sampling of the next token."""

from __future__ import annotations

import numpy as np


def filter_probs(
    logits: np.ndarray,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> np.ndarray:
    """Next-token probabilities after temperature, top-k, then top-p; shape (B, V), float64, rows
    sum to 1.

    logits: (B, V) float, may contain -inf (banned tokens); every row has a finite entry.
    """
    raise NotImplementedError


def sample(
    logits: np.ndarray,
    rng: np.random.Generator,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> np.ndarray:
    """One token id per row, int64 of shape (B,), drawn by inverse CDF with u = rng.random(B)."""
    raise NotImplementedError
