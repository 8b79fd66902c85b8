"""Issue 11's acceptance: nine scripted candidates through the headless CLI; every check is an
assertion on the transcript stored in SQLite (see people.py for what each one states)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.bank import Bank
from tests.personas.people import PERSONAS
from tests.personas.suite import Persona, real_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona(persona: Persona, bank: Bank, tmp_path: Path) -> None:
    stored = persona.run(tmp_path)
    failed = [name for name, check in persona.checks.items() if not check(stored, bank)]
    transcript = "\n".join(f"{r.role.value}/{r.kind.value}: {r.text[:120]}" for r in stored.rows)
    assert not failed, f"{persona.name} failed {failed}\n{transcript}"


def test_every_persona_of_the_issue_is_here() -> None:
    names = {p.name for p in PERSONAS}
    assert names == {
        "staller",
        "answer_seeker",
        "silent",
        "ok_spammer",
        "rubric_fisher",
        "injector",
        "multi_part_clarifier",
        "other_language",
        "over_explainer",
    }
    assert all(len(p.checks) >= 3 for p in PERSONAS)
