"""Home: choose a round, its length, the target level and the mode, then start; recent sessions;
resume an unfinished one; the practice planner's recommended session and the progress view.

This module is on the start-up path, so it imports nothing heavy: the recent sessions are read
through the thin stdlib-sqlite3 path before the first paint where it can, and the repository and
bank arrive from a worker (`MockloopApp.get_services`) after it. Keys pressed before the list is
in are queued (`when_ready`), never dropped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from app.domain.enums import Mode, TargetLevel
from app.tui.base import BaseScreen
from app.tui.choice import ChoiceRow
from app.tui.home_choices import choice_rows
from app.tui.present import ColumnSpec, fit_columns
from app.tui.remembered import load_choices, save_choices
from app.tui.services import LENGTH_CHOICES, ROUND_CHOICES, SessionListItem, SessionRequest
from app.tui.text import plain

if TYPE_CHECKING:
    from app.domain.transcript import SessionPlan
    from app.tui.app import MockloopApp

RECENT_LIMIT = 8
RECENT_COLUMNS: tuple[ColumnSpec, ...] = (
    ("Date (UTC)", 16, 16),
    ("Rounds", 21, 12),
    ("Overall level", 24, 14),
    ("Status", 10, 10),
    ("Mode", 7, 7),
)
TABLE_MARGIN = 6
"""Cells beside the table: the body's padding and the vertical scrollbar."""


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
        Binding(
            "p",
            "profile",
            "Profile",
            id="home.profile",
            tooltip="Your resume or notes: the deep-dive round and the behavioral story bank",
        ),
        Binding("q", "app.quit", "Quit", id="home.quit", show=False, tooltip="Quit mockloop"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.unfinished: SessionListItem | None = None
        self._first_paint_done = False
        self._focus_id: str | None = None
        self._ready = False
        """The sessions list is in; until then the actions below are queued, not dropped."""
        self._queued: list[Callable[[], object]] = []

    @property
    def mockloop(self) -> MockloopApp:
        from app.tui.app import MockloopApp

        assert isinstance(self.app, MockloopApp)
        return self.app

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        settings = self.mockloop.startup_settings
        remembered = load_choices(settings.data_dir)
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("New session", classes="section-title")
            rows = choice_rows(settings)
            for label, row_id, value, options in rows:
                yield Static(label, classes="field-label", id=f"{row_id}-label")
                wanted = remembered.get(row_id, value)
                usable = any(o.key == wanted and o.enabled for o in options)
                yield ChoiceRow(options, wanted if usable else value, id=row_id)
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
        for label, width in fit_columns(RECENT_COLUMNS, self.app.size.width - TABLE_MARGIN):
            table.add_column(label, width=width)
        self.query_one("#resume").display = False
        self.query_one("#resume-note").display = False
        # The list is read before the first paint when the thin path can (a few ms of stdlib
        # sqlite3), so the screen is usable the moment it shows; otherwise a worker fills it.
        if not self._fill_quick():
            self.refresh_sessions()
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        if not self._first_paint_done:
            self._first_paint_done = True
            self.mockloop.first_screen_ready()
            if self._ready:
                self.mockloop.milestone("usable")
            self.report_bank_problems()

    def on_screen_resume(self) -> None:
        if self._first_paint_done and not self._fill_quick():
            self.refresh_sessions()
            self._restore_focus()

    # ----------------------------------------------------------------- focus and choices
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember where the user was, so coming back home lands there again."""
        if event.widget.id:
            self._focus_id = event.widget.id
        self._mark_field_label()

    def _restore_focus(self) -> None:
        target = self.query(f"#{self._focus_id}") if self._focus_id else None
        if target:
            target.first().focus()
        else:
            self.query_one("#round").focus()

    def _mark_field_label(self) -> None:
        """The focused row's label is highlighted too: focus shows in two places."""
        focused = self.focused.id if self.focused is not None else None
        for label in self.query(".field-label"):
            label.set_class(label.id == f"{focused}-label", "focused-label")

    @on(ChoiceRow.Changed)
    def remember_choice(self) -> None:
        choices = {row.id: row.value for row in self.query(ChoiceRow) if row.id}
        save_choices(self.mockloop.startup_settings.data_dir, choices)

    # ----------------------------------------------------------------- data
    def _fill_quick(self) -> bool:
        if not self.mockloop.quick_list_allowed:
            return False
        from app.tui.services import quick_session_list

        found = quick_session_list(self.mockloop.startup_settings, RECENT_LIMIT)
        if found is None:
            return False
        self.show_sessions(*found)
        return True

    @work(exclusive=True, group="home-sessions", exit_on_error=False, name="loading sessions")
    async def refresh_sessions(self) -> None:
        """Fill the recent list through the repository (when the thin path cannot)."""
        from app.tui.services import latest_unfinished, session_list

        services = await self.mockloop.get_services()
        rows, unfinished = await asyncio.to_thread(
            lambda: (session_list(services.repo, RECENT_LIMIT), latest_unfinished(services.repo))
        )
        self.show_sessions(rows, unfinished)

    @work(exclusive=True, group="home-bank", exit_on_error=False, name="checking the bank")
    async def report_bank_problems(self) -> None:
        services = await self.mockloop.get_services()
        if services.bank_error:
            self.notify(
                f"The question bank is invalid; new sessions cannot start.\n"
                f"{services.bank_error[:400]}",
                severity="error",
                markup=False,
                timeout=15,
            )

    def show_sessions(
        self, rows: list[SessionListItem], unfinished: SessionListItem | None
    ) -> None:
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
        self._set_ready()
        self.refresh_bindings()

    def _set_ready(self) -> None:
        if self._ready:
            return
        self._ready = True
        if self._first_paint_done:
            self.mockloop.milestone("usable")
        queued, self._queued = self._queued, []
        for run in queued:
            run()

    def when_ready(self, run: Callable[[], object]) -> None:
        """Run an action now, or once the sessions list is in: a key pressed while the screen
        is loading is kept, in order, never lost."""
        if self._ready:
            run()
        else:
            self._queued.append(run)

    def _chosen(self) -> SessionRequest:
        def chosen(row_id: str) -> str:
            return self.query_one(f"#{row_id}", ChoiceRow).value

        return SessionRequest(
            rounds=ROUND_CHOICES[chosen("round")],
            minutes=LENGTH_CHOICES[chosen("length")],
            level=TargetLevel(chosen("level")),
            offline=Mode(chosen("mode")) is Mode.OFFLINE,
        )

    def request(self) -> SessionRequest:
        """The chosen session, its length fitted to the chosen rounds (said in a notice)."""
        request, note = self._chosen().fitted()
        if note is not None:
            self.notify(note, markup=False)
        return request

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            # while loading, `u` is accepted (and queued): whether there is a session to resume
            # is not known yet
            return self.unfinished is not None or not self._ready
        return True

    # ----------------------------------------------------------------- actions
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.when_ready(lambda: self.start_session(None))

    @on(Button.Pressed, "#recommended")
    def action_recommended(self) -> None:
        self.when_ready(self.recommend)

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        self.when_ready(self._resume_unfinished)

    def _resume_unfinished(self) -> None:
        if self.unfinished is not None:
            self.resume_session(self.unfinished.id)

    @on(DataTable.RowSelected, "#recent")
    def open_recent(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_review(event.row_key.value)

    def action_review(self) -> None:
        self.when_ready(lambda: self.open_review(None))

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
            recent = await asyncio.to_thread(services.repo.recent_question_ids)
            plan = build_new_plan(
                services.require_bank(),
                request,
                seed=app.seed,
                question_ids=app.question_ids,
                recent=recent,
                services=services,
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
        self.when_ready(self.open_progress)

    @work(exclusive=True, group="home", exit_on_error=False, name="progress view")
    async def open_progress(self) -> None:
        from app.tui.progress_screen import ProgressScreen

        services = await self.mockloop.get_services()
        await self.app.push_screen(ProgressScreen(services.repo, services.require_bank()))

    def action_profile(self) -> None:
        self.open_profile()

    @work(exclusive=True, group="home", exit_on_error=False, name="profile view")
    async def open_profile(self) -> None:
        from app.tui.profile_screen import ProfileScreen

        services = await self.mockloop.get_services()
        await self.app.push_screen(ProfileScreen(services, offline=self._chosen().offline))
