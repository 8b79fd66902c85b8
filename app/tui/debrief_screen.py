"""Debrief: one session read like a hiring-committee packet, against a chosen level bar.

Per round the level (the judge's round score), the verified quotes that decided it, what falls
short of the target bar, and the common mistakes that showed up; then the recommendation with
its caveat and the three actions that would move it most. 1/2/3 switch the bar between mid,
senior and staff; the debrief is rebuilt off the UI thread. All text is shown inert.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Header, LoadingIndicator, Static

from app.domain.enums import TargetLevel
from app.domain.labels import (
    LEVEL_NAMES,
    MISTAKE_TITLES,
    OFFLINE_ESTIMATE,
    TARGET_LEVEL_TITLES,
    level_label,
)
from app.tui.base import BaseScreen
from app.tui.present import safe
from app.tui.text import plain

if TYPE_CHECKING:
    from app.report.debrief import Debrief, RoundDebrief
    from app.tui.services import Services


def _flat(text: str) -> str:
    return safe(" ".join(text.split()))


def _section(title: str, rows: list[str]) -> Content:
    return Content("\n").join([Content(title).stylize("bold"), *(Content(r) for r in rows)])


def round_card(r: RoundDebrief, target: TargetLevel) -> Widget:
    bar_title = TARGET_LEVEL_TITLES[target]
    bar = f" · {bar_title} bar {r.bar_score:.2f}" if r.bar_score is not None else ""
    verdict = {True: " · clears it", False: " · under it", None: ""}[r.meets_bar]
    questions = [
        f" • {q.question_id} · {_flat(q.topic)}: {level_label(q.score)}"
        + (f" ({OFFLINE_ESTIMATE})" if q.estimate else "")
        for q in r.questions
    ]
    evidence = [
        f" • {_flat(ev.criterion)} ({LEVEL_NAMES[ev.level]}): “{_flat(ev.quote)}”"
        for ev in r.evidence
    ] or [" • No verified quote earned credit in this round."]
    gaps = [
        f" • {_flat(g.criterion)}: "
        f"{LEVEL_NAMES[g.level] if g.level is not None else 'not shown'}, bar "
        f"{LEVEL_NAMES[g.bar]}. {_flat(g.expect)}"
        for g in r.gaps
    ] or [f" • Every judged criterion meets the {bar_title} bar."]
    parts = [
        Static(
            plain(f"Round {r.index + 1} · {r.title} · {level_label(r.score)}{bar}{verdict}"),
            classes="card-title",
        ),
        Static(Content("\n").join([Content(q) for q in questions]), classes="debrief-questions"),
        Static(_section("Evidence that decided it", evidence), classes="debrief-evidence"),
        Static(_section(f"Against the {bar_title} bar", gaps), classes="debrief-gaps"),
    ]
    if r.mistakes:
        rows = [
            f" • {MISTAKE_TITLES[m.kind]}: {m.why}" + (f" — “{_flat(m.quote)}”" if m.quote else "")
            for m in r.mistakes
        ]
        parts.append(Static(_section("Common mistakes", rows), classes="debrief-mistakes"))
    return Vertical(*parts, classes="card debrief-round")


def debrief_widgets(d: Debrief) -> list[Widget]:
    title = TARGET_LEVEL_TITLES[d.target]
    head = Static(
        plain(
            f"Overall {level_label(d.overall)} · target: {title}\n{d.recommendation}\n{d.caveat}"
        ),
        id="debrief-verdict",
    )
    actions = [f" {i}. {_flat(a.text)}\n    Next: {_flat(a.practice)}" for i, a in
               enumerate(d.actions, 1)]  # fmt: skip
    tail = Static(
        _section(
            "The three actions that would move it most",
            actions or [f" Nothing is under the {title} bar."],
        ),
        id="debrief-actions",
        classes="card",
    )
    return [head, *(round_card(r, d.target) for r in d.rounds), tail]


class DebriefScreen(BaseScreen[None]):
    CSS_PATH = "debrief.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "level('mid')", "Mid", id="debrief.mid", tooltip="Measure against mid"),
        Binding("2", "level('senior')", "Senior", id="debrief.senior", tooltip="Senior bar"),
        Binding("3", "level('staff')", "Staff", id="debrief.staff", tooltip="Staff bar"),
        Binding(
            "t",
            "thank_you",
            "Thank-you note",
            id="debrief.thank_you",
            tooltip="Draft a thank-you note from this session",
        ),
        Binding(
            "m",
            "export",
            "Export Markdown",
            id="debrief.export",
            tooltip="Write this debrief as Markdown under <data dir>/exports",
        ),
        Binding("escape", "app.pop_screen", "Back", id="debrief.back", tooltip="Back"),
    ]

    def __init__(
        self, services: Services, session_id: str, level: TargetLevel | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.session_id = session_id
        self.level = level
        self.debrief: Debrief | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Debrief · loading…", id="debrief-title")
        with VerticalScroll(id="debrief-body"):
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def action_level(self, value: str) -> None:
        self.level = TargetLevel(value)
        self.load()

    def action_thank_you(self) -> None:
        from app.tui.thank_you_screen import ThankYouScreen

        self.app.push_screen(ThankYouScreen(self.services, self.session_id))

    @work(exclusive=True, group="debrief", exit_on_error=False, name="building the debrief")
    async def load(self) -> None:
        from app.tui.debrief_services import debrief_for

        d = await asyncio.to_thread(debrief_for, self.services, self.session_id, self.level)
        self.debrief, self.level = d, d.target
        self.query_one("#debrief-title", Static).update(
            plain(
                f"Debrief · session {d.session_id[:8]} · {TARGET_LEVEL_TITLES[d.target]} bar · "
                "1 mid · 2 senior · 3 staff"
            )
        )
        body = self.query_one("#debrief-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(debrief_widgets(d))
        body.scroll_home(animate=False)

    @work(exclusive=True, group="debrief-export", exit_on_error=False, name="export")
    async def action_export(self) -> None:
        from app.tui.debrief_services import export_debrief

        if self.debrief is None:
            return
        path = await asyncio.to_thread(export_debrief, self.services, self.debrief)
        self.notify(f"Exported to {path}", title="Export", markup=False)
