"""The debugging interview: the coding screen's conversation and editor, with the curves of the
latest run and a one-line summary where the coding screen lists test results.

Run trains the edited script and plots its loss and metric curves; Submit also runs the hidden
checks, shown as a count only (never which check, so never which bug). Everything else (the
engine worker, the editor, resume, the clocks) is the coding screen's.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from app.domain.coding import RunReport, Suite
from app.domain.debugging import ScriptReport
from app.domain.enums import CODING_PHASES, Phase, RoundKind
from app.domain.labels import phase_label
from app.engine.coding_flow import Workspace
from app.tui.coding_screen import CodingInterviewScreen
from app.tui.curves import CurvesView
from app.tui.debugging_view import NO_RUN, summary_text
from app.tui.text import plain


class DebuggingInterviewScreen(CodingInterviewScreen):
    CSS_PATH: ClassVar[list[str]] = ["coding.tcss", "debugging.tcss"]  # type: ignore[assignment]
    EDITOR_TITLE = "train.py"
    EDITOR_KEYS = "ctrl+r run (train + curves) · ctrl+o submit (checks)"

    def results_panel(self) -> ComposeResult:
        with VerticalScroll(id="results-box"):
            yield Static(plain(NO_RUN), id="results")
            yield CurvesView(id="curves", height=7)

    def show_workspace_results(self, ws: Workspace) -> None:
        runs = self.engine.script_runs() if self.engine is not None else []
        self.show_script(runs[-1] if runs else None)

    def show_script(self, report: ScriptReport | None) -> None:
        self.query_one("#results-box").border_title = "Curves"
        self.query_one("#results", Static).update(plain(summary_text(report)))
        curves = self.query_one("#curves", CurvesView)
        if report is None:
            curves.show({})
        else:
            curves.show_report(report)

    def after_run(self, report: RunReport) -> None:
        runs = self.engine.script_runs() if self.engine is not None else []
        self.show_script(runs[-1] if runs else None)

    def running_text(self, suite: Suite) -> str:
        if suite is Suite.VISIBLE:
            return "Training your script…"
        return "Training your script and running the checks…"

    def phase_text(self, phase: Phase | None) -> str:
        labels = [phase_label(RoundKind.DEBUGGING, p) for p in CODING_PHASES]
        return " › ".join(
            f"[{label}]" if p is phase else label
            for p, label in zip(CODING_PHASES, labels, strict=True)
        )
