"""Which of a question's key points and rubric criteria the candidate's text has covered.

The judge's matcher does the matching (judge.hearing.key_point_strengths), so "covered" means
the same thing to the interviewer choosing a follow-up and to the judge scoring the answer.
"""

from __future__ import annotations

from app.domain.acts import Coverage
from app.domain.bank import Question, Rubric
from app.judge.hearing import key_point_strengths

COVERED_AT = 0.5
"""Mean key-point strength at which a criterion counts as covered (one signal per point)."""


def coverage(question: Question, rubric: Rubric, text: str) -> Coverage:
    if text.strip():
        strengths = key_point_strengths(question, rubric, text)
    else:
        strengths = [0.0] * len(question.key_points)
    return from_strengths(question, rubric, strengths)


def from_strengths(question: Question, rubric: Rubric, strengths: list[float]) -> Coverage:
    """Coverage from key-point strengths already computed (see engine.listening)."""
    per: dict[str, list[float]] = {}
    for kp, s in zip(question.key_points, strengths, strict=True):
        per.setdefault(kp.criterion, []).append(s)
    covered = tuple(
        c.id
        for c in rubric.criteria
        if per.get(c.id) and sum(per[c.id]) / len(per[c.id]) >= COVERED_AT
    )
    return Coverage(
        key_points=tuple(strengths),
        covered=covered,
        uncovered=tuple(c.id for c in rubric.criteria if c.id not in covered),
    )
