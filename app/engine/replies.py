"""What each interviewer move does to the transcript: one line of a given kind, or a step of the
flow (open the next phase, ask the next question). Every Move is matched here, exhaustively."""

from __future__ import annotations

from enum import Enum
from typing import assert_never

from app.domain.enums import Move, TurnKind


class Step(Enum):
    ADVANCE_PHASE = "advance_phase"
    NEXT_QUESTION = "next_question"


def outcome(move: Move, *, closing: bool, design: bool) -> TurnKind | Step:
    """The turn kind a move records, or the flow step it takes. A move-on parks the question:
    in the closing segment it ends the round, in a design round it opens the next phase."""
    match move:
        case Move.PROBE:
            return TurnKind.FOLLOW_UP
        case Move.CLARIFY:
            return TurnKind.CLARIFICATION
        case Move.ADVANCE_PHASE:
            return Step.ADVANCE_PHASE
        case Move.NEXT_QUESTION:
            return Step.NEXT_QUESTION
        case Move.WRAP_UP:
            return TurnKind.ROUND_END
        case Move.HINT:
            return TurnKind.HINT
        case Move.SAY_MORE:
            return TurnKind.SAY_MORE
        case Move.REDIRECT:
            return TurnKind.REDIRECT
        case Move.KEEP_CODING:
            return TurnKind.CODE_FEEDBACK
        case Move.MOVE_ON:
            if closing:
                return TurnKind.ROUND_END
            return Step.ADVANCE_PHASE if design else Step.NEXT_QUESTION
        case _:
            assert_never(move)
