"""The one place a session is built, for every driver: plan or stored session, parts, store, clock.

`mockloop run`, `mockloop resume` and the TUI all call `open_session`; they differ only in how
they read input and render events. The interviewer and judge come from a factory argument, so
tests hand in scripted parts instead of patching modules.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.domain.bank import Bank
from app.domain.coding import CodeRunner
from app.domain.debugging import ScriptRunner
from app.domain.enums import Mode, RoundKind
from app.domain.events import EventSink, fan_out
from app.domain.records import StoredSession
from app.domain.transcript import SessionPlan
from app.engine.clock import Clock
from app.engine.interview import InterviewEngine
from app.interviewer.base import Interviewer
from app.judge.base import Judge
from app.judge.consistency import ProfileConsistency
from app.judge.threaded import off_loop
from app.practice.updater import PracticeUpdater
from app.profile.recorder import StoryRecorder
from app.report.saver import ReportSaver
from app.session_lease import LeaseKeeper
from app.store.recorder import Recorder
from app.store.repository import Repository
from app.wiring import make_interviewer, make_judge, mode_for


class SessionError(RuntimeError):
    """A session cannot be opened (for example its questions left the bank); shown as is."""


@dataclass(frozen=True)
class SessionParts:
    interviewer: Interviewer
    judge: Judge


PartsFactory = Callable[[Settings, Repository, str], SessionParts]
"""(settings, repository, session id) -> the interviewer and judge for that session."""


def default_parts(settings: Settings, repo: Repository, session_id: str) -> SessionParts:
    """Offline unless an LLM is configured (see app/wiring.py). Deep-dive answers are also
    checked against the profile's own numbers (app/judge/consistency.py)."""
    return SessionParts(
        make_interviewer(settings, repo, session_id),
        ProfileConsistency(make_judge(settings, repo, session_id)),
    )


@dataclass(frozen=True)
class Session:
    id: str
    plan: SessionPlan
    mode: Mode
    engine: InterviewEngine
    repo: Repository
    resumed: bool
    lease: LeaseKeeper

    def close(self) -> None:
        """Give up the session's writer lease (the session stays resumable)."""
        self.lease.close()


def open_session(
    settings: Settings,
    *,
    repo: Repository,
    bank: Bank,
    clock: Clock,
    sink: EventSink,
    plan: SessionPlan | None = None,
    stored: StoredSession | None = None,
    session_id: str | None = None,
    parts: PartsFactory = default_parts,
    take_over: bool = False,
) -> Session:
    """A new session from `plan`, or the continuation of `stored`. The driver's `sink` runs after
    the recorder, so every turn is on disk before anything shows it.

    The session's writer lease is taken first: a second writer gets `SessionBusy` naming who
    holds it and since when; `take_over` takes an expired lease explicitly. Call `close()`.
    """
    if (plan is None) == (stored is None):
        raise ValueError("give a new plan or a stored session, not both")
    if stored is not None:
        plan, sid, mode = stored.plan, stored.summary.id, stored.summary.mode
    else:
        assert plan is not None
        sid, mode = session_id or uuid.uuid4().hex, mode_for(settings)
    _check_bank(bank, plan)
    lease = LeaseKeeper.take(repo, sid, take_over=take_over)
    try:
        chosen = parts(settings, repo, sid)
    except BaseException:
        lease.close()
        raise
    private = _private_dirs(settings)
    engine = InterviewEngine(
        session_id=sid,
        plan=plan,
        bank=bank,
        interviewer=chosen.interviewer,
        judge=off_loop(chosen.judge),
        clock=clock,
        sink=fan_out(
            Recorder(repo),
            PracticeUpdater(repo, bank),
            StoryRecorder(repo, plan),
            sink,
            _report_saver(settings, repo),
        ),
        history=stored.turns if stored else (),
        assessments=stored.assessments if stored else (),
        mode=mode,
        history_window=settings.history_window,
        code_runner=_code_runner(plan, private),
        script_runner=_script_runner(plan, private),
        elapsed_s=stored.summary.elapsed_s if stored else 0.0,
    )
    lease.keep_time(engine.spent)
    return Session(sid, plan, mode, engine, repo, resumed=stored is not None, lease=lease)


def _report_saver(settings: Settings, repo: Repository) -> ReportSaver:
    """Last: the transcript is rendered once the finish is stored and shown."""
    return ReportSaver(
        repo,
        settings.resolved_database_url,
        settings.bank_dir,
        settings.rubrics_dir,
        settings.data_dir / "cache",
    )


def _private_dirs(settings: Settings) -> tuple[Path, ...]:
    """What the candidate's code in the sandbox must not read: the data dir, the database's
    dir, the config file's dir (keys) and the bank (the hidden tests)."""
    from app.settings_quick import config_file_path
    from app.store.errors import sqlite_path

    db = sqlite_path(settings.resolved_database_url)
    dirs = [settings.data_dir, config_file_path().parent, settings.bank_dir, settings.rubrics_dir]
    return tuple(dict.fromkeys([*dirs, *([db.parent] if db is not None else [])]))


def _code_runner(plan: SessionPlan, private: tuple[Path, ...] = ()) -> CodeRunner | None:
    """A sandbox for sessions with a coding round; built only then (it imports more). It keeps
    a warm spare child, started when a coding question opens, so Run skips start-up; the engine's
    `aclose` stops it (and the child dies with the app in any case)."""
    if not any(r.kind is RoundKind.CODING for r in plan.rounds):
        return None
    from app.sandbox.runner import SandboxRunner

    return SandboxRunner(prewarm=True, private=private)


def _script_runner(plan: SessionPlan, private: tuple[Path, ...] = ()) -> ScriptRunner | None:
    """A sandbox for sessions with a debugging round, built only then."""
    if not any(r.kind is RoundKind.DEBUGGING for r in plan.rounds):
        return None
    from app.sandbox.runner import SandboxRunner
    from app.sandbox.scripts import SandboxScriptRunner

    return SandboxScriptRunner(SandboxRunner(prewarm=True, private=private))


def _check_bank(bank: Bank, plan: SessionPlan) -> None:
    missing = [
        q
        for r in plan.rounds
        for q in [*r.question_ids, r.closing_question_id]
        if q and q not in bank.questions
    ]
    if missing:
        raise SessionError(f"the bank no longer has question(s) {', '.join(missing)}")
