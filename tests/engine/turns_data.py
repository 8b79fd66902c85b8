"""The labelled turn tables in tests/data/turns/, scored by the turn reader and the clarifier.

Shared by tests/test_turn_reading.py (floors) and tests/bench/turn_reading.py (the figures).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import yaml

from app.bank import load_bank
from app.bank.coding import load_coding_problem
from app.domain.acts import TurnReading
from app.domain.bank import Bank, Question, ScenarioFact
from app.engine.reading import read_turn
from app.interviewer.clarify import asked_parts
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "turns"
SPLITS = ("tune", "holdout")
UNSPECIFIED = "unspecified"
T = TypeVar("T")


def real_bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


def rows(kind: str, split: str) -> list[dict[str, Any]]:
    loaded = yaml.safe_load((DATA / f"{kind}_{split}.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


@dataclass
class Score:
    total: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


REPEATS = 5
"""Each turn is timed this many times and its median kept: on a shared 2-core machine a single
timing mostly measures the scheduler."""


def _timed(call: Callable[[], T]) -> tuple[T, float]:
    times: list[float] = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times)


@dataclass(frozen=True)
class _Context:
    """What the reader is told about the question a turn answers."""

    prompt: str
    facts: tuple[ScenarioFact, ...]
    topics: tuple[str, ...]


def _context(bank: Bank, qid: str) -> _Context:
    """A bank question, or a coding problem (its folder's question.yaml statement)."""
    if qid in bank.questions:
        q: Question = bank.questions[qid]
        return _Context(q.prompt, tuple(q.scenario_facts), tuple(q.topics))
    spec = load_coding_problem(ROOT / "question_bank" / "coding" / qid)
    meta = spec.question
    return _Context(str(meta.get("prompt", "")), (), tuple(str(t) for t in meta.get("topics", [])))


def _read(row: dict[str, Any], ctx: _Context) -> TurnReading:
    return read_turn(
        row["text"],
        question_prompt=ctx.prompt,
        phase_is_closing=bool(row.get("closing", False)),
        scenario_facts=ctx.facts,
        topics=ctx.topics,
    )


def score_acts(bank: Bank, split: str) -> Score:
    s = Score()
    for row in rows("acts", split):
        got, seconds = _timed(partial(_read, row, _context(bank, row["q"])))
        s.seconds.append(seconds)
        s.total += 1
        if got.act.value == row["act"]:
            s.right += 1
        else:
            s.confusion[(row["act"], got.act.value)] += 1
            s.misses.append(f"{row['act']} -> {got.act.value} ({got.reason}): {row['text']!r}")
    return s


def predicted_facts(bank: Bank, qid: str, text: str) -> list[str]:
    parts = asked_parts(text, bank.questions[qid].scenario_facts)
    return [p.fact_id or UNSPECIFIED for p in parts]


def answered_once(expect: list[str]) -> list[str]:
    """The labelled parts as the interviewer answers them: a fact asked about twice in one
    message ("peak traffic, and the mix of request types?", both in the traffic fact) is given
    once, by design (see clarify.asked_parts); every unspecified part keeps its own line."""
    out: list[str] = []
    for fact in expect:
        if fact == UNSPECIFIED or fact not in out:
            out.append(fact)
    return out


def score_clarifications(bank: Bank, split: str) -> Score:
    s = Score()
    for row in rows("clarify", split):
        got, seconds = _timed(partial(predicted_facts, bank, row["q"], row["text"]))
        s.seconds.append(seconds)
        s.total += 1
        if got == answered_once(row["expect"]):
            s.right += 1
        else:
            s.misses.append(f"{row['q']}: {row['text']!r} expected {row['expect']}, got {got}")
    return s
