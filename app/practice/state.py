"""Everything the planner and the progress report know about a learner, loaded in one place.

`build_state` is pure (the simulation benchmark feeds it synthetic answers); `load_state` reads
the store: per-question sums in one query, the review cards brought up to date, and the few
answers judged more than once counted once (their ids are kept with the cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.domain.bank import Bank
from app.practice.cards import CardState, load_cards, rejudged_answers, sync_cards
from app.practice.mastery import (
    DECAY_PER_DAY,
    ESTIMATE_WEIGHT,
    History,
    QuestionEvidence,
    fold_history,
    history_from_evidence,
    weight_s,
)
from app.store.practice_queries import AttemptRecord, CardRecord, QuestionTotals, epoch_seconds
from app.store.repository import Repository


@dataclass(frozen=True)
class PracticeState:
    now: datetime
    history: History
    cards: Mapping[str, CardState]


def aware(now: datetime | None) -> datetime:
    """`now` as a timezone-aware datetime (naive values are taken as UTC)."""
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def build_state(
    bank: Bank,
    attempts: Iterable[AttemptRecord],
    cards: Mapping[str, CardState],
    now: datetime,
) -> PracticeState:
    return PracticeState(now, fold_history(bank, attempts, now), cards)


def load_state(repo: Repository, bank: Bank, now: datetime | None = None) -> PracticeState:
    when = aware(now)
    history, records = load_history(repo, bank, when)
    return PracticeState(when, history, load_cards(records))


def load_history(repo: Repository, bank: Bank, now: datetime) -> tuple[History, list[CardRecord]]:
    """Mastery from the stored assessments, and the (synced) card records it used."""
    totals = repo.question_totals(now, decay_per_day=DECAY_PER_DAY, estimate_weight=ESTIMATE_WEIGHT)
    records = sync_cards(
        repo, heads={t.question_id: (t.latest_assessment_id, t.judgements) for t in totals}
    )
    return history_from_evidence(bank, count_once(totals, records, now)), records


def count_once(
    totals: Sequence[QuestionTotals], records: Sequence[CardRecord], now: datetime
) -> list[QuestionEvidence]:
    """Totals over judgements -> evidence over answers.

    For an answer judged more than once, the totals counted every judgement at its own time;
    replace them with the latest judgement, dated by the first (when the answer was given).
    """
    now_s = epoch_seconds(now)
    sums = {t.question_id: [t.weight, t.weighted_score, float(t.judgements)] for t in totals}
    for record in records:
        acc = sums.get(record.question_id)
        if acc is None or record.rejudged_json == "[]":
            continue
        for answer in rejudged_answers(record):
            for _aid, at_s, score, est in answer:
                if score is not None:
                    w = weight_s(at_s, est, now_s)
                    acc[0] -= w
                    acc[1] -= w * score
            _aid, _at, score, est = max(answer)  # the latest judgement (highest id)...
            if score is not None:
                w = weight_s(min(j[1] for j in answer), est, now_s)  # ...dated by the first
                acc[0] += w
                acc[1] += w * score
            acc[2] -= len(answer) - 1
    last = {r.question_id: r.last_review for r in records}
    return [
        QuestionEvidence(q, int(acc[2]), last.get(q), max(0.0, acc[0]), max(0.0, acc[1]))
        for q, acc in sums.items()
    ]
