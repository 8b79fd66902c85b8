"""Reference beam search: one batched model call per step, O(B V) top-k with a fixed tie rule."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def _top_flat(scores: np.ndarray, k: int) -> np.ndarray:
    """Flat indices of the k best finite scores, best first; equal scores keep the lower index
    first.
    """
    flat = scores.ravel()
    finite = np.flatnonzero(np.isfinite(flat))
    if finite.size <= k:
        chosen = finite
    else:
        vals = flat[finite]
        kth = np.partition(vals, vals.size - k)[vals.size - k]
        above = vals > kth
        tied = np.flatnonzero(vals == kth)[: k - int(above.sum())]  # lowest indices among ties
        chosen = np.sort(np.concatenate([finite[above], finite[tied]]))
    order = np.argsort(-flat[chosen], kind="stable")
    return chosen[order]


def beam_search(
    step_fn: Callable[[np.ndarray], np.ndarray],
    *,
    bos_id: int,
    eos_id: int,
    beam_width: int,
    max_len: int,
    length_penalty: float = 0.0,
) -> list[tuple[list[int], float]]:
    """Keep the beam_width best extensions per step; hypotheses that emit eos stop growing."""
    if beam_width < 1 or max_len < 1:
        raise ValueError("beam_width and max_len must be >= 1")
    alive: list[list[int]] = [[]]
    alive_scores = np.zeros(1)
    last = np.array([bos_id], dtype=np.int64)
    finished: list[tuple[list[int], float]] = []
    for _ in range(max_len):
        logp = np.asarray(step_fn(last), dtype=np.float64)
        cand = alive_scores[:, None] + logp
        vocab = cand.shape[1]
        picks = _top_flat(cand, beam_width)
        next_alive: list[list[int]] = []
        next_scores: list[float] = []
        for flat_idx in picks.tolist():
            beam, token = divmod(flat_idx, vocab)
            seq = alive[beam] + [token]
            score = float(cand[beam, token])
            if token == eos_id:
                finished.append((seq, score))
            else:
                next_alive.append(seq)
                next_scores.append(score)
        if not next_alive:
            alive = []
            break
        alive, alive_scores = next_alive, np.array(next_scores)
        last = np.array([seq[-1] for seq in alive], dtype=np.int64)
    finished.extend(zip(alive, alive_scores.tolist() if alive else [], strict=True))
    ranked = sorted(
        ((seq, score / (len(seq) ** length_penalty)) for seq, score in finished),
        key=lambda item: -item[1],
    )  # sorted() is stable: equal scores keep the order in which hypotheses finished
    return ranked[:beam_width]
