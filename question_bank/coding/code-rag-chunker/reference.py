"""Reference chunker: one pass to find boundaries, then a bisect per chunk (O(n + chunks log n))."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def chunk_spans(
    tokens: Sequence[str],
    chunk_size: int,
    overlap: int,
    *,
    boundaries: Sequence[str] = (".", "!", "?", "\n"),
) -> list[tuple[int, int]]:
    """Greedy chunks of at most chunk_size tokens that end after a boundary token when one is
    usable.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    if not 0 <= overlap < chunk_size:
        raise ValueError("overlap must satisfy 0 <= overlap < chunk_size")
    n = len(tokens)
    marks = frozenset(boundaries)
    # ends[j] is a position e such that tokens[e - 1] is a boundary: a chunk may end there.
    ends = [i + 1 for i, tok in enumerate(tokens) if tok in marks]
    spans: list[tuple[int, int]] = []
    start = 0
    while start < n:
        hard = min(start + chunk_size, n)
        end = hard
        if hard < n:
            j = bisect_right(ends, hard) - 1
            # Only a boundary past the overlap guarantees the next chunk starts later than this one.
            if j >= 0 and ends[j] > start + overlap:
                end = ends[j]
        spans.append((start, end))
        if end == n:
            break
        start = end - overlap
    return spans
