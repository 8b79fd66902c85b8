"""Everything the planner and the progress report know about a learner, loaded in one place.

`build_state` is pure (the simulation benchmark feeds it synthetic attempts); `load_state` reads
the store, after bringing the cards up to date with the assessments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from app.domain.bank import Bank
from app.practice.cards import CardState, load_cards, sync_cards
from app.practice.mastery import History, fold_history
from app.store.practice_queries import AttemptRecord
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
    sync_cards(repo)
    return build_state(bank, repo.practice_attempts(), load_cards(repo), aware(now))
