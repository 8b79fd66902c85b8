"""A session plan from explicit ids or a seeded pick. The practice planner supplies smarter ids."""

from __future__ import annotations

import random
from collections.abc import Sequence

from app.domain.bank import Bank
from app.domain.enums import RoundKind, TargetLevel
from app.domain.formats import FORMATS
from app.domain.transcript import RoundPlan, SessionPlan


class PlanError(ValueError):
    pass


def default_minutes(kind: RoundKind) -> int:
    return FORMATS[kind].default_minutes


def build_plan(
    bank: Bank,
    rounds: Sequence[RoundKind],
    *,
    minutes: int | None = None,
    level: TargetLevel = TargetLevel.SENIOR,
    question_ids: Sequence[str] = (),
    seed: int | None = None,
    exclude: Sequence[str] = (),
    recent: Sequence[str] = (),
) -> SessionPlan:
    """`recent` lists question ids asked in earlier sessions, most recent first: the seeded pick
    takes never-asked questions first, then the ones asked longest ago, so a question comes back
    only when its round's pool is used up. Ids given in `question_ids` are always asked."""
    rng = random.Random(seed)
    age = {qid: i for i, qid in reversed(list(enumerate(recent)))}
    wanted = list(dict.fromkeys(question_ids))  # a question is asked once, however often named
    unknown = [q for q in wanted if q not in bank.questions]
    if unknown:
        raise PlanError(f"unknown question id(s): {', '.join(repr(q) for q in unknown)}")
    closing = next(iter(q.id for q in bank.questions.values() if q.closing), None)
    plans: list[RoundPlan] = []
    used: set[str] = set(exclude)
    for kind in rounds:
        fmt = FORMATS[kind]
        mins = minutes if minutes is not None else fmt.default_minutes
        if not fmt.min_minutes <= mins <= fmt.max_minutes:
            raise PlanError(
                f"{kind.value}: --minutes must be between {fmt.min_minutes} and {fmt.max_minutes}"
            )
        count = fmt.question_count(mins)
        explicit = [q for q in wanted if bank.questions[q].round is kind and q not in used]
        pool = [
            q.id
            for q in bank.by_round(kind)
            if q.id not in used and q.id not in explicit and level in q.levels
        ]
        if len(pool) + len(explicit) < count:
            pool += [
                q.id
                for q in bank.by_round(kind)
                if q.id not in used and q.id not in pool and q.id not in explicit
            ]
        rng.shuffle(pool)
        pool.sort(key=lambda q: -age.get(q, len(recent)))  # stable: shuffled within a tier
        chosen = (explicit + pool)[: max(count, len(explicit))]
        if not chosen:
            raise PlanError(f"the bank has no {kind.value} questions")
        used.update(chosen)
        plans.append(
            RoundPlan(kind=kind, minutes=mins, question_ids=chosen, closing_question_id=closing)
        )
    return SessionPlan(rounds=plans, target_level=level.value)
