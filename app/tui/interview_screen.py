"""The interview: a streamed transcript, an answer editor, countdowns and the design phase bar.

The screen holds no interview logic. It calls the engine's driver API (start, submit, tick,
advance, end_round, pause, resume_clock) in workers, and renders the engine's events, which
arrive as `EngineEvent` messages posted by the engine's sink.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from app.commands.heap import between_turns
from app.domain.enums import NoticeLevel, Role, TurnKind
from app.domain.events import (
    AssessmentReady,
    Event,
    EventSink,
    JudgingDeferred,
    JudgingStarted,
    Notice,
    SessionFinished,
    StreamEnded,
    StreamStarted,
    TokenDelta,
    TurnRecorded,
)
from app.domain.labels import ROUND_TITLES
from app.domain.transcript import SessionPlan, Turn
from app.engine.errors import StaleAnswer
from app.tui.engine_screen import EngineScreen
from app.tui.interview_bindings import INTERVIEW_BINDINGS
from app.tui.interview_status import action_state, banner_text, end_round_question, status_line
from app.tui.messages import EngineCallFailed, EngineEvent
from app.tui.modals import ConfirmScreen
from app.tui.text import plain
from app.tui.unsent import UnsentKeeper
from app.tui.widgets import PhaseBar, TranscriptView

if TYPE_CHECKING:
    from app.domain.records import StoredSession
    from app.engine.clock import Clock
    from app.engine.interview import InterviewEngine
    from app.tui.app import MockloopApp
    from app.tui.services import Services

TICK_SECONDS = 1.0
BETWEEN_TURNS_GC_S = 0.25  # after the reply has painted: the young collection waits for it


class InterviewScreen(EngineScreen):
    """One session, new or resumed. Leaving keeps it resumable; the engine records every turn."""

    CSS_PATH = "interview.tcss"
    AUTO_FOCUS = "#answer"

    BINDINGS: ClassVar[list[BindingType]] = INTERVIEW_BINDINGS

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
        if stored is not None:
            self.plan = stored.plan
        else:
            assert plan is not None
            self.plan = plan
        self.engine: InterviewEngine | None = None
        self.busy = False
        self.judging: set[tuple[int, str]] = set()
        self.overall: float | None = None
        self.session_done = False
        self._timer: Timer | None = None
        self._shown: dict[str, object] = {}
        self._unsent = UnsentKeeper(services.settings.data_dir, self.session_id)

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
        assert self.engine is not None, "attach_engine() before the screen is shown"
        self._timer = self.set_interval(TICK_SECONDS, self.on_tick, name="interview clock")
        self.refresh_status()
        engine = self.engine

        async def start() -> None:
            await engine.start()
            turns = self.stored.turns if self.stored is not None else []
            self.call_later(self.restore_unsent, turns)  # after the events the start posted

        self._run("starting the interview", start)

    def attach_engine(self, build: Callable[[EventSink], InterviewEngine]) -> None:
        """Build the engine with this screen's sink. Called by the app before the screen is
        pushed, inside a worker, so a session that cannot start (e.g. its questions left the
        bank) becomes a notification and the screen never opens."""
        self.engine = build(self._sink)

    def _sink(self, event: Event) -> None:
        """The engine's UI sink: runs inside an engine worker on the app's loop, so it only
        posts; the handler below does the rendering, in order."""
        self.post_message(EngineEvent(event))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `busy` is deliberately not part of these answers: it flips twice per turn, and each
        # change of the footer's keys recomposes the Footer. action_send says "wait" instead.
        view = self.view()
        return True if view is None else action_state(action, view)

    def refresh_status(self) -> None:
        """Redraw what is derived from the engine's view: title, clocks, phase bar, banner, keys.

        Runs on every engine event and every tick, so each widget is touched only when its value
        changed (a Footer recompose or a style update per tick would cost far more than this).
        """
        if not self.is_mounted:
            return
        try:
            self._refresh_status()
        except NoMatches:  # an event that lands while the screen is being torn down
            return

    def _refresh_status(self) -> None:
        view = self.view()
        if view is None:
            self._show("title", "Starting…", self._update_static("#round-title"))
            return
        line = status_line(view)
        self._show("title", line.title, self._update_static("#round-title"))
        self._show("clocks", line.clocks, self._update_static("#clocks"))
        clocks = self.query_one("#clocks", Static)
        clocks.set_class(line.low, "low")
        clocks.set_class(line.over, "over")
        bar = self.query_one(PhaseBar)
        self._show("bar", line.design, lambda v: setattr(bar, "display", v))
        if line.design and view.round is not None:
            bar.show(view.round.phase, view.round.scoping)
        n = len(self.judging)
        judge = plain(f"◌ scoring {n} answer{'s' if n != 1 else ''}…") if n else ""
        self._show("judge", str(judge), self._update_static("#judge-status", hide_empty=True))
        banner = banner_text(view, scored=self.session_done, overall=self.overall)
        self._show("banner", banner, self._update_static("#banner", hide_empty=True))
        self.query_one("#banner").set_class(view.finished, "done")
        editor = self.query_one("#answer", TextArea)
        self._show("editor", not view.finished, lambda v: setattr(editor, "display", v))
        self._show("read_only", view.paused, lambda v: setattr(editor, "read_only", v))
        keys = tuple(
            self.check_action(a, ())
            for a in ("send", "next_round", "pause", "resume", "end_round", "review")
        )
        self._show("keys", keys, lambda _: self.refresh_bindings())

    def _show(self, key: str, value: object, apply: Callable[[object], object]) -> None:
        if key not in self._shown or self._shown[key] != value:
            self._shown[key] = value
            apply(value)

    def _update_static(
        self, selector: str, *, hide_empty: bool = False
    ) -> Callable[[object], None]:
        widget = self.query_one(selector, Static)

        def update(value: object) -> None:
            widget.update(plain(str(value)))
            if hide_empty:
                widget.display = bool(value)

        return update

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
            if event.turn.kind is TurnKind.PENCILS_DOWN:  # the draft is now the final answer
                editor = self.query_one("#answer", TextArea)
                if editor.text.startswith(event.turn.text):
                    editor.load_text(editor.text[len(event.turn.text) :].lstrip())
        elif isinstance(event, JudgingStarted):
            self.judging.add((event.round_index, event.question_id))
        elif isinstance(event, AssessmentReady):
            self.judging.discard((event.assessment.round_index, event.assessment.question_id))
        elif isinstance(event, JudgingDeferred):
            self.judging.discard((event.round_index, event.question_id))
        elif isinstance(event, Notice):
            await transcript.add_notice(event.text, event.level)
            if event.level is not NoticeLevel.INFO:
                self.notify(event.text, severity="warning", markup=False)
        elif isinstance(event, SessionFinished):
            self.session_done = True
            self.overall = event.overall_score
        self.refresh_status()

    async def on_engine_call_failed(self, _: EngineCallFailed) -> None:
        await self.query_one(TranscriptView).interrupt()
        self.refresh_status()

    async def _show_turn(self, transcript: TranscriptView, turn: Turn) -> None:
        if turn.kind is TurnKind.ROUND_START:
            if turn.round_index > 0:
                self._clear_between_rounds()
            rp = self.plan.rounds[turn.round_index]
            await transcript.add_round_header(
                f"Round {turn.round_index + 1} · {ROUND_TITLES[rp.kind]} · {rp.minutes} min"
            )
        await transcript.add_turn(turn)
        if turn.role is Role.CANDIDATE or turn.kind is TurnKind.ROUND_END:
            transcript.follow()

    def _clear_between_rounds(self) -> None:
        """Notes typed while the last round was over belong to no question of the new one, so the
        new round starts with an empty answer box (and a short notice says so)."""
        if not self.is_mounted:
            return
        editor = self.query_one("#answer", TextArea)
        if editor.text.strip():
            editor.clear()
            self.notify("A new round: the answer box starts empty.", timeout=4)

    def draft(self) -> str:
        return self.query_one("#answer", TextArea).text

    def restore_answer(self, text: str) -> None:
        editor = self.query_one("#answer", TextArea)
        if not editor.text.strip():
            editor.load_text(text)
            editor.move_cursor(editor.document.end)  # typing goes on where it stopped

    # ----------------------------------------------------------------- actions
    def empty_send_note(self) -> str:
        """What Send says when there is nothing to send."""
        return "Type an answer first."

    def action_send(self) -> None:
        editor = self.query_one("#answer", TextArea)
        text = editor.text
        if not text.strip():
            self.notify(self.empty_send_note(), severity="warning")
            return
        engine = self.engine
        if self.busy:
            self.notify("The interviewer is still speaking; send it again in a moment.")
            return
        if engine is None or not self.awaiting_answer():
            return

        aimed = engine.view().question

        def give_back() -> None:
            if not editor.text.strip():
                editor.load_text(text)  # nothing the candidate typed is ever lost

        async def submit() -> None:
            await self._after_tick()
            try:
                await engine.submit(text, on=aimed)
            except StaleAnswer as exc:  # a time check moved on first (e.g. time is up)
                give_back()
                self.notify(f"{exc} It is back in the editor.", severity="warning")
            except Exception:
                give_back()
                raise
            # once the reply has painted, while the candidate reads it (app/commands/heap.py)
            self.set_timer(BETWEEN_TURNS_GC_S, between_turns)

        if self._run("sending your answer", submit):
            editor.clear()

    def action_next_round(self) -> None:
        engine = self.engine
        if engine is None or not self.between_rounds():
            return
        if not self._run("starting the next round", engine.advance):
            self.notify("One moment: the interviewer is still speaking.")

    def action_pause(self) -> None:
        if self.engine is not None:
            self.engine.pause()
            self.refresh_status()

    def action_resume(self) -> None:
        if self.engine is not None:
            self.engine.resume_clock()
            self.refresh_status()

    def action_end_round(self) -> None:
        engine = self.engine
        if engine is None or self.finished:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and not self._run("ending the round", engine.end_round):
                self.notify("The interviewer is still speaking; try again in a moment.")

        self.app.push_screen(
            ConfirmScreen(
                end_round_question(self.draft()),
                yes="End round",
                no="Keep going",
            ),
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
                if self.engine is not None:
                    self.engine.pause()
                self.keep_unsent()
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen(
                "Leave the interview? It is saved; resume it from the home screen.",
                yes="Leave",
                no="Stay",
            ),
            confirmed,
        )

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.engine is not None:  # no idle sandbox child outlives the screen
            self.app.call_later(self.engine.close_workspace)
