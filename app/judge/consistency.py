"""Deep-dive answers checked against the candidate's own profile.

A hiring manager notices when the story told in the room does not match the resume: "you wrote
62%, now you say 40%". The deep-dive question carries the profile's claims as its scenario facts
(quoted), so this check needs no profile access: it compares each number in the answer with the
numbers of the claims it talks about (a shared topic word and the same unit) and notes the ones
that disagree. It is a note for the candidate, not a score change; the rubric's honesty
criterion is where the judge weighs it.
"""

from __future__ import annotations

import re

from app.domain.bank import Question
from app.domain.enums import JudgeKind, RoundKind
from app.domain.interviewing import JudgeRequest
from app.domain.text import sentences, words
from app.domain.transcript import Assessment
from app.judge.base import Judge
from app.profile.claims import metric_quotes
from app.profile.numbers import Quantity, quantities

TOLERANCE = 0.15
"""Relative difference within which two figures are the same claim told loosely ("about 60%")."""
_QUOTED = re.compile(r"“([^”]+)”")
_GENERIC = frozenset(
    {
        *("about", "from", "with", "that", "this", "were", "have", "more", "less", "than"),
        *("over", "down", "percent", "cut", "cuts", "fell", "rose", "went", "reduced"),
        *("improved", "increased", "lifted", "after", "before"),
    }
)


def _claims(question: Question) -> list[str]:
    return [m for f in question.scenario_facts for m in _QUOTED.findall(f.answer)]


def _topic(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 3 and not w.isdigit() and w not in _GENERIC}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


def contradictions(answer: str, claims: list[str]) -> list[str]:
    """One note per answer figure that disagrees with every figure of a claim on its topic."""
    stated = [(c, quantities(c), _topic(c)) for c in claims]
    notes: list[str] = []
    for sentence in sentences(answer):
        for clause in metric_quotes(sentence):  # measurements only: not "a 10% holdout"
            topic = _topic(clause)
            for q in quantities(clause):
                note = _against(q, topic, stated)
                if note and note not in notes:
                    notes.append(note)
    return notes


def _against(
    q: Quantity, topic: set[str], stated: list[tuple[str, list[Quantity], set[str]]]
) -> str | None:
    rivals: list[tuple[str, Quantity]] = []
    for claim, figures, claim_topic in stated:
        same_unit = [f for f in figures if f.unit == q.unit]
        if not same_unit or not (topic & claim_topic):
            continue
        if any(_close(f.value, q.value) for f in same_unit):
            return None  # the answer repeats a figure of the profile
        rivals.append((claim, same_unit[0]))
    if not rivals:
        return None
    claim, figure = rivals[0]
    return (
        f"Contradicts your profile: the answer says “{q.text}” where your profile says "
        f"“{claim}” ({figure.text}). Say which is right, or why they differ."
    )


class ProfileConsistency:
    """Any judge, plus the contradiction note on deep-dive questions."""

    def __init__(self, inner: Judge) -> None:
        self.inner = inner
        self.kind: JudgeKind = inner.kind
        self.model: str | None = inner.model

    async def assess(self, request: JudgeRequest) -> Assessment:
        assessment = await self.inner.assess(request)
        if request.question.round is not RoundKind.DEEP_DIVE:
            return assessment
        notes = contradictions(request.candidate_text, _claims(request.question))
        if not notes:
            return assessment
        return assessment.model_copy(update={"red_flags": [*assessment.red_flags, *notes]})
