"""The probe library loads, and a broken one is refused with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank import BankValidationError
from app.domain.bank import Bank
from app.domain.profile import ClaimKind
from app.profile.probes import QUOTED, library_path, load_library
from tests.conftest import ROOT

LIBRARY = library_path(ROOT / "question_bank")


def test_the_library_covers_every_claim_kind_and_quotes_the_claim(real_bank: Bank) -> None:
    library = load_library(LIBRARY, real_bank.rubrics["deep-dive"])
    assert set(library.openers) == set(ClaimKind) == set(library.probes)
    criteria = {c.id for c in real_bank.rubrics["deep-dive"].criteria}
    for probes in library.probes.values():
        for probe in probes:
            assert QUOTED in probe.ask and probe.criterion in criteria
    assert {kp.criterion for kp in library.key_points} == criteria


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = LIBRARY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "probes.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_probe_that_does_not_quote_the_claim_is_refused_with_its_line(
    tmp_path: Path, real_bank: Bank
) -> None:
    path = _broken(
        tmp_path,
        "You wrote “{claim}”. Against what baseline",
        "You wrote it. Against what baseline",
    )
    with pytest.raises(BankValidationError) as info:
        load_library(path, real_bank.rubrics["deep-dive"])
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "You wrote it." in t)
    assert f"{path}:{line - 1}: probe library: probes.metric[0].ask: must quote" in str(info.value)


def test_unknown_criteria_kinds_and_placeholders_are_all_reported(
    tmp_path: Path, real_bank: Bank
) -> None:
    path = _broken(tmp_path, "criterion: tradeoffs", "criterion: vibes")
    text = (
        path.read_text()
        .replace("people: >-", "peeple: >-", 1)
        .replace("start with {project}", "start with {proj}", 1)
    )
    path.write_text(text)
    with pytest.raises(BankValidationError) as info:
        load_library(path, real_bank.rubrics["deep-dive"])
    message = str(info.value)
    assert "openers.peeple" in message
    path.write_text(text.replace("peeple: >-", "people: >-", 1))
    with pytest.raises(BankValidationError) as info:
        load_library(path, real_bank.rubrics["deep-dive"])
    message = str(info.value)
    assert "unknown criterion 'vibes'" in message and "unknown placeholder(s) {proj}" in message


def test_a_job_heading_is_named_as_the_work_there_never_with_its_dates() -> None:
    """A probe heard "Let's start with Acme Marketplace - Senior ML Engineer (2021-2024)"."""
    from app.profile.deep_dive import spoken_title

    assert spoken_title("Acme Marketplace - Senior ML Engineer (2021-2024)") == (
        "your work at Acme Marketplace"
    )
    assert spoken_title("Senior ML Engineer at Acme (Jan 2021 - Present)") == "your work at Acme"
    assert spoken_title("Globex | Staff Machine Learning Engineer | 2019–2021") == (
        "your work at Globex"
    )
    assert spoken_title("Search ranking redesign (2023)") == "Search ranking redesign"
    assert spoken_title("Fraud model retraining pipeline") == "Fraud model retraining pipeline"
