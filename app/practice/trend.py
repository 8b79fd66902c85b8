"""Progress over sessions: the session's average level and mastery as it stood after it.

Mastery after session k is the same posterior as `mastery.compute_mastery(now=start of k)` over
the attempts up to k, computed incrementally: each topic keeps its evidence as of its last
update and is decayed lazily, so a long history is one pass instead of one pass per session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain.catalog import Catalog, PracticeQuestion
from app.practice.mastery import (
    PRIOR_ALPHA,
    PRIOR_BETA,
    decay,
    evidence,
    practice_questions,
    topic_weights,
)
from app.store.practice_records import AttemptRecord


@dataclass(frozen=True, kw_only=True)
class TrendPoint:
    session_id: str
    at: datetime
    score: float
    """The session's score (1-4): its listed overall once `progress.with_listed_scores` has
    filled it in, else the mean weighted criterion level of its judged answers."""
    listed: bool = False
    """`score` is the overall the session list shows."""
    mastery: float
    """Mean posterior mastery (0-1) over the topics practised so far, after this session."""
    questions: int
    estimate: bool
    """Every score of the session is an offline estimate."""


class _Evidence:
    __slots__ = ("at", "failure", "success")

    def __init__(self, at: datetime) -> None:
        self.success = 0.0
        self.failure = 0.0
        self.at = at

    def decayed(self, at: datetime) -> tuple[float, float]:
        w = decay((at - self.at).total_seconds() / 86400.0)
        return self.success * w, self.failure * w

    def add(self, at: datetime, success: float, failure: float) -> None:
        self.success, self.failure = self.decayed(at)
        self.success += success
        self.failure += failure
        self.at = at


def session_trend(
    bank: Catalog[PracticeQuestion], attempts: Iterable[AttemptRecord], last: int = 30
) -> list[TrendPoint]:
    """The last `last` sessions with a judged answer, oldest first."""
    questions = practice_questions(bank)
    sessions: dict[str, list[AttemptRecord]] = {}
    for a in attempts:
        if a.score is not None and a.question_id in questions:
            sessions.setdefault(a.session_id, []).append(a)
    ordered = sorted(sessions.items(), key=lambda kv: (min(a.at for a in kv[1]), kv[0]))
    first_kept = max(0, len(ordered) - last)
    topics: dict[str, _Evidence] = {}
    points: list[TrendPoint] = []
    for index, (session_id, rows) in enumerate(ordered):
        at = min(a.at for a in rows)
        for a in rows:
            assert a.score is not None
            success, failure = evidence(questions[a.question_id], a.score, a.is_estimate)
            for topic, weight in topic_weights(questions[a.question_id]):
                ev = topics.get(topic)
                if ev is None:
                    ev = topics[topic] = _Evidence(at)
                ev.add(at, weight * success, weight * failure)
        if index < first_kept:
            continue
        means = []
        for ev in topics.values():
            s, f = ev.decayed(at)
            means.append((PRIOR_ALPHA + s) / (PRIOR_ALPHA + PRIOR_BETA + s + f))
        scores = [a.score for a in rows if a.score is not None]
        points.append(
            TrendPoint(
                session_id=session_id,
                at=at,
                score=sum(scores) / len(scores),
                mastery=sum(means) / len(means),
                questions=len(rows),
                estimate=all(a.is_estimate for a in rows),
            )
        )
    return points
