"""Planted mistake: the chunk stops before the boundary token, so the '.' starts the next chunk."""

from __future__ import annotations


def chunk_spans(tokens, chunk_size, overlap, *, boundaries=(".", "!", "?", "\n")):
    if chunk_size < 1 or not 0 <= overlap < chunk_size:
        raise ValueError("bad chunk_size/overlap")
    n = len(tokens)
    marks = set(boundaries)
    spans = []
    start = 0
    while start < n:
        hard = min(start + chunk_size, n)
        end = hard
        if hard < n:
            for e in range(hard, start + overlap, -1):
                if tokens[e] in marks:
                    end = e
                    break
        spans.append((start, end))
        if end == n:
            break
        start = end - overlap
    return spans
