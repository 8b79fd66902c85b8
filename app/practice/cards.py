"""Spaced repetition per question: one fsrs card per question, folded from its assessment history.

A stored card is a cache. `replay` rebuilds it from the question's judged answers (oldest first,
one review per session at the time the answer was first judged, rated from its latest
judgement), and `sync_cards` rebuilds every card whose question's history moved since. So the
cards always equal the fold of the history, whether they were updated when a session finished,
after a rescore, or on a database that predates the cards table.

Scheduler choices: one-day learning and relearning steps instead of fsrs's minutes (practice
sessions are days apart, so a failed question simply comes back the next day, new or mature),
and no interval fuzzing (a rebuild must reproduce the stored card exactly).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler

from app.practice.rating import judged_level, rating_for
from app.practice.when import is_due
from app.store.practice_records import (
    AttemptRecord,
    CardRecord,
    Judgement,
    epoch_seconds,
)
from app.store.repository import Repository

SCHEDULER = Scheduler(
    learning_steps=(timedelta(days=1),),
    relearning_steps=(timedelta(days=1),),
    enable_fuzzing=False,
)
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


def review(
    state: CardState | None,
    question_id: str,
    level: int,
    at: datetime,
    session_id: str | None = None,
) -> CardState:
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
    """The card a question's history produces; None if no answer was ever given a level.

    One review per session (its latest answer), in the order the answers were given.
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


def to_record(
    state: CardState, head: tuple[int, int], rejudged: Sequence[Sequence[Judgement]] = ()
) -> CardRecord:
    """The stored form; `head` is the (newest assessment id, count) the card was folded at, and
    `rejudged` the answers judged more than once (kept so mastery can count them once)."""
    return CardRecord(
        question_id=state.question_id,
        card_json=json.dumps(state.card.to_dict()),
        due=state.due,
        last_review=state.last_review,
        reps=state.reps,
        lapses=state.lapses,
        last_rating=state.last_rating,
        last_assessment_id=head[0],
        judgements=head[1],
        rejudged_json=json.dumps(
            [
                [[j.assessment_id, epoch_seconds(j.at), j.score, j.is_estimate] for j in answer]
                for answer in rejudged
            ]
        ),
    )


def from_record(record: CardRecord) -> CardState:
    return CardState(
        record.question_id,
        Card.from_dict(json.loads(record.card_json)),
        reps=record.reps,
        lapses=record.lapses,
        last_rating=record.last_rating,
    )


def sync_cards(
    repo: Repository, *, heads: Mapping[str, tuple[int, int]] | None = None, force: bool = False
) -> list[CardRecord]:
    """Bring every stored card up to date with the assessments; returns all of them, fresh.

    A card is stale when its question's (newest assessment id, number of assessments) moved:
    a new session, a rescore, or a deleted row. Only stale cards are rebuilt, so this is cheap
    when nothing changed; the planner and the progress report call it before reading cards.
    `heads` saves the query when the caller already has those numbers.
    """
    heads = repo.assessment_heads() if heads is None else heads
    stored = {c.question_id: c for c in repo.review_cards()}
    orphans = [q for q in stored if q not in heads]
    if orphans:
        repo.delete_review_cards(orphans)
    stale = sorted(
        q
        for q, head in heads.items()
        if force or q not in stored or (stored[q].last_assessment_id, stored[q].judgements) != head
    )
    if stale:
        by_question: dict[str, list[AttemptRecord]] = {q: [] for q in stale}
        for a in repo.practice_attempts(stale):
            by_question[a.question_id].append(a)
        rejudged: dict[str, list[list[Judgement]]] = {}
        for answer in repo.rejudged_answers(stale):
            rejudged.setdefault(answer[0].question_id, []).append(answer)
        fresh = [
            to_record(replay(q, by_question[q]) or new_card(q), heads[q], rejudged.get(q, []))
            for q in stale
        ]
        repo.save_review_cards(fresh)
        stored.update((c.question_id, c) for c in fresh)
    return [stored[q] for q in sorted(heads)]


def load_cards(records: Iterable[CardRecord]) -> dict[str, CardState]:
    return {r.question_id: from_record(r) for r in records}


def rebuild_all(repo: Repository) -> int:
    """Rebuild every card from the full history (e.g. after changing the rating mapping)."""
    return len(sync_cards(repo, force=True))


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


def on_cooldown(state: CardState | None, now: datetime, cap: datetime | None) -> bool:
    """A reviewed card that is not due yet: asking it now would defeat the spacing."""
    return state is not None and state.reviewed and not is_due(effective_due(state, cap), now)
