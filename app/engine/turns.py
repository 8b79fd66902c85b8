"""Building transcript turns: where a line goes (round, phase, question) when the caller does not
say, and the late answer kept against the question it was written for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict

from app.domain.bank import FollowUp
from app.domain.coding import RunReport
from app.domain.enums import Phase, Role, TurnKind
from app.domain.script_report import ScriptReport
from app.domain.transcript import Turn
from app.engine.state import SessionState
from app.engine.view import QuestionRef


class Where(TypedDict, total=False):
    phase: Phase | None
    question_id: str | None
    follow_up: FollowUp | None
    criterion: str | None
    facts: Sequence[str]
    round_index: int | None
    run: RunReport | None
    script: ScriptReport | None


def make(
    state: SessionState,
    role: Role,
    kind: TurnKind,
    text: str,
    *,
    at_s: float,
    created_at: datetime,
    phase: Phase | None = None,
    question_id: str | None = None,
    follow_up: FollowUp | None = None,
    criterion: str | None = None,
    facts: Sequence[str] = (),
    round_index: int | None = None,
    run: RunReport | None = None,
    script: ScriptReport | None = None,
) -> Turn:
    """A turn in the current round, phase and question unless told otherwise."""
    r = state.round
    q = r.current if r else None
    if question_id is None and q is not None and kind is not TurnKind.ROUND_END:
        question_id = q.question_id
    if round_index is None or phase is None:
        assert r is not None, "a turn outside any round needs its round and phase"
        round_index = r.index if round_index is None else round_index
        phase = phase or r.phase
    return Turn(
        seq=state.next_seq,
        round_index=round_index,
        role=role,
        kind=kind,
        text=text,
        phase=phase,
        question_id=None if kind is TurnKind.ROUND_START else question_id,
        follow_up_id=follow_up.id if follow_up else None,
        criterion=follow_up.criterion if follow_up else criterion,
        facts=list(facts),
        at_s=round(at_s, 3),
        created_at=created_at,
        run=run,
        script=script,
    )


def late(
    state: SessionState, text: str, on: QuestionRef, *, at_s: float, created_at: datetime
) -> Turn:
    """The candidate's answer to `on`, arrived after that question closed: stored against it,
    in the phase its exchange ended in, as a LATE_ANSWER (kept, shown, not scored)."""
    prior = state.question_turns(on.round_index, on.question_id)
    return Turn(
        seq=state.next_seq,
        round_index=on.round_index,
        role=Role.CANDIDATE,
        kind=TurnKind.LATE_ANSWER,
        text=text,
        phase=prior[-1].phase if prior else Phase.QUESTIONS,
        question_id=on.question_id,
        at_s=round(at_s, 3),
        created_at=created_at,
    )
