"""Hints: every question has some, none gives the answer away, the loader locates bad ones,
and the interviewer's brief carries them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank import validate_bank
from app.domain.bank import Bank
from app.domain.interviewing import InterviewerBrief
from app.domain.text import shingles
from tests.bank.question_yaml import HEAD
from tests.conftest import MINI
from tests.engine.turns_data import real_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def test_every_question_has_one_to_three_hints(bank: Bank) -> None:
    assert len(bank.questions) >= 90
    counts = {q.id: len(q.hints) for q in bank.questions.values()}
    assert min(counts.values()) >= 1, [k for k, n in counts.items() if n < 1]
    assert max(counts.values()) <= 3
    assert sum(1 for n in counts.values() if n >= 2) >= 0.8 * len(counts)
    for q in bank.questions.values():
        assert all(len(fu.hints) <= 3 for fu in q.follow_ups)


def test_no_hint_shares_an_8_word_shingle_with_the_answer(bank: Bank) -> None:
    leaks = []
    for q in bank.questions.values():
        answer = shingles(q.model_answer)
        for kp in q.key_points:
            answer |= shingles(kp.point)
        for hint in [*q.hints, *(h for fu in q.follow_ups for h in fu.hints)]:
            if shingles(hint) & answer:
                leaks.append((q.id, hint))
    assert leaks == []


def test_the_shingle_check_sees_a_copied_phrase() -> None:
    answer = "the variance of the dot product grows linearly with the key dimension d_k"
    assert shingles("Note the variance of the dot product grows linearly with size") & shingles(
        answer
    )
    assert not shingles("Think about how big a dot product gets") & shingles(answer)


QUESTION = (
    HEAD
    + """\
    prompt: Why scale attention scores?
    hints:
      - Think about the size of a dot product.
      - {leak}
      - Think about the size of a dot product.
    key_points:
      - point: The variance of the dot product grows linearly with the key dimension d_k.
        criterion: correctness
        signals: [variance]
  - id: q2
    topics: [t]
    difficulty: easy
    levels: [mid]
    rubric: fund
    prompt: Why clip gradients?
    follow_ups:
      - id: a
        ask: And with Adam?
        criterion: correctness
        hints: [one, two, three, four]
"""
)


def test_the_loader_locates_leaking_repeated_and_excess_hints(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    leak = "Recall that the variance of the dot product grows linearly with the key size."
    (bank / "q.yaml").write_text(QUESTION.format(leak=leak))
    errors = [str(e) for e in validate_bank(bank, MINI / "rubrics")]
    path = bank / "q.yaml"
    assert any(
        e.startswith(f"{path}:12: question q1: hints[1]: hint gives the answer away")
        for e in errors
    ), errors
    assert f"{path}:13: question q1: hints[2]: duplicate hint" in errors
    assert any(e.startswith(f"{path}:28: question q2: follow_ups[0].hints:") for e in errors), (
        errors
    )


def test_the_interviewer_brief_carries_hints_but_not_the_answer(bank: Bank) -> None:
    q = bank.questions["fund-attention-scaling"]
    brief = InterviewerBrief.of(q, bank.rubric_for(q))
    assert brief.hints == q.hints
    assert q.model_answer.strip()[:40] not in brief.model_dump_json()
