"""Beam search decoding over a next-token model."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def beam_search(
    step_fn: Callable[[np.ndarray], np.ndarray],
    *,
    bos_id: int,
    eos_id: int,
    beam_width: int,
    max_len: int,
    length_penalty: float = 0.0,
) -> list[tuple[list[int], float]]:
    """Best hypotheses as (tokens without bos, normalised score), best first; at most beam_width.

    step_fn(last_tokens) takes an int64 array (B,) with the last token of each live hypothesis and
    returns (B, V) next-token log-probabilities (they may contain -inf).
    """
    raise NotImplementedError
