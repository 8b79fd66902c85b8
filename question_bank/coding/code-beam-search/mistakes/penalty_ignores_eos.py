"""Planted mistake: the length penalty counts tokens without the eos, so finished and unfinished beams compare unfairly."""

from __future__ import annotations

import numpy as np


def beam_search(step_fn, *, bos_id, eos_id, beam_width, max_len, length_penalty=0.0):
    if beam_width < 1 or max_len < 1:
        raise ValueError("bad arguments")
    alive, scores, last, done = [[]], np.zeros(1), np.array([bos_id]), []
    for _ in range(max_len):
        cand = scores[:, None] + step_fn(last)
        flat = cand.ravel()
        order = [i for i in np.argsort(-flat, kind="stable")[:beam_width] if np.isfinite(flat[i])]
        v = cand.shape[1]
        nxt, nsc = [], []
        for i in order:
            seq = alive[i // v] + [i % v]
            if i % v == eos_id:
                done.append((seq, float(flat[i])))
            else:
                nxt.append(seq)
                nsc.append(float(flat[i]))
        alive, scores = nxt, np.array(nsc)
        if not alive:
            break
        last = np.array([s[-1] for s in alive])
    done += list(zip(alive, scores.tolist()))

    def length(seq):
        return max(len(seq) - (seq[-1] == eos_id), 1)

    ranked = sorted(((s, x / length(s) ** length_penalty) for s, x in done), key=lambda t: -t[1])
    return ranked[:beam_width]
