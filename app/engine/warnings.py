"""Visible time warnings: 5 minutes, 1 minute and 30 seconds left in a round, once each.

A mark is only shown in a round long enough for it to mean something (a 5-minute round does
not open with "5 minutes left"), and a resumed session does not repeat marks already passed.
"""

from __future__ import annotations

MARKS_S = (300.0, 60.0, 30.0)


def label(mark_s: float) -> str:
    if mark_s >= 120:
        return f"{mark_s / 60:.0f} minutes left in this round."
    if mark_s >= 60:
        return "1 minute left in this round."
    return f"{mark_s:.0f} seconds left in this round."


class TimeWarnings:
    def __init__(self) -> None:
        self._shown: set[tuple[int, float]] = set()

    def due(self, round_index: int, round_minutes: int, left_s: float) -> list[str]:
        """The warnings to show now: at most the most urgent mark reached (the others are
        marked shown, so a long pause never floods the screen)."""
        reached = [
            m
            for m in MARKS_S
            if m < round_minutes * 60 and left_s <= m and (round_index, m) not in self._shown
        ]
        if not reached or left_s <= 0:
            self._shown.update((round_index, m) for m in reached)
            return []
        self._shown.update((round_index, m) for m in reached)
        return [label(min(reached))]

    def skip_passed(self, round_index: int, left_s: float) -> None:
        self._shown.update((round_index, m) for m in MARKS_S if left_s <= m)
