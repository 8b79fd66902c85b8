"""Progress and trend from running aggregates instead of a pass over every answer.

`trend.session_trend` folds the whole history to draw the last 30 points; at 10,000 sessions
that is ~50,000 answers through Python on every view. Here each session is folded once, when its
assessments are written (`update_sessions`, called by `PracticeUpdater`), into:

* its own row: answers, scored answers, score sum, estimates, and `at`, its first judged time;
* per topic, its undecayed evidence (success, failure): the same numbers `session_trend` adds;
* per topic, running sums of that evidence scaled by exp(lambda (at - EPOCH)).

Because the decay is exponential, the mastery after session k needs only the running sums minus
the sessions after k: the trend reads the last 30 sessions and the topic sums, whatever the
length of the history. A session that changes (a new answer, a rescore) replaces its rows and
moves the sums by the difference. `refresh` (on every read) catches up whatever was written
without folding (a crash in between, a bulk import, an older release), and rebuilds everything
when the bank's practice questions or the model's constants changed; `rebuild` (the
`mockloop progress --rebuild` command) recomputes from scratch. tests/practice/
test_aggregates.py checks that incremental updates and a full recomputation agree with
`session_trend` on random histories.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from app.domain.bank import Bank, Question
from app.practice.folded import fingerprint, trend_from
from app.practice.mastery import DECAY_PER_DAY, evidence, practice_questions, topic_weights
from app.practice.trend import TrendPoint
from app.store import practice_aggregates as store
from app.store.practice_aggregates import StaleAggregates
from app.store.practice_records import AttemptRecord, SessionAggregate
from app.store.repository import Repository


def fold_session(
    bank: Bank,
    session_id: str,
    attempts: Iterable[AttemptRecord],
    assessments: int,
    questions: Mapping[str, Question] | None = None,
) -> SessionAggregate:
    """One session's aggregate from its answers (latest judgement each), as `session_trend`
    and the progress report count them. `questions`: `practice_questions(bank)`, when the
    caller folds many sessions and has it already (a rebuild folds every session)."""
    questions = practice_questions(bank) if questions is None else questions
    relevant = [a for a in attempts if a.question_id in questions]
    scored = [a for a in relevant if a.score is not None]
    topics: dict[str, list[float]] = {}
    for a in scored:
        assert a.score is not None
        success, failure = evidence(questions[a.question_id], a.score, a.is_estimate)
        for topic, weight in topic_weights(questions[a.question_id]):
            acc = topics.setdefault(topic, [0.0, 0.0])
            acc[0] += weight * success
            acc[1] += weight * failure
    return SessionAggregate(
        session_id=session_id,
        at_s=min(a.at for a in scored).timestamp() if scored else None,
        answers=len(relevant),
        scored=len(scored),
        score_sum=sum(a.score for a in scored if a.score is not None),
        estimates=sum(1 for a in relevant if a.is_estimate),
        scored_estimates=sum(1 for a in scored if a.is_estimate),
        assessments=assessments,
        topics={t: (s, f) for t, (s, f) in topics.items()},
    )


def _fold(
    repo: Repository, bank: Bank, session_ids: Collection[str] | None
) -> list[SessionAggregate]:
    """These sessions (None: every session with an assessment), folded from the store."""
    by_session: dict[str, list[AttemptRecord]] = {}
    for a in repo.practice_attempts(session_ids=session_ids):
        by_session.setdefault(a.session_id, []).append(a)
    counts = repo.session_assessment_counts(session_ids)
    ids = counts.keys() | by_session.keys() if session_ids is None else set(session_ids)
    questions = practice_questions(bank)
    return [
        fold_session(bank, sid, by_session.get(sid, []), counts.get(sid, 0), questions)
        for sid in sorted(ids)
    ]


def rebuild(repo: Repository, bank: Bank) -> int:
    """Recompute every aggregate from the stored assessments; returns the sessions folded."""
    aggregates = _fold(repo, bank, None)
    store.rebuild(
        repo.engine, aggregates, fingerprint=fingerprint(bank), decay_per_day=DECAY_PER_DAY
    )
    return len(aggregates)


def update_sessions(repo: Repository, bank: Bank, session_ids: Collection[str]) -> None:
    """Fold these sessions again (after one of their assessments was written)."""
    aggregates = _fold(repo, bank, session_ids)
    store.replace_sessions(
        repo.engine, aggregates, fingerprint=fingerprint(bank), decay_per_day=DECAY_PER_DAY
    )


def refresh(repo: Repository, bank: Bank) -> None:
    """Bring the aggregates up to date: nothing to do when they cover every assessment."""
    current = store.state(repo.engine)
    if current.fingerprint != fingerprint(bank):
        rebuild(repo, bank)
        return
    if current.folded == current.assessments:
        return
    try:
        update_sessions(repo, bank, store.stale_sessions(repo.engine))
    except StaleAggregates:  # another process rebuilt for another bank meanwhile
        rebuild(repo, bank)


def trend(repo: Repository, last: int) -> list[TrendPoint]:
    """The last `last` sessions with a judged answer, oldest first (as `session_trend`)."""
    recent = store.recent(repo.engine, last)
    return trend_from(recent, store.topic_totals(repo.engine))
