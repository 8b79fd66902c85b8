"""The running aggregates as the progress report reads them: the fingerprint of what they were
folded for, and the trend from the last sessions and the topic sums.

No store import: the full path (app/practice/aggregates.py, through the repository) and the
quick one (`mockloop progress` through stdlib sqlite3, app/store/quick_practice.py) share them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from app.domain.catalog import Catalog, PracticeQuestion
from app.practice.mastery import (
    DECAY_PER_DAY,
    DIFFICULTY_FACTORS,
    ESTIMATE_WEIGHT,
    PRIOR_ALPHA,
    PRIOR_BETA,
    SECONDARY_TOPIC_WEIGHT,
    practice_questions,
)
from app.practice.trend import TrendPoint
from app.store.practice_records import SessionAggregate, TopicTotal, epoch_scale


def fingerprint(bank: Catalog[PracticeQuestion]) -> str:
    """What the aggregates depend on besides the answers: the practice questions' topics and
    difficulty, and the model's constants."""
    questions = practice_questions(bank)
    data = [
        [DECAY_PER_DAY, ESTIMATE_WEIGHT, SECONDARY_TOPIC_WEIGHT, PRIOR_ALPHA, PRIOR_BETA],
        sorted((k.value, v) for k, v in DIFFICULTY_FACTORS.items()),
        sorted((q.id, list(q.topics), q.difficulty.value) for q in questions.values()),
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _at(at_s: float) -> datetime:
    return datetime.fromtimestamp(at_s, UTC)


def trend_from(
    recent: Sequence[SessionAggregate], totals: dict[str, TopicTotal]
) -> list[TrendPoint]:
    """Fold the last sessions forward from the topic sums as they stood before the first."""
    scale = {a.session_id: epoch_scale(a.at_s or 0.0, DECAY_PER_DAY) for a in recent}
    running: dict[str, list[float]] = {
        t: [tt.success_e, tt.failure_e, float(tt.sessions)] for t, tt in totals.items()
    }
    for a in recent:
        for t, (s, f) in a.topics.items():
            acc = running.setdefault(t, [0.0, 0.0, 0.0])
            acc[0] -= s * scale[a.session_id]
            acc[1] -= f * scale[a.session_id]
            acc[2] -= 1
    for acc in running.values():  # rounding: the sums before the window are never negative
        acc[0], acc[1] = max(0.0, acc[0]), max(0.0, acc[1])
    points: list[TrendPoint] = []
    for a in recent:
        assert a.at_s is not None
        for t, (s, f) in a.topics.items():
            acc = running.setdefault(t, [0.0, 0.0, 0.0])
            acc[0] += s * scale[a.session_id]
            acc[1] += f * scale[a.session_id]
            acc[2] += 1
        down = 1.0 / scale[a.session_id]
        means = [
            (PRIOR_ALPHA + acc[0] * down) / (PRIOR_ALPHA + PRIOR_BETA + (acc[0] + acc[1]) * down)
            for acc in running.values()
            if acc[2] > 0.5
        ]
        points.append(
            TrendPoint(
                session_id=a.session_id,
                at=_at(a.at_s),
                score=a.score_sum / a.scored,
                mastery=sum(means) / len(means) if means else 0.0,
                questions=a.scored,
                estimate=a.scored_estimates == a.scored,
            )
        )
    return points
