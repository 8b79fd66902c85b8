"""The interview: a streamed transcript, an answer editor, countdowns and the design phase bar.

The screen holds no interview logic. It calls the engine's driver API (start, submit, tick,
advance, end_round, pause, resume_clock) in workers, and renders the engine's events, which
arrive as `EngineEvent` messages posted by the engine's sink.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from app.domain.enums import Role, RoundKind, TurnKind
from app.domain.events import (
    AssessmentReady,
    Event,
    JudgingDeferred,
    JudgingStarted,
    Notice,
    SessionFinished,
    StreamEnded,
    StreamStarted,
    TokenDelta,
    TurnRecorded,
)
from app.domain.transcript import SessionPlan, Turn
from app.tui.messages import EngineEvent
from app.tui.modals import ConfirmScreen
from app.tui.present import ROUND_TITLES, clock, level_bar, pacing
from app.tui.widgets import PhaseBar, TranscriptView, plain

if TYPE_CHECKING:
    from app.engine.clock import Clock
    from app.engine.interview import InterviewEngine
    from app.store.repository import StoredSession
    from app.tui.app import MockloopApp
    from app.tui.services import Services

TICK_SECONDS = 1.0


class InterviewScreen(Screen[None]):
    """One session, new or resumed. Leaving keeps it resumable; the engine records every turn."""

    CSS_PATH = "interview.tcss"
    AUTO_FOCUS = "#answer"

    BINDINGS = [
        Binding("ctrl+s", "send", "Send answer", id="interview.send",
                tooltip="Send your answer to the interviewer. Enter only adds a new line."),
        Binding("ctrl+n", "next_round", "Next round", id="interview.next_round",
                tooltip="Start the next round of the loop"),
        Binding("ctrl+t", "pause", "Pause", id="interview.pause",
                tooltip="Stop the interview clock"),
        Binding("ctrl+t", "resume", "Resume", id="interview.resume",
                tooltip="Start the interview clock again"),
        Binding("ctrl+g", "end_round", "End round", id="interview.end_round",
                tooltip="Finish this round now; what you answered so far is scored"),
        Binding("v", "review", "Review", id="interview.review",
                tooltip="Open the scored transcript of this session"),
        Binding("escape", "leave", "Leave", id="interview.leave",
                tooltip="Back to the home screen; the session is saved and can be resumed"),
    ]

    def __init__(
        self,
        services: Services,
        *,
        clock: Clock,
        offline: bool,
        plan: SessionPlan | None = None,
        stored: StoredSession | None = None,
        session_id: str | None = None,
    ) -> None:
        super().__init__()
        if (plan is None) == (stored is None):
            raise ValueError("give a new plan or a stored session, not both")
        self.services = services
        self.clock = clock
        self.offline = offline
        self.stored = stored
        self.session_id = stored.summary.id if stored else (session_id or uuid.uuid4().hex)
        self.plan: SessionPlan = stored.plan if stored else plan  # type: ignore[assignment]
        self.engine: InterviewEngine | None = None
        self.busy = False
        self.paused = False
        self.judging: set[tuple[int, str]] = set()
        self.overall: float | None = None
        self.session_done = False
        self._timer: Timer | None = None

    @property
    def mockloop(self) -> MockloopApp:
        from app.tui.app import MockloopApp

        assert isinstance(self.app, MockloopApp)
        return self.app

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        with Horizontal(id="status-bar"):
            yield Static(id="round-title")
            yield Static(id="clocks")
            yield Static(id="judge-status")
        yield PhaseBar(id="phase-bar")
        yield TranscriptView(id="transcript")
        yield Static(id="banner")
        editor = TextArea(
            id="answer",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder="Type your answer. Enter adds a line; Ctrl+S sends it.",
        )
        editor.border_title = "Your answer"
        editor.border_subtitle = "ctrl+s send · enter new line"
        yield editor
        yield Footer()

    async def on_mount(self) -> None:
        editor = self.query_one("#answer", TextArea)
        editor.cursor_blink = self.mockloop.cursor_blink
        self.query_one("#banner").display = False
        self.query_one("#phase-bar").display = False
        transcript = self.query_one(TranscriptView)
        if self.stored is not None:
            for turn in self.stored.turns:
                await self._show_turn(transcript, turn)
        self.engine = self.mockloop.build_engine(
            self.services,
            session_id=self.session_id,
            plan=self.plan,
            sink=self._sink,
            clock=self.clock,
            offline=self.offline,
            stored=self.stored,
        )
        self._timer = self.set_interval(TICK_SECONDS, self.on_tick, name="interview clock")
        self.refresh_status()
        self._run("starting the interview", self.engine.start)

    def _sink(self, event: Event) -> None:
        """The engine's UI sink: runs inside an engine worker on the app's loop, so it only
        posts; the handler below does the rendering, in order."""
        self.post_message(EngineEvent(event))

    # ----------------------------------------------------------------- engine calls
    def _run(self, what: str, op: Callable[[], Awaitable[None]]) -> bool:
        """Start one engine call unless one is running. `busy` is set here, synchronously, so
        exclusive workers never cancel each other mid-turn."""
        if self.busy or self.engine is None:
            return False
        self.busy = True
        self.refresh_status()
        self.engine_call(what, op)
        return True

    @work(exclusive=True, group="engine", exit_on_error=False)
    async def engine_call(self, what: str, op: Callable[[], Awaitable[None]]) -> None:
        """Every engine call runs here. A failure is re-raised with what was being done, and
        the app's one worker-failure handler turns it into a notification."""
        try:
            await op()
        except Exception as exc:
            raise RuntimeError(f"{what} failed: {exc}") from exc
        finally:
            self.busy = False
            self.refresh_status()

    def on_tick(self) -> None:
        """Every second: redraw the clocks and let the engine make time checks that cannot wait
        for the candidate (the 15-minute nudge, the 20-minute move, time up)."""
        self.refresh_status()
        engine = self.engine
        if engine is None or self.paused or engine.finished or self.busy:
            return
        self._run("the time check", engine.tick)

    async def tick_now(self) -> None:
        """The timer's work, awaited: lets tests move a fake clock and see the result at once."""
        self.on_tick()
        await self.workers.wait_for_complete()

    # ----------------------------------------------------------------- state
    def awaiting_answer(self) -> bool:
        e = self.engine
        r = e.round if e else None
        return bool(e and not e.finished and r and not r.ended and r.current is not None)

    def between_rounds(self) -> bool:
        e = self.engine
        r = e.round if e else None
        return bool(e and not e.finished and r and r.ended)

    @property
    def finished(self) -> bool:
        return bool(self.engine and self.engine.finished)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            if self.finished or self.between_rounds():
                return False
            return None if self.busy or self.paused or not self.awaiting_answer() else True
        if action == "next_round":
            return (None if self.busy else True) if self.between_rounds() else False
        if action == "pause":
            return not self.paused and not self.finished
        if action == "resume":
            return self.paused
        if action == "end_round":
            if self.finished or self.between_rounds():
                return False
            return None if self.busy or self.paused else True
        if action == "review":
            return self.finished
        return True

    def refresh_status(self) -> None:
        """Redraw everything derived from engine state: title, clocks, phase bar, banner."""
        if not self.is_mounted:
            return
        engine = self.engine
        p = pacing(engine) if engine is not None else None
        title = self.query_one("#round-title", Static)
        clocks = self.query_one("#clocks", Static)
        bar = self.query_one(PhaseBar)
        if p is None:
            title.update(plain("Starting…"))
            clocks.update("")
        else:
            loop = f"Round {p.round_number}/{p.round_count} · " if p.round_count > 1 else ""
            q = (f" · Q{p.question_number}/{p.question_count}"
                 if p.round_kind is not RoundKind.SYSTEM_DESIGN else "")
            title.update(plain(f"{loop}{p.round_title} · {p.round_minutes} min{q}"))
            parts = [f"round {clock(p.round_left_s)}"]
            if p.segment_left_s is not None:
                parts.append(f"{p.segment_label} {clock(p.segment_left_s)}")
            if self.paused:
                parts.append("PAUSED")
            clocks.update(plain(" · ".join(parts)))
            clocks.set_class(p.round_left_s <= 60 and not self.finished, "low")
            clocks.set_class(p.segment_left_s is not None and p.segment_left_s <= 0, "over")
            is_design = p.round_kind is RoundKind.SYSTEM_DESIGN
            bar.display = is_design
            if is_design:
                bar.show(p.phase, p.scoping)
        self._refresh_judge_status()
        self._refresh_banner()
        self.refresh_bindings()

    def _refresh_judge_status(self) -> None:
        n = len(self.judging)
        status = self.query_one("#judge-status", Static)
        status.update(plain(f"◌ scoring {n} answer{'s' if n != 1 else ''}…") if n else "")
        status.display = n > 0

    def _refresh_banner(self) -> None:
        banner = self.query_one("#banner", Static)
        editor = self.query_one("#answer", TextArea)
        text = ""
        if self.finished:
            if self.session_done:
                score = f"{self.overall:.2f}" if self.overall is not None else "not scored"
                est = " (offline estimate)" if self._mode() == "offline" else ""
                bar = level_bar(int(self.overall + 0.5)) if self.overall is not None else ""
                text = (f"Interview over. Overall {score} {bar}{est}. "
                        "Press v for the scored transcript, Esc for home.")
            else:
                text = "Interview over. Scoring your answers… (v opens the review)"
        elif self.between_rounds():
            text = "Round over. Take a breath; press Ctrl+N when you are ready for the next round."
        elif self.paused:
            text = "Paused: the clock is stopped. Press Ctrl+T to resume."
        banner.update(plain(text))
        banner.display = bool(text)
        banner.set_class(self.finished, "done")
        editor.display = not self.finished
        editor.read_only = self.paused

    def _mode(self) -> str:
        return self.engine.mode if self.engine is not None else "offline"

    # ----------------------------------------------------------------- events
    async def on_engine_event(self, message: EngineEvent) -> None:
        event = message.event
        transcript = self.query_one(TranscriptView)
        if isinstance(event, TokenDelta):
            await transcript.write_token(event.text)
            return
        if isinstance(event, StreamStarted):
            await transcript.begin_stream()
        elif isinstance(event, StreamEnded):
            await transcript.end_stream()
        elif isinstance(event, TurnRecorded):
            await self._show_turn(transcript, event.turn)
        elif isinstance(event, JudgingStarted):
            self.judging.add((event.round_index, event.question_id))
        elif isinstance(event, AssessmentReady):
            self.judging.discard((event.assessment.round_index, event.assessment.question_id))
        elif isinstance(event, JudgingDeferred):
            self.judging.discard((event.round_index, event.question_id))
        elif isinstance(event, Notice):
            await transcript.add_notice(event.text, event.level)
            if event.level != "info":
                self.notify(event.text, severity="warning", markup=False)
        elif isinstance(event, SessionFinished):
            self.session_done = True
            self.overall = event.overall_score
        self.refresh_status()

    async def _show_turn(self, transcript: TranscriptView, turn: Turn) -> None:
        if turn.kind is TurnKind.ROUND_START:
            rp = self.plan.rounds[turn.round_index]
            await transcript.add_round_header(
                f"Round {turn.round_index + 1} · {ROUND_TITLES[rp.kind]} · {rp.minutes} min"
            )
        await transcript.add_turn(turn)
        if turn.role is Role.CANDIDATE or turn.kind is TurnKind.ROUND_END:
            transcript.anchor()

    # ----------------------------------------------------------------- actions
    def action_send(self) -> None:
        editor = self.query_one("#answer", TextArea)
        text = editor.text
        if not text.strip():
            self.notify("Type an answer first.", severity="warning")
            return
        engine = self.engine
        if engine is None or not self.awaiting_answer():
            return

        async def submit() -> None:
            try:
                await engine.submit(text)
            except Exception:
                if not editor.text.strip():
                    editor.load_text(text)  # give the answer back so nothing is lost
                raise

        if self._run("sending your answer", submit):
            editor.clear()

    def action_next_round(self) -> None:
        if self.engine is not None and self.between_rounds():
            self._run("starting the next round", self.engine.advance)

    def action_pause(self) -> None:
        if self.engine is not None and not self.paused:
            self.engine.pause()
            self.paused = True
            self.refresh_status()

    def action_resume(self) -> None:
        if self.engine is not None and self.paused:
            self.engine.resume_clock()
            self.paused = False
            self.refresh_status()

    def action_end_round(self) -> None:
        engine = self.engine
        if engine is None or self.finished:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run("ending the round", engine.end_round)

        self.app.push_screen(
            ConfirmScreen("End this round now? What you answered so far is scored.",
                          yes="End round", no="Keep going"),
            confirmed,
        )

    def action_review(self) -> None:
        if not self.finished:
            return
        from app.tui.review_screen import SessionReviewScreen

        self.app.switch_screen(SessionReviewScreen(self.services, self.session_id))

    def action_leave(self) -> None:
        if self.finished:
            self.app.pop_screen()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                if self.engine is not None and not self.paused:
                    self.engine.pause()
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen("Leave the interview? It is saved; resume it from the home screen.",
                          yes="Leave", no="Stay"),
            confirmed,
        )

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
