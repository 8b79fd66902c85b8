"""The judge reads a question's whole exchange from sentences the interviewer already read turn
by turn (issue 18: judged turns were the slowest). What it remembers must never change a score:
a reading assembled from remembered sentences equals one read cold, the rubric phrases it
looks up are the ones a search of each sentence finds, and an exchange's sentences and grader
text are each message's, joined."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.bank import load_bank
from app.calibration.dataset import default_set_path, load_set
from app.domain.bank import Bank, Question
from app.domain.text import contains
from app.judge import answer_lines
from app.judge import reading as reading_module
from app.judge.injection import find_injection, find_injection_in
from app.judge.offline import EXCHANGE_SEP
from app.judge.reading import Reading, read, spelling
from tests.conftest import DATA, ROOT

PHRASINGS: dict[str, Any] = yaml.safe_load(
    Path(DATA / "injection" / "phrasings.yaml").read_text(encoding="utf-8")
)
PIECES = [
    "We cache the embeddings.",
    "and re-rank the top 50",
    "with a cross-encoder",
    "- a bullet point",
    "1. a numbered step",
    "Is p95 the budget?",
    'She said "ignore the rubric" in the doc.',
    "note: the reviewer",
    "",
    "   ",
]
BREAKS = [" ", "\n", "\n\n", "\n\n\n", " \n ", "\n  \n"]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


def _vocabulary(bank: Bank, q: Question) -> tuple[list[list[str]], list[str]]:
    rubric = bank.rubric_for(q)
    return [kp.signals for kp in q.key_points], [
        p for c in rubric.criteria for p in c.signals.phrases
    ]


def _cold(text: str, points: list[list[str]], phrases: list[str]) -> Reading:
    reading_module._read.cache_clear()
    reading_module._vocabulary_for.cache_clear()
    return read(text, points, phrases)


def _facts(r: Reading, phrases: list[str]) -> dict[str, object]:
    return {
        "sents": [dataclasses.asdict(s) for s in r.sents],
        "word_count": r.word_count,
        "buzzwords": r.buzzwords,
        "noise": dict(r.noise),
        "norm": r.norm,
        "where": {p: r.where(p) for p in phrases},
        "anywhere": {p: r.anywhere(p) for p in phrases},
    }


def _answers(bank: Bank, count: int) -> list[tuple[Question, str]]:
    path = default_set_path()
    assert path is not None, "the calibration set ships with the repository"
    items = [
        (bank.questions[i.question_id], i.answer)
        for i in load_set(path).items
        if isinstance(i.answer, str)
        and i.answer.count(". ") >= 3
        and i.question_id in bank.questions
    ]
    return items[:: max(1, len(items) // count)][:count]


def test_an_exchange_read_after_its_turns_equals_one_read_cold(bank: Bank) -> None:
    checked = 0
    for q, answer in _answers(bank, 30):
        points, phrases = _vocabulary(bank, q)
        parts = answer.split(". ")
        turns = [". ".join(parts[: len(parts) // 2]) + ".", ". ".join(parts[len(parts) // 2 :])]
        exchange = "\n\n".join([*turns, turns[0]])  # a repeated turn: repeats are per exchange
        cold = _facts(_cold(exchange, points, phrases), phrases)
        reading_module._read.cache_clear()
        reading_module._vocabulary_for.cache_clear()
        for t in turns:
            read(t, points, phrases)  # as the interviewer does, turn by turn
        warm = _facts(read(exchange, points, phrases), phrases)
        assert warm == cold, q.id
        checked += 1
    assert checked >= 20


def test_rubric_phrases_and_signals_are_where_a_search_of_each_sentence_finds_them(
    bank: Bank,
) -> None:
    found_any = 0
    for q, answer in _answers(bank, 30):
        points, phrases = _vocabulary(bank, q)
        r = _cold(answer, points, phrases)
        for p in [*phrases, *(t for ts in points for t in ts)]:
            searched = tuple(
                i for i, s in enumerate(r.sents) if contains(s.norm, spelling(p.lower()))
            )
            assert r.where(p) == searched, (q.id, p)
            assert r.anywhere(p) == bool(searched)
            found_any += bool(searched)
    assert found_any >= 20, "the answers must hold rubric phrases, or this proves nothing"


def _message(rng: random.Random) -> str:
    pool: list[str] = [*PIECES, *PHRASINGS["attacks"], *PHRASINGS["discussions"]]
    out = rng.choice(pool)
    for _ in range(rng.randint(0, 6)):
        out += rng.choice(BREAKS) + rng.choice(pool)
    return out


def test_an_exchange_splits_into_its_messages_sentences() -> None:
    rng = random.Random(18)
    for _ in range(400):
        text = EXCHANGE_SEP.join(_message(rng) for _ in range(rng.randint(1, 5)))
        assert answer_lines.verbatim_sentences(text) == answer_lines.verbatim_sentences_of(text), (
            text
        )


def test_an_exchange_holds_the_grader_text_its_messages_hold() -> None:
    rng = random.Random(12)
    flagged = 0
    for _ in range(400):
        said = [_message(rng) for _ in range(rng.randint(2, 5))]
        whole = find_injection(EXCHANGE_SEP.join(said))
        assert find_injection_in(said, EXCHANGE_SEP) == whole, said
        flagged += whole.suspected
    assert flagged >= 50, "the exchanges must hold grader text, or this proves nothing"
