"""Scores above one criterion: a question, a round, a session. Pure functions of what was judged.

Why pure: a resumed session must reach the same overall as an uninterrupted one, so the overall
is never a running total kept by the engine; it is recomputed from every stored assessment.

The rules:
- A question's score is the weighted mean of its criteria's levels (rubric weights). A criterion
  that was "not observed" (level None: the question gave no opportunity) is left out, not
  counted as a zero; a question with no observed criterion has no score.
- A round's technical score is the weighted mean of its technical questions' scores, each
  weighted by its planned minutes (the per-question budget of the round's format in
  `app.domain.formats`, the same budget the engine paces with). Questions that were planned but
  never answered carry no weight.
- The closing "questions for me?" segment is scored and reported on its own and enters the
  round with a small, fixed weight: `CLOSING_WEIGHT` = 0.1 of the round score. So it can move a
  round by at most 0.1 x (closing - technical), never more than 0.3 of a level; a 4.00 design
  round with a 1.00 closing is 3.70, not 2.50.
- The session overall is the mean of the round scores, each weighted by its planned technical
  minutes, so a 45-minute design round weighs as much as its minutes say.
- When a question was judged more than once (rescoring), the newest assessment counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.formats import FORMATS
from app.domain.transcript import Assessment, RoundPlan, SessionPlan

CLOSING_WEIGHT = 0.1
"""Share of a round's score that the closing "questions for me?" segment carries."""


@dataclass(frozen=True)
class RoundScore:
    """One round: the technical score, the closing segment's own score, and their blend."""

    round_index: int
    technical: float | None
    closing: float | None
    score: float | None
    minutes: float  # planned technical minutes of the scored questions: the round's weight


@dataclass(frozen=True)
class SessionScore:
    rounds: list[RoundScore]
    overall: float | None


def _round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def question_score(assessment: Assessment) -> float | None:
    """Weighted mean of the observed criteria (level None is "not observed" and left out)."""
    observed = [(c.level, c.weight) for c in assessment.criteria if c.level is not None]
    total = sum(w for _, w in observed)
    if not observed or total <= 0:
        return None
    return sum(level * w for level, w in observed) / total


def planned_minutes(round_plan: RoundPlan) -> float:
    """Minutes the round's format budgets for each of its technical questions."""
    fmt = FORMATS[round_plan.kind]
    return fmt.question_budget_s(round_plan.minutes) / 60


def _newest(assessments: Iterable[Assessment]) -> dict[tuple[int, str], Assessment]:
    """The newest assessment per (round, question); on equal or missing times, the later one."""
    floor = datetime.min
    latest: dict[tuple[int, str], Assessment] = {}
    for a in assessments:
        key = (a.round_index, a.question_id)
        old = latest.get(key)
        if old is None:
            latest[key] = a
            continue
        old_t = (old.created_at or floor).replace(tzinfo=None)
        new_t = (a.created_at or floor).replace(tzinfo=None)
        if new_t >= old_t:
            latest[key] = a
    return latest


def _weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if pairs and total > 0 else None


def round_score(
    round_index: int, round_plan: RoundPlan, assessments: Iterable[Assessment]
) -> RoundScore:
    """The round's technical score (minutes-weighted), its closing score, and the blend."""
    mine = [a for a in _newest(assessments).values() if a.round_index == round_index]
    minutes = planned_minutes(round_plan)
    technical: list[tuple[float, float]] = []
    closing: float | None = None
    for a in mine:
        score = question_score(a)
        if score is None:
            continue
        if round_plan.closing_question_id is not None and a.question_id == (
            round_plan.closing_question_id
        ):
            closing = score
        elif a.question_id in round_plan.question_ids:
            technical.append((score, minutes))
    tech = _weighted_mean(technical)
    if tech is None:
        blended = closing
    elif closing is None:
        blended = tech
    else:
        blended = (1 - CLOSING_WEIGHT) * tech + CLOSING_WEIGHT * closing
    return RoundScore(
        round_index=round_index,
        technical=_round2(tech),
        closing=_round2(closing),
        score=_round2(blended),
        minutes=sum(w for _, w in technical),
    )


def session_overall(plan: SessionPlan, assessments: Iterable[Assessment]) -> SessionScore:
    """Every round's score and the session overall, from ALL the assessments given.

    A round with only a closing score (no technical question scored) counts with the weight of
    one planned question, so it is neither lost nor inflated.
    """
    given = list(assessments)
    rounds = [round_score(i, rp, given) for i, rp in enumerate(plan.rounds)]
    pairs: list[tuple[float, float]] = []
    for r, rp in zip(rounds, plan.rounds, strict=True):
        if r.score is not None:
            pairs.append((r.score, r.minutes or planned_minutes(rp)))
    return SessionScore(rounds=rounds, overall=_round2(_weighted_mean(pairs)))
