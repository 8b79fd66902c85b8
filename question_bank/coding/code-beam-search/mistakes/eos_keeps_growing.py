"""Planted mistake: eos is treated like any other token, so finished hypotheses keep being extended."""

from __future__ import annotations

import numpy as np


def beam_search(step_fn, *, bos_id, eos_id, beam_width, max_len, length_penalty=0.0):
    if beam_width < 1 or max_len < 1:
        raise ValueError("bad arguments")
    alive, scores, last = [[]], np.zeros(1), np.array([bos_id])
    for _ in range(max_len):
        cand = scores[:, None] + step_fn(last)
        flat = cand.ravel()
        order = np.argsort(-flat, kind="stable")
        order = [i for i in order[:beam_width] if np.isfinite(flat[i])]
        v = cand.shape[1]
        alive = [alive[i // v] + [i % v] for i in order]
        scores = np.array([flat[i] for i in order])
        last = np.array([s[-1] for s in alive])
    ranked = sorted(
        ((s, float(x) / len(s) ** length_penalty) for s, x in zip(alive, scores)),
        key=lambda t: -t[1],
    )
    return ranked[:beam_width]
