"""The planner and the story bank: behavioral rounds go first to the categories where the
candidate has no strong story yet (none written, or none told at lean hire or better).

Only behavioral rounds change, and only their choice among the bank's own questions: a gap
question moves to the front, and when the round has none, its last pick gives way to one.
"""

from __future__ import annotations

from app.domain.bank import Bank
from app.domain.enums import RoundKind
from app.domain.labels import STORY_CATEGORY_LABELS
from app.domain.profile import Profile, StoryCategory, StoryTelling
from app.domain.transcript import RoundPlan
from app.profile.stories import category_of_topics, weak_categories


def gap_reason(categories: list[StoryCategory]) -> str:
    names = ", ".join(STORY_CATEGORY_LABELS[c] for c in categories)
    return f"Story bank: no strong story yet for {names}."


def fill_gaps(
    bank: Bank,
    rounds: list[RoundPlan],
    reasons: dict[str, str],
    profile: Profile | None,
    tellings: list[StoryTelling],
) -> tuple[list[RoundPlan], list[str]]:
    """(rounds with gap questions first, notes). Without a profile nothing changes."""
    if profile is None or not any(r.kind is RoundKind.BEHAVIORAL for r in rounds):
        return rounds, []
    weak = weak_categories(profile.stories, tellings)
    if not weak:
        return rounds, ["Story bank: every category has a strong story."]
    planned = {q for r in rounds for q in r.question_ids}
    out: list[RoundPlan] = []
    for r in rounds:
        out.append(_round(bank, r, weak, planned, reasons) if r.kind is RoundKind.BEHAVIORAL else r)
    return out, [gap_reason(weak)]


def _gaps_of(bank: Bank, qid: str, weak: list[StoryCategory]) -> list[StoryCategory]:
    return [c for c in category_of_topics(bank.questions[qid].topics) if c in weak]


def _round(
    bank: Bank,
    r: RoundPlan,
    weak: list[StoryCategory],
    planned: set[str],
    reasons: dict[str, str],
) -> RoundPlan:
    ids = list(r.question_ids)
    if not any(_gaps_of(bank, q, weak) for q in ids):
        spare = next(
            (
                q.id
                for q in bank.by_round(RoundKind.BEHAVIORAL)
                if q.id not in planned and _gaps_of(bank, q.id, weak)
            ),
            None,
        )
        if spare is not None:
            reasons.pop(ids[-1], None)
            ids[-1] = spare
            planned.add(spare)
    ids.sort(key=lambda q: 0 if _gaps_of(bank, q, weak) else 1)  # stable: keeps the order
    for q in ids:
        if gaps := _gaps_of(bank, q, weak):
            reasons[q] = f"{gap_reason(gaps)} {reasons.get(q, '')}".strip()
    return r.model_copy(update={"question_ids": ids})
