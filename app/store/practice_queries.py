"""Queries behind practice (mastery, spaced repetition, progress); the SQL lives here, not there.

Practice recomputes everything from the stored assessments, so these reads must stay fast on
long histories (the benchmark has 50,000 assessments). Rules they share:

* An answer is a (session, round, question). `mockloop rescore` adds a judgement and keeps the
  old one; the latest judgement counts, dated by the first (when the answer was given).
* An answer's score is the assessment's `weighted_score`: the weight-averaged criterion level the
  judge stores with it (NULL when no criterion had enough evidence).
* A judgement's weight for mastery is w = exp(-decay_per_day * age_days), times
  `estimate_weight` for offline estimates (`answer_weight`; the caller owns the constants).

`question_totals` sums w and w * score per question over *all* judgements in one covering-index
scan; the few answers judged more than once are listed by `rejudged_answers` (done when a
question's history changes, and kept with its review card) and corrected by the caller.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, and_, delete, func, select, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from app.store.practice_records import (
    AttemptRecord,
    CardRecord,
    Judgement,
    QuestionTotals,
    answer_weight,
    epoch_seconds,
)
from app.store.practice_records import aware_utc as _utc
from app.store.tables import AssessmentRow, ReviewCardRow

_A = AssessmentRow.__table__  # type: ignore[attr-defined]
_CARDS = ReviewCardRow.__table__  # type: ignore[attr-defined]


# ---------------------------------------------------------------- answers


def attempts(
    engine: Engine,
    question_ids: Collection[str] | None = None,
    session_ids: Collection[str] | None = None,
) -> list[AttemptRecord]:
    """Every judged answer (of these questions, of these sessions), oldest first."""
    groups = select(func.max(_A.c.id).label("aid"), func.min(_A.c.created_at).label("at"))
    if question_ids is not None:
        groups = groups.where(_A.c.question_id.in_(list(question_ids)))
    if session_ids is not None:
        groups = groups.where(_A.c.session_id.in_(list(session_ids)))
    g = groups.group_by(_A.c.question_id, _A.c.session_id, _A.c.round_index).subquery()
    query = (
        select(
            g.c.aid,
            _A.c.session_id,
            _A.c.question_id,
            g.c.at,
            _A.c.weighted_score,
            _A.c.overall_level,
            _A.c.is_estimate,
        )
        .join(_A, _A.c.id == g.c.aid)
        .order_by(g.c.at, g.c.aid)
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


def assessment_counts(engine: Engine, session_ids: Collection[str] | None) -> dict[str, int]:
    query = select(_A.c.session_id, func.count()).group_by(_A.c.session_id)
    if session_ids is not None:
        query = query.where(_A.c.session_id.in_(list(session_ids)))
    with engine.connect() as conn:
        return {str(s): int(n) for s, n in conn.execute(query)}


def rejudged_answers(engine: Engine, question_ids: Collection[str]) -> list[list[Judgement]]:
    """Answers of these questions judged more than once: each one's judgements, oldest first."""
    if not question_ids:
        return []
    keys = (_A.c.question_id, _A.c.session_id, _A.c.round_index)
    dup = (
        select(*keys)
        .where(_A.c.question_id.in_(list(question_ids)))
        .group_by(*keys)
        .having(func.count() > 1)
        .subquery()
    )
    query = (
        select(*keys, _A.c.id, _A.c.created_at, _A.c.weighted_score, _A.c.is_estimate)
        .join(
            dup,
            and_(
                _A.c.question_id == dup.c.question_id,
                _A.c.session_id == dup.c.session_id,
                _A.c.round_index == dup.c.round_index,
            ),
        )
        .order_by(*keys, _A.c.id)
    )
    answers: dict[tuple[str, str, int], list[Judgement]] = {}
    with engine.connect() as conn:
        for q, sid, rnd, aid, at, score, est in conn.execute(query):
            answers.setdefault((q, sid, rnd), []).append(
                Judgement(
                    int(aid), q, _utc(at), float(score) if score is not None else None, bool(est)
                )
            )
    return list(answers.values())


# ---------------------------------------------------------------- mastery sums


