"""Home: choose a round, its length, the target level and the mode, then start; recent sessions;
resume an unfinished one; the practice planner's recommended session and the progress view.

This module is on the start-up path, so it imports nothing heavy: the repository and bank arrive
from a worker (`MockloopApp.get_services`) after the first paint.
"""

from __future__ import annotations

import asyncio
from importlib import import_module
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, RadioButton, RadioSet, Static

from app.domain.enums import TargetLevel
from app.tui.services import LENGTH_CHOICES, ROUND_CHOICES, SessionListItem, SessionRequest
from app.tui.widgets import plain

if TYPE_CHECKING:
    from app.domain.transcript import SessionPlan
    from app.tui.app import MockloopApp
    from app.tui.services import Services

RECENT_LIMIT = 8


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#round"

    BINDINGS = [
        Binding("s", "start", "Start", id="home.start",
                tooltip="Start the session chosen above"),
        Binding("r", "recommended", "Recommended", id="home.recommended",
                tooltip="Start the session the practice planner recommends for your weak topics"),
        Binding("u", "resume", "Resume", id="home.resume",
                tooltip="Continue your unfinished session where you left it"),
        Binding("v", "review", "Review", id="home.review",
                tooltip="Past sessions with scored transcripts; export to Markdown or JSON"),
        Binding("g", "progress", "Progress", id="home.progress",
                tooltip="Mastery per topic, trend, and which questions are due"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Quit mockloop"),
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
            yield Static("Round", classes="field-label")
            with RadioSet(id="round"):
                yield RadioButton("Fundamentals", value=True, id="round-fundamentals")
                yield RadioButton("System design", id="round-system_design")
                yield RadioButton("Behavioral", id="round-behavioral")
                yield RadioButton("Full loop (3 rounds)", id="round-loop")
            yield Static("Length per round", classes="field-label")
            with RadioSet(id="length"):
                yield RadioButton("Real (45 min)", value=True, id="length-real")
                yield RadioButton("Compressed: 20 min", id="length-20")
                yield RadioButton("Compressed: 10 min", id="length-10")
            yield Static("Target level", classes="field-label")
            with RadioSet(id="level"):
                yield RadioButton("Mid", id="level-mid")
                yield RadioButton("Senior", value=True, id="level-senior")
                yield RadioButton("Staff", id="level-staff")
            yield Static("Mode", classes="field-label")
            llm = settings.llm_configured
            with RadioSet(id="mode"):
                yield RadioButton(plain("Offline (scores are estimates)"), value=not llm,
                                  id="mode-offline")
                if llm:
                    label = f"LLM · {settings.interviewer_model} (judge {settings.judge_model})"
                else:
                    label = ("LLM · disabled by --offline" if settings.offline
                             else "LLM · not configured (set OPENAI_API_KEY or OPENAI_BASE_URL)")
                yield RadioButton(plain(label), value=llm, id="mode-llm", disabled=not llm)
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
        table.add_columns("Date (UTC)", "Rounds", "Overall level", "Mode", "Status")
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
    @work(exclusive=True, group="home-sessions", exit_on_error=False)
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
            table.add_row(s.date, s.rounds, s.level, s.mode, s.status, key=s.id)
        empty = self.query_one("#recent-empty", Static)
        empty.update("No sessions yet: start one above." if not rows else "")
        empty.display = not rows
        table.display = bool(rows)
        self.unfinished = unfinished
        note = self.query_one("#resume-note", Static)
        if unfinished is not None:
            note.update(plain(f"Unfinished: {unfinished.rounds} from {unfinished.date}. "
                              "Press u to resume it."))
        note.display = unfinished is not None
        self.query_one("#resume").display = unfinished is not None
        if services.bank_error:
            self.notify(f"The question bank is invalid; new sessions cannot start.\n"
                        f"{services.bank_error[:400]}", severity="error", markup=False,
                        timeout=15)
        self.refresh_bindings()

    def request(self) -> SessionRequest:
        def pressed(set_id: str, prefix: str) -> str:
            button = self.query_one(f"#{set_id}", RadioSet).pressed_button
            assert button is not None and button.id is not None
            return button.id.removeprefix(prefix)

        return SessionRequest(
            rounds=ROUND_CHOICES[pressed("round", "round-")],
            minutes=LENGTH_CHOICES[pressed("length", "length-")],
            level=TargetLevel(pressed("level", "level-")),
            offline=pressed("mode", "mode-") == "offline",
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

    @work(exclusive=True, group="home", exit_on_error=False)
    async def open_review(self, session_id: str | None) -> None:
        from app.tui.review_screen import ReviewListScreen, SessionReviewScreen

        services = await self.mockloop.get_services()
        if session_id is None:
            await self.app.push_screen(ReviewListScreen(services))
        else:
            await self.app.push_screen(SessionReviewScreen(services, session_id))

    @work(exclusive=True, group="home", exit_on_error=False)
    async def start_session(self, plan: SessionPlan | None) -> None:
        from app.tui.services import build_new_plan

        app = self.mockloop
        services = await app.get_services()
        request = self.request()
        if plan is None:
            plan = build_new_plan(services.require_bank(), request, seed=app.seed,
                                  question_ids=app.question_ids)
        await app.open_interview(services, plan=plan, offline=request.offline)

    @work(exclusive=True, group="home", exit_on_error=False)
    async def resume_session(self, session_id: str) -> None:
        services = await self.mockloop.get_services()
        stored = await asyncio.to_thread(services.repo.load, session_id)
        await self.mockloop.open_interview(services, stored=stored,
                                           offline=stored.summary.mode == "offline")

    @work(exclusive=True, group="home", exit_on_error=False)
    async def recommend(self) -> None:
        """The practice planner's plan (another module, imported lazily: it may not exist yet)."""
        try:
            recommend_plan = import_module("app.practice.planner").recommend_plan
        except (ImportError, AttributeError):
            self.notify("Recommended sessions are not available yet.", severity="warning")
            return
        from app.tui.modals import RecommendScreen

        services = await self.mockloop.get_services()
        request = self.request()
        bank = services.require_bank()
        rec: Any = await asyncio.to_thread(
            lambda: recommend_plan(services.repo, bank, rounds=list(request.rounds),
                                   minutes=request.minutes, level=request.level)
        )
        plan: SessionPlan = rec.plan
        reasons = rec.reasons
        reason_lines = [reasons] if isinstance(reasons, str) else [str(r) for r in reasons or []]
        from app.tui.present import ROUND_TITLES

        summary = " + ".join(f"{ROUND_TITLES[r.kind]} ({r.minutes} min, "
                             f"{len(r.question_ids)} question{'s' * (len(r.question_ids) != 1)})"
                             for r in plan.rounds)
        if await self.app.push_screen_wait(RecommendScreen(summary, reason_lines)):
            await self.mockloop.open_interview(services, plan=plan, offline=request.offline)

    def action_progress(self) -> None:
        self.open_progress()

    @work(exclusive=True, group="home", exit_on_error=False)
    async def open_progress(self) -> None:
        try:
            progress_screen = import_module("app.tui.progress_screen").ProgressScreen
        except (ImportError, AttributeError):
            self.notify("The progress view is not available yet.", severity="warning")
            return
        services = await self.mockloop.get_services()
        await self.app.push_screen(progress_screen(services.repo, services.require_bank()))
