"""The overall from stored assessments: hand-computed values for questions, rounds, sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.enums import JudgeKind, RoundKind
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan
from app.judge.overall import (
    CLOSING_WEIGHT,
    planned_minutes,
    question_score,
    round_score,
    session_overall,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CLOSING = "bh-closing-questions"


def assessed(
    qid: str, levels: list[tuple[int | None, float]], *, round_index: int = 0, minute: int = 0
) -> Assessment:
    return Assessment(
        session_id="s",
        round_index=round_index,
        question_id=qid,
        rubric_id="r",
        rubric_version=1,
        judge_kind=JudgeKind.OFFLINE,
        criteria=[
            CriterionScore(criterion=f"c{n}", level=lv, weight=w)
            for n, (lv, w) in enumerate(levels)
        ],
        created_at=T0 + timedelta(minutes=minute),
    )


def test_question_score_is_the_weighted_mean_of_observed_criteria() -> None:
    a = assessed("q", [(4, 3), (2, 1), (None, 2)])
    assert question_score(a) == pytest.approx((4 * 3 + 2 * 1) / 4)  # 3.5; not observed left out
    assert question_score(assessed("q", [(None, 1)])) is None


def test_planned_minutes_come_from_the_round_format() -> None:
    assert (
        planned_minutes(RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=["a"])) == 8
    )
    assert (
        planned_minutes(RoundPlan(kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["a"]))
        == 41
    )
    assert (
        planned_minutes(RoundPlan(kind=RoundKind.BEHAVIORAL, minutes=45, question_ids=["a"])) == 10
    )


def test_closing_moves_a_round_by_its_weight_only() -> None:
    design = RoundPlan(
        kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["sd"], closing_question_id=CLOSING
    )
    got = round_score(0, design, [assessed("sd", [(4, 1)]), assessed(CLOSING, [(1, 1)])])
    assert (got.technical, got.closing) == (4.0, 1.0)
    assert got.score == pytest.approx(4.0 - CLOSING_WEIGHT * 3)  # 3.70, not 2.50
    assert got.minutes == 41


def test_rescored_question_counts_once_with_its_newest_assessment() -> None:
    plan = RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=["a", "b"])
    got = round_score(
        0,
        plan,
        [
            assessed("a", [(1, 1)], minute=1),
            assessed("b", [(3, 1)], minute=2),
            assessed("a", [(4, 1)], minute=9),
        ],
    )
    assert got.technical == 3.5


def test_session_overall_weights_rounds_by_planned_minutes_over_all_assessments() -> None:
    plan = SessionPlan(
        rounds=[
            RoundPlan(
                kind=RoundKind.FUNDAMENTALS,
                minutes=45,
                question_ids=["f1", "f2"],
                closing_question_id=CLOSING,
            ),
            RoundPlan(kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["sd"]),
        ]
    )
    before_quit = [assessed("f1", [(4, 3), (3, 1)])]  # 3.75
    after_resume = [
        assessed("f2", [(2, 1)]),  # 2.0
        assessed(CLOSING, [(3, 1)]),
        assessed("sd", [(3, 2), (None, 1), (1, 2)], round_index=1),  # 2.0
    ]
    got = session_overall(plan, before_quit + after_resume)
    fund = 0.9 * (3.75 + 2.0) / 2 + 0.1 * 3  # 2.8875 -> 2.89
    assert [r.score for r in got.rounds] == [round(fund, 2), 2.0]
    assert got.rounds[0].minutes == 16 and got.rounds[1].minutes == 41
    assert got.overall == round((2.89 * 16 + 2.0 * 41) / 57, 2)  # 2.25
    # resuming must not forget what was scored before the quit
    assert session_overall(plan, after_resume).overall != got.overall


def test_behavioral_round_is_the_mean_of_both_stories_not_the_last() -> None:
    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.BEHAVIORAL, minutes=45, question_ids=["b1", "b2"])]
    )
    got = session_overall(plan, [assessed("b1", [(4, 1)]), assessed("b2", [(2, 1)])])
    assert got.overall == 3.0


def test_nothing_scored_has_no_overall() -> None:
    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=["a"])]
    )
    assert session_overall(plan, []).overall is None
