"""Home: choose a round, its length, the target level and the mode, then start; recent sessions;
resume an unfinished one; the practice planner's recommended session and the progress view.

This module is on the start-up path, so it imports nothing heavy: the repository and bank arrive
from a worker (`MockloopApp.get_services`) after the first paint.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from app.domain.enums import Mode, TargetLevel
from app.tui.base import BaseScreen
from app.tui.choice import ChoiceRow, Option
from app.tui.services import LENGTH_CHOICES, ROUND_CHOICES, SessionListItem, SessionRequest
from app.tui.text import plain

if TYPE_CHECKING:
    from app.config import Settings
    from app.domain.transcript import SessionPlan
    from app.tui.app import MockloopApp

RECENT_LIMIT = 8
RECENT_COLUMNS = (
    ("Date (UTC)", 16),
    ("Rounds", 20),
    ("Overall level", 25),
    ("Status", 10),
    ("Mode", 7),
)


class HomeScreen(BaseScreen[None]):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#round"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start", id="home.start", tooltip="Start the session chosen above"),
        Binding(
            "r",
            "recommended",
            "Recommended",
            id="home.recommended",
            tooltip="Start the session the practice planner recommends for your weak topics",
        ),
        Binding(
            "u",
            "resume",
            "Resume",
            id="home.resume",
            tooltip="Continue your unfinished session where you left it",
        ),
        Binding(
            "v",
            "review",
            "Review",
            id="home.review",
            tooltip="Past sessions with scored transcripts; export to Markdown or JSON",
        ),
        Binding(
            "g",
            "progress",
            "Progress",
            id="home.progress",
            tooltip="Mastery per topic, trend, and which questions are due",
        ),
        Binding("q", "app.quit", "Quit", id="home.quit", show=False, tooltip="Quit mockloop"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.unfinished: SessionListItem | None = None
        self._first_paint_done = False

    @property
    def mockloop(self) -> MockloopApp:
        from app.tui.app import MockloopApp

        assert isinstance(self.app, MockloopApp)
        return self.app

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        settings = self.mockloop.settings
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("New session", classes="section-title")
            rows = choice_rows(settings)
            for label, row_id, value, options in rows:
                yield Static(label, classes="field-label")
                yield ChoiceRow(options, value, id=row_id)
            yield Static("←/→ choose · Tab next row · s starts", classes="hint")
            with Horizontal(id="actions"):
                yield Button("Start (s)", id="start", variant="primary")
                yield Button("Recommended (r)", id="recommended")
                yield Button("Resume (u)", id="resume")
            yield Static(id="resume-note")
            yield Static("Recent sessions", classes="section-title")
            yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
            yield Static("Loading sessions…", id="recent-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        # fixed widths: auto-sizing settles a frame later, which makes the first paint jump
        for label, width in RECENT_COLUMNS:
            table.add_column(label, width=width)
        self.query_one("#resume").display = False
        self.query_one("#resume-note").display = False
        self.call_after_refresh(self._painted)
        self.refresh_sessions()

    def _painted(self) -> None:
        if not self._first_paint_done:
            self._first_paint_done = True
            self.mockloop.first_screen_ready()

    def on_screen_resume(self) -> None:
        if self._first_paint_done:
            self.refresh_sessions()

    # ----------------------------------------------------------------- data
    @work(exclusive=True, group="home-sessions", exit_on_error=False, name="loading sessions")
    async def refresh_sessions(self) -> None:
        """Fill the recent list once the repository is open (loaded after the first paint)."""
        from app.tui.services import latest_unfinished, session_list

        services = await self.mockloop.get_services()
        rows, unfinished = await asyncio.to_thread(
            lambda: (session_list(services.repo, RECENT_LIMIT), latest_unfinished(services.repo))
        )
        table = self.query_one("#recent", DataTable)
        table.clear()
        for s in rows:
            table.add_row(s.date, s.rounds, s.level, s.status, s.mode, key=s.id)
        empty = self.query_one("#recent-empty", Static)
        empty.update("No sessions yet: start one above." if not rows else "")
        empty.display = not rows
        table.display = bool(rows)
        self.unfinished = unfinished
        note = self.query_one("#resume-note", Static)
        if unfinished is not None:
            note.update(
                plain(
                    f"Unfinished: {unfinished.rounds} from {unfinished.date}. Press u to resume it."
                )
            )
        note.display = unfinished is not None
        self.query_one("#resume").display = unfinished is not None
        if services.bank_error:
            self.notify(
                f"The question bank is invalid; new sessions cannot start.\n"
                f"{services.bank_error[:400]}",
                severity="error",
                markup=False,
                timeout=15,
            )
        self.refresh_bindings()

    def request(self) -> SessionRequest:
        def chosen(row_id: str) -> str:
            return self.query_one(f"#{row_id}", ChoiceRow).value

        return SessionRequest(
            rounds=ROUND_CHOICES[chosen("round")],
            minutes=LENGTH_CHOICES[chosen("length")],
            level=TargetLevel(chosen("level")),
            offline=Mode(chosen("mode")) is Mode.OFFLINE,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.unfinished is not None
        return True

    # ----------------------------------------------------------------- actions
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.start_session(None)

    @on(Button.Pressed, "#recommended")
    def action_recommended(self) -> None:
        self.recommend()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        if self.unfinished is not None:
            self.resume_session(self.unfinished.id)

    @on(DataTable.RowSelected, "#recent")
    def open_recent(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_review(event.row_key.value)

    def action_review(self) -> None:
        self.open_review(None)

    @work(exclusive=True, group="home", exit_on_error=False, name="opening the review")
    async def open_review(self, session_id: str | None) -> None:
        from app.tui.review_screen import ReviewListScreen, SessionReviewScreen

        services = await self.mockloop.get_services()
        if session_id is None:
            await self.app.push_screen(ReviewListScreen(services))
        else:
            await self.app.push_screen(SessionReviewScreen(services, session_id))

    @work(exclusive=True, group="home", exit_on_error=False, name="starting a session")
    async def start_session(self, plan: SessionPlan | None) -> None:
        from app.tui.services import build_new_plan

        app = self.mockloop
        services = await app.get_services()
        request = self.request()
        if plan is None:
            plan = build_new_plan(
                services.require_bank(), request, seed=app.seed, question_ids=app.question_ids
            )
        await app.open_interview(services, plan=plan, offline=request.offline)

    @work(exclusive=True, group="home", exit_on_error=False, name="resuming a session")
    async def resume_session(self, session_id: str) -> None:
        services = await self.mockloop.get_services()
        stored = await asyncio.to_thread(services.repo.load, session_id)
        await self.mockloop.open_interview(
            services, stored=stored, offline=stored.summary.mode is Mode.OFFLINE
        )

    @work(exclusive=True, group="home", exit_on_error=False, name="recommended session")
    async def recommend(self) -> None:
        """The practice planner's next session, with a reason for every question."""
        from app.domain.labels import ROUND_TITLES
        from app.practice.planner import recommend_plan
        from app.tui.modals import RecommendScreen

        services = await self.mockloop.get_services()
        request = self.request()
        bank = services.require_bank()
        rec = await asyncio.to_thread(
            lambda: recommend_plan(
                services.repo,
                bank,
                rounds=list(request.rounds),
                minutes=request.minutes,
                level=request.level,
            )
        )
        lines = [f"{qid}: {why}" for qid, why in rec.reasons.items()] + list(rec.notes)
        summary = " + ".join(
            f"{ROUND_TITLES[r.kind]} ({r.minutes} min, "
            f"{len(r.question_ids)} question{'s' * (len(r.question_ids) != 1)})"
            for r in rec.plan.rounds
        )
        if await self.app.push_screen_wait(RecommendScreen(summary, lines)):
            await self.mockloop.open_interview(services, plan=rec.plan, offline=request.offline)

    def action_progress(self) -> None:
        self.open_progress()

    @work(exclusive=True, group="home", exit_on_error=False, name="progress view")
    async def open_progress(self) -> None:
        from app.tui.progress_screen import ProgressScreen

        services = await self.mockloop.get_services()
        await self.app.push_screen(ProgressScreen(services.repo, services.require_bank()))


