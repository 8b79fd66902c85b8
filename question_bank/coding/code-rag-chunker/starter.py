"""Split a token sequence into overlapping chunks for a RAG index, preferring sentence boundaries."""

from __future__ import annotations

from collections.abc import Sequence


def chunk_spans(
    tokens: Sequence[str],
    chunk_size: int,
    overlap: int,
    *,
    boundaries: Sequence[str] = (".", "!", "?", "\n"),
) -> list[tuple[int, int]]:
    """Half-open (start, end) token spans covering tokens, following the rules in the prompt."""
    raise NotImplementedError
