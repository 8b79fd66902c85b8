"""Session order: technical and behavioral interleaved wherever the rounds allow it.

Across rounds, a loop of several rounds alternates technical (fundamentals, system design) and
behavioral rounds, keeping the chosen order otherwise: switching register is what a real loop
does, and it keeps a long practice session from turning into one long exam.

Inside a round every question is of the round's kind, so the alternation there is of flavour:
technical rounds alternate topic areas; behavioral rounds alternate stories about technical work
(their topics also appear in technical questions: debugging, evaluation, monitoring...) with
stories about people (conflict, feedback, mentoring). The planner's priority order is kept
wherever it does not put two questions of the same flavour back to back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from app.domain.bank import Bank, Question
from app.domain.enums import RoundKind

T = TypeVar("T")


def is_technical(kind: RoundKind) -> bool:
    return kind is not RoundKind.BEHAVIORAL


def alternate(items: Sequence[T], flavour: Callable[[T], object]) -> list[T]:
    """Stable greedy: the first remaining item whose flavour differs from the previous one."""
    rest = list(items)
    out: list[T] = []
    while rest:
        prev = flavour(out[-1]) if out else None
        index = next((i for i, item in enumerate(rest) if flavour(item) != prev), 0)
        out.append(rest.pop(index))
    return out


def interleave_rounds(rounds: Sequence[RoundKind]) -> list[RoundKind]:
    return alternate(rounds, is_technical)


def technical_topics(bank: Bank) -> frozenset[str]:
    return frozenset(
        t for q in bank.questions.values() if q.round is not RoundKind.BEHAVIORAL for t in q.topics
    )


def order_round(questions: Sequence[Question], technical: frozenset[str]) -> list[Question]:
    def flavour(q: Question) -> str:
        if q.round is RoundKind.BEHAVIORAL:
            return "technical" if technical.intersection(q.topics) else "people"
        return q.area

    return alternate(questions, flavour)
