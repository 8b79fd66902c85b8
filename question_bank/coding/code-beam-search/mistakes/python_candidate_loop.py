"""Planted mistake: candidates are scored and sorted in Python, O(B V log(B V)) interpreted work per step."""

from __future__ import annotations

import numpy as np


def beam_search(step_fn, *, bos_id, eos_id, beam_width, max_len, length_penalty=0.0):
    if beam_width < 1 or max_len < 1:
        raise ValueError("bad arguments")
    alive, scores, last, done = [[]], [0.0], np.array([bos_id]), []
    for _ in range(max_len):
        logp = np.asarray(step_fn(last)).tolist()
        cands = []
        for b, row in enumerate(logp):
            for t, lp in enumerate(row):
                s = scores[b] + lp
                if s != float("-inf"):
                    cands.append((-s, b * len(row) + t, b, t, s))
        cands.sort()
        nxt, nsc = [], []
        for _, _, b, t, s in cands[:beam_width]:
            seq = alive[b] + [t]
            if t == eos_id:
                done.append((seq, s))
            else:
                nxt.append(seq)
                nsc.append(s)
        alive, scores = nxt, nsc
        if not alive:
            break
        last = np.array([s[-1] for s in alive])
    done += list(zip(alive, scores))
    ranked = sorted(((s, x / len(s) ** length_penalty) for s, x in done), key=lambda t: -t[1])
    return ranked[:beam_width]
