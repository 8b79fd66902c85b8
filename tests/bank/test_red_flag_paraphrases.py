"""Red flags catch the wrong claim in a candidate's own words, and not the right one.

tests/data/red_flag_paraphrases/*.yaml hold, for every red flag of the bank's answer-judged
questions, sentences in which different candidates state that mistake in their own words
(`states`) and correct sentences on the same topic, some naming the mistake to reject it
(`correct`). They were written to widen the signals, by writers who never saw a calibration item,
so a signal added for them is not tuned to the labelled set. A signal that stops catching a
paraphrase, or starts firing on a correct sentence, fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.bank import Bank, Question
from app.domain.enums import RoundKind
from app.judge.reading import read
from app.judge.redflags import fired
from tests.conftest import DATA
from tests.engine.turns_data import real_bank

FILES = sorted((DATA / "red_flag_paraphrases").glob("*.yaml"))
ANSWER_JUDGED = {RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL}
"""Rounds judged from what the candidate says (coding and debugging: from hidden checks)."""
STATES_FIRED_AT = 0.9
"""Share of paraphrases whose flag must fire: a few honest paraphrases are beyond phrase
matching (the claim is only implied), and bending a signal to reach them would misfire."""


def _entries() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in FILES:
        out += yaml.safe_load(Path(path).read_text(encoding="utf-8"))["entries"]
    return out


ENTRIES = _entries()


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def _fired(q: Question, text: str) -> list[str]:
    return fired(q, read(text, [kp.signals for kp in q.key_points], []))


def _flag(q: Question, prefix: str) -> str:
    matches = [rf.flag for rf in q.red_flags if rf.flag.startswith(prefix)]
    assert len(matches) == 1, (q.id, prefix, matches)
    return matches[0]


def test_every_answer_judged_red_flag_has_paraphrases(bank: Bank) -> None:
    covered = {
        (e["question_id"], _flag(bank.questions[e["question_id"]], e["flag"])) for e in ENTRIES
    }
    wanted = {
        (q.id, rf.flag)
        for q in bank.questions.values()
        if q.round in ANSWER_JUDGED
        for rf in q.red_flags
    }
    assert wanted and wanted <= covered, sorted(wanted - covered)[:5]
    for e in ENTRIES:
        assert len(e["states"]) >= 4 and len(e["correct"]) >= 2, (e["question_id"], e["flag"])


def test_paraphrases_fire_their_flag(bank: Bank) -> None:
    missed: list[tuple[str, str]] = []
    total = 0
    for e in ENTRIES:
        q = bank.questions[e["question_id"]]
        flag = _flag(q, e["flag"])
        for text in e["states"]:
            total += 1
            if flag not in _fired(q, text):
                missed.append((q.id, text))
    assert total >= 700
    assert 1 - len(missed) / total >= STATES_FIRED_AT, missed[:10]


def test_correct_sentences_fire_no_flag(bank: Bank) -> None:
    false = [
        (e["question_id"], text, hits)
        for e in ENTRIES
        for text in e["correct"]
        if (hits := _fired(bank.questions[e["question_id"]], text))
    ]
    assert false == []