ChoiceSpec = tuple[str, str, str, list[Option]]
"""(label, row id, default value, options) of one choice row on the home screen."""


def choice_rows(settings: Settings) -> tuple[ChoiceSpec, ...]:
    """The new-session choices: round, length, level and mode (LLM only when configured)."""
    llm = settings.llm_configured
    if llm:
        llm_label = f"LLM · {settings.interviewer_model} (judge {settings.judge_model})"
    elif settings.offline:
        llm_label = "LLM · disabled by --offline"
    else:
        llm_label = "LLM · not configured (set OPENAI_API_KEY)"
    return (
        (
            "Round",
            "round",
            "fundamentals",
            [
                Option("fundamentals", "Fundamentals"),
                Option("system_design", "System design"),
                Option("behavioral", "Behavioral"),
                Option("coding", "Applied ML coding"),
                Option("debugging", "Debugging"),
                Option("loop", "Full loop (3 rounds)"),
            ],
        ),
        (
            "Length per round",
            "length",
            "real",
            [
                Option("real", "Real (45 min)"),
                Option("20", "Compressed: 20 min"),
                Option("10", "Compressed: 10 min"),
            ],
        ),
        (
            "Target level",
            "level",
            "senior",
            [
                Option("mid", "Mid"),
                Option("senior", "Senior"),
                Option("staff", "Staff"),
            ],
        ),
        (
            "Mode",
            "mode",
            Mode.LLM.value if llm else Mode.OFFLINE.value,
            [
                Option(Mode.OFFLINE.value, "Offline (scores are estimates)"),
                Option(Mode.LLM.value, llm_label, enabled=llm),
            ],
        ),
    )
