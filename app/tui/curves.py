"""The loss and metric curves of a script run, for the debugging round's screen to embed.

Drawing is `app.report.curves.render_curves` (plain text, shared with the CLI and transcript);
this widget only sizes it to its width and colours each series' marker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.widgets import Static

from app.domain.script_report import ScriptReport
from app.report.curves import MARKERS, Series, last_values, render_curves

COLOURS = ("cyan", "magenta", "yellow", "green", "red", "blue")
MIN_WIDTH = 30


class CurvesView(Static):
    """`show(series)` after each run (or each epoch, for live curves); redraws on resize."""

    DEFAULT_CSS: ClassVar[str] = "CurvesView { height: auto; padding: 0 1; }"

    def __init__(self, *, height: int = 8, id: str | None = None) -> None:
        super().__init__(id=id)
        self._series: dict[str, list[tuple[int, float]]] = {}
        self._plot_height = height
        self.lines: list[str] = render_curves({})

    def show(self, series: Mapping[str, Series]) -> None:
        self._series = {k: list(v) for k, v in series.items()}
        self._draw()

    def show_report(self, report: ScriptReport) -> None:
        """The curves of a finished run (the round calls this after each Run)."""
        self.show(report.series())

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        width = max(MIN_WIDTH, self.content_region.width or 60)
        self.lines = render_curves(self._series, width=width, height=self._plot_height)
        footer = last_values(self._series)
        text = "\n".join([*self.lines, footer] if footer else self.lines)
        self.update(_coloured(text))


def _coloured(text: str) -> Content:
    """Plain text (no markup is ever interpreted) with each marker in its series' colour."""
    colour = {m: COLOURS[i % len(COLOURS)] for i, m in enumerate(MARKERS)}
    parts: list[str | tuple[str, str]] = []
    run = ""
    for ch in text:
        if ch in colour:
            if run:
                parts.append(run)
                run = ""
            parts.append((ch, colour[ch]))
        else:
            run += ch
    if run:
        parts.append(run)
    return Content.assemble(*parts)
