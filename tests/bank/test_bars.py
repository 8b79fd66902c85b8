"""Rubric level bars: every shipped criterion has mid, senior and staff; a bar that misses a
level, falls as the level rises or names an unknown level is an error at its file and line."""

from __future__ import annotations

from pathlib import Path

from app.bank import load_bank, validate_bank
from app.domain.enums import TargetLevel
from tests.conftest import MINI, ROOT

LEVELS = (
    "    levels: {no_hire: wrong, lean_no_hire: vague, lean_hire: right, "
    "strong_hire: right and deep}\n"
)


def _rubrics_with(tmp_path: Path, bars: str) -> Path:
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    for f in (MINI / "rubrics").glob("*.yaml"):
        (rubrics / f.name).write_text(f.read_text())
    text = (rubrics / "fund.yaml").read_text()
    assert LEVELS in text
    (rubrics / "fund.yaml").write_text(text.replace(LEVELS, LEVELS + bars, 1))
    return rubrics


def test_every_shipped_criterion_has_three_rising_bars() -> None:
    bank = load_bank(ROOT / "question_bank", ROOT / "rubrics")
    for rubric in bank.rubrics.values():
        for c in rubric.criteria:
            assert set(c.bars) == set(TargetLevel), (rubric.id, c.id)
            levels = [c.bars[t].level for t in TargetLevel]
            assert levels == sorted(levels), (rubric.id, c.id)
            assert all(c.bars[t].expect.strip() for t in TargetLevel)


def test_a_missing_level_is_named_with_its_line(tmp_path: Path) -> None:
    bars = (
        "    bars:\n"
        "      mid: {min: lean_hire, expect: gets it right}\n"
        "      senior: {min: lean_hire, expect: right with reasons}\n"
    )
    rubrics = _rubrics_with(tmp_path, bars)
    errors = [str(e) for e in validate_bank(MINI / "bank", rubrics)]
    assert errors == [
        f"{rubrics / 'fund.yaml'}:12: rubric fund: criteria[0].bars: criterion 'correctness' "
        "has no bar for: staff (give all of mid, senior, staff or none)"
    ]


def test_a_falling_bar_is_named_at_its_min(tmp_path: Path) -> None:
    bars = (
        "    bars:\n"
        "      mid: {min: lean_hire, expect: gets it right}\n"
        "      senior: {min: strong_hire, expect: right and deep}\n"
        "      staff:\n"
        "        min: lean_no_hire\n"
        "        expect: less than senior\n"
    )
    rubrics = _rubrics_with(tmp_path, bars)
    errors = [str(e) for e in validate_bank(MINI / "bank", rubrics)]
    assert errors == [
        f"{rubrics / 'fund.yaml'}:15: rubric fund: criteria[0].bars.staff.min: lean_no_hire is "
        "below the senior bar (strong_hire); bars may not fall as the level rises"
    ]


def test_an_unknown_level_or_descriptor_is_a_field_error(tmp_path: Path) -> None:
    bars = (
        "    bars:\n"
        "      principal: {min: lean_hire, expect: x}\n"
        "      mid: {min: great, expect: x}\n"
    )
    rubrics = _rubrics_with(tmp_path, bars)
    errors = [str(e) for e in validate_bank(MINI / "bank", rubrics)]
    assert len(errors) == 2, errors
    assert errors[0].startswith(
        f"{rubrics / 'fund.yaml'}:12: rubric fund: criteria[0].bars.principal"
    )
    assert errors[1].startswith(
        f"{rubrics / 'fund.yaml'}:13: rubric fund: criteria[0].bars.mid.min"
    )
