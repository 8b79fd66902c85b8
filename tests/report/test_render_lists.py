"""Sentence lists in the Markdown report: one bullet per key point and per red flag."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.report.render import to_markdown
from app.store.db import make_engine
from app.store.repository import Repository
from tests.practice.conftest import store_answer


def test_what_a_strong_hire_adds_and_red_flags_are_one_bullet_each(tmp_path: Path) -> None:
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'r.db'}"))
    store_answer(repo, "s", "q", 2, datetime(2026, 3, 1, tzinfo=UTC))
    stored = repo.load("s")
    adds = ["Report PR-AUC, not accuracy.", "Pick the threshold from costs, not 0.5."]
    flags = ["Calls SMOTE free data.", "Tunes the threshold on the test set."]
    a = stored.assessments[0].model_copy(update={"to_strong_hire": adds, "red_flags": flags})
    lines = to_markdown(replace(stored, assessments=[a])).split("\n")
    for sentence in adds + flags:
        assert f"- {sentence}" in lines  # its own bullet, the sentence whole
    assert not any(".;" in line for line in lines)
    adds_at = lines.index("**A strong-hire answer would add:**")
    flags_at = lines.index("**Red flags:**")
    assert lines[adds_at + 1 : adds_at + 3] == [f"- {s}" for s in adds]
    assert lines[flags_at + 1 : flags_at + 3] == [f"- {s}" for s in flags]
