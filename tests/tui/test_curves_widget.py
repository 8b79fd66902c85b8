"""CurvesView draws the text plot at its own width and updates when a run's series arrive."""

from __future__ import annotations

import math

from textual.app import App, ComposeResult

from app.report.curves import MARKERS
from app.tui.curves import CurvesView


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield CurvesView(height=5, id="curves")


async def test_the_widget_shows_the_series_and_redraws_on_resize() -> None:
    app = _Host()
    async with app.run_test(size=(70, 30)) as pilot:
        view = app.query_one(CurvesView)
        assert view.lines == ["no epochs reported yet"]
        view.show(
            {
                "train_loss": [(e, 1.0 / (e + 1)) for e in range(40)],
                "val_loss": [(0, 1.0), (1, math.nan)],
                "val_acc": [(e, 0.4 + 0.01 * e) for e in range(40)],
            }
        )
        await pilot.pause()
        assert view.lines[0].startswith(f"loss (log scale): {MARKERS[0]} train_loss  {MARKERS[1]}")
        assert any("val_loss: NaN from epoch 1" in ln for ln in view.lines)
        wide = max(len(ln) for ln in view.lines)
        assert wide <= 68
        shown = app.export_screenshot()
        assert "train_loss" in shown and "val_acc" in shown
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        assert max(len(ln) for ln in view.lines) < wide
