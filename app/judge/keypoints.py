"""Which of a question's key points an answer states, and how fully: the judge's matcher.

The interviewer's coverage (engine/coverage.py, engine/listening.py) reuses it through
`hearing.key_point_strengths`, so the interviewer never probes what the judge already credits.

A key point's strength comes from its distinct signal terms, each counted at the credit of the
best sentence it is in (`app.judge.reading`: lists, templates and stuffing earn nothing). One
more rule keeps length from buying coverage: a long answer that states no point fully and
only grazes one (a single term, in a sentence that shares almost none of the point's own
words) gets a quarter for it, not half. A short answer is not held to this, since a concise
expert names the point in the field's terms and moves on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain.bank import KeyPoint, Question
from app.domain.text import words
from app.judge.cues import content_stems
from app.judge.reading import Reading

# A long answer that states no key point fully and only grazes one (one signal term, in a
# sentence sharing fewer than GRAZE_SHARED other content words with the point) gets
# GRAZE_STRENGTH for it, not half. Chosen on the tune split.
GRAZE_WORDS, GRAZE_SHARED, GRAZE_STRENGTH = 160, 2, 0.25


@dataclass(frozen=True)
class Point:
    """What the answer did for one key point: strength and the sentences that state it."""

    strength: float
    where: list[int]


def strength(hits: float) -> float:
    """Key-point strength from its distinct credited signals: 1 -> 0.5, 2 -> 0.75, 3+ -> 1."""
    return 0.0 if hits <= 0 else min(1.0, 0.25 * (hits + 1))


def points(question: Question, reading: Reading) -> list[Point]:
    """Every key point of the question, in bank order."""
    found = [_point(kp.signals, reading) for kp in question.key_points]
    if reading.word_count < GRAZE_WORDS or any(p.strength >= strength(2) for p in found):
        return found  # short, or it states some point fully: not a shallow answer
    return [
        _ungrazed(question, kp, p, reading)
        for kp, p in zip(question.key_points, found, strict=True)
    ]


def _ungrazed(question: Question, kp: KeyPoint, p: Point, reading: Reading) -> Point:
    """One of the point's terms dropped in a sentence about something else ("retrained
    nightly" for a point about the loss) is not stating it."""
    if not 0 < p.strength <= strength(1):
        return p
    own = _point_words(kp.point, tuple(kp.signals), question.prompt)
    shared = max((len(content_stems(reading.sents[i].plain) & own) for i in p.where), default=0)
    if shared >= GRAZE_SHARED:
        return p
    return Point(strength=min(p.strength, GRAZE_STRENGTH), where=p.where)


@lru_cache(maxsize=2048)
def _point_words(point: str, signals: tuple[str, ...], prompt: str) -> frozenset[str]:
    """The key point's own content stems: not the prompt's, not its signal terms'."""
    said = content_stems(" ".join(signals)) | {w[:5] for s in signals for w in words(s)}
    return content_stems(point) - content_stems(prompt) - said


def _point(signals: list[str], reading: Reading) -> Point:
    credit = 0.0
    where: list[int] = []
    for _sig, found in held(reading, signals):  # a signal in no sentence adds nothing
        best = 0.0
        for i in found:
            s = reading.sents[i]
            if s.credit > best:
                best = s.credit
                if i not in where:
                    where.append(i)
        credit += best
    return Point(strength=strength(credit), where=sorted(where))


def held(reading: Reading, phrases: Sequence[str]) -> list[tuple[str, tuple[int, ...]]]:
    """`(phrase, reading.where(phrase))` for the phrases some sentence holds, in order: a
    question's vocabulary is mostly absent from any one answer, and the reading knows it."""
    out: list[tuple[str, tuple[int, ...]]] = []
    for p in phrases:
        found = reading.where(p)
        if found:
            out.append((p, found))
    return out


CLOSING_MENU = 0.5  # share of a closing segment's key points that is a full set of questions
STATED_AT = 0.5
"""A key point's strength from which the answer states it: a strength it quotes, a point it
no longer lists under "what a strong-hire answer adds", a correction's right idea."""


def coverage(strengths: list[float], closing: bool) -> float:
    """Mean key-point strength. A closing "questions for me?" segment's key points are a menu
    of good questions, not a checklist: with a few minutes left a strong candidate asks two or
    three, so there the best half of the menu is full coverage."""
    if not strengths:
        return 0.0
    if closing:
        strengths = sorted(strengths, reverse=True)[: max(1, round(len(strengths) * CLOSING_MENU))]
    return sum(strengths) / len(strengths)
