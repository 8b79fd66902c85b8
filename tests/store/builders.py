"""Domain objects the store tests write and read back: one shape, so each test states only
what it is about (its session, its criteria, its time)."""

from __future__ import annotations

from datetime import datetime

from app.domain.enums import JudgeKind, RoundKind
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan

ONE_QUESTION_PLAN = SessionPlan(
    rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["q"])]
)


def offline_assessment(
    session_id: str, criteria: list[CriterionScore], created_at: datetime
) -> Assessment:
    """An offline estimate of question "q" in round 0 under rubric "r" v2: level 3, score 3.0."""
    return Assessment(
        session_id=session_id,
        round_index=0,
        question_id="q",
        rubric_id="r",
        rubric_version=2,
        judge_kind=JudgeKind.OFFLINE,
        judge_model="h",
        criteria=criteria,
        overall_level=3,
        weighted_score=3.0,
        is_estimate=True,
        created_at=created_at,
    )
