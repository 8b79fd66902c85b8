"""The records practice reads from the store, and the arithmetic they share, with no SQL
library: the SQLAlchemy queries (practice_queries.py, practice_aggregates.py) and the stdlib
sqlite3 reader behind a quick `mockloop progress` (quick_practice.py) return the same types.

The rules behind the numbers are in practice_queries.py's docstring.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple


class AttemptRecord(NamedTuple):
    """One judged answer (its latest judgement). `at` is when it was first judged; `score` the
    weighted criterion level in [1, 4] or None; `level` the judge's overall level."""

    assessment_id: int
    session_id: str
    question_id: str
    at: datetime
    score: float | None
    level: int | None
    is_estimate: bool


class Judgement(NamedTuple):
    """One assessment row, as mastery weighs it."""

    assessment_id: int
    question_id: str
    at: datetime
    score: float | None
    is_estimate: bool


class QuestionTotals(NamedTuple):
    """Sums over every judgement of one question (rejudged answers not yet corrected)."""

    question_id: str
    latest_assessment_id: int
    judgements: int
    weight: float
    """Sum of w over judgements with a score."""
    weighted_score: float
    """Sum of w * score."""


@dataclass(frozen=True)
class CardRecord:
    """Stored state of one question's history: its fsrs card (`card_json`, opaque here) and the
    answers judged more than once (`rejudged_json`), as of `last_assessment_id`/`judgements`."""

    question_id: str
    card_json: str
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    last_rating: int | None
    last_assessment_id: int
    judgements: int = 0
    rejudged_json: str = "[]"

    @property
    def reviewed(self) -> bool:
        """Some answer of the question was reviewed (what `CardState.reviewed` says)."""
        return self.reps > 0


StoredJudgement = tuple[int, int, float | None, bool]
"""(assessment id, epoch seconds, score, is an estimate): one judgement of a rejudged answer."""


def rejudged_answers(record: CardRecord) -> list[list[StoredJudgement]]:
    """The judgements of each answer of this question that was judged more than once."""
    answers: list[list[StoredJudgement]] = json.loads(record.rejudged_json or "[]")
    return answers


def aware_utc(dt: datetime) -> datetime:
    """A stored datetime as UTC-aware (SQLite hands back naive values)."""
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def epoch_seconds(dt: datetime) -> int:
    """Whole seconds since 1970 (UTC): the time unit of the mastery weights."""
    return math.floor(aware_utc(dt).timestamp())


def weight_at(
    at_s: int, is_estimate: bool, now_s: int, decay_per_day: float, estimate_weight: float
) -> float:
    """w of one judgement: the formula `question_totals` computes in SQL (on whole seconds)."""
    return math.exp(-decay_per_day * (now_s - at_s) / 86400.0) * (
        estimate_weight if is_estimate else 1.0
    )


def answer_weight(
    at: datetime, is_estimate: bool, now: datetime, decay_per_day: float, estimate_weight: float
) -> float:
    return weight_at(
        epoch_seconds(at), is_estimate, epoch_seconds(now), decay_per_day, estimate_weight
    )


@dataclass(frozen=True)
class SessionAggregate:
    """One session's judged practice answers, folded (see the practice layer for the rules)."""

    session_id: str
    at_s: float | None
    """Epoch seconds of its first judged (scored) practice answer; None: nothing scored."""
    answers: int
    scored: int
    score_sum: float
    estimates: int
    scored_estimates: int
    assessments: int
    """Every assessment row of the session (any question): what `folded` counts."""
    topics: dict[str, tuple[float, float]] = field(default_factory=dict)
    """topic -> (success, failure), undecayed."""


@dataclass(frozen=True)
class AggregateState:
    fingerprint: str | None
    folded: int
    assessments: int
    """Assessment rows in the store now: `folded` differs when some are not folded yet."""


@dataclass(frozen=True)
class TopicTotal:
    success_e: float
    failure_e: float
    sessions: int


EPOCH_S = 1577836800.0
"""2020-01-01 UTC: the reference time of the topic sums (exp stays finite until ~2137)."""


def epoch_scale(at_s: float, decay_per_day: float) -> float:
    """exp(lambda * (at - EPOCH)): evidence at `at_s`, expressed at the epoch."""
    return math.exp(decay_per_day / 86400.0 * (at_s - EPOCH_S))
