"""Build an engine over the mini bank with a fake clock and a recording sink."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.bank import Bank
from app.domain.events import EventSink
from app.domain.transcript import RoundPlan, SessionPlan, Turn
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.interviewer.base import Interviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.base import Judge
from app.judge.offline import OfflineJudge


def plan_of(*rounds: RoundPlan, level: str = "senior") -> SessionPlan:
    return SessionPlan(rounds=list(rounds), target_level=level)


def make_engine(
    bank: Bank,
    plan: SessionPlan,
    sink: EventSink,
    *,
    clock: FakeClock | None = None,
    history: Sequence[Turn] = (),
    interviewer: Interviewer | None = None,
    judge: Judge | None = None,
    session_id: str = "s-test",
) -> tuple[InterviewEngine, FakeClock]:
    clock = clock or FakeClock()
    engine = InterviewEngine(
        session_id=session_id,
        plan=plan,
        bank=bank,
        interviewer=interviewer or OfflineInterviewer(),
        judge=judge or OfflineJudge(),
        clock=clock,
        sink=sink,
        history=history,
    )
    return engine, clock
