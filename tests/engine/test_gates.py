"""The act reader's regex gates (issue 18: the per-turn budget): derived from the patterns, they
skip a search only when the pattern cannot match, so every reading stays what it was."""

from __future__ import annotations

import re

import pytest
import yaml

from app.engine import act_patterns
from app.engine.gates import Gate, gate_for, text_words
from app.interviewer.asks import split_sentences
from tests.conftest import ROOT

PATTERNS = {name: rx for name, rx in vars(act_patterns).items() if isinstance(rx, re.Pattern)}


def _texts() -> list[str]:
    """Every labelled turn and calibration answer, whole and sentence by sentence, lowercased
    as the reader lowercases them."""
    out: list[str] = []
    data = ROOT / "tests" / "data"
    for path in sorted([*(data / "turns").glob("*.yaml"), *(data / "calibration").glob("*.yaml")]):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = loaded if isinstance(loaded, list) else loaded.get("items", [])
        for row in rows:
            for key in ("text", "answer"):
                text = row.get(key) if isinstance(row, dict) else None
                if isinstance(text, str):
                    out.append(text)
                    out.extend(s.text for s in split_sentences(text))
    return [t.lower().replace("’", "'").replace("‘", "'") for t in out]


TEXTS = _texts()


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_a_gate_never_stops_a_text_its_pattern_matches(name: str) -> None:
    rx = PATTERNS[name]
    gate = gate_for(rx)
    matched = [t for t in TEXTS if rx.search(t)]
    assert matched, "the corpus exercises every pattern"
    assert [t for t in matched if not gate.may_match(t, text_words(t))] == []


def test_the_request_patterns_get_gates_that_skip_most_sentences() -> None:
    for name in ("MOVE_ON", "ANSWER_REQUEST", "HINT_REQUEST", "INJECTION"):
        gate = gate_for(PATTERNS[name])
        assert gate.words is not None
        passed = sum(gate.may_match(t, text_words(t)) for t in TEXTS)
        assert passed < 0.6 * len(TEXTS), name


def test_gates_from_small_patterns() -> None:
    g = gate_for(re.compile(r"\b(?:can|could) you show me\b"))
    assert g.words == frozenset({"show"})  # a whole word of any text that holds the phrase
    assert g.may_match("could you show me", text_words("could you show me"))
    assert not g.may_match("you showed me", text_words("you showed me"))
    alternatives = gate_for(re.compile(r"\bskip (?:this|that)\b|\bhint\b|next question"))
    for text in ("skip this one", "a hint", "the next question please"):
        assert alternatives.may_match(text, text_words(text))
    assert not alternatives.may_match("nothing here", text_words("nothing here"))


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"\bhint\b", re.IGNORECASE),  # "HINT" matches: no case-sensitive literal
        re.compile(r"(?i:hint)"),
        re.compile(r"\bhint\b|\w+\b"),  # one branch needs no literal
        re.compile(r"(?:hint)?\d+"),  # the literal is optional
        re.compile(r"[^a]+"),
    ],
)
def test_a_pattern_without_a_necessary_literal_gets_an_open_gate(pattern: re.Pattern[str]) -> None:
    assert gate_for(pattern) == Gate(None)
    assert gate_for(pattern).may_match("", frozenset())


def test_a_word_boundary_makes_an_edge_literal_a_word_lookup() -> None:
    assert gate_for(re.compile(r"\bhint\b")).words == frozenset({"hint"})
    half = gate_for(re.compile(r"\bhint"))  # matches "hints": no whole word to look up
    assert half.words == frozenset() and half.needles == ("hint",)
    assert half.may_match("two hints please", text_words("two hints please"))
    bare = gate_for(re.compile(r"hint\b"))  # matches "a clue-hint": still a substring
    assert bare.may_match("a clue-hint", text_words("a clue-hint"))


def test_a_branch_needs_all_its_literals_not_only_its_most_selective_one() -> None:
    rx = re.compile(r"\bwalk me through (?:the|your) (?:answer|solution)\b|\bskip (?:this|it)\b")
    gate = gate_for(rx)
    assert gate.branches, "the alternation is spelled out"
    for text in ("walk me through the answer", "can we skip this"):
        assert rx.search(text) and gate.may_match(text, text_words(text))
    for text in ("the gradient flows through the sigmoid", "the answer is skip connections"):
        assert not rx.search(text)
        assert not gate.may_match(text, text_words(text)), text
