"""The labelled set: its format, its validation messages, its split rule, and what it covers."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from app.calibration.dataset import (
    SPECIAL_TAGS,
    CalibrationError,
    CalibrationSet,
    assign_splits,
    check_questions,
    load_set,
)
from app.domain.bank import Bank
from app.domain.enums import PLAYABLE_ROUNDS, RoundKind
from app.domain.text import words

CALIBRATED = set(PLAYABLE_ROUNDS) - {RoundKind.DEBUGGING}
"""Debugging is judged from its hidden checks; its calibration items are not written yet."""


def test_bundled_set_size_rounds_and_levels(bundled: CalibrationSet, bank: Bank) -> None:
    items = bundled.items
    assert len(items) >= 60
    assert check_questions(bundled, bank.questions) == []
    rounds = Counter(bank.questions[i.question_id].round for i in items)
    # deep-dive questions are built from each candidate's own profile: no fixed ids to label
    assert set(rounds) == CALIBRATED - {RoundKind.DEEP_DIVE}
    assert all(n >= 15 for n in rounds.values()), rounds
    levels = Counter(i.label for i in items)
    assert all(levels[lv] >= len(items) // 6 for lv in (1, 2, 3, 4)), levels
    assert all(i.reason.strip() and "\n" not in i.reason.strip() for i in items)


def test_bundled_set_has_every_hard_case(bundled: CalibrationSet) -> None:
    tags = Counter(t for i in bundled.items for t in i.tags)
    for tag in SPECIAL_TAGS:
        assert tags[tag] >= 3, f"too few {tag!r} items"
    # levels are not a function of length: long answers that deserve little, short that earn a lot
    long_low = [i for i in bundled.items if i.label <= 2 and len(words(i.candidate_text)) >= 150]
    short_high = [i for i in bundled.items if i.label >= 3 and len(words(i.candidate_text)) <= 110]
    assert len(long_low) >= 8 and len(short_high) >= 8


WHOLE_BATCHES = ("b4-", "b5-", "b6-", "b7-", "b8-", "b9a-", "b9b-", "b10a-", "b10b-", "b11", "b12")
"""Batches written to check generalisation: each sits whole in one split (README.md)."""


def test_holdout_is_a_stratified_third(bundled: CalibrationSet) -> None:
    by_rule = [i for i in bundled.items if not i.id.startswith(WHOLE_BATCHES)]
    for level in (1, 2, 3, 4):
        group = [i for i in by_rule if i.label == level]
        held = sum(1 for i in group if i.split == "holdout")
        assert 0.25 <= held / len(group) <= 0.40, (level, held, len(group))
    for tag in ("padded", "injection", "short-expert", "long-shallow"):
        splits = {i.split for i in by_rule if tag in i.tags}
        assert splits == {"tune", "holdout"}, tag


def test_split_rule_is_deterministic_and_independent_of_order(bundled: CalibrationSet) -> None:
    items = [i for i in bundled.items if not i.id.startswith(WHOLE_BATCHES)]
    forward = assign_splits(items)
    assert forward == assign_splits(list(reversed(items)))
    assert Counter(forward.values())["holdout"] == pytest.approx(len(items) / 3, abs=4)


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_jsonl_with_turns_and_derived_splits(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {
            "id": f"x{n}",
            "question_id": "fund-train5-val25",
            "label": 1 + n % 4,
            "reason": "r",
            "answer": f"answer {n}",
        }
        for n in range(6)
    ]
    rows.append(
        {
            "id": "t",
            "question_id": "sd-rag-enterprise-search",
            "label": 3,
            "reason": "r",
            "answer": [
                {"role": "candidate", "text": "How many documents?"},
                {"role": "interviewer", "text": "Two million."},
                {"role": "candidate", "text": "Then hybrid retrieval."},
            ],
        }
    )
    cal = load_set(_write_jsonl(tmp_path / "mine.jsonl", rows))
    assert len(cal.items) == 7
    assert {i.split for i in cal.items} <= {"tune", "holdout"}
    turn_item = next(i for i in cal.items if i.id == "t")
    assert turn_item.candidate_text == "How many documents?\n\nThen hybrid retrieval."
    assert len(cal.split("all")) == 7


def test_every_problem_is_reported_with_its_item(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "items:\n"
        "  - {id: a, question_id: q, label: 5, reason: r, answer: x}\n"
        "  - {id: b, question_id: q, label: 2, answer: x}\n"
        "  - {id: a, question_id: q, label: 2, reason: r, answer: x, colour: red}\n"
        "  - {id: c, question_id: q, label: 2, reason: r, answer: x}\n"
        "  - {id: c, question_id: q, label: 2, reason: r, answer: y}\n",
        encoding="utf-8",
    )
    with pytest.raises(CalibrationError) as err:
        load_set(bad)
    text = "\n".join(err.value.problems)
    assert "item 1 (a): label" in text
    assert "item 2 (b): reason: Field required" in text
    assert "item 3 (a): colour" in text
    assert "item 5 (c): id: duplicate" in text
    with pytest.raises(CalibrationError, match="no such file"):
        load_set(tmp_path / "missing.yaml")


def test_unknown_questions_are_named(tmp_path: Path, bank: Bank) -> None:
    cal = load_set(
        _write_jsonl(
            tmp_path / "q.jsonl",
            [
                {
                    "id": "z",
                    "question_id": "no-such-question",
                    "label": 2,
                    "reason": "r",
                    "answer": "a",
                },
            ],
        )
    )
    assert check_questions(cal, bank.questions) == [
        "z: question_id: 'no-such-question' is not in the question bank"
    ]


def test_a_file_that_is_not_text_is_named_with_its_line(tmp_path: Path) -> None:
    good = "items: []\n# fine so far\n"
    (tmp_path / "bin.yaml").write_bytes(good.encode() + b"\xd7\xff\x00 binary")
    with pytest.raises(CalibrationError) as caught:
        load_set(tmp_path)
    assert caught.value.problems == [
        f"{tmp_path / 'bin.yaml'}: line 3: cannot read: not UTF-8 text (byte 24)"
    ]
