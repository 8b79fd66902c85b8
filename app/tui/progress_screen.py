"""Progress: mastery per topic with its interval, the trend over sessions, weak-and-confident
topics, what is due, and how much of the bank has been seen.

The report is computed off the UI thread (a long history is a few hundred milliseconds of
work) and every piece of text is shown without markup: topic names and numbers are data.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from app.domain.text import display_safe
from app.tui.base import BaseScreen

if TYPE_CHECKING:
    from app.domain.bank import Bank
    from app.practice.progress import ProgressReport
    from app.store.repository import Repository

COLUMNS = ("Topic", "Mastery", "80% interval", "Level", "Tries", "Next due", "Flag")


def _when(dt: datetime | None, now: datetime) -> str:
    if dt is None:
        return "-"
    days = (dt.astimezone(now.tzinfo).date() - now.date()).days
    if days < 0:
        return f"{-days}d overdue"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days}d")


class ProgressScreen(BaseScreen[None]):
    """Pushed from the home screen; escape goes back."""

    CSS_PATH = "progress.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="progress.back", tooltip="Back to the home screen"),
    ]

    def __init__(self, repo: Repository, bank: Bank) -> None:
        super().__init__()
        self.repo = repo
        self.bank = bank
        self.report: ProgressReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator(id="progress-loading")
        with VerticalScroll(id="progress-body"):
            yield Static("", id="progress-summary", markup=False)
            yield Static("", id="progress-flags", markup=False)
            yield DataTable(id="progress-mastery", zebra_stripes=True, cursor_type="row")
            yield Static("", id="progress-trend", markup=False)
            yield Static("", id="progress-unpractised", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress-body").display = False
        table: DataTable[Text] = self.query_one("#progress-mastery", DataTable)
        table.add_columns(*COLUMNS)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(exclusive=True, group="progress", exit_on_error=False, name="progress report")
    async def load(self) -> None:
        from app.practice.progress import build_progress

        try:
            report = await asyncio.to_thread(build_progress, self.repo, self.bank)
        except Exception:  # the app's worker handler reports it; the screen says why it is empty
            self.query_one("#progress-summary", Static).update(
                "Progress could not be computed; see the notification."
            )
            raise
        finally:
            self.query_one("#progress-loading").display = False
            self.query_one("#progress-body").display = True
        self.show(report)

    def show(self, report: ProgressReport) -> None:
        """Fill the widgets from a report (public so tests can render a fixed one)."""
        from app.practice.chart import bar_chart, sparkline
        from app.practice.progress import listed_scores, summary_line, weighting_note

        self.report = report
        now = report.generated_at
        summary = [summary_line(report)]
        if report.estimates:
            summary.append(
                "Some scores are offline estimates (heuristic judge); they count for less."
            )
        if report.topics:
            summary.append(weighting_note())
        if not report.topics:
            summary.append(
                "No judged answers yet: the recommended session starts with a diagnostic sweep."
            )
        self.query_one("#progress-summary", Static).update(display_safe("\n".join(summary)))
        flags = (
            "Weak and confident (train these): " + ", ".join(report.weak_confident)
            if report.weak_confident
            else "No topic is confidently weak yet."
            if report.topics
            else ""
        )
        self.query_one("#progress-flags", Static).update(display_safe(flags))
        table: DataTable[Text] = self.query_one("#progress-mastery", DataTable)
        table.clear()
        for t in report.topics:
            flag = {"weak": "WEAK (confident)", "strong": "strong"}.get(t.flag, "")
            table.add_row(
                Text(display_safe(t.topic)),
                Text(f"{t.mastery:.2f}", justify="right"),
                Text(f"{t.low:.2f}-{t.high:.2f}"),
                Text(f"{t.level:.1f}", justify="right"),
                Text(str(t.attempts), justify="right"),
                Text(_when(t.next_due, now)),
                Text(flag, style="bold" if t.flag == "weak" else ""),
                key=t.topic,
            )
        table.display = bool(report.topics)
        trend = ""
        if report.trend:
            lines = [f"Session scores as listed, last {len(report.trend)} session(s)"]
            lines += bar_chart([p.score for p in report.trend], lo=1.0, hi=4.0)
            lines.append(listed_scores(report))
            lines.append(
                "mastery "
                + sparkline([p.mastery for p in report.trend], lo=0.0, hi=1.0)
                + f"  {report.trend[0].mastery:.2f} -> {report.trend[-1].mastery:.2f}"
            )
            trend = "\n".join(lines)
        self.query_one("#progress-trend", Static).update(trend)
        unpractised = ""
        if report.unpractised:
            unpractised = f"Not practised yet ({len(report.unpractised)}): " + ", ".join(
                report.unpractised
            )
        self.query_one("#progress-unpractised", Static).update(display_safe(unpractised))
