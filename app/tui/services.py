"""What the TUI needs from the rest of mockloop, built exactly the way `mockloop run` builds it.

Two rules shape this module:
- It holds no interview logic. It only wires an `InterviewEngine` (same interviewer, judge,
  recorder and options as `app/commands/run.py`) and reads/exports stored sessions.
- Nothing heavy is imported at module load. sqlmodel, the bank loader and any LLM client are
  imported inside the functions, which the app calls from a worker after the first screen has
  painted; that keeps start-up under the budget in tests/bench/tui_startup.py.

It never imports Textual: every function here can be called (and tested) headless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.enums import Mode, RoundKind, SessionStatus, TargetLevel
from app.domain.labels import MODE_LABELS, ROUND_SHORT, ROUND_TITLES, STATUS_LABELS, level_label

if TYPE_CHECKING:
    from datetime import datetime

    from app.config import Settings
    from app.domain.bank import Bank
    from app.domain.events import EventSink
    from app.domain.records import StoredSession
    from app.domain.transcript import SessionPlan
    from app.engine.clock import Clock
    from app.session import PartsFactory, Session
    from app.settings_quick import QuickSettings
    from app.store.repository import Repository

ROUND_CHOICES: dict[str, tuple[RoundKind, ...]] = {
    "fundamentals": (RoundKind.FUNDAMENTALS,),
    "system_design": (RoundKind.SYSTEM_DESIGN,),
    "behavioral": (RoundKind.BEHAVIORAL,),
    "coding": (RoundKind.CODING,),
    "deep_dive": (RoundKind.DEEP_DIVE,),
    "debugging": (RoundKind.DEBUGGING,),
    "loop": (RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL),
}
"""Home-screen round choices; "loop" is a full loop of the three rounds in interview order."""

LENGTH_CHOICES: dict[str, int | None] = {"real": None, "20": 20, "10": 10}
"""Round lengths: None is each round's real length (45 min), the others compress it."""


class StartError(RuntimeError):
    """A session cannot start (bad plan, missing questions); its text is shown to the user."""


@dataclass(frozen=True)
class SessionRequest:
    """What the home screen asks for; turned into a plan by `build_new_plan`."""

    rounds: tuple[RoundKind, ...]
    minutes: int | None
    level: TargetLevel
    offline: bool

    def fitted(self) -> tuple[SessionRequest, str | None]:
        """The request with a compressed length moved into every chosen round's range (a
        coding round cannot run in 10 minutes), and a note saying so; unchanged otherwise."""
        from app.domain.formats import FORMATS

        if self.minutes is None:
            return self, None
        low = max(self.rounds, key=lambda k: FORMATS[k].min_minutes)
        high = min(self.rounds, key=lambda k: FORMATS[k].max_minutes)
        if self.minutes < FORMATS[low].min_minutes:
            fit, bound = FORMATS[low].min_minutes, f"at least {FORMATS[low].min_minutes}"
            kind = low
        elif self.minutes > FORMATS[high].max_minutes:
            fit, bound = FORMATS[high].max_minutes, f"at most {FORMATS[high].max_minutes}"
            kind = high
        else:
            return self, None
        note = f"{ROUND_TITLES[kind]} rounds take {bound} minutes: this session runs {fit} a round."
        return replace(self, minutes=fit), note


@dataclass(frozen=True)
class SessionListItem:
    """One row of a session list, already formatted, so screens do no store queries."""

    id: str
    date: str
    rounds: str
    level: str
    mode: str
    model: str
    status: str


@dataclass
class Services:
    """The opened repository and loaded bank. `bank` is None when the bank failed validation:
    past sessions can still be reviewed, but no new session can start."""

    settings: Settings
    repo: Repository
    bank: Bank | None
    bank_error: str | None = None
    exports: list[Path] = field(default_factory=list)

    def require_bank(self) -> Bank:
        if self.bank is None:
            raise StartError(f"the question bank is invalid:\n{self.bank_error}")
        return self.bank


def load_services(settings: Settings, repo: Repository | None = None) -> Services:
    """Open the database and load the bank. Slow (imports sqlmodel, parses YAML): call it from a
    worker thread."""
    from app.bank import BankValidationError
    from app.wiring import bank_for, open_repository

    repo = repo if repo is not None else open_repository(settings)
    try:
        return Services(settings, repo, bank_for(settings))
    except BankValidationError as exc:
        return Services(settings, repo, None, str(exc))


def effective_settings(settings: Settings, offline: bool) -> Settings:
    """The user may choose offline on the home screen even when an LLM is configured."""
    if offline and not settings.offline:
        return settings.model_copy(update={"offline": True})
    return settings


def build_new_plan(
    bank: Bank,
    request: SessionRequest,
    *,
    seed: int | None = None,
    question_ids: Sequence[str] = (),
    recent: Sequence[str] = (),
    services: Services | None = None,
) -> SessionPlan:
    """`recent`: question ids of earlier sessions, most recent first; they come last."""
    from app.engine.plan import PlanError, build_plan

    question_ids = list(question_ids)
    if RoundKind.DEEP_DIVE in request.rounds and services is not None:
        bank, dive = _deep_dive(bank, services, request.minutes)
        question_ids += dive
    try:
        return build_plan(
            bank,
            list(request.rounds),
            minutes=request.minutes,
            level=request.level,
            question_ids=[q for q in question_ids if q in bank.questions],
            seed=seed,
            recent=recent,
        )
    except PlanError as exc:
        raise StartError(str(exc)) from exc


