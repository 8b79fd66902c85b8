"""Review: the list of past sessions, and one session's scored transcript.

Per answer it shows each criterion's level, the judge's reasoning and quoted evidence (also
highlighted inside the answer), what a strong-hire answer would add, red flags, and the question's
model answer outline. Offline scores are labelled "offline estimate" wherever they appear.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Collapsible,
    DataTable,
    Footer,
    Header,
    LoadingIndicator,
    Markdown,
    Static,
)

from app.domain.enums import Mode, Role
from app.domain.labels import (
    LEVEL_NAMES,
    NOT_OBSERVED,
    OFFLINE_ESTIMATE,
    ROUND_TITLES,
    STATUS_LABELS,
    level_label,
)
from app.domain.transcript import Assessment
from app.report.layout import (
    RoundHeader,
    ScoreItem,
    assessments_by_question,
    transcript_items,
)
from app.tui.base import BaseScreen
from app.tui.modals import FullTextScreen
from app.tui.present import REVIEW_MAX_CHARS, REVIEW_MAX_LINES, level_bar, safe
from app.tui.text import plain
from app.tui.widgets import (
    CandidateTurn,
    InterviewerTurn,
    candidate_label,
    interviewer_label,
    turn_classes,
)

if TYPE_CHECKING:
    from app.domain.bank import Bank
    from app.domain.records import StoredSession
    from app.tui.services import Services


SESSION_COLUMNS = (
    ("Date (UTC)", 16),
    ("Rounds", 20),
    ("Overall level", 25),
    ("Status", 10),
    ("Mode", 7),
    ("Model", 24),
)


class AssessmentCard(Vertical):
    """One judged question: criteria, reasoning, evidence, what to add, red flags, outline."""

    def __init__(self, assessment: Assessment, bank: Bank | None) -> None:
        super().__init__(classes="card estimate" if assessment.is_estimate else "card")
        self.assessment = assessment
        self.bank = bank

    def compose(self) -> ComposeResult:
        a = self.assessment
        question = self.bank.questions.get(a.question_id) if self.bank else None
        rubric = self.bank.rubrics.get(a.rubric_id) if self.bank else None
        tag = OFFLINE_ESTIMATE if a.is_estimate else f"judged by {a.judge_model or 'LLM'}"
        yield Static(
            plain(f"Score for {a.question_id}: {level_label(a.weighted_score)} · {tag}"),
            classes="card-title",
        )
        lines: list[Content] = []
        for c in a.criteria:
            crit = rubric.criterion(c.criterion) if rubric is not None else None
            name = crit.name if crit is not None else c.criterion
            level = f"{c.level} {LEVEL_NAMES[c.level]}" if c.level else NOT_OBSERVED
            lines.append(
                Content.assemble(
                    (safe(name), "bold"),
                    (f"  ×{c.weight:g}  ", "$text-muted"),
                    (level_bar(c.level), "$text-accent"),
                    f"  {level}",
                )
            )
            if c.reasoning.strip():
                lines.append(Content.assemble(("   why: ", "$text-muted"), safe(c.reasoning)))
            for ev in c.evidence:
                lines.append(
                    Content.assemble(
                        ("   evidence: ", "$text-muted"),
                        (f"“{safe(ev)}”", "$text-accent on $accent-muted"),
                    )
                )
        yield Static(Content("\n").join(lines), classes="criteria")
        if a.strengths:
            yield self._list("Strengths", a.strengths, "strengths")
        if a.to_strong_hire:
            yield self._list("What a strong-hire answer would add", a.to_strong_hire, "add")
        if a.red_flags:
            yield self._list("Red flags", a.red_flags, "red-flags")
        if a.injection_suspected:
            yield Static(
                "The answer contained text aimed at the grader; it earned no credit.",
                classes="red-flags",
            )
        if question is not None and question.model_answer.strip():
            with Collapsible(title="Model answer outline", collapsed=True, classes="outline"):
                yield Markdown(safe(question.model_answer.strip()))

    @staticmethod
    def _list(title: str, items: list[str], classes: str) -> Static:
        body = Content("\n").join(
            [Content(title).stylize("bold"), *(Content(f" • {safe(i)}") for i in items)]
        )
        return Static(body, classes=f"card-list {classes}")


def transcript_widgets(stored: StoredSession, bank: Bank | None) -> list[Widget]:
    """The session as widgets, each question's score card after its exchange (as in the
    Markdown export), with the judge's evidence highlighted in the candidate's answers."""
    evidence = {
        k: [ev for a in v for c in a.criteria for ev in c.evidence]
        for k, v in assessments_by_question(stored).items()
    }
    out: list[Widget] = []
    for item in transcript_items(stored):
        if isinstance(item, RoundHeader):
            title = f"{ROUND_TITLES[item.plan.kind]} · {item.plan.minutes} min"
            out.append(
                Static(plain(f"Round {item.round_index + 1} · {title}"), classes="round-header")
            )
        elif isinstance(item, ScoreItem):
            if item.assessments:
                out.extend(AssessmentCard(a, bank) for a in item.assessments)
            else:
                out.append(
                    Static(
                        plain(
                            f"{item.key[1]} is not scored yet. `mockloop rescore "
                            f"{stored.summary.id[:8]} --pending` finishes it."
                        ),
                        classes="card unscored",
                    )
                )
        elif item.turn.role is Role.CANDIDATE:
            t = item.turn
            out.append(
                CandidateTurn(
                    candidate_label(t),
                    t.text,
                    evidence=evidence.get(item.key, []) if item.key else [],
                    max_lines=REVIEW_MAX_LINES,
                    max_chars=REVIEW_MAX_CHARS,
                    full_text_button=True,
                    classes=" ".join(turn_classes(t)),
                )
            )
        elif item.turn.role is Role.SYSTEM:
            out.append(Static(plain(item.turn.text), classes="notice"))
        else:
            t = item.turn
            out.append(
                InterviewerTurn(interviewer_label(t), t.text, classes=" ".join(turn_classes(t)))
            )
    return out


def summary_text(stored: StoredSession) -> str:
    s = stored.summary
    rounds = " + ".join(f"{ROUND_TITLES[r.kind]} ({r.minutes} min)" for r in stored.plan.rounds)
    mode = (
        "offline · scores are offline estimates"
        if s.mode is Mode.OFFLINE
        else f"LLM · interviewer {s.interviewer_model} · judge {s.judge_model}"
    )
    status = STATUS_LABELS[s.status] + ("" if s.finished else " (resume it from home)")
    estimate = s.mode is Mode.OFFLINE and s.overall_score is not None
    return (
        f"Session {s.id[:8]} · {s.created_at:%Y-%m-%d %H:%M} UTC · {rounds}\n"
        f"Target {s.target_level} · {mode} · {status}\n"
        f"Overall: {level_label(s.overall_score)}" + (f" ({OFFLINE_ESTIMATE})" if estimate else "")
    )


class _ExportMixin(BaseScreen[None]):
    """Export to Markdown/JSON under <data dir>/exports, off the UI thread."""

    services: Services

    def selected_session(self) -> str | None:
        raise NotImplementedError

    def action_export(self, fmt: str) -> None:
        session_id = self.selected_session()
        if session_id is None:
            self.notify("Choose a session first.", severity="warning")
            return
        self.export(session_id, fmt)

    @work(exclusive=True, group="export", exit_on_error=False, name="export")
    async def export(self, session_id: str, fmt: str) -> None:
        from app.tui.services import export_session

        path = await asyncio.to_thread(export_session, self.services, session_id, fmt)
        self.notify(f"Exported to {path}", title="Export", markup=False)


class ReviewListScreen(_ExportMixin):
    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#sessions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            id="review.open",
            show=False,
            tooltip="Open the scored transcript of the highlighted session",
        ),
        Binding(
            "m",
            "export('md')",
            "Export Markdown",
            id="review.export_md",
            tooltip="Write the highlighted session as Markdown under <data dir>/exports",
        ),
        Binding(
            "j",
            "export('json')",
            "Export JSON",
            id="review.export_json",
            tooltip="Write the highlighted session as JSON under <data dir>/exports",
        ),
        Binding("escape", "app.pop_screen", "Back", id="review.back", tooltip="Back to home"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Sessions · Enter opens a scored transcript", classes="section-title")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("No sessions yet.", id="no-sessions")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        for label, width in SESSION_COLUMNS:
            table.add_column(label, width=width)
        self.query_one("#no-sessions").display = False
        self.load()

    @work(exclusive=True, group="review", exit_on_error=False, name="loading sessions")
    async def load(self) -> None:
        from app.tui.services import session_list

        rows = await asyncio.to_thread(session_list, self.services.repo, 500)
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for s in rows:
            table.add_row(s.date, s.rounds, s.level, s.status, s.mode, s.model, key=s.id)
        self.query_one("#no-sessions").display = not rows

    def selected_session(self) -> str | None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowSelected, "#sessions")
    def action_open(self) -> None:
        session_id = self.selected_session()
        if session_id is not None:
            self.app.push_screen(SessionReviewScreen(self.services, session_id))


class SessionReviewScreen(_ExportMixin):
    CSS_PATH = "review.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m",
            "export('md')",
            "Export Markdown",
            id="session.export_md",
            tooltip="Write this session as Markdown under <data dir>/exports",
        ),
        Binding(
            "j",
            "export('json')",
            "Export JSON",
            id="session.export_json",
            tooltip="Write this session as JSON under <data dir>/exports",
        ),
        Binding(
            "d",
            "debrief",
            "Debrief",
            id="session.debrief",
            tooltip="Read this session as a debrief against a level bar",
        ),
        Binding(
            "t",
            "thank_you",
            "Thank-you note",
            id="session.thank_you",
            tooltip="Draft a thank-you note from this session",
        ),
        Binding(
            "escape",
            "app.pop_screen",
            "Back",
            id="session.back",
            tooltip="Back to the previous screen",
        ),
    ]

    def __init__(self, services: Services, session_id: str) -> None:
        super().__init__()
        self.services = services
        self.session_id = session_id
        self.stored: StoredSession | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="summary")
        with VerticalScroll(id="review-body"):
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def selected_session(self) -> str | None:
        return self.session_id

    def action_debrief(self) -> None:
        from app.tui.debrief_screen import DebriefScreen

        self.app.push_screen(DebriefScreen(self.services, self.session_id))

    def action_thank_you(self) -> None:
        from app.tui.thank_you_screen import ThankYouScreen

        self.app.push_screen(ThankYouScreen(self.services, self.session_id))

    @work(exclusive=True, group="review", exit_on_error=False, name="loading the session")
    async def load(self) -> None:
        from app.tui.services import load_session

        stored = await asyncio.to_thread(load_session, self.services, self.session_id)
        self.stored = stored
        self.query_one("#summary", Static).update(plain(summary_text(stored)))
        body = self.query_one("#review-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(transcript_widgets(stored, self.services.bank))
        body.scroll_home(animate=False)

    @on(Button.Pressed, ".full-text")
    def show_full_text(self, event: Button.Pressed) -> None:
        turn = next((a for a in event.button.ancestors if isinstance(a, CandidateTurn)), None)
        if turn is not None:
            lines = turn.text.count("\n") + 1
            self.app.push_screen(FullTextScreen(f"Your full answer · {lines:,} lines", turn.text))
