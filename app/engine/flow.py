"""Which scripted interviewer line comes next: a round's intro, its next question, the closing
"questions for me?" segment, or the end of the round. Pure decisions; the engine records them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.bank import Bank
from app.domain.enums import WORKSPACE_ROUNDS, Phase, RoundKind, TurnKind
from app.domain.transcript import RoundPlan
from app.engine import scripts
from app.engine.pacing import Deadlines
from app.engine.state import RoundProgress

OUT_OF_TIME = "That's all the time we have for this round."
ROUND_OVER = "Thanks, that's the round."


@dataclass(frozen=True)
class Line:
    """An interviewer line decided by the flow, not by the interviewer."""

    kind: TurnKind
    text: str
    phase: Phase | None = None
    question_id: str | None = None


def first_phase(kind: RoundKind) -> Phase:
    if kind in WORKSPACE_ROUNDS:
        return Phase.UNDERSTAND
    return Phase.REQUIREMENTS if kind is RoundKind.SYSTEM_DESIGN else Phase.QUESTIONS


def round_intro(rp: RoundPlan) -> Line:
    text = scripts.round_intro(rp.kind, rp.minutes, len(rp.question_ids))
    return Line(TurnKind.ROUND_START, text, first_phase(rp.kind))


def next_question(r: RoundProgress, rp: RoundPlan, bank: Bank, d: Deadlines, bridge: str) -> Line:
    """The next planned question while time allows (the first one always), else the closing."""
    nxt = r.planned_asked
    if nxt < len(rp.question_ids) and (nxt == 0 or not d.in_closing_window):
        q = bank.questions[rp.question_ids[nxt]]
        return Line(TurnKind.QUESTION, join(bridge, q.prompt), first_phase(rp.kind), q.id)
    return closing_or_end(r, rp, bank, bridge or OUT_OF_TIME, d.round_left_s)


def closing_or_end(r: RoundProgress, rp: RoundPlan, bank: Bank, bridge: str, left_s: float) -> Line:
    if rp.closing_question_id and not r.closing_asked:
        q = bank.questions[rp.closing_question_id]
        prompt = _TIME_CLAIM.sub(scripts.time_left(left_s) + " ", q.prompt.strip(), count=1)
        return Line(TurnKind.QUESTION, join(bridge, prompt), Phase.CANDIDATE_QUESTIONS, q.id)
    return Line(TurnKind.ROUND_END, bridge or ROUND_OVER)


_TIME_CLAIM = re.compile(r"^We have (?:a few|some|a couple of) minutes left\.\s*", re.IGNORECASE)
"""A closing prompt's claim about the time left, replaced by the true figure."""


def join(bridge: str, prompt: str) -> str:
    bridge = bridge.strip()
    return f"{bridge}\n\n{prompt.strip()}" if bridge else prompt.strip()