def question_totals(
    engine: Engine, now: datetime, *, decay_per_day: float, estimate_weight: float
) -> list[QuestionTotals]:
    """Per question: newest assessment id, number of judgements, sum of w, sum of w * score.

    On SQLite (with its math functions) one scan of the covering index from migration 2;
    elsewhere the same sums are folded in Python from the judgement rows.
    """
    if engine.dialect.name == "sqlite":
        try:
            with engine.connect() as conn:
                return _sqlite_totals(conn, now, decay_per_day, estimate_weight)
        except OperationalError:  # SQLite older than 3.38 or built without exp()
            pass
    return _python_totals(engine, now, decay_per_day, estimate_weight)


def _sqlite_totals(
    conn: Connection, now: datetime, decay_per_day: float, estimate_weight: float
) -> list[QuestionTotals]:
    # w is evaluated twice per row, so it is kept cheap: unixepoch() parses the stored text,
    # arithmetic instead of CASE.
    now_s = epoch_seconds(now)
    w = func.exp(decay_per_day / 86400.0 * (func.unixepoch(_A.c.created_at) - now_s)) * (
        1.0 - (1.0 - estimate_weight) * type_coerce(_A.c.is_estimate, Integer)
    )
    query = select(
        _A.c.question_id,
        func.max(_A.c.id),
        func.count(),
        func.sum(w * type_coerce(_A.c.weighted_score.is_not(None), Integer)),
        func.sum(_A.c.weighted_score * w),
    ).group_by(_A.c.question_id)
    return [
        QuestionTotals(q, int(max_id), int(n), float(sw or 0.0), float(sws or 0.0))
        for q, max_id, n, sw, sws in conn.execute(query)
    ]


def _python_totals(
    engine: Engine, now: datetime, decay_per_day: float, estimate_weight: float
) -> list[QuestionTotals]:
    query = select(
        _A.c.question_id, _A.c.id, _A.c.created_at, _A.c.weighted_score, _A.c.is_estimate
    )
    acc: dict[str, list[float]] = {}
    with engine.connect() as conn:
        for q, aid, at, score, est in conn.execute(query):
            row = acc.setdefault(q, [0.0, 0.0, 0.0, 0.0])
            row[0] = max(row[0], aid)
            row[1] += 1
            if score is not None:
                w = answer_weight(_utc(at), bool(est), now, decay_per_day, estimate_weight)
                row[2] += w
                row[3] += w * score
    return [QuestionTotals(q, int(r[0]), int(r[1]), r[2], r[3]) for q, r in sorted(acc.items())]


# ---------------------------------------------------------------- review cards


def assessment_heads(engine: Engine) -> dict[str, tuple[int, int]]:
    """(newest assessment id, number of assessments) per question: a card's freshness key."""
    query = select(_A.c.question_id, func.max(_A.c.id), func.count()).group_by(_A.c.question_id)
    with engine.connect() as conn:
        return {str(q): (int(i), int(n)) for q, i, n in conn.execute(query).all()}


def review_cards(engine: Engine) -> list[CardRecord]:
    with engine.connect() as conn:
        rows = conn.execute(select(_CARDS).order_by(_CARDS.c.question_id)).mappings().all()
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
            judgements=r["judgements"],
            rejudged_json=r["rejudged_json"],
        )
        for r in rows
    ]


def _card_upsert(engine: Engine) -> Any:
    """INSERT ... ON CONFLICT (question_id) DO UPDATE: two sessions finishing at once may both
    save a card for the same question, and a delete-then-insert would make one of them fail.
    Cards are a cache folded from history, so the last writer winning is correct."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(_CARDS)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(_CARDS)
    return stmt.on_conflict_do_update(
        index_elements=["question_id"],
        set_={c.name: stmt.excluded[c.name] for c in _CARDS.c if c.name != "question_id"},
    )


def save_review_cards(engine: Engine, cards: Sequence[CardRecord]) -> None:
    """Write these questions' cards (insert or replace), in one transaction."""
    if not cards:
        return
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            _card_upsert(engine),
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
                    "judgements": c.judgements,
                    "rejudged_json": c.rejudged_json,
                    "updated_at": now,
                }
                for c in cards
            ],
        )


def delete_review_cards(engine: Engine, question_ids: Collection[str]) -> None:
    """Drop cards whose question has no assessment left."""
    if not question_ids:
        return
    with engine.begin() as conn:
        conn.execute(delete(_CARDS).where(_CARDS.c.question_id.in_(list(question_ids))))
