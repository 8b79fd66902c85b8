"""Pure display helpers: clocks, long-text clipping, evidence spans.

No Textual and no interview decisions here: pacing comes from the engine's view, labels from
`domain/labels.py`; these functions only format, so they are unit-testable and the screens thin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.text import display_safe

TRANSCRIPT_MAX_LINES = 40
TRANSCRIPT_MAX_CHARS = 6_000
REVIEW_MAX_LINES = 300
REVIEW_MAX_CHARS = 40_000


def clock(seconds: float) -> str:
    """mm:ss, or h:mm:ss past an hour; negative time shows as 00:00 (overtime is a style)."""
    s = math.ceil(seconds - 1e-6) if seconds > 0 else 0
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


def stamp(at_s: float) -> str:
    """Elapsed interview time of a transcript line (rounded down, like the CLI)."""
    s = max(0, int(at_s))
    return f"{s // 60:02d}:{s % 60:02d}"


@dataclass(frozen=True)
class Clipped:
    text: str
    hidden_lines: int
    hidden_chars: int

    @property
    def clipped(self) -> bool:
        return self.hidden_lines > 0 or self.hidden_chars > 0


def clip(text: str, max_lines: int, max_chars: int) -> Clipped:
    """The head of a very long text. Rendering 10,000 wrapped lines in one widget takes seconds,
    so the transcript shows the head and says how much is hidden; review has the full text."""
    lines = text.split("\n")
    head = "\n".join(lines[:max_lines])
    hidden_lines = max(0, len(lines) - max_lines)
    hidden_chars = 0
    if len(head) > max_chars:
        hidden_chars = len(head) - max_chars
        head = head[:max_chars]
    return Clipped(head, hidden_lines, hidden_chars)


def safe(text: str) -> str:
    """Stored text as shown: control characters made visible, never interpreted."""
    return display_safe(text)


def evidence_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each judge quote occurs in `text` (all occurrences), merged and sorted.

    Quotes are verified substrings of the transcript, so an exact search is enough; both sides
    go through display_safe so offsets match what is on screen.
    """
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        needle = display_safe(quote.strip())
        if len(needle) < 3:
            continue
        start = text.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def level_bar(level: int | None) -> str:
    return "····" if level is None else "●" * level + "○" * (4 - level)


ColumnSpec = tuple[str, int, int]
"""(label, preferred width, narrowest useful width) of a table column."""

CELL_PADDING = 2
"""DataTable's cell padding: one column on each side of every cell."""


def fit_columns(columns: Sequence[ColumnSpec], available: int) -> list[tuple[str, int]]:
    """Column widths that fit `available` cells: preferred widths when they fit, else the
    widest-above-its-minimum column gives up a cell at a time, so every column stays visible
    (a hidden Mode column at 80x24 is worse than a shorter Rounds column)."""
    widths = [w for _, w, _ in columns]
    lows = [low for _, _, low in columns]
    total = sum(widths) + CELL_PADDING * len(widths)
    while total > available:
        slack = [w - low for w, low in zip(widths, lows, strict=True)]
        i = max(range(len(widths)), key=lambda k: slack[k])
        if slack[i] <= 0:
            break
        widths[i] -= 1
        total -= 1
    return [(label, w) for (label, _, _), w in zip(columns, widths, strict=True)]