def _deep_dive(bank: Bank, services: Services, minutes: int | None) -> tuple[Bank, list[str]]:
    """The profile's deep-dive questions (the richest projects first)."""
    from app.profile.errors import ProfileError
    from app.profile.session_bank import deep_dive_questions

    try:
        return deep_dive_questions(bank, services.repo, services.settings.bank_dir, minutes)
    except ProfileError as exc:
        raise StartError(f"{exc}. Press p for the Profile screen.") from exc


def new_session(
    services: Services,
    *,
    session_id: str,
    plan: SessionPlan | None,
    sink: EventSink,
    clock: Clock,
    offline: bool,
    stored: StoredSession | None = None,
    parts: PartsFactory | None = None,
) -> Session:
    """The session `mockloop run` builds (app/session.py), with the UI's sink after the
    recorder, so a turn is on disk before the screen shows it."""
    from app.session import SessionError, default_parts, open_session

    try:
        return open_session(
            effective_settings(services.settings, offline),
            repo=services.repo,
            bank=_session_bank(services, plan if stored is None else stored.plan),
            clock=clock,
            sink=sink,
            plan=None if stored is not None else plan,
            stored=stored,
            session_id=session_id,
            parts=parts or default_parts,
        )
    except SessionError as exc:
        raise StartError(str(exc)) from exc


def _session_bank(services: Services, plan: SessionPlan | None) -> Bank:
    """The bank plus any deep-dive questions the plan names (from the stored profile)."""
    bank = services.require_bank()
    if plan is None or not any(r.kind is RoundKind.DEEP_DIVE for r in plan.rounds):
        return bank
    from app.profile.session_bank import for_plan

    return for_plan(bank, services.repo, services.settings.bank_dir, plan)


def _model_label(mode: Mode, interviewer: str | None, judge: str | None) -> str:
    if mode is Mode.OFFLINE:
        return "scripted · heuristic"
    return f"{interviewer or '?'} · judge {judge or '?'}"


def _item(
    session_id: str,
    created_at: datetime,
    rounds: Sequence[RoundKind],
    mode: Mode,
    status: SessionStatus,
    score: float | None,
    models: tuple[str | None, str | None],
) -> SessionListItem:
    level = level_label(score)
    if mode is Mode.OFFLINE and score is not None:
        level = f"est. {level}"  # first, so a narrow column cuts the level name, not the mark
    return SessionListItem(
        id=session_id,
        date=f"{created_at:%Y-%m-%d %H:%M}",
        rounds=(
            " + ".join(ROUND_SHORT[r] for r in rounds)
            if len(rounds) > 1
            else ", ".join(ROUND_TITLES[r] for r in rounds)
        ),
        level=level,
        mode=MODE_LABELS[mode],
        model=_model_label(mode, *models),
        status=STATUS_LABELS[status],
    )


def session_list(repo: Repository, limit: int = 50) -> list[SessionListItem]:
    return [
        _item(
            s.id,
            s.created_at,
            s.rounds,
            s.mode,
            s.status,
            s.overall_score,
            (s.interviewer_model, s.judge_model),
        )
        for s in repo.list_sessions(limit=limit)
    ]


def latest_unfinished(repo: Repository) -> SessionListItem | None:
    session_id = repo.latest_active()
    if session_id is None:
        return None
    return next((s for s in session_list(repo, limit=200) if s.id == session_id), None)


def quick_session_list(
    settings: Settings | QuickSettings, limit: int
) -> tuple[list[SessionListItem], SessionListItem | None] | None:
    """The recent sessions and the unfinished one without opening the full store (stdlib
    sqlite3, read-only; see app/store/quick.py), or None when only the repository can answer
    (PostgreSQL, a newer schema, an unreadable file)."""
    from app.store.quick import SessionRowLite, recent_sessions

    found = recent_sessions(settings.resolved_database_url, limit, SessionStatus.ACTIVE.value)
    if found is None:
        return None

    def item(r: SessionRowLite) -> SessionListItem:
        return _item(
            r.id,
            r.created_at,
            [RoundKind(k) for k in r.rounds],
            Mode(r.mode),
            SessionStatus(r.status),
            r.overall_score,
            (r.interviewer_model, r.judge_model),
        )

    try:
        rows = [item(r) for r in found.rows]
        active = None if found.latest_active is None else item(found.latest_active)
    except (ValueError, KeyError):  # a value this release does not know: the full path decides
        return None
    return rows, active


def load_session(services: Services, session_id: str) -> StoredSession:
    return services.repo.load(session_id)


def export_session(services: Services, session_id: str, fmt: str) -> Path:
    """Write the session as Markdown ("md") or JSON ("json") under <data dir>/exports/."""
    from app.commands.output_file import write_replacing
    from app.report.render import to_json, to_markdown

    stored = services.repo.load(session_id)
    text = to_json(stored) if fmt == "json" else to_markdown(stored, services.bank)
    out_dir = services.settings.data_dir / "exports"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"mockloop-{session_id[:8]}.{fmt}"
    write_replacing(path, text)
    services.exports.append(path)
    return path
