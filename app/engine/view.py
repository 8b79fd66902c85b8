"""The one read-only picture of an engine that drivers render: an immutable snapshot.

The TUI's status bar, the CLI's prompt and tests all read this and nothing else, so no driver
recomputes pacing or reaches into engine state.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import WORKSPACE_ROUNDS, Mode, Phase, RoundKind
from app.domain.labels import ROUND_TITLES
from app.domain.transcript import SessionPlan
from app.engine.pacing import Deadlines, Scoping, deadlines
from app.engine.state import SCOPING_PHASES, SessionState


@dataclass(frozen=True)
class QuestionRef:
    """Which question an answer is aimed at: the n-th question asked in a round."""

    round_index: int
    number: int
    question_id: str


@dataclass(frozen=True)
class RoundView:
    index: int
    kind: RoundKind
    title: str
    minutes: int
    count: int
    phase: Phase
    ended: bool
    question_number: int
    question_count: int
    round_left_s: float
    segment_label: str
    segment_left_s: float | None
    scoping: Scoping | None
    deadlines: Deadlines


@dataclass(frozen=True)
class EngineView:
    session_id: str
    mode: Mode
    plan: SessionPlan
    elapsed_s: float
    paused: bool
    finished: bool
    awaiting_answer: bool
    between_rounds: bool
    question: QuestionRef | None
    closing_question: bool
    round: RoundView | None


def snapshot(
    *,
    session_id: str,
    mode: Mode,
    plan: SessionPlan,
    state: SessionState,
    now: float,
    paused: bool,
) -> EngineView:
    r = state.round
    q = r.current if r else None
    ref = question_ref(state)
    return EngineView(
        session_id=session_id,
        mode=mode,
        plan=plan,
        elapsed_s=now,
        paused=paused,
        finished=state.finished,
        awaiting_answer=bool(not state.finished and r and not r.ended and q is not None),
        between_rounds=bool(not state.finished and r and r.ended),
        question=ref,
        closing_question=bool(q and q.closing),
        round=_round_view(plan, state, now),
    )


def question_ref(state: SessionState) -> QuestionRef | None:
    """The open question, as `EngineView.question` names it: what `submit` checks an answer
    against, without building the whole snapshot on every turn."""
    r = state.round
    q = r.current if r else None
    return QuestionRef(r.index, len(r.questions), q.question_id) if r and q else None


def _round_view(plan: SessionPlan, state: SessionState, now: float) -> RoundView | None:
    r = state.round
    if r is None:
        return None
    rp = plan.rounds[r.index]
    d = deadlines(r, rp, now)
    q = r.current
    label, left = "question", None
    if q is not None and not r.ended:
        if rp.kind in WORKSPACE_ROUNDS and d.phase_ends_at is not None:
            label, left = "phase", d.phase_ends_at - now
        elif rp.kind is RoundKind.SYSTEM_DESIGN:
            if r.phase in SCOPING_PHASES and d.scoping_limit_at is not None:
                label, left = "to deep dive", d.scoping_limit_at - now
            else:
                label = "phase"
                left = None if d.phase_ends_at is None else d.phase_ends_at - now
        elif d.question_ends_at is not None:
            left = d.question_ends_at - now
    return RoundView(
        index=r.index,
        kind=rp.kind,
        title=ROUND_TITLES[rp.kind],
        minutes=rp.minutes,
        count=len(plan.rounds),
        phase=r.phase,
        ended=r.ended,
        question_number=max(1, min(r.planned_asked, len(rp.question_ids))),
        question_count=len(rp.question_ids),
        round_left_s=0.0 if r.ended else max(0.0, d.round_left_s),
        segment_label=label,
        segment_left_s=left,
        scoping=d.scoping,
        deadlines=d,
    )
