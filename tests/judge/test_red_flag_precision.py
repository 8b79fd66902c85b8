"""A red flag is the candidate's own claim: reported ("many tutorials claim ..."), rejected
("..., which is incorrect"), asked, counterfactual ("it would have been easy to say ...") or
named with its harm, a mistake is not made, and neither the interviewer challenges it nor the
judge caps for it (tests/data/red_flag_precision)."""

from __future__ import annotations

import pytest
import yaml

from app.domain.bank import Bank
from app.judge.hearing import hear
from tests.conftest import DATA

CASES = yaml.safe_load((DATA / "red_flag_precision" / "near_misses.yaml").read_text("utf-8"))


def _claims(bank: Bank, qid: str, text: str) -> list[str]:
    q = bank.questions[qid]
    return hear(q, bank.rubric_for(q), text).claims


@pytest.mark.parametrize(
    ("qid", "text"), [(q, t) for q, ts in CASES["correct"].items() for t in ts]
)
def test_a_mistake_named_but_not_made_is_no_claim(real_bank: Bank, qid: str, text: str) -> None:
    assert _claims(real_bank, qid, text) == []


@pytest.mark.parametrize(("qid", "text"), [(q, t) for q, ts in CASES["stated"].items() for t in ts])
def test_a_mistake_made_is_a_claim(real_bank: Bank, qid: str, text: str) -> None:
    assert _claims(real_bank, qid, text) == [text]
