"""Play real sessions for the debrief and the note: the session builder every driver uses
(`open_session`), the offline interviewer and judge, a real SQLite file and a FakeClock."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import RoundKind, TargetLevel
from app.domain.events import Event
from app.domain.records import StoredSession
from app.domain.transcript import RoundPlan, SessionPlan
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.session import open_session
from app.store.repository import Repository
from tests.conftest import ROOT

MINUTES = {
    RoundKind.FUNDAMENTALS: 10,
    RoundKind.SYSTEM_DESIGN: 45,
    RoundKind.BEHAVIORAL: 10,
    RoundKind.DEBUGGING: 20,
    RoundKind.CODING: 20,
}


def real_settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        bank_dir=ROOT / "question_bank",
        rubrics_dir=ROOT / "rubrics",
        offline=True,
    )


def round_plan(kind: RoundKind, question_id: str) -> RoundPlan:
    return RoundPlan(kind=kind, minutes=MINUTES[kind], question_ids=[question_id])


def play(
    settings: Settings,
    repo: Repository,
    bank: Bank,
    rounds: Sequence[tuple[RoundKind, str, Sequence[str]]],
    *,
    level: TargetLevel = TargetLevel.SENIOR,
    session_id: str = "d3b21ef0" + "0" * 24,
) -> StoredSession:
    """Play (kind, question id, the candidate's answers in order) rounds to the end; return
    the session as the store gives it back."""
    plan = SessionPlan(rounds=[round_plan(k, q) for k, q, _ in rounds], target_level=level)
    clock = FakeClock()
    events: list[Event] = []
    session = open_session(
        settings,
        repo=repo,
        bank=bank,
        clock=clock,
        sink=events.append,
        plan=plan,
        session_id=session_id,
    )
    per_round = [list(a) for _, _, a in rounds]
    try:
        asyncio.run(_drive_then_close(session.engine, per_round, clock))
    finally:
        session.close()
    return repo.load(session.id)


async def _drive_then_close(
    engine: InterviewEngine, answers: list[list[str]], clock: FakeClock
) -> None:
    """As every driver must: the engine's warm sandbox children stop before the loop ends."""
    try:
        await _drive_rounds(engine, answers, clock)
    finally:
        await engine.aclose()


async def _drive_rounds(engine: object, answers: list[list[str]], clock: FakeClock) -> None:
    """Each round gets its own answers; the round is ended when they run out."""
    from app.engine.interview import InterviewEngine

    assert isinstance(engine, InterviewEngine)
    await engine.start()
    for round_answers in answers:
        if engine.view().between_rounds:
            await engine.advance()
        start_round = _round_index(engine)
        for text in round_answers:
            if engine.finished or _round_index(engine) != start_round:
                break
            aimed = engine.view().question
            clock.advance(90)
            await engine.tick()
            await engine.submit(text, on=aimed)
        if not engine.finished and _round_index(engine) == start_round:
            await engine.end_round()
    while not engine.finished:
        if engine.view().between_rounds:
            await engine.advance()
        await engine.end_round()
    await engine.drain()


def _round_index(engine: object) -> int | None:
    view = engine.view()  # type: ignore[attr-defined]
    return None if view.round is None else int(view.round.index)


def stored_of(
    question_id: str, kind: RoundKind, answer: str, *, uncovered: Sequence[str] = ()
) -> StoredSession:
    """A finished one-question session held in memory, for checks over the whole bank."""
    from datetime import UTC, datetime

    from app.domain.enums import JudgeKind, Mode, Phase, Role, SessionStatus, TurnKind
    from app.domain.records import SessionSummary
    from app.domain.transcript import Assessment, CriterionScore, Turn

    now = datetime(2026, 12, 1, tzinfo=UTC)
    sid = "b" * 32
    turns = [
        Turn(seq=0, round_index=0, role=Role.INTERVIEWER, kind=TurnKind.QUESTION,
             text="(the question)", phase=Phase.QUESTIONS, question_id=question_id, at_s=0,
             created_at=now),
        Turn(seq=1, round_index=0, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=answer,
             phase=Phase.QUESTIONS, question_id=question_id, at_s=60, created_at=now),
    ]  # fmt: skip
    assessment = Assessment(
        session_id=sid, round_index=0, question_id=question_id, rubric_id="r", rubric_version=1,
        judge_kind=JudgeKind.OFFLINE, criteria=[CriterionScore(criterion="c", level=2)],
        weighted_score=2.0, to_strong_hire=list(uncovered), is_estimate=True, created_at=now,
    )  # fmt: skip
    plan = SessionPlan(rounds=[RoundPlan(kind=kind, minutes=45, question_ids=[question_id])])
    summary = SessionSummary(
        id=sid, created_at=now, status=SessionStatus.FINISHED, mode=Mode.OFFLINE,
        interviewer_model=None, judge_model=None, rounds=[kind], overall_score=2.0,
        elapsed_s=60, target_level=TargetLevel.SENIOR,
    )  # fmt: skip
    return StoredSession(summary, plan, turns, [assessment])
