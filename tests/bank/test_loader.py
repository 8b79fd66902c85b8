"""The loader reports every problem with file and line, and the shipped bank is valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.bank import BankValidationError, load_bank, validate_bank
from tests.conftest import MINI, ROOT

BROKEN = """\
area: broken
round: fundamentals
questions:
  - id: dup-one
    topics: [losses]
    difficulty: easy
    levels: [mid]
    rubric: fund
    prompt: first
  - id: dup-one
    topics: [losses]
    difficulty: easy
    levels: [mid]
    rubric: fund
    prompt: duplicate id
  - id: bad-rubric
    topics: [losses]
    difficulty: easy
    levels: [mid]
    rubric: nope
    prompt: unknown rubric
  - id: bad-criterion
    topics: [losses]
    difficulty: easy
    levels: [mid]
    rubric: fund
    prompt: follow-up names a missing criterion
    follow_ups:
      - id: x
        ask: why?
        criterion: not_a_criterion
  - id: bad-minutes
    topics: [losses]
    difficulty: easy
    levels: [mid]
    rubric: fund
    minutes: 0
    prompt: bad duration
  - id: bad-chain
    topics: [losses]
    difficulty: extreme
    levels: [mid]
    rubric: fund
    prompt: bad difficulty and a chain to nowhere
    follow_ups:
      - {id: a, ask: q, criterion: correctness, after: ghost}
"""


@pytest.fixture
def broken_bank(tmp_path: Path) -> tuple[Path, Path]:
    bank = tmp_path / "bank"
    rubrics = tmp_path / "rubrics"
    shutil.copytree(MINI / "rubrics", rubrics)
    bank.mkdir()
    (bank / "broken.yaml").write_text(BROKEN)
    (bank / "invalid.yaml").write_text(
        "area: x\nround: fundamentals\nquestions:\n  - id: [unclosed\n"
    )
    return bank, rubrics


def test_every_error_is_reported_with_file_and_line(broken_bank: tuple[Path, Path]) -> None:
    bank, rubrics = broken_bank
    errors = [str(e) for e in validate_bank(bank, rubrics)]
    broken = bank / "broken.yaml"
    expected = [
        f"{broken}:10: question dup-one: id: duplicate id",
        f"{broken}:20: question bad-rubric: rubric: unknown rubric id 'nope'",
        f"{broken}:31: question bad-criterion: follow_ups[0].criterion: unknown criterion",
        f"{broken}:37: question bad-minutes: minutes:",
        f"{broken}:41: question bad-chain: difficulty:",
    ]
    for prefix in expected:
        assert any(e.startswith(prefix) for e in errors), (prefix, errors)
    assert any(str(bank / "invalid.yaml") in e and "invalid YAML" in e for e in errors)
    assert len(errors) >= 6


def test_chain_to_missing_follow_up_is_an_error(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "q.yaml").write_text(
        "area: a\nround: fundamentals\nquestions:\n"
        "  - id: q1\n    topics: [t]\n    difficulty: easy\n    levels: [mid]\n"
        "    rubric: fund\n    prompt: p\n    follow_ups:\n"
        "      - {id: a, ask: q, criterion: correctness, after: ghost}\n"
    )
    errors = [str(e) for e in validate_bank(bank, MINI / "rubrics")]
    assert errors == [
        f"{bank / 'q.yaml'}:11: question q1: follow_ups[0].after: "
        "no earlier follow-up 'ghost' to chain after"
    ]


def test_load_raises_with_all_errors(broken_bank: tuple[Path, Path]) -> None:
    with pytest.raises(BankValidationError) as info:
        load_bank(*broken_bank)
    assert len(info.value.errors) >= 6
    assert "problem(s) in the question bank" in str(info.value)


def test_unknown_structure_cue_in_rubric(tmp_path: Path) -> None:
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    text = (
        (MINI / "rubrics" / "fund.yaml")
        .read_text()
        .replace("structure: [quantified]", "structure: [vibes]")
    )
    (rubrics / "fund.yaml").write_text(text)
    errors = [str(e) for e in validate_bank(MINI / "bank", rubrics)]
    assert any(
        "rubric fund: criteria[0].signals.structure[0]: unknown cue 'vibes'" in e for e in errors
    ), errors


def test_shipped_bank_is_valid() -> None:
    assert validate_bank(ROOT / "question_bank", ROOT / "rubrics") == []


def test_a_topic_has_one_spelling_whatever_its_separators(tmp_path: Path) -> None:
    """Progress groups by topic: "class imbalance" and "class-imbalance" must be one topic."""
    bank_dir = tmp_path / "bank"
    shutil.copytree(MINI / "bank", bank_dir)
    (bank_dir / "spelled.yaml").write_text(
        "area: spelled\nround: fundamentals\nquestions:\n"
        "  - id: spelled-one\n    topics: [class imbalance, class_imbalance, early-stopping]\n"
        "    difficulty: easy\n    levels: [mid]\n    rubric: fund\n    prompt: first\n",
        encoding="utf-8",
    )
    bank = load_bank(bank_dir, MINI / "rubrics")
    assert bank.questions["spelled-one"].topics == ["class-imbalance", "early-stopping"]


def test_the_shipped_bank_writes_each_topic_as_the_app_shows_it() -> None:
    bank = load_bank(ROOT / "question_bank", ROOT / "rubrics")
    written = {
        t.strip()
        for path in (ROOT / "question_bank").rglob("*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("topics: [")
        for t in line.split("[", 1)[1].rstrip("] ").split(",")
    }
    shown = {t for q in bank.questions.values() for t in q.topics}
    assert written == shown


def test_anchors_and_aliases_are_refused_at_their_line_before_any_walk(tmp_path: Path) -> None:
    """Nested aliases ("a billion laughs") expand a few lines into 9**9 strings: refused."""
    bank_dir = tmp_path / "bank"
    shutil.copytree(MINI / "bank", bank_dir)
    laughs = "area: x\nround: fundamentals\nquestions: []\na: &a [lol, lol, lol, lol, lol]\n"
    for i in range(1, 9):
        name, prev = chr(97 + i), chr(96 + i)
        laughs += f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    (bank_dir / "laughs.yaml").write_text(laughs, encoding="utf-8")
    errors = [str(e) for e in validate_bank(bank_dir, MINI / "rubrics")]
    assert any(
        e.startswith(f"{bank_dir / 'laughs.yaml'}:4:") and "anchors and aliases" in e
        for e in errors
    ), errors


def test_a_rubric_file_that_fails_comes_first_and_its_questions_are_one_line(
    tmp_path: Path,
) -> None:
    bank_dir, rubrics = tmp_path / "bank", tmp_path / "rubrics"
    shutil.copytree(ROOT / "question_bank", bank_dir)
    shutil.copytree(ROOT / "rubrics", rubrics)
    (rubrics / "behavioral.yaml").write_text("- not\n- a mapping\n", encoding="utf-8")
    errors = [str(e) for e in validate_bank(bank_dir, rubrics)]
    assert errors[0].startswith(f"{rubrics / 'behavioral.yaml'}:1: file:"), errors[:2]
    unknown = [e for e in errors if "unknown rubric id 'behavioral'" in e]
    assert len(unknown) == 1 and "more question(s)" in unknown[0]
