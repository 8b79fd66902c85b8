"""The most any criterion of an answer may get, and why, in words for the report.

- Text aimed at the grader: no hire.
- A stated mistake (a bank red flag): lean no hire; stated inside buzzword padding, no hire (an
  interviewer hears the mistake and no substance around it).
- A mistake the candidate takes back ("I take that back: ..."), in their own voice, later in
  the same turn or in the next turn, which states the right idea and not the mistake again:
  lean hire at most. The interviewer challenges a stated
  mistake (engine/listening.py), and a candidate who then corrects it has shown they can,
  which an interviewer credits, but not as a strong hire.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.bank import Question, Rubric
from app.domain.labels import LEVEL_NAMES
from app.judge.hearing import reading_of
from app.judge.injection import find_injection
from app.judge.keypoints import STATED_AT
from app.judge.keypoints import points as key_points
from app.judge.redflags import stated
from app.judge.retraction import takes_back

INJECTION_CAP = 1
RED_FLAG_CAP = 2
PADDED_RED_FLAG_CAP = 1  # chosen on tune: padded above label 5 -> 2
CORRECTED_CAP = 3


@dataclass(frozen=True)
class Cap:
    level: int
    why: str  # said by every capped criterion's reasoning


def corrected(
    question: Question, rubric: Rubric, said: Sequence[str], flags: list[str]
) -> list[str]:
    """The flags among `flags` the candidate took back: later in the turn that last states one,
    or in the very next turn, which states a key point in its place (`retraction.takes_back`).
    A flag only the turns together state (no single turn does) is not one a turn can take back."""
    if not flags:
        return []
    readings = [reading_of(question, rubric, t, find_injection(t)) for t in said]
    where = [dict(stated(question, r)) for r in readings]
    out: list[str] = []
    for flag in flags:
        turns = [i for i, found in enumerate(where) if flag in found]
        if not turns:
            continue
        last = turns[-1]
        nxt = readings[last + 1] if last + 1 < len(readings) else None
        if takes_back(readings[last], after=where[last][flag]) or (
            nxt is not None
            and takes_back(nxt)
            and any(p.strength >= STATED_AT for p in key_points(question, nxt))
        ):
            out.append(flag)
    return out


def cap_for(injected: bool, flags: list[str], padded: bool, taken_back: list[str]) -> Cap | None:
    if injected:
        return Cap(INJECTION_CAP, "no hire: the answer tries to instruct the grader")
    standing = [f for f in flags if f not in taken_back]
    if standing:
        level = PADDED_RED_FLAG_CAP if padded else RED_FLAG_CAP
        among = " among buzzwords" if padded else ""
        flag = standing[0].rstrip(".")
        return Cap(level, f"capped at {LEVEL_NAMES[level]} by a red flag{among}: {flag}")
    if taken_back:
        flag = taken_back[0].rstrip(".")
        why = f"at most {LEVEL_NAMES[CORRECTED_CAP]}: a mistake stated, then taken back: {flag}"
        return Cap(CORRECTED_CAP, why)
    return None
