"""What the interviewer may do next, decided in code: allowed moves, forced moves, the nudge.

Pure functions of the round's state, its plan and its deadlines. The interviewer (offline or LLM)
only ever chooses among the moves returned here, and a forced move is not a choice at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import SYSTEM_DESIGN_PHASES, Move, Phase, RoundKind
from app.domain.formats import FORMATS
from app.domain.interviewing import InterviewerReply
from app.domain.transcript import RoundPlan
from app.engine.pacing import Deadlines
from app.engine.state import SCOPING_PHASES, RoundProgress

CLOSING_FOLLOW_UPS = 2
"""How many follow-ups the closing "questions for me?" segment allows."""

TIME_UP = "the round's time is up"


@dataclass(frozen=True)
class ForcedMove:
    """A move the clock makes for the interviewer, with the reason it is given in its brief."""

    move: Move
    reason: str
    next_phase: Phase | None = None


def next_phase(r: RoundProgress) -> Phase | None:
    """The design phase after the current one (None outside system design or at the end)."""
    if r.kind is not RoundKind.SYSTEM_DESIGN:
        return None
    i = SYSTEM_DESIGN_PHASES.index(r.phase) if r.phase in SYSTEM_DESIGN_PHASES else -1
    return SYSTEM_DESIGN_PHASES[i + 1] if i + 1 < len(SYSTEM_DESIGN_PHASES) else None


def forced_move(
    r: RoundProgress, rp: RoundPlan, d: Deadlines, *, for_tick: bool
) -> ForcedMove | None:
    """The move time forces now, if any. A tick (the candidate is typing) only forces what cannot
    wait: time up, and the hard move out of the design scoping window."""
    q = r.current
    if q is None:
        return None
    if d.round_left_s <= 0:
        return ForcedMove(Move.WRAP_UP, TIME_UP)
    if rp.kind is RoundKind.SYSTEM_DESIGN:
        return _forced_design_move(r, rp, d, for_tick=for_tick)
    if for_tick or q.closing:
        return None
    if d.question_ends_at is not None and d.now >= d.question_ends_at:
        return ForcedMove(Move.NEXT_QUESTION, "this question's time is up")
    if d.in_closing_window and rp.closing_question_id:
        return ForcedMove(Move.NEXT_QUESTION, "time for the candidate's questions")
    return None


def _forced_design_move(
    r: RoundProgress, rp: RoundPlan, d: Deadlines, *, for_tick: bool
) -> ForcedMove | None:
    if r.phase in SCOPING_PHASES:
        if d.scoping_limit_at is not None and d.now >= d.scoping_limit_at:
            minutes = (d.scoping.limit_s if d.scoping else 0.0) / 60
            return ForcedMove(
                Move.ADVANCE_PHASE,
                f"{minutes:.0f} minutes on requirements and the high-level sketch; "
                "move to the deep dive now",
                Phase.DEEP_DIVE,
            )
        return None
    if for_tick or r.phase is Phase.CANDIDATE_QUESTIONS:
        return None
    if d.in_closing_window:
        return ForcedMove(
            Move.ADVANCE_PHASE, "time to wrap up the design", Phase.CANDIDATE_QUESTIONS
        )
    if d.phase_ends_at is not None and d.now >= d.phase_ends_at:
        return ForcedMove(
            Move.ADVANCE_PHASE, f"the {r.phase.value} phase is out of time", next_phase(r)
        )
    return None


def nudge_due(r: RoundProgress, d: Deadlines) -> bool:
    """The one system-design time check: scoping has run past its nudge mark."""
    return (
        d.scoping_nudge_at is not None
        and not r.scoping_nudged
        and r.phase in SCOPING_PHASES
        and r.current is not None
        and d.now >= d.scoping_nudge_at
    )


def allowed_moves(r: RoundProgress, rp: RoundPlan, *, asked_question: bool) -> list[Move]:
    q = r.current
    assert q is not None, "moves are only decided while a question is open"
    fmt = FORMATS[rp.kind]
    moves: list[Move] = [Move.CLARIFY] if asked_question else []
    if r.kind is RoundKind.SYSTEM_DESIGN and not q.closing:
        budget = fmt.phase_budget(r.phase)
        if budget is not None and q.follow_ups_by_phase[r.phase] < budget.max_follow_ups:
            moves.append(Move.PROBE)
        moves.append(Move.ADVANCE_PHASE)
    elif q.closing:
        if q.follow_up_count < CLOSING_FOLLOW_UPS:
            moves.append(Move.PROBE)
        moves.append(Move.WRAP_UP)
    else:
        if q.follow_up_count < fmt.max_follow_ups:
            moves.append(Move.PROBE)
        moves.append(Move.NEXT_QUESTION)
    return moves


_FALLBACK_ORDER = (Move.ADVANCE_PHASE, Move.NEXT_QUESTION, Move.WRAP_UP, Move.PROBE, Move.CLARIFY)


def legal(reply: InterviewerReply, moves: list[Move]) -> InterviewerReply:
    """An interviewer that picks a move the engine did not allow gets the closest legal one."""
    if reply.move in moves:
        return reply
    for fallback in _FALLBACK_ORDER:
        if fallback in moves:
            return reply.model_copy(update={"move": fallback, "follow_up_id": None})
    return reply.model_copy(update={"move": moves[0]})
