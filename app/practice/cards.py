"""Spaced repetition per question: one fsrs card per question, folded from its assessment history.

A stored card is a cache. `replay` rebuilds it from the question's scored attempts (oldest first,
one review per session, reviewed at the session's start), and `sync_cards` rebuilds every card
whose newest folded-in assessment is not the question's newest assessment. So the cards always
equal the fold of the history, whether they were updated when a session finished, after a
rescore, or on a database that predates the cards table.

Scheduler choices: no intra-day learning steps (sessions are days apart, a "10 minutes" step
would only mean "due at the next session" anyway, and fsrs then schedules failed cards at one
day), and no interval fuzzing (a rebuild must reproduce the stored card exactly).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler

from app.practice.rating import judged_level, rating_for
from app.store.practice_queries import AttemptRecord, CardRecord
from app.store.repository import Repository

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CardState:
    """An fsrs card plus the counters fsrs 6 no longer keeps (reviews, lapses, last rating)."""

    question_id: str
    card: Card
    reps: int = 0
    lapses: int = 0
    last_rating: int | None = None
    last_session: str | None = None

    @property
    def due(self) -> datetime:
        return _utc(self.card.due)

    @property
    def last_review(self) -> datetime | None:
        return _utc(self.card.last_review) if self.card.last_review is not None else None

    @property
    def reviewed(self) -> bool:
        return self.reps > 0

    @property
    def interval_days(self) -> float | None:
        if self.card.last_review is None:
            return None
        return (self.card.due - self.card.last_review).total_seconds() / 86400.0

    @property
    def stability(self) -> float | None:
        value: float | None = self.card.stability
        return value


def _utc(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def card_id(question_id: str) -> int:
    """Stable id (fsrs otherwise uses the creation time and sleeps 1 ms to keep it unique)."""
    return zlib.crc32(question_id.encode("utf-8"))


def new_card(question_id: str) -> CardState:
    return CardState(question_id, Card(card_id=card_id(question_id), due=_NEVER))


def review(state: CardState | None, question_id: str, level: int, at: datetime,
           session_id: str | None = None) -> CardState:
    """One review: the judged level at time `at` (timezone-aware)."""
    current = state or new_card(question_id)
    rating = rating_for(level)
    card, _log = SCHEDULER.review_card(current.card, rating, review_datetime=at.astimezone(UTC))
    lapse = rating is Rating.Again and current.reviewed
    return CardState(
        question_id,
        card,
        reps=current.reps + 1,
        lapses=current.lapses + (1 if lapse else 0),
        last_rating=int(rating),
        last_session=session_id,
    )


def replay(question_id: str, attempts: Iterable[AttemptRecord]) -> CardState | None:
    """The card a question's history produces; None if no attempt was ever judged.

    One review per session (the latest judgement of it), in order of the sessions' start.
    """
    per_session: dict[str, AttemptRecord] = {}
    for a in attempts:
        if a.question_id != question_id or judged_level(a.level, a.score) is None:
            continue
        prev = per_session.get(a.session_id)
        if prev is None or a.assessment_id > prev.assessment_id:
            per_session[a.session_id] = a
    state: CardState | None = None
    for a in sorted(per_session.values(), key=lambda r: (r.at, r.assessment_id)):
        level = judged_level(a.level, a.score)
        assert level is not None
        state = review(state, question_id, level, a.at, a.session_id)
    return state


def to_record(state: CardState, last_assessment_id: int) -> CardRecord:
    return CardRecord(
        question_id=state.question_id,
        card_json=json.dumps(state.card.to_dict()),
        due=state.due,
        last_review=state.last_review,
        reps=state.reps,
        lapses=state.lapses,
        last_rating=state.last_rating,
        last_assessment_id=last_assessment_id,
    )


def from_record(record: CardRecord) -> CardState:
    return CardState(
        record.question_id,
        Card.from_dict(json.loads(record.card_json)),
        reps=record.reps,
        lapses=record.lapses,
        last_rating=record.last_rating,
    )


def sync_cards(repo: Repository, *, force: bool = False) -> int:
    """Bring every stored card up to date with the assessments; returns how many were rebuilt.

    Cheap when nothing changed (one grouped query over assessment ids), so the planner and the
    progress report call it before reading cards.
    """
    latest = repo.latest_assessment_ids()
    stored = {c.question_id: c for c in repo.review_cards()}
    orphans = [q for q in stored if q not in latest]
    if orphans:
        repo.delete_review_cards(orphans)
    stale = sorted(
        q for q, aid in latest.items()
        if force or q not in stored or stored[q].last_assessment_id != aid
    )
    if not stale:
        return 0
    by_question: dict[str, list[AttemptRecord]] = {q: [] for q in stale}
    for a in repo.practice_attempts(stale):
        by_question[a.question_id].append(a)
    records = [
        to_record(replay(q, by_question[q]) or new_card(q), latest[q]) for q in stale
    ]
    repo.save_review_cards(records)
    return len(records)


def load_cards(repo: Repository) -> dict[str, CardState]:
    return {r.question_id: from_record(r) for r in repo.review_cards()}


def rebuild_all(repo: Repository) -> int:
    """Rebuild every card from the full history (e.g. after changing the rating mapping)."""
    return sync_cards(repo, force=True)


# ---------------------------------------------------------------- due dates


def due_cap(interview_date: date | None, now: datetime) -> datetime | None:
    """Latest due date any card may have: the day before the interview (or today, if that passed).

    Intervals never reach beyond the interview, so everything comes back for a final review. A
    date already in the past is ignored (None).
    """
    if interview_date is None or interview_date < now.date():
        return None
    eve = max(interview_date - timedelta(days=1), now.date())
    return datetime.combine(eve, time.min, tzinfo=now.tzinfo or UTC)


def effective_due(state: CardState, cap: datetime | None) -> datetime:
    return state.due if cap is None else min(state.due, cap)


def is_due(due: datetime, now: datetime) -> bool:
    """Intervals are whole days: a card due any time today (in `now`'s timezone) is due."""
    return due.astimezone(now.tzinfo or UTC).date() <= now.date()


def on_cooldown(state: CardState | None, now: datetime, cap: datetime | None) -> bool:
    """A reviewed card that is not due yet: asking it now would defeat the spacing."""
    return state is not None and state.reviewed and not is_due(effective_due(state, cap), now)


def days_until(due: datetime, now: datetime) -> int:
    return (due.astimezone(now.tzinfo or UTC).date() - now.date()).days


__all__: Sequence[str] = [
    "SCHEDULER",
    "CardState",
    "due_cap",
    "effective_due",
    "is_due",
    "load_cards",
    "on_cooldown",
    "rebuild_all",
    "replay",
    "review",
    "sync_cards",
]
