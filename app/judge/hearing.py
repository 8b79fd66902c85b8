"""The judge's reading of one candidate turn, for the interviewer: which key points it covered
and which of the question's mistakes it stated, in the candidate's own sentence.

One reading, the judge's own (`reading_of`), so that the interviewer never probes what the
judge already credits, and never challenges a claim the judge would not count against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.bank import Question, Rubric
from app.judge.injection import Injection, find_injection, scoring_text
from app.judge.keypoints import points as key_points
from app.judge.reading import Reading, read
from app.judge.redflags import stated
from app.judge.retraction import takes_back


@dataclass(frozen=True)
class Heard:
    """A turn as the judge reads it. `claims` holds, per red flag the turn states, the sentence
    that states it, verbatim (bank order, one per flag): not one in code, and not one the turn
    goes on to take back ("..., no wait, I take that back")."""

    strengths: list[float]
    claims: list[str]


def reading_of(question: Question, rubric: Rubric, text: str, injection: Injection) -> Reading:
    """The one way an answer to `question` is read, for the interviewer turn by turn and for
    the judge at the end: the same vocabulary, so the judge finds each sentence read already."""
    return read(
        scoring_text(text, injection),
        [kp.signals for kp in question.key_points],
        [p for c in rubric.criteria for p in c.signals.phrases],
    )


def hear(question: Question, rubric: Rubric, text: str) -> Heard:
    reading = reading_of(question, rubric, text, find_injection(text))
    return Heard(
        strengths=[p.strength for p in key_points(question, reading)],
        claims=[
            reading.sents[i].text
            for _, i in stated(question, reading)
            if "```" not in reading.sents[i].text and not takes_back(reading, after=i)
        ],
    )


def key_point_strengths(question: Question, rubric: Rubric, text: str) -> list[float]:
    """What the turn covered, one strength per key point in bank order."""
    return hear(question, rubric, text).strengths
