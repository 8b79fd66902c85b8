"""Fluent but wrong answers: the matching red flag fires and caps the score (issue 12, item 3).

The answers in tests/data/fluent_wrong/answers.yaml were written for this test, one bank red flag
each, across every round.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.bank import load_bank
from app.calibration.dataset import CalibrationItem
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.enums import PLAYABLE_ROUNDS, RoundKind
from app.domain.transcript import Assessment
from app.judge.caps import RED_FLAG_CAP
from app.judge.offline import OfflineJudge
from tests.conftest import DATA, ROOT

CALIBRATED = set(PLAYABLE_ROUNDS) - {RoundKind.DEBUGGING}
"""Debugging is judged from its hidden checks; its calibration items are not written yet."""

ITEMS: list[dict[str, Any]] = yaml.safe_load(
    Path(DATA / "fluent_wrong" / "answers.yaml").read_text(encoding="utf-8")
)["items"]

BANK_ROUNDS = set(PLAYABLE_ROUNDS) - {RoundKind.DEEP_DIVE}
"""Rounds with fixed bank questions (deep-dive questions come from each profile)."""


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


def _judge(bank: Bank, item: dict[str, Any]) -> Assessment:
    ci = CalibrationItem(
        id=item["id"], question_id=item["question_id"], label=1, reason="-", answer=item["answer"]
    )
    return OfflineJudge().score(build_request(ci, bank))


def test_the_set_is_large_and_spans_every_round(bank: Bank) -> None:
    assert len(ITEMS) >= 30
    assert {bank.questions[i["question_id"]].round for i in ITEMS} == BANK_ROUNDS & CALIBRATED
    for i in ITEMS:  # every expected flag is a real flag of its question
        flags = [rf.flag for rf in bank.questions[i["question_id"]].red_flags]
        assert any(f.startswith(i["red_flag"]) for f in flags), i["id"]


def test_the_red_flag_fires_and_nothing_scores_above_lean_no_hire(bank: Bank) -> None:
    fired = 0
    for item in ITEMS:
        a = _judge(bank, item)
        assert (a.overall_level or 1) <= 2, (item["id"], a.weighted_score)
        if any(f.startswith(item["red_flag"]) for f in a.red_flags):
            fired += 1
            assert all((c.level or 1) <= RED_FLAG_CAP for c in a.criteria), item["id"]
    assert fired >= 0.9 * len(ITEMS)
