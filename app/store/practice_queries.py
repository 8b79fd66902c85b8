"""Queries behind practice (mastery, spaced repetition, progress); the SQL lives here, not there.

The practice layer recomputes everything from stored assessments, so these reads must stay fast
on long histories: one aggregate query returns every scored attempt, already reduced to the
latest judgement of each answer (a rescore supersedes the earlier score) and to its weighted
criterion level.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import case, delete, func, select
from sqlalchemy.engine import Engine

from app.store.tables import AssessmentRow, CriterionScoreRow, ReviewCardRow, SessionRow


class AttemptRecord(NamedTuple):
    """One judged answer, as practice needs it. A NamedTuple: histories run to 10^5 rows.

    `at` is the session's start (stable under rescoring), `score` the weight-averaged criterion
    level in [1, 4] (None when no criterion had enough evidence), `level` the judge's overall level.
    """

    assessment_id: int
    session_id: str
    question_id: str
    at: datetime
    score: float | None
    level: int | None
    is_estimate: bool


@dataclass(frozen=True)
class CardRecord:
    """Stored spaced-repetition state of one question; `card_json` is opaque to the store."""

    question_id: str
    card_json: str
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    last_rating: int | None
    last_assessment_id: int


def _utc(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def attempts(engine: Engine, question_ids: Collection[str] | None = None) -> list[AttemptRecord]:
    """Every scored attempt, oldest first; the latest assessment per (session, round, question)."""
    a, c, s = AssessmentRow.__table__, CriterionScoreRow.__table__, SessionRow.__table__  # type: ignore[attr-defined]
    latest = select(func.max(a.c.id)).group_by(a.c.session_id, a.c.round_index, a.c.question_id)
    if question_ids is not None:
        latest = latest.where(a.c.question_id.in_(list(question_ids)))
    scored = case((c.c.level.is_not(None), c.c.weight), else_=0.0)
    crit = (
        select(
            c.c.assessment_id.label("aid"),
            (func.sum(c.c.level * c.c.weight) / func.nullif(func.sum(scored), 0.0)).label("score"),
        )
        .where(c.c.assessment_id.in_(latest))
        .group_by(c.c.assessment_id)
        .subquery()
    )
    query = (
        select(
            a.c.id,
            a.c.session_id,
            a.c.question_id,
            s.c.created_at,
            crit.c.score,
            a.c.overall_level,
            a.c.is_estimate,
        )
        .join(s, s.c.id == a.c.session_id)
        .outerjoin(crit, crit.c.aid == a.c.id)
        .where(a.c.id.in_(latest))
        .order_by(s.c.created_at, a.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        AttemptRecord(
            int(r[0]),
            r[1],
            r[2],
            _utc(r[3]),
            float(r[4]) if r[4] is not None else None,
            r[5],
            bool(r[6]),
        )
        for r in rows
    ]


def latest_assessment_ids(engine: Engine) -> dict[str, int]:
    """Newest assessment id per question: how practice tells a stale card from a fresh one."""
    a = AssessmentRow.__table__  # type: ignore[attr-defined]
    query = select(a.c.question_id, func.max(a.c.id)).group_by(a.c.question_id)
    with engine.connect() as conn:
        return {str(q): int(i) for q, i in conn.execute(query).all()}


def review_cards(engine: Engine) -> list[CardRecord]:
    t = ReviewCardRow.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.question_id)).mappings().all()
    return [
        CardRecord(
            question_id=r["question_id"],
            card_json=r["card_json"],
            due=_utc(r["due"]),
            last_review=_utc(r["last_review"]) if r["last_review"] is not None else None,
            reps=r["reps"],
            lapses=r["lapses"],
            last_rating=r["last_rating"],
            last_assessment_id=r["last_assessment_id"],
        )
        for r in rows
    ]


def save_review_cards(engine: Engine, cards: Sequence[CardRecord]) -> None:
    """Replace the stored state of these questions' cards, in one transaction."""
    if not cards:
        return
    t = ReviewCardRow.__table__  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.question_id.in_([c.question_id for c in cards])))
        conn.execute(
            t.insert(),
            [
                {
                    "question_id": c.question_id,
                    "card_json": c.card_json,
                    "due": c.due,
                    "last_review": c.last_review,
                    "reps": c.reps,
                    "lapses": c.lapses,
                    "last_rating": c.last_rating,
                    "last_assessment_id": c.last_assessment_id,
                    "updated_at": now,
                }
                for c in cards
            ],
        )


def delete_review_cards(engine: Engine, question_ids: Collection[str]) -> None:
    """Drop cards whose question has no scored attempt left (e.g. after a manual cleanup)."""
    if not question_ids:
        return
    t = ReviewCardRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.question_id.in_(list(question_ids))))


__all__ = [
    "AttemptRecord",
    "CardRecord",
    "attempts",
    "delete_review_cards",
    "latest_assessment_ids",
    "review_cards",
    "save_review_cards",
]
