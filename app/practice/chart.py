"""Terminal charts from block characters: plain strings, so the CLI and the TUI share them and no
plotting dependency is needed for a dozen columns."""

from __future__ import annotations

from collections.abc import Sequence

_BLOCKS = " ▁▂▃▄▅▆▇█"


def _eighths(value: float, lo: float, hi: float, rows: int) -> int:
    span = hi - lo
    frac = 0.0 if span <= 0 else min(1.0, max(0.0, (value - lo) / span))
    return round(frac * rows * 8)


def bar_chart(
    values: Sequence[float], *, lo: float, hi: float, height: int = 6, label_fmt: str = "{:.1f}"
) -> list[str]:
    """One column per value, `height` rows; each row is labelled with the value at its top."""
    if not values:
        return []
    filled = [_eighths(v, lo, hi, height) for v in values]
    labels = [label_fmt.format(lo + (r + 1) * (hi - lo) / height) for r in range(height)]
    width = max(len(s) for s in labels)
    lines = []
    for r in range(height - 1, -1, -1):
        cells = "".join(_BLOCKS[min(8, max(0, f - r * 8))] for f in filled)
        lines.append(f"{labels[r]:>{width}} ┤{cells}")
    lines.append(f"{' ' * width} └{'─' * len(values)}")
    return lines


def sparkline(values: Sequence[float], *, lo: float, hi: float) -> str:
    """One row; the lowest value still shows as the thinnest bar, so the line stays visible."""
    return "".join(_BLOCKS[max(1, _eighths(v, lo, hi, 1))] for v in values)
