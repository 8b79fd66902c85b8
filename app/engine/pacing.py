"""Deadlines, computed from state, plan and now. Pure: no clock, no I/O, no side effects.

Both the forced moves (policy) and every status bar read these, so the TUI, the CLI and the engine
can never disagree about how much time is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import WORKSPACE_ROUNDS, Phase, RoundKind
from app.domain.formats import FORMATS
from app.domain.transcript import RoundPlan
from app.engine import coding_pacing
from app.engine.state import SCOPING_PHASES, RoundProgress


@dataclass(frozen=True)
class Scoping:
    """The system-design requirements + high-level window and its nudge / hard-move marks."""

    spent_s: float
    nudge_s: float
    limit_s: float
    active: bool


@dataclass(frozen=True)
class Deadlines:
    """Absolute interview times (seconds of active time) at which budgets run out."""

    now: float
    round_ends_at: float
    closing_starts_at: float
    question_started_at: float | None
    question_ends_at: float | None
    phase_ends_at: float | None
    scoping: Scoping | None
    scoping_limit_at: float | None
    scoping_nudge_at: float | None

    @property
    def round_left_s(self) -> float:
        return self.round_ends_at - self.now

    @property
    def in_closing_window(self) -> bool:
        return self.now >= self.closing_starts_at


def scale(rp: RoundPlan) -> float:
    return FORMATS[rp.kind].scale(rp.minutes)


def closing_budget_s(rp: RoundPlan) -> float:
    return FORMATS[rp.kind].closing_minutes * scale(rp) * 60


def scoping_limits_s(rp: RoundPlan) -> tuple[float, float] | None:
    """(nudge, hard move) in seconds for the system-design scoping window, scaled."""
    fmt = FORMATS[rp.kind]
    if rp.kind is not RoundKind.SYSTEM_DESIGN:
        return None
    assert fmt.scoping_nudge_minutes is not None and fmt.scoping_limit_minutes is not None
    k = scale(rp)
    return fmt.scoping_nudge_minutes * k * 60, fmt.scoping_limit_minutes * k * 60


def phase_budget_s(rp: RoundPlan, phase: Phase) -> float | None:
    budget = FORMATS[rp.kind].phase_budget(phase)
    return None if budget is None else budget.minutes * scale(rp) * 60


def deadlines(r: RoundProgress, rp: RoundPlan, now: float) -> Deadlines:
    round_ends_at = r.started_at + rp.minutes * 60
    q = r.current
    limits = scoping_limits_s(rp)
    scoping: Scoping | None = None
    nudge_at = limit_at = None
    if limits is not None and r.questions:
        first = r.questions[0].started_at
        nudge_at, limit_at = first + limits[0], first + limits[1]
        end = r.scoping_ended_at
        if end is None:
            end = r.ended_at if r.ended and r.ended_at is not None else now
        scoping = Scoping(
            max(0.0, end - first), limits[0], limits[1], r.scoping_ended_at is None and not r.ended
        )
    question_ends_at = None
    phase_ends_at = None
    if q is not None and not q.closing and rp.kind is not RoundKind.SYSTEM_DESIGN:
        question_ends_at = q.started_at + FORMATS[rp.kind].question_budget_s(rp.minutes)
    if rp.kind in WORKSPACE_ROUNDS:
        phase_ends_at = coding_pacing.phase_ends_at(r, rp)
    if rp.kind is RoundKind.SYSTEM_DESIGN and r.phase not in SCOPING_PHASES:
        budget = phase_budget_s(rp, r.phase)
        phase_ends_at = None if budget is None else r.phase_started_at + budget
    return Deadlines(
        now=now,
        round_ends_at=round_ends_at,
        closing_starts_at=round_ends_at - closing_budget_s(rp),
        question_started_at=q.started_at if q is not None else None,
        question_ends_at=question_ends_at,
        phase_ends_at=phase_ends_at,
        scoping=scoping,
        scoping_limit_at=limit_at,
        scoping_nudge_at=nudge_at,
    )
