"""Practice test helpers: small synthetic banks and judged answers written to a real SQLite file."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.bank import Bank, Question
from app.domain.enums import Difficulty, JudgeKind, Mode, RoundKind, TargetLevel
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan
from app.store.practice_records import AttemptRecord
from app.store.repository import Repository

NOW = datetime(2025, 6, 2, 18, 0, tzinfo=UTC)
ALL_LEVELS = (TargetLevel.MID, TargetLevel.SENIOR, TargetLevel.STAFF)


def question(
    qid: str,
    topics: Sequence[str],
    *,
    kind: RoundKind = RoundKind.FUNDAMENTALS,
    difficulty: Difficulty = Difficulty.MEDIUM,
    levels: Sequence[TargetLevel] = ALL_LEVELS,
    area: str | None = None,
    closing: bool = False,
) -> Question:
    return Question(
        id=qid,
        round=kind,
        area=area or topics[0],
        topics=list(topics),
        difficulty=difficulty,
        levels=list(levels),
        prompt=f"Question {qid}?",
        rubric="r",
        closing=closing,
    )


def bank_of(*questions: Question) -> Bank:
    return Bank(questions={q.id: q for q in questions}, rubrics={})


def grid_bank(
    topics: int = 6, per_topic: int = 4, kind: RoundKind = RoundKind.FUNDAMENTALS, prefix: str = "t"
) -> Bank:
    """`topics` topics with `per_topic` single-topic questions each: ids like t0-q1."""
    return bank_of(
        *(
            question(f"{prefix}{t}-q{i}", [f"topic{t}"], kind=kind)
            for t in range(topics)
            for i in range(per_topic)
        )
    )


_ids = itertools.count(1)


def attempt(
    qid: str, level: int, at: datetime, *, session: str | None = None, estimate: bool = False
) -> AttemptRecord:
    """An in-memory judged answer (score = level)."""
    n = next(_ids)
    return AttemptRecord(n, session or f"s{n}", qid, at, float(level), level, estimate)


def store_answer(
    repo: Repository,
    session_id: str,
    qid: str,
    level: int,
    at: datetime,
    *,
    round_index: int = 0,
    estimate: bool = False,
    score: float | None = None,
) -> int:
    """A judged answer in the database: a session (created if missing) and its assessment."""
    if not any(s.id == session_id for s in repo.list_sessions(limit=1000)):
        plan = SessionPlan(
            rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=[qid])]
        )
        repo.create_session(
            session_id, plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
        )
    value = float(level) if score is None else score
    return repo.add_assessment(
        Assessment(
            session_id=session_id,
            round_index=round_index,
            question_id=qid,
            rubric_id="r",
            rubric_version=1,
            judge_kind=JudgeKind.OFFLINE if estimate else JudgeKind.LLM,
            criteria=[CriterionScore(criterion="c", level=level, weight=1.0)],
            overall_level=level,
            weighted_score=value,
            is_estimate=estimate,
            created_at=at,
        )
    )


def days(n: float) -> timedelta:
    return timedelta(days=n)


@pytest.fixture
def now() -> datetime:
    return NOW
