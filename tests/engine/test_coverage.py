"""Coverage of key points and criteria uses the judge's matcher, so the two never disagree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.bank import Bank
from app.domain.enums import Phase, Role, TurnKind
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Turn
from app.engine.coverage import coverage
from app.judge.offline import OfflineJudge
from tests.engine.turns_data import real_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def test_an_answer_naming_some_points_covers_those_criteria_only(bank: Bank) -> None:
    q = bank.questions["sd-recommendation-system"]
    text = (
        "I'd optimise long-term retention and time spent, with guardrails on not-interested taps. "
        "For candidate generation I would train a two-tower model, because it lets us retrieve a "
        "few hundred items quickly from an ANN index, and then a heavier multi-task ranker "
        "orders them."
    )
    got = coverage(q, bank.rubric_for(q), text)
    assert {"requirements_metrics", "architecture"} <= set(got.covered)
    assert "failure_modes" in got.uncovered
    assert got.is_covered("architecture") and not got.is_covered("failure_modes")


def test_nothing_is_covered_by_an_empty_or_off_topic_turn(bank: Bank) -> None:
    q = bank.questions["fund-attention-scaling"]
    for text in ("", "ok", "I don't know."):
        got = coverage(q, bank.rubric_for(q), text)
        assert got.covered == ()
        assert set(got.key_points) == {0.0}


def test_coverage_agrees_with_the_judge(bank: Bank) -> None:
    q = bank.questions["fund-calibration"]
    text = (
        "Calibrated means predictions of 0.8 come true 80% of the time. I'd draw a reliability "
        "diagram and compute ECE, then fix it with Platt scaling or isotonic regression."
    )
    got = coverage(q, bank.rubric_for(q), text)
    turn = Turn(
        seq=1,
        round_index=0,
        role=Role.CANDIDATE,
        kind=TurnKind.ANSWER,
        text=text,
        phase=Phase.QUESTIONS,
        question_id=q.id,
        at_s=10.0,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    judged = OfflineJudge().score(
        JudgeRequest(
            session_id="s", round_index=0, question=q, rubric=bank.rubric_for(q), exchange=[turn]
        )
    )
    # what the interviewer counts as covered is what the judge credits at lean hire or above,
    # and what it counts as missing is exactly what the judge says a strong answer adds
    credited = {c.criterion for c in judged.criteria if c.level is not None and c.level >= 3}
    assert set(got.covered) == credited
    missing = [
        kp.point.strip() for kp, s in zip(q.key_points, got.key_points, strict=True) if s == 0
    ]
    assert missing == judged.to_strong_hire
