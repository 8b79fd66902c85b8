"""Signals YAML split at their commas are caught at load time, at their line, and no red flag
of the real bank fires on its own question's reference text."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank import validate_bank
from app.bank.signal_shape import shape_problems
from app.domain.bank import Bank
from app.judge.reading import read
from app.judge.redflags import fired
from tests.bank.question_yaml import HEAD
from tests.conftest import MINI
from tests.engine.turns_data import real_bank

QUESTION = (
    HEAD
    + """\
    prompt: How do you split attention heads?
    key_points:
      - point: Works on the whole (N, C) array at once.
        criterion: correctness
        signals: [vectoris, (n, c), "np.log(softmax"]
    red_flags:
      - flag: Splits heads with a bare reshape.
        signals: [just reshape, reshape to (b, h, l]
"""
)


def test_the_loader_names_split_phrases_and_single_letters_at_their_line(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "q.yaml").write_text(QUESTION)
    errors = [str(e) for e in validate_bank(bank, MINI / "rubrics")]
    path = bank / "q.yaml"
    assert any(
        e.startswith(f"{path}:13: question q1: key_points[0].signals[1]: signal '(n' looks like")
        for e in errors
    ), errors
    assert any(
        e.startswith(f"{path}:16: question q1: red_flags[0].signals[2]: signal 'h' is a single")
        for e in errors
    ), errors
    assert any("red_flags[0].signals[3]: signal 'l'" in e for e in errors), errors
    assert not any("np.log" in e for e in errors), errors


@pytest.mark.parametrize(
    "signals",
    [["np.log(softmax", "maximum("], ["%", "$", "kl"], ['"(n, c)"', "e[x^2] - e[x]^2"]],
)
def test_deliberate_code_prefixes_symbols_and_short_terms_pass(signals: list[str]) -> None:
    assert shape_problems(signals) == []


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def test_no_red_flag_fires_on_its_own_model_answer_or_key_points(bank: Bank) -> None:
    """A reference answer cannot state the wrong claim: a red flag that fires on it also fires
    on strong candidates (as "every pair" did on AUC's definition, "h" on any answer)."""
    hits = []
    checked = 0
    for q in bank.questions.values():
        terms = [kp.signals for kp in q.key_points]
        for name, text in [("model_answer", q.model_answer)] + [
            (f"key_points[{i}]", kp.point) for i, kp in enumerate(q.key_points)
        ]:
            if text.strip():
                checked += 1
                hits += [(q.id, name, flag) for flag in fired(q, read(text, terms, []))]
    assert checked > 600
    assert hits == []


def test_the_reference_check_can_fail(bank: Bank) -> None:
    """The same check sees a stated wrong claim in the same question."""
    q = bank.questions["code-auc-ties"]
    text = "I build diff = pos[:, None] > neg, the full matrix, and average it."
    assert fired(q, read(text, [kp.signals for kp in q.key_points], []))
    fine = "AUC is the fraction of all pairs, one positive and one negative, ordered correctly."
    assert fired(q, read(fine, [kp.signals for kp in q.key_points], [])) == []
