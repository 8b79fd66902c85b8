"""Everything the planner and the progress report know about a learner, loaded in one place.

`build_state` is pure (the simulation benchmark feeds it synthetic answers); `load_state` reads
the store: per-question sums in one query, the review cards brought up to date, and the few
answers judged more than once counted once (their ids are kept with the cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.domain.bank import Bank
from app.practice.cards import CardState, load_cards, sync_cards
from app.practice.mastery import (
    DECAY_PER_DAY,
    ESTIMATE_WEIGHT,
    History,
    count_once,
    fold_history,
    history_from_evidence,
)
from app.practice.when import aware
from app.store.practice_records import AttemptRecord, CardRecord
from app.store.repository import Repository


@dataclass(frozen=True)
class PracticeState:
    now: datetime
    history: History
    cards: Mapping[str, CardState]


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
