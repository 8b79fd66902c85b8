"""An interviewer's brief for one move on a bank question, as the engine would build it."""

from __future__ import annotations

from typing import Any

from app.domain.bank import Bank
from app.domain.enums import Move, Phase, RoundKind
from app.domain.interviewing import InterviewerBrief, TurnContext


def turn_context(
    bank: Bank, qid: str, kind: RoundKind, phase: Phase, moves: list[Move], **fields: Any
) -> TurnContext:
    """A move on question `qid` with a minute gone and plenty of the round left; `fields` sets
    the rest (the candidate's message, what the engine heard)."""
    q = bank.questions[qid]
    return TurnContext(
        session_id="s",
        round_kind=kind,
        round_index=0,
        target_level="senior",
        phase=phase,
        brief=InterviewerBrief.of(q, bank.rubric_for(q)),
        allowed_moves=moves,
        time_left_round_s=fields.pop("time_left_round_s", 1200),
        time_in_phase_s=fields.pop("time_in_phase_s", 60),
        time_on_question_s=fields.pop("time_on_question_s", 60),
        **fields,
    )
