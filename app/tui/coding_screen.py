"""The coding interview: the conversation on the left, a Python code editor and the results of
Run and Submit on the right, the round clock and the coding phases on top.

Runs go through the engine like every other call, in the screen's exclusive engine worker; the
sandbox is an asyncio subprocess, so the UI stays live while the code runs. The editor is
filled from the engine's workspace: the starter for a new problem, the last code run or
submitted after a resume. Any round whose questions have a code workspace uses this screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Static, TextArea

from app.domain.coding import RunReport, Suite
from app.domain.enums import Phase, TurnKind
from app.domain.events import TurnRecorded
from app.domain.transcript import Turn
from app.engine.coding_flow import Workspace
from app.engine.errors import SessionOver, StaleAnswer
from app.tui.code_document import CodeEditor
from app.tui.coding_bindings import CODING_BINDINGS
from app.tui.coding_view import phase_line, results_text, transcript_turn
from app.tui.interview_screen import InterviewScreen
from app.tui.messages import EngineEvent
from app.tui.text import plain
from app.tui.widgets import PhaseBar, TranscriptView


def code_editor() -> TextArea:
    """A Python editor; without tree-sitter (or its Python grammar) it has no highlighting."""
    editor = CodeEditor.code_editor("", id="code", tab_behavior="indent")
    if "python" in editor.available_languages:
        editor.language = "python"
    return editor


class CodingInterviewScreen(InterviewScreen):
    """Subclasses (the debugging screen) change what the results side shows through the hooks
    `results_panel`, `show_workspace_results`, `after_run`, `running_text` and `phase_text`."""

    CSS_PATH = "coding.tcss"
    AUTO_FOCUS = "#answer"  # the round opens by asking for the approach, in words
    BINDINGS: ClassVar[list[BindingType]] = CODING_BINDINGS
    EDITOR_TITLE = "solution.py"
    EDITOR_KEYS = "ctrl+r run · ctrl+o submit"

    def compose(self) -> ComposeResult:
        with Horizontal(id="status-bar"):
            yield Static(id="round-title")
            yield Static(id="clocks")
            yield Static(id="judge-status")
        yield Static(id="code-phases")
        yield PhaseBar(id="phase-bar")
        with Horizontal(id="workspace"):
            with Vertical(id="talk"):
                yield TranscriptView(id="transcript")
                yield Static(id="banner")
                answer = TextArea(
                    id="answer",
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=False,
                    highlight_cursor_line=False,
                    placeholder="Talk to the interviewer. Ctrl+S sends.",
                )
                answer.border_title = "Your message"
                answer.border_subtitle = "ctrl+s send"
                yield answer
            with Vertical(id="code-side"):
                editor = code_editor()
                editor.border_title = self.EDITOR_TITLE
                editor.border_subtitle = self.EDITOR_KEYS
                yield editor
                yield from self.results_panel()
        yield Footer()

    def results_panel(self) -> ComposeResult:
        with VerticalScroll(id="results-box"):
            yield Static(plain(results_text(None)), id="results")

    # Textual calls InterviewScreen's own on_mount and on_engine_event after these (handlers
    # run for every class in the MRO), so neither calls super().
    async def on_mount(self) -> None:
        self.query_one("#code", TextArea).cursor_blink = self.mockloop.cursor_blink
        self.query_one("#results-box").border_title = "Results"
        self.load_workspace()

    # ----------------------------------------------------------------- the workspace
    def load_workspace(self) -> None:
        """Put the open problem's code (starter, or the last code run) and results on screen."""
        ws = self.engine.workspace() if self.engine is not None else None
        self.query_one("#code-side").display = ws is not None
        if ws is None:
            return
        editor = self.query_one("#code", TextArea)
        editor.load_text(ws.code)
        self.show_workspace_results(ws)

    def unsent_code(self) -> str | None:
        ws = self.engine.workspace() if self.engine is not None else None
        code = self.query_one("#code", TextArea).text
        return None if ws is None or code == ws.code else code

    def restore_code(self, code: str) -> None:
        if self.engine is not None and self.engine.workspace() is not None:
            self.query_one("#code", TextArea).load_text(code)

    def show_workspace_results(self, ws: Workspace) -> None:
        self.show_results(ws.last_run)

    def show_results(self, report: object) -> None:
        text = results_text(report if isinstance(report, RunReport) else None)
        self.query_one("#results", Static).update(plain(text))

    def refresh_status(self) -> None:
        super().refresh_status()
        if not self.is_mounted:
            return
        view = self.view()
        phase = view.round.phase if view is not None and view.round is not None else None
        self._show("code-phases", self.phase_text(phase), self._update_static("#code-phases"))
        editor = self.query_one("#code", TextArea)
        paused = bool(view and view.paused)
        self._show("code_read_only", paused, lambda v: setattr(editor, "read_only", v))
        keys = (self.check_action("run_code", ()), self.check_action("submit_code", ()))
        self._show("code_keys", keys, lambda _: self.refresh_bindings())

    def phase_text(self, phase: Phase | None) -> str:
        return phase_line(phase)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run_code", "submit_code"):
            view = self.view()
            if view is None or self.engine is None or self.engine.workspace() is None:
                return False
            return None if view.paused else True
        return super().check_action(action, parameters)

    async def on_engine_event(self, message: EngineEvent) -> None:
        event = message.event
        if isinstance(event, TurnRecorded) and event.turn.kind in (
            TurnKind.QUESTION,
            TurnKind.ROUND_END,
        ):
            self.load_workspace()  # a new problem opens with its starter code

    async def _show_turn(self, transcript: TranscriptView, turn: Turn) -> None:
        await super()._show_turn(transcript, transcript_turn(turn))

    # ----------------------------------------------------------------- actions
    def action_run_code(self) -> None:
        self._code(Suite.VISIBLE)

    def action_submit_code(self) -> None:
        self._code(Suite.HIDDEN)

    def empty_send_note(self) -> str:
        if self.query_one("#code", TextArea).has_focus:
            return "Your message is empty: the cursor is in the code editor (ctrl+l switches)."
        return super().empty_send_note()

    def action_focus_code(self) -> None:
        code, answer = self.query_one("#code", TextArea), self.query_one("#answer", TextArea)
        (answer if code.has_focus else code).focus()

    def _code(self, suite: Suite) -> None:
        engine = self.engine
        if engine is None or engine.workspace() is None or self.paused:
            return
        if self.busy:
            self.notify("One moment: the interviewer or a run is still going.")
            return
        code = self.query_one("#code", TextArea).text
        aimed = engine.view().question
        self.query_one("#results", Static).update(plain(self.running_text(suite)))

        async def run() -> None:
            await self._after_tick()
            try:
                report = await engine.run_code(code, suite, on=aimed)
            except (StaleAnswer, SessionOver) as exc:
                self.notify(str(exc), severity="warning", markup=False)
                return
            self.after_run(report)

        self._run("running your code", run)

    def running_text(self, suite: Suite) -> str:
        which = "examples" if suite is Suite.VISIBLE else "hidden tests"
        return f"Running your code on the {which}…"

    def after_run(self, report: RunReport) -> None:
        self.show_results(report)
