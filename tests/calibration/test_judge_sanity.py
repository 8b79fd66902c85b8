"""Issue 3's judge sanity check: strong > weak, and padding with buzzwords does not pay.

The answers live in tests/data/judge_sanity/answers.yaml and were written for this test, apart
from the calibration set the offline judge was tuned on.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.calibration.dataset import CalibrationItem
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.enums import PLAYABLE_ROUNDS, RoundKind
from app.judge.offline import OfflineJudge
from tests.conftest import DATA

CALIBRATED = set(PLAYABLE_ROUNDS) - {RoundKind.DEBUGGING}
"""Debugging is judged from its hidden checks; its calibration items are not written yet."""

SANITY = DATA / "judge_sanity" / "answers.yaml"

BANK_ROUNDS = set(PLAYABLE_ROUNDS) - {RoundKind.DEEP_DIVE}
"""Rounds with fixed bank questions (deep-dive questions come from each profile)."""


def _cases() -> list[dict[str, Any]]:
    doc = yaml.safe_load(Path(SANITY).read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = doc["questions"]
    return cases


def _weighted(bank: Bank, question_id: str, text: str) -> float:
    item = CalibrationItem(id="x", question_id=question_id, label=1, reason="-", answer=text)
    assessment = asyncio.run(OfflineJudge().assess(build_request(item, bank)))
    assert assessment.weighted_score is not None
    return assessment.weighted_score


def test_the_set_spans_ten_questions_and_every_round(bank: Bank) -> None:
    cases = _cases()
    assert len(cases) >= 10
    rounds = {bank.questions[c["question_id"]].round for c in cases}
    assert rounds == BANK_ROUNDS & CALIBRATED
    for c in cases:
        assert c["padded"].startswith(c["weak"].strip())  # the weak answer, then the padding


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["question_id"])
def test_strong_beats_weak_and_padding_does_not_pay(case: dict[str, Any], bank: Bank) -> None:
    qid = case["question_id"]
    strong = _weighted(bank, qid, case["strong"])
    weak = _weighted(bank, qid, case["weak"])
    padded = _weighted(bank, qid, case["padded"])
    assert strong > weak, (qid, strong, weak)
    assert padded <= strong, (qid, padded, strong)
